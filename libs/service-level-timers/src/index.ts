export * from './service-level-timers.module';
export * from './service-level-timers.table';
export * from './service-level-timer.store';
export * from './service-level-watch';
export * from './service-level.settings';
