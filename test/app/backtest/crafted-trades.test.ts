// Issue 7: a crafted dataset whose trades are known by hand. A few hand-designed 1-minute bars go
// through the built `algo-tui backtest` (strategies, risk gate, sizing, 2 s monitor with the ATR trail,
// 15:20 close, paper fills with slippage, charges) and the trades must equal the ones worked out below,
// to the paisa. The built-in strategies are disabled; two trivial user strategies are loaded from
// test/fixtures/crafted (LONG / SHORT on a 5m bar with volume ≥ 20,000 that closed up / down).
//
// How the bars are built (makeDay): each symbol's day is 75 five-minute groups of five 1-minute bars.
// A group is `flat(P)` unless the script gives it explicitly; after a group the level P is its last close.
//   flat(P):      [P, P+1, P−1, P] then four bars at P         → 5m O P  H P+1 L P−1 C P
//   spikeUp(P):   [P, P+1, P−1, P], [P, P+½, P, P+½], then P+½ ×3, the last with volume 50,000
//                                                              → 5m O P  H P+1 L P−1 C P+½ (green, 54,000)
//   spikeDown(P): the mirror, closing at P−½                    → 5m O P  H P+1 L P−1 C P−½ (red)
// Every other 1m bar has volume 1,000, so only spikes reach 20,000 on 5m. makeDay checks that every 5m
// bar has high − low = 2 exactly and contains the previous 5m close, so every true range is 2 and
// Wilder's ATR(14) on 5m is exactly ₹2 (warmed up by the previous session, played flat at the same
// levels). Hence every stop distance is 1.5 × 2 = ₹3.
// Tick path (docs/backtest.md): a green 1m bar plays O, L, H, C at +0/20/40/59 s; a red one O, H, L, C.
// Engine timers run on the clock from 09:14:00: closeDue/scan every 1 s, monitor every 2 s (even seconds),
// all before a tick group due at the same instant.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../../source/adapters/config/index.js';

const root = packageRoot();
const cli = path.join(root, 'dist', 'app', 'cli.js');
const fixtures = path.join(root, 'test', 'fixtures', 'crafted');
const PREV = '2025-06-02'; // Monday: warm-up only
const DAY = '2025-06-03'; // Tuesday: the day played

type Row = readonly [open: number, high: number, low: number, close: number, volume?: number];

const flat = (p: number): Row[] => [[p, p + 1, p - 1, p], [p, p, p, p], [p, p, p, p], [p, p, p, p], [p, p, p, p]];
const spikeUp = (p: number): Row[] => [[p, p + 1, p - 1, p], [p, p + 0.5, p, p + 0.5], [p + 0.5, p + 0.5, p + 0.5, p + 0.5], [p + 0.5, p + 0.5, p + 0.5, p + 0.5], [p + 0.5, p + 0.5, p + 0.5, p + 0.5, 50_000]];
const spikeDown = (p: number): Row[] => [[p, p + 1, p - 1, p], [p, p, p - 0.5, p - 0.5], [p - 0.5, p - 0.5, p - 0.5, p - 0.5], [p - 0.5, p - 0.5, p - 0.5, p - 0.5], [p - 0.5, p - 0.5, p - 0.5, p - 0.5, 50_000]];

/** 375 rows (09:15–15:29) as layout CSV text; `script` maps a 5m group's start 'HH:MM' to its five 1m bars. */
function makeDay(date: string, symbol: string, start: number, script: Readonly<Record<string, Row[]>> = {}): string {
  const lines = ['timestamp,open,high,low,close,volume'];
  let level = start;
  for (let g = 0; g < 75; g++) {
    const minute = 9 * 60 + 15 + g * 5;
    const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const rows = script[hhmm(minute)] ?? flat(level);
    if (rows.length !== 5) throw new Error(`${symbol} ${hhmm(minute)}: a group has five 1m bars`);
    const high = Math.max(...rows.map((r) => r[1]));
    const low = Math.min(...rows.map((r) => r[2]));
    // The premise of every hand computation below: each 5m true range is exactly 2.
    if (high - low !== 2 || level < low || level > high) throw new Error(`${symbol} ${hhmm(minute)}: 5m range must be 2 and contain ${level}`);
    rows.forEach(([o, h, l, c, v = 1000], i) => {
      if (!(l <= Math.min(o, c) && Math.max(o, c) <= h)) throw new Error(`${symbol} ${hhmm(minute + i)}: bad bar`);
      lines.push(`${date}T${hhmm(minute + i)}:00+05:30,${o},${h},${l},${c},${v}`);
    });
    level = (rows[4] as Row)[3];
  }
  return `${lines.join('\n')}\n`;
}

