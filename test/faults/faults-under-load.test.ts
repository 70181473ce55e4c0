// The fault scenario of faults-under-load.ts on both servers Afterward runs on: a standalone dev server whose
// state is a SQLite file, and a real Temporal cluster (temporal-server on PostgreSQL).
import { after, before, describe, it } from 'node:test';
import { startTestCluster } from '../cluster/test-cluster';
import { type TemporalUnderTest, startDevServerProcess } from '../helpers/temporal-under-test';
import { runFaultsUnderLoad } from './faults-under-load';

const SERVERS: [string, () => Promise<TemporalUnderTest>][] = [
  ['a dev server (SQLite)', startDevServerProcess],
  ['a Temporal cluster (PostgreSQL)', () => startTestCluster()],
];

for (const [name, start] of SERVERS) {
  describe(`faults under load on ${name}`, () => {
    let temporal: TemporalUnderTest;
    before(async () => {
      temporal = await start();
    });
    after(async () => {
      await temporal?.stop();
    });

    it('loses, fails and sends early no job when the worker and then the Temporal server are killed', async (t) => {
      t.diagnostic(await runFaultsUnderLoad(temporal));
    });
  });
}
