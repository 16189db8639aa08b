// The NSE session clock: which IST dates trade, the phase at any instant, and the next boundary a
// trader cares about. Pure: built from holiday data and session times, no files and no wall clock.
import type { MarketPhase } from '../domain/market.js';
import { addDays, istDate, istInstant, istWeekday, parseClockTime, type IsoDate } from '../domain/time.js';
import type { Holiday, HolidayData, SpecialSession } from './holiday-data.js';

/** Normal-day session times, 'HH:MM[:SS]' IST (AppConfig.session without the file path). */
export interface SessionHours {
  readonly preOpen: string;
  readonly open: string;
  readonly close: string;
  readonly tradingStart: string;
  readonly tradingEnd: string;
}

/** One trading day's boundaries as epoch ms. */
export interface SessionTimes {
  readonly date: IsoDate;
  readonly preOpen: number;
  readonly open: number;
  readonly close: number;
  /** Entries allowed in [tradingStart, tradingEnd); every position is closed at tradingEnd. */
  readonly tradingStart: number;
  readonly tradingEnd: number;
  /** Name of the special session (budget day, Muhurat) or null on a normal day. */
  readonly special: string | null;
}

export interface Boundary {
  readonly label: string;
  readonly at: number;
}

/** How far to look for the next/previous trading day before giving up (data error, not a market). */
const SEARCH_DAYS = 400;

export class SessionCalendar {
  private readonly holidays: ReadonlyMap<IsoDate, Holiday>;
  private readonly special: ReadonlyMap<IsoDate, SpecialSession>;
  private readonly years: ReadonlySet<number>;
  private readonly hours: { preOpen: number; open: number; close: number; tradingStart: number; tradingEnd: number };

  constructor(data: HolidayData, hours: SessionHours) {
    this.holidays = new Map(data.holidays.map((h) => [h.date, h]));
    this.special = new Map(data.special.map((s) => [s.date, s]));
    this.years = new Set(data.holidays.map((h) => Number(h.date.slice(0, 4))));
    this.hours = {
      preOpen: parseClockTime(hours.preOpen),
      open: parseClockTime(hours.open),
      close: parseClockTime(hours.close),
      tradingStart: parseClockTime(hours.tradingStart),
      tradingEnd: parseClockTime(hours.tradingEnd),
    };
    const h = this.hours;
    if (!(h.preOpen <= h.open && h.open <= h.tradingStart && h.tradingStart <= h.tradingEnd && h.tradingEnd <= h.close)) {
      throw new Error('session hours must satisfy preOpen ≤ open ≤ tradingStart ≤ tradingEnd ≤ close');
    }
  }

  /** True on weekdays that are not holidays, and on any date with a special session. */
  isTradingDay(date: IsoDate): boolean {
    if (this.special.has(date)) return true;
    const wd = istWeekday(date);
    return wd !== 0 && wd !== 6 && !this.holidays.has(date);
  }

  /** The holiday's name, or null (weekends are not named). */
  holidayName(date: IsoDate): string | null {
    return this.holidays.get(date)?.name ?? null;
  }

  /** Whether the holiday data covers the year of `date`; outside it every weekday counts as trading. */
  hasHolidayData(date: IsoDate): boolean {
    return this.years.has(Number(date.slice(0, 4)));
  }

