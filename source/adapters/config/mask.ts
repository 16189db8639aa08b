// Secrets never reach logs or screens: configs are masked before printing, free text is scrubbed.
import type { AppConfig } from '../../domain/config.js';

/** '8f3c…(masked)' for a long key, '(masked)' for a short one, '(unset)' when empty. */
export function maskKey(key: string): string {
  if (key === '') return '(unset)';
  // Show a 4-character prefix only when the key is long enough that it reveals little.
  return key.length >= 16 ? `${key.slice(0, 4)}…(masked)` : '(masked)';
}

/** A copy of the config that is safe to log or print. */
export function maskConfig(config: AppConfig): AppConfig {
  return { ...config, openalgo: { ...config.openalgo, apiKey: maskKey(config.openalgo.apiKey) } };
}

/** Replaces every occurrence of the API key (and its URL-encoded form) in `text`. */
export function maskSecrets(text: string, config: Pick<AppConfig, 'openalgo'>): string {
  const key = config.openalgo.apiKey;
  if (key === '') return text;
  const masked = maskKey(key);
  let out = text.split(key).join(masked);
  const encoded = encodeURIComponent(key);
  if (encoded !== key) out = out.split(encoded).join(masked);
  return out;
}
