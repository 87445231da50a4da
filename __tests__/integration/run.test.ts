// The whole run in process against the sandbox over real HTTP, one request at a time so that the
// order is known: a 401 stops the run, and the connections not yet started end `skipped`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server.js';
import { generateChangedConnections } from '../../scripts/bench/fixtures.js';
import { REPO_ROOT } from '../../scripts/runner.js';
import { createOmniClient } from '../../src/core/omni/client.js';
import { createPacer, sleepUnlessAborted } from '../../src/core/omni/pacer.js';
import { createRunClient, RUN_MAX_CONCURRENCY } from '../../src/core/omni/run-client.js';
import { executeRun } from '../../src/core/run/run.js';
import { createRedactor } from '../../src/core/secrets.js';
import { ACTION_TERMS } from '../../src/core/terms.js';
import { PRODUCTION_ID } from '../support/dbt-fixtures.js';

const TOKEN = 'sandbox-token';
const EXAMPLE = readFileSync(path.join(REPO_ROOT, 'examples/omni-dbt.yml'), 'utf8');

describe('executeRun against the sandbox', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, tokens: [TOKEN] });
  });
  afterAll(() => sandbox.close());

  it('stops at the first 401 and skips the connections not yet started', async () => {
    sandbox.script({ connectionId: PRODUCTION_ID }, [
      { status: 401, body: { error: '401', message: 'Unauthorized' } },
    ]);
    const report = await executeRun({
      configPath: 'omni-dbt.yml',
      configText: EXAMPLE,
      mode: 'apply',
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
      stop: new AbortController(),
      createClient: ({ apiBaseUrl, token, signal }) =>
        createOmniClient({
          apiBaseUrl,
          token,
          signal,
          pacer: createPacer({
            maxRequestsPerMinute: 600,
            maxConcurrency: 1,
            now: Date.now,
            sleep: sleepUnlessAborted,
            signal,
          }),
        }),
    });
    expect(report.fatalError).toBe('Omni refused the API token (401).');
    expect(report.connections.map((c) => [c.connectionId === PRODUCTION_ID, c.status, c.httpStatus])).toEqual(
      [
        [true, 'failed', 401],
        [false, 'skipped', undefined],
        [false, 'skipped', undefined],
      ],
    );
    expect(sandbox.requests).toHaveLength(1);
  });

  it('with a refused token and as many connections as may run at once, sends one request and skips the rest', async () => {
    const fixture = generateChangedConnections(RUN_MAX_CONCURRENCY);
    sandbox.reset(fixture.seed as Parameters<typeof sandbox.reset>[0]);
    const report = await executeRun({
      configPath: 'omni-dbt.yml',
      configText: fixture.configText,
      mode: 'apply',
      omniUrl: sandbox.url,
      apiToken: 'revoked-token',
      allowCustomHost: false,
      selection: [],
      force: false,
      rotateKeys: false,
      failOnChanges: false,
      isUpdatingSecrets: false,
      stepEnv: {},
      redactor: createRedactor(),
      terms: ACTION_TERMS,
      stop: new AbortController(),
      // Production wiring: the run's first request goes alone. Requests in flight are not cut off when
      // the run stops (main.ts gives them a grace period), so each one sent would reach the sandbox.
      createClient: (settings) =>
        createRunClient({
          ...settings,
          inFlightSignal: new AbortController().signal,
          maxRequestsPerMinute: 60,
        }),
    });
    expect(report.fatalError).toBe('Omni refused the API token (401).');
    expect(sandbox.requests.map((r) => r.status)).toEqual([401]);
    const statuses = report.connections.map((c) => c.status);
    expect(statuses[0]).toBe('failed');
    expect(statuses.slice(1)).toEqual(Array(RUN_MAX_CONCURRENCY - 1).fill('skipped'));
  });
});
