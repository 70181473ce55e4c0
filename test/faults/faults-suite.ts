// The fault scenario of faults-under-load.ts as a suite on one Temporal server. Each server has its own test
// file, test/faults/faults-under-load-dev-server.test.ts and test/cluster/faults-under-load.test.ts, so each run
// has a whole file's time budget, and the two sort apart, so the runner does not pair the two heaviest files.
import { after, before, describe, it } from 'node:test';
import type { TemporalUnderTest } from '../helpers/temporal-under-test';
import { runFaultsUnderLoad } from './faults-under-load';

export function describeFaultsUnderLoad(name: string, start: () => Promise<TemporalUnderTest>): void {
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
