// Terminal text for the frame, built once per line as a string: cell widths, clipping to a width, and the
// SGR codes for colour/bold/dim/inverse. Panels hand Ink finished lines instead of nested <Text> trees, so
// Ink neither measures nor wraps them (see components/line.tsx for why that matters).

export interface Style {
  readonly color?: string | undefined;
  readonly bold?: boolean | undefined;
  readonly dim?: boolean | undefined;
  readonly inverse?: boolean | undefined;
}

export interface Segment extends Style {
  readonly text: string;
}

/** One finished line: `text` carries the SGR codes, `plain` is what a screen reader (or a test) reads. */
export interface RenderedLine {
  readonly text: string;
  readonly plain: string;
}

// Glyphs the panels use that every terminal (and Ink's string-width) draws one cell wide.
const NARROW = new Set('₹·—–…↑↓→●░█▸✗⚑×§'.split('').map((c) => c.codePointAt(0)));

/**
 * Cells a code point takes, as an upper bound: printable ASCII and the glyphs above are 1; anything else
 * counts 2 (no character is wider), so a clipped line can come out a little short but never too wide.
 */
function codePointCells(cp: number): number {
  if (cp >= 0x20 && cp < 0x7f) return 1;
  if (cp >= 0xa0 && cp < 0x300) return 1; // Latin-1 and Latin Extended: narrow, never combining
  return NARROW.has(cp) ? 1 : 2;
}

/** True for text that needs no width table: printable ASCII only. */
const ASCII = /^[\x20-\x7e]*$/;

/** Control characters would move the cursor or break the line; engine text is shown with them as spaces. */
// eslint-disable-next-line no-control-regex -- replacing control characters is the point
const CONTROL = /[\x00-\x1f\x7f-\x9f]/g;

export function sanitize(s: string): string {
  return s.replace(CONTROL, ' ');
}

/** Upper bound of the cells `s` takes (exact for ASCII and the panel glyphs). */
export function cells(s: string): number {
  if (ASCII.test(s)) return s.length;
  let n = 0;
  for (const ch of s) n += codePointCells(ch.codePointAt(0) ?? 0x20);
  return n;
}

/** The longest prefix of `s` that fits in `width` cells. */
export function clipCells(s: string, width: number): string {
  if (width <= 0) return '';
  if (ASCII.test(s)) return s.length <= width ? s : s.slice(0, width);
  let used = 0;
  let end = 0;
  for (const ch of s) {
    const w = codePointCells(ch.codePointAt(0) ?? 0x20);
    if (used + w > width) break;
    used += w;
    end += ch.length;
  }
  return s.slice(0, end);
}

/**
 * Whether to emit colour codes: decided once, the way chalk (and so Ink's <Text>) decides for stdout —
 * FORCE_COLOR wins, NO_COLOR and TERM=dumb turn it off, otherwise a TTY gets colour.
 */
function detectColor(): boolean {
  const env = process.env;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return Boolean(process.stdout.isTTY);
}

let colorOn: boolean | null = null;
/** Overrides the detection (tests); `null` detects again. */
export function setColor(on: boolean | null): void {
  colorOn = on;
}
function useColor(): boolean {
  if (colorOn === null) colorOn = detectColor();
  return colorOn;
}

const FG: Readonly<Record<string, number>> = {
  black: 30, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, white: 37,
  gray: 90, grey: 90, blackBright: 90, redBright: 91, greenBright: 92, yellowBright: 93,
  blueBright: 94, magentaBright: 95, cyanBright: 96, whiteBright: 97,
};

const sameStyle = (a: Style, b: Style): boolean =>
  a.color === b.color && Boolean(a.bold) === Boolean(b.bold) && Boolean(a.dim) === Boolean(b.dim) && Boolean(a.inverse) === Boolean(b.inverse);

/** Joins neighbours with the same style: fewer SGR codes for Ink to tokenise per frame. */
export function mergeSegments(segments: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    if (s.text === '') continue;
    const last = out[out.length - 1];
    if (last && sameStyle(last, s)) out[out.length - 1] = { ...last, text: last.text + s.text };
    else out.push(s);
  }
  return out;
}

function open(s: Style, lineInverse: boolean): string {
  let codes = '';
  if (s.bold) codes += ';1';
  if (s.dim) codes += ';2';
  if (s.inverse && !lineInverse) codes += ';7';
  const fg = s.color !== undefined ? FG[s.color] : undefined;
  if (fg !== undefined) codes += `;${fg}`;
  return codes === '' ? '' : `\u001B[${codes.slice(1)}m`;
}

function close(s: Style, lineInverse: boolean): string {
  let codes = '';
  if (s.color !== undefined && FG[s.color] !== undefined) codes += ';39';
  if (s.inverse && !lineInverse) codes += ';27';
  if (s.bold || s.dim) codes += ';22';
  return codes === '' ? '' : `\u001B[${codes.slice(1)}m`;
}

/**
 * Styles and clips segments to one line of at most `width` cells. `inverse` highlights the whole line
 * (a selected row). Engine-supplied text has its control characters replaced first.
 */
export function renderLine(segments: readonly Segment[], width: number, inverse = false): RenderedLine {
  if (width <= 0) return { text: '', plain: '' };
  const color = useColor();
  const parts = mergeSegments(segments).map((s) => ({ style: s, text: sanitize(s.text) }));
  let total = 0;
  for (const p of parts) total += cells(p.text);
  // A line that does not fit keeps its last cell for '…', marking the cut as a truncating <Text> would.
  const cut = total > width;
  let room = cut ? width - 1 : width;
  let plain = '';
  let text = '';
  for (const p of parts) {
    const w = cells(p.text);
    const shown = w <= room ? p.text : `${clipCells(p.text, room)}…`;
    plain += shown;
    text += color ? open(p.style, inverse) + shown + close(p.style, inverse) : shown;
    if (w > room) break;
    room -= w;
  }
  if (inverse && color && plain !== '') text = `\u001B[7m${text}\u001B[27m`;
  return { text, plain };
}

/** A one-style line. */
export function plainLine(text: string, width: number, style: Style = {}): RenderedLine {
  return renderLine([{ text, ...style }], width);
}
