// The simulated NSE market: a deterministic model of one trading day (the "sim date") for a list of
// equity symbols plus NIFTY, with 45 sessions of history before it. Same seed → same bars and ticks.
// Days are generated on first use, oldest first (each day opens from the previous close), the whole
// universe at a time because NIFTY is a weighted index of the constituents' prices. Nothing keeps a
// symbol's seconds: past sessions keep daily rows (and, for the last INTRADAY_SESSIONS, what it takes
// to regenerate their 1m rows on request); the sim date keeps per-minute checkpoints (today-series.ts).
import type { Bar, Exchange, IntradayTimeframe, Timeframe } from '../../domain/market.js';
import { roundToTick } from '../../domain/money.js';
import { istInstant, type IsoDate } from '../../domain/time.js';
import { foldRows, makeBar, ROW, writeMinuteRow } from './bar-builder.js';
import { baseDailyVolume, basePrice, indexWeight, marketBeta } from './base-prices.js';
import { marketPath, type DayPathInput } from './day-path.js';
import { marketDay, type MarketRegimeName } from './market-regime.js';
import { createRng, type Rng } from './prng.js';
import { assignRegimeNames, buildRegime, GAP_SIGMA, SIGMA_DAY, type Regime, type RegimeName, type VolClass } from './regimes.js';
import { SESSION_MINUTES, SESSION_SECONDS } from './session-shape.js';
import { newCheckpoints, runSymbolDay } from './symbol-day.js';
import { PrefixBuilder, TodaySeries, type TodayIndex, type TodaySymbol } from './today-series.js';
import { previousTradingDays, weekdayRule, type TradingDayRule } from './trading-days.js';

export const INDEX_SYMBOL = 'NIFTY';
export const INDEX_BASE_LEVEL = 24_000;
const HIGH_VOL_SHARE = 0.4;
const HIGH_VOL_INDEX_WEIGHT = 0.35;
/**
 * Index weight of the rest of NIFTY (the constituents outside the universe), which moves with the
 * market factor alone: a 10-name index would otherwise be mostly idiosyncratic noise.
 */
export const INDEX_REST_WEIGHT = 25;
const REVERSION = 0.1;
/** Share of the market factor's gap from its fair level (market-regime.ts) closed overnight. */
const MARKET_REVERSION = 0.5;
/** Sessions (ending with the sim date) that keep 1m rows; older ones keep only the daily bar. */
const INTRADAY_SESSIONS = 20;
const HISTORY_STEP = 5;
/** Regenerated 1m row sets (one symbol-session each, 15 KB) kept for repeated history requests. */
const HISTORY_CACHE = 512;

export interface MarketModelOptions {
  readonly seed: number;
  readonly symbols: readonly string[];
  readonly date: IsoDate;
  readonly isTradingDay?: TradingDayRule;
  /** Sessions of history before the sim date (default 45: ≥ 30 daily bars over any 45-day window). */
  readonly historySessions?: number;
  /**
   * Sessions (ending with the sim date) that keep what it takes to serve their 1m/5m/15m bars (default 20);
   * a backtest over the simulated market asks for its whole period plus warm-up.
   */
  readonly intradaySessions?: number;
}

/** The market as seen at an instant of the sim date (what a quote or a tick reports). */
export interface SimQuote {
  readonly symbol: string;
  readonly exchange: Exchange;
  readonly ltp: number;
  /** Epoch ms of the last trade at or before the instant. */
  readonly ltt: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly prevClose: number;
  readonly volume: number;
  readonly lastQty: number;
  readonly averagePrice: number;
  readonly totalBuyQty: number;
  readonly totalSellQty: number;
}

export interface SymbolProfile {
  readonly symbol: string;
  readonly volClass: VolClass;
  readonly basePrice: number;
  readonly baseVolume: number;
  readonly weight: number;
  /** Sensitivity to the common market factor (market-regime.ts). */
  readonly beta: number;
}

/** What regenerating a past session's 1m rows takes (the last INTRADAY_SESSIONS sessions only). */
interface IntradayDay {
  /** Each equity's opening price. */
  readonly opens: Float64Array;
  /** The market factor's path (one value per second). */
  readonly market: Float64Array;
  /** NIFTY's 1m rows: a sum over every constituent, so kept rather than regenerated. */
  readonly indexRows: Float64Array;
}

