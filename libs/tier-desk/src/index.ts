export * from './http/command-result.view';
export * from './http/tier-queue.query';
export * from './http/tier.views';
export * from './read-model/tier.entities';
export * from './read-model/tier.migrations';
export * from './read-model/tier.projection';
export * from './read-model/tier.queries';
export * from './dashboard';
