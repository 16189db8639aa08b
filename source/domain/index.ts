export * from './time.js';
export * from './money.js';
export * from './market.js';
export * from './trading.js';
export * from './features.js';
export * from './view.js';
export type * from './config.js';
export * from './charges.js';
