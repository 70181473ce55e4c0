// npm run docs:config prints README's configuration table from the schemas; `-- --write` puts it in README.md.
import fs from 'node:fs';
import path from 'node:path';
import { configTable, tableSpan } from './docs';

const table = configTable();
if (process.argv.includes('--write')) {
  const file = path.resolve(__dirname, '../../README.md');
  const readme = fs.readFileSync(file, 'utf8');
  const { start, end } = tableSpan(readme);
  fs.writeFileSync(file, readme.slice(0, start) + table + readme.slice(end));
} else {
  console.log(table);
}
