// npm run openapi:types prints the TypeScript types of /openapi.json; `-- --write` puts them in src/client/api-types.ts.
import fs from 'node:fs';
import { API_TYPES_FILE, openApiTypes } from './openapi-types';

void openApiTypes().then((types) => {
  if (process.argv.includes('--write')) fs.writeFileSync(API_TYPES_FILE, types);
  else process.stdout.write(types);
});
