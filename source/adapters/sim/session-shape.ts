// The shape of a simulated NSE session: 09:15:00–15:29:59 IST at one-second resolution, with the
// intraday U-shapes of volatility and volume (both heavy at the open and the close).

/** Seconds in the continuous session (09:15:00 … 15:29:59); second 22500 would be 15:30:00. */
export const SESSION_SECONDS = 22_500;
export const SESSION_MINUTES = 375;

function normalised(weights: number[]): Float64Array {
  const total = weights.reduce((a, b) => a + b, 0);
  return Float64Array.from(weights, (w) => w / total);
}

const minutes = Array.from({ length: SESSION_MINUTES }, (_, m) => m);

/** Share of the day's volume traded in each minute: about 4× the midday rate at 09:15, 2.8× at 15:29. */
export const VOLUME_SHARE = normalised(
  minutes.map((m) => 1 + 3 * Math.exp(-m / 25) + 1.8 * Math.exp(-(SESSION_MINUTES - 1 - m) / 20)),
);

/** Share of the day's price variance in each minute (a gentler U than volume). */
export const VARIANCE_SHARE = normalised(
  minutes.map((m) => 1 + 1.5 * Math.exp(-m / 30) + 0.6 * Math.exp(-(SESSION_MINUTES - 1 - m) / 30)),
);
