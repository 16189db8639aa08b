export * from './messages.js';
export * from './codec.js';
export * from './watchlist.js';
export {
  engineViewSchema,
  engineEventSchema,
  logRecordSchema,
  snapshotResultSchema,
  commandResultSchema,
  pingResultSchema,
} from './schemas.js';
