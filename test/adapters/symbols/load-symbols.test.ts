import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSymbols, SymbolListError } from '../../../source/adapters/symbols/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'algo-tui-symbols-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const csv = (text: string): string => {
  const file = path.join(dir, `list${n++}.csv`);
  writeFileSync(file, text);
  return file;
};
const fails = (text: string): string => {
  const file = csv(text);
  try {
    loadSymbols(file, null, repo);
  } catch (e) {
    expect(e).toBeInstanceOf(SymbolListError);
    return (e as Error).message.replace(file, 'FILE');
  }
  throw new Error('expected a SymbolListError');
};

describe('packaged lists', () => {
  it('test list: 12–15 liquid names including M&M and BAJAJ-AUTO, no index', () => {
    const { symbols, file, warnings } = loadSymbols('test', null, repo);
    expect(file).toBe(path.join(repo, 'symbol_list_test.csv'));
    expect(warnings).toEqual([]);
    expect(symbols.length).toBeGreaterThanOrEqual(12);
    expect(symbols.length).toBeLessThanOrEqual(15);
    expect(symbols).toEqual(expect.arrayContaining(['RELIANCE', 'HDFCBANK', 'INFY', 'M&M', 'BAJAJ-AUTO']));
    expect(symbols).not.toContain('NIFTY');
  });
  it('live list: 100 distinct NIFTY 100 names', () => {
    const { symbols, warnings } = loadSymbols('live', null, repo);
    expect(warnings).toEqual([]);
    expect(symbols).toHaveLength(100);
  });
});

describe('a user file', () => {
  it('trims, upper-cases, keeps order and takes the first N', () => {
    const file = csv('Symbol\n reliance \nInfy\nM&M\nbajaj-auto\n\n\n');
    expect(loadSymbols(file, null, repo).symbols).toEqual(['RELIANCE', 'INFY', 'M&M', 'BAJAJ-AUTO']);
    expect(loadSymbols(file, 2, repo).symbols).toEqual(['RELIANCE', 'INFY']);
  });
  it('a relative path resolves against the cwd given', () => {
    csv('Symbol\nTCS\n');
    expect(loadSymbols(`list${n - 1}.csv`, null, repo, dir).symbols).toEqual(['TCS']);
  });
  it('drops duplicates with a warning naming both lines', () => {
    const file = csv('Symbol\nTCS\nINFY\ntcs\n');
    const { symbols, warnings } = loadSymbols(file, null, repo);
    expect(symbols).toEqual(['TCS', 'INFY']);
    expect(warnings).toEqual([`${file}:4: duplicate symbol TCS (first on line 2) dropped`]);
  });
  it('warns when N exceeds the list', () => {
    expect(loadSymbols(csv('Symbol\nTCS\n'), 5, repo).warnings[0]).toMatch(/only 1/);
  });
});

describe('malformed files fail with file:line and the value', () => {
  it.each([
    ['Symbol\nTCS\nRELI ANCE\n', 'FILE:3: invalid symbol "RELI ANCE"'],
    ['Symbol\nTCS\nINFY;\n', 'FILE:3: invalid symbol "INFY;"'],
    ['Symbol\nTCS\n\nINFY\n', 'FILE:3: empty symbol'],
    ['Symbol\nTCS\nINFY,NSE\n', 'FILE:3: expected one column (Symbol), found 2: "INFY,NSE"'],
    ['Ticker\nTCS\n', 'FILE:1: expected the header "Symbol", found "Ticker"'],
    ['Symbol\n', 'FILE: no symbols after the header'],
    ['', 'FILE:1: expected the header "Symbol"'],
    ['Symbol\n"TCS\n', 'FILE'],
  ])('%j', (text, expected) => {
    expect(fails(text)).toContain(expected);
  });
  it('a missing file', () => {
    expect(() => loadSymbols(path.join(dir, 'nope.csv'), null, repo)).toThrow(/nope\.csv: no such file/);
  });
  it('a bad max-symbols', () => {
    expect(() => loadSymbols('test', 0, repo)).toThrow(/expected an integer ≥ 1/);
  });
});
