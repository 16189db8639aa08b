import { describe, expect, it } from 'vitest';
import { maskConfig, maskKey, maskSecrets, resolveConfig } from '../../../source/adapters/config/index.js';
import { sandbox } from './helpers.js';

const KEY = '8f3c1d2e9a7b6c5d4e3f2a1b0c9d8e7f';

describe('secrets', () => {
  const sb = sandbox();
  const { config } = resolveConfig({ flags: {}, env: { HOME: sb.home, OPENALGO_API_KEY: KEY }, cwd: sb.root, packageRoot: sb.pkg });
  sb.cleanup();

  it('maskConfig hides the key and keeps everything else', () => {
    const masked = maskConfig(config);
    expect(masked.openalgo.apiKey).toBe('8f3c…(masked)');
    expect(JSON.stringify(masked)).not.toContain(KEY);
    expect(masked.risk).toEqual(config.risk);
    expect(config.openalgo.apiKey).toBe(KEY); // the original is untouched
  });
  it('unset and short keys', () => {
    expect(maskKey('')).toBe('(unset)');
    expect(maskKey('abc123')).toBe('(masked)');
  });
  it('maskSecrets scrubs every occurrence, also URL-encoded', () => {
    const cfg = { openalgo: { ...config.openalgo, apiKey: 'k+y/secret=value123' } };
    const text = 'POST {"apikey":"k+y/secret=value123"} url ?apikey=k%2By%2Fsecret%3Dvalue123 again k+y/secret=value123';
    const out = maskSecrets(text, cfg);
    expect(out).not.toContain('secret');
    expect(out.match(/\(masked\)/g)).toHaveLength(3);
    expect(maskSecrets('nothing here', { openalgo: { ...config.openalgo, apiKey: '' } })).toBe('nothing here');
  });
});
