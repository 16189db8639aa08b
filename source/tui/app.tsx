// The TUI root: owns the reducer, subscribes to the backend, turns keys into actions and effects, and
// tracks the terminal size. Everything it draws comes from <Screen>, which is props-only.
import React, { useCallback, useEffect, useRef, useState } from 'react';
import { useInput, useStdin, useStdout } from 'ink';
import { summarizeReply, type TuiBackend } from './backend.js';
import { handleKey, keyName, type Effect, type KeyContext } from './keys.js';
import { initialState, reducer } from './state/reducer.js';
import type { TuiAction, TuiState } from './state/types.js';
import { layoutFor, Screen } from './components/screen.js';

export interface QuitRequest {
  /** True when the user asked to stop the engine this TUI started. */
  readonly stopEngine: boolean;
  readonly openPositions: number;
}

export interface TuiAppProps {
  readonly backend: TuiBackend;
  readonly onQuit: (request: QuitRequest) => void;
  /** This TUI started the engine: quitting asks whether to stop it. */
  readonly ownsEngine?: boolean;
  /** What stopping the engine does to open positions, shown in the quit prompt. */
  readonly stopNote?: string;
  /** Start with debug log lines visible (the engine runs with --debug). */
  readonly debugLogs?: boolean;
  /** Fixed terminal size (tests, bench); otherwise the stdout's size, following resizes. */
  readonly size?: { readonly columns: number; readonly rows: number };
  /** Local wall clock, injectable so frames are deterministic in tests. */
  readonly clock?: () => number;
  /** How often the header clock advances between engine updates; 0 disables. */
  readonly tickMs?: number;
  /**
   * Least time between frames for what the engine pushes (views, log lines, the clock tick): what arrives
   * in between is folded into the next frame, newest view wins. Keys and connection changes draw at once.
   * Defaults to Ink's frame interval at TUI_MAX_FPS; 0 draws every update.
   */
  readonly frameMs?: number;
}

function useTerminalSize(fixed: TuiAppProps['size']): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = useCallback(() => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 }), [stdout]);
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed) return undefined;
    const onResize = (): void => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, read, fixed]);
  return fixed ?? size;
}

/** Engine time for the header: the view's clock advanced by local time since it arrived (× sim speed). */
export function engineNow(state: TuiState, localNow: number): number | null {
  if (!state.view || state.viewAt === null) return null;
  const elapsed = Math.max(0, localNow - state.viewAt);
  return state.view.clock.now + elapsed * state.view.clock.speed;
}

/**
 * Frames per second Ink may draw. The engine publishes at most 10 Hz and nobody reads prices faster than
 * a few times a second; 8 keeps key feedback under ~125 ms while drawing fewer frames than updates arrive.
 */
export const TUI_MAX_FPS = 8;

/** Ink's frame interval at TUI_MAX_FPS: engine updates are folded into frames this far apart. */
const FRAME_MS = Math.ceil(1000 / TUI_MAX_FPS);

export function TuiApp(props: TuiAppProps): React.JSX.Element {
  const { backend, onQuit, ownsEngine = false, stopNote, tickMs = 1000, frameMs = FRAME_MS } = props;
  const clock = props.clock ?? Date.now;
  // The reducer runs on every action (keys can arrive faster than React renders, and every view must
  // reach the state); React sees the result at most once per frame interval. `n` forces a render when
  // only the clock moved.
  const [initial] = useState(() => initialState({ debugLogs: props.debugLogs ?? false }));
  const stateRef = useRef<TuiState>(initial);
  const [shown, setShown] = useState({ state: initial, n: 0 });
  const state = shown.state;
  const { columns, rows } = useTerminalSize(props.size);
  const { isRawModeSupported } = useStdin();
  const lastDraw = useRef(-Infinity);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  const draw = useCallback(() => {
    if (pending.current) clearTimeout(pending.current);
    pending.current = null;
    lastDraw.current = performance.now();
    setShown((prev) => ({ state: stateRef.current, n: prev.n + 1 }));
  }, []);

  const scheduleDraw = useCallback(
    (urgent: boolean) => {
      if (urgent || frameMs <= 0) return draw();
      if (pending.current) return undefined; // the pending frame will show this too
      const wait = lastDraw.current + frameMs - performance.now();
      if (wait <= 0) return draw();
      pending.current = setTimeout(draw, wait);
      return undefined;
    },
    [frameMs, draw],
  );
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
      pending.current = null;
    },
    [],
  );

  const apply = useCallback(
    (actions: readonly TuiAction[], urgent: boolean) => {
      let next = stateRef.current;
      for (const a of actions) next = reducer(next, a);
      if (next === stateRef.current) return;
      stateRef.current = next;
      scheduleDraw(urgent);
    },
    [scheduleDraw],
  );

  useEffect(() => {
    const offs = [
      backend.onPhase((phase, detail) => {
        apply([{ type: 'phase', phase, ...(detail !== undefined ? { detail } : {}), at: clock() }], true);
        if (phase === 'live') apply([{ type: 'snapshot-logs', records: backend.snapshotLogs() }], true);
      }),
      backend.onState((view) => apply([{ type: 'state', view, at: clock() }], false)),
      backend.onEvent((event) => apply([{ type: 'event', event }], false)),
    ];
    const seed = backend.snapshotLogs();
    if (seed.length > 0) apply([{ type: 'snapshot-logs', records: seed }], true);
    return () => offs.forEach((off) => off());
  }, [backend, apply, clock]);

  useEffect(() => {
    if (tickMs <= 0) return undefined;
    const t = setInterval(() => scheduleDraw(false), tickMs);
    return () => clearInterval(t);
  }, [tickMs, scheduleDraw]);

  const runEffect = useCallback(
    (effect: Effect) => {
      if (effect.kind === 'quit') {
        onQuit({ stopEngine: effect.stopEngine, openPositions: stateRef.current.view?.positions.length ?? 0 });
        return;
      }
      backend
        .request(effect.type, effect.args)
        .then((reply) => summarizeReply(reply))
        .catch((err: unknown) => ({ ok: false, message: err instanceof Error ? err.message : String(err), closed: [] }))
        .then((summary) => apply([{ type: 'action-finished', action: effect.action, summary, at: clock() }], true));
    },
    [backend, onQuit, apply, clock],
  );

  const onKey = useCallback(
    (name: string) => {
      const current = stateRef.current;
      const layout = layoutFor(current, columns, rows);
      const ctx: KeyContext = {
        panels: layout.panels,
        pageSize: Math.max(1, layout.logLines - 1),
        ownsEngine,
        ...(stopNote !== undefined ? { stopNote } : {}),
        now: clock(),
      };
      const result = handleKey(current, name, ctx);
      apply(result.actions, true);
      if (result.effect) runEffect(result.effect);
    },
    [columns, rows, ownsEngine, stopNote, clock, apply, runEffect],
  );

  useInput(
    (input, key) => {
      // Ink hands over printable keys that arrive in one read (fast typing, a slow link, tmux send-keys)
      // as one string; each character is a key press of its own.
      const name = keyName(input, key);
      const chars = [...input];
      if (name === input && chars.length > 1 && !key.ctrl && !key.meta) {
        for (const c of chars) onKey(c);
      } else {
        onKey(name);
      }
    },
    // Without a TTY on stdin (piped, CI) Ink cannot read keys; the screen still renders.
    { isActive: isRawModeSupported },
  );

  const now = engineNow(state, clock());
  // The header shows whole seconds; a steady value lets an unchanged header skip rendering.
  return <Screen state={state} columns={columns} rows={rows} now={now === null ? null : Math.floor(now / 1000) * 1000} />;
}

