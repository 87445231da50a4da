// The inputs that shape a run, end to end on the built action: selection, key rotation, the drift
// check and warnings.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server.js';
import { PULL_REQUEST_EVENT, PUSH_EVENT, REPO_ROOT, runBuiltAction } from '../../scripts/runner.js';
import { PRODUCTION_ID as PRODUCTION, STAGING_ID as STAGING } from '../support/dbt-fixtures.js';

const TOKEN = 'sandbox-token';
const EXAMPLE = readFileSync(path.join(REPO_ROOT, 'examples/omni-dbt.yml'), 'utf8');

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

describe('run options of the built action', () => {
  let sandbox: Sandbox;
  const inputs = (extra: Record<string, string>) => ({
    config: 'omni-dbt.yml',
    'omni-url': sandbox.url,
    'api-token': TOKEN,
    comment: 'false',
    ...extra,
  });

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, tokens: [TOKEN] });
  });
  afterEach(() => sandbox.reset());
  afterAll(() => sandbox.close());

  it('rotates the deploy keys of the selected connections only, and says what to do next', async () => {
    const keyVersionBefore = sandbox.getConnection(PRODUCTION)?.keyVersion;
    const run = await runBuiltAction({
      inputs: inputs({ mode: 'apply', 'rotate-keys': 'true', connections: 'Snowflake production' }),
      files: { 'omni-dbt.yml': EXAMPLE },
      event: PUSH_EVENT,
    });
    expect(run.exitCode, run.stdout).toBe(0);
    // Production already matches the file: the rotation alone is worth a PUT.
    const puts = sandbox.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => [r.connectionId, (r.body as { rotateKeys?: boolean }).rotateKeys])).toEqual([
      [PRODUCTION, true],
    ]);
    expect(sandbox.requests.every((r) => r.connectionId === PRODUCTION)).toBe(true);
    expect(sandbox.getConnection(PRODUCTION)?.keyVersion).toBe((keyVersionBefore ?? 1) + 1);
    expect(run.summary).toContain('The deploy key was rotated.');
    expect(run.summary).toContain('Deploy keys');
    expect(JSON.parse(run.outputs.result ?? '{}').connections).toHaveLength(1);
  });

  it('shows a rotation in a dry-run without sending it', async () => {
    const run = await runBuiltAction({
      inputs: inputs({ mode: 'dry-run', 'rotate-keys': 'true', connections: PRODUCTION }),
      files: { 'omni-dbt.yml': EXAMPLE },
      eventName: 'pull_request',
      event: PULL_REQUEST_EVENT,
    });
    expect(run.exitCode).toBe(0);
    expect(sandbox.requests.filter((r) => r.method === 'PUT')).toEqual([]);
    expect(run.summary).toContain('An apply would rotate this connection’s deploy key');
  });

  it('refuses an unknown connection in the selection before sending anything', async () => {
    const run = await runBuiltAction({
      inputs: inputs({ connections: 'Snowflake production, Snowflake prod' }),
      files: { 'omni-dbt.yml': EXAMPLE },
      event: PUSH_EVENT,
    });
    expect(run.exitCode).toBe(1);
    expect(sandbox.requests).toEqual([]);
    expect(run.summary).toContain('"Snowflake prod"');
  });

  it('fails a drift check with fail-on-changes when Omni differs, and passes once it matches', async () => {
    const drift = await runBuiltAction({
      inputs: inputs({ mode: 'dry-run', 'fail-on-changes': 'true' }),
      files: { 'omni-dbt.yml': EXAMPLE },
      eventName: 'schedule',
    });
    expect(drift.exitCode).toBe(1);
    expect(drift.outputs['has-changes']).toBe('true');
    expect(drift.summary).toContain('2 of 3 connections drifted from omni-dbt.yml (fail-on-changes).');
    expect(sandbox.requests.filter((r) => r.method === 'PUT')).toEqual([]);

    const apply = await runBuiltAction({
      inputs: inputs({}),
      files: { 'omni-dbt.yml': EXAMPLE },
      event: PUSH_EVENT,
    });
    expect(apply.exitCode).toBe(0);
    const clean = await runBuiltAction({
      inputs: inputs({ mode: 'dry-run', 'fail-on-changes': 'true' }),
      files: { 'omni-dbt.yml': EXAMPLE },
      eventName: 'schedule',
    });
    expect(clean.exitCode).toBe(0);
    expect(clean.outputs['has-changes']).toBe('false');
  });

  it('annotates a legal but likely wrong setting as a warning and still runs', async () => {
    const config = EXAMPLE.replace(
      'sshUrl: git@github.com:acme/analytics.git',
      'sshUrl: https://github.com/acme/analytics.git',
    );
    const line = config.split('\n').findIndex((text) => text.includes('https://github.com')) + 1;
    const run = await runBuiltAction({
      inputs: inputs({ mode: 'dry-run', connections: STAGING }),
      files: { 'omni-dbt.yml': config },
      eventName: 'pull_request',
      event: PULL_REQUEST_EVENT,
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`::warning title=omni-dbt[^\\n]*file=omni-dbt\\.yml,line=${line},`),
    );
    expect(run.summary).toContain('1 warning');
  });
});
