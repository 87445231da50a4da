// Schema refresh schedules as the third part of the per-connection state machine (README, "Schema refresh
// schedules"), with a fake client that records every call: no request without the key, a dry-run that only
// reads, the apply's order (settings, environments, then schedules: creates, then deletes), the first failed
// write stopping the rest, the read-back, and the connection's action as a whole.
import { describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../../../../src/core/config/types.js';
import type { LiveDbtConfig } from '../../../../src/core/omni/dbt.js';
import type { LiveEnvironment } from '../../../../src/core/omni/environments.js';
import { OmniHttpError } from '../../../../src/core/omni/errors.js';
import type { LiveSchedule, ScheduleBody } from '../../../../src/core/omni/schedules.js';
import { DISABLED_SCHEDULE_NOTE } from '../../../../src/core/plan/schedules.js';
import { type ConnectionRunContext, runConnection } from '../../../../src/core/run/connection.js';
import { GONE_ALREADY_NOTE } from '../../../../src/core/run/environments.js';
import type { Mode } from '../../../../src/core/run/types.js';
import { ACTION_TERMS } from '../../../../src/core/terms.js';
import { buildLiveConfig, PRODUCTION_ID, PRODUCTION_SETTINGS } from '../../../support/dbt-fixtures.js';
import { completeClient } from '../../../support/fake-client.js';

const NIGHTLY: LiveSchedule = {
  scheduleId: '5cd00000-0000-4000-8000-000000000001',
  schedule: '0 6 * * ? *',
  timezone: 'Europe/Berlin',
  description: 'Runs daily at 6:00 AM CET',
  disabledAt: null,
};
const EVENINGS: LiveSchedule = {
  scheduleId: '5cd00000-0000-4000-8000-000000000002',
  schedule: '30 18 ? * MON-FRI *',
  timezone: 'America/New_York',
  description: 'Runs at 6:30 PM EST, Monday through Friday',
  disabledAt: '2026-02-01T12:00:00.000Z',
};
const STRAY: LiveSchedule = {
  scheduleId: '5cd00000-0000-4000-8000-000000000003',
  schedule: '0 2 * * ? *',
  timezone: 'UTC',
  description: 'Runs daily at 2:00 AM UTC',
  disabledAt: null,
};
const PRODUCTION_ENVIRONMENT: LiveEnvironment = {
  id: 'e0000000-0000-4000-8000-000000000001',
  isDefaultEnvironment: true,
  name: 'Production',
  ownerId: null,
  targetDatabase: null,
  targetName: null,
  targetRole: null,
  targetSchema: 'analytics',
  variables: [],
};

function connectionWith(overrides: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    connectionId: PRODUCTION_ID,
    name: 'Snowflake production',
    body: { ...PRODUCTION_SETTINGS },
    pruneEnvironments: false,
    pruneSchemaRefreshSchedules: false,
    position: { line: 3, column: 5 },
    schemaRefreshSchedules: [
      { schedule: '0 6 * * ? *', timezone: 'Europe/Berlin', position: { line: 6, column: 9 } },
      // In the file's own spelling: created in its normal form.
      { schedule: '0 7  * * ? *', timezone: 'utc', position: { line: 8, column: 9 } },
      { schedule: '30 18 ? * mon-fri *', timezone: 'America/New_York', position: { line: 10, column: 9 } },
    ],
    ...overrides,
  };
}

interface FakeOmni {
  live?: LiveDbtConfig;
  schedules?: LiveSchedule[];
  environments?: LiveEnvironment[];
  /** Fails the call of this name (`PUT dbt`, `POST schedule`, `DELETE schedule`, `GET schedules`). */
  failing?: Record<string, Error>;
  /** What a delete answers: `absent` for a checked 404. */
  deletion?: 'deleted' | 'absent';
  /** The read-back drops what was created (Omni did not keep it). */
  isForgetting?: boolean;
}

/** A fake Omni that holds schedules, applies the writes, and records every call in order. */
function createFakeOmni(omni: FakeOmni) {
  const calls: string[] = [];
  let schedules = [...(omni.schedules ?? [NIGHTLY, EVENINGS, STRAY])];
  let environments = [...(omni.environments ?? [PRODUCTION_ENVIRONMENT])];
  let created = 0;
  const failIf = (call: string) => {
    calls.push(call);
    const error = omni.failing?.[call.split(' ').slice(0, 2).join(' ')];
    if (error !== undefined) throw error;
  };
  const client = completeClient({
    async getDbtConfig() {
      failIf('GET dbt');
      return omni.live ?? buildLiveConfig();
    },
    async putDbtConfig() {
      failIf('PUT dbt');
      return { message: 'ok' };
    },
    async listEnvironments() {
      failIf('GET environments');
      return environments;
    },
    async updateEnvironment(_connectionId, environmentId, body) {
      failIf(`PUT environment ${body.name}`);
      const updated = { ...PRODUCTION_ENVIRONMENT, id: environmentId, targetSchema: body.targetSchema };
      environments = environments.map((environment) =>
        environment.id === environmentId ? updated : environment,
      );
      return updated;
    },
    async listSchedules() {
      failIf('GET schedules');
      return schedules.filter((schedule) => !(omni.isForgetting && schedule.scheduleId.startsWith('new-')));
    },
    async createSchedule(_connectionId, body: ScheduleBody) {
      failIf(`POST schedule ${body.schedule} (${body.timezone})`);
      created += 1;
      const schedule = { ...body, scheduleId: `new-${created}`, description: 'new', disabledAt: null };
      schedules = [...schedules, schedule];
      return schedule;
    },
    async deleteSchedule(_connectionId, scheduleId) {
      failIf(`DELETE schedule ${scheduleId}`);
      schedules = schedules.filter((schedule) => schedule.scheduleId !== scheduleId);
      return omni.deletion ?? 'deleted';
    },
  });
  return { client, calls, listSchedules: () => schedules };
}

