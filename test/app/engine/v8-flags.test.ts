import { describe, expect, it } from 'vitest';
import { ENGINE_V8_FLAGS, engineV8Flags } from '../../../source/app/engine/v8-flags.js';

describe('engineV8Flags', () => {
  it('sets --optimize-for-size by default', () => {
    expect(ENGINE_V8_FLAGS).toBe('--optimize-for-size');
    expect(engineV8Flags({}, [])).toEqual(['--optimize-for-size']);
  });

  it('takes ALGO_TUI_ENGINE_V8_FLAGS instead, and an empty value sets nothing', () => {
    expect(engineV8Flags({ ALGO_TUI_ENGINE_V8_FLAGS: '--max-semi-space-size=2  --heap-growing-percent=30' }, [])).toEqual([
      '--max-semi-space-size=2',
      '--heap-growing-percent=30',
    ]);
    expect(engineV8Flags({ ALGO_TUI_ENGINE_V8_FLAGS: '' }, [])).toEqual([]);
    expect(engineV8Flags({ ALGO_TUI_ENGINE_V8_FLAGS: 'optimize-for-size' }, [])).toEqual([]);
  });

  it("leaves a flag node was started with (either polarity, - or _) to the operator", () => {
    expect(engineV8Flags({}, ['--no-optimize-for-size'])).toEqual([]);
    expect(engineV8Flags({}, ['--optimize_for_size'])).toEqual([]);
    expect(engineV8Flags({ ALGO_TUI_ENGINE_V8_FLAGS: '--optimize-for-size --max-semi-space-size=4' }, ['--max-semi-space-size=1'])).toEqual(['--optimize-for-size']);
  });
});
