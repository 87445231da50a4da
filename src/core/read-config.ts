// Reads the config file for either front end, without trusting its path: the action reads only a file
// inside the workspace (symbolic links resolved, the file's and its folders'), and both front ends read
// only a regular file of at most MAX_CONFIG_BYTES, through one handle (README, "Inputs"; SECURITY.md).
// A file that cannot or may not be read becomes a message that says how to fix it, in the front end's terms.
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { FrontEndTerms } from './terms.js';

/**
 * The most a config file may hold. The largest real configs are a few KB (fifty connections take 4 KB, a
 * connection with environments about 1 KB), so 1 MiB is a thousand connections with room to spare, still
 * parsed in well under a second; what it bounds is a path that points at a log, a dump or a binary by
 * mistake, which would otherwise be read and parsed whole.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export type ReadConfigResult = { ok: true; text: string } | { ok: false; error: string };

/** Why a path was refused before anything was read from it. */
export type ConfigRefusal =
  | { kind: 'leads-out' }
  | { kind: 'file-links-out' }
  | { kind: 'folder-links-out' }
  | { kind: 'not-regular'; what: string }
  | { kind: 'too-large' };

/** A config path refused unread; `refusal` says why (describeReadError words it). */
export class ConfigRefusedError extends Error {
  constructor(readonly refusal: ConfigRefusal) {
    super(`config file refused: ${refusal.kind}`);
    this.name = 'ConfigRefusedError';
  }
}

/**
 * The action's config file: `configPath` (the `config` input) taken inside `workspace`, refused unread when
 * it, or a symbolic link on its way, leads out of the workspace; then read as readConfigFile does.
 */
export async function readWorkspaceConfig(
  workspace: string,
  configPath: string,
  shownPath: string,
  terms: FrontEndTerms,
): Promise<ReadConfigResult> {
  try {
    const realPath = await resolveInsideWorkspace(workspace, configPath);
    return { ok: true, text: await readConfigFile(realPath) };
  } catch (error) {
    // A path that leads out is shown as given: relative to the workspace it would read `../../…`.
    const isLeadingOut = error instanceof ConfigRefusedError && error.refusal.kind === 'leads-out';
    return { ok: false, error: describeReadError(error, isLeadingOut ? configPath : shownPath, terms) };
  }
}

/** Where `configPath` really is (every symbolic link resolved), when that is inside `workspace`. */
async function resolveInsideWorkspace(workspace: string, configPath: string): Promise<string> {
  const absolutePath = path.resolve(workspace, configPath);
  if (!isInside(path.resolve(workspace), absolutePath)) {
    throw new ConfigRefusedError({ kind: 'leads-out' });
  }
  const realWorkspace = await realpath(workspace);
  // A missing file (or a link to nothing) rejects here with ENOENT: nothing to read, nothing leaked.
  const realPath = await realpath(absolutePath);
  if (isInside(realWorkspace, realPath)) return realPath;
  const realFolder = await realpath(path.dirname(absolutePath));
  throw new ConfigRefusedError({
    kind: isInside(realWorkspace, realFolder) ? 'file-links-out' : 'folder-links-out',
  });
}

/** True when `target` is `root` or below it (both absolute, symbolic links already resolved or not). */
function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/**
 * A config file's text: only a regular file (a FIFO, a device or a socket is refused, not read until it
 * ends, which may be never) of at most MAX_CONFIG_BYTES. Rejects with the system error (ENOENT, EISDIR…)
 * or a ConfigRefusedError.
 */
export async function readConfigFile(absolutePath: string, maxBytes = MAX_CONFIG_BYTES): Promise<string> {
  // Non-blocking, so that opening a FIFO with no writer returns at once (then it is refused): a blocking
  // open would wait for a writer forever. A regular file reads the same either way.
  const handle = await open(absolutePath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch(
    (error: unknown) => {
      // A socket cannot be opened at all.
      if ((error as NodeJS.ErrnoException).code === 'ENXIO') {
        throw new ConfigRefusedError({ kind: 'not-regular', what: 'a socket or a device' });
      }
      throw error;
    },
  );
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!stats.isFile()) {
      const what = stats.isFIFO()
        ? 'a named pipe (FIFO)'
        : stats.isSocket()
          ? 'a socket'
          : stats.isCharacterDevice() || stats.isBlockDevice()
            ? 'a device'
            : 'not a regular file';
      throw new ConfigRefusedError({ kind: 'not-regular', what });
    }
    if (stats.size > maxBytes) throw new ConfigRefusedError({ kind: 'too-large' });
    // One byte more than allowed tells a file that grew (or a size the system under-reports, as /proc does).
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) throw new ConfigRefusedError({ kind: 'too-large' });
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}

export function describeReadError(error: unknown, shownPath: string, terms: FrontEndTerms): string {
  if (error instanceof ConfigRefusedError) return describeRefusal(error.refusal, shownPath, terms);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${shownPath}: ${terms.missingConfigAdvice}`;
  if (code === 'EISDIR') return `${shownPath}: is a directory, not a config file.`;
  return `${shownPath}: could not be read (${code ?? String(error)}).`;
}

function describeRefusal(refusal: ConfigRefusal, shownPath: string, terms: FrontEndTerms): string {
  const outside = `${shownPath}: is outside the workspace, so it was not read`;
  switch (refusal.kind) {
    case 'leads-out':
      return `${outside}: the path leads out of it. ${terms.configPathAdvice}`;
    case 'file-links-out':
      return `${outside}: it is a symbolic link to a file outside it. ${terms.configPathAdvice}`;
    case 'folder-links-out':
      return `${outside}: a folder on its path is a symbolic link out of it. ${terms.configPathAdvice}`;
    case 'not-regular':
      return `${shownPath}: is not a regular file (${refusal.what}), so it was not read. ${terms.configPathAdvice}`;
    case 'too-large':
      return `${shownPath}: is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB, the most a config file may be, so it was not read. ${terms.configPathAdvice}`;
  }
}
