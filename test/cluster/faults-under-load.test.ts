// The fault scenario (test/faults/faults-under-load.ts) on a real Temporal cluster (temporal-server on PostgreSQL).
import { describeFaultsUnderLoad } from '../faults/faults-suite';
import { startTestCluster } from './test-cluster';

describeFaultsUnderLoad('a Temporal cluster (PostgreSQL)', () => startTestCluster());
