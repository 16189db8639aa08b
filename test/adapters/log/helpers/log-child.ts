// Child process: logs a few records with stdout chosen the way the engine chooses it.
import { createLogger, stdoutFormatFor } from '../../../../source/adapters/log/logger.js';
import { ManualClock } from '../../../../source/engine/manual-clock.js';
import { istInstant } from '../../../../source/domain/time.js';

const [dir] = process.argv.slice(2);
const secret = process.env.TEST_SECRET ?? '';
const clock = new ManualClock(istInstant('2026-11-21', '09:20:01') + 123);
const log = createLogger({ stateDir: dir ?? null, level: 'info', clock, stdout: stdoutFormatFor(process.stdout), secrets: [secret] });
log.info('entry filled', { symbol: 'SBIN', qty: 180 });
log.warn(`connecting to ws://127.0.0.1:8765?apikey=${secret}`);
log.error('order failed', { apiKey: secret, error: new Error(`401 for key ${secret}`) });
log.debug('hidden at info');
await log.close();
