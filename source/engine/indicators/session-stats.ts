// Per-session (one trading day) statistics of one timeframe, updated on each closed bar
// (seed-strategies.md §2.4–§2.6): candle count, single-print breakout confirmations, range bars,
// cumulative volume and running high/low. Reset when a bar of a new session arrives.

export interface SessionStatsOptions {
  /** Range-bar factor: range > factor × reference average range. */
  readonly rangeFactor?: number;
  /** Where the close must sit: above open + pos·(high − open) (bullish) / below low + pos·(open − low). */
  readonly closePosition?: number;
  /** Bars starting within this many minutes of the open use the all-bars average range. */
  readonly firstMinutes?: number;
}

export interface SessionSnapshot {
  candleCount: number;
  cumSpBullish: number;
  cumSpBearish: number;
  spBullishRangePct: number | null;
  spBearishRangePct: number | null;
  isRangeBullish: boolean;
  isRangeBearish: boolean;
  rangeRef: number;
  cumVolume: number;
  dayHigh: number;
  dayLow: number;
}

export class SessionStats {
  private readonly factor: number;
  private readonly pos: number;
  private readonly firstMs: number;
  private session = Number.NaN;
  private s: SessionSnapshot = SessionStats.empty();
  private sumAll = 0;
  private sumEx = 0;
  private nEx = 0;

  constructor(opts: SessionStatsOptions = {}) {
    this.factor = opts.rangeFactor ?? 0.7;
    this.pos = opts.closePosition ?? 0.5;
    this.firstMs = (opts.firstMinutes ?? 30) * 60_000;
  }

  private static empty(): SessionSnapshot {
    return {
      candleCount: 0, cumSpBullish: 0, cumSpBearish: 0, spBullishRangePct: null, spBearishRangePct: null,
      isRangeBullish: false, isRangeBearish: false, rangeRef: 0, cumVolume: 0,
      dayHigh: Number.NEGATIVE_INFINITY, dayLow: Number.POSITIVE_INFINITY,
    };
  }

  /** Folds in a closed bar of the session opening at `sessionOpen`; returns the stats through it. */
  update(sessionOpen: number, start: number, o: number, h: number, l: number, c: number, v: number): SessionSnapshot {
    if (sessionOpen !== this.session) {
      this.session = sessionOpen;
      this.s = SessionStats.empty();
      this.sumAll = 0;
      this.sumEx = 0;
      this.nEx = 0;
    }
    const s = this.s;
    const prevHigh = s.dayHigh; // cum_high_prev: earlier bars only
    const prevLow = s.dayLow;
    s.candleCount++;
    if (s.candleCount >= 2 && c > prevHigh && c > o) {
      s.cumSpBullish++;
      if (s.spBullishRangePct === null) s.spBullishRangePct = ((c - prevHigh) / prevHigh) * 100;
    }
    if (s.candleCount >= 2 && c < prevLow && c < o) {
      s.cumSpBearish++;
      if (s.spBearishRangePct === null) s.spBearishRangePct = ((prevLow - c) / c) * 100;
    }
    const range = h - l;
    this.sumAll += range;
    const early = start - sessionOpen < this.firstMs;
    if (!early) {
      this.sumEx += range;
      this.nEx++;
    }
    // Newest-version rule: the first 30 minutes compare with all of today's bars; later bars compare
    // with the bars after the first 30 minutes only (current bar included in both).
    s.rangeRef = early || this.nEx === 0 ? this.sumAll / s.candleCount : this.sumEx / this.nEx;
    const big = range > this.factor * s.rangeRef;
    s.isRangeBullish = big && c > o && c > o + this.pos * (h - o);
    s.isRangeBearish = big && c < o && c < l + this.pos * (o - l);
    s.cumVolume += v;
    if (h > s.dayHigh) s.dayHigh = h;
    if (l < s.dayLow) s.dayLow = l;
    return s;
  }
}
