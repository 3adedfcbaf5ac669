export * from './business-calendar';
export * from './service-level-policy';
export * from './service-level-timer';
export * from './service-level-check';
