// The models endpoint family against the sandbox over real HTTP: branches found by exact name across pages,
// created and deleted without guessing, refresh jobs and every published spelling of their state, both
// shapes of model validation and of content issues, dbt exposures over every page, and the model world's
// verdict after a column is renamed in the warehouse.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/server.js';
import {
  hintForError,
  OmniBranchRefreshError,
  OmniHttpError,
  OmniListError,
  OmniResponseError,
} from '../../src/core/omni/errors.js';
import type { ContentIssue } from '../../src/core/omni/models.js';
import { ACTION_TERMS } from '../../src/core/terms.js';
import { MODEL_ID, PRODUCTION_ID, STAGING_ID, STAGING_MODEL_ID } from '../support/dbt-fixtures.js';
import { catchOmniError, createSandboxClient } from '../support/sandbox-client.js';

const TOKEN = 'sandbox-token';
const FEATURE_BRANCH = 'feature/new-metrics';
const FEATURE_BRANCH_ID = 'ba5e0000-0000-4000-8000-000000000002';
const STAGING_CHECKS_ENVIRONMENT = '0e000000-0000-4000-8000-000000000002';
const UNKNOWN_ID = '00000000-0000-4000-8000-00000000dead';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tokens: [TOKEN], refreshDurationMs: 0 });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const makeClient = () => createSandboxClient(sandbox, TOKEN);
const catchError = catchOmniError;

const served = (route: string, method?: string) =>
  sandbox.requests.filter((r) => r.route === route && (method === undefined || r.method === method));

/** What a comparison of issues keys on: document, kind, query (or filter) and message. */
const describeIssue = (issue: ContentIssue) =>
  `${issue.identifier} ${issue.kind} ${issue.queryName ?? '-'}: ${issue.message}`;

/** A model page the way List models answers it, for scripted answers. */
function modelPage(records: object[], nextCursor: string | null) {
  return {
    pageInfo: { hasNextPage: nextCursor !== null, nextCursor, pageSize: 3, totalRecords: 9 },
    records,
  };
}

describe('findBranch and findModel', () => {
  it('finds the branch by its exact name across pages of a filter that matches more', async () => {
    sandbox.setModel(MODEL_ID, {
      connectionId: PRODUCTION_ID,
      schema: 'analytics',
      branches: {
        'pr-1': { id: 'ba5e0000-0000-4000-8000-0000000000a1' },
        'pr-10': {},
        'PR-1': {},
        'pr-11': {},
        'fix/pr-1': {},
      },
    });
    const branch = await makeClient().findBranch(MODEL_ID, 'pr-1');
    expect(branch).toEqual({
      id: 'ba5e0000-0000-4000-8000-0000000000a1',
      name: 'pr-1',
      baseModelId: MODEL_ID,
    });
    // The sandbox's name filter matches parts of names in any case; its pages hold 3: two pages were read.
    const paths = served('models', 'GET').map((r) => r.path);
    expect(paths).toHaveLength(2);
    expect(paths[0]).toContain(`modelKind=BRANCH&baseModelId=${MODEL_ID}&name=pr-1&pageSize=100`);
    expect(paths[1]).toMatch(/cursor=/);
  });

  it('answers undefined for a name that differs in case or is not there', async () => {
    const client = makeClient();
    await expect(client.findBranch(MODEL_ID, 'Feature/New-Metrics')).resolves.toBeUndefined();
    await expect(client.findBranch(MODEL_ID, 'nope')).resolves.toBeUndefined();
    await expect(client.findBranch(MODEL_ID, FEATURE_BRANCH)).resolves.toMatchObject({
      id: FEATURE_BRANCH_ID,
    });
  });

  it('fails on a cursor that repeats, or a next page without a cursor, instead of ending the list', async () => {
    sandbox.script({ route: 'models', method: 'GET' }, [
      { status: 200, body: modelPage([], 'c1') },
      { status: 200, body: modelPage([], 'c1') },
      { status: 200, body: { pageInfo: { hasNextPage: true, nextCursor: null }, records: [] } },
    ]);
    const client = makeClient();
    const repeated = await catchError(client.findBranch(MODEL_ID, 'pr-1'));
    expect(repeated).toBeInstanceOf(OmniListError);
    expect(repeated.message).toMatch(/gives a cursor an earlier page gave/);
    const missing = await catchError(client.findBranch(MODEL_ID, 'pr-1'));
    expect(missing.message).toMatch(/says there is a next page but gives no cursor/);
    expect(hintForError(missing, ACTION_TERMS)).toMatch(/Nothing was done on the strength of that answer/);
  });

  it('refuses two live branches of the same name', async () => {
    const record = {
      id: FEATURE_BRANCH_ID,
      name: 'pr-1',
      modelKind: 'BRANCH',
      baseModelId: MODEL_ID,
      connectionId: PRODUCTION_ID,
      createdAt: 'x',
      updatedAt: 'x',
      deletedAt: null,
    };
    sandbox.script({ route: 'models', method: 'GET' }, [
      { status: 200, body: modelPage([record, { ...record, id: UNKNOWN_ID }], null) },
    ]);
    const error = await catchError(makeClient().findBranch(MODEL_ID, 'pr-1'));
    expect(error).toBeInstanceOf(OmniListError);
    expect(error.message).toContain('has 2 branches named "pr-1"');
  });

  it('finds a model by id, and nothing for an unknown one', async () => {
    const client = makeClient();
    await expect(client.findModel(MODEL_ID)).resolves.toEqual({
      id: MODEL_ID,
      name: 'Analytics (Snowflake production)',
      modelKind: 'SHARED',
      connectionId: PRODUCTION_ID,
      baseModelId: null,
    });
    await expect(client.findModel(UNKNOWN_ID)).resolves.toBeUndefined();
  });
});