interface DayRecord {
  readonly date: IsoDate;
  readonly openMs: number;
  readonly prevClose: Float64Array;
  readonly daily: Float64Array;
  readonly regimes: RegimeName[];
  readonly market: MarketRegimeName;
  /** Null for the sim date (see TodaySeries) and for sessions older than INTRADAY_SESSIONS. */
  readonly intraday: IntradayDay | null;
}

export interface MarketModel {
  readonly seed: number;
  readonly date: IsoDate;
  readonly symbols: readonly string[];
  /** 09:15:00 IST of the sim date (epoch ms). */
  readonly sessionOpen: number;
  /** 15:30:00 IST of the sim date (epoch ms): no trade at or after it. */
  readonly sessionClose: number;
  /** Sessions the model covers, oldest first; the last one is the sim date. */
  readonly days: readonly IsoDate[];
  has(symbol: string): boolean;
  exchangeOf(symbol: string): Exchange;
  profile(symbol: string): SymbolProfile;
  regime(symbol: string, date?: IsoDate): RegimeName | null;
  /** The market-wide regime of a session (up-trend, down-trend or range); null outside the window. */
  marketRegime(date?: IsoDate): MarketRegimeName | null;
  /**
   * Bars with start dates in [fromDate, toDate] (inclusive IST dates). On the sim date only bars
   * complete at `asOf` are returned (the daily bar once the session has closed); without `asOf`, all.
   */
  history(symbol: string, interval: Timeframe, fromDate: IsoDate, toDate: IsoDate, asOf?: number): Bar[];
  quoteAt(symbol: string, ms: number): SimQuote;
  priceAt(symbol: string, ms: number): number;
  /** The rest of the index (outside the universe) at an instant of the sim date, relative to its base (1 = base). */
  restOfIndexAt(ms: number): number;
  /** Trade instants (epoch ms) of the sim date in [fromMs, toMs), ascending. NIFTY updates every second. */
  tradesBetween(symbol: string, fromMs: number, toMs: number): number[];
}

