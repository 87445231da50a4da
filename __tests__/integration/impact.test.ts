// The impact check (README, "Impact on Omni") in process against the sandbox's model world over real HTTP:
// executeRun in `mode: preview` on pull request #12, whose dbt build (schema dbt_pr_12) renames
// orders.amount. The refresh's clock is the sandbox's, and fake, so that a poll schedule, a timeout and a
// hanging job are checked exactly and at once; the end-to-end tests run the same with real time.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server.js';
import { writePreviewConfig } from '../../scripts/pull-request-12.js';
import { createOmniClient } from '../../src/core/omni/client.js';
import { createPacer, sleepUnlessAborted } from '../../src/core/omni/pacer.js';
import type { ChangedFile } from '../../src/core/plan/impact.js';
import type { ChangedFilesRead } from '../../src/core/run/impact.js';
import type { PreviewRunContext } from '../../src/core/run/preview.js';
import { describePollInterval, POLL_SCHEDULE } from '../../src/core/run/refresh-job.js';
import { executeRun } from '../../src/core/run/run.js';
import type { RunReport } from '../../src/core/run/types.js';
import { createRedactor } from '../../src/core/secrets.js';
import { ACTION_TERMS } from '../../src/core/terms.js';
import { PRODUCTION_ID } from '../support/dbt-fixtures.js';
import { createFakeClock } from '../support/fake-clock.js';

const TOKEN = 'sandbox-token';
const MODEL_ID = '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f';
const HEAD = 'rename-amount';

function config(impact = '{}', extra = '') {
  return writePreviewConfig({ impact, extra });
}

const ORDERS_CHANGED: ChangedFile[] = [
  { filename: 'transform/models/orders.sql', status: 'modified' },
  { filename: 'transform/README.md', status: 'modified' },
];

