// `mode: refresh` (README, "Refresh after a deploy") in process against the sandbox's model world over real HTTP:
// the production deploy of pull request #12 changes the warehouse's `analytics` schema, and the refresh after
// it reports exactly what broke and what was fixed. The refresh's clock is the sandbox's, and fake, so that a
// hanging job is timed out at once and its polls counted exactly; the end-to-end tests run with real time.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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
import { REFRESH_TIMEOUT_MINUTES } from '../../src/core/config/schema.js';
import { createOmniClient } from '../../src/core/omni/client.js';
import { createPacer, sleepUnlessAborted } from '../../src/core/omni/pacer.js';
import type { ImpactFailOn } from '../../src/core/plan/impact.js';
import { summariseOutcome } from '../../src/core/report/outcome.js';
import { describePollInterval, POLL_SCHEDULE } from '../../src/core/run/refresh-job.js';
import { executeRun } from '../../src/core/run/run.js';
import type { RunReport } from '../../src/core/run/types.js';
import { createRedactor } from '../../src/core/secrets.js';
import { ACTION_TERMS } from '../../src/core/terms.js';
import { STAGING_MODEL_ID } from '../support/dbt-fixtures.js';
import { createFakeClock } from '../support/fake-clock.js';

const TOKEN = 'sandbox-token';

