// The stores' cases on SQLite, a file in a temporary folder: no server. stores-on-postgres.test.ts runs
// the same cases on the run's PostgreSQL.
import { describeAuditChain } from './audit-store-chain.cases';
import { describeAuditList } from './audit-store-list.cases';
import { describeAuditStore } from './audit-store.cases';
import { describeSigningStore } from './tasks/signing-store.cases';
import { describeTypeStore } from './tasks/type-store.cases';
import { describeEndpointActivities } from './webhooks/endpoint-activities.cases';
import { describeEndpointEncryption } from './webhooks/endpoint-store-encryption.cases';
import { describeEndpointStore } from './webhooks/endpoint-store.cases';

for (const describeStore of [
  describeAuditStore,
  describeAuditChain,
  describeAuditList,
  describeSigningStore,
  describeTypeStore,
  describeEndpointStore,
  describeEndpointEncryption,
  describeEndpointActivities,
]) {
  describeStore('SQLite');
}
