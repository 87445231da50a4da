// The built action end to end: dist/index.js as a child process against the sandbox over real HTTP.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server.js';
import {
  PULL_REQUEST_EVENT,
  PUSH_EVENT,
  REPO_ROOT,
  runBuiltAction,
  startBuiltAction,
} from '../../scripts/runner.js';
import { listInvalidFixtures } from '../fixtures/config/corpus.js';
import {
  BIGQUERY_ID as BIGQUERY,
  PRODUCTION_ID as PRODUCTION,
  STAGING_ID as STAGING,
} from '../support/dbt-fixtures.js';
import { listNodeRuntimes } from './runtimes.js';

const TOKEN = 'sandbox-token';
const EXAMPLE = readFileSync(path.join(REPO_ROOT, 'examples/omni-dbt.yml'), 'utf8');

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/** The `result` output's connections as [id, action, status, error]. */
function readResult(outputs: Record<string, string>): [string, string | null, string, string | null][] {
  const result = JSON.parse(outputs.result ?? '{}');
  return result.connections.map(
    (c: { id: string; action: string | null; status: string; error: string | null }) => [
      c.id,
      c.action,
      c.status,
      c.error,
    ],
  );
}

describe.each(listNodeRuntimes())('the built action on $label', ({ nodePath }) => {
  let sandbox: Sandbox;
  const inputs = () => ({
    'omni-url': sandbox.url,
    'api-token': TOKEN,
    config: 'omni-dbt.yml',
    comment: 'false',
  });

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, tokens: [TOKEN] });
  });
  afterEach(() => sandbox.reset());
  afterAll(() => sandbox.close());

  it('applies a three-connection file with exactly two full-body PUTs on push to the default branch', async () => {
    const run = await runBuiltAction({
      nodePath,
      inputs: inputs(),
      files: { 'omni-dbt.yml': EXAMPLE },
      event: PUSH_EVENT,
    });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);

    const puts = sandbox.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.connectionId).sort()).toEqual([STAGING, BIGQUERY].sort());
    const bigqueryPut = puts.find((r) => r.connectionId === BIGQUERY);
    expect(bigqueryPut?.body).toEqual({
      sshUrl: 'git@github.com:acme/analytics.git',
      branch: 'main',
      dbtVersion: '1.11',
      autogenRelationships: true,
      enableVirtualSchemas: true,
      enableSemanticLayer: false,
      projectRootPath: null,
    });
    expect(puts.find((r) => r.connectionId === STAGING)?.body).toMatchObject({ branch: 'staging' });

    expect(run.outputs.changed).toBe('2');
    expect(run.outputs.failed).toBe('0');
    expect(run.outputs['has-changes']).toBe('true');
    const result = JSON.parse(run.outputs.result ?? '');
    expect(result.mode).toBe('apply');
    expect(
      result.connections.map((c: { id: string; action: string; status: string }) => [
        c.id,
        c.action,
        c.status,
      ]),
    ).toEqual([
      [PRODUCTION, 'unchanged', 'unchanged'],
      [STAGING, 'update', 'applied'],
      [BIGQUERY, 'create', 'applied'],
    ]);
    expect(run.summary).toContain('Changed 2 of 3 connections.');
    expect(run.summary).toContain('**Applied:** 3 connections: 1 created, 1 updated, 1 unchanged.');
    expect(run.stdout).toContain('::group::Snowflake staging');
  });

  it('sends no PUT on a pull request and reports the two pending changes with their diffs', async () => {
    const run = await runBuiltAction({
      nodePath,
      inputs: inputs(),
      files: { 'omni-dbt.yml': EXAMPLE },
      eventName: 'pull_request',
      ref: 'refs/pull/7/merge',
      event: PULL_REQUEST_EVENT,
    });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(sandbox.requests.filter((r) => r.method === 'PUT')).toEqual([]);
    expect(sandbox.requests.filter((r) => r.method === 'GET')).toHaveLength(3);
    expect(run.outputs.changed).toBe('2');
    expect(run.outputs['has-changes']).toBe('true');
    expect(run.summary).toContain('2 of 3 connections would change.');
    expect(run.summary).toContain('**Plan:** 3 connections: 1 to create, 1 to update, 1 unchanged.');
    expect(run.summary).toContain('| `branch` | `"main"` | `"staging"` |');
    expect(run.summary).toContain('| `sshUrl` | — | `"git@github.com:acme/analytics.git"` |');
  });

  it('applies the third connection when one answers 404 and another 403, and fails with hints', async () => {
    const unknownId = 'deadbeef-0000-4000-8000-000000000404';
    const config = EXAMPLE.replace(PRODUCTION, unknownId);
    sandbox.script({ connectionId: STAGING, method: 'GET' }, [
      { status: 403, body: { error: '403', message: 'Connection Admin role required' } },
    ]);
    const run = await runBuiltAction({
      nodePath,
      inputs: inputs(),
      files: { 'omni-dbt.yml': config },
      event: PUSH_EVENT,
    });
    expect(run.exitCode).toBe(1);
    expect(sandbox.requests.filter((r) => r.method === 'PUT').map((r) => r.connectionId)).toEqual([BIGQUERY]);
    expect(run.outputs.failed).toBe('2');
    expect(run.outputs.changed).toBe('1');
    expect(run.summary).toMatch(/404[\s\S]*check .*omni-url/i);
    expect(run.summary).toMatch(/403[\s\S]*Connection Admin/);
    expect(run.stdout).toContain('::error::');
  });

  it('validates only in a dry-run without a token, and says so', async () => {
    const run = await runBuiltAction({
      nodePath,
      inputs: { config: 'omni-dbt.yml', 'omni-url': sandbox.url, mode: 'dry-run' },
      files: { 'omni-dbt.yml': EXAMPLE },
      eventName: 'pull_request',
      event: PULL_REQUEST_EVENT,
    });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(sandbox.requests).toEqual([]);
    expect(run.summary).toContain('Only validation ran');
    // Every selected connection is in `result`, skipped, saying why.
    expect(readResult(run.outputs)).toEqual(
      [PRODUCTION, STAGING, BIGQUERY].map((id) => [
        id,
        null,
        'skipped',
        'Not planned: there is no api-token, so only the file was validated.',
      ]),
    );
    expect(run.outputs).toMatchObject({ changed: '0', failed: '0', 'has-changes': 'false' });
  });

  it('lists the connections of an invalid file it can read in result, skipped, and none of a file it cannot', async () => {
    const invalid = EXAMPLE.replace('branch: staging', 'branch: staging\n    brnch: x');
    const run = await runBuiltAction({
      nodePath,
      inputs: { ...inputs(), connections: 'Snowflake staging, BigQuery analytics' },
      files: { 'omni-dbt.yml': invalid },
      event: PUSH_EVENT,
    });
    expect(run.exitCode).toBe(1);
    expect(sandbox.requests).toEqual([]);
    const why = 'Not planned: omni-dbt.yml has 1 error, so nothing was sent to Omni.';
    expect(readResult(run.outputs)).toEqual([
      [STAGING, null, 'skipped', why],
      [BIGQUERY, null, 'skipped', why],
    ]);

    const unreadable = await runBuiltAction({
      nodePath,
      inputs: inputs(),
      files: { 'omni-dbt.yml': 'version: 1\nconnections: [\n' },
      event: PUSH_EVENT,
    });
    expect(unreadable.exitCode).toBe(1);
    expect(readResult(unreadable.outputs)).toEqual([]);
  });

  it('says each invalid input once, still sets the outputs, and lists the connections skipped', async () => {
    const run = await runBuiltAction({
      nodePath,
      inputs: { ...inputs(), mode: 'yolo', force: 'yes' },
      files: { 'omni-dbt.yml': EXAMPLE },
      event: PUSH_EVENT,
    });
    expect(run.exitCode).toBe(1);
    expect(sandbox.requests).toEqual([]);
    for (const message of [
      'Input "mode" must be one of auto, dry-run, apply, preview, exposures, refresh, got "yolo".',
      'Input "force" must be true or false, got "yes".',
    ]) {
      expect(run.stdout.split(message).length - 1, run.stdout).toBe(1);
    }
    expect(run.outputs).toMatchObject({ changed: '0', failed: '0', 'has-changes': 'false' });
    const result = readResult(run.outputs);
    expect(result.map(([id, , status]) => [id, status])).toEqual([
      [PRODUCTION, 'skipped'],
      [STAGING, 'skipped'],
      [BIGQUERY, 'skipped'],
    ]);
    expect(result[0]?.[3]).toBe('Not planned: the inputs are invalid, so nothing was sent to Omni.');
    expect(run.summary).toContain('2 inputs are invalid, so nothing was sent to Omni');
  });

  it('never shows the token in logs, summary or outputs, even when Omni echoes it', async () => {
    sandbox.script({ connectionId: STAGING }, [
      { status: 500, body: `upstream said ${TOKEN}` },
      { status: 404, body: { message: `no ${TOKEN}` } },
    ]);
    sandbox.script({ connectionId: BIGQUERY }, [
      { status: 403, body: { error: TOKEN, message: `Bearer ${TOKEN}` } },
    ]);
    const run = await runBuiltAction({
      nodePath,
      inputs: inputs(),
      files: { 'omni-dbt.yml': EXAMPLE },
      event: PUSH_EVENT,
    });
    expect(run.exitCode).toBe(1);
    // The runner is told to mask the token (it never prints this command); nothing else may carry it.
    const lines = run.stdout.split('\n');
    expect(lines).toContain(`::add-mask::${TOKEN}`);
    const printed = lines.filter((line) => !line.startsWith('::add-mask::')).join('\n');
    for (const text of [printed, run.stderr, run.summary, JSON.stringify(run.outputs)]) {
      expect(text).not.toContain(TOKEN);
    }
    expect(run.summary).toContain('| 404 |');
    expect(run.summary).toContain('| 403 |');
  });

  it('lets a PUT in flight at SIGTERM finish, skips the one still waiting, and exits non-zero', async () => {
    sandbox.script({ method: 'PUT' }, [{ delayMs: 1500 }, { delayMs: 1500 }]);
    const started = await startBuiltAction({
      nodePath,
      // Three GETs and one PUT fit the budget; the second PUT has to wait for the next minute.
      inputs: { ...inputs(), 'max-requests-per-minute': '4' },
      files: { 'omni-dbt.yml': EXAMPLE },
      event: PUSH_EVENT,
    });
    const waitForPut = async () => {
      while (!sandbox.requests.some((r) => r.method === 'PUT')) await new Promise((r) => setTimeout(r, 20));
    };
    await waitForPut();
    started.child.kill('SIGTERM');
    const run = await started.result;
    expect(run.exitCode).toBe(1);
    const connections: { id: string; status: string }[] = JSON.parse(run.outputs.result ?? '{}').connections;
    const statuses = Object.fromEntries(connections.map((c) => [c.id, c.status]));
    expect(statuses[PRODUCTION]).toBe('unchanged');
    expect([statuses[STAGING], statuses[BIGQUERY]].sort()).toEqual(['applied', 'skipped']);
    const puts = sandbox.requests.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(statuses[puts[0]?.connectionId ?? '']).toBe('applied');
    // What was done, counted: the applied one, the unchanged one, the one never sent.
    expect(run.summary).toMatch(/The run was cancelled: 1 (created|updated), 1 unchanged, 1 skipped\./);
  });

  it('stops on SIGTERM, reports the rest as skipped and exits non-zero', async () => {
    sandbox.setLatency(400);
    const started = await startBuiltAction({
      nodePath,
      inputs: { ...inputs(), 'max-requests-per-minute': '1' },
      files: { 'omni-dbt.yml': EXAMPLE },
      event: PUSH_EVENT,
    });
    // With a budget of one request a minute, the second connection waits: cancel then.
    setTimeout(() => started.child.kill('SIGTERM'), 1500);
    const run = await started.result;
    sandbox.setLatency(0);
    expect(run.exitCode).not.toBe(0);
    const statuses = JSON.parse(run.outputs.result ?? '{}').connections.map(
      (c: { status: string }) => c.status,
    );
    expect(statuses).toHaveLength(3);
    expect(statuses).toContain('skipped');
    expect(run.summary).toContain('cancelled');
  });
});

