// Where an engine with this configuration keeps its trading state. With no broker configured the
// engine trades the built-in simulator, whose state lives apart (in `sim/`) so that simulated trades
// never mix with paper or live records.
import { join } from 'node:path';
import type { AppConfig } from '../../domain/config.js';

export function engineStateDir(config: Pick<AppConfig, 'stateDir' | 'openalgo'>): string {
  return config.openalgo.host === '' ? join(config.stateDir, 'sim') : config.stateDir;
}
