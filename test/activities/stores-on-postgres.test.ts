// The stores' cases on the run's PostgreSQL (a fresh database each); stores-on-sqlite.unit.test.ts runs
// the same cases on SQLite, in the unit tier.
import { describeEveryStore } from './store-cases';

describeEveryStore('PostgreSQL');
