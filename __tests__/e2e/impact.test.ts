// The impact check end to end (README, "Impact on Omni"): the built action in `mode: preview` on pull request
// #12, whose dbt build (the sandbox's schema dbt_pr_12) renames orders.amount, against the Omni sandbox's
// model world and the GitHub fake (the pull request's files, the sticky comment). Real time: the refresh
// jobs are short. The fake-clock cases (a hanging refresh, the whole poll schedule) are in
// __tests__/integration/impact.test.ts.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubFake } from '../../sandbox/github-fake.js';
import { startSandbox } from '../../sandbox/server.js';
import { PULL_REQUEST_12_EVENT, writePreviewConfig } from '../../scripts/pull-request-12.js';
import { runBuiltAction } from '../../scripts/runner.js';
import { POLL_SCHEDULE } from '../../src/core/run/refresh-job.js';
import { PRODUCTION_ID } from '../support/dbt-fixtures.js';

const OMNI_TOKEN = 'omni-impact-e2e-token-7f3a';
const GITHUB_TOKEN = 'ghs_impact_installation_token';
const MODEL_ID = '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f';
const HEAD = 'rename-amount';
const VERDICT = 'breaks 3 dashboards (3 queries); 1 new model issue; 1 already broken on main; 1 fixed';

function config(impact = '{}', extra = '') {
  return writePreviewConfig({ impact, extra });
}

function pullRequestEvent(action: string) {
  return { ...PULL_REQUEST_12_EVENT, action };
}

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type GitHubFake = Awaited<ReturnType<typeof startGitHubFake>>;
type ActionRunResult = Awaited<ReturnType<typeof runBuiltAction>>;

