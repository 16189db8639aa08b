// How engine updates become frames: folded into the next frame (newest view wins) while keys draw at once;
// and engine text that could break a frame (newlines, escapes, wide characters) cannot.
import React from 'react';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { TuiApp } from '../../source/tui/app.js';
import type { EngineView } from '../../source/domain/view.js';
import { FakeBackend, loadView } from './fake-backend.js';

const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 80));
// eslint-disable-next-line no-control-regex -- stripping ANSI colour codes is the point
const strip = (s: string): string => s.replace(/\u001B\[[0-9;]*m/g, '');

let cleanup: (() => void)[] = [];
afterEach(() => {
  cleanup.forEach((c) => c());
  cleanup = [];
});

const withTicks = (view: EngineView, ticks: number): EngineView => ({ ...view, feed: { ...view.feed, ticks } });

describe('frame pacing', () => {
  it('views arriving within a frame interval wait for the next frame; a key draws the newest at once', async () => {
    const backend = new FakeBackend();
    // A frame interval far longer than the test: only keys can draw the views.
    const r = render(<TuiApp backend={backend} onQuit={() => {}} size={{ columns: 80, rows: 24 }} clock={() => 0} tickMs={0} frameMs={600_000} />);
    cleanup.push(() => r.unmount());
    await flush();
    backend.phase('live');
    await flush();
    const base = loadView('quiet-morning');
    backend.state(withTicks(base, 1_111));
    backend.state(withTicks(base, 2_222));
    backend.state(withTicks(base, 3_333));
    await flush();
    expect(strip(r.lastFrame() ?? '')).toContain('connecting to the engine');
    r.stdin.write('d'); // any key that changes the state
    await flush();
    const f = strip(r.lastFrame() ?? '');
    expect(f).toContain('3,333 ticks');
    expect(f).toContain('debug on');
  });

  it('with frameMs 0 every view is drawn as it arrives', async () => {
    const backend = new FakeBackend();
    const r = render(<TuiApp backend={backend} onQuit={() => {}} size={{ columns: 80, rows: 24 }} clock={() => 0} tickMs={0} frameMs={0} />);
    cleanup.push(() => r.unmount());
    backend.phase('live');
    backend.state(withTicks(loadView('quiet-morning'), 4_444));
    await flush();
    expect(strip(r.lastFrame() ?? '')).toContain('4,444 ticks');
  });
});

describe('engine text cannot break the frame', () => {
  it('newlines, escapes and wide characters in log lines stay on their line and inside the width', async () => {
    const backend = new FakeBackend();
    const view = loadView('three-positions-halted');
    const r = render(<TuiApp backend={backend} onQuit={() => {}} size={{ columns: 80, rows: 24 }} clock={() => 0} tickMs={0} frameMs={0} />);
    cleanup.push(() => r.unmount());
    backend.phase('live');
    backend.state(view);
    backend.event({ type: 'log', record: { ts: view.clock.now, level: 'warn', msg: 'broker said:\nline two\u001B[2J\tand 注文が拒否されました 注文が拒否されました 注文が拒否されました' } });
    await flush();
    const lines = strip(r.lastFrame() ?? '').split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    const warn = lines.find((l) => l.includes('broker said:'));
    expect(warn).toMatch(/broker said: line two \[2J and 注文/);
    expect(warn?.endsWith('…')).toBe(true);
    // Each wide character takes two cells: the line is never wider than the terminal.
    for (const l of lines) expect([...l].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0), l).toBeLessThanOrEqual(80);
  });
});
