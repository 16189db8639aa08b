// The shape of a fully resolved configuration (defaults < file < environment < flags).
// adapters/config validates raw input against a schema that produces exactly this type.
import type { ChargeRates } from './charges.js';

export type BrokerKind = 'paper' | 'openalgo';
export type ConfigMode = 'paper' | 'dry-run' | 'live';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface StrategyParams {
  readonly enabled: boolean;
  /** Numeric thresholds; names are documented per strategy in docs/strategies.md. */
  readonly params: Readonly<Record<string, number>>;
}

export interface AppConfig {
  readonly mode: ConfigMode;
  readonly symbols: string; // 'live' | 'test' | PATH
  readonly maxSymbols: number | null;
  readonly stateDir: string;
  readonly logLevel: LogLevel;
  readonly openalgo: {
    /** REST base, e.g. http://127.0.0.1:5000 ; empty means "no broker configured" (use the simulator). */
    readonly host: string;
    readonly wsUrl: string;
    readonly apiKey: string; // secret: masked everywhere
    readonly strategyTag: string;
  };
  readonly sim: {
    readonly seed: number;
    readonly date: string | null; // YYYY-MM-DD; null = today if a trading day, else the previous one
    readonly start: string | null; // HH:MM[:SS]; null = now if in session, else the default start
    readonly speed: number;
    readonly host: string;
    readonly wsPort: number;
    readonly restPort: number;
  };
  readonly session: {
    readonly preOpen: string; // 09:00
    readonly open: string; // 09:15
    readonly close: string; // 15:30
    readonly tradingStart: string; // 09:20
    readonly tradingEnd: string; // 15:20 (no entries at or after; every position closed at this time)
    readonly holidaysFile: string | null; // user override file
  };
  readonly risk: {
    readonly capital: number; // rupees
    readonly allocationPct: number;
    readonly leverage: number;
    readonly maxOpenPositions: number;
    readonly maxDailyTrades: number;
    readonly maxStrategyUsesPerDay: number;
    readonly dailyLossLimitPct: number;
    readonly slippageBps: number; // paper fills
    readonly feedStaleSeconds: number;
  };
  /** Intraday equity charges applied to every closed trade (docs/charges.md). */
  readonly charges: ChargeRates;
  readonly exits: {
    readonly atrPeriod: number;
    readonly atrMultiple: number;
  };
  readonly schedule: {
    readonly scanMs: number;
    readonly monitorMs: number;
    readonly statusMs: number;
  };
  readonly bus: {
    readonly pubEndpoint: string;
    readonly routerEndpoint: string;
    readonly maxStateHz: number;
    readonly heartbeatMs: number;
  };
  readonly strategies: Readonly<Record<string, StrategyParams>>;
  /** Extra strategy modules (paths to .js files) loaded through the registry. */
  readonly strategyFiles: readonly string[];
}
