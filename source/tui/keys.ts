// Key bindings as data (DESIGN.md §2). The same table drives input handling and the help overlay, so the
// two can never disagree. handleKey is pure: it returns reducer actions plus at most one effect that the
// app runs (a request to the engine, or quitting).
import type { RequestType } from './backend.js';
import type { Panel, PendingConfirm, ScrollPanel, TuiAction, TuiState } from './state/types.js';

/** 'up', 'down', 'pageup', 'pagedown', 'tab', 'shift-tab', 'escape', 'return', 'ctrl-c' or a printable character. */
export type KeyName = string;

/** The subset of Ink's Key the TUI reads; structural so this module never imports Ink. */
export interface KeyLike {
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly pageUp?: boolean;
  readonly pageDown?: boolean;
  readonly tab?: boolean;
  readonly shift?: boolean;
  readonly escape?: boolean;
  readonly return?: boolean;
  readonly ctrl?: boolean;
}

export function keyName(input: string, key: KeyLike): KeyName {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  if (key.escape) return 'escape';
  if (key.return) return 'return';
  if (key.ctrl && input === 'c') return 'ctrl-c';
  return input;
}

export type Command =
  | 'select-up'
  | 'select-down'
  | 'page-up'
  | 'page-down'
  | 'flatten'
  | 'flatten-all'
  | 'halt'
  | 'pause-resume'
  | 'toggle-debug'
  | 'focus-next'
  | 'focus-prev'
  | 'help'
  | 'quit';

export interface KeyBinding {
  readonly keys: readonly KeyName[];
  /** How the help overlay names the keys. */
  readonly label: string;
  readonly description: string;
  readonly command: Command;
  /** Closes positions: asks for `y` first. */
  readonly confirms: boolean;
  /** One word for the footer's key hints; bindings without it are listed only in the help overlay. */
  readonly hint?: string;
  /** Keys as the footer shows them when they differ from `label`. */
  readonly hintKeys?: string;
}

export const KEY_BINDINGS: readonly KeyBinding[] = [
  { keys: ['up', 'k'], label: '↑ k', description: 'select previous position (scroll when another panel has focus)', command: 'select-up', confirms: false },
  { keys: ['down', 'j'], label: '↓ j', description: 'select next position (scroll when another panel has focus)', command: 'select-down', confirms: false, hint: 'select', hintKeys: '↑↓' },
  { keys: ['pageup'], label: 'PgUp', description: 'scroll the focused panel back a page', command: 'page-up', confirms: false },
  { keys: ['pagedown'], label: 'PgDn', description: 'scroll the focused panel forward a page', command: 'page-down', confirms: false },
  { keys: ['f'], label: 'f', description: 'flatten the selected position', command: 'flatten', confirms: true, hint: 'flatten' },
  { keys: ['F'], label: 'F', description: 'flatten all positions', command: 'flatten-all', confirms: true, hint: 'all' },
  { keys: ['H'], label: 'H', description: 'halt: flatten all, block entries for the rest of the day', command: 'halt', confirms: true, hint: 'halt' },
  { keys: ['p'], label: 'p', description: 'pause / resume new entries', command: 'pause-resume', confirms: false, hint: 'pause' },
  { keys: ['d'], label: 'd', description: 'show / hide debug log lines', command: 'toggle-debug', confirms: false, hint: 'debug' },
  { keys: ['tab'], label: 'tab', description: 'move focus to the next panel', command: 'focus-next', confirms: false, hint: 'focus' },
  { keys: ['shift-tab'], label: 'shift-tab', description: 'move focus to the previous panel', command: 'focus-prev', confirms: false },
  { keys: ['?'], label: '?', description: 'this help (any key closes it)', command: 'help', confirms: false, hint: 'help' },
  { keys: ['q', 'ctrl-c'], label: 'q', description: 'quit (asks whether to stop an engine this TUI started)', command: 'quit', confirms: false, hint: 'quit' },
];

const BY_KEY: ReadonlyMap<KeyName, KeyBinding> = new Map(
  KEY_BINDINGS.flatMap((b) => b.keys.map((k) => [k, b] as const)),
);

export function bindingFor(name: KeyName): KeyBinding | undefined {
  return BY_KEY.get(name);
}

export type Effect =
  | {
      readonly kind: 'request';
      readonly action: string;
      readonly type: RequestType;
      readonly args?: Readonly<Record<string, unknown>>;
    }
  | { readonly kind: 'quit'; readonly stopEngine: boolean };

export interface KeyContext {
  /** Panels on screen, in focus order. */
  readonly panels: readonly Panel[];
  /** Rows a page scroll moves. */
  readonly pageSize: number;
  /** This TUI started the engine, so quitting asks whether to stop it. */
  readonly ownsEngine: boolean;
  /** What happens to open positions when the engine stops, for the quit prompt. */
  readonly stopNote?: string;
  readonly now: number;
}

export interface KeyResult {
  readonly actions: readonly TuiAction[];
  readonly effect: Effect | null;
}

