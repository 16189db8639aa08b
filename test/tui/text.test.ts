import { afterEach, describe, expect, it } from 'vitest';
import { cells, clipCells, plainLine, renderLine, sanitize, setColor } from '../../source/tui/text.js';

afterEach(() => setColor(null));

describe('cells and clipping', () => {
  it('counts ASCII and the panel glyphs one cell each, anything else two (an upper bound)', () => {
    expect(cells('INFY 1,598.45')).toBe(13);
    expect(cells('₹·—–…↑↓→●░█▸✗⚑×')).toBe(15);
    expect(cells('漢字')).toBe(4);
    expect(cells('🚀')).toBe(2);
  });

  it('clips to whole characters that fit', () => {
    expect(clipCells('abcdef', 3)).toBe('abc');
    expect(clipCells('₹1,234', 2)).toBe('₹1');
    expect(clipCells('a漢字', 2)).toBe('a');
    expect(clipCells('abc', 0)).toBe('');
  });

  it('replaces control characters, so engine text cannot break or move a line', () => {
    expect(sanitize('a\nb\tc\u001B[2Jd')).toBe('a b c [2Jd');
  });
});

describe('renderLine', () => {
  it('marks a cut with … and never exceeds the width', () => {
    setColor(false);
    const l = renderLine([{ text: 'BHARTIARTL ' }, { text: 'LONG', color: 'green' }, { text: ' 162 units' }], 16);
    expect(l.plain).toBe('BHARTIARTL LONG…');
    expect(l.text).toBe(l.plain);
    expect(renderLine([{ text: 'exactly10!' }], 10).plain).toBe('exactly10!');
    expect(renderLine([{ text: '漢字漢字' }], 5).plain).toBe('漢字…');
    expect(renderLine([{ text: 'abc' }], 0).plain).toBe('');
  });

  it('emits SGR codes per style run, merging neighbours with the same style', () => {
    setColor(true);
    const l = renderLine([{ text: '+₹1,234.50', color: 'green', bold: true }, { text: ' a' }, { text: 'b' }, { text: 'LIVE', color: 'red', inverse: true }], 40);
    expect(l.plain).toBe('+₹1,234.50 abLIVE');
    expect(l.text).toBe('\u001B[1;32m+₹1,234.50\u001B[39;22m ab\u001B[7;31mLIVE\u001B[39;27m');
  });

  it('an inverse line wraps the whole content once; segments do not end it early', () => {
    setColor(true);
    const l = renderLine([{ text: 'INFY ' }, { text: 'SHORT', color: 'magenta', inverse: true }], 20, true);
    expect(l.text).toBe('\u001B[7mINFY \u001B[35mSHORT\u001B[39m\u001B[27m');
  });

  it('without colour, the text is the plain text', () => {
    setColor(false);
    expect(plainLine('no trades yet', 80, { dim: true })).toEqual({ text: 'no trades yet', plain: 'no trades yet' });
  });
});