describe('the impact check with the built action', () => {
  let sandbox: Sandbox;
  let github: GitHubFake;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, tokens: [OMNI_TOKEN], refreshDurationMs: 3_000 });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    github = await startGitHubFake({
      installationTokens: [GITHUB_TOKEN],
      pullRequests: [
        {
          repo: 'acme/analytics',
          number: 12,
          head: { ref: HEAD },
          files: [
            { filename: 'transform/models/orders.sql', status: 'modified' },
            {
              filename: 'transform/models/staging/stg_payments.sql',
              status: 'renamed',
              previous_filename: 'transform/models/staging/payments.sql',
            },
            { filename: 'transform/dbt_project.yml', status: 'modified' },
          ],
        },
      ],
      // One file a page: the three take three pages.
      pullsPageLimit: 1,
    });
  });
  afterEach(async () => {
    // Nothing of the shared model is written in this mode: no dbt settings, no refresh without the branch's id.
    expect(sandbox.requests.filter((request) => request.route === 'dbt')).toEqual([]);
    for (const refresh of sandbox.requests.filter((request) => request.route === 'refresh')) {
      expect(new URL(refresh.path, sandbox.url).searchParams.get('branch_id')).toBeTruthy();
    }
    await github.close();
    sandbox.reset();
  });

  const run = (event: object, configText = config()) =>
    runBuiltAction({
      inputs: {
        config: 'omni-dbt.yml',
        mode: 'preview',
        'omni-url': sandbox.url,
        'api-token': OMNI_TOKEN,
        'github-token': GITHUB_TOKEN,
      },
      files: { 'omni-dbt.yml': configText },
      eventName: 'pull_request',
      ref: 'refs/pull/12/merge',
      event,
      env: { GITHUB_API_URL: github.url },
    });

  const previewComment = () =>
    github.comments.find((comment) =>
      comment.body.startsWith('<!-- omni-dbt-action preview: omni-dbt.yml -->'),
    );

  function expectNoToken(result: ActionRunResult): void {
    const printed = result.stdout.replace(/^::add-mask::.*$/gm, '');
    for (const text of [
      printed,
      result.stderr,
      result.summary,
      JSON.stringify(result.outputs),
      ...github.comments.map((c) => c.body),
    ]) {
      expect(text).not.toContain(OMNI_TOKEN);
      expect(text).not.toContain(GITHUB_TOKEN);
    }
  }

  it('fails the pull request that renames a column, naming exactly the dashboards it breaks', async () => {
    const result = await run(pullRequestEvent('opened'));
    expect(result.exitCode, result.stdout).toBe(1);
    expectNoToken(result);

    const comment = previewComment()?.body ?? '';
    for (const text of [comment, result.summary]) {
      expect(text).toContain(VERDICT);
      expect(text).toContain('[Revenue overview]');
      expect(text).toContain('[Customer regions]');
      expect(text).toContain('[Pipeline (draft)]');
      expect(text).toContain(`(<${sandbox.url}/dashboards/rev-overview>)`);
      // Already broken on main: counted, not listed as new; fixed: counted.
      expect(text).toContain(
        '2 existing issues (on main too, not counted against this change), 2 issues resolved',
      );
    }
    const newSection = comment.slice(
      comment.indexOf('New content issues'),
      comment.indexOf('New model issues'),
    );
    expect(newSection).not.toContain('Net revenue');
    expect(newSection).not.toContain('Discounts (legacy)');
    expect(newSection).not.toContain('Payments mix');

    const result0 = JSON.parse(result.outputs.result ?? '{}').connections[0];
    expect(result0).toMatchObject({ status: 'applied', preview: true });
    expect(result0.impact).toMatchObject({ refreshed: true, existing: 2, resolved: 2 });
    expect(result0.impact.newIssues.map((issue: { document: string }) => issue.document)).toEqual([
      'Customer regions',
      'Pipeline (draft)',
      'Revenue overview',
    ]);
    expect(result0.impact.newModelIssues).toEqual([
      {
        message: "Field 'orders.net_revenue' references 'orders.amount', which is not in the schema",
        where: 'orders.net_revenue',
      },
    ]);
    // orders.sql and a renamed payments model changed: the dashboards on both models are at risk.
    expect(result0.impact.atRisk.map((entry: { model: string }) => entry.model)).toEqual([
      'orders',
      'payments',
    ]);
    expect(result.outputs.failed).toBe('0');
    // The log group shows the verdict; the annotation names the dashboards on the changed model's file.
    expect(result.stdout).toContain(`impact: ${VERDICT}`);
    expect(result.stdout).toMatch(
      /^::warning title=omni-dbt%3A dashboards at risk,file=transform\/models\/orders\.sql::The dbt model orders is used by 4 Omni dashboards: Customer regions, Discounts \(legacy\), Net revenue, Revenue overview\./m,
    );
    expect(result.stdout).toContain('file=transform/models/staging/stg_payments.sql');
    // Every page of the files was read.
    expect(github.requests.filter((request) => request.path.includes('/pulls/12/files'))).toHaveLength(3);
  });

  it('creates the branch, records it, binds it, and refreshes it with its id, polling within Omni’s bounds', async () => {
    await run(pullRequestEvent('opened'), config('{ failOn: none }'));
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
    const refreshes = sandbox.requests.filter((request) => request.route === 'refresh');
    expect(refreshes).toHaveLength(1);
    expect(new URL(refreshes[0]?.path ?? '', sandbox.url).searchParams.get('branch_id')).toBe(branch?.id);
    const polls = sandbox.requests.filter((request) => request.route === 'jobs');
    expect(polls.length).toBeGreaterThanOrEqual(2);
    const times = [refreshes[0], ...polls].map((request) => request?.startedAt ?? 0);
    const gaps = times.slice(1).map((at, index) => at - (times[index] ?? 0));
    // Never two reads within a second, and none sooner than the schedule's 2 s (timers never fire early).
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(POLL_SCHEDULE.minSpacingMs);
      expect(gap).toBeGreaterThanOrEqual(POLL_SCHEDULE.firstMs - 20);
    }
  });

  it('passes with failOn: none, with the same report', async () => {
    const result = await run(pullRequestEvent('opened'), config('{ failOn: none }'));
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.summary).toContain(VERDICT);
    expect(result.summary).toContain('failOn: none, so issues never fail the check');
    expect(previewComment()?.body).toContain('[Revenue overview]');
  });

  it.each([
    ['array', 'docs', 'objects'],
    ['object', 'lower', 'strings'],
    ['array', 'contract', 'objects'],
  ] as const)(
    'gives the same verdict with model validation as %s, job status %s, content issues as %s',
    async (validation, status, issues) => {
      sandbox.setModelValidationShape(validation);
      sandbox.setJobStatusSpelling(status);
      sandbox.setContentIssueShape(issues);
      sandbox.setRefreshDuration(0);
      const result = await run(pullRequestEvent('opened'));
      expect(result.exitCode).toBe(1);
      expect(result.summary).toContain(VERDICT);
      const impact = JSON.parse(result.outputs.result ?? '{}').connections[0].impact;
      expect(impact.newIssues).toHaveLength(3);
      expect(impact.newModelIssues).toHaveLength(1);
    },
  );

  it('sends the folder and label scope to the content validator', async () => {
    const result = await run(
      pullRequestEvent('opened'),
      config('{ refresh: false, folders: [/Sales], labels: [Verified] }'),
    );
    expectNoToken(result);
    const validations = sandbox.requests.filter((request) => request.route === 'content-validator');
    expect(validations).toHaveLength(2);
    for (const validation of validations) {
      const query = new URL(validation.path, sandbox.url).searchParams;
      expect(query.getAll('folder_paths')).toEqual(['/Sales']);
      expect(query.get('labels')).toBe('Verified');
    }
    expect(result.summary).toContain('Only content under /Sales was checked.');
    expect(result.summary).toContain('Only content labelled Verified was checked.');
  });

  it('warns and goes on without a refresh where the connection has no branch-based schema refresh', async () => {
    sandbox.setBranchSchemaRefresh(PRODUCTION_ID, false);
    const result = await run(pullRequestEvent('opened'), config('{ failOn: none }'));
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.stdout).toMatch(
      /^::warning::Snowflake production: Omni refused to refresh branch "rename-amount" on its own.*The check saw the branch as it was/m,
    );
    expect(
      sandbox.requests.filter((request) => request.route === 'refresh').map((request) => request.status),
    ).toEqual([400]);
    expect(sandbox.getJobs()).toEqual([]);
    expect(JSON.parse(result.outputs.result ?? '{}').connections[0].impact.refreshed).toBe(false);
    // Unrefreshed, the branch sees the shared model's schema: nothing new.
    expect(result.summary).toContain('breaks no dashboards; 2 already broken on main');
  });

  it('fails the connection when the refresh job fails, in bounded time', async () => {
    sandbox.setRefreshOutcome('fail');
    const result = await run(pullRequestEvent('opened'));
    expect(result.exitCode).toBe(1);
    expect(result.outputs.failed).toBe('1');
    expect(result.summary).toContain(`Omni's schema refresh of branch "${HEAD}" failed`);
    expect(JSON.parse(result.outputs.result ?? '{}').connections[0]).not.toHaveProperty('impact');
  });

  it('deletes on close the branch it created, and only that', async () => {
    const deleting = config('{ refresh: false, failOn: none }', '      deleteBranch: true\n');
    expect((await run(pullRequestEvent('opened'), deleting)).exitCode).toBe(0);
    const closed = await run(pullRequestEvent('closed'), deleting);
    expect(closed.exitCode, closed.stdout).toBe(0);
    expect(sandbox.getBranch(MODEL_ID, HEAD)).toBeUndefined();
    expect(sandbox.getBranch(MODEL_ID, 'main')).toBeDefined();
    const deletes = sandbox.requests.filter((request) => request.method === 'DELETE');
    expect(deletes.map((request) => decodeURIComponent(request.path))).toEqual([
      `/api/v1/models/${MODEL_ID}/branch/${HEAD}`,
      expect.stringMatching(/^\/api\/v1\/connections\/.+\/dbt\/environments\//),
    ]);
    expect(closed.summary).toContain(`Deleted the Omni branch "${HEAD}".`);
  });

  it('keeps the comment under GitHub’s limit with 3,000 broken dashboards, the summary whole', async () => {
    const documents = Array.from({ length: 3_000 }, (_, index) => ({
      id: `d1000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      identifier: `revenue-${index}`,
      name: `Revenue by region ${index}`,
      modelId: MODEL_ID,
      kind: 'dashboard' as const,
      folder: { name: 'Finance', path: '/Finance' },
      labels: [],
      owner: { name: 'Alice Analyst', email: 'alice@acme.example' },
      isPublished: true,
      dbtModels: ['orders'],
      queries: [{ id: `revenue-${index}-q1`, name: 'Revenue', fields: ['orders.amount'] }],
      filters: [],
    }));
    sandbox.setDocuments(documents);
    sandbox.setExposurePageSize(100);
    const result = await run(pullRequestEvent('opened'));
    expect(result.exitCode).toBe(1);
    const comment = previewComment()?.body ?? '';
    expect(comment.length).toBeGreaterThan(10_000);
    expect(comment.length).toBeLessThanOrEqual(65_536);
    expect(comment).toContain('breaks 3000 dashboards (3000 queries)');
    expect(comment).toMatch(
      /new content issues are left out here to fit GitHub's size limit; the whole list is in the \[job summary\]/,
    );
    expect(Buffer.byteLength(result.summary, 'utf8')).toBeLessThanOrEqual(1024 * 1024);
    for (const index of [0, 1_499, 2_999]) expect(result.summary).toContain(`[Revenue by region ${index}]`);
    expect(result.stdout).not.toContain('Could not write the plan comment');
  }, 60_000);
});
