// The stores' cases on SQLite, a file in a temporary folder: no server. stores-on-postgres.test.ts runs
// the same cases on the run's PostgreSQL.
import { describeEveryStore } from './store-cases';

describeEveryStore('SQLite');
