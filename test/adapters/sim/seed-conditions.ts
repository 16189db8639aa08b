// A compact re-implementation of the seed strategies' entry conditions (reference/seed-strategies.md
// §2–§3, live definitions) used only to check that the simulated market produces setups. It ignores
// the NIFTY filter (reported separately) and works on complete history, like a warmed-up engine.
import type { Bar } from '../../../source/domain/market.js';
import { addDays, istInstant, istMinuteOfDay } from '../../../source/domain/time.js';
import type { MarketModel } from '../../../source/adapters/sim/market-model.js';

export type SeedId = 8 | 9 | 10 | 11 | 12;
export interface Setup { readonly strategy: SeedId; readonly symbol: string; readonly start: number }

function ewm(values: number[], span: number): number[] {
  const a = 2 / (span + 1);
  const out: number[] = [];
  values.forEach((v, i) => out.push(i === 0 ? v : (out[i - 1] as number) + a * (v - (out[i - 1] as number))));
  return out;
}

function dailyFeatures(bars: Bar[]): { atr: number; vol10: number; close10: number } {
  const tr = bars.map((b, i) => (i === 0 ? b.high - b.low : Math.max(b.high - b.low, Math.abs(b.high - (bars[i - 1] as Bar).close), Math.abs(b.low - (bars[i - 1] as Bar).close))));
  const last10 = bars.slice(-10);
  return {
    atr: ewm(tr, 10).at(-1) as number,
    vol10: last10.reduce((a, b) => a + b.volume, 0) / last10.length,
    close10: last10.reduce((a, b) => a + b.close, 0) / last10.length,
  };
}

interface DayState { todayStart: number; sp: { bull: number | null; bear: number | null; bullPct: number; bearPct: number } }

function singlePrints(today: Bar[]): Array<DayState['sp']> {
  const out: Array<DayState['sp']> = [];
  let hi = -Infinity;
  let lo = Infinity;
  let bull: number | null = null;
  let bear: number | null = null;
  let bullPct = NaN;
  let bearPct = NaN;
  today.forEach((b, k) => {
    if (k >= 1 && bull === null && b.close > hi && b.close > b.open) { bull = k; bullPct = ((b.close - hi) / hi) * 100; }
    if (k >= 1 && bear === null && b.close < lo && b.close < b.open) { bear = k; bearPct = ((lo - b.close) / b.close) * 100; }
    hi = Math.max(hi, b.high);
    lo = Math.min(lo, b.low);
    out.push({ bull, bear, bullPct, bearPct });
  });
  return out;
}

function vrpSeries(today: Bar[], atr: number, vol10: number): number[] {
  let cum = 0;
  let top = -Infinity;
  let bot = Infinity;
  return today.map((b) => {
    cum += b.volume;
    top = Math.max(top, b.high);
    bot = Math.min(bot, b.low);
    const rangePct = (top - bot) / atr;
    return rangePct === 0 ? Infinity : cum / vol10 / rangePct;
  });
}

/** All first-of-day setups of strategies 8–12 on `date` for every symbol of the model. */
export function findSetups(model: MarketModel, date: string): Setup[] {
  const setups: Setup[] = [];
  for (const symbol of model.symbols) {
    const daily = model.history(symbol, 'D', addDays(date, -45), addDays(date, -1));
    const { atr, vol10, close10 } = dailyFeatures(daily.slice(-30));
    const volRatio = atr / close10;
    const b5 = model.history(symbol, '5m', addDays(date, -10), date);
    const b15 = model.history(symbol, '15m', addDays(date, -21), date);
    const fired = new Set<SeedId>();
    const add = (id: SeedId, start: number): void => {
      if (!fired.has(id)) { fired.add(id); setups.push({ strategy: id, symbol, start }); }
    };
    // 5m: strategies 9, 10, 11.
    const closes5 = b5.map((b) => b.close);
    const e50 = ewm(closes5, 50), e100 = ewm(closes5, 100), e200 = ewm(closes5, 200);
    const first5 = b5.findIndex((b) => b.start >= istInstant(date, "09:15"));
    const today5 = b5.slice(first5);
    const sp5 = singlePrints(today5);
    const vrp5 = vrpSeries(today5, atr, vol10);
    let rangeSum = 0, rangeN = 0, exSum = 0, exN = 0;
    today5.forEach((b, k) => {
      const j = first5 + k;
      const minute = istMinuteOfDay(b.start);
      const range = b.high - b.low;
      rangeSum += range; rangeN++;
      if (minute >= 9 * 60 + 45) { exSum += range; exN++; }
      const ref = minute < 9 * 60 + 45 ? rangeSum / rangeN : exSum / exN;
      const bullBar = range > 0.7 * ref && b.close > b.open && b.close > b.open + 0.5 * (b.high - b.open);
      const bearBar = range > 0.7 * ref && b.close < b.open && b.close < b.low + 0.5 * (b.open - b.low);
      const c = b.close;
      const above = c > (e50[j] as number) && c > (e100[j] as number) && c > (e200[j] as number);
      const below = c < (e50[j] as number) && c < (e100[j] as number) && c < (e200[j] as number);
      const sp = sp5[k] as DayState['sp'];
      const vrp = vrp5[k] as number;
      if (minute < 9 * 60 + 20 || minute >= 13 * 60 + 45) return;
      const bullSp = sp.bull !== null && sp.bull <= k;
      const bearSp = sp.bear !== null && sp.bear <= k;
      if (bullSp && sp.bullPct > 0.8 && above && bullBar && vrp > 0.3 && vrp < 0.6 && volRatio < 0.04) add(9, b.start);
      if (bearSp && sp.bearPct > 0.6 && below && bearBar && vrp > 0.3 && vrp < 0.7 && volRatio > 0.04) add(10, b.start);
      if (bullSp && sp.bullPct > 0.8 && above && bullBar && vrp > 0 && vrp < 0.3 && volRatio > 0.04) add(11, b.start);
    });
    // 15m: strategies 8, 12 (zero-lag MACD crosses).
    const closes15 = b15.map((b) => b.close);
    const zl = (n: number): number[] => { const e1 = ewm(closes15, n); const e2 = ewm(e1, n); return e1.map((v, i) => 2 * v - (e2[i] as number)); };
    const z12 = zl(12), z26 = zl(26);
    const macd = z12.map((v, i) => v - (z26[i] as number));
    const sig = ewm(macd, 9);
    const first15 = b15.findIndex((b) => b.start >= istInstant(date, "09:15"));
    const today15 = b15.slice(first15);
    const sp15 = singlePrints(today15);
    const vrp15 = vrpSeries(today15, atr, vol10);
    today15.forEach((b, k) => {
      const j = first15 + k;
      const minute = istMinuteOfDay(b.start);
      if (minute < 9 * 60 + 30 || minute >= 13 * 60 + 45 || j < 1) return;
      const m = macd[j] as number, s = sig[j] as number, pm = macd[j - 1] as number, ps = sig[j - 1] as number;
      const cross = m > s && pm <= ps ? 1 : m < s && pm >= ps ? -1 : 0;
      const sp = sp15[k] as DayState['sp'];
      const vrp = vrp15[k] as number;
      if (sp.bull !== null && sp.bull <= k && sp.bullPct > 0.8 && sp.bullPct < 1.3 && cross === -1 && vrp > 1 && volRatio < 0.04) add(8, b.start);
      if (sp.bear !== null && sp.bear <= k && sp.bearPct > 1 && cross === 1 && vrp > 0 && vrp < 0.4 && volRatio < 0.04) add(12, b.start);
    });
  }
  return setups;
}
