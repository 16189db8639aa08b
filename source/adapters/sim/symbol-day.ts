// Running one symbol's session minute by minute (day-path.ts) without keeping its seconds: the
// minute rows are written out, each minute is handed to a sink (the index sum, the quote prefix) and,
// for the live day, the cursor at each minute's start is kept so any minute can be regenerated.
import { writeMinuteRow } from './bar-builder.js';
import { pathMinute, type DayPathInput, type PathCursor } from './day-path.js';
import { driftPath } from './regimes.js';
import { SESSION_MINUTES, SESSION_SECONDS } from './session-shape.js';

/** The cursor at the start of every minute: generator state (4 words) and [noise, last price]. */
export interface MinuteCheckpoints {
  readonly rng: Uint32Array;
  readonly pos: Float64Array;
}

export type MinuteSink = (m: number, price: Float64Array, qty: Float64Array) => void;

export function newCheckpoints(): MinuteCheckpoints {
  return { rng: new Uint32Array(SESSION_MINUTES * 4), pos: new Float64Array(SESSION_MINUTES * 2) };
}

const price60 = new Float64Array(60);
const qty60 = new Float64Array(60);
const drift = new Float64Array(SESSION_SECONDS);

/** Generates the whole session into `rows` (1m OHLCV rows), calling `sink` after each minute. */
export function runSymbolDay(input: DayPathInput, rows: Float64Array, sink?: MinuteSink, checkpoints?: MinuteCheckpoints): void {
  const cursor: PathCursor = { noise: 0, last: input.open };
  drift.fill(0);
  driftPath(input.regime, drift);
  for (let m = 0; m < SESSION_MINUTES; m++) {
    if (checkpoints) {
      input.rng.saveState(checkpoints.rng, m * 4);
      checkpoints.pos[m * 2] = cursor.noise;
      checkpoints.pos[m * 2 + 1] = cursor.last;
    }
    pathMinute(input, cursor, m, price60, qty60, drift);
    writeMinuteRow(price60, qty60, false, rows, m);
    sink?.(m, price60, qty60);
  }
}

/** Regenerates minute `m` from its checkpoint into `price`/`qty` (60 seconds each). */
export function replayMinute(input: DayPathInput, checkpoints: MinuteCheckpoints, m: number, price: Float64Array, qty: Float64Array): void {
  input.rng.loadState(checkpoints.rng, m * 4);
  const cursor: PathCursor = { noise: checkpoints.pos[m * 2] ?? 0, last: checkpoints.pos[m * 2 + 1] ?? input.open };
  pathMinute(input, cursor, m, price, qty);
}
