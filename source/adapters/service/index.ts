export { ServiceConfigError, cliPathFor, requireAbsolute, type ServiceSpec } from './service-spec.js';
export { SYSTEMD_UNIT_NAME, renderSystemdUnit, systemdEnvFilePath, systemdNextSteps, systemdUnitPath, type SystemdScope } from './systemd.js';
export {
  LAUNCHD_LABEL,
  launchdNextSteps,
  launchdPaths,
  launchdReloadSteps,
  renderLaunchdPlist,
  shellQuote,
  supportsEnvFile,
  type LaunchdPaths,
} from './launchd.js';
export { ENV_FILE_TEMPLATE, ensureDir, ensureEnvFile, writeReplacing, type Owner } from './install-files.js';
export { invokingUser, type InvokingUser, type InvokingUserOptions } from './invoking-user.js';
