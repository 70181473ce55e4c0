// The server's config file for a test cluster: the module's own config/development-postgres12.yaml, with
// every port made free, the databases made this cluster's, and the shard count and dynamic config from
// src/temporal/cluster/settings.ts.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { clusterSettings } from '../../src/temporal/cluster/settings';
import { freePort } from '../helpers/free-port';
import type { ClusterDatabases } from './cluster-databases';

const SERVICES = ['frontend', 'history', 'matching', 'worker'] as const;
type Service = (typeof SERVICES)[number];

export interface ClusterPorts {
  grpc: Record<Service, number>;
  membership: Record<Service, number>;
  frontendHttp: number;
  pprof: number;
  metrics: number;
}

export async function freeClusterPorts(): Promise<ClusterPorts> {
  const perService = async (pick: () => Promise<number>) => {
    const ports: Partial<Record<Service, number>> = {};
    for (const service of SERVICES) ports[service] = await pick();
    return ports as Record<Service, number>;
  };
  const taken = new Set<number>();
  return {
    grpc: await perService(freePort),
    membership: await perService(() => freeMembershipPort(taken)),
    frontendHttp: await freePort(),
    pprof: await freePort(),
    metrics: await freePort(),
  };
}

/** The YAML text of the config for `ports` and `databases`, from the sample config in the server module at `moduleDir`. */
export function clusterConfig(moduleDir: string, ports: ClusterPorts, databases: ClusterDatabases): string {
  const config = parse(fs.readFileSync(path.join(moduleDir, 'config', 'development-postgres12.yaml'), 'utf8'));
  const persistence = config.persistence;
  persistence.numHistoryShards = clusterSettings.numHistoryShards;
  const stores = {
    [persistence.defaultStore]: { name: databases.main, maxConns: 8 },
    // SQL visibility on the same PostgreSQL: advanced visibility, custom search attributes included.
    [persistence.visibilityStore]: { name: databases.visibility, maxConns: 2 },
  };
  for (const [store, { name, maxConns }] of Object.entries(stores)) {
    Object.assign(persistence.datastores[store].sql, {
      pluginName: clusterSettings.sqlPlugin,
      databaseName: name,
      connectAddr: `${databases.host}:${databases.port}`,
      user: databases.user,
      password: databases.password,
      // Several clusters share the suite's PostgreSQL (100 connections): each of the four services has its own pools.
      maxConns,
      maxIdleConns: maxConns,
    });
  }
  for (const service of SERVICES) {
    Object.assign(config.services[service].rpc, {
      grpcPort: ports.grpc[service],
      membershipPort: ports.membership[service],
      bindOnLocalHost: true,
    });
  }
  config.services.frontend.rpc.httpPort = ports.frontendHttp;
  config.global.pprof.port = ports.pprof;
  config.global.metrics.prometheus.listenAddress = `127.0.0.1:${ports.metrics}`;
  const current = config.clusterMetadata.currentClusterName;
  config.clusterMetadata.clusterInformation[current].rpcAddress = `127.0.0.1:${ports.grpc.frontend}`;
  config.dynamicConfigClient.filepath = clusterSettings.dynamicConfigFile;
  return stringify(config);
}

/**
 * The PostgreSQL schema keeps a membership port in a SMALLINT (cluster_membership.rpc_port), so it must be
 * below 32768, where the kernel never hands out ephemeral ports: one is picked at random there and tried.
 */
async function freeMembershipPort(taken: Set<number>): Promise<number> {
  for (let tries = 0; tries < 200; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (taken.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no free port below 32768 for the cluster membership ring');
}
