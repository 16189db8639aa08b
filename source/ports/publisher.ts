import type { EngineEvent, EngineView } from '../domain/view.js';

/** The engine's outlet to front-ends (the ZeroMQ bus in production, an array in tests). */
export interface Publisher {
  /** Latest full view; the bus coalesces to at most ~10 Hz. */
  state(view: EngineView): void;
  event(e: EngineEvent): void;
  /**
   * Whether a state() call now would be used. The engine builds its full view (every watched symbol)
   * only when this is absent or answers true: a publisher that never shows the view (the backtest
   * records from events) answers false and saves that work.
   */
  wantsState?(): boolean;
}

export const nullPublisher: Publisher = { state: () => {}, event: () => {} };
