export type * from './clock.js';
export * from './logger.js';
export type * from './feed.js';
export type * from './broker.js';
export * from './store.js';
export * from './publisher.js';
export type * from './control.js';
