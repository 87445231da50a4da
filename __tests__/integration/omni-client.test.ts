import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server.js';
import { type CreateOmniClientOptions, createOmniClient } from '../../src/core/omni/client.js';
import { type DbtPutBody, ROTATION_UNCERTAIN_MESSAGE } from '../../src/core/omni/dbt.js';
import {
  hintForError,
  OmniCancelledError,
  OmniError,
  OmniHttpError,
  OmniNetworkError,
  OmniResponseError,
  OmniTimeoutError,
} from '../../src/core/omni/errors.js';
import { createPacer, type Pacer, sleepUnlessAborted } from '../../src/core/omni/pacer.js';
import { describeRetry } from '../../src/core/omni/run-client.js';
import type { RetryInfo } from '../../src/core/omni/transport.js';
import { resolveOmniBaseUrl } from '../../src/core/omni/url.js';
import { ACTION_TERMS } from '../../src/core/terms.js';
import { buildLiveConfig } from '../support/dbt-fixtures.js';

const CONFIGURED = '550e8400-e29b-41d4-a716-446655440000';
const NOT_CONFIGURED = '9b2f3c1e-4d5a-4e6b-8c7d-0e1f2a3b4c5d';
const NO_DBT_SUPPORT = '3f6c2a1b-8e9d-4c7b-a5f4-1d2e3c4b5a69';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const TOKEN = 'sandbox-token';

const BODY: DbtPutBody = {
  sshUrl: 'git@github.com:acme/analytics.git',
  branch: 'release',
  autogenRelationships: true,
  enableVirtualSchemas: false,
  enableSemanticLayer: false,
  projectRootPath: 'transform',
  dbtVersion: '1.11',
};

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
let sandbox: Sandbox;
let apiBaseUrl: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tokens: [TOKEN], readOnlyTokens: ['read-only-token'] });
  const resolved = resolveOmniBaseUrl(sandbox.url, { allowCustomHost: false, terms: ACTION_TERMS });
  if (!resolved.ok) throw new Error(resolved.error);
  apiBaseUrl = resolved.apiBaseUrl;
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.reset();
});

/** A client with millisecond backoff, so retries run for real but quickly. */
function makeClient(overrides: Partial<CreateOmniClientOptions> = {}) {
  const retries: RetryInfo[] = [];
  const pacer: Pacer =
    overrides.pacer ?? createPacer({ maxRequestsPerMinute: 1000, now: Date.now, sleep: sleepUnlessAborted });
  const client = createOmniClient({
    apiBaseUrl,
    token: TOKEN,
    timeoutMs: 2000,
    retry: { baseDelayMs: 8, maxDelayMs: 20, maxRetryAfterMs: 30, maxAttempts: 3 },
    random: () => 0.5,
    onRetry: (info) => retries.push(info),
    ...overrides,
    pacer,
  });
  return { client, retries, pacer };
}

async function catchError(promise: Promise<unknown>): Promise<OmniError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(OmniError);
    return error as OmniError;
  }
  throw new Error('expected the call to fail');
}

const dbtRequests = () => sandbox.requests.filter((r) => r.connectionId !== null);

