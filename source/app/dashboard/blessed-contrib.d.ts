// The small part of blessed-contrib 4.x the dashboard uses (the package ships no types).
declare module 'blessed-contrib' {
  import type { Widgets } from 'blessed';

  export interface LineSeriesData {
    title: string;
    x: string[];
    y: number[];
    style?: { line?: string };
  }

  export interface LineOptions extends Widgets.BoxOptions {
    showLegend?: boolean;
    legend?: { width?: number };
    minY?: number;
    maxY?: number;
    numYLabels?: number;
    xLabelPadding?: number;
    xPadding?: number;
    wholeNumbersOnly?: boolean;
    abbreviate?: boolean;
    showNthLabel?: number;
    style?: { line?: string; text?: string; baseline?: string } & Widgets.Types.TStyle;
  }

  export interface LineElement extends Widgets.BoxElement {
    /** Live options: minY/maxY are read on every setData. */
    options: LineOptions;
    setData(data: LineSeriesData[]): void;
  }

  type Factory<O, E> = (options: O) => E;

  export interface GridOptions {
    rows: number;
    cols: number;
    /** Any node the widgets are appended to (a screen or a box). */
    screen: Widgets.Node;
    hideBorder?: boolean;
    color?: string;
    dashboardMargin?: number;
  }

  export class grid {
    constructor(options: GridOptions);
    set<O, E>(row: number, col: number, rowSpan: number, colSpan: number, widget: Factory<O, E>, options: O): E;
  }

  export const line: Factory<LineOptions, LineElement>;
}
