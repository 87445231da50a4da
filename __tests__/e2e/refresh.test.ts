// `mode: refresh` end to end (README, "Refresh after a deploy"): the built action after the production deploy of
// pull request #12, whose build renames orders.amount in the warehouse's `analytics` schema, against the Omni
// sandbox's model world. Before the refresh Omni still sees yesterday's columns; the refresh reads the warehouse
// as the deploy left it. Real time: the refresh jobs are short. The hanging job (a fake clock) is in
// __tests__/integration/refresh.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubFake } from '../../sandbox/github-fake.js';
import { startSandbox } from '../../sandbox/server.js';
import {
  DEPLOY_BROKEN,
  DEPLOY_FIXED,
  DEPLOY_VERDICT,
  deployPullRequest12,
  MODEL_ID,
  PRODUCTION_ID,
  STAGING_ID,
  writeRefreshConfig,
} from '../../scripts/deploy-12.js';
import { PULL_REQUEST_EVENT, PUSH_EVENT, runBuiltAction } from '../../scripts/runner.js';
import { STAGING_MODEL_ID } from '../support/dbt-fixtures.js';

const TOKEN = 'omni-refresh-e2e-token-9e4b';
const GITHUB_TOKEN = 'ghs_refresh_installation_token';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type RunResult = Awaited<ReturnType<typeof runBuiltAction>>;

