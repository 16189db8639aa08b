// Which IST dates the simulator treats as sessions. The simulator takes the rule as a function so the
// app can pass the NSE calendar (source/calendar); the fallback is a plain weekday check.
import { addDays, istWeekday, type IsoDate } from '../../domain/time.js';

export type TradingDayRule = (date: IsoDate) => boolean;

export const weekdayRule: TradingDayRule = (date) => {
  const wd = istWeekday(date);
  return wd !== 0 && wd !== 6;
};

/** The `count` trading days strictly before `date`, oldest first. */
export function previousTradingDays(date: IsoDate, count: number, isTradingDay: TradingDayRule): IsoDate[] {
  const out: IsoDate[] = [];
  let d = date;
  // A year of look-back is far more than any holiday cluster; guards against a rule that never says yes.
  for (let i = 0; i < 400 && out.length < count; i++) {
    d = addDays(d, -1);
    if (isTradingDay(d)) out.push(d);
  }
  if (out.length < count) throw new Error(`no ${count} trading days found before ${date}`);
  return out.reverse();
}

/** `date` itself if it trades, else the most recent trading day before it. */
export function latestTradingDay(date: IsoDate, isTradingDay: TradingDayRule): IsoDate {
  return isTradingDay(date) ? date : (previousTradingDays(date, 1, isTradingDay)[0] as IsoDate);
}
