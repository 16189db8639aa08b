// The engine's logger (docs/logging.md): pino for levels, redaction and serialisation; every record
// fans out to the daily file (human lines), stdout (JSON lines for journald, or coloured lines on a
// terminal) and the `onRecord` hook (the bus's logs panel). Time comes from the injected clock.
import { pino, type Logger as Pino } from 'pino';
import type { Clock } from '../../ports/clock.js';
import type { LogFields, Logger } from '../../ports/logger.js';
import type { LogLevelName, LogRecord } from '../../domain/view.js';
import { DailyLogFile } from './daily-file.js';
import { formatLine } from './format.js';
import { Masker, REDACTED } from './mask.js';

export type StdoutFormat = 'pretty' | 'json' | 'none';

export interface LoggerOptions {
  /** Directory of live_trading_YYYYMMDD.log; null writes no file (one-shot commands, tests). */
  stateDir: string | null;
  level: LogLevelName;
  clock: Pick<Clock, 'now'>;
  stdout: StdoutFormat;
  /** Values masked wherever they appear (API keys, …). */
  secrets: readonly string[];
  onRecord?: (r: LogRecord) => void;
  /** Defaults to process.stdout. */
  stdoutStream?: { write(s: string): unknown };
  /** Colours on pretty stdout; default: on unless NO_COLOR is set. */
  color?: boolean;
}

export interface AppLogger extends Logger {
  setLevel(level: LogLevelName): void;
  readonly level: LogLevelName;
  /** A logger whose records all carry `bindings` (e.g. { component: 'feed' }); shares level and outputs. */
  child(bindings: LogFields): Logger;
  /** Masks this value from now on (a secret learnt after start-up). */
  addSecret(secret: string): void;
  /** The log file the last record went to, or null. */
  currentFile(): string | null;
  close(): Promise<void>;
}

/** 'pretty' on a terminal, 'json' otherwise (systemd/journald, pipes, files). */
export function stdoutFormatFor(stream: { isTTY?: boolean } = process.stdout): StdoutFormat {
  return stream.isTTY ? 'pretty' : 'json';
}

// pino's own redaction, a second net behind Masker for the common spellings at the top two levels.
const REDACT_KEYS = ['apiKey', 'apikey', 'api_key', 'password', 'token', 'secret', 'authorization'];
const REDACT_PATHS = REDACT_KEYS.flatMap((k) => [k, `*.${k}`]);
// Field names pino uses itself; a caller's field of the same name is renamed so it cannot clobber them.
const RESERVED = new Set(['level', 'time', 'msg']);
const LEVELS: readonly LogLevelName[] = ['debug', 'info', 'warn', 'error'];

export function createLogger(opts: LoggerOptions): AppLogger {
  const masker = new Masker(opts.secrets);
  const file = opts.stateDir === null ? null : new DailyLogFile(opts.stateDir);
  const out = opts.stdoutStream ?? process.stdout;
  const color = opts.color ?? !process.env.NO_COLOR;
  let inHook = false;

  const sink = {
    write(line: string): void {
      const doc = JSON.parse(line) as { level: LogLevelName; time: number; msg?: string } & Record<string, unknown>;
      const { level, time, msg, ...fields } = doc;
      const record: LogRecord = { ts: time, level, msg: msg ?? '', ...(Object.keys(fields).length > 0 ? { fields } : {}) };
      file?.write(record.ts, formatLine(record));
      if (opts.stdout === 'json') out.write(line.endsWith('\n') ? line : `${line}\n`);
      else if (opts.stdout === 'pretty') out.write(formatLine(record, color));
      // A hook that logs (say, a failing publish) must not recurse into itself.
      if (opts.onRecord && !inHook) {
        inHook = true;
        try {
          opts.onRecord(record);
        } catch (e) {
          file?.write(record.ts, formatLine({ ts: record.ts, level: 'error', msg: 'log hook failed', fields: { error: masker.string(String(e)) } }));
        } finally {
          inHook = false;
        }
      }
    },
  };

  const root: Pino<never, boolean> = pino(
    {
      level: opts.level,
      base: null,
      messageKey: 'msg',
      timestamp: () => `,"time":${Math.trunc(opts.clock.now())}`,
      formatters: { level: (label: string) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
    },
    sink,
  );

  const prepare = (bindings: LogFields | undefined, fields: LogFields | undefined): LogFields => {
    const merged = bindings || fields ? masker.fields({ ...bindings, ...fields }) : {};
    for (const k of Object.keys(merged)) {
      if (RESERVED.has(k)) {
        merged[`field_${k}`] = merged[k];
        delete merged[k];
      }
    }
    return merged;
  };

  const make = (bindings?: LogFields): Logger => {
    const emit = (level: LogLevelName) => (msg: string, fields?: LogFields) => {
      if (!root.isLevelEnabled(level)) return;
      root[level](prepare(bindings, fields), masker.string(msg));
    };
    return {
      debug: emit('debug'),
      info: emit('info'),
      warn: emit('warn'),
      error: emit('error'),
      isLevelEnabled: (level) => root.isLevelEnabled(level),
    };
  };

  const base = make();
  return {
    ...base,
    get level() {
      return root.level as LogLevelName;
    },
    setLevel(level: LogLevelName) {
      if (!LEVELS.includes(level)) throw new Error(`unknown log level '${String(level)}' (expected ${LEVELS.join(', ')})`);
      root.level = level;
    },
    child: (bindings) => make(bindings),
    addSecret: (secret) => masker.add(secret),
    currentFile: () => file?.currentPath ?? null,
    close: async () => {
      file?.close();
    },
  };
}