describe('invalid config files', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, tokens: [TOKEN] });
  });
  // Each fixture starts from an empty request log: a leak is pinned on the fixture that caused it.
  beforeEach(() => sandbox.reset());
  afterAll(() => sandbox.close());

  it.each(listInvalidFixtures())(
    '$file fails with located errors and sends nothing',
    async ({ path: fixturePath, expected }) => {
      const run = await runBuiltAction({
        inputs: { config: 'omni-dbt.yml', 'omni-url': sandbox.url, 'api-token': TOKEN, comment: 'false' },
        files: { 'omni-dbt.yml': readFileSync(fixturePath, 'utf8') },
        event: PUSH_EVENT,
      });
      expect(run.exitCode).toBe(1);
      for (const { line, column } of expected) {
        expect(run.stdout).toContain(`::error title=omni-dbt`);
        expect(run.stdout).toMatch(
          new RegExp(`::error [^\\n]*file=omni-dbt\\.yml,line=${line},col=${column}`),
        );
      }
      expect(sandbox.requests).toEqual([]);
    },
  );
});

describe('a config path out of the workspace', () => {
  const SENTINEL = 'root:x:0:0:outside-secret-31337:/root:/bin/bash';
  let sandbox: Sandbox;
  let outside: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, tokens: [TOKEN] });
    outside = await mkdtemp(path.join(tmpdir(), 'omni-dbt-outside-'));
    await writeFile(path.join(outside, 'omni-dbt.yml'), `${SENTINEL}\n`);
  });
  beforeEach(() => sandbox.reset());
  afterAll(async () => {
    await sandbox.close();
    await rm(outside, { recursive: true, force: true });
  });

  const runWith = (config: string, links?: Record<string, string>) =>
    runBuiltAction({
      inputs: { config, 'omni-url': sandbox.url, 'api-token': TOKEN, comment: 'false' },
      files: { 'README.md': 'not the config\n' },
      ...(links === undefined ? {} : { links }),
      event: PUSH_EVENT,
    });

  it.each([
    [
      'a path with ..',
      () => path.join('..', path.basename(outside), 'omni-dbt.yml'),
      undefined,
      'the path leads out of it',
    ],
    ['an absolute path', () => path.join(outside, 'omni-dbt.yml'), undefined, 'the path leads out of it'],
    [
      'a symbolic link to a file outside',
      () => 'omni-dbt.yml',
      () => ({ 'omni-dbt.yml': path.join(outside, 'omni-dbt.yml') }),
      'it is a symbolic link to a file outside it',
    ],
    [
      'a folder linking out',
      () => 'shared/omni-dbt.yml',
      () => ({ shared: outside }),
      'a folder on its path is a symbolic link out of it',
    ],
  ])('refuses %s without reading it, and sends nothing', async (_case, config, links, why) => {
    const run = await runWith(config(), links?.());
    expect(run.exitCode).toBe(1);
    expect(sandbox.requests).toEqual([]);
    const refusal = `is outside the workspace, so it was not read: ${why}. Set the "config" input`;
    expect(run.summary).toContain(refusal);
    expect(run.stdout).toContain(refusal);
    for (const text of [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs)]) {
      expect(text).not.toContain('outside-secret-31337');
    }
  });
});