describe('the impact check against the sandbox', () => {
  const clock = createFakeClock();
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      tokens: [TOKEN],
      now: clock.now,
      refreshDurationMs: 6_000,
      // The fake clock stands still between refreshes: Omni's limit is not what these tests are about.
      requestsPerMinute: 6_000,
    });
  });
  afterEach(() => {
    // Nothing of the shared model is written: no dbt settings, no refresh without the branch's id.
    expect(sandbox.requests.filter((request) => request.route === 'dbt')).toEqual([]);
    const refreshes = sandbox.requests.filter((request) => request.route === 'refresh');
    for (const refresh of refreshes)
      expect(new URL(refresh.path, sandbox.url).searchParams.get('branch_id')).toBeTruthy();
    sandbox.reset();
  });
  afterAll(() => sandbox.close());

  const run = (
    configText: string,
    options: { files?: ChangedFilesRead; preview?: Partial<PreviewRunContext>; stop?: AbortController } = {},
  ): Promise<RunReport> =>
    executeRun({
      configPath: 'omni-dbt.yml',
      configText,
      mode: 'preview',
      omniUrl: sandbox.url,
      apiToken: TOKEN,
      allowCustomHost: false,
      selection: [],
      force: false,
      rotateKeys: false,
      failOnChanges: false,
      isUpdatingSecrets: false,
      stepEnv: {},
      redactor: createRedactor(),
      terms: ACTION_TERMS,
      stop: options.stop ?? new AbortController(),
      impactClock: clock,
      preview: {
        kind: 'upsert',
        pr: 12,
        head: HEAD,
        base: 'main',
        sha: 'abc1234def5678',
        repository: 'acme/analytics',
        readChangedFiles: async () => options.files ?? { ok: true, files: ORDERS_CHANGED },
        ...options.preview,
      } as PreviewRunContext,
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

  const newIssues = (report: RunReport) =>
    report.connections[0]?.impact?.comparison.content.new.map((issue) => [
      issue.documentName,
      issue.kind,
      issue.queryName,
    ]);

  it('names exactly the dashboards the renamed column breaks, counting the shared model’s own as existing', async () => {
    const report = await run(config());
    const [connection] = report.connections;
    expect(connection?.status, connection?.error).toBe('applied');
    const impact = connection?.impact;
    expect(impact?.verdict).toBe(
      'breaks 3 dashboards (3 queries); 1 new model issue; 1 already broken on main; 1 fixed',
    );
    expect(newIssues(report)).toEqual([
      ['Customer regions', 'filter', null],
      ['Pipeline (draft)', 'query', 'Pipeline'],
      ['Revenue overview', 'query', 'Revenue by month'],
    ]);
    expect(impact?.comparison.content.existing.map((issue) => issue.documentName)).toEqual(['Net revenue']);
    expect(impact?.comparison.content.resolved.map((issue) => issue.documentName)).toEqual([
      'Discounts (legacy)',
    ]);
    expect(impact?.comparison.model.new.map((issue) => issue.message)).toEqual([
      "Field 'orders.net_revenue' references 'orders.amount', which is not in the schema",
    ]);
    expect(impact).toMatchObject({ isRefreshed: true, isFailing: true, failOn: 'new', branchName: HEAD });
    // orders.sql changed: every published dashboard built on the dbt model orders is at risk, linked on the instance.
    expect(impact?.atRisk.map((entry) => entry.model)).toEqual(['orders']);
    expect(impact?.atRisk[0]?.dashboards.map((dashboard) => dashboard.name)).toEqual([
      'Customer regions',
      'Discounts (legacy)',
      'Net revenue',
      'Revenue overview',
    ]);
    for (const dashboard of impact?.atRisk[0]?.dashboards ?? []) {
      expect(dashboard.url).toBe(`${sandbox.url}/dashboards/${dashboard.identifier}`);
    }
    expect(impact?.modelFiles).toEqual([{ model: 'orders', files: ['transform/models/orders.sql'] }]);
  });

  it('creates the branch, records it on the environment, binds it, then refreshes it with its id', async () => {
    const report = await run(config());
    expect(report.connections[0]?.branches).toEqual([
      { modelId: MODEL_ID, name: HEAD, action: 'create', status: 'applied' },
    ]);
    // The connection is updated as a whole: its preview environment is what is created.
    expect(report.connections[0]).toMatchObject({
      action: 'update',
      environments: [{ action: 'create', status: 'applied' }],
    });
    const branch = sandbox.getBranches(MODEL_ID).find((candidate) => candidate.name === HEAD);
    const environment = sandbox
      .getEnvironments(PRODUCTION_ID)
      .find((candidate) => candidate.name === 'PR 12');
    expect(environment?.variables).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'OMNI_DBT_PREVIEW_BRANCH', isSecret: false, value: HEAD }),
      ]),
    );
    expect(branch).toMatchObject({ dbtEnvironmentId: environment?.id, dbtGitBranch: HEAD });
    // The branch sees the pull request's schema now.
    expect(sandbox.getSnapshot(MODEL_ID, HEAD)?.schema).toBe('dbt_pr_12');
    const routes = sandbox.requests.map((request) => `${request.method} ${request.route}`);
    const steps = ['GET models', 'POST models', 'POST environments', 'POST branch', 'POST refresh'].map(
      (step) => routes.indexOf(step),
    );
    expect(steps.every((index) => index >= 0)).toBe(true);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    const refresh = sandbox.requests.find((request) => request.route === 'refresh');
    expect(new URL(refresh?.path ?? '', sandbox.url).searchParams.get('branch_id')).toBe(branch?.id);
  });

  it('polls the job on its schedule: 2 s after the refresh, then 2.5 s, 3 s…, never within a second', async () => {
    sandbox.setRefreshDuration(9_000);
    await run(config());
    const refresh = sandbox.requests.find((request) => request.route === 'refresh');
    const polls = sandbox.requests.filter((request) => request.route === 'jobs');
    const times = [refresh, ...polls].map((request) => request?.startedAt ?? 0);
    const gaps = times.slice(1).map((at, index) => at - (times[index] ?? 0));
    // Refresh at 0; reads at 2, 4.5, 7.5 (running) and 11 s (completed, after 9 s).
    expect(gaps).toEqual([0, 1, 2, 3].map(describePollInterval));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(POLL_SCHEDULE.minSpacingMs);
    expect(polls.map((request) => request.status)).toEqual([200, 200, 200, 200]);
  });

  it.each([
    ['object', 'contract', 'strings'],
    ['array', 'docs', 'objects'],
    ['array', 'lower', 'strings'],
    ['object', 'docs', 'objects'],
    ['object', 'lower', 'objects'],
    ['array', 'contract', 'strings'],
  ] as const)(
    'gives the same verdict with model validation as %s, job status %s, content issues as %s',
    async (validation, status, issues) => {
      sandbox.setModelValidationShape(validation);
      sandbox.setJobStatusSpelling(status);
      sandbox.setContentIssueShape(issues);
      const report = await run(config());
      expect(report.connections[0]?.impact?.verdict).toBe(
        'breaks 3 dashboards (3 queries); 1 new model issue; 1 already broken on main; 1 fixed',
      );
      expect(newIssues(report)).toHaveLength(3);
    },
  );

  it('passes with failOn: none, with the same report', async () => {
    const report = await run(config('{ failOn: none }'));
    expect(report.connections[0]?.impact).toMatchObject({ isFailing: false, failOn: 'none' });
    expect(report.connections[0]?.impact?.verdict).toBe(
      'breaks 3 dashboards (3 queries); 1 new model issue; 1 already broken on main; 1 fixed',
    );
    expect(newIssues(report)).toHaveLength(3);
  });

  it('fails on any issue with failOn: any, even with nothing new', async () => {
    // Without the rename, the branch sees the shared model's schema: Net revenue is broken on both.
    const report = await run(config('{ failOn: any, refresh: false }'));
    expect(report.connections[0]?.impact).toMatchObject({ isFailing: true, isRefreshed: false });
    expect(report.connections[0]?.impact?.verdict).toBe('breaks no dashboards; 2 already broken on main');
    expect(sandbox.requests.filter((request) => request.route === 'refresh')).toEqual([]);
  });

  it('sends the folder and label scope to the content validator, on both sides', async () => {
    const report = await run(config('{ folders: [/Finance, /Sales], labels: [Verified] }'));
    const validations = sandbox.requests.filter((request) => request.route === 'content-validator');
    expect(validations).toHaveLength(2);
    for (const validation of validations) {
      const query = new URL(validation.path, sandbox.url).searchParams;
      expect(query.getAll('folder_paths')).toEqual(['/Finance', '/Sales']);
      expect(query.get('labels')).toBe('Verified');
    }
    expect(validations.map((v) => new URL(v.path, sandbox.url).searchParams.has('branch_id')).sort()).toEqual(
      [false, true],
    );
    // The draft has no label: out of scope.
    expect(newIssues(report)).toEqual([
      ['Customer regions', 'filter', null],
      ['Revenue overview', 'query', 'Revenue by month'],
    ]);
  });

  it('goes on without the refresh, with a warning, where the connection has no branch-based schema refresh', async () => {
    sandbox.setBranchSchemaRefresh(PRODUCTION_ID, false);
    const report = await run(config());
    const [connection] = report.connections;
    expect(connection?.status).toBe('applied');
    expect(connection?.warnings?.join(' ')).toContain('The check saw the branch as it was');
    expect(connection?.impact).toMatchObject({ isRefreshed: false });
    expect(connection?.impact?.refreshNote).toContain('no branch-based schema refresh');
    // Refused, and never sent again without branch_id (that would refresh the shared model).
    const refreshes = sandbox.requests.filter((request) => request.route === 'refresh');
    expect(refreshes.map((request) => request.status)).toEqual([400]);
    expect(sandbox.getJobs()).toEqual([]);
  });

  it('fails the connection when the refresh job fails', async () => {
    sandbox.setRefreshOutcome('fail');
    const report = await run(config());
    const [connection] = report.connections;
    expect(connection?.status).toBe('failed');
    expect(connection?.impact).toBeUndefined();
    expect(connection?.error).toContain('The impact check could not run');
    expect(connection?.error).toContain(`Omni's schema refresh of branch "${HEAD}" failed`);
    expect(connection?.hint).toContain('impact.refresh: false');
    // The environment was written and bound before the check.
    expect(sandbox.getBranch(MODEL_ID, HEAD)?.dbtEnvironmentId).toBeTruthy();
  });

  it('fails a hanging refresh at refreshTimeoutMinutes, with a bounded number of polls', async () => {
    sandbox.setRefreshOutcome('hang');
    const started = clock.now();
    const report = await run(config('{ refreshTimeoutMinutes: 1 }'));
    const [connection] = report.connections;
    expect(connection?.status).toBe('failed');
    expect(connection?.error).toContain('did not finish within 1 min');
    expect(connection?.hint).toContain('impact.refreshTimeoutMinutes');
    const polls = sandbox.requests.filter((request) => request.route === 'jobs');
    // 2, 4.5, 7.5, 11, 15, 19.5, 24.5, then every 5 s to 59.5 s: 14 reads, the deadline within a second of the last.
    expect(polls).toHaveLength(14);
    expect(clock.now() - started).toBeLessThanOrEqual(60_000);
    expect(sandbox.requests.filter((request) => request.route === 'validate')).toHaveLength(1);
  });

  it('says the at-risk list is missing, and still passes judgement on the issues, when GitHub cannot list the files', async () => {
    const report = await run(config(), { files: { ok: false, reason: 'GitHub answered 403' } });
    const impact = report.connections[0]?.impact;
    expect(impact?.atRisk).toEqual([]);
    expect(impact?.atRiskNote).toBe('No dashboards are listed at risk: GitHub answered 403.');
    expect(impact?.isFailing).toBe(true);
    expect(sandbox.requests.filter((request) => request.route === 'dbt-exposures')).toEqual([]);
  });

  it('reads no exposures when no dbt model changed', async () => {
    const report = await run(config(), {
      files: { ok: true, files: [{ filename: 'transform/macros/cents.sql', status: 'added' }] },
    });
    expect(report.connections[0]?.impact?.atRiskNote).toBe(
      'No dashboards are at risk: no dbt model changed (no .sql or .py file under transform/models/).',
    );
    expect(sandbox.requests.filter((request) => request.route === 'dbt-exposures')).toEqual([]);
  });

  it('fails before writing anything when the branch is missing and createBranch is not set', async () => {
    const report = await run(writePreviewConfig({ isCreatingBranch: false }));
    const [connection] = report.connections;
    expect(connection?.status).toBe('failed');
    expect(connection?.error).toContain(`Omni has no branch "${HEAD}" of model ${MODEL_ID}`);
    expect(connection?.hint).toContain('createBranch: true');
    expect(sandbox.requests.filter((request) => request.method !== 'GET')).toEqual([]);
  });

  it('keeps the record on later runs and creates nothing twice', async () => {
    await run(config());
    const before = sandbox.requests.length;
    const again = await run(config());
    const later = sandbox.requests.slice(before);
    expect(later.filter((request) => request.route === 'models' && request.method === 'POST')).toEqual([]);
    expect(later.filter((request) => request.route === 'environments' && request.method !== 'GET')).toEqual(
      [],
    );
    expect(again.connections[0]?.branches).toEqual([
      { modelId: MODEL_ID, name: HEAD, action: 'found', status: 'unchanged' },
    ]);
    expect(again.connections[0]?.status).toBe('unchanged');
    const environment = sandbox
      .getEnvironments(PRODUCTION_ID)
      .find((candidate) => candidate.name === 'PR 12');
    expect(environment?.variables.map((variable) => variable.name)).toContain('OMNI_DBT_PREVIEW_BRANCH');
  });

  describe('close and sweep', () => {
    const DELETING = config('{ refresh: false }', '      deleteBranch: true\n');
    const closeRun = (configText: string) =>
      run(configText, { preview: { kind: 'close' } as Partial<PreviewRunContext> });
    const branchDeletes = () =>
      sandbox.requests.filter((request) => request.route === 'branch' && request.method === 'DELETE');

    it('deletes the branch the action created, then the environment', async () => {
      expect((await run(DELETING)).connections[0]?.status).toBe('applied');
      const closed = await closeRun(DELETING);
      const [connection] = closed.connections;
      expect(connection?.status).toBe('applied');
      expect(connection?.branches).toEqual([
        { modelId: MODEL_ID, name: HEAD, action: 'delete', status: 'applied' },
      ]);
      expect(sandbox.getBranch(MODEL_ID, HEAD)).toBeUndefined();
      expect(sandbox.getEnvironments(PRODUCTION_ID).map((environment) => environment.name)).not.toContain(
        'PR 12',
      );
      const deletes = sandbox.requests
        .filter((request) => request.method === 'DELETE')
        .map((request) => request.route);
      expect(deletes).toEqual(['branch', 'environments']);
    });

    it('never deletes a branch it did not create', async () => {
      // The branch exists before the first preview: found, not created, so not recorded.
      sandbox.setModel(MODEL_ID, {
        connectionId: PRODUCTION_ID,
        schema: 'analytics',
        branches: { [HEAD]: {} },
      });
      await run(DELETING);
      const environment = sandbox
        .getEnvironments(PRODUCTION_ID)
        .find((candidate) => candidate.name === 'PR 12');
      expect(environment?.variables.map((variable) => variable.name)).not.toContain(
        'OMNI_DBT_PREVIEW_BRANCH',
      );
      const closed = await closeRun(DELETING);
      expect(branchDeletes()).toEqual([]);
      expect(sandbox.getBranch(MODEL_ID, HEAD)).toBeDefined();
      expect(closed.connections[0]?.branches?.[0]).toMatchObject({ action: 'keep', name: HEAD });
      expect(closed.connections[0]?.branches?.[0]?.note).toContain('the action did not create it');
    });

    it('does not trust a record that names another branch than the pull request’s', async () => {
      await run(DELETING);
      sandbox.setEnvironments(
        PRODUCTION_ID,
        sandbox.getEnvironments(PRODUCTION_ID).map((environment) =>
          environment.name === 'PR 12'
            ? {
                ...environment,
                variables: environment.variables.map((variable) =>
                  variable.name === 'OMNI_DBT_PREVIEW_BRANCH' ? { ...variable, value: 'main' } : variable,
                ),
              }
            : environment,
        ),
      );
      const closed = await closeRun(DELETING);
      expect(branchDeletes()).toEqual([]);
      expect(sandbox.getBranch(MODEL_ID, 'main')).toBeDefined();
      expect(closed.connections[0]?.branches?.[0]?.note).toContain('so the record is not trusted');
    });

    it('keeps the branch without deleteBranch, and says so', async () => {
      const keeping = config('{ refresh: false }');
      await run(keeping);
      const closed = await closeRun(keeping);
      expect(branchDeletes()).toEqual([]);
      expect(closed.connections[0]?.branches?.[0]?.note).toContain('set `deleteBranch: true`');
      expect(closed.connections[0]?.status).toBe('applied');
    });

    it('counts a branch already gone as deleted, and fails, keeping the environment, when the delete fails', async () => {
      await run(DELETING);
      // A 404 while Omni still lists the branch is no proof that it is gone (outcomes.ts): it stands.
      sandbox.script({ method: 'DELETE', route: 'branch' }, [
        { status: 404, body: { detail: 'Not found', status: 404 } },
      ]);
      const failed = await closeRun(DELETING);
      expect(failed.connections[0]?.status).toBe('failed');
      expect(failed.connections[0]?.error).toContain('its preview environment was kept');
      expect(sandbox.getEnvironments(PRODUCTION_ID).map((environment) => environment.name)).toContain(
        'PR 12',
      );
      expect(failed.connections[0]?.httpStatus).toBe(404);
      expect(sandbox.getBranch(MODEL_ID, HEAD)).toBeDefined();
      // Someone deletes the branch by hand meanwhile: the next close takes it as gone.
      sandbox.setModel(MODEL_ID, { connectionId: PRODUCTION_ID, schema: 'analytics', branches: {} });
      const closed = await closeRun(DELETING);
      expect(closed.connections[0]?.status).toBe('applied');
      expect(closed.connections[0]?.branches?.[0]).toMatchObject({
        action: 'delete',
        status: 'applied',
        note: 'It was already gone from Omni.',
      });
    });

    it('sweeps a closed pull request’s branch only when GitHub confirms its branch name', async () => {
      await run(DELETING);
      const sweep = (
        readPullRequest?: (pr: number) => Promise<{ head: string; base: string; sha: string }>,
      ) =>
        run(DELETING, {
          preview: {
            kind: 'sweep',
            repository: 'acme/analytics',
            readOpenPullRequests: async () => new Set<number>(),
            ...(readPullRequest === undefined ? {} : { readPullRequest }),
          } as unknown as Partial<PreviewRunContext>,
        });
      const unknown = await sweep(async () => {
        throw new Error('HTTP 404');
      });
      expect(branchDeletes()).toEqual([]);
      expect(unknown.connections[0]?.status).toBe('failed');
      expect(unknown.connections[0]?.error).toContain(
        "pull request #12's branches could not be read from GitHub",
      );
      // Nothing was deleted for that pull request: its environment still holds the record for the next sweep.
      expect(sandbox.getEnvironments(PRODUCTION_ID).map((environment) => environment.name)).toContain(
        'PR 12',
      );

      const confirmed = await sweep(async () => ({ head: HEAD, base: 'main', sha: 'abc1234def5678' }));
      expect(confirmed.connections[0]?.status).toBe('applied');
      expect(branchDeletes().map((request) => request.status)).toEqual([200]);
      expect(sandbox.getBranch(MODEL_ID, HEAD)).toBeUndefined();
      expect(sandbox.getEnvironments(PRODUCTION_ID).map((environment) => environment.name)).not.toContain(
        'PR 12',
      );
    });
  });
});
