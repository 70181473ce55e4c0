import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../src/config';
import { TEMPORAL_SERVER_VERSION, clusterSettings } from '../src/temporal/cluster/settings';

// No Docker engine runs here, so the topology is checked statically: what `docker compose up` would read.
const ROOT = path.resolve(__dirname, '..');
const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'));
const services: Record<string, any> = compose.services;
const ours = ['api', 'worker'];

/** What .env holds once written as docs/compose.md says. */
const DOT_ENV = { PAYLOAD_KEYS: `compose:${Buffer.alloc(32, 7).toString('base64')}` };

/** Compose's interpolation of `${NAME}`, `${NAME:-default}` and `${NAME:?error}` from .env. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_all, name: string, kind?: string, arg?: string) => {
    if (env[name]) return env[name];
    if (kind === '?') throw new Error(`${name}: ${arg}`);
    return kind === '-' ? arg! : '';
  });
}

const environment = (name: string, env: Record<string, string> = DOT_ENV): Record<string, string> =>
  Object.fromEntries(
    Object.entries(services[name].environment as Record<string, string>).map(([k, v]) => [k, interpolate(v, env)]),
  );

const dependsOn = (name: string): Record<string, { condition: string }> => services[name].depends_on ?? {};
/** The services something waits for to exit 0: they run once, and everything else runs on. */
const oneShots = new Set(
  Object.keys(services).flatMap((name) =>
    Object.entries(dependsOn(name))
      .filter(([, dep]) => dep.condition === 'service_completed_successfully')
      .map(([dep]) => dep),
  ),
);
const script = (name: string): string => [services[name].command].flat().join('\n');

