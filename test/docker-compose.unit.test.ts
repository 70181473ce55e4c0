import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../src/config';

// No Docker engine runs here, so the topology is checked statically: what `docker compose up` would read.
const ROOT = path.resolve(__dirname, '..');
const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'));
const services: Record<string, any> = compose.services;
const ours = ['api', 'worker'];

describe('docker-compose.yml', () => {
  it('has the Temporal cluster on PostgreSQL, its UI, Mailpit, and our api and worker', () => {
    assert.deepEqual(Object.keys(services).sort(), [
      'api',
      'mailpit',
      'postgresql',
      'temporal',
      'temporal-ui',
      'worker',
    ]);
    assert.match(services.temporal.image, /^temporalio\//);
    assert.equal(services.temporal.environment.DB, 'postgres12');
    assert.match(services['temporal-ui'].image, /^temporalio\/ui:/);
  });

  it('gives our services only variables that the config knows, with values it accepts', () => {
    for (const name of ours) {
      const env = services[name].environment as Record<string, string>;
      const unknown = Object.keys(env).filter((key) => !CONFIG_VARIABLES.includes(key));
      assert.deepEqual(unknown, [], `${name} sets variables the service never reads`);
      assert.doesNotThrow(() => loadConfig(env), `${name}'s environment is valid`);
      assert.equal(loadConfig(env).role, name);
      assert.ok(services[name].build, `${name} is built from the Dockerfile`);
    }
    assert.ok(fs.existsSync(path.join(ROOT, 'Dockerfile')));
  });

  it('lines up addresses, ports and dependencies', () => {
    for (const [name, service] of Object.entries(services)) {
      const deps = Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});
      for (const dep of deps) assert.ok(services[dep], `${name} depends on missing service ${dep}`);
    }
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
    assert.equal(api.HTTP_HOST, '0.0.0.0', 'the API listens beyond the container loopback');
  });

  it('lets the worker scale out and drain before Docker kills it', () => {
    const worker = services.worker;
    assert.equal(worker.ports, undefined, 'fixed ports would stop --scale worker=3');
    assert.equal(worker.container_name, undefined, 'a fixed name would stop --scale worker=3');
    const graceSeconds = Number(String(worker.stop_grace_period).replace(/s$/, ''));
    assert.ok(
      graceSeconds * 1000 > loadConfig(worker.environment).worker.shutdownGraceMs,
      'Docker waits longer than the worker drains',
    );
  });
});
