import { Provider } from '@nestjs/common';
import { PriorityMatrix, parsePriorityMatrix } from '@helpdesk/ticket-lifecycle';

/** The deployment's impact × urgency matrix (PRIORITY_MATRIX), read once at start. */
export const PRIORITY_MATRIX = Symbol('PRIORITY_MATRIX');

export const priorityMatrixProvider: Provider<PriorityMatrix> = {
  provide: PRIORITY_MATRIX,
  useFactory: () => readPriorityMatrix(process.env['PRIORITY_MATRIX']),
};

/** A wrong matrix stops the service with a message that names the variable. */
export function readPriorityMatrix(json: string | undefined): PriorityMatrix {
  try {
    return parsePriorityMatrix(json);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      message.startsWith('PRIORITY_MATRIX')
        ? message
        : `PRIORITY_MATRIX must be a JSON object of impact → urgency → P1..P4: ${message}`,
    );
  }
}
