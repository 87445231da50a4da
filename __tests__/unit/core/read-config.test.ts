// Reading the config file without trusting its path, on a real temporary directory: the action reads a
// file inside the workspace only (links resolved, the file's and its folders'), refused unread otherwise;
// both front ends read a regular file of at most MAX_CONFIG_BYTES, and refuse a FIFO or a device unread.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_CONFIG_BYTES, readConfigFile, readWorkspaceConfig } from '../../../src/core/read-config.js';
import { ACTION_TERMS, CLI_TERMS } from '../../../src/core/terms.js';

const SECRET_TEXT = 'root:x:0:0:OUTSIDE-THE-WORKSPACE';
const CONFIG_TEXT = 'version: 1\nconnections: []\n';
const isPosix = process.platform !== 'win32';

let root: string;
let workspace: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'omni-dbt-read-config-'));
  workspace = path.join(root, 'workspace');
  await mkdir(path.join(workspace, 'analytics'), { recursive: true });
  await mkdir(path.join(root, 'outside'));
  await writeFile(path.join(root, 'outside', 'omni-dbt.yml'), SECRET_TEXT);
  await writeFile(path.join(workspace, 'analytics', 'omni-dbt.yml'), CONFIG_TEXT);
});
afterEach(() => rm(root, { recursive: true, force: true }));

const read = (configPath: string, shownPath = configPath) =>
  readWorkspaceConfig(workspace, configPath, shownPath, ACTION_TERMS);

describe('readWorkspaceConfig', () => {
  it('reads a file inside the workspace, through a link that stays inside too', async () => {
    expect(await read('analytics/omni-dbt.yml')).toEqual({ ok: true, text: CONFIG_TEXT });
    expect(await read(path.join(workspace, 'analytics/omni-dbt.yml'))).toEqual({
      ok: true,
      text: CONFIG_TEXT,
    });
    await symlink(path.join(workspace, 'analytics/omni-dbt.yml'), path.join(workspace, 'omni-dbt.yml'));
    expect(await read('omni-dbt.yml')).toEqual({ ok: true, text: CONFIG_TEXT });
  });

  it.each([
    ['a path with ..', '../outside/omni-dbt.yml'],
    ['a path that leaves and comes back', 'analytics/../../outside/omni-dbt.yml'],
  ])('refuses %s unread, naming it as given', async (_case, configPath) => {
    const result = await read(configPath, 'shown-otherwise.yml');
    expect(result).toEqual({
      ok: false,
      error: `${configPath}: is outside the workspace, so it was not read: the path leads out of it. ${ACTION_TERMS.configPathAdvice}`,
    });
  });

  it('refuses an absolute path out of the workspace unread', async () => {
    const outside = path.join(root, 'outside', 'omni-dbt.yml');
    const result = await read(outside);
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('the path leads out of it') });
    expect(JSON.stringify(result)).not.toContain('OUTSIDE-THE-WORKSPACE');
  });

  it.runIf(isPosix)('refuses a symbolic link to a file outside the workspace unread', async () => {
    await symlink(path.join(root, 'outside', 'omni-dbt.yml'), path.join(workspace, 'omni-dbt.yml'));
    const result = await read('omni-dbt.yml');
    expect(result).toEqual({
      ok: false,
      error: `omni-dbt.yml: is outside the workspace, so it was not read: it is a symbolic link to a file outside it. ${ACTION_TERMS.configPathAdvice}`,
    });
  });

  it.runIf(isPosix)('refuses a file under a folder that links out of the workspace unread', async () => {
    await symlink(path.join(root, 'outside'), path.join(workspace, 'shared'));
    const result = await read('shared/omni-dbt.yml');
    expect(result).toMatchObject({
      ok: false,
      error: expect.stringContaining('a folder on its path is a symbolic link out of it'),
    });
    expect(JSON.stringify(result)).not.toContain('OUTSIDE-THE-WORKSPACE');
  });

  it('says how to fix a missing file, and reads a workspace reached through a link', async () => {
    expect(await read('nope.yml')).toEqual({
      ok: false,
      error: `nope.yml: ${ACTION_TERMS.missingConfigAdvice}`,
    });
    const linkedWorkspace = path.join(root, 'linked-workspace');
    await symlink(workspace, linkedWorkspace);
    expect(
      await readWorkspaceConfig(
        linkedWorkspace,
        'analytics/omni-dbt.yml',
        'analytics/omni-dbt.yml',
        ACTION_TERMS,
      ),
    ).toEqual({ ok: true, text: CONFIG_TEXT });
  });

  it.runIf(isPosix)('refuses a FIFO in the workspace without waiting for a writer', async () => {
    execFileSync('mkfifo', [path.join(workspace, 'omni-dbt.yml')]);
    expect(await read('omni-dbt.yml')).toEqual({
      ok: false,
      error: `omni-dbt.yml: is not a regular file (a named pipe (FIFO)), so it was not read. ${ACTION_TERMS.configPathAdvice}`,
    });
  });
});

describe('readConfigFile', () => {
  it.runIf(isPosix)('refuses a device instead of reading it until it ends', async () => {
    await expect(readConfigFile('/dev/zero')).rejects.toMatchObject({
      refusal: { kind: 'not-regular', what: 'a device' },
    });
  });

  it('reads a file of exactly the limit and refuses one byte more, unread', async () => {
    const file = path.join(workspace, 'big.yml');
    await writeFile(file, 'x'.repeat(MAX_CONFIG_BYTES));
    expect(await readConfigFile(file)).toHaveLength(MAX_CONFIG_BYTES);
    await writeFile(file, 'x'.repeat(MAX_CONFIG_BYTES + 1));
    const result = await readWorkspaceConfig(workspace, 'big.yml', 'big.yml', CLI_TERMS);
    expect(result).toEqual({
      ok: false,
      error: `big.yml: is larger than 1 MiB, the most a config file may be, so it was not read. ${CLI_TERMS.configPathAdvice}`,
    });
  });

  it('says a directory is not a config file', async () => {
    expect(await read('analytics')).toEqual({
      ok: false,
      error: 'analytics: is a directory, not a config file.',
    });
  });
});