describe('createBranch', () => {
  it('creates the branch with the contract body and answers its id', async () => {
    const created = await makeClient().createBranch({
      modelId: MODEL_ID,
      connectionId: PRODUCTION_ID,
      name: 'pr-7',
    });
    const stored = sandbox.getBranches(MODEL_ID).find((b) => b.name === 'pr-7');
    expect(created).toEqual({ id: stored?.id, name: 'pr-7', baseModelId: MODEL_ID });
    expect(served('models', 'POST').map((r) => r.body)).toEqual([
      { modelKind: 'BRANCH', baseModelId: MODEL_ID, connectionId: PRODUCTION_ID, modelName: 'pr-7' },
    ]);
  });

  it('after a lost answer, finds the branch that was created instead of creating a second', async () => {
    sandbox.script({ route: 'models', method: 'POST' }, [{ applyThen: { reset: true } }]);
    const created = await makeClient().createBranch({
      modelId: MODEL_ID,
      connectionId: PRODUCTION_ID,
      name: 'pr-8',
    });
    expect(sandbox.getBranches(MODEL_ID).filter((b) => b.name === 'pr-8')).toEqual([
      expect.objectContaining({ id: created.id }),
    ]);
    expect(served('models').map((r) => r.method)).toEqual(['POST', 'GET']);
  });

  it('creates once more when the lookup shows the first create never landed', async () => {
    sandbox.script({ route: 'models', method: 'POST' }, [{ reset: true }]);
    const created = await makeClient().createBranch({
      modelId: MODEL_ID,
      connectionId: PRODUCTION_ID,
      name: 'pr-9',
    });
    expect(sandbox.getBranches(MODEL_ID).filter((b) => b.name === 'pr-9')).toEqual([
      expect.objectContaining({ id: created.id }),
    ]);
    expect(served('models').map((r) => r.method)).toEqual(['POST', 'GET', 'POST']);
  });

  it('never sends a third create, and keeps the first failure when the lookup fails too', async () => {
    sandbox.script({ route: 'models', method: 'POST' }, [{ reset: true }, { reset: true }]);
    const twice = await catchError(
      makeClient().createBranch({ modelId: MODEL_ID, connectionId: PRODUCTION_ID, name: 'pr-10' }),
    );
    expect(twice.isOutcomeUncertain).toBe(true);
    expect(served('models', 'POST')).toHaveLength(2);

    sandbox.reset();
    sandbox.script({ route: 'models', method: 'POST' }, [{ reset: true }]);
    sandbox.script({ route: 'models', method: 'GET' }, [{ status: 400 }]);
    const lookupFailed = await catchError(
      makeClient().createBranch({ modelId: MODEL_ID, connectionId: PRODUCTION_ID, name: 'pr-10' }),
    );
    expect(lookupFailed.method).toBe('POST');
    expect(lookupFailed.message).toContain('the branch may or may not have been created');
    expect(served('models', 'POST')).toHaveLength(1);
  });

  it('fails on success: false and on a name Omni refuses, without repeating', async () => {
    sandbox.script({ route: 'models', method: 'POST' }, [{ successFalse: true }]);
    const client = makeClient();
    const refused = await catchError(
      client.createBranch({ modelId: MODEL_ID, connectionId: PRODUCTION_ID, name: 'x' }),
    );
    expect(refused).toBeInstanceOf(OmniResponseError);
    expect((refused as OmniResponseError).isSuccessFalse).toBe(true);
    const taken = await catchError(
      client.createBranch({ modelId: MODEL_ID, connectionId: PRODUCTION_ID, name: FEATURE_BRANCH }),
    );
    expect(taken).toMatchObject({ status: 400, detail: expect.stringContaining('already exists') });
    expect(served('models', 'POST')).toHaveLength(2);
    expect(served('models', 'GET')).toHaveLength(0);
  });
});