describe('mode: refresh against the sandbox', () => {
  const clock = createFakeClock();
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      tokens: [TOKEN],
      now: clock.now,
      refreshDurationMs: 6_000,
      requestsPerMinute: 6_000,
    });
  });
  afterEach(() => {
    // Nothing else is written: no dbt settings, no environment, no schedule; no refresh with a branch id.
    const routes = new Set(sandbox.requests.map((request) => request.route));
    for (const route of ['dbt', 'environments', 'schedules', 'branch', 'models'])
      expect(routes).not.toContain(route);
    for (const refresh of sandbox.requests.filter((request) => request.route === 'refresh')) {
      expect(new URL(refresh.path, sandbox.url).searchParams.has('branch_id')).toBe(false);
    }
    sandbox.reset();
  });
  afterAll(() => sandbox.close());

  const run = (configText: string, failOnImpact: ImpactFailOn = 'new', stop = new AbortController()) =>
    executeRun({
      configPath: 'omni-dbt.yml',
      configText,
      mode: 'refresh',
      omniUrl: sandbox.url,
      apiToken: TOKEN,
      allowCustomHost: false,
      selection: [],
      force: false,
      rotateKeys: false,
      failOnChanges: false,
      failOnImpact,
      isUpdatingSecrets: false,
      stepEnv: {},
      redactor: createRedactor(),
      terms: ACTION_TERMS,
      stop,
      impactClock: clock,
      createClient: ({ apiBaseUrl, token, signal }) =>
        createOmniClient({
          apiBaseUrl,
          token,
          signal,
          pacer: createPacer({
            maxRequestsPerMinute: 6000,
            now: Date.now,
            sleep: sleepUnlessAborted,
            signal,
          }),
        }),
    });

  /** The production connection refreshes its shared model (the seed has branch-based refresh on for it). */
  const deploy = () => {
    sandbox.setBranchSchemaRefresh(PRODUCTION_ID, false);
    deployPullRequest12(sandbox);
  };
  const names = (report: RunReport, list: 'new' | 'existing' | 'resolved') => [
    ...new Set(report.connections[0]?.impact?.comparison.content[list].map((issue) => issue.documentName)),
  ];

  it('reports exactly the dashboards the deploy broke and the one it fixed, and fails on new issues', async () => {
    deploy();
    const report = await run(writeRefreshConfig());
    const [production, staging] = report.connections;
    expect(production, production?.error).toMatchObject({ action: 'update', status: 'applied' });
    expect(production?.impact?.verdict).toBe(DEPLOY_VERDICT);
    expect(names(report, 'new')).toEqual(DEPLOY_BROKEN);
    expect(names(report, 'resolved')).toEqual(DEPLOY_FIXED);
    expect(names(report, 'existing')).toEqual(['Net revenue']);
    expect(production?.impact?.comparison.model.new.map((issue) => issue.message)).toEqual([
      "Field 'orders.net_revenue' references 'orders.amount', which is not in the schema",
    ]);
    expect(production?.impact).toMatchObject({ isFailing: true, failOn: 'new', isRefreshed: true });
    // The shared model sees the deployed schema now.
    expect(sandbox.getSnapshot(MODEL_ID)?.tables.orders).toContain('amount_usd');
    // Validated before, refreshed once, validated after: in that order.
    const steps = sandbox.requests.map((request) => `${request.method} ${request.route}`);
    expect(steps.filter((step) => step === 'POST refresh')).toHaveLength(1);
    const refreshAt = steps.indexOf('POST refresh');
    expect(steps.slice(0, refreshAt).sort()).toEqual(['GET content-validator', 'GET validate']);
    expect(
      steps
        .slice(refreshAt + 1)
        .filter((step) => step !== 'GET jobs')
        .sort(),
    ).toEqual(['GET content-validator', 'GET validate']);
    // The staging connection lists no model: listed, out of scope, not read.
    expect(staging).toMatchObject({ connectionId: STAGING_ID, status: 'skipped', isOutOfScope: true });
    expect(sandbox.requests.filter((request) => request.modelId === STAGING_MODEL_ID)).toEqual([]);
    const outcome = summariseOutcome(report);
    expect(outcome).toMatchObject({ isFailure: true, changed: 1, failed: 0 });
    expect(outcome.headline).toBe(
      `Refreshed the schema of 1 of 1 connection. Impact on Snowflake production: ${DEPLOY_VERDICT}. fail-on-impact: new fails the run on new issues.`,
    );
  });

  it('passes with fail-on-impact none, and fails with any on issues that were there before too', async () => {
    deploy();
    const report = await run(writeRefreshConfig(), 'none');
    expect(report.connections[0]?.impact).toMatchObject({ verdict: DEPLOY_VERDICT, isFailing: false });
    expect(summariseOutcome(report).isFailure).toBe(false);

    sandbox.reset();
    sandbox.setBranchSchemaRefresh(PRODUCTION_ID, false);
    // No deploy: the refresh finds what was there before, which `new` lets pass and `any` does not.
    const quiet = await run(writeRefreshConfig(), 'new');
    expect(quiet.connections[0]?.impact?.verdict).toBe('breaks no dashboards; 2 already broken before');
    expect(summariseOutcome(quiet).isFailure).toBe(false);
    sandbox.reset();
    sandbox.setBranchSchemaRefresh(PRODUCTION_ID, false);
    expect(summariseOutcome(await run(writeRefreshConfig(), 'any')).isFailure).toBe(true);
  });

  it('reports a connection that Omni refreshes per branch as a warning, never refreshes it with a branch id, and passes', async () => {
    deployPullRequest12(sandbox);
    const report = await run(writeRefreshConfig());
    const [production] = report.connections;
    expect(production).toMatchObject({ status: 'skipped', isOutOfScope: true, action: 'unchanged' });
    expect(production?.warnings?.[0]).toContain(
      'refresh the schema on a branch of the model in Omni and merge the branch there',
    );
    expect(production).not.toHaveProperty('impact');
    // Omni tells only by refusing: one refresh, refused; no job, so nothing was refreshed.
    const refreshes = sandbox.requests.filter((request) => request.route === 'refresh');
    expect(refreshes.map((request) => request.status)).toEqual([400]);
    expect(sandbox.requests.filter((request) => request.route === 'jobs')).toEqual([]);
    expect(sandbox.getSnapshot(MODEL_ID)?.tables.orders).toContain('amount');
    const outcome = summariseOutcome(report);
    expect(outcome.isFailure).toBe(false);
    expect(outcome.headline).toContain('1 connection was not refreshed: Omni refreshes it per branch');
  });

  it('fails the connection whose refresh job fails, saying which job', async () => {
    deploy();
    sandbox.setRefreshOutcome('fail');
    const report = await run(writeRefreshConfig());
    const [production] = report.connections;
    expect(production?.status).toBe('failed');
    expect(production?.error).toMatch(
      /^Omni's schema refresh of model 2b4f0c8e-.* failed \(job 10b00000-.*, after 8 s\); nothing was compared\.$/,
    );
    expect(production?.hint).toContain('Look at the refresh in Omni');
    expect(sandbox.requests.filter((request) => request.route === 'validate')).toHaveLength(1);
    expect(summariseOutcome(report).isFailure).toBe(true);
  });

  it('fails a hanging refresh once the time is up, with a bounded number of status reads', async () => {
    deploy();
    sandbox.setRefreshOutcome('hang');
    const startedAt = clock.now();
    const report = await run(writeRefreshConfig());
    const [production] = report.connections;
    expect(production?.status).toBe('failed');
    expect(production?.error).toContain(`did not finish within ${REFRESH_TIMEOUT_MINUTES.default} min`);
    const timeoutMs = REFRESH_TIMEOUT_MINUTES.default * 60_000;
    // Bounded: it gives up by the deadline, within one poll interval of it.
    expect(clock.now() - startedAt).toBeLessThanOrEqual(timeoutMs);
    expect(clock.now() - startedAt).toBeGreaterThan(timeoutMs - POLL_SCHEDULE.maxMs);
    const polls = sandbox.requests.filter((request) => request.route === 'jobs');
    // At most one read per 2 s, the first 2 s after the refresh: a bounded count, never a busy loop.
    expect(polls.length).toBeLessThanOrEqual(timeoutMs / POLL_SCHEDULE.firstMs);
    expect(polls.length).toBeGreaterThan(timeoutMs / POLL_SCHEDULE.maxMs - 1);
    const times = polls.map((request) => request.startedAt);
    const gaps = times.slice(1).map((at, index) => at - (times[index] ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(POLL_SCHEDULE.minSpacingMs);
    expect(gaps.slice(0, 3)).toEqual([1, 2, 3].map(describePollInterval));
  });

  it('validates every listed model before and after, refreshes only the first, and names each model issue’s model', async () => {
    deploy();
    const report = await run(writeRefreshConfig({ models: `[${MODEL_ID}, ${STAGING_MODEL_ID}]` }));
    const [production] = report.connections;
    expect(production?.status, production?.error).toBe('applied');
    const refreshes = sandbox.requests.filter((request) => request.route === 'refresh');
    expect(refreshes.map((request) => request.modelId)).toEqual([MODEL_ID]);
    for (const modelId of [MODEL_ID, STAGING_MODEL_ID]) {
      const validations = sandbox.requests.filter((r) => r.route === 'validate' && r.modelId === modelId);
      expect(validations, modelId).toHaveLength(2);
    }
    expect(production?.impact?.verdict).toBe(DEPLOY_VERDICT);
    expect(production?.impact?.comparison.model.new.map((issue) => issue.where)).toEqual([
      expect.stringMatching(new RegExp(`^model ${MODEL_ID}: `)),
    ]);
    expect(production?.impact?.refresh?.modelIds).toEqual([MODEL_ID, STAGING_MODEL_ID]);
  });

  it('sends nothing when no selected connection lists omniModels, and says what to add', async () => {
    const report = await run(writeRefreshConfig().replace(`    omniModels: [${MODEL_ID}]\n`, ''));
    expect(sandbox.requests).toEqual([]);
    expect(report.fatalError).toContain('No selected connection in omni-dbt.yml lists `omniModels`');
    expect(report.connections.map((c) => [c.status, c.isOutOfScope])).toEqual([
      ['skipped', true],
      ['skipped', true],
    ]);
    expect(summariseOutcome(report).isFailure).toBe(true);
  });
});
