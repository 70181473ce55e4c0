// The stores' cases on the run's PostgreSQL (a fresh database each); stores-on-sqlite.unit.test.ts runs
// the same cases on SQLite, in the unit tier.
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
  describeStore('PostgreSQL');
}