  /** Boundaries of the session on `date`, or null when the market does not trade that day. */
  sessionTimes(date: IsoDate): SessionTimes | null {
    if (!this.isTradingDay(date)) return null;
    const base = istInstant(date);
    const h = this.hours;
    const s = this.special.get(date);
    if (!s) {
      return {
        date,
        preOpen: base + h.preOpen,
        open: base + h.open,
        close: base + h.close,
        tradingStart: base + h.tradingStart,
        tradingEnd: base + h.tradingEnd,
        special: null,
      };
    }
    // A special session keeps the normal offsets unless it says otherwise: pre-open 15 min before
    // the open, entries from open+5m until close−10m (with the default hours).
    const open = s.open !== undefined ? parseClockTime(s.open) : h.open;
    const close = s.close !== undefined ? parseClockTime(s.close) : h.close;
    const preOpen = s.preOpen !== undefined ? parseClockTime(s.preOpen) : open - (h.open - h.preOpen);
    const tradingStart = s.tradingStart !== undefined ? parseClockTime(s.tradingStart) : open + (h.tradingStart - h.open);
    let tradingEnd = s.tradingEnd !== undefined ? parseClockTime(s.tradingEnd) : close - (h.close - h.tradingEnd);
    if (tradingEnd < tradingStart) tradingEnd = tradingStart; // too short for an entry window
    return {
      date,
      preOpen: base + preOpen,
      open: base + open,
      close: base + close,
      tradingStart: base + tradingStart,
      tradingEnd: base + tradingEnd,
      special: s.name,
    };
  }

  phaseAt(ms: number): MarketPhase {
    const t = this.sessionTimes(istDate(ms));
    if (!t) return 'CLOSED';
    if (ms >= t.preOpen && ms < t.open) return 'PRE_OPEN';
    if (ms >= t.open && ms < t.close) return 'OPEN';
    return 'CLOSED';
  }

  /** True in [tradingStart, tradingEnd) of a trading day: the only time new entries are allowed. */
  inTradingWindow(ms: number): boolean {
    const t = this.sessionTimes(istDate(ms));
    return t !== null && ms >= t.tradingStart && ms < t.tradingEnd;
  }

  /** The first trading day strictly after `date`. */
  nextTradingDay(date: IsoDate): IsoDate {
    return this.step(date, 1);
  }

  /** The last trading day strictly before `date`. */
  previousTradingDay(date: IsoDate): IsoDate {
    return this.step(date, -1);
  }

  /** Epoch ms of the first session open strictly after `ms` (today's if it is still ahead). */
  nextSessionOpen(ms: number): number {
    const today = istDate(ms);
    const t = this.sessionTimes(today);
    if (t && t.open > ms) return t.open;
    return this.mustTimes(this.nextTradingDay(today)).open;
  }

  /**
   * The next moment that matters: pre-open, open, entries open, entries close & square-off, market
   * close on a trading day; after the close (or on a closed day) the next session's open.
   */
  nextBoundary(ms: number): Boundary | null {
    const today = istDate(ms);
    const t = this.sessionTimes(today);
    if (t) {
      const ahead: Boundary[] = [
        { label: 'pre-open', at: t.preOpen },
        { label: 'open', at: t.open },
        { label: 'entries open', at: t.tradingStart },
        { label: 'entries close & square-off', at: t.tradingEnd },
        { label: 'market close', at: t.close },
      ];
      const next = ahead.find((b) => b.at > ms);
      if (next) return next;
    }
    try {
      return { label: 'next open', at: this.mustTimes(this.nextTradingDay(today)).open };
    } catch {
      return null;
    }
  }

  /**
   * The session date that day counters (trades, strategy uses, loss) belong to: the IST date when it
   * trades, else the last trading day before it, so a weekend still shows Friday's session.
   */
  tradingDate(ms: number): IsoDate {
    const today = istDate(ms);
    return this.isTradingDay(today) ? today : this.previousTradingDay(today);
  }

  private step(date: IsoDate, dir: 1 | -1): IsoDate {
    let d = date;
    for (let i = 0; i < SEARCH_DAYS; i++) {
      d = addDays(d, dir);
      if (this.isTradingDay(d)) return d;
    }
    throw new Error(`no trading day within ${SEARCH_DAYS} days ${dir > 0 ? 'after' : 'before'} ${date}: check the holiday data`);
  }

  private mustTimes(date: IsoDate): SessionTimes {
    const t = this.sessionTimes(date);
    if (!t) throw new Error(`${date} is not a trading day`);
    return t;
  }
}

export function createSessionCalendar(data: HolidayData, hours: SessionHours): SessionCalendar {
  return new SessionCalendar(data, hours);
}
