// The engine's view of the trading calendar. calendar/SessionCalendar implements it (same method names);
// the engine depends only on this narrow slice of it.
import type { MarketPhase } from '../domain/market.js';
import { DAY_MS, istDate, istMidnight, type IsoDate } from '../domain/time.js';

/** Epoch-ms instants of one session's boundaries (IST wall times from config.session). */
export interface SessionTimes {
  readonly preOpen: number;
  readonly open: number;
  readonly close: number;
  readonly tradingStart: number;
  readonly tradingEnd: number;
}

export interface SessionBoundary {
  readonly label: string;
  readonly at: number;
}

export interface SessionClock {
  phaseAt(ms: number): MarketPhase;
  /** True in [tradingStart, tradingEnd) of a trading day. */
  inTradingWindow(ms: number): boolean;
  /** Null when the market does not trade on `date`. */
  sessionTimes(date: IsoDate): SessionTimes | null;
  /** The IST trading date that counters at `ms` belong to. */
  tradingDate(ms: number): IsoDate;
  isTradingDay(date: IsoDate): boolean;
  nextBoundary(ms: number): SessionBoundary | null;
}

/**
 * A SessionClock that answers from a per-IST-day cache: every answer depends only on the IST date of
 * `ms` (and the static calendar data), and the engine asks several times a second.
 */
export function cachedSessionClock(cal: SessionClock): SessionClock {
  const times = new Map<IsoDate, SessionTimes | null>();
  const days = new Map<IsoDate, boolean>();
  let dayStart = Number.POSITIVE_INFINITY;
  let dayEnd = Number.NEGATIVE_INFINITY;
  let tradingDate = '';
  let boundary: SessionBoundary | null = null;
  let boundaryFrom = Number.POSITIVE_INFINITY;
  let boundaryUntil = Number.NEGATIVE_INFINITY;
  let phase: MarketPhase = 'CLOSED';
  let phaseFrom = Number.POSITIVE_INFINITY;
  let phaseUntil = Number.NEGATIVE_INFINITY;
  const sessionTimes = (date: IsoDate): SessionTimes | null => {
    let t = times.get(date);
    if (t === undefined) {
      t = cal.sessionTimes(date);
      times.set(date, t);
    }
    return t;
  };
  const day = (ms: number): void => {
    if (ms >= dayStart && ms < dayEnd) return;
    dayStart = istMidnight(ms);
    dayEnd = dayStart + DAY_MS;
    tradingDate = cal.tradingDate(ms);
  };
  return {
    sessionTimes,
    isTradingDay: (date) => {
      let v = days.get(date);
      if (v === undefined) {
        v = cal.isTradingDay(date);
        days.set(date, v);
      }
      return v;
    },
    tradingDate: (ms) => {
      day(ms);
      return tradingDate;
    },
    phaseAt: (ms) => {
      // The phase only changes at the session's pre-open, open and close (or at IST midnight).
      if (!(ms >= phaseFrom && ms < phaseUntil)) {
        phase = cal.phaseAt(ms);
        const mid = istMidnight(ms);
        const t = sessionTimes(istDate(ms));
        const cuts = t ? [t.preOpen, t.open, t.close].filter((x) => x > ms) : [];
        phaseFrom = ms;
        phaseUntil = Math.min(mid + DAY_MS, ...cuts);
      }
      return phase;
    },
    inTradingWindow: (ms) => cal.inTradingWindow(ms),
    nextBoundary: (ms) => {
      // The next boundary after ms is the same for any later instant before it (and within the same IST day).
      if (!(ms >= boundaryFrom && ms < boundaryUntil)) {
        boundary = cal.nextBoundary(ms);
        boundaryFrom = ms;
        const end = istMidnight(ms) + DAY_MS;
        boundaryUntil = boundary === null ? ms + 1 : Math.min(boundary.at, end);
      }
      return boundary;
    },
  };
}