describe('deleteBranch', () => {
  it('deletes the branch by its name, a slash sent as %2F', async () => {
    await expect(makeClient().deleteBranch(MODEL_ID, FEATURE_BRANCH)).resolves.toBe('deleted');
    expect(sandbox.getBranch(MODEL_ID, FEATURE_BRANCH)).toBeUndefined();
    expect(served('branch', 'DELETE').map((r) => r.path)).toEqual([
      `/api/v1/models/${MODEL_ID}/branch/feature%2Fnew-metrics`,
    ]);
  });

  it('counts a 404 as already gone only when the model answers without the branch', async () => {
    const client = makeClient();
    await expect(client.deleteBranch(MODEL_ID, 'never-there')).resolves.toBe('absent');
    expect(sandbox.requests.map((r) => `${r.method} ${r.route}`)).toEqual([
      'DELETE branch',
      'GET models',
      'GET models',
    ]);

    const noModel = await catchError(client.deleteBranch(UNKNOWN_ID, FEATURE_BRANCH));
    expect(noModel).toBeInstanceOf(OmniHttpError);
    expect(noModel.status).toBe(404);
    expect(hintForError(noModel, ACTION_TERMS)).toMatch(/^No such model or branch on this Omni instance/);
  });

  it('keeps a 404 an error when the branch is still listed', async () => {
    sandbox.script({ route: 'branch', method: 'DELETE' }, [{ status: 404 }]);
    const error = await catchError(makeClient().deleteBranch(MODEL_ID, FEATURE_BRANCH));
    expect(error.status).toBe(404);
    expect(sandbox.getBranch(MODEL_ID, FEATURE_BRANCH)).toBeDefined();
  });
});

