// The Omni sandbox's model world over real HTTP: the models and schedules routes validated against
// contract/models.openapi.yaml (parameters, bodies, its own answers), the token, rate limit and fault scripts
// on them, refresh jobs in time, what branches and the shared model see, the content validator's scope, dbt
// exposures, schedules, and the CLI's switches.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/server.js';
import { MODEL_ID, PRODUCTION_ID, STAGING_ID, STAGING_MODEL_ID } from '../support/dbt-fixtures.js';

const TOKEN = 'sandbox-token';
const READ_ONLY = 'read-only-token';
const FEATURE_BRANCH = 'feature/new-metrics';
const FEATURE_BRANCH_ID = 'ba5e0000-0000-4000-8000-000000000002';
const MAIN_BRANCH_ID = 'ba5e0000-0000-4000-8000-000000000001';
const STAGING_CHECKS = '0e000000-0000-4000-8000-000000000002';
const MISSING = '00000000-0000-4000-8000-000000000000';

let sandbox: Sandbox;
let clock = Date.parse('2026-03-01T08:00:00.000Z');

beforeAll(async () => {
  sandbox = await startSandbox({ readOnlyTokens: [READ_ONLY], now: () => clock });
});
afterAll(async () => {
  // close() rejects when the sandbox answered anything off the contract.
  await sandbox.close();
});
beforeEach(() => sandbox.reset());

async function call(method: string, path: string, options: { body?: unknown; token?: string | null } = {}) {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${sandbox.url}/api${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text) };
}

const model = (rest = '') => `/v1/models/${MODEL_ID}${rest}`;
const contentOf = (body: { content: Array<{ identifier: string }> }) => body.content.map((d) => d.identifier);