// The day's script, per symbol (levels chosen so quantities are round: notional ₹1,00,000 per entry).
const SCRIPT: Record<string, { start: number; groups: Record<string, Row[]> }> = {
  // AAA: LONG signal on the 10:00–10:05 bar, a rally to 506, a fall through the trailed stop (503.00).
  // A second spike at 11:00 must not trade (first qualifying bar of the day only).
  AAA: {
    start: 499.5,
    groups: {
      '10:00': spikeUp(499.5), // 5m O 499.5 H 500.5 L 498.5 C 500, volume 54,000
      '10:05': [[500, 500.5, 500, 500.5], [500.5, 501, 500.5, 501], [501, 501.5, 501, 501.5], [501.5, 502, 501.5, 502], [502, 502, 502, 502]],
      '10:10': [[502, 502.5, 502, 502.5], [502.5, 503, 502.5, 503], [503, 503.5, 503, 503.5], [503.5, 504, 503.5, 504], [504, 504, 504, 504]],
      // 10:18 (green) touches 506 at 10:18:40: the best price. 10:19 is red: 506 → 506 → 505 → 505.
      '10:15': [[504, 504.5, 504, 504.5], [504.5, 505, 504.5, 505], [505, 505.5, 505, 505.5], [505.5, 506, 505.5, 506], [506, 506, 505, 505]],
      // 10:21 is red: 504 (:00) → 504 (:20) → 503 (:40) → 503.5 (:59). 503 is at the stop.
      '10:20': [[505, 505, 504, 504], [504, 504, 503, 503.5], [503.5, 503.5, 503.5, 503.5], [503.5, 503.5, 503.5, 503.5], [503.5, 503.5, 503.5, 503.5]],
      '11:00': spikeUp(503.5),
    },
  },
  // BBB: LONG signal on the 10:10–10:15 bar while AAA holds crafted-long's one use of the day.
  BBB: { start: 300, groups: { '10:10': spikeUp(300) } },
  // CCC: SHORT signal on the 14:00–14:05 bar, a drift down to 798, held to the 15:20 close.
  CCC: {
    start: 800.5,
    groups: {
      '14:00': spikeDown(800.5), // 5m O 800.5 H 801.5 L 799.5 C 800
      '14:05': [[800, 800, 799.5, 799.5], [799.5, 799.5, 799, 799], [799, 799, 798.5, 798.5], [798.5, 798.5, 798, 798], [798, 798, 798, 798]],
    },
  },
  // DDD: a SHORT signal at 09:35 on a ₹1,20,000 share: a notional of ₹1,00,000 buys 0 shares.
  DDD: { start: 120_000.5, groups: { '09:30': spikeDown(120_000.5) } },
  // EEE: a LONG signal on the 15:15–15:20 bar, offered at 15:20:00: too late.
  EEE: { start: 200.5, groups: { '15:15': spikeUp(200.5) } },
};
const NIFTY_LEVEL = 24_000;

const CONFIG = {
  risk: {
    capital: 100_000, allocationPct: 20, leverage: 5, // notional per entry: 1,00,000 × 20 % × 5 = ₹1,00,000
    maxOpenPositions: 3, maxDailyTrades: 5, maxStrategyUsesPerDay: 1, dailyLossLimitPct: 3,
    slippageBps: 2, feedStaleSeconds: 30,
  },
  charges: { brokeragePerOrder: 20, brokeragePct: 0.03, sttSellPct: 0.025, exchangeTxnPct: 0.00297, sebiFeePerCrore: 10, stampDutyBuyPct: 0.003, gstPct: 18 },
  exits: { atrPeriod: 14, atrMultiple: 1.5 },
  strategies: {
    '8': { enabled: false }, '9': { enabled: false }, '10': { enabled: false }, '11': { enabled: false }, '12': { enabled: false },
    'crafted-long': { enabled: true, params: { minVolume: 20_000 } },
    'crafted-short': { enabled: true, params: { minVolume: 20_000 } },
  },
  strategyFiles: [path.join(fixtures, 'crafted-long.js'), path.join(fixtures, 'crafted-short.js')],
};