describe('startRefresh and getJobStatus', () => {
  it('refreshes a branch from its bound environment and reads the job until it completes', async () => {
    sandbox.setRefreshDuration(60_000);
    const client = makeClient();
    await bindFeatureBranch(STAGING_CHECKS_ENVIRONMENT);
    sandbox.setTable('analytics_staging', 'payments', ['payment_id', 'order_id', 'method', 'amount', 'fee']);
    const job = await client.startRefresh(MODEL_ID, { branchId: FEATURE_BRANCH_ID });
    expect(job.state).toBe('running');
    expect(served('refresh', 'POST').map((r) => r.path)).toEqual([
      `/api/v1/models/${MODEL_ID}/refresh?branch_id=${FEATURE_BRANCH_ID}`,
    ]);
    await expect(client.getJobStatus(job.jobId)).resolves.toEqual({ jobId: job.jobId, state: 'running' });
    sandbox.setJobState(job.jobId, 'completed');
    await expect(client.getJobStatus(job.jobId)).resolves.toEqual({ jobId: job.jobId, state: 'completed' });
    expect(sandbox.getSnapshot(MODEL_ID, FEATURE_BRANCH)?.tables.payments).toContain('fee');
    expect(sandbox.getSnapshot(MODEL_ID)?.tables.payments).not.toContain('fee');
  });

  it.each([
    ['contract', 'IN_PROGRESS'],
    ['docs', 'RUNNING'],
    ['lower', 'running'],
  ] as const)('reads the %s spelling of a job (%s) into one state', async (spelling, _running) => {
    sandbox.setJobStatusSpelling(spelling);
    sandbox.setRefreshDuration(60_000);
    const client = makeClient();
    const running = await client.startRefresh(MODEL_ID, { branchId: FEATURE_BRANCH_ID });
    const failing = await client.startRefresh(MODEL_ID, { branchId: FEATURE_BRANCH_ID });
    sandbox.setJobState(failing.jobId, 'failed');
    sandbox.setRefreshDuration(0);
    const completing = await client.startRefresh(MODEL_ID, { branchId: FEATURE_BRANCH_ID });
    const states = await Promise.all(
      [running, failing, completing].map((job) => client.getJobStatus(job.jobId)),
    );
    expect(states.map((s) => s.state)).toEqual(['running', 'failed', 'completed']);
  });

  it('turns a refused branch_id into the typed fact: no branch-based schema refresh', async () => {
    const client = makeClient();
    const refused = await catchError(client.startRefresh(STAGING_MODEL_ID, { branchId: FEATURE_BRANCH_ID }));
    expect(refused).toBeInstanceOf(OmniBranchRefreshError);
    expect(refused).toMatchObject({ status: 400, hasBranchBasedRefresh: false });
    // The models API's errors are { detail, status }: the detail is Omni's sentence.
    expect(refused.detail).toBe(
      'branch_id is not allowed: branch-based schema refresh is not enabled for this connection',
    );
    expect(hintForError(refused, ACTION_TERMS)).toMatch(/has no branch-based schema refresh/);
    expect(served('refresh')).toHaveLength(1);
    expect(sandbox.getJobs()).toEqual([]);
  });

  it('turns a required branch_id into the typed fact: the connection refreshes per branch', async () => {
    const required = await catchError(makeClient().startRefresh(MODEL_ID));
    expect(required).toBeInstanceOf(OmniBranchRefreshError);
    expect(required).toMatchObject({ status: 400, hasBranchBasedRefresh: true });
    expect(hintForError(required, ACTION_TERMS)).toMatch(/refreshes its schema per branch/);

    sandbox.setBranchSchemaRefresh(PRODUCTION_ID, false);
    await expect(makeClient().startRefresh(MODEL_ID)).resolves.toMatchObject({ state: 'running' });
  });

  it('keeps another 400 a plain HTTP error', async () => {
    sandbox.script({ route: 'refresh' }, [{ status: 400, body: { detail: 'Model is locked', status: 400 } }]);
    const error = await catchError(makeClient().startRefresh(MODEL_ID, { branchId: FEATURE_BRANCH_ID }));
    expect(error).toBeInstanceOf(OmniHttpError);
    expect(error).not.toBeInstanceOf(OmniBranchRefreshError);
    expect(error.detail).toBe('Model is locked');
  });

  it('never repeats a refresh that may have started', async () => {
    sandbox.script({ route: 'refresh' }, [{ applyThen: { reset: true } }]);
    const lost = await catchError(makeClient().startRefresh(MODEL_ID, { branchId: FEATURE_BRANCH_ID }));
    expect(lost.isOutcomeUncertain).toBe(true);
    expect(lost.message).toContain('a schema refresh may or may not have started');
    expect(served('refresh')).toHaveLength(1);
    expect(sandbox.getJobs()).toHaveLength(1);

    sandbox.reset();
    sandbox.script({ route: 'refresh' }, [{ status: 503 }]);
    const unavailable = await catchError(
      makeClient().startRefresh(MODEL_ID, { branchId: FEATURE_BRANCH_ID }),
    );
    expect(unavailable.status).toBe(503);
    expect(served('refresh')).toHaveLength(1);
  });

  it('repeats a status read, and refuses an answer about another job', async () => {
    const client = makeClient();
    const job = await client.startRefresh(MODEL_ID, { branchId: FEATURE_BRANCH_ID });
    sandbox.script({ route: 'jobs' }, [{ status: 503 }]);
    await expect(client.getJobStatus(job.jobId)).resolves.toMatchObject({ state: 'completed' });
    expect(served('jobs')).toHaveLength(2);

    sandbox.script({ route: 'jobs' }, [
      { status: 200, body: { job_id: UNKNOWN_ID, job_type: 'REFRESH_SCHEMA', status: 'COMPLETED' } },
    ]);
    const other = await catchError(client.getJobStatus(job.jobId));
    expect(other).toBeInstanceOf(OmniResponseError);
    expect(other.message).toContain(`the answer is about job ${UNKNOWN_ID}`);
  });

  it('says a job Omni does not know is gone, in the front end’s terms', async () => {
    const error = await catchError(makeClient().getJobStatus('no-such-job'));
    expect(error.status).toBe(404);
    expect(hintForError(error, ACTION_TERMS)).toBe(
      'Omni knows no such schema refresh job any more: re-run the job to start a new refresh.',
    );
  });
});

