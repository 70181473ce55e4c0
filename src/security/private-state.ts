import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger';

/**
 * Afterward's local state (job inputs in the dev server's database, webhook secrets, outbox mail, API keys)
 * is for its owner only. The umask makes every file this process and the children it starts (the embedded
 * dev server, SQLite's WAL and SHM files) create owner-only, whatever they ask for; `tightenPrivateState`
 * mends what was written before, under a looser umask or by an older version.
 */
export const OWNER_ONLY_UMASK = 0o077;

const PRIVATE_DIR_MODE = 0o700;
const PRIVATE_FILE_MODE = 0o600;
const GROUP_OR_OTHER = 0o077;

export interface TightenedPath {
  path: string;
  from: string;
  to: string;
}

/** Makes files created from now on by this process and its children owner-only. */
export function restrictNewFiles(): void {
  process.umask(OWNER_ONLY_UMASK);
}

/**
 * Creates `dir` owner-only when missing; otherwise takes group and other access away from it and from every
 * file and folder under it. Returns what it changed, so the caller can say so.
 */
export function tightenPrivateDir(dir: string): TightenedPath[] {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const changed = [tighten(dir, PRIVATE_DIR_MODE)];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isSymbolicLink()) continue;
    changed.push(
      tighten(path.join(entry.parentPath, entry.name), entry.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE),
    );
  }
  return changed.filter((c): c is TightenedPath => c !== undefined);
}

/** A SQLite database file kept outside the data directory: the file and its WAL/SHM companions, where they exist. */
export function tightenPrivateFiles(files: readonly string[]): TightenedPath[] {
  return files
    .filter((file) => fs.existsSync(file))
    .map((file) => tighten(file, PRIVATE_FILE_MODE))
    .filter((c): c is TightenedPath => c !== undefined);
}

function tighten(file: string, mode: number): TightenedPath | undefined {
  const current = fs.statSync(file).mode & 0o777;
  if ((current & GROUP_OR_OTHER) === 0) return undefined;
  fs.chmodSync(file, mode);
  return { path: file, from: octal(current), to: octal(mode) };
}

const octal = (mode: number): string => mode.toString(8).padStart(3, '0');

/**
 * At start, before anything writes: new files owner-only, and the data directory and a SQLite database kept
 * elsewhere tightened, with a warning naming what was readable by others.
 */
export function secureLocalState(state: { dataDir: string; sqliteFile?: string }, logger: Logger): void {
  restrictNewFiles();
  const sqlite = state.sqliteFile ? [state.sqliteFile, `${state.sqliteFile}-wal`, `${state.sqliteFile}-shm`] : [];
  const changed = [...tightenPrivateDir(state.dataDir), ...tightenPrivateFiles(sqlite)];
  if (changed.length)
    logger.warn({ changed }, 'local state was readable by other users: made it owner-only (700 folders, 600 files)');
}