/*
 * The expected trades, by hand. Fills: last price × (1 ± 0.0002), rounded to ₹0.05 up for a buy, down
 * for a sell. Quantity: floor(1,00,000 / last price). Stops: ∓ 1.5 × ATR 2 = ₹3 from the best price
 * (starting at the fill), rounded down for a long, up for a short.
 *
 * 1. AAA LONG (crafted-long). The 10:00 bar closes at 10:05:00: signal; the scan at 10:05:00 enters at the
 *    last tick, 10:04:59's close 500.00. qty = 1,00,000 / 500 = 200. Buy fill 500 × 1.0002 = 500.10.
 *    Initial stop 500.10 − 3 = 497.10. Best rises to 506.00 (10:18:40) → stop 503.00 (10:19:59's close
 *    505 and 10:20's 504 stay above it). 10:21 is red: its low 503.00 plays at 10:21:40 and the monitor
 *    pass at 10:21:42 sees 503.00 ≤ 503.00: TRAIL_STOP at 10:21:42, sell 503 × 0.9998 = 502.8994 → 502.85.
 *    Gross (502.85 − 500.10) × 200 = 550.00.
 *    Charges: buy value 1,00,020.00, sell value 1,00,570.00, turnover 2,00,590.00.
 *      brokerage min(20, 30.006) + min(20, 30.171)        = 40.00
 *      STT 0.025 % × 1,00,570 = 25.1425                   = 25.14
 *      exchange 0.00297 % × 2,00,590 = 5.957523           =  5.96
 *      SEBI 2,00,590 / 1e6 = 0.20059                      =  0.20
 *      stamp 0.003 % × 1,00,020 = 3.0006                  =  3.00
 *      GST 18 % × (40 + 5.96 + 0.20) = 8.3088             =  8.31
 *      total 82.61; net 550.00 − 82.61 = 467.39.
 * 2. CCC SHORT (crafted-short). The 14:00 bar closes at 14:05:00 at 800.00: qty 1,00,000 / 800 = 125;
 *    sell fill 800 × 0.9998 = 799.84 → 799.80; stop 799.80 + 3 = 802.80. It drifts to 798 and plays flat
 *    at 798 (lows 797): best 797.00 → stop 800.00, never reached (highs 799). The 15:20:00 close buys at
 *    15:19:59's close 798.00: 798 × 1.0002 = 798.1596 → 798.20 (EOD). Gross (799.80 − 798.20) × 125 = 200.00.
 *    Charges: sell value 99,975.00, buy value 99,775.00, turnover 1,99,750.00.
 *      brokerage min(20, 29.9925) + min(20, 29.9325)     = 40.00
 *      STT 0.025 % × 99,975 = 24.99375                    = 24.99
 *      exchange 0.00297 % × 1,99,750 = 5.932575           =  5.93
 *      SEBI 1,99,750 / 1e6 = 0.19975                      =  0.20
 *      stamp 0.003 % × 99,775 = 2.99325                   =  2.99
 *      GST 18 % × (40 + 5.93 + 0.20) = 8.3034             =  8.30
 *      total 82.41; net 200.00 − 82.41 = 117.59.
 * Not traded:
 *  - DDD at 09:35:00: qty = floor(1,00,000 / 1,20,000) = 0 → ZERO_QUANTITY (crafted-short stays unused).
 *  - BBB at 10:15:00: crafted-long already used today (AAA, open) → STRATEGY_USED.
 *  - AAA at 11:05:00: not even a signal (AAA|crafted-long was consumed at 10:05).
 *  - EEE at 15:20:00: AFTER_CLOSE_TIME (the signal lives to 15:25, still counted once).
 * Order ids: AT-<date>-<IST time of the run's first order>-<seq>: AAA entry 0001, exit 0002, CCC entry 0003.
 */