describe('validateModel', () => {
  it.each([
    ['object', 'orders.net_revenue'],
    ['array', 'orders.view'],
  ] as const)('reads the %s shape into the same issues', async (shape, where) => {
    sandbox.setModelValidationShape(shape);
    const issues = await makeClient().validateModel(MODEL_ID);
    expect(issues).toEqual([
      {
        message: "Field 'orders.net_revenue' references 'orders.discount', which is not in the schema",
        where,
        isWarning: false,
      },
      {
        message: "Topic 'orders' has no description",
        where: shape === 'object' ? 'orders' : 'orders.topic',
        isWarning: true,
      },
    ]);
  });

  it('validates a branch by its id (the parameter this endpoint spells branchId)', async () => {
    const client = makeClient();
    await bindFeatureBranch((await prEnvironment()).id);
    await client.startRefresh(MODEL_ID, { branchId: FEATURE_BRANCH_ID });
    const issues = await client.validateModel(MODEL_ID, { branchId: FEATURE_BRANCH_ID });
    expect(issues.map((i) => i.message)).toContain(
      "Field 'orders.net_revenue' references 'orders.amount', which is not in the schema",
    );
    expect(served('validate').at(-1)?.path).toContain(`branchId=${FEATURE_BRANCH_ID}`);
  });
});

/** Binds the seed's feature branch to a dbt environment, as a preview does. */
function bindFeatureBranch(environmentId: string) {
  return makeClient().bindBranchEnvironment({
    modelId: MODEL_ID,
    branchName: FEATURE_BRANCH,
    environmentId,
    gitBranch: FEATURE_BRANCH,
  });
}

/** The pull request's preview environment: its target schema is dbt_pr_12, the PR's dbt build. */
async function prEnvironment() {
  return makeClient().createEnvironment(PRODUCTION_ID, {
    name: 'PR 12',
    targetSchema: 'dbt_pr_12',
    targetDatabase: null,
    targetRole: null,
    targetName: null,
    variables: [],
  });
}

describe('validateContent', () => {
  const existingOnMain = [
    "discounts-legacy query Discount by month: Field 'orders.discount' not found in model",
    "net-revenue query Net revenue: Field 'orders.net_revenue' not found in model",
  ];

  it.each(['strings', 'objects'] as const)('reads issues given as %s alike', async (shape) => {
    sandbox.setContentIssueShape(shape);
    const validation = await makeClient().validateContent(MODEL_ID);
    expect(validation.issues.map(describeIssue)).toEqual(existingOnMain);
    expect(validation.documentCount).toBe(2);
    expect(validation.issues[0]).toEqual({
      documentId: 'd0c00000-0000-4000-8000-000000000003',
      identifier: 'discounts-legacy',
      documentName: 'Discounts (legacy)',
      folderPath: '/Marketing',
      kind: 'query',
      queryName: 'Discount by month',
      queryId: 'discounts-legacy-q1',
      message: "Field 'orders.discount' not found in model",
    });
  });

  it('asks for documents with issues, scoped by folders (repeated) and labels (comma-separated)', async () => {
    const client = makeClient();
    const scoped = await client.validateContent(MODEL_ID, {
      folders: ['/Finance', '/Sales'],
      labels: ['Verified'],
    });
    expect(scoped.issues.map((i) => i.identifier)).toEqual(['net-revenue']);
    const query = new URL(served('content-validator').at(-1)?.path ?? '', sandbox.url).searchParams;
    expect(query.get('content_filter_mode')).toBe('WITH_ISSUES');
    expect(query.getAll('folder_paths')).toEqual(['/Finance', '/Sales']);
    expect(query.get('labels')).toBe('Verified');

    const all = await client.validateContent(MODEL_ID, { documents: 'all' });
    expect(all.documentCount).toBe(18);
    expect(all.issues.map(describeIssue)).toEqual(existingOnMain);
  });

  it('refuses a label with a comma before sending anything', async () => {
    await expect(makeClient().validateContent(MODEL_ID, { labels: ['a,b'] })).rejects.toThrow(
      /holds a comma/,
    );
    expect(sandbox.requests).toEqual([]);
  });

  it('refuses an answer about the shared model when a branch was asked for', async () => {
    sandbox.script({ route: 'content-validator' }, [
      { status: 200, body: { branch: null, content: [], model_id: MODEL_ID } },
    ]);
    const error = await catchError(makeClient().validateContent(MODEL_ID, { branchId: FEATURE_BRANCH_ID }));
    expect(error.message).toContain(`the answer is about the shared model, not branch ${FEATURE_BRANCH_ID}`);
  });

  it('fails on a content item it cannot read instead of skipping it', async () => {
    sandbox.script({ route: 'content-validator' }, [
      {
        status: 200,
        body: {
          branch: null,
          content: [
            { identifier: 'a', name: 'A', queries_and_issues: [{ issues: [{ text: 'no message' }] }] },
          ],
          model_id: MODEL_ID,
        },
      },
    ]);
    const error = await catchError(makeClient().validateContent(MODEL_ID));
    expect(error).toBeInstanceOf(OmniResponseError);
    expect(error.message).toContain('content.0.queries_and_issues.0.issues.0');
  });

  it('reads dashboard filter issues, and a document listed with issues it does not describe', async () => {
    sandbox.script({ route: 'content-validator' }, [
      {
        status: 200,
        body: {
          branch: null,
          content: [
            {
              identifier: 'f',
              name: 'F',
              document_id: 'doc-f',
              dashboard_filter_issues: [{ message: 'Bad filter' }],
            },
            {
              identifier: 'g',
              name: 'G',
              document_id: 'doc-g',
              queries_and_issues: [{ query_name: 'Q', issues: [] }],
            },
          ],
          model_id: MODEL_ID,
        },
      },
    ]);
    const validation = await makeClient().validateContent(MODEL_ID);
    expect(validation.issues.map(describeIssue)).toEqual([
      'f filter -: Bad filter',
      'g document -: Omni reports an error in this document itself (its answer does not describe it)',
    ]);
  });
});

