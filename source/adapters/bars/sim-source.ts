// A BarSource over the simulated market's history for a seed: the same model the embedded simulator
// runs (adapters/sim/market-model.ts), with its last session set to the period's last trading day and
// enough sessions before it for warm-up. Deterministic: same seed, symbols and dates → same bars.
// The model keeps its whole window in memory (a few hundred KB per session), unlike the layout source;
// for long periods write the data once to a layout directory (bench/backtest.mjs does).
import { addDays, type IsoDate } from '../../domain/time.js';
import { WARM_UP_INTRADAY_SESSIONS } from '../../ports/feed.js';
import { createMarketModel, type MarketModel } from '../sim/market-model.js';
import { previousTradingDays, type TradingDayRule } from '../sim/trading-days.js';
import { INDEX_SYMBOL, sortDay, type BarSource, type DayBars, type MinuteBar } from './bar-source.js';

export interface SimSourceOptions {
  readonly seed: number;
  /** Equity symbols; NIFTY is always produced as well (the model computes it from its constituents). */
  readonly symbols: readonly string[];
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly isTradingDay: TradingDayRule;
  /** Sessions before `from` with intraday bars (default: what warm-up asks for, WARM_UP_INTRADAY_SESSIONS). */
  readonly warmUpSessions?: number;
  /** Sessions before `from` with daily bars (warm-up asks for 60 calendar days: ~42 sessions). */
  readonly dailySessions?: number;
}

/** The simulated market's bars; `days` are the model's sessions (history and the period). */
export class SimBarSource implements BarSource {
  readonly describe: string;
  readonly model: MarketModel;
  private readonly equities: string[];
  private readonly intradayFrom: IsoDate;

  constructor(o: SimSourceOptions) {
    const last = o.isTradingDay(o.to) ? o.to : (previousTradingDays(o.to, 1, o.isTradingDay)[0] as IsoDate);
    if (last < o.from) throw new Error(`no trading day between ${o.from} and ${o.to}`);
    const period = countSessions(o.from, last, o.isTradingDay);
    const warm = o.warmUpSessions ?? WARM_UP_INTRADAY_SESSIONS;
    const daily = Math.max(o.dailySessions ?? 45, warm);
    this.equities = o.symbols.filter((s) => s !== INDEX_SYMBOL);
    this.model = createMarketModel({
      seed: o.seed,
      symbols: this.equities,
      date: last,
      isTradingDay: o.isTradingDay,
      historySessions: period - 1 + daily,
      intradaySessions: period + warm,
    });
    const days = this.model.days;
    this.intradayFrom = days[Math.max(0, days.length - period - warm)] as IsoDate;
    this.describe = `simulated market, seed ${o.seed}`;
  }

  dates(): readonly IsoDate[] {
    return this.model.days.filter((d) => d >= this.intradayFrom);
  }

  async loadDay(date: IsoDate): Promise<DayBars> {
    if (!this.model.days.includes(date) || date < this.intradayFrom) {
      return { date, bars: [], errors: [], missing: [...this.equities, INDEX_SYMBOL] };
    }
    const lists: MinuteBar[][] = [];
    for (const symbol of [...this.equities, INDEX_SYMBOL]) {
      const out: MinuteBar[] = [];
      for (const b of this.model.history(symbol, '1m', date, date)) {
        // A minute without a trade has no open: the layout has no row for it either.
        if (!(b.open > 0) || !(b.close > 0)) continue;
        out.push({ symbol, ts: b.start, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume });
      }
      lists.push(out);
    }
    return { date, bars: sortDay(lists), errors: [], missing: [] };
  }
}

function countSessions(from: IsoDate, to: IsoDate, isTradingDay: TradingDayRule): number {
  let n = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) if (isTradingDay(d)) n++;
  return n;
}
