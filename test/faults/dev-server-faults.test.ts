// The fault scenario of faults-under-load.ts on a standalone dev server whose state is a SQLite file.
import { after, before, describe, it } from 'node:test';
import { type TemporalUnderTest, startDevServerProcess } from '../helpers/temporal-under-test';
import { runFaultsUnderLoad } from './faults-under-load';

describe('faults under load on a dev server (SQLite)', () => {
  let temporal: TemporalUnderTest;
  before(async () => {
    temporal = await startDevServerProcess();
  });
  after(async () => {
    await temporal.stop();
  });

  it('loses, fails and sends early no job when the worker and then the Temporal server are killed', async (t) => {
    t.diagnostic(await runFaultsUnderLoad(temporal));
  });
});
