// Runs every benchmark in sequence, each in its own process so one's heap and GC do not colour the
// next. Usage: npm run bench   (builds first). Figures are recorded in docs/performance.md.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const benches = [
  ['feed-ingest.mjs', 'Feed ingest: WebSocket frame → JSON → validation → bars → indicators (2,000 symbols)'],
  ['market-data.mjs', 'Market data: tick → bar latency, throughput, memory with 10 sessions of history'],
  ['engine-memory.mjs', 'Engine memory: 2,000 symbols + 10 sessions of history (engine and simulator as separate processes)'],
  ['engine-core.mjs', 'Engine core: scan of 2,000 symbols, monitor pass over 50 positions'],
  ['backtest.mjs', 'Backtest: bars/s from a layout directory (100 symbols), memory over a short and a long period'],
  ['sim-day.mjs', 'A full simulated day for 50 symbols on the manual clock'],
  ['bus-latency.mjs', 'Bus: engine event → client callback while 2,000 symbols tick'],
  ['tui-render.mjs', 'TUI: 200 symbols, 3 positions, state at 10 Hz'],
];

const only = process.argv.slice(2);
let failed = 0;
for (const [file, title] of benches) {
  if (only.length > 0 && !only.some((o) => file.includes(o))) continue;
  const path = join(here, file);
  if (!existsSync(path)) {
    console.log(`\n## ${title}\n(missing: bench/${file})`);
    failed++;
    continue;
  }
  console.log(`\n## ${title}\n$ node bench/${file}`);
  const r = spawnSync(process.execPath, ['--expose-gc', path], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.log(`(bench/${file} exited with ${r.status ?? r.signal})`);
    failed++;
  }
}
process.exitCode = failed > 0 ? 1 : 0;
