// executeRun in `mode: preview` in process against the sandbox over real HTTP: the cases the end-to-end
// tests do not reach (one GitHub question for many connections, name clashes, unset secrets, 401, tokens).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server.js';
import { buildPreviewContext } from '../../src/action/main.js';
import { createOmniClient } from '../../src/core/omni/client.js';
import { createPacer, sleepUnlessAborted } from '../../src/core/omni/pacer.js';
import { DEFAULT_PREVIEW_NOTE } from '../../src/core/plan/preview.js';
import { GONE_ALREADY_NOTE } from '../../src/core/run/environments.js';
import type { PreviewRunContext } from '../../src/core/run/preview.js';
import { executeRun } from '../../src/core/run/run.js';
import { createRedactor } from '../../src/core/secrets.js';
import { ACTION_TERMS } from '../../src/core/terms.js';
import { PRODUCTION_ID, STAGING_ID } from '../support/dbt-fixtures.js';

const TOKEN = 'sandbox-token';

const CONFIG = `version: 1
defaults:
  sshUrl: git@github.com:acme/analytics.git
  branch: main
  autogenRelationships: true
  enableVirtualSchemas: true
connections:
  - id: ${PRODUCTION_ID}
    name: Snowflake production
    preview:
      name: "PR {pr}"
      targetSchema: "dbt_pr_{pr}"
      variables: { DBT_TOKEN: { fromEnv: DBT_CI_TOKEN } }
  - id: ${STAGING_ID}
    name: Snowflake staging
    preview:
      name: "PR {pr}"
      targetSchema: "dbt_pr_{pr}"
`;

const PULL_REQUEST = {
  pr: 12,
  head: 'feature/x',
  base: 'main',
  sha: 'abc1234def',
  repository: 'acme/analytics',
};

function markedEnvironment(id: string, pr: number) {
  return {
    id,
    name: `PR ${pr}`,
    targetSchema: `dbt_pr_${pr}`,
    variables: [{ name: 'OMNI_DBT_PREVIEW', isSecret: false, value: `acme/analytics#${pr}` }],
  };
}

