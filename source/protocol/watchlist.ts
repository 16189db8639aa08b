// The watchlist a front-end is sent. The engine's view has one row per symbol (2,000 on a full NSE list),
// which made every 10 Hz state ~190 KiB and cost the TUI ~10 ms to decode while events queued behind it.
// No front-end shows more than a screen or two of rows, so the bus sends the rows that matter most:
// held symbols first, then the most advanced setups, then the rest in engine order, capped at maxRows.
import type { EngineView, WatchRow } from '../domain/view.js';

/** Default cap on watchlist rows in a `state` message and a `snapshot` result. */
export const MAX_WATCH_ROWS = 200;

function rank(r: WatchRow): number {
  if (r.held) return 3;
  if (r.setup && r.setup.total > 0) return 1 + r.setup.met / r.setup.total; // 1..2
  return 0;
}

/** The rows to send, in the engine's order; `rows` itself when it already fits. */
export function selectWatchRows(rows: readonly WatchRow[], maxRows: number): readonly WatchRow[] {
  if (rows.length <= maxRows) return rows;
  if (maxRows <= 0) return [];
  const order = rows.map((_, i) => i);
  const score = rows.map(rank);
  order.sort((a, b) => score[b]! - score[a]! || a - b);
  const keep = order.slice(0, maxRows).sort((a, b) => a - b);
  return keep.map((i) => rows[i]!);
}

/** The view as the bus sends it: the same object when the watchlist fits, else a shallow copy with fewer rows. */
export function viewForWire(view: EngineView, maxRows: number = MAX_WATCH_ROWS): EngineView {
  const rows = selectWatchRows(view.watchlist, maxRows);
  return rows === view.watchlist ? view : { ...view, watchlist: rows };
}
