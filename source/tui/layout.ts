// Pure layout arithmetic: given the terminal size and what there is to show, how many rows each panel
// gets. Components render exactly these rows, so a frame never grows past the terminal.
import type { Panel } from './state/types.js';

export const WIDE_MIN_COLUMNS = 120;
export const WIDE_MIN_ROWS = 30;
export const MIN_COLUMNS = 50;
export const MIN_ROWS = 14;

export interface LayoutInput {
  readonly columns: number;
  readonly rows: number;
  readonly positions: number;
  readonly banner: boolean;
  /** Lines the footer needs (outcome or confirm dialog). */
  readonly footerLines: number;
}

export interface Layout {
  readonly kind: 'compact' | 'wide' | 'too-small';
  readonly width: number;
  /** Lines used in total: one less than the terminal so Ink never falls back to clearing the screen. */
  readonly height: number;
  readonly leftWidth: number;
  readonly rightWidth: number;
  readonly headerLines: number;
  readonly bannerLines: number;
  /** Position body rows (excluding the title, column header and totals lines). */
  readonly positionRows: number;
  /** Constraints body lines (excluding the title). */
  readonly constraintLines: number;
  readonly logLines: number;
  readonly watchRows: number;
  readonly tradeRows: number;
  readonly footerLines: number;
  readonly panels: readonly Panel[];
}

const HEADER = 2;

export function computeLayout(input: LayoutInput): Layout {
  const width = Math.max(1, input.columns);
  const height = Math.max(1, input.rows - 1);
  const bannerLines = input.banner ? 1 : 0;
  const base = {
    width, height, leftWidth: width, rightWidth: 0, headerLines: HEADER, bannerLines,
    positionRows: 0, constraintLines: 0, logLines: 0, watchRows: 0, tradeRows: 0,
    footerLines: 0, panels: [] as Panel[],
  };
  if (input.columns < MIN_COLUMNS || input.rows < MIN_ROWS) return { ...base, kind: 'too-small' };

  const footerLines = Math.max(1, input.footerLines);
  const body = height - HEADER - bannerLines - footerLines;
  const wanted = Math.max(1, input.positions);

  if (input.columns >= WIDE_MIN_COLUMNS && input.rows >= WIDE_MIN_ROWS) {
    // Positions across the top, logs across the bottom; between them constraints over today's trades
    // on the left and the watchlist on the right.
    const leftWidth = Math.floor((width - 1) * 0.55);
    const rightWidth = width - leftWidth - 1;
    const logLines = Math.max(3, Math.floor(body * 0.25));
    const positionRows = Math.min(wanted, Math.max(1, body - 3 - (logLines + 1) - 10));
    const middle = body - (positionRows + 3) - (logLines + 1);
    const constraintLines = Math.min(7, Math.max(2, middle - 1 - 4));
    const tradeRows = Math.max(1, middle - (constraintLines + 1) - 2);
    const watchRows = Math.max(1, middle - 2);
    return {
      ...base, kind: 'wide', leftWidth, rightWidth, positionRows, constraintLines, logLines,
      watchRows, tradeRows, footerLines, panels: ['positions', 'watchlist', 'trades', 'logs'],
    };
  }

  // Compact: positions, a two-line constraints summary (dropped when there is no room), logs with the rest.
  const positionRows = Math.min(wanted, Math.max(1, body - 3 - 3 - 3));
  const constraintLines = body - (positionRows + 3) - 3 >= 2 ? 2 : 0;
  const constraintBlock = constraintLines > 0 ? constraintLines + 1 : 0;
  const logLines = body - (positionRows + 3) - constraintBlock - 1;
  if (logLines < 1) return { ...base, kind: 'too-small' };
  return { ...base, kind: 'compact', positionRows, constraintLines, logLines, footerLines, panels: ['positions', 'logs'] };
}
