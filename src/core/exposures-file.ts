// Reads and writes the dbt exposures file (`exposures.path`) inside the workspace, without trusting the
// path: no folder on its way and not the file itself may be a symbolic link (nothing is read or written
// through one, wherever it points), missing folders are made one by one, and the file is replaced whole
// (README, "dbt exposures"; SECURITY.md). Refusals are values that say how to fix them.
import { chmod, lstat, mkdir, open, realpath, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ConfigRefusedError, readConfigFile } from './read-config.js';

/**
 * The most an existing exposures file may hold to be read and compared. A file of 10,000 exposures is
 * about 3 MiB (docs/benchmarks.md); what this bounds is a path that names a dump or a log by mistake.
 */
export const MAX_EXPOSURES_FILE_BYTES = 64 * 1024 * 1024;

/** Why the exposures file was neither read nor written. `folder` is relative to the workspace. */
export type ExposuresFileRefusal =
  | { kind: 'folder-is-link'; folder: string }
  | { kind: 'folder-is-file'; folder: string }
  | { kind: 'file-is-link' }
  | { kind: 'not-regular'; what: string }
  | { kind: 'too-large' };

export class ExposuresFileRefusedError extends Error {
  constructor(readonly refusal: ExposuresFileRefusal) {
    super(`exposures file refused: ${refusal.kind}`);
    this.name = 'ExposuresFileRefusedError';
  }
}

/** The exposures file of one workspace; paths are `exposures.path`, relative to it (checkExposuresPath). */
export interface ExposuresFileAccess {
  /** The file's text, or undefined when neither it nor a folder on its way exists yet. */
  read(relativePath: string): Promise<string | undefined>;
  /** Writes `text` as the whole file (a new file renamed over the old one), making missing folders. */
  write(relativePath: string, text: string): Promise<void>;
}

export function createWorkspaceExposuresFiles(workspace: string): ExposuresFileAccess {
  return {
    async read(relativePath) {
      const folder = await walkFolders(workspace, relativePath, false);
      if (folder === undefined) return undefined;
      const file = path.join(folder, path.basename(relativePath));
      if ((await inspectFile(file)) === 'missing') return undefined;
      try {
        return await readConfigFile(file, MAX_EXPOSURES_FILE_BYTES);
      } catch (error) {
        if (error instanceof ConfigRefusedError && error.refusal.kind === 'not-regular') {
          throw new ExposuresFileRefusedError({ kind: 'not-regular', what: error.refusal.what });
        }
        if (error instanceof ConfigRefusedError) throw new ExposuresFileRefusedError({ kind: 'too-large' });
        throw error;
      }
    },
    async write(relativePath, text) {
      const folder = (await walkFolders(workspace, relativePath, true)) ?? workspace;
      const name = path.basename(relativePath);
      const file = path.join(folder, name);
      const existing = await inspectFile(file);
      // A name of its own in the same folder, so that the rename is atomic and replaces, never follows.
      // node:crypto is loaded here, not at start: a validation never writes (README, "Performance").
      const { randomBytes } = await import('node:crypto');
      const temporary = path.join(folder, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
      const handle = await open(temporary, 'wx');
      try {
        await handle.writeFile(text, 'utf8');
      } finally {
        await handle.close();
      }
      try {
        if (existing !== 'missing') await chmod(temporary, existing.mode & 0o777);
        await rename(temporary, file);
      } catch (error) {
        await unlink(temporary).catch(() => undefined);
        throw error;
      }
    },
  };
}

/**
 * The real folder that holds the file: each folder of `relativePath` below the workspace (whose own path
 * may hold links: it is resolved once), refused when it is a symbolic link or a file. A missing folder is
 * made when `isMaking`, else the answer is undefined (nothing to read).
 */
async function walkFolders(
  workspace: string,
  relativePath: string,
  isMaking: boolean,
): Promise<string | undefined> {
  const segments = relativePath.split('/').filter((segment) => segment !== '' && segment !== '.');
  let current = await realpath(workspace);
  for (const [index, segment] of segments.slice(0, -1).entries()) {
    const next = path.join(current, segment);
    const folder = segments.slice(0, index + 1).join('/');
    let stats = await lstat(next).catch(ignoreMissing);
    if (stats === undefined) {
      if (!isMaking) return undefined;
      await mkdir(next).catch((error: NodeJS.ErrnoException) => {
        // Made meanwhile by someone else: judged below like any folder found.
        if (error.code !== 'EEXIST') throw error;
      });
      stats = await lstat(next);
    }
    if (stats.isSymbolicLink()) throw new ExposuresFileRefusedError({ kind: 'folder-is-link', folder });
    if (!stats.isDirectory()) throw new ExposuresFileRefusedError({ kind: 'folder-is-file', folder });
    current = next;
  }
  return current;
}

/** The file's mode when it is a regular file, 'missing' when there is none; refused otherwise. */
async function inspectFile(file: string): Promise<{ mode: number } | 'missing'> {
  const stats = await lstat(file).catch(ignoreMissing);
  if (stats === undefined) return 'missing';
  if (stats.isSymbolicLink()) throw new ExposuresFileRefusedError({ kind: 'file-is-link' });
  if (stats.isDirectory()) throw new ExposuresFileRefusedError({ kind: 'not-regular', what: 'a folder' });
  if (!stats.isFile()) {
    throw new ExposuresFileRefusedError({
      kind: 'not-regular',
      what: stats.isFIFO() ? 'a named pipe (FIFO)' : stats.isSocket() ? 'a socket' : 'a device',
    });
  }
  return { mode: stats.mode };
}

function ignoreMissing(error: NodeJS.ErrnoException): undefined {
  if (error.code === 'ENOENT') return undefined;
  throw error;
}

/** What went wrong with the exposures file at `shownPath` (`exposures.path`), and how to fix it. */
export function describeExposuresFileError(error: unknown, shownPath: string): string {
  const notWritten = 'so the exposures file was not written';
  if (error instanceof ExposuresFileRefusedError) {
    const { refusal } = error;
    switch (refusal.kind) {
      case 'folder-is-link':
        return `${shownPath}: the folder ${refusal.folder} is a symbolic link, ${notWritten}: it is only written in real folders of the workspace, wherever a link points. Replace the link with the folder itself, or set exposures.path to a path without links.`;
      case 'folder-is-file':
        return `${shownPath}: ${refusal.folder} is a file, not a folder, ${notWritten}. Set exposures.path to a path in a folder of the dbt project.`;
      case 'file-is-link':
        return `${shownPath}: is a symbolic link, ${notWritten} through it (nor read): delete the link (a regular file is written in its place) or set exposures.path elsewhere.`;
      case 'not-regular':
        return `${shownPath}: is not a regular file (${refusal.what}), ${notWritten}. Set exposures.path to the file's own path, e.g. models/omni_exposures/omni_exposures.yml.`;
      case 'too-large':
        return `${shownPath}: is larger than ${MAX_EXPOSURES_FILE_BYTES / 1024 / 1024} MiB, the most an exposures file may be read at, ${notWritten}. Check that exposures.path names the exposures file and not another one.`;
    }
  }
  const code = (error as NodeJS.ErrnoException).code;
  return `${shownPath}: could not be read or written (${code ?? String(error)}), ${notWritten}.`;
}