describe('executeRun in preview mode against the sandbox', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, tokens: [TOKEN] });
  });
  afterEach(() => {
    expect(sandbox.requests.filter((request) => request.route === 'dbt')).toEqual([]);
    sandbox.reset();
  });
  afterAll(() => sandbox.close());

  const run = (preview: PreviewRunContext, options: { token?: string; env?: Record<string, string> } = {}) =>
    executeRun({
      configPath: 'omni-dbt.yml',
      configText: CONFIG,
      mode: 'preview',
      omniUrl: sandbox.url,
      apiToken: options.token ?? TOKEN,
      allowCustomHost: false,
      selection: [],
      force: false,
      rotateKeys: false,
      failOnChanges: false,
      isUpdatingSecrets: false,
      stepEnv: options.env ?? { DBT_CI_TOKEN: 'ci-secret' },
      redactor: createRedactor(),
      terms: ACTION_TERMS,
      stop: new AbortController(),
      preview,
      createClient: ({ apiBaseUrl, token, signal }) =>
        createOmniClient({
          apiBaseUrl,
          token,
          signal,
          pacer: createPacer({
            maxRequestsPerMinute: 600,
            maxConcurrency: 1,
            now: Date.now,
            sleep: sleepUnlessAborted,
            signal,
          }),
        }),
    });

  it('asks GitHub once for all connections in a sweep, and deletes only closed pull requests', async () => {
    sandbox.setEnvironments(PRODUCTION_ID, [
      markedEnvironment('e2000000-0000-4000-8000-000000000001', 3),
      markedEnvironment('e2000000-0000-4000-8000-000000000002', 4),
    ]);
    sandbox.setEnvironments(STAGING_ID, [markedEnvironment('e2000000-0000-4000-8000-000000000003', 3)]);
    let asked = 0;
    const report = await run({
      kind: 'sweep',
      repository: 'acme/analytics',
      readOpenPullRequests: async () => {
        asked += 1;
        return new Set([4]);
      },
    });
    expect(asked).toBe(1);
    expect(report.connections.map((c) => [c.status, c.action, c.isPreview])).toEqual([
      ['applied', 'update', true],
      ['applied', 'update', true],
    ]);
    expect(sandbox.getEnvironments(PRODUCTION_ID).map((e) => e.name)).toEqual(['PR 4']);
    expect(sandbox.getEnvironments(STAGING_ID)).toEqual([]);
  });

  it('does not ask GitHub when no environment is marked, and deletes nothing when GitHub cannot answer', async () => {
    let asked = 0;
    const quiet = await run({
      kind: 'sweep',
      repository: 'acme/analytics',
      readOpenPullRequests: async () => {
        asked += 1;
        return new Set();
      },
    });
    expect(asked).toBe(0);
    expect(quiet.connections.map((c) => c.status)).toEqual(['unchanged', 'unchanged']);

    sandbox.setEnvironments(STAGING_ID, [markedEnvironment('e2000000-0000-4000-8000-000000000003', 3)]);
    const failing = await run({
      kind: 'sweep',
      repository: 'acme/analytics',
      readOpenPullRequests: async () => {
        throw new Error('GitHub answered 500');
      },
    });
    const staging = failing.connections.find((c) => c.connectionId === STAGING_ID);
    expect(staging?.status).toBe('failed');
    expect(staging?.error).toContain('Nothing was deleted');
    expect(sandbox.getEnvironments(STAGING_ID)).toHaveLength(1);
  });

  it("never deletes Omni's default environment, marked or not, on close or in a sweep", async () => {
    const markedDefault = (pr: number) => ({
      ...markedEnvironment('e2000000-0000-4000-8000-0000000000d0', pr),
      name: 'Production',
      isDefaultEnvironment: true,
    });
    sandbox.setEnvironments(PRODUCTION_ID, [
      markedDefault(12),
      markedEnvironment('e2000000-0000-4000-8000-000000000012', 12),
    ]);
    const closed = await run({ kind: 'close', ...PULL_REQUEST });
    const production = closed.connections.find((c) => c.connectionId === PRODUCTION_ID);
    expect(production).toMatchObject({ status: 'applied', action: 'update' });
    expect(production?.environments).toEqual([
      expect.objectContaining({ name: 'Production', status: 'unmanaged', note: DEFAULT_PREVIEW_NOTE }),
      expect.objectContaining({ name: 'PR 12', action: 'delete', status: 'applied' }),
    ]);
    expect(sandbox.getEnvironments(PRODUCTION_ID).map((e) => e.name)).toEqual(['Production']);

    sandbox.reset();
    sandbox.setEnvironments(PRODUCTION_ID, [markedDefault(3)]);
    const swept = await run({
      kind: 'sweep',
      repository: 'acme/analytics',
      readOpenPullRequests: async () => new Set([4]),
    });
    expect(swept.connections.find((c) => c.connectionId === PRODUCTION_ID)).toMatchObject({
      status: 'unchanged',
      environments: [{ name: 'Production', action: 'unmanaged', note: DEFAULT_PREVIEW_NOTE }],
    });
    expect(sandbox.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(sandbox.getEnvironments(PRODUCTION_ID)).toHaveLength(1);
  });

  it('counts a DELETE answered 404 as done only when the list shows the environment gone', async () => {
    const id = 'e2000000-0000-4000-8000-000000000012';
    // The first DELETE lands but its answer is lost; the retry meets 404: gone, as the plan wanted.
    sandbox.setEnvironments(PRODUCTION_ID, [markedEnvironment(id, 12)]);
    sandbox.script({ method: 'DELETE', route: 'environments' }, [{ applyThen: { reset: true } }]);
    const lost = await run({ kind: 'close', ...PULL_REQUEST });
    const gone = lost.connections.find((c) => c.connectionId === PRODUCTION_ID);
    expect(gone).toMatchObject({ status: 'applied', environments: [{ status: 'applied' }] });
    expect(gone?.environments?.[0]?.note).toBe(GONE_ALREADY_NOTE);
    const trail = sandbox.requests.filter((r) => r.connectionId === PRODUCTION_ID).map((r) => r.method);
    expect(trail).toEqual(['GET', 'DELETE', 'DELETE', 'GET']);

    // A 404 for another reason (the route, the connection): the environment is still listed, so it failed.
    sandbox.reset();
    sandbox.setEnvironments(PRODUCTION_ID, [markedEnvironment(id, 12)]);
    sandbox.script({ method: 'DELETE', route: 'environments' }, [
      { status: 404, body: { error: 'Not Found', message: 'No route' } },
    ]);
    const wrong = await run({ kind: 'close', ...PULL_REQUEST });
    expect(wrong.connections.find((c) => c.connectionId === PRODUCTION_ID)).toMatchObject({
      status: 'failed',
      httpStatus: 404,
      error: expect.stringContaining('Deleting the preview environment "PR 12" failed.'),
    });
    expect(sandbox.getEnvironments(PRODUCTION_ID)).toHaveLength(1);
  });

  it('counts a connection updated when its preview is unchanged but a duplicate of it is deleted', async () => {
    const duplicate = { ...markedEnvironment('e2000000-0000-4000-8000-000000000022', 12), name: 'PR 12 (2)' };
    sandbox.setEnvironments(STAGING_ID, [
      markedEnvironment('e2000000-0000-4000-8000-000000000021', 12),
      duplicate,
    ]);
    const report = await run({ kind: 'upsert', ...PULL_REQUEST });
    expect(report.connections.find((c) => c.connectionId === STAGING_ID)).toMatchObject({
      action: 'update',
      status: 'applied',
      environments: [
        { name: 'PR 12', action: 'unchanged' },
        { name: 'PR 12 (2)', action: 'delete', status: 'applied' },
      ],
    });
    expect(sandbox.getEnvironments(STAGING_ID).map((environment) => environment.name)).toEqual(['PR 12']);
  });

  it('never takes over an environment of the same name that the action did not make', async () => {
    sandbox.setEnvironments(PRODUCTION_ID, [
      { id: 'e2000000-0000-4000-8000-000000000009', name: 'PR 12', targetSchema: 'hand_made', variables: [] },
    ]);
    const report = await run({ kind: 'upsert', ...PULL_REQUEST });
    const production = report.connections.find((c) => c.connectionId === PRODUCTION_ID);
    expect(production?.status).toBe('failed');
    expect(production?.error).toContain('never changes an environment it did not make');
    expect(sandbox.getEnvironments(PRODUCTION_ID)).toEqual([
      expect.objectContaining({ name: 'PR 12', targetSchema: 'hand_made' }),
    ]);
    // The other connection is not held back by it.
    expect(report.connections.find((c) => c.connectionId === STAGING_ID)?.status).toBe('applied');
  });

  it('fails a connection whose fromEnv secret is unset before writing anything', async () => {
    const report = await run({ kind: 'upsert', ...PULL_REQUEST }, { env: {} });
    const production = report.connections.find((c) => c.connectionId === PRODUCTION_ID);
    expect(production?.status).toBe('failed');
    expect(production?.error).toContain('DBT_CI_TOKEN');
    expect(sandbox.requests.filter((r) => r.method !== 'GET' && r.connectionId === PRODUCTION_ID)).toEqual(
      [],
    );
  });

  it('stops the run at a 401', async () => {
    const report = await run({ kind: 'close', ...PULL_REQUEST }, { token: 'revoked-token-value' });
    expect(report.fatalError).toBe('Omni refused the API token (401).');
    expect(report.connections.map((c) => c.status)).toEqual(['failed', 'skipped']);
  });

  it('refuses to run a preview without an API token', async () => {
    const report = await run({ kind: 'upsert', ...PULL_REQUEST }, { token: '' });
    expect(report.fatalError).toContain('a preview needs it');
    expect(sandbox.requests).toEqual([]);
  });
});

