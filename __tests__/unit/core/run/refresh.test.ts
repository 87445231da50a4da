// runRefresh, the steps of `mode: refresh` (README, "Refresh after a deploy"), with a fake client that records
// every call: before, one refresh of the first model without a branch id, the job, after; a connection without
// omniModels untouched; a per-branch connection a warning, never refreshed with a branch id; a failed job, a
// 401 and a cancellation each ending the connection in one clear state.
import { describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../../../../src/core/config/types.js';
import { OmniBranchRefreshError, OmniHttpError } from '../../../../src/core/omni/errors.js';
import type { ContentIssue, JobState, ModelIssue } from '../../../../src/core/omni/models.js';
import { runRefresh } from '../../../../src/core/run/refresh.js';
import { ACTION_TERMS } from '../../../../src/core/terms.js';
import {
  MODEL_ID,
  PRODUCTION_ID,
  PRODUCTION_SETTINGS,
  STAGING_ID,
  STAGING_MODEL_ID,
} from '../../../support/dbt-fixtures.js';
import { completeClient } from '../../../support/fake-client.js';
import { createFakeClock } from '../../../support/fake-clock.js';

const connection = (overrides: Partial<ConnectionConfig> = {}): ConnectionConfig => ({
  connectionId: PRODUCTION_ID,
  name: 'Snowflake production',
  body: { ...PRODUCTION_SETTINGS },
  pruneEnvironments: false,
  pruneSchemaRefreshSchedules: false,
  position: { line: 3, column: 5 },
  omniModels: [MODEL_ID],
  ...overrides,
});

const issue = (documentId: string, message: string): ContentIssue => ({
  documentId,
  identifier: documentId,
  documentName: `Dashboard ${documentId}`,
  folderPath: null,
  kind: 'query',
  queryName: 'Query',
  queryId: `${documentId}-q`,
  message,
});

interface FakeModels {
  /** Content issues per model, before and after the refresh. */
  content?: Record<string, { before: ContentIssue[]; after: ContentIssue[] }>;
  modelIssues?: Record<string, { before: ModelIssue[]; after: ModelIssue[] }>;
  /** Job states the status reads answer, in order (the last one repeats). */
  states?: JobState[];
  refreshError?: Error;
  validateError?: Error;
}

function createFakeModels(fake: FakeModels) {
  const calls: string[] = [];
  let isRefreshed = false;
  let read = 0;
  const client = completeClient({
    async startRefresh(modelId, options) {
      calls.push(
        `refresh ${modelId}${options?.branchId === undefined ? '' : ` branch_id=${options.branchId}`}`,
      );
      if (fake.refreshError !== undefined) throw fake.refreshError;
      isRefreshed = true;
      return { jobId: 'job-1', state: 'running' };
    },
    async getJobStatus(jobId) {
      calls.push(`status ${jobId}`);
      const states = fake.states ?? ['completed'];
      const state = states[Math.min(read, states.length - 1)] ?? 'completed';
      read += 1;
      return { jobId, state };
    },
    async validateModel(modelId) {
      calls.push(`validate ${modelId}`);
      if (fake.validateError !== undefined) throw fake.validateError;
      const issues = fake.modelIssues?.[modelId];
      return (isRefreshed ? issues?.after : issues?.before) ?? [];
    },
    async validateContent(modelId) {
      calls.push(`content ${modelId}`);
      const issues = fake.content?.[modelId];
      const list = (isRefreshed ? issues?.after : issues?.before) ?? [];
      return { issues: list, documentCount: list.length };
    },
  });
  return { client, calls };
}

function run(
  connections: ConnectionConfig[],
  client: ReturnType<typeof createFakeModels>['client'],
  stop = new AbortController(),
) {
  return runRefresh({
    connections,
    client,
    failOnImpact: 'new',
    terms: ACTION_TERMS,
    stop,
    instanceUrl: 'https://acme.omniapp.co',
    clock: createFakeClock(),
  });
}

describe('runRefresh', () => {
  it('validates before, refreshes the first model once without a branch id, waits for the job, validates after', async () => {
    const broken = issue('rev', "Field 'orders.amount' not found in model");
    const fixed = issue('discounts', "Field 'orders.discount' not found in model");
    const omni = createFakeModels({
      content: { [MODEL_ID]: { before: [fixed], after: [broken] } },
      states: ['running', 'completed'],
    });
    const { connections } = await run([connection()], omni.client);
    expect(omni.calls).toEqual([
      `validate ${MODEL_ID}`,
      `content ${MODEL_ID}`,
      `refresh ${MODEL_ID}`,
      'status job-1',
      'status job-1',
      `validate ${MODEL_ID}`,
      `content ${MODEL_ID}`,
    ]);
    const [result] = connections;
    expect(result).toMatchObject({ action: 'update', status: 'applied' });
    expect(result?.impact).toMatchObject({
      modelId: MODEL_ID,
      verdict: 'breaks 1 dashboard (1 query); 1 fixed',
      isFailing: true,
      isRefreshed: true,
      refresh: { modelIds: [MODEL_ID], failOnSetting: 'fail-on-impact' },
    });
    expect(result?.impact?.comparison.content.new).toEqual([broken]);
    expect(result?.impact?.comparison.content.resolved).toEqual([fixed]);
  });

  it('lists a connection without omniModels as out of scope and asks Omni nothing about it', async () => {
    const omni = createFakeModels({});
    const { connections } = await run(
      [
        connection({ connectionId: STAGING_ID, name: 'Snowflake staging', omniModels: undefined }),
        connection(),
      ],
      omni.client,
    );
    expect(connections[0]).toMatchObject({ connectionId: STAGING_ID, status: 'skipped', isOutOfScope: true });
    expect(connections[0]?.error).toContain('lists no `omniModels`');
    expect(omni.calls.every((call) => call.endsWith(MODEL_ID) || call.startsWith('status'))).toBe(true);
  });

  it('makes a connection Omni refreshes per branch a warning: not refreshed, never with a branch id', async () => {
    const refused = new OmniBranchRefreshError({
      method: 'POST',
      path: `/v1/models/${MODEL_ID}/refresh`,
      status: 400,
      hasBranchBasedRefresh: true,
    });
    const omni = createFakeModels({ refreshError: refused });
    const { connections, fatalError } = await run([connection()], omni.client);
    expect(omni.calls.filter((call) => call.startsWith('refresh'))).toEqual([`refresh ${MODEL_ID}`]);
    expect(omni.calls.some((call) => call.startsWith('status'))).toBe(false);
    expect(connections[0]).toMatchObject({ status: 'skipped', isOutOfScope: true, action: 'unchanged' });
    expect(connections[0]?.warnings?.[0]).toContain('merge the branch there');
    expect(connections[0]).not.toHaveProperty('impact');
    expect(fatalError).toBeUndefined();
  });

  it('fails the connection whose job fails, and compares nothing', async () => {
    const omni = createFakeModels({ states: ['running', 'failed'] });
    const { connections } = await run([connection()], omni.client);
    expect(connections[0]).toMatchObject({ action: 'update', status: 'failed' });
    expect(connections[0]?.error).toMatch(/failed \(job job-1, after 5 s\); nothing was compared\.$/);
    expect(connections[0]?.hint).toContain('Look at the refresh in Omni');
    expect(omni.calls.filter((call) => call.startsWith('validate'))).toHaveLength(1);
  });

  it('stops the run on a 401 and refreshes nothing', async () => {
    const unauthorized = new OmniHttpError({
      method: 'GET',
      path: `/v1/models/${MODEL_ID}/validate`,
      status: 401,
    });
    const omni = createFakeModels({ validateError: unauthorized });
    const stop = new AbortController();
    const { connections, fatalError } = await run([connection()], omni.client, stop);
    expect(fatalError).toBe('Omni refused the API token (401).');
    expect(stop.signal.aborted).toBe(true);
    expect(connections[0]).toMatchObject({ status: 'failed', httpStatus: 401 });
    expect(connections[0]).not.toHaveProperty('action');
    expect(omni.calls.some((call) => call.startsWith('refresh'))).toBe(false);
  });

  it('skips every connection of a run cancelled before it started', async () => {
    const omni = createFakeModels({});
    const stop = new AbortController();
    stop.abort();
    const { connections } = await run([connection()], omni.client, stop);
    expect(connections[0]).toMatchObject({
      status: 'skipped',
      error: 'Not attempted: the run was cancelled.',
    });
    expect(omni.calls).toEqual([]);
  });

  it('names each model issue’s model where a connection lists several, so that two models’ issues stay two', async () => {
    const same: ModelIssue = { message: 'Unknown field', where: 'orders.amount', isWarning: false };
    const omni = createFakeModels({
      modelIssues: {
        [MODEL_ID]: { before: [], after: [same] },
        [STAGING_MODEL_ID]: { before: [same], after: [same] },
      },
    });
    const { connections } = await run(
      [connection({ omniModels: [MODEL_ID, STAGING_MODEL_ID] })],
      omni.client,
    );
    expect(omni.calls.filter((call) => call.startsWith('refresh'))).toEqual([`refresh ${MODEL_ID}`]);
    const { model } = connections[0]?.impact?.comparison ?? { model: undefined };
    expect(model?.new.map((found) => found.where)).toEqual([`model ${MODEL_ID}: orders.amount`]);
    expect(model?.existing.map((found) => found.where)).toEqual([`model ${STAGING_MODEL_ID}: orders.amount`]);
    expect(connections[0]?.impact?.verdict).toBe('breaks no dashboards; 1 new model issue');
  });
});