describe('mode: refresh with the built action', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, tokens: [TOKEN], refreshDurationMs: 1_500 });
  });
  beforeEach(() => sandbox.reset());
  afterAll(() => sandbox.close());

  const run = (
    inputs: Record<string, string> = {},
    extra: Partial<Parameters<typeof runBuiltAction>[0]> = {},
  ) =>
    runBuiltAction({
      inputs: {
        'omni-url': sandbox.url,
        'api-token': TOKEN,
        config: 'omni-dbt.yml',
        mode: 'refresh',
        ...inputs,
      },
      files: { 'omni-dbt.yml': writeRefreshConfig() },
      event: PUSH_EVENT,
      ...extra,
    });
  /** The deploy has run; the production connection refreshes its shared model (no branch-based refresh). */
  const deploy = () => {
    sandbox.setBranchSchemaRefresh(PRODUCTION_ID, false);
    deployPullRequest12(sandbox);
  };
  const resultOf = (done: RunResult) => JSON.parse(done.outputs.result ?? '{}');
  const expectOnlyRefreshRequests = () => {
    // Nothing else is written or read: no dbt settings, environments, schedules or branches; no branch id.
    const allowed = ['validate', 'content-validator', 'refresh', 'jobs'];
    expect(sandbox.requests.filter((request) => !allowed.includes(request.route ?? ''))).toEqual([]);
    for (const refresh of sandbox.requests.filter((request) => request.route === 'refresh')) {
      expect(new URL(refresh.path, sandbox.url).searchParams.has('branch_id')).toBe(false);
    }
    // The staging connection lists no model: not read at all.
    expect(
      sandbox.requests.filter((r) => r.modelId === STAGING_MODEL_ID || r.connectionId === STAGING_ID),
    ).toEqual([]);
  };
  const expectNoToken = (done: RunResult) => {
    const log = done.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    expect(log + done.stderr + done.summary + JSON.stringify(done.outputs)).not.toContain(TOKEN);
  };

  it('fails the deploy that breaks dashboards, naming exactly those it broke and the one it fixed', async () => {
    deploy();
    const done = await run();
    expect(done.exitCode, done.stdout).toBe(1);
    expectOnlyRefreshRequests();
    expectNoToken(done);
    expect(sandbox.requests.filter((request) => request.route === 'refresh')).toHaveLength(1);

    expect(done.summary).toContain('## ❌ Omni dbt schema refresh');
    expect(done.summary).toContain(`**❌ ${DEPLOY_VERDICT}**`);
    for (const name of DEPLOY_BROKEN) expect(done.summary).toContain(`[${name}]`);
    expect(done.summary).toContain(`(<${sandbox.url}/dashboards/rev-overview>)`);
    // Fixed and already broken: counted, never listed as new.
    for (const name of [...DEPLOY_FIXED, 'Net revenue']) expect(done.summary).not.toContain(`[${name}]`);
    expect(done.summary).toContain(
      '2 existing issues (before the refresh too, not counted against this change), 2 issues resolved',
    );
    expect(done.summary).toContain('**Refresh:** 2 connections: 1 refreshed, 1 skipped.');
    expect(done.summary).toContain(
      '| Snowflake production | `550e8400-e29b-41d4-a716-446655440000` | 🔄 refresh | ✅ refreshed | — |',
    );

    const result = resultOf(done);
    expect(result.mode).toBe('refresh');
    const [production, staging] = result.connections;
    expect(production).toMatchObject({ id: PRODUCTION_ID, action: 'update', status: 'applied', error: null });
    expect(production.impact.refreshed).toBe(true);
    expect(production.impact.newIssues.map((issue: { document: string }) => issue.document)).toEqual(
      DEPLOY_BROKEN,
    );
    expect(production.impact.newModelIssues).toEqual([
      {
        message: "Field 'orders.net_revenue' references 'orders.amount', which is not in the schema",
        where: 'orders.net_revenue',
      },
    ]);
    expect(production.impact).toMatchObject({ existing: 2, resolved: 2, atRisk: [] });
    expect(staging).toMatchObject({ id: STAGING_ID, action: null, status: 'skipped' });
    expect(staging.error).toContain('lists no `omniModels`');
    expect(done.outputs).toMatchObject({ changed: '1', failed: '0', 'has-changes': 'true' });

    expect(done.stdout).toContain(`::group::Snowflake production (${PRODUCTION_ID}): refreshed`);
    expect(done.stdout).toContain(
      `  impact: ${DEPLOY_VERDICT} (the shared model ${MODEL_ID} before and after its schema refresh (fail-on-impact: new`,
    );
    expect(done.stdout).toContain('    new: Revenue overview — Revenue by month:');
    expect(done.stdout).toMatch(/Snowflake production: refreshing the schema of model 2b4f0c8e-[^ ]+ \(job /);
    expect(done.stdout).toMatch(
      /::error::Refreshed the schema of 1 of 1 connection\. Impact on Snowflake production: /,
    );
  });

  it('passes with fail-on-impact none, reporting the same', async () => {
    deploy();
    const done = await run({ 'fail-on-impact': 'none' });
    expect(done.exitCode, done.stdout).toBe(0);
    expect(done.summary).toContain(`**⚠️ ${DEPLOY_VERDICT}**`);
    expect(done.summary).toContain('fail-on-impact: none, so issues never fail the check');
    expect(resultOf(done).connections[0].impact.newIssues).toHaveLength(3);
    expectNoToken(done);
  });

  it('fails, in bounded time, the connection whose refresh job fails', async () => {
    deploy();
    sandbox.setRefreshOutcome('fail');
    const done = await run({ 'fail-on-impact': 'none' });
    expect(done.exitCode, done.stdout).toBe(1);
    const [production] = resultOf(done).connections;
    expect(production).toMatchObject({ action: 'update', status: 'failed' });
    expect(production.error).toMatch(
      /^Omni's schema refresh of model 2b4f0c8e-[^ ]+ failed \(job [^,]+, after \d+ s\); nothing was compared\.$/,
    );
    expect(done.outputs.failed).toBe('1');
    // Read until the job said it failed, a few seconds apart; no validation after it.
    const polls = sandbox.requests.filter((request) => request.route === 'jobs');
    expect(polls.length).toBeGreaterThan(0);
    expect(polls.length).toBeLessThanOrEqual(3);
    expect(sandbox.requests.filter((request) => request.route === 'validate')).toHaveLength(1);
    expect(done.stdout).toContain('How to fix: Look at the refresh in Omni');
    expectNoToken(done);
  });

  it('reports a connection Omni refreshes per branch as a warning, does not refresh it, and passes', async () => {
    // The seed's production connection has branch-based schema refresh on.
    deployPullRequest12(sandbox);
    const done = await run();
    expect(done.exitCode, done.stdout).toBe(0);
    const refreshes = sandbox.requests.filter((request) => request.route === 'refresh');
    // Omni can only say so by refusing: the one refresh asked for is refused, and nothing runs.
    expect(refreshes.map((request) => request.status)).toEqual([400]);
    expect(sandbox.requests.filter((request) => request.route === 'jobs')).toEqual([]);
    expect(sandbox.getSnapshot(MODEL_ID)?.tables.orders).toContain('amount');
    expect(done.stdout).toMatch(
      /::warning::Snowflake production: Omni refreshes the schema of Snowflake production per branch .*refresh the schema on a branch of the model in Omni and merge the branch there/,
    );
    expect(done.summary).toContain('> [!WARNING]');
    expect(done.summary).toContain('1 connection was not refreshed: Omni refreshes it per branch');
    expect(resultOf(done).connections[0]).toMatchObject({ status: 'skipped', action: 'unchanged' });
    expectOnlyRefreshRequests();
    expectNoToken(done);
  });

  it('posts no comment, even on a pull request event, and needs a token', async () => {
    deploy();
    const github = await startGitHubFake({ installationTokens: [GITHUB_TOKEN] });
    try {
      const done = await run(
        { 'github-token': GITHUB_TOKEN, 'fail-on-impact': 'none' },
        {
          event: PULL_REQUEST_EVENT,
          eventName: 'pull_request',
          ref: 'refs/pull/7/merge',
          env: { GITHUB_API_URL: github.url },
        },
      );
      expect(done.exitCode, done.stdout).toBe(0);
      expect(github.comments).toEqual([]);
    } finally {
      await github.close();
    }
    sandbox.requests.length = 0;
    const tokenless = await run({ 'api-token': '' });
    expect(tokenless.exitCode).toBe(1);
    expect(tokenless.stdout).toContain("mode: refresh (it refreshes Omni's schema) needs it");
    expect(sandbox.requests).toEqual([]);
  });
});