const EXPECTED_TRADES_CSV = [
  'id,date,symbol,side,strategy,qty,entry_time,entry_price,exit_time,exit_price,exit_reason,gross_inr,charges_inr,net_inr',
  'AT-20250603-100500-0001,2025-06-03,AAA,LONG,crafted-long,200,2025-06-03T10:05:00+05:30,500.1,2025-06-03T10:21:42+05:30,502.85,TRAIL_STOP,550.00,82.61,467.39',
  'AT-20250603-100500-0003,2025-06-03,CCC,SHORT,crafted-short,125,2025-06-03T14:05:00+05:30,799.8,2025-06-03T15:20:00+05:30,798.2,EOD,200.00,82.41,117.59',
];

interface Group { trades: number; wins: number; losses: number; grossPaise: number; chargesPaise: number; netPaise: number }
interface Summary {
  period: { days: number };
  symbols: number;
  bars: number;
  capitalPaise: number;
  overall: Group;
  byStrategy: Record<string, Group>;
  byExitReason: Record<string, Group>;
  rejections: Record<string, number>;
  rowErrors: number;
}

let summary: Summary;
let tradesCsv: string;
let stderr = '';
let outDir = '';

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'algo-crafted-'));
  const data = path.join(dir, 'bars');
  for (const date of [PREV, DAY]) {
    await mkdir(path.join(data, date), { recursive: true });
    await writeFile(path.join(data, date, 'NIFTY.csv'), makeDay(date, 'NIFTY', NIFTY_LEVEL));
    for (const [symbol, s] of Object.entries(SCRIPT)) {
      await writeFile(path.join(data, date, `${symbol}.csv`), makeDay(date, symbol, s.start, date === DAY ? s.groups : {}));
    }
  }
  const symbols = path.join(dir, 'symbols.csv');
  await writeFile(symbols, `Symbol\n${Object.keys(SCRIPT).join('\n')}\n`);
  const config = path.join(dir, 'config.json');
  await writeFile(config, JSON.stringify(CONFIG, null, 2));
  outDir = path.join(dir, 'out');
  const home = path.join(dir, 'home');
  await mkdir(home);
  const args = [cli, 'backtest', '--data', data, '--from', DAY, '--to', DAY, '--config', config, '--symbols', symbols, '--json', '--out', outDir];
  const r = await promisify(execFile)(process.execPath, args, { env: { PATH: process.env.PATH ?? '', HOME: home }, maxBuffer: 1 << 24 });
  stderr = r.stderr;
  summary = JSON.parse(r.stdout) as Summary;
  tradesCsv = await readFile(path.join(outDir, 'trades.csv'), 'utf8');
}, 30_000);

describe('crafted backtest: trades known by hand', () => {
  it('plays the crafted day with no bad rows, warnings or engine faults', () => {
    expect(stderr).toBe('');
    expect(summary.period.days).toBe(1);
    expect(summary.symbols).toBe(5);
    expect(summary.bars).toBe(6 * 375); // five symbols and NIFTY, 09:15–15:29
    expect(summary.rowErrors).toBe(0);
    expect(summary.capitalPaise).toBe(10_000_000);
  });

  it('trades exactly the hand-computed trades, to the paisa', () => {
    expect(tradesCsv.trim().split('\n')).toEqual(EXPECTED_TRADES_CSV);
  });

  it('sums them as the hand figures say', () => {
    // Gross 550.00 + 200.00; charges 82.61 + 82.41; net 467.39 + 117.59. Both are wins on net.
    expect(summary.overall).toMatchObject({ trades: 2, wins: 2, losses: 0, grossPaise: 75_000, chargesPaise: 16_502, netPaise: 58_498 });
    expect(summary.byStrategy['crafted-long']).toMatchObject({ trades: 1, grossPaise: 55_000, chargesPaise: 8_261, netPaise: 46_739 });
    expect(summary.byStrategy['crafted-short']).toMatchObject({ trades: 1, grossPaise: 20_000, chargesPaise: 8_241, netPaise: 11_759 });
    expect(Object.keys(summary.byStrategy).sort()).toEqual(['crafted-long', 'crafted-short']);
    expect(summary.byExitReason.TRAIL_STOP).toMatchObject({ trades: 1, netPaise: 46_739 });
    expect(summary.byExitReason.EOD).toMatchObject({ trades: 1, netPaise: 11_759 });
  });

  it('rejects exactly the signals the risk gate must refuse, once each', () => {
    expect(summary.rejections).toEqual({ ZERO_QUANTITY: 1, STRATEGY_USED: 1, AFTER_CLOSE_TIME: 1 });
  });
});
