import fs from 'node:fs';
import { type ClientConfigProfile, type ConfigDataSource, loadClientConfigProfile } from '@temporalio/envconfig';
import { ConfigError } from './config-error';
import type { Env } from './read-env';
import type { temporalVariables } from './temporal';

type TemporalEnv = Env<typeof temporalVariables>;

/**
 * The connection settings under the names every Temporal SDK and the `temporal` CLI read (envconfig), so
 * Afterward and the CLI connect alike. They reach envconfig as Afterward parsed them: older names folded
 * into these, wrong values already refused with the variable named.
 */
const STANDARD_NAMES = [
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_API_KEY',
  'TEMPORAL_TLS',
  'TEMPORAL_TLS_CLIENT_CERT_PATH',
  'TEMPORAL_TLS_CLIENT_CERT_DATA',
  'TEMPORAL_TLS_CLIENT_KEY_PATH',
  'TEMPORAL_TLS_CLIENT_KEY_DATA',
  'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
  'TEMPORAL_TLS_SERVER_CA_CERT_DATA',
  'TEMPORAL_TLS_SERVER_NAME',
  'TEMPORAL_CONFIG_FILE',
  'TEMPORAL_PROFILE',
] as const satisfies readonly (keyof TemporalEnv)[];

/** What envconfig also reads from the environment: where the default file is, and gRPC headers by prefix. */
const PASSED_THROUGH = /^(HOME|XDG_CONFIG_HOME|APPDATA|TEMPORAL_GRPC_META_\w+)$/;

/** The profile's TLS files, by the variable that overrides each and its key in the TOML file. */
const TLS_FILES = [
  ['clientCert', 'TEMPORAL_TLS_CLIENT_CERT_PATH', 'client_cert_path'],
  ['clientKey', 'TEMPORAL_TLS_CLIENT_KEY_PATH', 'client_key_path'],
  ['serverCACert', 'TEMPORAL_TLS_SERVER_CA_CERT_PATH', 'server_ca_cert_path'],
] as const;

/** The connection profile: the config file's (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE), the variables over it. */
export function readTemporalProfile(e: TemporalEnv, env: NodeJS.ProcessEnv): ClientConfigProfile {
  const overrideEnvVars: Record<string, string> = {};
  for (const [name, value] of Object.entries(env))
    if (value !== undefined && PASSED_THROUGH.test(name)) overrideEnvVars[name] = value;
  for (const name of STANDARD_NAMES) if (e[name] !== undefined) overrideEnvVars[name] = String(e[name]);
  let profile: ClientConfigProfile;
  try {
    profile = loadClientConfigProfile({ overrideEnvVars });
  } catch (err) {
    throw profileError(e, err as Error);
  }
  checkTls(profile, e);
  return profile;
}

const configFile = (e: TemporalEnv): string =>
  e.TEMPORAL_CONFIG_FILE ? `TEMPORAL_CONFIG_FILE ${e.TEMPORAL_CONFIG_FILE}` : 'the Temporal config file';

function profileError(e: TemporalEnv, err: Error): ConfigError {
  const missing = /^Profile '(.*)' not found/.exec(err.message);
  if (missing)
    return new ConfigError(`TEMPORAL_PROFILE="${missing[1]}" is invalid: ${configFile(e)} has no such profile`);
  const both = /^Cannot specify both (\w+)_path and \1_data/.exec(err.message);
  if (both) {
    const name = `TEMPORAL_TLS_${both[1]!.toUpperCase()}`;
    return new ConfigError(`${name}_PATH and ${name}_DATA are both set (or ${configFile(e)} has both): keep one`);
  }
  // envconfig trips over a file without profiles (TypeError) where the CLI reads none: say what is missing.
  if (err instanceof TypeError) return new ConfigError(`${configFile(e)} is invalid: it has no [profile.<name>] table`);
  return new ConfigError(`${configFile(e)} is invalid: ${err.message.split('\n')[0]}`);
}

/** A file the profile names is there, and a client certificate comes with its key, before any connection is tried. */
function checkTls({ tls }: ClientConfigProfile, e: TemporalEnv): void {
  if (!tls || tls.disabled) return;
  for (const [field, variable, key] of TLS_FILES) {
    const source: ConfigDataSource | undefined = tls[field];
    // A path the variable gave was checked as it was read; this one is the file's.
    if (source && 'path' in source && e[variable] === undefined && !fs.existsSync(source.path))
      throw new ConfigError(`${configFile(e)} is invalid: tls.${key} ${source.path}: no such file`);
  }
  if (Boolean(tls.clientCert) !== Boolean(tls.clientKey))
    throw new ConfigError(
      'TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH (or their _DATA forms, or tls.client_cert_* and tls.client_key_* in the profile) go together: set both',
    );
}