const NOTHING: KeyResult = { actions: [], effect: null };
const act = (...actions: TuiAction[]): KeyResult => ({ actions, effect: null });

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function confirmAnswer(confirm: PendingConfirm, name: KeyName, now: number): KeyResult {
  if (confirm.kind === 'stop-engine') {
    if (name === 'y' || name === 'Y') return { actions: [], effect: { kind: 'quit', stopEngine: true } };
    if (name === 'n' || name === 'N' || name === 'return' || name === 'ctrl-c') {
      return { actions: [], effect: { kind: 'quit', stopEngine: false } };
    }
    return act({ type: 'cancel-confirm', at: now });
  }
  if (name !== 'y') return act({ type: 'cancel-confirm', at: now });
  const symbol = confirm.symbol ?? '';
  if (confirm.kind === 'flatten') {
    return {
      actions: [{ type: 'action-started', action: 'flatten', message: `flattening ${symbol}…`, at: now }],
      effect: { kind: 'request', action: 'flatten', type: 'flatten', args: { symbol } },
    };
  }
  const message = confirm.kind === 'halt' ? 'halting: flattening all…' : 'flattening all…';
  return {
    actions: [{ type: 'action-started', action: confirm.kind, message, at: now }],
    effect: { kind: 'request', action: confirm.kind, type: confirm.kind },
  };
}

function scrollPanel(focus: Panel): ScrollPanel | null {
  return focus === 'positions' ? null : focus;
}

/** Scroll delta for moving "up" by n rows: logs count their offset up from the newest line. */
function upDelta(panel: ScrollPanel, n: number): number {
  return panel === 'logs' ? n : -n;
}

function runCommand(state: TuiState, command: Command, ctx: KeyContext): KeyResult {
  const view = state.view;
  const open = view?.positions.length ?? 0;
  const panel = scrollPanel(state.focus);
  // PgUp/PgDn scroll the logs unless another scrollable panel has focus.
  const pagePanel = panel ?? 'logs';
  switch (command) {
    case 'select-up':
      return panel ? act({ type: 'scroll', panel, delta: upDelta(panel, 1) }) : act({ type: 'select', delta: -1 });
    case 'select-down':
      return panel ? act({ type: 'scroll', panel, delta: -upDelta(panel, 1) }) : act({ type: 'select', delta: 1 });
    case 'page-up':
      return act({ type: 'scroll', panel: pagePanel, delta: upDelta(pagePanel, ctx.pageSize) });
    case 'page-down':
      return act({ type: 'scroll', panel: pagePanel, delta: -upDelta(pagePanel, ctx.pageSize) });
    case 'flatten': {
      const pos = view?.positions.find((p) => p.symbol === state.selectedSymbol);
      if (!pos) return act({ type: 'notice', action: 'flatten', message: 'no position selected', at: ctx.now });
      return act({
        type: 'ask',
        confirm: { kind: 'flatten', symbol: pos.symbol, prompt: `Flatten ${pos.symbol} ${pos.side} ${pos.qty} at market?` },
      });
    }
    case 'flatten-all':
      if (open === 0) return act({ type: 'notice', action: 'flatten-all', message: 'no open positions', at: ctx.now });
      return act({ type: 'ask', confirm: { kind: 'flatten-all', prompt: `Flatten ALL ${plural(open, 'position')} at market?` } });
    case 'halt':
      return act({
        type: 'ask',
        confirm: { kind: 'halt', prompt: `HALT: flatten ${plural(open, 'position')} and block entries for the rest of the day?` },
      });
    case 'pause-resume': {
      if (!view) return act({ type: 'notice', action: 'pause', message: 'not connected to an engine', at: ctx.now });
      if (view.engineState === 'HALTED') {
        return act({ type: 'notice', action: 'resume', message: 'engine is HALTED until the next session', at: ctx.now });
      }
      const type = view.engineState === 'PAUSED' ? 'resume' : 'pause';
      return {
        actions: [{ type: 'action-started', action: type, message: type === 'pause' ? 'pausing entries…' : 'resuming entries…', at: ctx.now }],
        effect: { kind: 'request', action: type, type },
      };
    }
    case 'toggle-debug':
      return act({ type: 'toggle-debug' });
    case 'focus-next':
      return act({ type: 'focus', panels: ctx.panels, delta: 1 });
    case 'focus-prev':
      return act({ type: 'focus', panels: ctx.panels, delta: -1 });
    case 'help':
      return act({ type: 'help', open: !state.help });
    case 'quit': {
      if (!ctx.ownsEngine) return { actions: [], effect: { kind: 'quit', stopEngine: false } };
      const note = ctx.stopNote ? ` (${ctx.stopNote})` : '';
      return act({ type: 'ask', confirm: { kind: 'stop-engine', prompt: `Stop the engine? ${plural(open, 'position')} open${note}` } });
    }
  }
}

/** Interprets one key press against the current state. */
export function handleKey(state: TuiState, name: KeyName, ctx: KeyContext): KeyResult {
  if (state.confirm) return confirmAnswer(state.confirm, name, ctx.now);
  const binding = bindingFor(name);
  // Any key closes the help overlay; quit still quits.
  if (state.help) return binding?.command === 'quit' ? runCommand(state, 'quit', ctx) : act({ type: 'help', open: false });
  return binding ? runCommand(state, binding.command, ctx) : NOTHING;
}
