export { ConfigError, formatIssue, type ConfigIssue } from './config-error.js';
export { resolveConfig, defaultStateDir, defaultConfigFile, ENV_KEYS, type ResolveConfigOptions, type ResolvedConfig } from './resolve.js';
export { maskConfig, maskSecrets, maskKey } from './mask.js';
export { findPackageRoot, packageRoot, packageVersion } from './package-root.js';
export { loadHolidayData, loadSessionCalendar, type LoadedHolidays, type LoadedCalendar } from './holidays-file.js';
export { appConfigSchema } from './schema.js';