describe('docker-compose.yml', () => {
  it('has the Temporal cluster on PostgreSQL with its setup steps, its UI, Mailpit, and our api and worker', () => {
    assert.deepEqual(Object.keys(services).sort(), [
      'api',
      'mailpit',
      'postgresql',
      'temporal',
      'temporal-namespace',
      'temporal-schema',
      'temporal-ui',
      'worker',
    ]);
    assert.deepEqual([...oneShots].sort(), ['temporal-namespace', 'temporal-schema']);
    for (const [name, service] of Object.entries(services))
      assert.doesNotMatch(String(service.image), /auto-setup/, `${name} uses the deprecated auto-setup image`);
    assert.match(services['temporal-ui'].image, /^temporalio\/ui:/);
  });

  it('runs the Temporal server version the tests run, with admin tools of the same version', () => {
    assert.equal(services.temporal.image, `temporalio/server:${TEMPORAL_SERVER_VERSION}`);
    for (const name of oneShots) {
      const [image, tag] = String(services[name].image).split(':');
      assert.equal(image, 'temporalio/admin-tools');
      assert.ok(tag!.split('-')[0] === TEMPORAL_SERVER_VERSION, `${name}'s admin tools ${tag} are for the server`);
    }
  });

  it('creates and migrates the databases with the schemas of clusterSettings before the server starts', () => {
    const schema = services['temporal-schema'];
    assert.equal(schema.environment.SQL_PLUGIN, clusterSettings.sqlPlugin);
    assert.equal(schema.environment.SQL_HOST, 'postgresql');
    const calls = [...script('temporal-schema').matchAll(/^\s*temporal-sql-tool (.+)$/gm)].map((m) => m[1]!.trim());
    // In the admin-tools image the server module's schema directory is under /etc/temporal.
    const schemaSubdir = { main: 'temporal', visibility: 'visibility' } as const;
    const expected = Object.entries(clusterSettings.databases).flatMap(([role, db]) => [
      `--db ${db} create-database`,
      `--db ${db} setup-schema -v 0.0`,
      `--db ${db} update-schema -d /etc/temporal/${clusterSettings.schemaDir}/${schemaSubdir[role as 'main']}/versioned`,
    ]);
    assert.deepEqual(calls, expected);
    assert.equal(dependsOn('temporal')['temporal-schema']?.condition, 'service_completed_successfully');
    assert.equal(dependsOn('temporal-schema').postgresql?.condition, 'service_healthy');
  });

  it('configures the server as clusterSettings says: plugin, databases, shards, dynamic config', () => {
    const env = environment('temporal');
    assert.equal(env.DB, clusterSettings.sqlPlugin);
    assert.equal(env.DBNAME, clusterSettings.databases.main);
    assert.equal(env.VISIBILITY_DBNAME, clusterSettings.databases.visibility);
    assert.equal(env.NUM_HISTORY_SHARDS, String(clusterSettings.numHistoryShards));
    const mounts = (services.temporal.volumes as string[]).map((v) => v.split(':'));
    const dynamicConfig = mounts.find(([, target]) => target === env.DYNAMIC_CONFIG_FILE_PATH);
    assert.ok(dynamicConfig, 'DYNAMIC_CONFIG_FILE_PATH is a mounted file');
    assert.equal(path.resolve(ROOT, dynamicConfig[0]!), clusterSettings.dynamicConfigFile);
  });

  it('creates the namespace of clusterSettings, with its retention, before our services start', () => {
    const text = script('temporal-namespace');
    assert.match(text, new RegExp(`namespace create --namespace ${clusterSettings.namespace} `));
    assert.match(text, new RegExp(`--retention ${clusterSettings.namespaceRetention}\\b`));
    assert.equal(
      services['temporal-namespace'].environment.TEMPORAL_ADDRESS,
      services.api.environment.TEMPORAL_ADDRESS,
    );
    assert.equal(dependsOn('temporal-namespace').temporal?.condition, 'service_healthy');
    for (const name of ours) {
      assert.equal(environment(name).TEMPORAL_NAMESPACE, clusterSettings.namespace);
      assert.equal(dependsOn(name)['temporal-namespace']?.condition, 'service_completed_successfully');
    }
  });

  it('gives every long-running service a healthcheck and a restart policy', () => {
    for (const [name, service] of Object.entries(services)) {
      if (oneShots.has(name)) {
        assert.match(String(service.restart ?? 'no'), /^(no|on-failure(:\d+)?)$/, `${name} runs once`);
        continue;
      }
      assert.ok(service.healthcheck?.test, `${name} has a healthcheck`);
      assert.ok(['always', 'unless-stopped'].includes(service.restart), `${name} restarts`);
      for (const [dep, { condition }] of Object.entries(dependsOn(name)))
        if (!oneShots.has(dep)) assert.equal(condition, 'service_healthy', `${name} waits for ${dep} to be healthy`);
    }
    const imageProbe = fs
      .readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')
      .match(/^HEALTHCHECK .*CMD (\[.*\])$/m)?.[1];
    for (const name of ours)
      assert.deepEqual(
        services[name].healthcheck.test,
        ['CMD', ...JSON.parse(imageProbe!)],
        `${name} probes as the image does`,
      );
  });

  it('gives our services only variables that the config knows, with values it accepts', () => {
    for (const name of ours) {
      const env = environment(name);
      const unknown = Object.keys(env).filter((key) => !CONFIG_VARIABLES.includes(key));
      assert.deepEqual(unknown, [], `${name} sets variables the service never reads`);
      assert.doesNotThrow(() => loadConfig(env), `${name}'s environment is valid`);
      assert.equal(loadConfig(env).role, name);
      assert.ok(services[name].build, `${name} is built from the Dockerfile`);
    }
    assert.ok(fs.existsSync(path.join(ROOT, 'Dockerfile')));
  });

  it('encrypts payloads with the PAYLOAD_KEYS of .env, which both roles must have', () => {
    for (const name of ours) {
      assert.deepEqual(loadConfig(environment(name)).temporal.payloadKeys, loadConfig(DOT_ENV).temporal.payloadKeys);
      assert.throws(() => environment(name, {}), /PAYLOAD_KEYS: .*docs\/compose\.md/, `${name} refuses to start plain`);
    }
  });

  it('keeps the API key file on a named volume, so a recreated container keeps its keys', () => {
    const api = loadConfig(environment('api'));
    const mounts = (services.api.volumes as string[]).map((v) => v.split(':'));
    const volume = mounts.find(([, target]) => api.auth.firstStartFile.startsWith(`${target}/`));
    assert.ok(volume, `${api.auth.firstStartFile} is on a volume`);
    assert.ok(Object.keys(compose.volumes).includes(volume[0]!), `${volume[0]} is a named volume`);
    assert.deepEqual(api.auth.keys, [], 'without API_KEYS in .env, the first start makes the key file');
    const withKeys = loadConfig(environment('api', { ...DOT_ENV, API_KEYS: `ci:jobs:write:${'a'.repeat(64)}` }));
    assert.deepEqual(
      withKeys.auth.keys.map((k) => k.name),
      ['ci'],
      'API_KEYS in .env reaches the API',
    );
  });

  it("has the Temporal UI decode payloads through the API's codec endpoint, which lets the UI's origin call it", () => {
    const ui = services['temporal-ui'];
    const endpoint = 'http://localhost:3000/codec/aft_key';
    assert.equal(
      environment('temporal-ui', { ...DOT_ENV, UI_CODEC_ENDPOINT: endpoint }).TEMPORAL_CODEC_ENDPOINT,
      endpoint,
    );
    const api = loadConfig(environment('api'));
    assert.ok(endpoint.startsWith(`${api.http.publicUrl}/codec/`), 'the documented endpoint is the API');
    const uiUrl = new URL(api.temporal.uiUrl);
    assert.ok(ui.ports.includes(`${uiUrl.port}:8080`), 'TEMPORAL_UI_URL (the codec CORS origin) is the UI');
    const docs = fs.readFileSync(path.join(ROOT, 'docs/compose.md'), 'utf8');
    assert.ok(docs.includes(`UI_CODEC_ENDPOINT=${api.http.publicUrl}/codec/`), 'docs/compose.md sets it');
  });

  it('lines up addresses, ports and dependencies', () => {
    for (const name of Object.keys(services))
      for (const dep of Object.keys(dependsOn(name)))
        assert.ok(services[dep], `${name} depends on missing service ${dep}`);
    for (const name of ours) {
      const [host, port] = String(services[name].environment.TEMPORAL_ADDRESS).split(':');
      assert.ok(services[host!], `${name} points at service ${host}`);
      assert.ok(
        services[host!].ports.some((p: string) => p.endsWith(`:${port}`)),
        `${host} serves port ${port}`,
      );
    }
    for (const name of ours) {
      const database = new URL(services[name].environment.DATABASE_URL);
      assert.ok(services[database.hostname], `${name}'s database host is a service`);
      assert.equal(
        database.pathname,
        `/${services.postgresql.environment.POSTGRES_DB}`,
        `${name} uses the database the postgresql service creates`,
      );
    }
    const smtp = new URL(services.worker.environment.SMTP_URL);
    assert.equal(smtp.hostname, 'mailpit', 'the worker sends mail to Mailpit');
    const api = services.api.environment;
    assert.ok(services.api.ports.includes(`${api.HTTP_PORT}:${api.HTTP_PORT}`), 'the API port is published');
    for (const name of ours)
      assert.equal(services[name].environment.HTTP_HOST, '0.0.0.0', `${name} listens beyond the container loopback`);
  });

  it("serves the worker's Temporal SDK metrics on the compose network", () => {
    const address = loadConfig(environment('worker')).worker.metricsAddress;
    assert.match(String(address), /^0\.0\.0\.0:\d+$/);
  });

  it('lets the worker scale out and drain before Docker kills it', () => {
    const worker = services.worker;
    assert.equal(worker.ports, undefined, 'fixed ports would stop --scale worker=3');
    assert.equal(worker.container_name, undefined, 'a fixed name would stop --scale worker=3');
    const graceSeconds = Number(String(worker.stop_grace_period).replace(/s$/, ''));
    assert.ok(
      graceSeconds * 1000 > loadConfig(environment('worker')).worker.shutdownGraceMs,
      'Docker waits longer than the worker drains',
    );
  });
});
