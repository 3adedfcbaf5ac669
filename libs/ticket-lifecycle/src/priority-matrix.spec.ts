import { ITIL_PRIORITY_MATRIX, parsePriorityMatrix, priorityOf } from './priority-matrix';

describe('priority matrix', () => {
  it('follows the ITIL matrix by default', () => {
    expect(priorityOf('high', 'high')).toBe('P1');
    expect(priorityOf('medium', 'high')).toBe('P2');
    expect(priorityOf('low', 'low')).toBe('P4');
  });

  it("takes a deployment's own cells and keeps the rest", () => {
    const matrix = parsePriorityMatrix('{"high":{"medium":"P1"}}');
    expect(priorityOf('high', 'medium', matrix)).toBe('P1');
    expect(priorityOf('low', 'high', matrix)).toBe(ITIL_PRIORITY_MATRIX.low.high);
    expect(parsePriorityMatrix(undefined)).toBe(ITIL_PRIORITY_MATRIX);
  });

  it('refuses what is not a JSON object', () => {
    expect(() => parsePriorityMatrix('{oops')).toThrow(/PRIORITY_MATRIX must be JSON/);
    expect(() => parsePriorityMatrix('[]')).toThrow(/must be a JSON object/);
    expect(() => parsePriorityMatrix('null')).toThrow(/must be a JSON object/);
  });

  it('names the cell that is wrong', () => {
    expect(() => parsePriorityMatrix('{"low":{"high":"urgent"}}')).toThrow(
      'PRIORITY_MATRIX low/high must be P1..P4, got "urgent"',
    );
  });
});
