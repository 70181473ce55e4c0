// `npx tsx test/cluster/start-cluster.ts [postgres://…]`: the test cluster, by hand. Starts a PostgreSQL of
// its own unless given a server URL, then temporal-server on it as test/cluster does, prints where it
// serves, and stops it (dropping its databases) on Ctrl-C.
import { type TestPostgres, startTestPostgres } from '../helpers/postgres';
import { startTestCluster } from './test-cluster';

const log = (line: string): void => console.log(`[cluster] ${line}`);

async function main(): Promise<void> {
  const given = process.argv[2];
  const postgres: TestPostgres | undefined = given ? undefined : await startTestPostgres();
  const cluster = await startTestCluster({ postgresUrl: given ?? postgres!.url, log });
  log(`TEMPORAL_ADDRESS=${cluster.address} TEMPORAL_NAMESPACE=${cluster.namespace}; Ctrl-C stops it`);
  const stop = async () => {
    await cluster.stop();
    await postgres?.stop();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop());
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
