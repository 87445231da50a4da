// writeEnvironments, the one place environment writes are sent, through the environments endpoint family
// (omni/environments.ts): a DELETE counts as done only on 2xx or a 404 for the environment itself (the list
// shows it gone), and Omni's default environment is never deleted.
import { describe, expect, it } from 'vitest';
import { createEnvironmentsApi, type LiveEnvironment } from '../../../../src/core/omni/environments.js';
import { OmniHttpError } from '../../../../src/core/omni/errors.js';
import type { OmniRequest, Transport } from '../../../../src/core/omni/transport.js';
import {
  DEFAULT_ENVIRONMENT_NOTE,
  type EnvironmentPlanEntry,
} from '../../../../src/core/plan/environments.js';
import { GONE_ALREADY_NOTE, writeEnvironments } from '../../../../src/core/run/environments.js';
import { PRODUCTION_ID } from '../../../support/dbt-fixtures.js';
import { completeClient } from '../../../support/fake-client.js';

const DOOMED_ID = 'e0000000-0000-4000-8000-00000000000d';
const OTHER: LiveEnvironment = {
  id: 'e0000000-0000-4000-8000-00000000000a',
  isDefaultEnvironment: false,
  name: 'Analytics CI',
  ownerId: null,
  targetDatabase: null,
  targetName: null,
  targetRole: null,
  targetSchema: 'ci',
  variables: [],
};
const DOOMED: LiveEnvironment = { ...OTHER, id: DOOMED_ID, name: 'PR 7' };
const DELETE_ENTRY: EnvironmentPlanEntry = {
  action: 'delete',
  name: 'PR 7',
  environmentId: DOOMED_ID,
  changes: [],
  isDefaultEnvironment: false,
};

const notFound = (detail: string) =>
  new OmniHttpError({
    method: 'DELETE',
    path: `/v1/connections/${PRODUCTION_ID}/dbt/environments/${DOOMED_ID}`,
    status: 404,
    statusText: 'Not Found',
    detail,
  });

/** What the request's own parser reads of `value`, as the transport hands it on. */
function answer<T>(spec: OmniRequest<T>, value: unknown): T {
  const parsed = spec.parse(value);
  if (!parsed.ok) throw new Error(`the test's answer is off the contract: ${parsed.reason}`);
  return parsed.value;
}

/**
 * The environments endpoint family over a transport whose DELETE fails with `deleteError` (or succeeds) and
 * whose list answers `listed` (docs.omni.co's plain array).
 */
function createClient(deleteError: Error | undefined, listed: LiveEnvironment[] | Error) {
  const calls: string[] = [];
  const transport: Transport = {
    async request<T>(spec: OmniRequest<T>): Promise<T> {
      if (spec.method === 'DELETE') {
        calls.push(`DELETE ${decodeURIComponent(spec.path.split('/').at(-1) ?? '')}`);
        if (deleteError !== undefined) throw deleteError;
        return answer(spec, { message: 'deleted', success: true });
      }
      calls.push(`${spec.method} list`);
      if (listed instanceof Error) throw listed;
      return answer(spec, listed);
    },
  };
  const { deleteEnvironment, listEnvironments } = createEnvironmentsApi(transport);
  return { client: completeClient({ deleteEnvironment, listEnvironments }), calls };
}

const write = (client: ReturnType<typeof createClient>['client'], entries = [DELETE_ENTRY]) =>
  writeEnvironments(PRODUCTION_ID, entries, client, new AbortController().signal, () => 'skipped');

describe('writeEnvironments: a DELETE', () => {
  it('is done on 2xx without reading the list (no request more on the happy path)', async () => {
    const { client, calls } = createClient(undefined, new Error('not asked'));
    const outcome = await write(client);
    expect(outcome.failure).toBeUndefined();
    expect(outcome.results).toMatchObject([{ status: 'applied' }]);
    expect(calls).toEqual([`DELETE ${DOOMED_ID}`]);
  });

  it('is done on a 404 once the list shows the environment gone, and says so', async () => {
    const { client, calls } = createClient(notFound('dbt environment not found'), [OTHER]);
    const outcome = await write(client);
    expect(outcome.failure).toBeUndefined();
    expect(outcome.results).toEqual([
      { name: 'PR 7', action: 'delete', status: 'applied', changes: [], note: GONE_ALREADY_NOTE },
    ]);
    expect(outcome.written).toEqual([DELETE_ENTRY]);
    expect(calls).toEqual([`DELETE ${DOOMED_ID}`, 'GET list']);
  });

  it.each([
    ['the list still holds it', [OTHER, DOOMED]],
    [
      'the list fails too (a wrong connection, dbt not configured)',
      new OmniHttpError({ method: 'GET', path: '/v1/x', status: 404, detail: 'Connection not found' }),
    ],
  ])('fails on a 404 when %s', async (_case, listed) => {
    const deleteError = notFound('Connection not found');
    const { client } = createClient(deleteError, listed);
    const outcome = await write(client);
    expect(outcome.failure).toEqual({ environment: 'PR 7', error: deleteError });
    expect(outcome.results).toMatchObject([{ status: 'failed', error: deleteError.message }]);
    expect(outcome.written).toEqual([]);
  });

  it.each([400, 403, 409, 410, 422])('fails on %i, without reading the list', async (status) => {
    const deleteError = new OmniHttpError({ method: 'DELETE', path: '/v1/x', status });
    const { client, calls } = createClient(deleteError, [OTHER]);
    const outcome = await write(client);
    expect(outcome.failure?.error).toBe(deleteError);
    expect(outcome.results).toMatchObject([{ status: 'failed' }]);
    expect(calls).toEqual([`DELETE ${DOOMED_ID}`]);
  });

  it("is never sent for Omni's default environment, which is kept with a note", async () => {
    const { client, calls } = createClient(undefined, [OTHER]);
    const outcome = await write(client, [{ ...DELETE_ENTRY, isDefaultEnvironment: true }]);
    expect(calls).toEqual([]);
    expect(outcome.results).toEqual([
      { name: 'PR 7', action: 'unmanaged', status: 'unmanaged', changes: [], note: DEFAULT_ENVIRONMENT_NOTE },
    ]);
    expect(outcome.written).toEqual([]);
  });
});
