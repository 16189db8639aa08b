// TA-Lib ADX, PLUS_DI and MINUS_DI (Wilder), reproduced bar by bar (unstable period 0).
// Bar 0 only seeds the previous high/low/close. Bars 1..p−1 add raw +DM, −DM and TR into sums; from
// bar p on each sum decays by 1/p before the new value is added, and +DI/−DI = 100·DM/TR (0 when TR
// is zero). DX = 100·|+DI − −DI| / (+DI + −DI); ADX is the mean of the DX of bars p..2p−1 (first value
// on bar 2p−1), then (adx·(p−1) + dx)/p. A zero TR or zero DI sum skips that bar's DX, as TA-Lib does.
import { trueRange } from './atr.js';

const isZero = (v: number): boolean => v > -1e-8 && v < 1e-8;

export interface AdxValue {
  readonly adx: number | null;
  readonly plusDi: number | null;
  readonly minusDi: number | null;
}

export class TalibAdx {
  readonly period: number;
  private index = -1;
  private prevHigh = 0;
  private prevLow = 0;
  private prevClose = 0;
  private plusDm = 0;
  private minusDm = 0;
  private tr = 0;
  private sumDx = 0;
  private adx: number | null = null;

  constructor(period = 14) {
    if (!Number.isInteger(period) || period < 2) throw new Error(`ADX period must be an integer >= 2, got ${period}`);
    this.period = period;
  }

  next(high: number, low: number, close: number): AdxValue {
    this.index++;
    const p = this.period;
    if (this.index === 0) {
      this.prevHigh = high;
      this.prevLow = low;
      this.prevClose = close;
      return { adx: null, plusDi: null, minusDi: null };
    }
    const diffP = high - this.prevHigh;
    const diffM = this.prevLow - low;
    const tr = trueRange(high, low, this.prevClose);
    this.prevHigh = high;
    this.prevLow = low;
    this.prevClose = close;
    const seeding = this.index < p;
    if (!seeding) {
      this.plusDm -= this.plusDm / p;
      this.minusDm -= this.minusDm / p;
      this.tr -= this.tr / p;
    }
    if (diffM > 0 && diffP < diffM) this.minusDm += diffM;
    else if (diffP > 0 && diffP > diffM) this.plusDm += diffP;
    this.tr += tr;
    if (seeding) return { adx: null, plusDi: null, minusDi: null };

    const zeroTr = isZero(this.tr);
    const plusDi = zeroTr ? 0 : (100 * this.plusDm) / this.tr;
    const minusDi = zeroTr ? 0 : (100 * this.minusDm) / this.tr;
    const sum = plusDi + minusDi;
    const dx = zeroTr || isZero(sum) ? null : (100 * Math.abs(minusDi - plusDi)) / sum;
    if (this.index < 2 * p) {
      if (dx !== null) this.sumDx += dx;
      if (this.index === 2 * p - 1) this.adx = this.sumDx / p;
    } else if (dx !== null && this.adx !== null) {
      this.adx = (this.adx * (p - 1) + dx) / p;
    }
    return { adx: this.adx, plusDi, minusDi };
  }
}