describe('contract checks on the models routes', () => {
  it.each([
    ['POST', '/v1/models', { modelKind: 'BRANCH', baseModelId: MODEL_ID, modelName: 'x' }, /connectionId/],
    ['POST', '/v1/models', { connectionId: PRODUCTION_ID, modelKind: 'WORKBOOK' }, /modelKind/],
    ['POST', model('/refresh?branch_id=not-a-uuid'), undefined, /branch_id must match format "uuid"/],
    ['GET', model('/validate?limit=0'), undefined, /limit must be > 0/],
    ['GET', model('/content-validator?branchId=x'), undefined, /branchId is not a query parameter/],
    [
      'GET',
      model('/content-validator?content_filter_mode=SOME'),
      undefined,
      /content_filter_mode must be equal/,
    ],
    ['GET', model('/content-validator?labels=Nope'), undefined, /Unknown labels: Nope/],
    ['GET', model('/content-validator?find=orders'), undefined, /find and find_type go together/],
    ['GET', model('/dbt-exposures?pageSize=101'), undefined, /pageSize must be <= 100/],
    ['GET', model('/dbt-exposures?cursor=bogus'), undefined, /cursor "bogus" is not one this list gave/],
    ['GET', '/v1/models/not-a-uuid/validate', undefined, /modelId must match format "uuid"/],
    ['GET', '/v1/models?modelKind=FOLDER', undefined, /modelKind must be equal to one of the allowed values/],
  ])('%s %s → 400 { detail, status }', async (method, path, body, detail) => {
    const answer = await call(method, path, { body });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ detail: expect.stringMatching(detail), status: 400 });
  });

  it('answers 404 for a model, a branch or a job it does not know', async () => {
    expect((await call('GET', `/v1/models/${MISSING}/validate`)).status).toBe(404);
    expect((await call('GET', model(`/validate?branchId=${MISSING}`))).status).toBe(404);
    expect((await call('DELETE', model('/branch/nope'))).status).toBe(404);
    expect((await call('GET', '/v1/jobs/nope/status')).body).toEqual({
      detail: 'Job nope not found',
      status: 404,
    });
  });

  it('checks its own answers: an unreadable document becomes a 500 and a violation', async () => {
    const [first] = sandbox.getDocuments();
    if (!first) throw new Error('the seed has documents');
    sandbox.setDocuments([{ ...first, identifier: '' }]);
    const answer = await call('GET', model('/content-validator'));
    expect(answer.status).toBe(500);
    expect(sandbox.violations).toEqual([
      expect.stringContaining('response.identifier must NOT have fewer than 1'),
    ]);
    sandbox.reset();
    expect(sandbox.violations).toEqual([]);
  });

  it('applies the token, the rate limit and fault scripts to the new routes', async () => {
    expect((await call('GET', model('/validate'), { token: null })).status).toBe(401);
    expect((await call('GET', model('/validate'), { token: 'wrong' })).status).toBe(401);
    sandbox.setRateLimit(2);
    expect((await call('GET', model('/validate'))).status).toBe(200);
    expect((await call('GET', `/v1/connections/${PRODUCTION_ID}/schedules`)).status).toBe(200);
    expect((await call('GET', '/v1/jobs/x/status')).status).toBe(429);

    sandbox.reset();
    sandbox.script({ route: 'refresh', modelId: MODEL_ID.toUpperCase() }, [{ status: 503 }]);
    sandbox.script({ route: 'jobs' }, [{ hang: true }]);
    expect((await call('POST', `/v1/models/${STAGING_MODEL_ID}/refresh`)).status).toBe(200);
    expect((await call('POST', model(`/refresh?branch_id=${FEATURE_BRANCH_ID}`))).status).toBe(503);
    expect(sandbox.countPendingSteps()).toBe(1);
    expect(
      sandbox.requests.map((r) => [r.route, r.modelId, r.connectionId, r.status, r.faulted ?? null]),
    ).toEqual([
      ['refresh', STAGING_MODEL_ID, null, 200, null],
      ['refresh', MODEL_ID, null, 503, 'status:503'],
    ]);
  });

  it('refuses writes and Connection Admin reads to a token without Connection Admin', async () => {
    const asReader = { token: READ_ONLY };
    expect((await call('POST', model(`/refresh?branch_id=${FEATURE_BRANCH_ID}`), asReader)).status).toBe(403);
    expect((await call('GET', model('/dbt-exposures'), asReader)).status).toBe(403);
    expect((await call('GET', `/v1/connections/${PRODUCTION_ID}/schedules`, asReader)).status).toBe(403);
    expect((await call('DELETE', model('/branch/main'), asReader)).status).toBe(403);
    expect((await call('GET', model('/validate'), asReader)).status).toBe(200);
    expect((await call('GET', model('/content-validator'), asReader)).status).toBe(200);
  });

  it('answers 405 with Allow for a method a route does not serve', async () => {
    const answer = await fetch(`${sandbox.url}/api${model('/refresh')}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('POST');
  });
});

describe('List and create models', () => {
  it('filters by kind, base model and a part of the name in any case, paged by cursor', async () => {
    sandbox.setModel(MODEL_ID, {
      connectionId: PRODUCTION_ID,
      schema: 'analytics',
      branches: { 'pr-1': {}, 'PR-10': {}, 'pr-2': {}, 'fix-pr-1': {} },
    });
    const first = await call('GET', `/v1/models?modelKind=BRANCH&baseModelId=${MODEL_ID}&name=pr-1`);
    expect(first.body.records.map((r: { name: string }) => r.name)).toEqual(['PR-10', 'fix-pr-1', 'pr-1']);
    expect(first.body.pageInfo).toMatchObject({ hasNextPage: false, pageSize: 3, totalRecords: 3 });
    const all = await call('GET', '/v1/models?pageSize=100');
    expect(all.body.pageInfo).toMatchObject({ hasNextPage: true, pageSize: 3, totalRecords: 6 });
    const next = await call('GET', `/v1/models?cursor=${all.body.pageInfo.nextCursor}`);
    expect(next.body.records).toHaveLength(3);
    expect(next.body.pageInfo.nextCursor).toBeNull();
  });

  it('creates a branch, refuses a second of the same name, and lists a deleted one only when asked', async () => {
    const body = {
      modelKind: 'BRANCH',
      baseModelId: MODEL_ID,
      connectionId: PRODUCTION_ID,
      modelName: 'pr-5',
    };
    const created = await call('POST', '/v1/models', { body });
    expect(created).toEqual({
      status: 200,
      body: {
        success: true,
        model: { id: 'ba000000-0000-4000-8000-000000000001', modelKind: 'BRANCH', name: 'pr-5' },
      },
    });
    expect((await call('POST', '/v1/models', { body })).body.detail).toMatch(/already exists/);
    expect((await call('POST', '/v1/models', { body: { ...body, connectionId: STAGING_ID } })).status).toBe(
      400,
    );
    expect((await call('POST', '/v1/models', { body: { ...body, baseModelId: MISSING } })).status).toBe(404);
    expect((await call('DELETE', model('/branch/pr-5'))).body).toEqual({ success: true });
    const live = await call('GET', `/v1/models?modelKind=BRANCH&name=pr-5`);
    expect(live.body.records).toEqual([]);
    const deleted = await call('GET', `/v1/models?modelKind=BRANCH&name=pr-5&includeDeleted=true`);
    expect(deleted.body.records).toEqual([
      expect.objectContaining({ name: 'pr-5', deletedAt: expect.any(String) }),
    ]);
    // A new branch of that name starts unbound: the binding went with the deleted one.
    await call('POST', '/v1/models', { body });
    expect(sandbox.getBranch(MODEL_ID, 'pr-5')).toEqual({ dbtEnvironmentId: null, dbtGitBranch: null });
  });

  it('lists the active branches of a shared model when asked', async () => {
    const answer = await call('GET', `/v1/models?modelId=${MODEL_ID}&include=activeBranches`);
    expect(answer.body.records[0].branches).toEqual([
      { id: MAIN_BRANCH_ID, name: 'main' },
      { id: FEATURE_BRANCH_ID, name: FEATURE_BRANCH },
    ]);
  });
});

describe('refresh jobs', () => {
  const refreshBranch = () => call('POST', model(`/refresh?branch_id=${FEATURE_BRANCH_ID}`));

  it('run for their duration, then apply what they read when they started', async () => {
    sandbox.setRefreshDuration(5000);
    await call('POST', `/v1/models/${MODEL_ID}/branch/${encodeURIComponent(FEATURE_BRANCH)}/dbt`, {
      body: { dbt_environment_id: STAGING_CHECKS },
    });
    sandbox.setTable('analytics_staging', 'orders', ['order_id']);
    const started = await refreshBranch();
    expect(started.body).toEqual({
      jobId: '10b00000-0000-4000-8000-000000000001',
      modelId: MODEL_ID,
      status: 'running',
    });
    sandbox.setTable('analytics_staging', 'orders', ['order_id', 'late_column']);
    clock += 4999;
    expect((await call('GET', `/v1/jobs/${started.body.jobId}/status`)).body).toEqual({
      job_id: started.body.jobId,
      job_type: 'REFRESH_SCHEMA',
      status: 'IN_PROGRESS',
    });
    expect(sandbox.getSnapshot(MODEL_ID, FEATURE_BRANCH)?.schema).toBe('analytics');
    clock += 1;
    expect((await call('GET', `/v1/jobs/${started.body.jobId}/status`)).body.status).toBe('COMPLETED');
    expect(sandbox.getSnapshot(MODEL_ID, FEATURE_BRANCH)).toMatchObject({
      schema: 'analytics_staging',
      tables: { orders: ['order_id'] },
    });
  });

  it.each([
    ['fail', 'FAILED'],
    ['hang', 'RUNNING'],
  ] as const)('end as the refreshOutcome switch says: %s', async (outcome, status) => {
    sandbox.setRefreshOutcome(outcome);
    sandbox.setJobStatusSpelling('docs');
    sandbox.setRefreshDuration(10);
    const started = await refreshBranch();
    clock += 60_000;
    expect((await call('GET', `/v1/jobs/${started.body.jobId}/status`)).body).toEqual({
      job_id: started.body.jobId,
      job_type: 'refresh_schema',
      status,
    });
    expect(sandbox.getSnapshot(MODEL_ID, FEATURE_BRANCH)?.schema).toBe('analytics');
    sandbox.setJobState(started.body.jobId, 'completed');
    const [job] = sandbox.getJobs();
    expect(job?.state).toBe(outcome === 'hang' ? 'completed' : 'failed');
  });

  it('fail when the environment bound to the branch no longer exists', async () => {
    sandbox.setRefreshDuration(0);
    sandbox.setModel(MODEL_ID, {
      connectionId: PRODUCTION_ID,
      schema: 'analytics',
      branches: { [FEATURE_BRANCH]: { id: FEATURE_BRANCH_ID, dbtEnvironmentId: MISSING } },
    });
    const started = await refreshBranch();
    expect((await call('GET', `/v1/jobs/${started.body.jobId}/status`)).body.status).toBe('FAILED');
    expect(sandbox.getJobs()[0]?.failure).toMatch(/no longer exists/);
  });

  it('refuse or require branch_id as the connection’s branch-based schema refresh says', async () => {
    expect((await call('POST', model('/refresh'))).body.detail).toMatch(/^branch_id is required/);
    expect((await call('POST', model(`/refresh?branch_id=${MISSING}`))).status).toBe(404);
    sandbox.setBranchSchemaRefresh(PRODUCTION_ID, false);
    expect((await refreshBranch()).body.detail).toMatch(/^branch_id is not allowed/);
    expect((await call('POST', model('/refresh?hard_refresh=false'))).status).toBe(200);
    expect(sandbox.getJobs()).toHaveLength(1);
  });
});

describe('the content validator', () => {
  it('scopes by folder prefix ("" = no folder), labels, personal folders and issue mode', async () => {
    const scoped = async (query: string) =>
      contentOf((await call('GET', model(`/content-validator?${query}`))).body);
    expect(await scoped('content_filter_mode=WITH_ISSUES')).toEqual(['discounts-legacy', 'net-revenue']);
    expect(await scoped('content_filter_mode=WITH_ISSUES&folder_paths=/Fin')).toEqual(['net-revenue']);
    expect(await scoped('folder_paths=/Finance/Reports')).toEqual(['payments-mix']);
    expect(await scoped('folder_paths=')).toEqual([]);
    expect(await scoped('labels=Verified,Deprecated&content_filter_mode=WITH_ISSUES')).toEqual([
      'discounts-legacy',
      'net-revenue',
    ]);
    expect(await scoped('labels=Executive')).toEqual([]);
    expect(await scoped('folder_paths=/Personal')).toEqual([]);
    expect(await scoped('folder_paths=/Personal&include_personal_folders=true')).toEqual([
      'scratch-analysis',
    ]);
    const noIssues = await scoped('content_filter_mode=NO_ISSUES&folder_paths=/Finance');
    expect(noIssues).toContain('rev-overview');
    expect(noIssues).not.toContain('net-revenue');
  });

  it('validates a branch by its id and names it in the answer', async () => {
    const answer = await call('GET', model(`/content-validator?branch_id=${MAIN_BRANCH_ID}`));
    expect(answer.body.branch).toEqual({ id: MAIN_BRANCH_ID, name: 'main' });
    expect(answer.body.model_id).toBe(MODEL_ID);
  });

  it('answers issues as strings or { message } objects', async () => {
    const issuesOf = async () =>
      (await call('GET', model('/content-validator?content_filter_mode=WITH_ISSUES'))).body.content[0]
        .queries_and_issues[0].issues;
    expect(await issuesOf()).toEqual(["Field 'orders.discount' not found in model"]);
    sandbox.setContentIssueShape('objects');
    expect(await issuesOf()).toEqual([{ message: "Field 'orders.discount' not found in model" }]);
  });
});

describe('model validation', () => {
  it('answers the contract’s object or docs.omni.co’s array, and honours limit', async () => {
    const object = await call('GET', model('/validate?limit=1'));
    expect(object.body).toEqual({
      valid: false,
      issues: [
        {
          message: "Field 'orders.net_revenue' references 'orders.discount', which is not in the schema",
          severity: 'error',
          field: 'net_revenue',
          view: 'orders',
        },
      ],
    });
    sandbox.setModelValidationShape('array');
    const array = await call('GET', model('/validate'));
    expect(array.body).toEqual([
      {
        message: "Field 'orders.net_revenue' references 'orders.discount', which is not in the schema",
        is_warning: false,
        yaml_path: 'orders.view',
        auto_fix: null,
      },
      {
        message: "Topic 'orders' has no description",
        is_warning: true,
        yaml_path: 'orders.topic',
        auto_fix: null,
      },
    ]);
  });
});

describe('dbt exposures', () => {
  async function readAll(query = '') {
    const records = [];
    let cursor: string | null = null;
    do {
      const suffix: string = cursor === null ? query : `${query}&cursor=${cursor}`;
      const page = await call('GET', model(`/dbt-exposures?${suffix}`));
      expect(page.status).toBe(200);
      records.push(...page.body.records);
      cursor = page.body.pageInfo.nextCursor;
    } while (cursor !== null);
    return records;
  }

  it('answers one record per published dashboard, newest identifier first, 5 a page', async () => {
    const first = await call('GET', model('/dbt-exposures?pageSize=100'));
    expect(first.body.pageInfo).toMatchObject({ hasNextPage: true, pageSize: 5, totalRecords: 17 });
    const records = await readAll('pageSize=100');
    expect(records.map((r) => r.dashboard_identifier)).toEqual(
      [...records.map((r) => r.dashboard_identifier)].sort().reverse(),
    );
    expect(records.map((r) => r.dashboard_identifier)).not.toContain('draft-pipeline');
    expect(records.map((r) => r.dashboard_identifier)).not.toContain('scratch-analysis');
    const byId = Object.fromEntries(records.map((r) => [r.dashboard_identifier, r]));
    expect(byId['calendar-notes']?.exposure).toBeNull();
    expect(byId['rev-overview']?.exposure.depends_on).toEqual(["ref('orders')", "ref('customers')"]);
  });

  it('keeps awkward titles as labels and makes every deduplication_name unique', async () => {
    const records = await readAll('sortDirection=asc');
    const names = records.map((r) => r.deduplication_name);
    expect(new Set(names).size).toBe(names.length);
    const byId = Object.fromEntries(records.map((r) => [r.dashboard_identifier, r]));
    expect(byId['revenue-a']?.deduplication_name).toBe('revenue');
    expect(byId['revenue-b']).toMatchObject({
      deduplication_name: 'revenue_2',
      exposure: { name: 'revenue' },
    });
    expect(byId['revenue-c']).toMatchObject({
      deduplication_name: 'revenue_2_2',
      exposure: { name: 'revenue_2' },
    });
    expect(byId['two-lines']?.exposure.label).toBe('Line one\nLine two\ttabbed');
    expect(byId['board-review']?.exposure).toMatchObject({
      label: 'Q1 "Board" review: #1 🚀',
      name: 'q1_"board"_review:_#1_🚀',
    });
    expect(byId['leading-dash']?.exposure.label).toMatch(/^- /);
  });

  it('pages as small as the switch says, and refuses a cursor of another order', async () => {
    sandbox.setExposurePageSize(1);
    expect(await readAll()).toHaveLength(17);
    const first = await call('GET', model('/dbt-exposures'));
    const other = await call(
      'GET',
      model(`/dbt-exposures?sortDirection=asc&cursor=${first.body.pageInfo.nextCursor}`),
    );
    expect(other.status).toBe(400);
  });
});

describe('schedules', () => {
  const schedules = `/v1/connections/${PRODUCTION_ID}/schedules`;

  it.each([
    ['0 6 * * ? *', true],
    ['*/15 0-6,22-23 ? * MON-FRI *', true],
    ['0 12 L * ? 2026-2030', true],
    ['0 12 15W * ? *', true],
    ['0 12 ? * 6#3 *', true],
    ['0 12 ? JAN,JUL 5L *', true],
    ['0 6 * * *', false],
    ['0 6 * * ? * *', false],
    ['0 6 * * MON *', false],
    ['0 6 ? * ? *', false],
    ['0 24 * * ? *', false],
    ['0 6 32 * ? *', false],
    ['0 6 ? * 1/2 *', false],
    ['0 6 ? * 8 *', false],
    ['0 6 * * ? 1969', false],
  ])('"%s" valid: %s', async (schedule, isValid) => {
    const answer = await call('POST', schedules, { body: { schedule, timezone: 'UTC' } });
    expect(answer.status).toBe(isValid ? 201 : 400);
    if (!isValid) expect(answer.body.detail).toMatch(/^Invalid cron expression/);
  });

  it('refuses an unknown zone, and accepts a name Intl knows', async () => {
    expect(
      (await call('POST', schedules, { body: { schedule: '0 6 * * ? *', timezone: 'Europe/Atlantis' } }))
        .status,
    ).toBe(400);
    expect(
      (await call('POST', schedules, { body: { schedule: '0 6 * * ? *', timezone: 'US/Eastern' } })).status,
    ).toBe(201);
    expect((await call('POST', schedules, { body: { schedule: '0 6 * * ? *' } })).body.detail).toMatch(
      /timezone/,
    );
  });

  it('reads, updates (updatedAt set even for the same values) and deletes one schedule', async () => {
    const [daily] = sandbox.getSchedules(PRODUCTION_ID);
    if (!daily) throw new Error('the seed has schedules');
    const path = `${schedules}/${daily.scheduleId}`;
    expect((await call('GET', path)).body).toEqual(daily);
    clock += 1000;
    const same = await call('PUT', path, { body: { schedule: daily.schedule, timezone: daily.timezone } });
    expect(same.body).toMatchObject({ schedule: daily.schedule, updatedAt: new Date(clock).toISOString() });
    expect(same.body.updatedAt).not.toBe(daily.updatedAt);
    expect((await call('DELETE', path)).body).toEqual({ success: true });
    expect((await call('GET', path)).status).toBe(404);
    expect((await call('GET', `/v1/connections/${MISSING}/schedules`)).status).toBe(404);
  });

  it('seeds disabled schedules, and replaces a connection’s through setSchedules', async () => {
    expect(sandbox.getSchedules(PRODUCTION_ID).map((s) => s.disabledAt)).toEqual([
      null,
      '2026-02-01T12:00:00.000Z',
    ]);
    sandbox.setSchedules(STAGING_ID, [
      { schedule: '0 1 * * ? *', timezone: 'UTC', disabledAt: '2026-01-01T00:00:00Z' },
    ]);
    const answer = await call('GET', `/v1/connections/${STAGING_ID}/schedules`);
    expect(answer.body.schedules).toEqual([
      expect.objectContaining({ schedule: '0 1 * * ? *', disabledAt: '2026-01-01T00:00:00Z' }),
    ]);
  });
});

describe('reset()', () => {
  it('restores the world and every switch', async () => {
    sandbox.setTable('analytics', 'orders', null);
    sandbox.setDocuments([]);
    sandbox.setContentIssueShape('objects');
    sandbox.setModelValidationShape('array');
    sandbox.setJobStatusSpelling('lower');
    sandbox.setExposurePageSize(1);
    sandbox.setModelPageSize(1);
    sandbox.setBranchSchemaRefresh(PRODUCTION_ID, false);
    sandbox.setRefreshOutcome('hang');
    sandbox.setSchedules(PRODUCTION_ID, []);
    sandbox.reset();
    expect(sandbox.getWarehouse().analytics?.orders).toContain('amount');
    expect(sandbox.getDocuments()).toHaveLength(20);
    expect(sandbox.getSchedules(PRODUCTION_ID)).toHaveLength(2);
    expect(Array.isArray((await call('GET', model('/validate'))).body)).toBe(false);
    expect((await call('GET', model('/dbt-exposures'))).body.records).toHaveLength(5);
    expect((await call('GET', '/v1/models')).body.records).toHaveLength(3);
    expect((await call('POST', model('/refresh'))).status).toBe(400);
  });
});

describe('the sandbox CLI', () => {
  it('takes the model world’s switches', async () => {
    const cli = fileURLToPath(new URL('../../sandbox/cli.js', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        cli,
        '--port',
        '0',
        '--job-status',
        'lower',
        '--refresh-ms',
        '0',
        '--branch-refresh',
        'none',
        '--exposure-page-size',
        '2',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const first = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
      const url = /(http:\/\/\S+)/.exec(String(first.value))?.[1] ?? '';
      const headers = { authorization: `Bearer ${TOKEN}` };
      const started = await fetch(`${url}/api${model('/refresh')}`, { method: 'POST', headers });
      const { jobId } = (await started.json()) as { jobId: string };
      const status = await fetch(`${url}/api/v1/jobs/${jobId}/status`, { headers });
      expect(await status.json()).toEqual({ job_id: jobId, job_type: 'refresh_schema', status: 'completed' });
      const page = await fetch(`${url}/api${model('/dbt-exposures')}`, { headers });
      expect(((await page.json()) as { records: unknown[] }).records).toHaveLength(2);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('refuses a switch value it does not know', async () => {
    const cli = fileURLToPath(new URL('../../sandbox/cli.js', import.meta.url));
    const child = spawn(process.execPath, [cli, '--port', '0', '--validate-shape', 'list'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(stderr).toContain('--validate-shape must be one of object, array, got "list"');
  });
});
