export * from './tier-actions';
export * from './tier-dashboard.query';
export * from './tier-queue.page';
export * from './tier-ticket.page';
