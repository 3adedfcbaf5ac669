/** Another command already took this ticket's next sequence number: reload and try again. */
export class SequenceConflictError extends Error {
  override readonly name = 'SequenceConflictError';
  constructor(readonly ticketId: string) {
    super(`ticket ${ticketId} changed concurrently; reload it and try again`);
  }
}
