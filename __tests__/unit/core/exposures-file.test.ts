// The exposures file read and written inside the workspace, on a real temporary directory: folders made
// when missing, the file replaced whole, and nothing read or written through a symbolic link (a folder
// on the way or the file itself), nor a FIFO, a folder or a file too large to be the exposures file.
import { execFileSync } from 'node:child_process';
import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createWorkspaceExposuresFiles,
  describeExposuresFileError,
  ExposuresFileRefusedError,
  MAX_EXPOSURES_FILE_BYTES,
} from '../../../src/core/exposures-file.js';

const isPosix = process.platform !== 'win32';

let root: string;
let workspace: string;
let outside: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'omni-dbt-exposures-file-'));
  workspace = path.join(root, 'workspace');
  outside = path.join(root, 'outside');
  await mkdir(workspace);
  await mkdir(outside);
  await writeFile(path.join(outside, 'omni_exposures.yml'), 'OUTSIDE\n');
});
afterEach(() => rm(root, { recursive: true, force: true }));

const files = () => createWorkspaceExposuresFiles(workspace);

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ExposuresFileRefusedError);
  return (error as ExposuresFileRefusedError).refusal;
}

describe('createWorkspaceExposuresFiles', () => {
  it('reads nothing where there is no file yet, nor its folder', async () => {
    expect(await files().read('models/omni/omni_exposures.yml')).toBeUndefined();
    expect(await readdir(workspace)).toEqual([]);
  });

  it('makes the missing folders, writes the file whole, and reads it back', async () => {
    await files().write('models/omni/omni_exposures.yml', 'version: 2\n');
    expect(await readFile(path.join(workspace, 'models/omni/omni_exposures.yml'), 'utf8')).toBe(
      'version: 2\n',
    );
    expect(await files().read('models/omni/omni_exposures.yml')).toBe('version: 2\n');
    expect(await files().read('./models//omni/omni_exposures.yml')).toBe('version: 2\n');
    // Replaced by a rename: no temporary file is left beside it.
    await files().write('models/omni/omni_exposures.yml', 'version: 2\nexposures: []\n');
    expect(await readdir(path.join(workspace, 'models/omni'))).toEqual(['omni_exposures.yml']);
    expect(await files().read('models/omni/omni_exposures.yml')).toBe('version: 2\nexposures: []\n');
  });

  it.runIf(isPosix)('keeps the permissions of the file it replaces', async () => {
    const file = path.join(workspace, 'omni_exposures.yml');
    await writeFile(file, 'old\n');
    await chmod(file, 0o640);
    await files().write('omni_exposures.yml', 'new\n');
    expect((await stat(file)).mode & 0o777).toBe(0o640);
  });

  it.runIf(isPosix)(
    'refuses a folder on the way that is a symbolic link, out of the workspace or not',
    async () => {
      await symlink(outside, path.join(workspace, 'models'));
      expect(await refusal(files().read('models/omni_exposures.yml'))).toEqual({
        kind: 'folder-is-link',
        folder: 'models',
      });
      expect(await refusal(files().write('models/omni_exposures.yml', 'NEW\n'))).toEqual({
        kind: 'folder-is-link',
        folder: 'models',
      });
      expect(await readFile(path.join(outside, 'omni_exposures.yml'), 'utf8')).toBe('OUTSIDE\n');
      expect(await readdir(outside)).toEqual(['omni_exposures.yml']);
      // A link to a folder inside the workspace is refused too: the rule is no link, wherever it points.
      await mkdir(path.join(workspace, 'real'));
      await symlink(path.join(workspace, 'real'), path.join(workspace, 'alias'));
      expect(await refusal(files().write('alias/deeper/omni_exposures.yml', 'NEW\n'))).toEqual({
        kind: 'folder-is-link',
        folder: 'alias',
      });
      expect(await readdir(path.join(workspace, 'real'))).toEqual([]);
    },
  );

  it.runIf(isPosix)(
    'refuses a file that is a symbolic link, and leaves it and its target alone',
    async () => {
      await symlink(path.join(outside, 'omni_exposures.yml'), path.join(workspace, 'omni_exposures.yml'));
      expect(await refusal(files().read('omni_exposures.yml'))).toEqual({ kind: 'file-is-link' });
      expect(await refusal(files().write('omni_exposures.yml', 'NEW\n'))).toEqual({ kind: 'file-is-link' });
      expect(await readFile(path.join(outside, 'omni_exposures.yml'), 'utf8')).toBe('OUTSIDE\n');
    },
  );

  it('refuses a folder in place of the file, and a file in place of a folder', async () => {
    await mkdir(path.join(workspace, 'omni_exposures.yml'));
    expect(await refusal(files().write('omni_exposures.yml', 'NEW\n'))).toEqual({
      kind: 'not-regular',
      what: 'a folder',
    });
    await writeFile(path.join(workspace, 'models'), 'a file\n');
    expect(await refusal(files().write('models/omni_exposures.yml', 'NEW\n'))).toEqual({
      kind: 'folder-is-file',
      folder: 'models',
    });
    expect(await readFile(path.join(workspace, 'models'), 'utf8')).toBe('a file\n');
  });

  it.runIf(isPosix)('refuses a named pipe unread (it would be read until it ends)', async () => {
    execFileSync('mkfifo', [path.join(workspace, 'omni_exposures.yml')]);
    expect(await refusal(files().read('omni_exposures.yml'))).toEqual({
      kind: 'not-regular',
      what: 'a named pipe (FIFO)',
    });
  });

  it('refuses a file larger than an exposures file may be, unread', async () => {
    const file = path.join(workspace, 'omni_exposures.yml');
    await writeFile(file, '');
    await truncate(file, MAX_EXPOSURES_FILE_BYTES + 1);
    expect(await refusal(files().read('omni_exposures.yml'))).toEqual({ kind: 'too-large' });
  });
});

describe('describeExposuresFileError', () => {
  it('says what was refused, that nothing was written, and what to do', () => {
    const say = (refusal: ConstructorParameters<typeof ExposuresFileRefusedError>[0]) =>
      describeExposuresFileError(new ExposuresFileRefusedError(refusal), 'models/omni_exposures.yml');
    expect(say({ kind: 'folder-is-link', folder: 'models' })).toBe(
      'models/omni_exposures.yml: the folder models is a symbolic link, so the exposures file was not written: it is only written in real folders of the workspace, wherever a link points. Replace the link with the folder itself, or set exposures.path to a path without links.',
    );
    for (const refusal of [
      { kind: 'file-is-link' },
      { kind: 'folder-is-file', folder: 'models' },
      { kind: 'not-regular', what: 'a folder' },
      { kind: 'too-large' },
    ] as const) {
      const message = say(refusal);
      expect(message, refusal.kind).toMatch(/^models\/omni_exposures\.yml: /);
      expect(message, refusal.kind).toContain('so the exposures file was not written');
      expect(message, refusal.kind).toContain('exposures.path');
    }
    const denied = Object.assign(new Error('permission denied'), { code: 'EACCES' });
    expect(describeExposuresFileError(denied, 'x.yml')).toBe(
      'x.yml: could not be read or written (EACCES), so the exposures file was not written.',
    );
  });
});
