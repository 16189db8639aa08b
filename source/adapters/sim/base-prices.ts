// Starting prices and liquidity for simulated symbols: NSE-like levels for well-known names so the
// screens look familiar, and a hashed, stable level (₹100–₹4,000) for anything else.
import { roundToTick } from '../../domain/money.js';
import { hash128 } from './prng.js';

// Approximate 2025 price levels (rupees). Only names within ₹100–₹4,000 are listed.
const KNOWN: Readonly<Record<string, number>> = {
  RELIANCE: 1420, TCS: 3450, INFY: 1550, HDFCBANK: 1950, ICICIBANK: 1420, SBIN: 810, ITC: 415,
  LT: 3600, AXISBANK: 1180, KOTAKBANK: 2100, BHARTIARTL: 1890, HINDUNILVR: 2350, BAJFINANCE: 910,
  TATAMOTORS: 700, TATASTEEL: 160, WIPRO: 250, ONGC: 240, NTPC: 340, POWERGRID: 290, COALINDIA: 390,
  SUNPHARMA: 1650, ASIANPAINT: 2450, TITAN: 3500, ADANIENT: 2450, ADANIPORTS: 1400, HCLTECH: 1600,
  TECHM: 1550, JSWSTEEL: 1050, HINDALCO: 700, BPCL: 330, 'M&M': 3100, DRREDDY: 1250, CIPLA: 1500,
  GRASIM: 2700, NESTLEIND: 1200, BAJAJFINSV: 2000, SBILIFE: 1800, HDFCLIFE: 760, INDUSINDBK: 800,
  TATACONSUM: 1100, ETERNAL: 300, ZOMATO: 300, TRENT: 3400, BEL: 400, SHRIRAMFIN: 620, JIOFIN: 310,
  VEDL: 450, TATAPOWER: 390, IOC: 145, GAIL: 185, PNB: 105, BANKBARODA: 245, CANBK: 110, DLF: 800,
  IRCTC: 760, HAL: 3900, ADANIGREEN: 1000, DMART: 3900, PIDILITIND: 2900, GODREJCP: 1200,
};

export function basePrice(symbol: string): number {
  const known = KNOWN[symbol];
  if (known !== undefined) return known;
  const [h] = hash128(`price|${symbol}`);
  // Log-uniform in [100, 4000] so cheap and expensive names are equally common.
  const u = h / 4294967296;
  return roundToTick(100 * Math.exp(u * Math.log(40)));
}

/**
 * Average daily volume (shares). Turnover-like: roughly ₹300–₹1,500 crore a day, so cheap stocks
 * trade more shares; hashed per symbol so it is stable across seeds.
 */
export function baseDailyVolume(symbol: string): number {
  const [, h] = hash128(`volume|${symbol}`);
  const turnover = 3e9 * Math.exp((h / 4294967296) * Math.log(5)); // ₹300–1,500 crore
  return Math.max(100_000, Math.round(turnover / basePrice(symbol) / 100) * 100);
}

/** Index weight (free-float-like), stable per symbol, in [1, 4). */
export function indexWeight(symbol: string): number {
  const [, , h] = hash128(`weight|${symbol}`);
  return 1 + 3 * (h / 4294967296);
}

/**
 * Sensitivity to the common market factor, stable per symbol: 0.7–1.2 for low-volatility names and
 * 1.1–1.5 for high-volatility ones (high-beta names are the volatile ones, as on NSE).
 */
export function marketBeta(symbol: string, volClass: 'low' | 'high'): number {
  const [, , , h] = hash128(`beta|${symbol}`);
  const u = h / 4294967296;
  return volClass === 'high' ? 1.1 + 0.4 * u : 0.7 + 0.5 * u;
}
