// Schema refresh schedules end to end (README, "Schema refresh schedules"): the built action (dist/index.js as a
// process) against the sandbox over real HTTP. A plan writes nothing and shows the schedule to create; an apply
// creates exactly it and leaves the unmanaged one alone; a second apply writes nothing; prune deletes the
// unmanaged one and never the disabled one the file lists; a connection without the key is not asked for its
// schedules; a bad cron sends nothing; the token is in no visible text.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server.js';
import { PULL_REQUEST_EVENT, PUSH_EVENT, runBuiltAction } from '../../scripts/runner.js';
import { PRODUCTION_ID, STAGING_ID } from '../support/dbt-fixtures.js';

const TOKEN = 'omni-schedules-e2e-token-5c1d';
const STRAY_ID = '5cd00000-0000-4000-8000-00000000000f';
const DISABLED_ID = '5cd00000-0000-4000-8000-000000000002';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type RunResult = Awaited<ReturnType<typeof runBuiltAction>>;
interface ResultSchedule {
  name: string;
  schedule: string;
  timezone: string;
  disabled: boolean;
  action: string;
  status: string;
  error: string | null;
}

/** Production keeps its two schedules (one disabled in Omni) and adds one; staging lists none. */
function buildConfig(options: { prune?: boolean; cron?: string } = {}): string {
  return `version: 1
defaults:
  sshUrl: git@github.com:acme/analytics.git
  branch: main
  dbtVersion: "1.11"
  autogenRelationships: true
  enableVirtualSchemas: true
connections:
  - id: ${PRODUCTION_ID}
    name: Snowflake production
    projectRootPath: transform
    pruneSchemaRefreshSchedules: ${options.prune === true}
    schemaRefreshSchedules:
      - schedule: "0 6 * * ? *"
        timezone: Europe/Berlin
      - schedule: "30 18 ? * mon-fri *"
        timezone: America/New_York
      - schedule: "${options.cron ?? '0 9 ? * MON-FRI *'}"
        timezone: UTC
  - id: ${STAGING_ID}
    name: Snowflake staging
    dbtVersion: "1.10"
`;
}

