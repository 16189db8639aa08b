// The market of `algo-tui engine --replay DIR`: the layout's bars (openBarSource) for the chosen days,
// a manual clock starting where the backtest's starts (REPLAY_LEAD_MS before the first open), warm-up
// history from the days before (BarHistory, as of that instant) and the bar replay feed. The same
// three pieces the backtest wires, so the engine sees the same market.
import type { IsoDate } from '../../domain/time.js';
import type { Logger } from '../../ports/logger.js';
import type { SessionCalendar } from '../../calendar/index.js';
import { ManualClock } from '../../engine/manual-clock.js';
import { BarReplayFeed } from '../../adapters/bars/bar-replay-feed.js';
import { BarHistory } from '../../adapters/bars/layout-history.js';
import { layoutDates } from '../../adapters/bars/layout-source.js';
import { openBarSource } from '../../adapters/bars/open-bar-source.js';
import { REPLAY_LEAD_MS } from './replay-driver.js';

export interface ReplayRequest {
  readonly dir: string;
  /** First and last IST date to play; default the layout's first and last date. */
  readonly from?: IsoDate;
  readonly to?: IsoDate;
  /** Clock ms per wall ms; undefined plays as fast as the engine goes. */
  readonly speed?: number;
}

export interface ReplayMarket {
  readonly clock: ManualClock;
  readonly feed: BarReplayFeed;
  readonly history: BarHistory;
  readonly days: readonly IsoDate[];
  readonly describe: string;
}

export function openReplayMarket(o: { request: ReplayRequest; symbols: readonly string[]; calendar: SessionCalendar; logger: Logger }): ReplayMarket {
  const { request: r, calendar, logger } = o;
  const all = layoutDates(r.dir);
  const from = r.from ?? all[0];
  const to = r.to ?? all[all.length - 1];
  if (from === undefined || to === undefined) throw new Error(`--replay ${r.dir}: no date directories (YYYY-MM-DD) in it; see docs/backtest.md`);
  const opened = openBarSource({ data: r.dir, symbols: o.symbols, from, to, calendar });
  if (opened.days.length === 0) throw new Error(`--replay ${r.dir}: no trading day with data from ${from} to ${to}`);
  if (opened.absent.length > 0) logger.warn(`replay: ${opened.absent.length} trading day(s) without data are passed over`, { days: opened.absent.join(',') });
  if (opened.notTrading.length > 0) logger.warn(`replay: ${opened.notTrading.length} date(s) in the data are not trading days and are skipped`, { days: opened.notTrading.join(',') });
  const first = opened.days[0] as IsoDate;
  const open = calendar.sessionTimes(first)?.open;
  if (open === undefined) throw new Error(`replay: no session on ${first}`);
  // A paced replay reports its pace, so the console shows ×speed like the simulator's.
  const clock = new ManualClock(open - REPLAY_LEAD_MS, r.speed === undefined ? {} : { speed: r.speed });
  const feed = new BarReplayFeed({ source: opened.source, dates: opened.days, clock, logger });
  const history = new BarHistory({ source: opened.source, asOf: clock.now(), sessionOpen: (d) => calendar.sessionTimes(d)?.open ?? null });
  const last = opened.days[opened.days.length - 1] as IsoDate;
  const pace = r.speed === undefined ? 'full speed' : `×${r.speed}`;
  return { clock, feed, history, days: opened.days, describe: `replay of ${r.dir} (${opened.days.length} days, ${first} to ${last}, ${pace})` };
}
