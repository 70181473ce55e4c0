import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from './config-error';
import { optionalString } from './values';

export const envFileVariables = {
  ENV_FILE: optionalString
    .meta({ shownDefault: '`.env`' })
    .describe(
      'file of `NAME=value` lines read at start (skipped when the default `.env` is missing); a variable set in the environment wins over the file; set in the environment only',
    ),
};

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const QUOTES = ['"', "'", '`'];

/** The variables of an env file's text (Node's own parser), refusing what that parser would silently take apart. */
export function parseEnvFile(text: string, file: string): Record<string, string> {
  const values = parseEnv(text) as Record<string, string>;
  for (const [name, value] of Object.entries(values)) {
    if (!NAME.test(name)) {
      // Node's parser joins a line without `=` to the next line's name.
      const start = name.split('\n')[0]!.trim();
      const at = text.split('\n').findIndex((line) => line.trim().startsWith(start)) + 1;
      throw new ConfigError(`${file}:${at} is not a NAME=value line: ${JSON.stringify(start)}`);
    }
    const quote = QUOTES.find((q) => value.startsWith(q));
    if (quote && !value.includes(quote, 1))
      throw new ConfigError(`${file}: the value of ${name} opens a quote (${quote}) that is never closed`);
  }
  return values;
}

/**
 * Reads ENV_FILE (from the environment: a line of the file cannot move it), else `.env` in `cwd`, into `env`,
 * leaving every variable `env` already has (even empty) as it is. Answers the file and the names it set; nothing
 * when the default `.env` does not exist. A file that cannot be read or parsed throws a ConfigError naming it.
 */
export function loadEnvFile(
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): { file: string; names: string[] } | undefined {
  const given = env.ENV_FILE?.trim();
  const file = path.resolve(cwd, given || '.env');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (!given && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(
      `${given ? `ENV_FILE=${given}` : '.env'}: ${file} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  const names: string[] = [];
  for (const [name, value] of Object.entries(parseEnvFile(text, file))) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    names.push(name);
  }
  return { file, names };
}
