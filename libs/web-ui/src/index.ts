export * from './html';
export * from './page';
export * from './components';
export * from './web-assets.controller';
export * from './ticket-view';
