import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config';
import { connectionSecurity } from '../../src/temporal/connection';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-temporal-profile-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A file in the test's directory; PEM contents are only carried, never parsed, until a connection is made. */
function file(name: string, text: string): string {
  const full = path.join(dir, name);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text);
  return full;
}

const cert = file('client.pem', 'CLIENT CERT');
const key = file('client.key', 'CLIENT KEY');
const ca = file('ca.pem', 'SERVER CA');
const toml = file(
  'temporal.toml',
  `[profile.default]
address = "dev.internal:7233"

[profile.prod]
address = "prod.acct.tmprl.cloud:7233"
namespace = "prod.acct"
api_key = "from-the-profile"

[profile.mtls]
address = "mtls.internal:7233"
[profile.mtls.tls]
client_cert_path = "${cert}"
client_key_path = "${key}"
server_name = "temporal.internal"
`,
);

const connect = (env: NodeJS.ProcessEnv) => {
  const { temporal } = loadConfig(env);
  return { address: temporal.address, namespace: temporal.namespace, ...connectionSecurity(temporal) };
};
const configError = (pattern: RegExp) => (err: Error) =>
  err instanceof ConfigError && pattern.test(err.message) && !err.message.includes('\n');

describe('the Temporal connection settings, read as the temporal CLI reads them (envconfig)', () => {
  it('connects without TLS to nothing when nothing is set: the embedded dev server', () => {
    assert.deepEqual(connect({}), {
      address: undefined,
      namespace: 'default',
      tls: undefined,
      apiKey: undefined,
      metadata: undefined,
    });
  });

  it('reads the standard names: address, namespace, API key, mTLS files, CA, server name, gRPC headers', () => {
    const settings = connect({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_NAMESPACE: 'jobs',
      TEMPORAL_API_KEY: 'k',
      TEMPORAL_TLS_CLIENT_CERT_PATH: cert,
      TEMPORAL_TLS_CLIENT_KEY_PATH: key,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: ca,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      TEMPORAL_GRPC_META_X_TENANT: 'acme',
    });
    assert.equal(settings.address, 'temporal.internal:7233');
    assert.equal(settings.namespace, 'jobs');
    assert.equal(settings.apiKey, 'k');
    assert.deepEqual(settings.metadata, { 'x-tenant': 'acme' });
    const tls = settings.tls as Exclude<typeof settings.tls, boolean | undefined>;
    assert.equal(tls.serverNameOverride, 'temporal.internal');
    assert.equal(Buffer.from(tls.serverRootCACertificate!).toString(), 'SERVER CA');
    assert.equal(Buffer.from(tls.clientCertPair!.crt).toString(), 'CLIENT CERT');
    assert.equal(Buffer.from(tls.clientCertPair!.key).toString(), 'CLIENT KEY');
  });

  it('takes PEM text in the _DATA names', () => {
    const { tls } = connect({ TEMPORAL_TLS_CLIENT_CERT_DATA: 'CERT TEXT', TEMPORAL_TLS_CLIENT_KEY_DATA: 'KEY TEXT' });
    const pair = (tls as Exclude<typeof tls, boolean | undefined>).clientCertPair!;
    assert.deepEqual([Buffer.from(pair.crt).toString(), Buffer.from(pair.key).toString()], ['CERT TEXT', 'KEY TEXT']);
  });

  it('turns TLS on for an API key, as Temporal Cloud requires, and TEMPORAL_TLS=false turns it off', () => {
    assert.equal(connect({ TEMPORAL_API_KEY: 'k' }).tls, true);
    assert.equal(connect({ TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'false' }).tls, false);
    assert.deepEqual(connect({ TEMPORAL_TLS: 'true' }).tls, {
      serverNameOverride: undefined,
      serverRootCACertificate: undefined,
      clientCertPair: undefined,
    });
  });

  it('reads a profile of the TOML file that TEMPORAL_CONFIG_FILE names, the default one unless TEMPORAL_PROFILE says', () => {
    assert.equal(connect({ TEMPORAL_CONFIG_FILE: toml }).address, 'dev.internal:7233');
    const prod = connect({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'prod' });
    assert.deepEqual(
      [prod.address, prod.namespace, prod.apiKey, prod.tls],
      ['prod.acct.tmprl.cloud:7233', 'prod.acct', 'from-the-profile', true],
    );
    const mtls = connect({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'mtls' });
    const tls = mtls.tls as Exclude<typeof mtls.tls, boolean | undefined>;
    assert.equal(tls.serverNameOverride, 'temporal.internal');
    assert.equal(Buffer.from(tls.clientCertPair!.crt).toString(), 'CLIENT CERT');
  });

  it("finds the CLI's own file where the CLI keeps it, $XDG_CONFIG_HOME/temporalio/temporal.toml", () => {
    const home = path.join(dir, 'xdg');
    file('xdg/temporalio/temporal.toml', '[profile.default]\naddress = "from-the-cli-file:7233"\n');
    assert.equal(connect({ XDG_CONFIG_HOME: home }).address, 'from-the-cli-file:7233');
    assert.equal(connect({}).address, undefined, 'without a file location nothing is read');
  });

  it("lets the variables override the profile's settings", () => {
    const env = { TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'prod' };
    const overridden = connect({
      ...env,
      TEMPORAL_ADDRESS: 'other:7233',
      TEMPORAL_NAMESPACE: 'other',
      TEMPORAL_API_KEY: 'k2',
    });
    assert.deepEqual([overridden.address, overridden.namespace, overridden.apiKey], ['other:7233', 'other', 'k2']);
    assert.equal(connect({ ...env, TEMPORAL_TLS: 'false' }).tls, false);
    const mtls = connect({
      TEMPORAL_CONFIG_FILE: toml,
      TEMPORAL_PROFILE: 'mtls',
      TEMPORAL_TLS_SERVER_NAME: 'sni.other',
    });
    const tls = mtls.tls as Exclude<typeof mtls.tls, boolean | undefined>;
    assert.equal(tls.serverNameOverride, 'sni.other');
    assert.ok(tls.clientCertPair, "the profile's other TLS settings stay");
  });

  it('still reads the older TLS names as aliases, and refuses both names at once', () => {
    const settings = connect({ TEMPORAL_TLS_CERT_PATH: cert, TEMPORAL_TLS_KEY_PATH: key, TEMPORAL_TLS_CA_PATH: ca });
    const tls = settings.tls as Exclude<typeof settings.tls, boolean | undefined>;
    assert.equal(Buffer.from(tls.clientCertPair!.key).toString(), 'CLIENT KEY');
    assert.equal(Buffer.from(tls.serverRootCACertificate!).toString(), 'SERVER CA');
    assert.throws(
      () => loadConfig({ TEMPORAL_TLS_CA_PATH: ca, TEMPORAL_TLS_SERVER_CA_CERT_PATH: ca }),
      configError(/^TEMPORAL_TLS_SERVER_CA_CERT_PATH and TEMPORAL_TLS_CA_PATH are both set/),
    );
  });

  it('names the variable when a setting is wrong, in one line', () => {
    const missing = path.join(dir, 'missing.pem');
    assert.throws(() => loadConfig({ TEMPORAL_TLS: 'yes' }), configError(/^TEMPORAL_TLS="yes" is invalid/));
    assert.throws(
      () => loadConfig({ TEMPORAL_TLS_CLIENT_CERT_PATH: missing, TEMPORAL_TLS_CLIENT_KEY_PATH: key }),
      configError(/^TEMPORAL_TLS_CLIENT_CERT_PATH=".*missing\.pem" is invalid: no such file/),
    );
    assert.throws(
      () => loadConfig({ TEMPORAL_TLS_CERT_PATH: missing, TEMPORAL_TLS_KEY_PATH: key }),
      configError(/^TEMPORAL_TLS_CERT_PATH=".*missing\.pem" is invalid: no such file/),
      'an alias is named as it was set',
    );
    assert.throws(
      () => loadConfig({ TEMPORAL_TLS_CLIENT_CERT_PATH: cert }),
      configError(/TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH .* go together/),
    );
    assert.throws(
      () => loadConfig({ TEMPORAL_CONFIG_FILE: path.join(dir, 'missing.toml') }),
      configError(/^TEMPORAL_CONFIG_FILE=".*missing\.toml" is invalid: no such file/),
    );
    assert.throws(
      () => loadConfig({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'staging' }),
      configError(/^TEMPORAL_PROFILE="staging" is invalid: TEMPORAL_CONFIG_FILE .*temporal\.toml has no such profile/),
    );
    assert.throws(
      () => loadConfig({ TEMPORAL_CONFIG_FILE: file('broken.toml', '[profile.default\naddress = 1') }),
      configError(/^TEMPORAL_CONFIG_FILE .*broken\.toml is invalid: /),
    );
    assert.throws(
      () => loadConfig({ TEMPORAL_CONFIG_FILE: file('empty.toml', '# no profiles yet\n') }),
      configError(/empty\.toml is invalid: it has no \[profile\.<name>\] table/),
    );
    const badPath = file('bad-path.toml', `[profile.default.tls]\nserver_ca_cert_path = "${missing}"\n`);
    assert.throws(
      () => loadConfig({ TEMPORAL_CONFIG_FILE: badPath }),
      configError(/bad-path\.toml is invalid: tls\.server_ca_cert_path .*missing\.pem: no such file/),
    );
    assert.throws(
      () =>
        loadConfig({
          TEMPORAL_TLS_CLIENT_CERT_PATH: cert,
          TEMPORAL_TLS_CLIENT_CERT_DATA: 'PEM',
          TEMPORAL_TLS_CLIENT_KEY_PATH: key,
        }),
      configError(/^TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_CERT_DATA are both set/),
    );
  });
});
