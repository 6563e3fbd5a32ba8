// The configuration: one file per concern declares its variables (name, schema with default and
// description, where each lands in the config object); `AppConfig` is inferred from them.
export { ConfigError, loadConfig } from './load.ts';
export type { AppConfig } from './sections.ts';