describe('the model world: a column renamed in the warehouse', () => {
  it('breaks on the branch refreshed from it the documents that read it, not on the shared model', async () => {
    const client = makeClient();
    sandbox.setTable('analytics_staging', 'customers', ['customer_id', 'name', 'area', 'created_at']);
    await bindFeatureBranch(STAGING_CHECKS_ENVIRONMENT);
    // Before its first refresh the branch sees what the shared model sees.
    const before = await client.validateContent(MODEL_ID, { branchId: FEATURE_BRANCH_ID });
    const shared = await client.validateContent(MODEL_ID);
    expect(before.issues.map(describeIssue)).toEqual(shared.issues.map(describeIssue));

    const job = await client.startRefresh(MODEL_ID, { branchId: FEATURE_BRANCH_ID });
    await expect(client.getJobStatus(job.jobId)).resolves.toMatchObject({ state: 'completed' });
    const after = await client.validateContent(MODEL_ID, { branchId: FEATURE_BRANCH_ID });
    const sharedAfter = await client.validateContent(MODEL_ID);
    const shown = new Set(shared.issues.map(describeIssue));
    expect(
      after.issues
        .map(describeIssue)
        .filter((issue) => !shown.has(issue))
        .sort(),
    ).toEqual([
      "customer-regions query Customers by region: Field 'customers.region' not found in model",
      "rev-overview filter -: Field 'customers.region' not found in model",
    ]);
    expect(sharedAfter.issues.map(describeIssue)).toEqual(shared.issues.map(describeIssue));
  });

  it('sees the pull request’s build: new, existing and resolved issues against the shared model', async () => {
    const client = makeClient();
    await bindFeatureBranch((await prEnvironment()).id);
    await client.startRefresh(MODEL_ID, { branchId: FEATURE_BRANCH_ID });
    const branch = new Set(
      (await client.validateContent(MODEL_ID, { branchId: FEATURE_BRANCH_ID })).issues.map(describeIssue),
    );
    const shared = new Set((await client.validateContent(MODEL_ID)).issues.map(describeIssue));
    // Drafts are validated too (only published dashboards have exposures).
    expect([...branch].filter((i) => !shared.has(i)).sort()).toEqual([
      "customer-regions filter -: Field 'orders.amount' not found in model",
      "draft-pipeline query Pipeline: Field 'orders.amount' not found in model",
      "rev-overview query Revenue by month: Field 'orders.amount' not found in model",
    ]);
    expect([...branch].filter((i) => shared.has(i))).toEqual([
      "net-revenue query Net revenue: Field 'orders.net_revenue' not found in model",
    ]);
    expect([...shared].filter((i) => !branch.has(i))).toEqual([
      "discounts-legacy query Discount by month: Field 'orders.discount' not found in model",
    ]);
  });

  it('refreshes the shared model from the warehouse as it is now', async () => {
    sandbox.setBranchSchemaRefresh(PRODUCTION_ID, false);
    sandbox.setTable('analytics', 'orders', [
      'order_id',
      'customer_id',
      'amount',
      'status',
      'ordered_at',
      'discount',
    ]);
    const client = makeClient();
    await client.startRefresh(MODEL_ID);
    expect((await client.validateContent(MODEL_ID)).issues).toEqual([]);
    await expect(client.validateModel(MODEL_ID)).resolves.toEqual([
      expect.objectContaining({ isWarning: true }),
    ]);
  });
});