describe('buildPreviewContext', () => {
  const silentLog = { info: () => undefined };
  const event = (action: string, isFork = false) => ({
    eventName: 'pull_request',
    ref: 'refs/pull/12/merge',
    repository: 'acme/analytics',
    pullRequest: {
      owner: 'acme',
      repo: 'analytics',
      number: 12,
      isFork,
      action,
      head: 'feature/x',
      base: 'main',
      sha: 'abc1234def',
    },
  });

  it('reads upsert, close and fork from the pull request event', () => {
    expect(buildPreviewContext(event('synchronize'), 't', silentLog)).toEqual({
      kind: 'upsert',
      ...PULL_REQUEST,
      // The impact check's changed files, asked of GitHub only when a connection has an impact block.
      readChangedFiles: expect.any(Function),
    });
    expect(buildPreviewContext(event('closed'), 't', silentLog)).toEqual({ kind: 'close', ...PULL_REQUEST });
    expect(buildPreviewContext(event('opened', true), 't', silentLog)).toEqual({ kind: 'fork' });
  });

  it('reads no changed files without a github-token, and says so', async () => {
    const context = buildPreviewContext(event('opened'), '', silentLog);
    if (context.kind !== 'upsert') throw new Error('an opened pull request is an upsert');
    expect(await context.readChangedFiles?.()).toEqual({
      ok: false,
      reason: 'the github-token input is empty',
    });
  });

  it('sweeps on schedule and workflow_dispatch, and does nothing on a push', async () => {
    for (const eventName of ['schedule', 'workflow_dispatch']) {
      const context = buildPreviewContext(
        { eventName, ref: 'refs/heads/main', repository: 'acme/analytics' },
        '',
        silentLog,
      );
      expect(context).toMatchObject({ kind: 'sweep', repository: 'acme/analytics' });
      if (context.kind !== 'sweep') continue;
      await expect(context.readOpenPullRequests()).rejects.toThrow('the github-token input is empty');
    }
    expect(
      buildPreviewContext(
        { eventName: 'push', ref: 'refs/heads/main', repository: 'acme/analytics' },
        't',
        silentLog,
      ),
    ).toMatchObject({ kind: 'none' });
  });
});
