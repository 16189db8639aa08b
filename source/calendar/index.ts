export * from './holiday-data.js';
export * from './session-calendar.js';
