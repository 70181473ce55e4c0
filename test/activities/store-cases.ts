// Every store's cases, for one database: stores-on-sqlite.unit.test.ts and stores-on-postgres.test.ts run them all,
// so a store added here runs on both.
import type { Dialect } from '../helpers/audit-stack';
import { describeAuditChain } from './audit-store-chain.cases';
import { describeAuditList } from './audit-store-list.cases';
import { describeAuditStore } from './audit-store.cases';
import { describeEmailTemplateStore } from './email-templates/template-store.cases';
import { describeSigningStore } from './tasks/signing-store.cases';
import { describeTypeStore } from './tasks/type-store.cases';
import { describeEndpointActivities } from './webhooks/endpoint-activities.cases';
import { describeEndpointEncryption } from './webhooks/endpoint-store-encryption.cases';
import { describeEndpointStore } from './webhooks/endpoint-store.cases';

export function describeEveryStore(dialect: Dialect): void {
  for (const describeStore of [
    describeAuditStore,
    describeAuditChain,
    describeAuditList,
    describeSigningStore,
    describeTypeStore,
    describeEndpointStore,
    describeEndpointEncryption,
    describeEndpointActivities,
    describeEmailTemplateStore,
  ]) {
    describeStore(dialect);
  }
}