describe('schema refresh schedules with the built action', () => {
  let sandbox: Sandbox;
  const run = (config: string, event: 'push' | 'pull_request' = 'push') =>
    runBuiltAction({
      inputs: { 'omni-url': sandbox.url, 'api-token': TOKEN, config: 'omni-dbt.yml', comment: 'false' },
      files: { 'omni-dbt.yml': config },
      ...(event === 'push'
        ? { event: PUSH_EVENT }
        : { event: PULL_REQUEST_EVENT, eventName: 'pull_request', ref: 'refs/pull/7/merge' }),
    });
  const scheduleRequests = () => sandbox.requests.filter((request) => request.route === 'schedules');
  const writes = () => scheduleRequests().filter((request) => request.method !== 'GET');
  const resultSchedules = (done: RunResult, connectionId = PRODUCTION_ID) => {
    const result = JSON.parse(done.outputs.result ?? '{}');
    return result.connections.find((c: { id: string }) => c.id === connectionId)?.schedules as
      | ResultSchedule[]
      | undefined;
  };
  const storedIds = () => sandbox.getSchedules(PRODUCTION_ID).map((schedule) => schedule.scheduleId);
  const expectNoToken = (done: RunResult) => {
    const log = done.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    expect(log + done.stderr + done.summary + JSON.stringify(done.outputs)).not.toContain(TOKEN);
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, tokens: [TOKEN] });
  });
  beforeEach(() => {
    sandbox.reset();
    // One more enabled schedule that the file does not list: unmanaged, or deleted with prune.
    sandbox.setSchedules(PRODUCTION_ID, [
      ...sandbox.getSchedules(PRODUCTION_ID),
      { scheduleId: STRAY_ID, schedule: '0 3 * * ? *', timezone: 'UTC' },
    ]);
    sandbox.requests.length = 0;
  });
  afterAll(() => sandbox.close());

  it('plans on a pull request: writes nothing, shows the schedule to create, the disabled one present', async () => {
    const done = await run(buildConfig(), 'pull_request');
    expect(done.exitCode, done.stdout).toBe(0);
    expect(writes()).toEqual([]);
    expect(resultSchedules(done)?.map((s) => [s.name, s.action, s.status, s.disabled])).toEqual([
      ['0 6 * * ? * (Europe/Berlin)', 'unchanged', 'unchanged', false],
      ['30 18 ? * MON-FRI * (America/New_York)', 'unchanged', 'unchanged', true],
      ['0 9 ? * MON-FRI * (UTC)', 'create', 'planned', false],
      ['0 3 * * ? * (UTC)', 'unmanaged', 'unmanaged', false],
    ]);
    expect(done.outputs.changed).toBe('1');
    expect(done.summary).toContain(
      '**Plan:** 2 connections: 1 to update, 1 unchanged; 4 schedules: 1 to create, 2 unchanged, 1 not in the file.',
    );
    expect(done.summary).toContain('| Schedule | Action | Result | Notes |');
    expect(done.summary).toContain('| 0 9 ? \\* MON-FRI \\* (UTC) | 🆕 create | 📝 planned |');
    expect(done.summary).toContain('disabled in Omni: it counts as present');
    expect(done.stdout).toContain('  schedule 0 9 ? * MON-FRI * (UTC): to create');
    // Staging lists no schedules: it is not asked for them.
    expect(scheduleRequests().map((request) => request.connectionId)).toEqual([PRODUCTION_ID]);
    expect(resultSchedules(done, STAGING_ID)).toBeUndefined();
    expectNoToken(done);
  });

  it('applies exactly the one create, leaves the unmanaged one alone, and a second apply writes nothing', async () => {
    const first = await run(buildConfig());
    expect(first.exitCode, first.stdout).toBe(0);
    expect(writes().map((request) => [request.method, request.body])).toEqual([
      ['POST', { schedule: '0 9 ? * MON-FRI *', timezone: 'UTC' }],
    ]);
    // The list before, and the read-back after the write.
    expect(scheduleRequests().filter((request) => request.method === 'GET')).toHaveLength(2);
    expect(sandbox.requests.filter((request) => request.route === 'dbt' && request.method === 'PUT')).toEqual(
      [],
    );
    expect(storedIds()).toContain(STRAY_ID);
    expect(
      sandbox.getSchedules(PRODUCTION_ID).find((s) => s.scheduleId === DISABLED_ID)?.disabledAt,
    ).not.toBeNull();
    expect(resultSchedules(first)?.map((s) => s.status)).toEqual([
      'unchanged',
      'unchanged',
      'applied',
      'unmanaged',
    ]);
    expect(first.summary).toContain(
      '**Applied:** 2 connections: 1 updated, 1 unchanged; 4 schedules: 1 created, 2 unchanged, 1 not in the file.',
    );
    expect(first.stdout).toContain('  schedule 0 9 ? * MON-FRI * (UTC): created');
    expectNoToken(first);

    sandbox.requests.length = 0;
    const second = await run(buildConfig());
    expect(second.exitCode, second.stdout).toBe(0);
    expect(writes()).toEqual([]);
    expect(second.outputs.changed).toBe('0');
    expect(second.summary).toContain('Everything was already up to date.');
    expectNoToken(second);
  });

  it('with pruneSchemaRefreshSchedules deletes the unmanaged one, and never the disabled one the file lists', async () => {
    const done = await run(buildConfig({ prune: true }));
    expect(done.exitCode, done.stdout).toBe(0);
    expect(writes().map((request) => `${request.method} ${request.path}`)).toEqual([
      `POST /api/v1/connections/${PRODUCTION_ID}/schedules`,
      `DELETE /api/v1/connections/${PRODUCTION_ID}/schedules/${STRAY_ID}`,
    ]);
    expect(storedIds()).not.toContain(STRAY_ID);
    expect(storedIds()).toContain(DISABLED_ID);
    expect(resultSchedules(done)?.at(-1)).toMatchObject({ action: 'delete', status: 'applied' });
    expect(done.summary).toContain('4 schedules: 1 created, 1 deleted, 2 unchanged.');
    // Staging's schedules are not the file's to prune: not read, not deleted.
    expect(sandbox.getSchedules(STAGING_ID)).toHaveLength(1);
    expectNoToken(done);
  });

  it('refuses a five-field cron at its line and sends nothing', async () => {
    const done = await run(buildConfig({ cron: '0 9 * * 1-5' }));
    expect(done.exitCode).toBe(1);
    expect(sandbox.requests).toEqual([]);
    expect(done.stdout).toMatch(
      /::error title=omni-dbt%3A connections\[0\]\.schemaRefreshSchedules\[2\]\.schedule,file=omni-dbt\.yml,line=18,col=19::`0 9 \* \* 1-5` has five fields, as Unix cron has/,
    );
    expect(done.stdout).toContain('`0 9 ? * 2-6 *`');
    const result = JSON.parse(done.outputs.result ?? '{}');
    expect(result.connections.map((c: { status: string }) => c.status)).toEqual(['skipped', 'skipped']);
  });
});
