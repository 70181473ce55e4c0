// npm run docs:config prints the configuration table from the schemas; `-- --write` puts it in docs/configuration.md.
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_DOC, configTable, tableSpan } from './docs';

const table = configTable();
if (process.argv.includes('--write')) {
  const file = path.resolve(__dirname, '../..', CONFIG_DOC);
  const page = fs.readFileSync(file, 'utf8');
  const { start, end } = tableSpan(page);
  fs.writeFileSync(file, page.slice(0, start) + table + page.slice(end));
} else {
  console.log(table);
}
