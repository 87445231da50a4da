// The whole run in process against the sandbox over real HTTP: a 401 stops the run, and the connections
// not yet started end `skipped`; an Omni that never answers holds the others back for one attempt only.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server.js';
import { generateChangedConnections } from '../../scripts/bench/fixtures.js';
import { REPO_ROOT } from '../../scripts/runner.js';
import { createOmniClient } from '../../src/core/omni/client.js';
import { createPacer, sleepUnlessAborted } from '../../src/core/omni/pacer.js';
import { createRunClient, RUN_MAX_CONCURRENCY } from '../../src/core/omni/run-client.js';
import { executeRun, type RunOptions } from '../../src/core/run/run.js';
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

  /** An apply of `configText` with the given token and client; everything else as a push would have it. */
  const applyWith = (options: Pick<RunOptions, 'configText' | 'apiToken' | 'createClient'>) =>
    executeRun({
      configPath: 'omni-dbt.yml',
      mode: 'apply',
      omniUrl: sandbox.url,
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
      ...options,
    });

  it('stops at the first 401 and skips the connections not yet started', async () => {
    sandbox.script({ connectionId: PRODUCTION_ID }, [
      { status: 401, body: { error: '401', message: 'Unauthorized' } },
    ]);
    const report = await applyWith({
      configText: EXAMPLE,
      apiToken: TOKEN,
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
    const report = await applyWith({
      configText: fixture.configText,
      apiToken: 'revoked-token',
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

  it('against an Omni that never answers, starts the others once the first attempt has failed', async () => {
    const count = 6;
    const attempts = 3;
    const fixture = generateChangedConnections(count);
    sandbox.reset(fixture.seed as Parameters<typeof sandbox.reset>[0]);
    sandbox.script({ method: 'GET' }, Array(count * attempts).fill({ hang: true }));
    /** The request log as it stood when the first request's attempt N failed (its retry was decided). */
    const logWhenFirstFailed: (typeof sandbox.requests)[] = [];
    let firstPath: string | undefined;
    const report = await applyWith({
      configText: fixture.configText,
      apiToken: TOKEN,
      // The pacer as production wires it (the first request alone), with short timeouts and backoff.
      createClient: ({ apiBaseUrl, token, signal }) =>
        createOmniClient({
          apiBaseUrl,
          token,
          signal,
          timeoutMs: 300,
          retry: { maxAttempts: attempts, baseDelayMs: 20, maxDelayMs: 40 },
          onRetry: (info) => {
            firstPath ??= info.path;
            if (info.path === firstPath) logWhenFirstFailed.push([...sandbox.requests]);
          },
          pacer: createPacer({
            maxRequestsPerMinute: 600,
            maxConcurrency: RUN_MAX_CONCURRENCY,
            isFirstRequestAlone: true,
            now: Date.now,
            sleep: sleepUnlessAborted,
            signal,
          }),
        }),
    });
    expect(report.connections.map((c) => c.status)).toEqual(Array(count).fill('failed'));
    expect(report.connections[0]?.error).toContain('did not answer within');
    const [afterFirstAttempt, afterSecondAttempt] = logWhenFirstFailed;
    // The first request went alone: when its first attempt failed, nothing else had been sent.
    expect(afterFirstAttempt?.map((r) => r.path)).toEqual([`/api${firstPath}`]);
    // Before its attempts were over, every connection had started.
    const started = new Set(afterSecondAttempt?.map((r) => r.connectionId));
    expect(started.size).toBe(count);
    expect(sandbox.requests.filter((r) => r.path === `/api${firstPath}`)).toHaveLength(attempts);
  });
});