export function createMarketModel(options: MarketModelOptions): MarketModel {
  const { seed, date } = options;
  const symbols = [...new Set(options.symbols.map((s) => s.trim().toUpperCase()).filter((s) => s && s !== INDEX_SYMBOL))];
  if (symbols.length === 0) throw new Error('the simulated market needs at least one equity symbol');
  const isTradingDay = options.isTradingDay ?? weekdayRule;
  const days = [...previousTradingDays(date, options.historySessions ?? 45, isTradingDay), date];
  const names = [...symbols, INDEX_SYMBOL];
  const indexOf = new Map(names.map((s, i) => [s, i]));
  const nIdx = symbols.length;

  const rank = new Map(createRng(`${seed}|classes`).shuffle(symbols).map((sym, k) => [sym, k]));
  const highCount = symbols.length < 2 ? 0 : Math.max(1, Math.round(symbols.length * HIGH_VOL_SHARE));
  const profiles = symbols.map<SymbolProfile>((symbol) => {
    const volClass = (rank.get(symbol) ?? 0) < highCount ? 'high' : 'low';
    // Volatile names weigh little in the index, as on NSE: their own swings would otherwise drown the
    // market factor in a 10-name NIFTY and the 15m trend filter would never see a trend.
    const weight = indexWeight(symbol) * (volClass === 'high' ? HIGH_VOL_INDEX_WEIGHT : 1);
    return { symbol, volClass, basePrice: basePrice(symbol), baseVolume: baseDailyVolume(symbol), weight, beta: marketBeta(symbol, volClass) };
  });
  const totalWeight = profiles.reduce((a, p) => a + p.weight, 0);
  const betaWeight = profiles.reduce((a, p) => a + p.weight * p.beta, 0);
  /** The index's open-to-close move implied by the symbols' regime drifts, in market-factor units. */
  const indexLean = (built: readonly Regime[]): number =>
    built.reduce((a, r, i) => a + (profiles[i] as SymbolProfile).weight * (r.keypoints.at(-1)?.[1] ?? 0), 0) / betaWeight;
  const factors = Float64Array.from(profiles, (p) => p.weight / p.basePrice);

  let records: DayRecord[] | null = null;
  let today: TodaySeries | null = null;
  const restToday = new Float64Array(SESSION_SECONDS);

  const dayInput = (rng: Rng, p: SymbolProfile, regime: Regime, open: number, market: Float64Array, step: number): DayPathInput => ({
    rng, open, regime, market,
    sigmaDay: SIGMA_DAY[p.volClass],
    dayVolume: p.baseVolume * regime.volumeFactor,
    beta: p.beta,
    tradeProbability: 0.8,
    step,
  });

  function generate(): DayRecord[] {
    const out: DayRecord[] = [];
    const scratchMarket = new Float64Array(SESSION_SECONDS);
    const scratchRows = new Float64Array(SESSION_MINUTES * ROW);
    const indexPrice = new Float64Array(SESSION_SECONDS);
    const zeroQty = new Float64Array(60);
    // NIFTY's weighted sum per second: the rest of the index first, then each constituent in order.
    const sum = new Float64Array(SESSION_SECONDS);
    let prev = Float64Array.from([...profiles.map((p) => p.basePrice), INDEX_BASE_LEVEL]);
    // Log level of the market factor at the last close (0 = the index base level).
    let level = 0;
    let prevLean = 0;
    for (const [dayNo, d] of days.entries()) {
      const isSimDate = d === date;
      const keep = dayNo >= days.length - (options.intradaySessions ?? INTRADAY_SESSIONS);
      const step = isSimDate ? 1 : HISTORY_STEP;
      const regimeRng = createRng(`${seed}|regimes|${d}`);
      const regimes: RegimeName[] = [];
      for (const cls of ['low', 'high'] as const) {
        const members = profiles.map((p, i) => (p.volClass === cls ? i : -1)).filter((i) => i >= 0);
        assignRegimeNames(regimeRng, cls, members.length).forEach((name, k) => (regimes[members[k] ?? 0] = name));
      }
      const rngs = profiles.map((p) => createRng(`${seed}|${d}|${p.symbol}`));
      const built = profiles.map((p, i) => buildRegime(rngs[i] as Rng, regimes[i] ?? 'quiet', p.volClass));
      // The strategy-shaped regimes lean up intraday (every day has a breakout-up), and each symbol's
      // overnight pull takes it back: left alone, the index would rise by day and gap down by night,
      // which cancels a down-trend's directional movement. The market factor leans the other way by
      // the index's share of today's lean and gives back yesterday's in the gap.
      const lean = indexLean(built);
      const marketRng = createRng(`${seed}|market|${d}`);
      const plan = marketDay(seed, d, marketRng);
      // The window's first day opens at the fair level; later days close half of any gap from it.
      const pureGap = dayNo === 0 ? plan.anchor : plan.gap + MARKET_REVERSION * (plan.anchor - level);
      const gap = pureGap + prevLean;
      const market = keep ? new Float64Array(SESSION_SECONDS) : scratchMarket;
      marketPath(marketRng, market, plan.drift - lean, plan.sigma);
      prevLean = lean;
      // Constituents only move on step seconds, so the index is computed there and held between. The
      // rest of the index follows the market factor without today's lean compensation.
      const restOpen = level + pureGap;
      for (let s = 0; s < SESSION_SECONDS; s += step) {
        const rest = Math.exp(restOpen + (market[s] ?? 0) + (lean * s) / SESSION_SECONDS);
        if (isSimDate) restToday[s] = rest;
        sum[s] = INDEX_REST_WEIGHT * rest;
      }
      const daily = new Float64Array(names.length * ROW);
      const opens = new Float64Array(nIdx);
      const todaySymbols: TodaySymbol[] = [];
      profiles.forEach((p, i) => {
        const rng = rngs[i] as Rng;
        // The overnight gap carries the market's gap (× beta) and leans the symbol's own part back
        // toward its base price (moved with the market), so 45 sessions of regimes (several of which
        // drift up) keep prices NSE-like.
        const last = prev[i] ?? p.basePrice;
        const pull = -REVERSION * (Math.log(last / p.basePrice) - p.beta * level);
        const open = roundToTick(last * Math.exp(pull + p.beta * gap + GAP_SIGMA[p.volClass] * rng.normal()));
        opens[i] = open;
        const input = dayInput(rng, p, built[i] as Regime, open, market, step);
        const f = factors[i] as number;
        const addToIndex = (m: number, price: Float64Array): void => {
          for (let k = 0; k < 60; k += step) sum[m * 60 + k] = (sum[m * 60 + k] as number) + f * (price[k] as number);
        };
        let rows = scratchRows;
        if (isSimDate) {
          rows = new Float64Array(SESSION_MINUTES * ROW);
          const prefix = new PrefixBuilder(false);
          const checkpoints = newCheckpoints();
          runSymbolDay(input, rows, (m, price, qty) => {
            prefix.minute(m, price, qty);
            addToIndex(m, price);
          }, checkpoints);
          todaySymbols.push({ input, checkpoints, rows, before: prefix.finish() });
        } else {
          runSymbolDay(input, rows, addToIndex);
        }
        daily.set(foldRows(rows, 0, SESSION_MINUTES), i * ROW);
      });
      const idxPrice = isSimDate ? new Float64Array(SESSION_SECONDS) : indexPrice;
      for (let s = 0; s < SESSION_SECONDS; s += step) {
        const value = roundToTick((INDEX_BASE_LEVEL * (sum[s] as number)) / (totalWeight + INDEX_REST_WEIGHT));
        for (let j = s; j < s + step && j < SESSION_SECONDS; j++) idxPrice[j] = value;
      }
      const idxRows = keep ? new Float64Array(SESSION_MINUTES * ROW) : scratchRows;
      const idxPrefix = new PrefixBuilder(true);
      for (let m = 0; m < SESSION_MINUTES; m++) {
        const secs = idxPrice.subarray(m * 60, m * 60 + 60);
        writeMinuteRow(secs, zeroQty, true, idxRows, m);
        if (isSimDate) idxPrefix.minute(m, secs, zeroQty);
      }
      daily.set(foldRows(idxRows, 0, SESSION_MINUTES), nIdx * ROW);
      const intraday = keep && !isSimDate ? { opens, market, indexRows: idxRows } : null;
      out.push({ date: d, openMs: istInstant(d, '09:15'), prevClose: prev, daily, regimes, market: plan.regime, intraday });
      level = restOpen + (market[SESSION_SECONDS - 1] ?? 0) + lean;
      if (isSimDate) {
        const index: TodayIndex = { price: idxPrice, rows: idxRows, before: idxPrefix.finish() };
        today = new TodaySeries(todaySymbols, index, istInstant(date, '09:15'));
      }
      prev = Float64Array.from(names, (_, i) => daily[i * ROW + 3] ?? 0);
    }
    return out;
  }

  const recs = (): DayRecord[] => (records ??= generate());
  const live = (): TodaySeries => {
    recs();
    return today as TodaySeries;
  };
  const idxOf = (symbol: string): number => {
    const i = indexOf.get(symbol.toUpperCase());
    if (i === undefined) throw new Error(`unknown symbol '${symbol}' in the simulated market`);
    return i;
  };

  // Past sessions' 1m rows, regenerated on request by replaying the symbol's generator for that day.
  const rowCache = new Map<number, Float64Array>();
  function pastRows(dayNo: number, i: number): Float64Array | null {
    const rec = recs()[dayNo] as DayRecord;
    if (!rec.intraday) return null;
    if (i === nIdx) return rec.intraday.indexRows;
    const key = dayNo * names.length + i;
    const hit = rowCache.get(key);
    if (hit) {
      rowCache.delete(key);
      rowCache.set(key, hit);
      return hit;
    }
    const p = profiles[i] as SymbolProfile;
    const rng = createRng(`${seed}|${rec.date}|${p.symbol}`);
    const regime = buildRegime(rng, rec.regimes[i] ?? 'quiet', p.volClass);
    rng.normal(); // the overnight gap's draw, as when the day was generated
    const rows = new Float64Array(SESSION_MINUTES * ROW);
    runSymbolDay(dayInput(rng, p, regime, rec.intraday.opens[i] ?? 0, rec.intraday.market, HISTORY_STEP), rows);
    rowCache.set(key, rows);
    if (rowCache.size > HISTORY_CACHE) rowCache.delete(rowCache.keys().next().value as number);
    return rows;
  }

  const keyOf = (i: number): string => (i === nIdx ? `NSE_INDEX:${INDEX_SYMBOL}` : `NSE:${names[i]}`);
  const sessionOpen = istInstant(date, '09:15');
  const sessionClose = istInstant(date, '15:30');
  const secondAt = (ms: number): number => Math.min(SESSION_SECONDS - 1, Math.floor((ms - sessionOpen) / 1000));

  function history(symbol: string, interval: Timeframe, fromDate: IsoDate, toDate: IsoDate, asOf?: number): Bar[] {
    const i = idxOf(symbol);
    const key = keyOf(i);
    const bars: Bar[] = [];
    for (const [dayNo, rec] of recs().entries()) {
      if (rec.date < fromDate || rec.date > toDate) continue;
      const cut = rec.date === date && asOf !== undefined;
      if (interval === 'D') {
        if (cut && asOf < sessionClose) continue;
        bars.push(makeBar(key, 'D', rec.openMs, Array.from(rec.daily.subarray(i * ROW, i * ROW + ROW))));
        continue;
      }
      const per = interval === '1m' ? 1 : interval === '5m' ? 5 : 15;
      const complete = cut ? Math.max(0, Math.min(SESSION_MINUTES, Math.floor((asOf - rec.openMs) / 60_000))) : SESSION_MINUTES;
      if (complete < per) continue;
      const rows = rec.date === date ? live().rows(i) : pastRows(dayNo, i);
      if (!rows) continue;
      for (let m = 0; m + per <= complete; m += per) {
        bars.push(makeBar(key, interval as IntradayTimeframe, rec.openMs + m * 60_000, foldRows(rows, m, per)));
      }
    }
    return bars;
  }

  function quoteAt(symbol: string, ms: number): SimQuote {
    const i = idxOf(symbol);
    const rs = recs();
    const rec = rs[rs.length - 1] as DayRecord;
    const prevClose = rec.prevClose[i] ?? 0;
    const exchange: Exchange = i === nIdx ? 'NSE_INDEX' : 'NSE';
    const sym = names[i] as string;
    if (ms < sessionOpen) {
      const prevDay = rs[rs.length - 2];
      const ltt = prevDay ? prevDay.openMs + (SESSION_SECONDS - 1) * 1000 : sessionOpen;
      return { symbol: sym, exchange, ltp: prevClose, ltt, open: prevClose, high: prevClose, low: prevClose, prevClose,
        volume: 0, lastQty: 0, averagePrice: prevClose, totalBuyQty: 0, totalSellQty: 0 };
    }
    const q = live().quote(i, secondAt(ms));
    return { symbol: sym, exchange, ltp: q.ltp, ltt: q.ltt, open: q.open, high: q.high, low: q.low, prevClose,
      volume: q.volume, lastQty: q.lastQty, averagePrice: q.averagePrice, totalBuyQty: q.totalBuyQty, totalSellQty: q.totalSellQty };
  }

  function priceAt(symbol: string, ms: number): number {
    const i = idxOf(symbol);
    if (ms < sessionOpen) return recs().at(-1)?.prevClose[i] ?? 0;
    return live().priceAt(i, secondAt(ms));
  }

  function tradesBetween(symbol: string, fromMs: number, toMs: number): number[] {
    const i = idxOf(symbol);
    const first = Math.max(0, Math.ceil((fromMs - sessionOpen) / 1000));
    const end = Math.min(SESSION_SECONDS, Math.ceil((toMs - sessionOpen) / 1000));
    return live().tradeSeconds(i, first, end).map((s) => sessionOpen + s * 1000);
  }

  return {
    seed, date, symbols, sessionOpen, sessionClose, days,
    has: (symbol) => indexOf.has(symbol.toUpperCase()),
    exchangeOf: (symbol) => (idxOf(symbol) === nIdx ? 'NSE_INDEX' : 'NSE'),
    profile: (symbol) => {
      const p = profiles[idxOf(symbol)];
      if (!p) throw new Error(`'${symbol}' is the index: it has no equity profile`);
      return p;
    },
    regime: (symbol, d = date) => recs().find((r) => r.date === d)?.regimes[idxOf(symbol)] ?? null,
    marketRegime: (d = date) => recs().find((r) => r.date === d)?.market ?? null,
    history, quoteAt, tradesBetween, priceAt,
    restOfIndexAt: (ms) => {
      recs();
      return restToday[secondAt(Math.max(ms, sessionOpen))] ?? 1;
    },
  };
}
