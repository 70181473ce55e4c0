import path from 'node:path';

/**
 * The Temporal cluster Afterward is proven on: test/cluster runs exactly this, and docker-compose.yml
 * must say the same (test/docker-compose.unit.test.ts checks it), so the topology users deploy is the tested one.
 */
export const TEMPORAL_SERVER_VERSION = '1.29.1';

export const clusterSettings = {
  serverModule: `go.temporal.io/server/cmd/server@v${TEMPORAL_SERVER_VERSION}`,
  sqlToolModule: `go.temporal.io/server/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`,
  numHistoryShards: 4,
  sqlPlugin: 'postgres12',
  /** Inside the server module (and the admin-tools image, under /etc/temporal/schema). */
  schemaDir: 'schema/postgresql/v12',
  databases: { main: 'temporal', visibility: 'temporal_visibility' },
  namespace: 'default',
  namespaceRetention: '72h',
  dynamicConfigFile: path.join(__dirname, 'dynamic-config.yaml'),
} as const;
