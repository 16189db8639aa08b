// stdout of a real child process is a pipe (not a terminal): the engine's logger writes JSON lines there.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleChild, runChild } from '../store/helpers/bundle.js';

const SECRET = 'oa_live_0123456789abcdef';
let root: string;
let script: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'algo-log-proc-'));
  script = await bundleChild(join(import.meta.dirname, 'helpers', 'log-child.ts'), root);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

it('writes JSON lines to a non-TTY stdout, human lines to the day file, and no secret anywhere', async () => {
  const dir = join(root, 'state');
  const run = runChild(script, [dir], { TEST_SECRET: SECRET });
  const { code } = await run.exited;
  expect(run.stderr()).toBe('');
  expect(code).toBe(0);
  const lines = run.stdout().trimEnd().split('\n');
  expect(lines).toHaveLength(3);
  const docs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(docs.map((d) => d.level)).toEqual(['info', 'warn', 'error']);
  expect(docs[0]).toEqual({ level: 'info', time: Date.parse('2026-11-21T03:50:01.123Z'), msg: 'entry filled', symbol: 'SBIN', qty: 180 });
  expect(docs[1]?.msg).toBe('connecting to ws://127.0.0.1:8765?apikey=****');
  expect(docs[2]?.apiKey).toBe('[REDACTED]');
  const file = await readFile(join(dir, 'live_trading_20261121.log'), 'utf8');
  expect(file.split('\n')[0]).toBe('2026-11-21 09:20:01.123 IST INFO  entry filled symbol=SBIN qty=180');
  expect(run.stdout() + file).not.toContain(SECRET);
});
