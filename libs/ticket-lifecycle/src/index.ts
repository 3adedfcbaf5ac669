export * from './ticket-lifecycle';
export * from './ownership';
export * from './requester-actions';
export * from './priority-matrix';
