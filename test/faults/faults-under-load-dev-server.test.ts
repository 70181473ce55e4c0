// The fault scenario on a standalone dev server whose state is a SQLite file.
import { startDevServerProcess } from '../helpers/temporal-under-test';
import { describeFaultsUnderLoad } from './faults-suite';

describeFaultsUnderLoad('a dev server (SQLite)', startDevServerProcess);