function contextFor(client: ConnectionRunContext['client'], mode: Mode = 'apply'): ConnectionRunContext {
  return {
    client,
    mode,
    force: false,
    rotateKeys: false,
    isUpdatingSecrets: false,
    stepEnv: {},
    terms: ACTION_TERMS,
    signal: new AbortController().signal,
    reportFailure: () => false,
    describeSkip: () => 'Not attempted: the run was cancelled.',
  };
}

const PRUNING = connectionWith({ pruneSchemaRefreshSchedules: true });

describe('schedules in the state machine', () => {
  it('are not read for a connection whose file entry has no schemaRefreshSchedules', async () => {
    const omni = createFakeOmni({});
    const result = await runConnection(
      connectionWith({ schemaRefreshSchedules: undefined }),
      contextFor(omni.client),
    );
    expect(omni.calls).toEqual(['GET dbt']);
    expect(result).toMatchObject({ action: 'unchanged', status: 'unchanged' });
    expect(result).not.toHaveProperty('schedules');
  });

  it('in a dry-run: read once, planned as create, unchanged (disabled too) and unmanaged; nothing written', async () => {
    const omni = createFakeOmni({});
    const result = await runConnection(connectionWith(), contextFor(omni.client, 'dry-run'));
    expect(omni.calls).toEqual(['GET dbt', 'GET schedules']);
    // Settings unchanged, one schedule to create: the connection as a whole is an update.
    expect(result).toMatchObject({ action: 'update', status: 'planned', settings: { action: 'unchanged' } });
    expect(result.schedules).toEqual([
      {
        name: '0 6 * * ? * (Europe/Berlin)',
        schedule: '0 6 * * ? *',
        timezone: 'Europe/Berlin',
        isDisabled: false,
        action: 'unchanged',
        status: 'unchanged',
        changes: [],
      },
      {
        name: '0 7 * * ? * (utc)',
        schedule: '0 7 * * ? *',
        timezone: 'utc',
        isDisabled: false,
        action: 'create',
        status: 'planned',
        changes: [
          { field: 'schedule', from: null, to: '0 7 * * ? *' },
          { field: 'timezone', from: null, to: 'utc' },
        ],
      },
      {
        name: '30 18 ? * MON-FRI * (America/New_York)',
        schedule: '30 18 ? * MON-FRI *',
        timezone: 'America/New_York',
        isDisabled: true,
        action: 'unchanged',
        status: 'unchanged',
        changes: [],
        note: DISABLED_SCHEDULE_NOTE,
      },
      {
        name: '0 2 * * ? * (UTC)',
        schedule: '0 2 * * ? *',
        timezone: 'UTC',
        isDisabled: false,
        action: 'unmanaged',
        status: 'unmanaged',
        changes: [],
      },
    ]);
  });

  it('in an apply: settings, then environments, then creates and deletes, then one read-back', async () => {
    const omni = createFakeOmni({ live: buildLiveConfig({ branch: 'develop' }) });
    const connection = {
      ...PRUNING,
      environments: [
        {
          name: 'Production',
          targetSchema: 'analytics_v2',
          targetDatabase: null,
          targetRole: null,
          targetName: null,
          variables: [],
          position: { line: 4, column: 9 },
        },
      ],
    };
    const result = await runConnection(connection, contextFor(omni.client));
    expect(omni.calls).toEqual([
      'GET dbt',
      'GET environments',
      'GET schedules',
      'PUT dbt',
      'PUT environment Production',
      'GET environments',
      'POST schedule 0 7 * * ? * (utc)',
      `DELETE schedule ${STRAY.scheduleId}`,
      'GET schedules',
    ]);
    expect(result).toMatchObject({ action: 'update', status: 'applied', settings: { status: 'applied' } });
    expect(result.schedules?.map((s) => [s.name, s.action, s.status])).toEqual([
      ['0 6 * * ? * (Europe/Berlin)', 'unchanged', 'unchanged'],
      ['0 7 * * ? * (utc)', 'create', 'applied'],
      ['30 18 ? * MON-FRI * (America/New_York)', 'unchanged', 'unchanged'],
      ['0 2 * * ? * (UTC)', 'delete', 'applied'],
    ]);
    // A disabled schedule the file lists is never re-enabled, and a listed one never deleted.
    expect(omni.listSchedules().map((s) => s.scheduleId)).toEqual([
      NIGHTLY.scheduleId,
      EVENINGS.scheduleId,
      'new-1',
    ]);
  });

  it('writes nothing and ends unchanged when Omni has every pair (extra ones kept without prune)', async () => {
    const omni = createFakeOmni({ schedules: [NIGHTLY, EVENINGS, STRAY] });
    const result = await runConnection(
      connectionWith({
        schemaRefreshSchedules: [
          { schedule: '0 6 * * ? *', timezone: 'europe/berlin', position: { line: 6, column: 9 } },
        ],
      }),
      contextFor(omni.client),
    );
    expect(omni.calls).toEqual(['GET dbt', 'GET schedules']);
    expect(result).toMatchObject({ action: 'unchanged', status: 'unchanged' });
    expect(result.schedules?.map((s) => s.status)).toEqual(['unchanged', 'unmanaged', 'unmanaged']);
  });

  it('stops at the first failed write: the delete after a failed create is not attempted', async () => {
    const refused = new OmniHttpError({
      method: 'POST',
      path: `/v1/connections/${PRODUCTION_ID}/schedules`,
      status: 400,
      detail: 'Invalid cron expression',
    });
    const omni = createFakeOmni({
      live: buildLiveConfig({ branch: 'develop' }),
      failing: { 'POST schedule': refused },
    });
    const result = await runConnection(PRUNING, contextFor(omni.client));
    expect(omni.calls).toEqual(['GET dbt', 'GET schedules', 'PUT dbt', 'POST schedule 0 7 * * ? * (utc)']);
    expect(result).toMatchObject({ action: 'update', status: 'failed', httpStatus: 400 });
    expect(result.error).toContain(
      'Writing schedule 0 7 * * ? * (utc) failed; the writes after it were not attempted. The dbt settings were applied.',
    );
    expect(result.schedules?.map((s) => [s.action, s.status, s.error])).toEqual([
      ['unchanged', 'unchanged', undefined],
      ['create', 'failed', expect.stringContaining('Invalid cron expression')],
      ['unchanged', 'unchanged', undefined],
      ['delete', 'skipped', 'Not attempted: an earlier write of this connection failed.'],
    ]);
  });

  it('fails the connection when the read-back does not show what was created', async () => {
    const omni = createFakeOmni({ isForgetting: true });
    const result = await runConnection(connectionWith(), contextFor(omni.client));
    expect(omni.calls.at(-1)).toBe('GET schedules');
    expect(result.status).toBe('failed');
    expect(result.error).toBe('Omni did not keep what was written: schedule 0 7 * * ? * (utc) is missing.');
    expect(result.hint).toContain('schema refresh schedules in Omni');
    expect(result.schedules?.[1]).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('is missing'),
    });
  });

  it('writes no schedule when the settings fail, and says why of each one not attempted', async () => {
    const omni = createFakeOmni({
      live: buildLiveConfig({ branch: 'develop' }),
      failing: {
        'PUT dbt': new OmniHttpError({ method: 'PUT', path: '/v1/connections/x/dbt', status: 422 }),
      },
    });
    const result = await runConnection(PRUNING, contextFor(omni.client));
    expect(omni.calls).toEqual(['GET dbt', 'GET schedules', 'PUT dbt']);
    expect(result.status).toBe('failed');
    expect(result.schedules?.filter((s) => s.status === 'skipped').map((s) => s.error)).toEqual([
      'Not attempted: the dbt settings of this connection failed.',
      'Not attempted: the dbt settings of this connection failed.',
    ]);
  });

  it('fails the connection without writing anything when the list cannot be read', async () => {
    const forbidden = new OmniHttpError({
      method: 'GET',
      path: `/v1/connections/${PRODUCTION_ID}/schedules`,
      status: 403,
    });
    const omni = createFakeOmni({
      live: buildLiveConfig({ branch: 'develop' }),
      failing: { 'GET schedules': forbidden },
    });
    const result = await runConnection(PRUNING, contextFor(omni.client));
    expect(omni.calls).toEqual(['GET dbt', 'GET schedules']);
    expect(result).toMatchObject({ status: 'failed', httpStatus: 403 });
    expect(result).not.toHaveProperty('schedules');
  });

  it('counts a delete that Omni answered with a checked 404 as done, and says so', async () => {
    const omni = createFakeOmni({ deletion: 'absent' });
    const result = await runConnection(
      connectionWith({ pruneSchemaRefreshSchedules: true, schemaRefreshSchedules: [] }),
      contextFor(omni.client),
    );
    expect(result.status).toBe('applied');
    expect(result.schedules?.map((s) => [s.action, s.status, s.note])).toEqual([
      ['delete', 'applied', GONE_ALREADY_NOTE],
      ['delete', 'applied', GONE_ALREADY_NOTE],
      ['delete', 'applied', GONE_ALREADY_NOTE],
    ]);
  });
});
