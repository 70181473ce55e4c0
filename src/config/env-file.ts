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

const ASSIGNMENT = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;
const QUOTES = ['"', "'", '`'];

/**
 * Refuses what Node's lenient parser would silently drop or misread: a line that is not blank, a comment or
 * `NAME=value` (outside a quoted value over several lines), and a quote never closed. The message names the line,
 * never its text, which may hold a secret.
 */
function checkLines(text: string, file: string): void {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line || line.startsWith('#')) continue;
    const assignment = ASSIGNMENT.exec(line);
    if (!assignment) throw new ConfigError(`${file}:${i + 1} is not a NAME=value line (comments start with #)`);
    const [name, value] = [assignment[1]!, assignment[2]!];
    const quote = QUOTES.find((q) => value.startsWith(q));
    if (!quote || value.includes(quote, 1)) continue;
    const closing = lines.findIndex((l, j) => j > i && l.includes(quote));
    if (closing < 0)
      throw new ConfigError(`${file}:${i + 1}: the value of ${name} opens a quote (${quote}) that is never closed`);
    i = closing;
  }
}

/** The variables of an env file's text, read by Node's own parser once the lines are checked. */
export function parseEnvFile(text: string, file: string): Record<string, string> {
  checkLines(text, file);
  return parseEnv(text) as Record<string, string>;
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