describe('OmniClient against the sandbox', () => {
  it('reads a configured connection', async () => {
    const { client } = makeClient();
    await expect(client.getDbtConfig(CONFIGURED)).resolves.toEqual(buildLiveConfig());
    expect(dbtRequests()).toMatchObject([
      { method: 'GET', path: `/api/v1/connections/${CONFIGURED}/dbt`, status: 200, authorization: 'valid' },
    ]);
  });

  it('reads a connection without dbt, and one whose dialect cannot use dbt', async () => {
    const { client } = makeClient();
    await expect(client.getDbtConfig(NOT_CONFIGURED)).resolves.toMatchObject({
      isConfigured: false,
      supportsDbt: true,
      message: expect.any(String),
    });
    await expect(client.getDbtConfig(NO_DBT_SUPPORT)).resolves.toMatchObject({
      isConfigured: false,
      supportsDbt: false,
    });
  });

  it('writes the configuration with a PUT the contract accepts', async () => {
    const { client } = makeClient();
    await expect(client.putDbtConfig(NOT_CONFIGURED, BODY)).resolves.toEqual({
      message: 'dbt configuration updated successfully',
    });
    expect(sandbox.getConnection(NOT_CONFIGURED)?.dbt).toMatchObject({
      branch: 'release',
      dbtVersion: '1.11',
    });
    expect(dbtRequests()).toMatchObject([{ method: 'PUT', status: 200, body: BODY, authorization: 'valid' }]);
  });

  it.each([
    [
      '404 for an unknown connection',
      TOKEN,
      UNKNOWN,
      'GET',
      404,
      'Connection not found',
      /check the connection id and omni-url/,
    ],
    [
      '403 for a token without Connection Admin',
      'read-only-token',
      CONFIGURED,
      'PUT',
      403,
      'Permission denied',
      /Connection Admin/,
    ],
    [
      '401 for an unknown token',
      'not-a-valid-token',
      CONFIGURED,
      'GET',
      401,
      'Invalid API key',
      /invalid or expired/,
    ],
  ] as const)(
    'turns a %s into an OmniHttpError with detail and hint, not retried',
    async (_label, token, id, method, status, detail, hint) => {
      const { client, retries } = makeClient({ token });
      const error = await catchError(
        method === 'GET' ? client.getDbtConfig(id) : client.putDbtConfig(id, BODY),
      );
      expect(error).toBeInstanceOf(OmniHttpError);
      expect(error).toMatchObject({ method, path: `/v1/connections/${id}/dbt`, status });
      expect(error.detail).toContain(detail);
      expect(error.message).toContain(`${method} /v1/connections/${id}/dbt`);
      expect(hintForError(error, ACTION_TERMS)).toMatch(hint);
      expect(retries).toEqual([]);
      expect(dbtRequests()).toHaveLength(1);
    },
  );

  it('retries a 503 and succeeds', async () => {
    sandbox.script({ method: 'GET', connectionId: CONFIGURED }, [{ status: 503 }]);
    const { client, retries } = makeClient();
    await expect(client.getDbtConfig(CONFIGURED)).resolves.toMatchObject({ isConfigured: true });
    expect(dbtRequests().map((r) => r.status)).toEqual([503, 200]);
    expect(retries).toMatchObject([
      {
        method: 'GET',
        path: `/v1/connections/${CONFIGURED}/dbt`,
        attempt: 1,
        delayMs: 4,
      },
    ]);
    expect(retries[0]?.reason).toMatch(/HTTP 503.*backoff/);
  });

  it('retries a reset connection and succeeds', async () => {
    sandbox.script({ method: 'GET' }, [{ reset: true }]);
    const { client, retries } = makeClient();
    await expect(client.getDbtConfig(CONFIGURED)).resolves.toMatchObject({ isConfigured: true });
    expect(dbtRequests().map((r) => r.status)).toEqual([0, 200]);
    expect(retries[0]?.reason).toMatch(/network error/);
  });

  it('gives up after maxAttempts with the last error', async () => {
    sandbox.script({ method: 'GET' }, [{ status: 502 }, { status: 502 }, { status: 502 }, 'pass']);
    const { client, retries } = makeClient();
    const error = await catchError(client.getDbtConfig(CONFIGURED));
    expect(error).toMatchObject({ status: 502, attempts: 3 });
    expect(hintForError(error, ACTION_TERMS)).toMatch(/Omni had a problem/);
    expect(retries).toHaveLength(2);
    expect(dbtRequests()).toHaveLength(3);
  });

  it('retries a 429 after its Retry-After (capped) and slows the pacer', async () => {
    sandbox.script({ method: 'GET' }, [{ status: 429, headers: { 'Retry-After': '1' } }]);
    const { client, retries, pacer } = makeClient();
    await expect(client.getDbtConfig(CONFIGURED)).resolves.toMatchObject({ isConfigured: true });
    expect(retries).toMatchObject([
      { attempt: 1, delayMs: 30, reason: expect.stringMatching(/Retry-After/) },
    ]);
    expect(pacer.allowedInFlight).toBe(4);
    expect(dbtRequests().map((r) => r.status)).toEqual([429, 200]);
  });

  it('retries a 429 without Retry-After once the pacer has probed for room', async () => {
    sandbox.script({ method: 'GET' }, [{ status: 429 }, { status: 429 }]);
    const pacer = createPacer({
      maxRequestsPerMinute: 1000,
      now: Date.now,
      sleep: sleepUnlessAborted,
      probe: { initialDelayMs: 20, maxDelayMs: 40 },
    });
    const { client, retries } = makeClient({ pacer });
    await expect(client.getDbtConfig(CONFIGURED)).resolves.toMatchObject({ isConfigured: true });
    // Probes for room do not count: both refusals are said of attempt 1, the one that then succeeds.
    expect(retries).toMatchObject([
      {
        attempt: 1,
        countedAttempt: 1,
        isProbe: true,
        delayMs: 0,
        reason: expect.stringMatching(/429.*pacer finds room/),
      },
      {
        attempt: 2,
        countedAttempt: 1,
        isProbe: true,
        delayMs: 0,
        reason: expect.stringMatching(/429.*pacer finds room/),
      },
    ]);
    const log = dbtRequests();
    expect(log.map((r) => r.status)).toEqual([429, 429, 200]);
    // The pacer held each retry for a probe delay (20 ms, then 28 ms, ± 20 %).
    expect((log[1]?.startedAt ?? 0) - (log[0]?.endedAt ?? 0)).toBeGreaterThanOrEqual(15);
    expect(pacer.isProbing).toBe(false);
  });

  it('numbers attempts as they count: probes for room take none of the 5, and none is told of an attempt 6', async () => {
    sandbox.script({ method: 'GET' }, [
      { status: 429 },
      { status: 429 },
      { status: 503 },
      { status: 503 },
      { status: 503 },
      { status: 503 },
      { status: 503 },
    ]);
    const pacer = createPacer({
      maxRequestsPerMinute: 1000,
      now: Date.now,
      sleep: sleepUnlessAborted,
      probe: { initialDelayMs: 5, maxDelayMs: 10 },
    });
    // The README's five attempts.
    const { client, retries } = makeClient({
      pacer,
      retry: { baseDelayMs: 2, maxDelayMs: 5, maxAttempts: 5 },
    });
    const error = await catchError(client.getDbtConfig(CONFIGURED));
    expect(error.status).toBe(503);
    expect(
      retries.map((info) => [info.attempt, info.countedAttempt, info.maxAttempts, info.isProbe]),
    ).toEqual([
      [1, 1, 5, true],
      [2, 1, 5, true],
      [3, 1, 5, false],
      [4, 2, 5, false],
      [5, 3, 5, false],
      [6, 4, 5, false],
    ]);
    // The fifth counted attempt is the last: no retry is announced after it.
    expect(retries.map(describeRetry)).toEqual([
      expect.stringMatching(
        /: attempt 1 of 5 was refused for now \(HTTP 429; .*\); a refusal while probing for room does not count\.$/,
      ),
      expect.stringMatching(/: attempt 1 of 5 was refused for now/),
      expect.stringMatching(/: attempt 1 of 5 failed \(HTTP 503; retrying in \d+ ms \(backoff\)\)\.$/),
      expect.stringMatching(/: attempt 2 of 5 failed/),
      expect.stringMatching(/: attempt 3 of 5 failed/),
      expect.stringMatching(/: attempt 4 of 5 failed/),
    ]);
    expect(dbtRequests()).toHaveLength(7);
  });

  it("counts the wait for the run's budget in the retry limit: a retry that cannot start in time gives up", async () => {
    sandbox.script({ method: 'GET' }, [{ status: 503 }]);
    const pacer = createPacer({
      maxRequestsPerMinute: 1,
      windowMs: 60_000,
      now: Date.now,
      sleep: sleepUnlessAborted,
    });
    const { client, retries } = makeClient({ pacer, retry: { maxElapsedMs: 1_000, baseDelayMs: 1 } });
    const error = await catchError(client.getDbtConfig(CONFIGURED));
    expect(error.status).toBe(503);
    expect(error.attempts).toBe(1);
    expect(error.message).toMatch(
      /gave up after 1 attempt: the run's request budget had no room before the 1 s retry limit/,
    );
    expect(retries).toHaveLength(1);
    expect(dbtRequests()).toHaveLength(1);
  });

  it('times out a request that never answers, per attempt', async () => {
    sandbox.script({ method: 'GET' }, [{ hang: true }, { hang: true }]);
    const { client, retries } = makeClient({
      timeoutMs: 150,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const error = await catchError(client.getDbtConfig(CONFIGURED));
    expect(error).toBeInstanceOf(OmniTimeoutError);
    expect(error.message).toContain('did not answer within 150 ms');
    expect(hintForError(error, ACTION_TERMS)).toMatch(/did not answer in time/);
    expect(retries).toHaveLength(1);
    expect(dbtRequests()).toHaveLength(2);
  });

  it('never follows a redirect: the token stays home', async () => {
    const elsewhere = await startRecordingServer();
    try {
      sandbox.script({ method: 'GET' }, [
        { status: 301, headers: { Location: `${elsewhere.url}/api/v1/steal?x=1` }, body: '' },
      ]);
      const { client, retries } = makeClient();
      const error = await catchError(client.getDbtConfig(CONFIGURED));
      expect(error).toBeInstanceOf(OmniHttpError);
      expect(error.status).toBe(301);
      expect(error.message).toMatch(/not followed.*check the Omni URL/);
      expect(error.detail).toBe(`Location: ${elsewhere.url}/api/v1/steal`);
      expect(hintForError(error, ACTION_TERMS)).toMatch(/omni-url/);
      expect(retries).toEqual([]);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it.each([
    ['html', /HTML page/, 'HTML page "502 Bad Gateway"'],
    ['empty', /body is empty/, undefined],
    ['truncated-json', /not valid JSON/, expect.stringContaining('{')],
    ['wrong-shape', /supportsDbt/, '{"ok":true}'],
  ] as const)(
    'rejects a 200 GET with a %s body as OmniResponseError, not retried',
    async (kind, reason, detail) => {
      sandbox.script({ method: 'GET' }, [{ malformed: kind }]);
      const { client, retries } = makeClient();
      const error = await catchError(client.getDbtConfig(CONFIGURED));
      expect(error).toBeInstanceOf(OmniResponseError);
      expect(error).toMatchObject({ status: 200, detail });
      expect(error.message).toMatch(reason);
      expect(hintForError(error, ACTION_TERMS)).toMatch(/not Omni API JSON/);
      expect(retries).toEqual([]);
    },
  );

  it('fails a PUT answered with success: false', async () => {
    sandbox.script({ method: 'PUT' }, [{ successFalse: true }]);
    const { client } = makeClient();
    const error = await catchError(client.putDbtConfig(CONFIGURED, BODY));
    expect(error).toBeInstanceOf(OmniResponseError);
    expect(error.message).toMatch(/success: false: dbt configuration could not be updated/);
    expect(hintForError(error, ACTION_TERMS)).toMatch(/reported that the update failed/);
    expect(dbtRequests()).toHaveLength(1);
  });

  it('repeats a plain PUT whose answer was lost: it is idempotent', async () => {
    sandbox.script({ method: 'PUT' }, [{ applyThen: { reset: true } }]);
    const { client } = makeClient();
    await expect(client.putDbtConfig(CONFIGURED, BODY)).resolves.toMatchObject({
      message: expect.any(String),
    });
    expect(dbtRequests().map((r) => r.status)).toEqual([0, 200]);
  });

  it('does not repeat a rotateKeys PUT whose answer was lost, and says the rotation is uncertain', async () => {
    sandbox.script({ method: 'PUT' }, [{ applyThen: { reset: true } }]);
    const { client, retries } = makeClient();
    const error = await catchError(client.putDbtConfig(CONFIGURED, { ...BODY, rotateKeys: true }));
    expect(error).toBeInstanceOf(OmniNetworkError);
    expect(error.isOutcomeUncertain).toBe(true);
    expect(error.message).toContain(ROTATION_UNCERTAIN_MESSAGE);
    expect(hintForError(error, ACTION_TERMS)).toContain(ROTATION_UNCERTAIN_MESSAGE);
    expect(retries).toEqual([]);
    expect(dbtRequests()).toHaveLength(1);
    expect(sandbox.getConnection(CONFIGURED)?.keyVersion).toBe(2);
  });

  it('does not repeat a rotateKeys PUT after a 503 either', async () => {
    sandbox.script({ method: 'PUT' }, [{ status: 503 }]);
    const { client } = makeClient();
    const error = await catchError(client.putDbtConfig(CONFIGURED, { ...BODY, rotateKeys: true }));
    expect(error).toMatchObject({ status: 503, isOutcomeUncertain: true });
    expect(dbtRequests()).toHaveLength(1);
  });

  it('repeats a rotateKeys PUT refused with 429: it never reached Omni', async () => {
    sandbox.script({ method: 'PUT' }, [{ status: 429 }]);
    const { client, retries } = makeClient();
    await expect(client.putDbtConfig(CONFIGURED, { ...BODY, rotateKeys: true })).resolves.toBeDefined();
    expect(retries).toHaveLength(1);
    expect(dbtRequests().map((r) => r.status)).toEqual([429, 200]);
    expect(sandbox.getConnection(CONFIGURED)?.keyVersion).toBe(2);
  });

  it('retries a refused connection, then reports ECONNREFUSED', async () => {
    const closed = await startRecordingServer();
    await closed.close();
    const { client, retries } = makeClient({ apiBaseUrl: `${closed.url}/api` });
    const error = await catchError(client.getDbtConfig(CONFIGURED));
    expect(error).toBeInstanceOf(OmniNetworkError);
    expect((error as OmniNetworkError).code).toBe('ECONNREFUSED');
    expect(error.status).toBeUndefined();
    expect(hintForError(error, ACTION_TERMS)).toMatch(/refused/);
    expect(retries).toHaveLength(2);
  });

  it('cancels a request in flight when the run is aborted', async () => {
    sandbox.script({ method: 'GET' }, [{ hang: true }]);
    const controller = new AbortController();
    const { client } = makeClient({ signal: controller.signal, timeoutMs: 10_000 });
    const pending = client.getDbtConfig(CONFIGURED);
    setTimeout(() => controller.abort(), 50);
    const error = await catchError(pending);
    expect(error).toBeInstanceOf(OmniCancelledError);
    expect(hintForError(error, ACTION_TERMS)).toBeUndefined();
    await expect(client.getDbtConfig(CONFIGURED)).rejects.toBeInstanceOf(OmniCancelledError);
    expect(dbtRequests()).toHaveLength(1);
  });

  it('lets a request in flight finish when only new starts are stopped', async () => {
    sandbox.script({ method: 'GET', connectionId: CONFIGURED }, [{ delayMs: 200 }]);
    const stopStarting = new AbortController();
    const abortInFlight = new AbortController();
    const { client } = makeClient({ signal: stopStarting.signal, inFlightSignal: abortInFlight.signal });
    const inFlight = client.getDbtConfig(CONFIGURED);
    setTimeout(() => stopStarting.abort(), 50);
    await expect(inFlight).resolves.toMatchObject({ isConfigured: true });
    const notStarted = await catchError(client.getDbtConfig(CONFIGURED));
    expect(notStarted).toBeInstanceOf(OmniCancelledError);
    expect((notStarted as OmniCancelledError).wasSent).toBe(false);
    expect(notStarted.message).toContain('cancelled before it was sent');
    expect(dbtRequests()).toHaveLength(1);
  });

  it('says a cancelled request in flight may or may not have taken effect', async () => {
    sandbox.script({ method: 'PUT' }, [{ hang: true }]);
    const controller = new AbortController();
    const { client } = makeClient({ signal: controller.signal, timeoutMs: 10_000 });
    const pending = client.putDbtConfig(NOT_CONFIGURED, BODY);
    setTimeout(() => controller.abort(), 50);
    const error = await catchError(pending);
    expect(error).toBeInstanceOf(OmniCancelledError);
    expect((error as OmniCancelledError).wasSent).toBe(true);
    expect(error.message).toContain('may or may not have taken effect');
  });

  it('keeps within the budget: a run that fits it never sees a 429 from its own traffic', async () => {
    sandbox.setRateLimit(4, 400);
    try {
      const pacer = createPacer({
        maxRequestsPerMinute: 4,
        windowMs: 400,
        windowMarginMs: 50,
        now: Date.now,
        sleep: sleepUnlessAborted,
      });
      const { client, retries } = makeClient({ pacer });
      const ids = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? CONFIGURED : NOT_CONFIGURED));
      await Promise.all(ids.map((id) => client.getDbtConfig(id)));
      expect(dbtRequests().map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(retries).toEqual([]);
    } finally {
      sandbox.setRateLimit(60, 60_000);
    }
  });

  it('keeps at most eight requests in flight', async () => {
    sandbox.setLatency(40);
    try {
      const { client } = makeClient();
      await Promise.all(Array.from({ length: 20 }, () => client.getDbtConfig(CONFIGURED)));
    } finally {
      sandbox.setLatency(0);
    }
    const log = dbtRequests();
    expect(log).toHaveLength(20);
    const overlaps = log.map(
      (a) => log.filter((b) => b.startedAt <= a.startedAt && (b.endedAt ?? Infinity) > a.startedAt).length,
    );
    expect(Math.max(...overlaps)).toBe(8);
  });

  it('never puts the token in an error, even where Omni echoes it', async () => {
    const secret = 'tok_S3CRET_abcdefghijklmnop';
    const echoing = await startRecordingServer((req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: '500', message: `bad request ${req.url} with ${req.headers.authorization}` }),
      );
    });
    try {
      const { client, retries } = makeClient({ apiBaseUrl: `${echoing.url}/api`, token: secret });
      const errors = [
        await catchError(client.getDbtConfig(secret)),
        await catchError(client.putDbtConfig(`x/${secret}`, BODY)),
      ];
      for (const error of errors) {
        const shown = [
          error.message,
          error.stack,
          error.detail,
          error.path,
          hintForError(error, ACTION_TERMS),
          JSON.stringify(retries),
        ];
        expect(shown.join('\n')).not.toContain(secret);
        expect(error.detail).toContain('***');
      }
      expect(echoing.requests.map((r) => r.authorization)).toContain(`Bearer ${secret}`);
    } finally {
      await echoing.close();
    }
  });

  it('sends the headers of the contract', async () => {
    const recording = await startRecordingServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'dbt configuration updated successfully', success: true }));
    });
    try {
      const { client } = makeClient({ apiBaseUrl: `${recording.url}/api` });
      await client.putDbtConfig(CONFIGURED, BODY);
      expect(recording.requests).toEqual([
        {
          method: 'PUT',
          url: `/api/v1/connections/${CONFIGURED}/dbt`,
          authorization: `Bearer ${TOKEN}`,
          accept: 'application/json',
          contentType: 'application/json',
          userAgent: 'omni-dbt-action',
        },
      ]);
    } finally {
      await recording.close();
    }
  });
});

