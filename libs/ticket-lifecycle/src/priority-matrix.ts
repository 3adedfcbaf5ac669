import { Impact, Priority, PrioritySchema, Urgency } from '@helpdesk/ticket-events';

/** Impact × urgency → priority: the ITIL matrix. Rows are impact, columns urgency. */
export type PriorityMatrix = Readonly<Record<Impact, Readonly<Record<Urgency, Priority>>>>;

export const ITIL_PRIORITY_MATRIX: PriorityMatrix = {
  high: { high: 'P1', medium: 'P2', low: 'P3' },
  medium: { high: 'P2', medium: 'P3', low: 'P4' },
  low: { high: 'P3', medium: 'P4', low: 'P4' },
};

export function priorityOf(
  impact: Impact,
  urgency: Urgency,
  matrix: PriorityMatrix = ITIL_PRIORITY_MATRIX,
): Priority {
  return matrix[impact][urgency];
}

/**
 * Reads a deployment's own matrix from JSON (`PRIORITY_MATRIX`), e.g.
 * `{"high":{"high":"P1","medium":"P1","low":"P2"},...}`; a cell left out keeps the ITIL value.
 */
export function parsePriorityMatrix(json: string | undefined): PriorityMatrix {
  if (!json) return ITIL_PRIORITY_MATRIX;
  let given: unknown;
  try {
    given = JSON.parse(json);
  } catch {
    throw new Error('PRIORITY_MATRIX must be JSON: {"high":{"high":"P1",...},...}');
  }
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new Error('PRIORITY_MATRIX must be a JSON object of impact → urgency → priority');
  }
  const rows = given as Record<string, Record<string, unknown> | undefined>;
  const levels = ['high', 'medium', 'low'] as const;
  const matrix = Object.fromEntries(
    levels.map((impact) => [
      impact,
      Object.fromEntries(
        levels.map((urgency) => {
          const cell = rows[impact]?.[urgency] ?? ITIL_PRIORITY_MATRIX[impact][urgency];
          const priority = PrioritySchema.safeParse(cell);
          if (!priority.success) {
            throw new Error(
              `PRIORITY_MATRIX ${impact}/${urgency} must be P1..P4, got ${JSON.stringify(cell)}`,
            );
          }
          return [urgency, priority.data];
        }),
      ),
    ]),
  );
  return matrix as unknown as PriorityMatrix;
}
