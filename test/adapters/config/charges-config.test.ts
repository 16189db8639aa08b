// The `charges` block: packaged defaults, overrides, and errors that name the key and the allowed range.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig, type ResolveConfigOptions } from '../../../source/adapters/config/index.js';
import { DEFAULT_CHARGE_RATES } from '../../../source/domain/charges.js';
import { sandbox, type Sandbox } from './helpers.js';

let sb: Sandbox;
beforeEach(() => {
  sb = sandbox();
});
afterEach(() => sb.cleanup());

const opts = (over: Partial<ResolveConfigOptions> = {}): ResolveConfigOptions => ({ flags: {}, env: { HOME: sb.home }, cwd: sb.root, packageRoot: sb.pkg, ...over });

function errorOf(content: unknown): string {
  const file = sb.write('c.json', content);
  try {
    resolveConfig(opts({ configFile: file }));
  } catch (e) {
    if (e instanceof ConfigError) return e.message.replaceAll(file, 'FILE');
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('config charges', () => {
  it('config/default.json carries the documented defaults', () => {
    expect(resolveConfig(opts()).config.charges).toEqual(DEFAULT_CHARGE_RATES);
  });

  it('a file overrides single rates (deep merge), and brokeragePct null means a flat fee', () => {
    const file = sb.write('c.json', { charges: { brokeragePerOrder: 0, brokeragePct: null, gstPct: 0 } });
    expect(resolveConfig(opts({ configFile: file })).config.charges).toEqual({ ...DEFAULT_CHARGE_RATES, brokeragePerOrder: 0, brokeragePct: null, gstPct: 0 });
  });

  it.each<[unknown, string]>([
    [{ charges: { sttSellPct: -0.025 } }, 'charges.sttSellPct = -0.025 in FILE: expected a number from 0 to 1 with at most 7 decimal places'],
    [{ charges: { sttSellPct: 2.5 } }, 'charges.sttSellPct = 2.5 in FILE: expected a number from 0 to 1 with at most 7 decimal places'],
    [{ charges: { exchangeTxnPct: 0.000000297 } }, 'charges.exchangeTxnPct = 2.97e-7 in FILE: expected a number from 0 to 1 with at most 7 decimal places'],
    [{ charges: { brokeragePerOrder: '20' } }, 'charges.brokeragePerOrder = "20" in FILE: expected a number from 0 to 1000 with at most 2 decimal places'],
    [{ charges: { brokeragePerOrder: 20.005 } }, 'charges.brokeragePerOrder = 20.005 in FILE: expected a number from 0 to 1000 with at most 2 decimal places'],
    [{ charges: { brokeragePct: 6 } }, 'charges.brokeragePct = 6 in FILE: expected a number from 0 to 5 with at most 7 decimal places'],
    [{ charges: { sebiFeePerCrore: 5000 } }, 'charges.sebiFeePerCrore = 5000 in FILE: expected a number from 0 to 1000 with at most 2 decimal places'],
    [{ charges: { stampDutyBuyPct: null } }, 'charges.stampDutyBuyPct = null in FILE: expected a number from 0 to 1 with at most 7 decimal places'],
    [{ charges: { gstPct: 180 } }, 'charges.gstPct = 180 in FILE: expected a number from 0 to 50 with at most 7 decimal places'],
  ])('%j', (content, expected) => {
    expect(errorOf(content)).toContain(expected);
  });

  it('an unknown key names the near miss and what is allowed', () => {
    const msg = errorOf({ charges: { sttSelPct: 0.1 } });
    expect(msg).toContain('charges.sttSelPct = 0.1 in FILE: unknown key (did you mean "sttSellPct"?)');
    expect(msg).toContain('allowed here: brokeragePerOrder');
  });
});