describe('listExposures', () => {
  it('reads every page, at most 100 asked, one record per published dashboard', async () => {
    const records = await makeClient().listExposures(MODEL_ID);
    expect(records).toHaveLength(17);
    expect(new Set(records.map((r) => r.deduplicationName)).size).toBe(17);
    expect(records.find((r) => r.dashboardIdentifier === 'calendar-notes')?.exposure).toBeNull();
    expect(records.find((r) => r.dashboardIdentifier === 'rev-overview')?.exposure).toEqual({
      name: 'revenue_overview',
      label: 'Revenue overview',
      type: 'dashboard',
      owner: { name: 'Alice Analyst', email: 'alice@acme.example' },
      dependsOn: ["ref('orders')", "ref('customers')"],
      url: `${sandbox.url}/dashboards/rev-overview`,
      description: null,
    });
    const paths = served('dbt-exposures').map((r) => r.path);
    expect(paths).toHaveLength(4);
    expect(paths.every((path) => path.includes('pageSize=100'))).toBe(true);
  });

  it('reads 150 dashboards over 30 pages', async () => {
    sandbox.setDocuments(
      Array.from({ length: 150 }, (_, i) => ({
        id: `d${i}`,
        identifier: `dash-${String(i).padStart(3, '0')}`,
        name: 'Same title',
        modelId: MODEL_ID,
        kind: 'dashboard' as const,
        folder: null,
        labels: [],
        owner: { name: 'A', email: 'a@example.com' },
        isPublished: true,
        dbtModels: ['orders'],
        queries: [],
        filters: [],
      })),
    );
    const records = await makeClient().listExposures(MODEL_ID, { branchId: FEATURE_BRANCH_ID });
    expect(records).toHaveLength(150);
    expect(new Set(records.map((r) => r.dashboardIdentifier)).size).toBe(150);
    expect(served('dbt-exposures')).toHaveLength(30);
    expect(served('dbt-exposures')[0]?.path).toContain(`branch_id=${FEATURE_BRANCH_ID}`);
  });

  it('fails on a repeated cursor and on a dashboard listed twice', async () => {
    const page = (identifier: string, nextCursor: string | null) => ({
      pageInfo: { hasNextPage: nextCursor !== null, nextCursor, pageSize: 1, totalRecords: 2 },
      records: [{ dashboard_identifier: identifier, deduplication_name: identifier, exposure: null }],
    });
    sandbox.script({ route: 'dbt-exposures' }, [
      { status: 200, body: page('a', 'c1') },
      { status: 200, body: page('b', 'c1') },
      { status: 200, body: page('a', 'c2') },
      { status: 200, body: page('a', null) },
    ]);
    const client = makeClient();
    await expect(client.listExposures(MODEL_ID)).rejects.toBeInstanceOf(OmniListError);
    const twice = await catchError(client.listExposures(MODEL_ID));
    expect(twice.message).toContain('dashboard a is listed twice');
  });
});

describe('hints for a 404 of the models family', () => {
  it('names the model, not a connection', async () => {
    const error = await catchError(makeClient().validateModel(UNKNOWN_ID));
    expect(hintForError(error, ACTION_TERMS)).toMatch(
      /^No such model on this Omni instance: check the model id/,
    );
    expect(error.detail).toBe(`Model ${UNKNOWN_ID} not found`);
  });

  it('keeps the staging connection out of every request of a production model', async () => {
    await makeClient().validateContent(MODEL_ID);
    expect(sandbox.requests.every((r) => r.connectionId !== STAGING_ID)).toBe(true);
    expect(sandbox.requests.map((r) => r.modelId)).toEqual([MODEL_ID]);
  });
});