describe('proxies', () => {
  const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
  let proxy: Server;
  let tunnels: string[];
  let proxyUrl: string;

  beforeAll(async () => {
    tunnels = [];
    // A CONNECT proxy that tunnels every host to the sandbox, as a corporate proxy would to Omni.
    proxy = createServer();
    proxy.on('connect', (req, clientSocket: Socket, head: Buffer) => {
      tunnels.push(req.url ?? '');
      const upstream = connect(sandbox.port, '127.0.0.1', () => {
        clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(clientSocket);
        clientSocket.pipe(upstream);
      });
      upstream.on('error', () => clientSocket.destroy());
      clientSocket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  });

  beforeEach(() => {
    tunnels.length = 0;
  });

  it('sends requests through HTTP_PROXY, as the toolkit does', async () => {
    process.env.HTTP_PROXY = proxyUrl;
    delete process.env.NO_PROXY;
    const { client } = makeClient({ apiBaseUrl: `http://omni.test:${sandbox.port}/api` });
    await expect(client.getDbtConfig(CONFIGURED)).resolves.toMatchObject({ isConfigured: true });
    expect(tunnels).toEqual([`omni.test:${sandbox.port}`]);
    expect(dbtRequests()).toMatchObject([{ method: 'GET', status: 200, authorization: 'valid' }]);
  });

  it('bypasses the proxy for hosts in NO_PROXY', async () => {
    process.env.HTTP_PROXY = proxyUrl;
    process.env.NO_PROXY = 'omni.test';
    const { client } = makeClient({
      apiBaseUrl: `http://omni.test:${sandbox.port}/api`,
      retry: { maxAttempts: 1 },
    });
    // omni.test cannot resolve (RFC 2606): going direct fails on DNS instead of tunnelling.
    await expect(client.getDbtConfig(CONFIGURED)).rejects.toBeInstanceOf(OmniNetworkError);
    expect(tunnels).toEqual([]);
  });
});

interface RecordedRequest {
  method: string | undefined;
  url: string | undefined;
  authorization: string | undefined;
  accept: string | undefined;
  contentType: string | undefined;
  userAgent: string | undefined;
}

/** A loopback server that records what reached it; answers 204 unless told otherwise. */
async function startRecordingServer(
  answer: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void = (
    _req,
    res,
  ) => {
    res.writeHead(204);
    res.end();
  },
): Promise<{ url: string; requests: RecordedRequest[]; close: () => Promise<void> }> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    requests.push({
      method: req.method,
      url: req.url,
      authorization: req.headers.authorization,
      accept: req.headers.accept,
      contentType: req.headers['content-type'],
      userAgent: req.headers['user-agent'],
    });
    req.resume();
    req.on('end', () => answer(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
