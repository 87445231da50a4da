// The Omni sandbox over real HTTP: contract shapes, validation, auth, rate limit, scripted faults, log hygiene.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/server.js';
import {
  BIGQUERY_ID as BIGQUERY,
  PRODUCTION_ID as PRODUCTION,
  PRODUCTION_SETTINGS,
  STAGING_ID as STAGING,
} from '../support/dbt-fixtures.js';

const TOKEN = 'sandbox-token';
const CLICKHOUSE = '3f6c2a1b-8e9d-4c7b-a5f4-1d2e3c4b5a69';
const POSTGRES_AUTO = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const MISSING = '00000000-0000-4000-8000-000000000000';

const VALID_BODY = {
  sshUrl: 'git@github.com:acme/analytics.git',
  branch: 'main',
  autogenRelationships: true,
  enableVirtualSchemas: false,
};

interface CallOptions {
  method?: string;
  token?: string | null;
  body?: unknown;
  contentType?: string;
  path?: string;
}

function callOmni(sandbox: Sandbox, connectionId: string, options: CallOptions = {}) {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  const path = options.path ?? `/api/v1/connections/${connectionId}/dbt`;
  return fetch(`${sandbox.url}${path}`, { method: options.method ?? 'GET', headers, body });
}

async function readJson(response: Response): Promise<unknown> {
  return JSON.parse(await response.text());
}

describe('Omni sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.reset();
  });

  describe('GET', () => {
    it('answers the configured shape with supportsDbt true', async () => {
      const response = await callOmni(sandbox, PRODUCTION);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await readJson(response)).toEqual({ ...PRODUCTION_SETTINGS, supportsDbt: true });
    });

    it('shows a stored null dbtVersion as "Auto"', async () => {
      const body = (await readJson(await callOmni(sandbox, POSTGRES_AUTO))) as Record<string, unknown>;
      expect(body.dbtVersion).toBe('Auto');
      expect(body.projectRootPath).toBeNull();
    });

    it('answers 200 with a message for a connection without dbt', async () => {
      const response = await callOmni(sandbox, BIGQUERY);
      expect(response.status).toBe(200);
      expect(await readJson(response)).toEqual({
        message: 'dbt not configured for this connection',
        supportsDbt: true,
      });
    });

    it('answers supportsDbt false for a dialect without dbt', async () => {
      const response = await callOmni(sandbox, CLICKHOUSE);
      expect(response.status).toBe(200);
      expect(await readJson(response)).toEqual({
        message: 'dbt is not supported for this dialect',
        supportsDbt: false,
      });
    });

    it('matches connection ids case-insensitively', async () => {
      const response = await callOmni(sandbox, PRODUCTION.toUpperCase());
      expect(response.status).toBe(200);
    });

    it('answers 404 for an unknown id, 400 for a non-uuid id and 404 JSON off the API', async () => {
      const missing = await callOmni(sandbox, MISSING);
      expect(missing.status).toBe(404);
      expect(await readJson(missing)).toEqual({ error: '404', message: 'Connection not found' });

      const notUuid = await callOmni(sandbox, 'production');
      expect(notUuid.status).toBe(400);
      expect(await readJson(notUuid)).toMatchObject({
        error: '400',
        message: expect.stringContaining('uuid'),
      });

      const urnPrefixed = await callOmni(sandbox, `urn:uuid:${PRODUCTION}`);
      expect(urnPrefixed.status).toBe(400);

      const offRoute = await callOmni(sandbox, PRODUCTION, { path: '/api/v1/connections' });
      expect(offRoute.status).toBe(404);
      expect(await readJson(offRoute)).toMatchObject({ error: '404' });
    });
  });

  describe('auth', () => {
    it('answers 401 JSON without a token and with an unknown token', async () => {
      const missing = await callOmni(sandbox, PRODUCTION, { token: null });
      expect(missing.status).toBe(401);
      expect(await readJson(missing)).toMatchObject({ error: '401' });

      const wrong = await callOmni(sandbox, PRODUCTION, { token: 'not-a-real-token-123' });
      expect(wrong.status).toBe(401);
      expect(await readJson(wrong)).toMatchObject({ error: '401', message: expect.any(String) });
      expect(sandbox.requests.map((r) => r.authorization)).toEqual(['missing', 'invalid']);
    });

    it('never stores a token, valid or not, in the request log', async () => {
      await callOmni(sandbox, PRODUCTION);
      await callOmni(sandbox, BIGQUERY, { method: 'PUT', body: VALID_BODY });
      await callOmni(sandbox, PRODUCTION, { token: 'wrong-secret-xyz' });
      const log = JSON.stringify(sandbox.requests);
      expect(sandbox.requests).toHaveLength(3);
      expect(log).not.toContain(TOKEN);
      expect(log).not.toContain('wrong-secret-xyz');
    });

    it('answers 403 to a write by a read-only token and keeps the state', async () => {
      const readOnly = await startSandbox({ readOnlyTokens: ['viewer-token'] });
      try {
        expect((await callOmni(readOnly, PRODUCTION, { token: 'viewer-token' })).status).toBe(200);
        const put = await callOmni(readOnly, BIGQUERY, {
          token: 'viewer-token',
          method: 'PUT',
          body: VALID_BODY,
        });
        expect(put.status).toBe(403);
        expect(await readJson(put)).toMatchObject({ error: '403' });
        expect(readOnly.getConnection(BIGQUERY)?.dbt).toBeNull();
      } finally {
        await readOnly.close();
      }
    });
  });

  describe('PUT', () => {
    it('refuses a body that breaks the contract with ajv messages and changes nothing', async () => {
      const before = sandbox.getConnection(STAGING);
      const response = await callOmni(sandbox, STAGING, {
        method: 'PUT',
        body: { ...VALID_BODY, branch: '', dbtVersion: '1.2', projectRootPath: '../up' },
      });
      expect(response.status).toBe(400);
      const body = (await readJson(response)) as { error: string; message: string };
      expect(body.error).toBe('400');
      expect(body.message).toContain('body.branch must NOT have fewer than 1 characters');
      expect(body.message).toContain(
        'body.dbtVersion must be equal to one of the allowed values ("Auto", "1.10", "1.11")',
      );
      expect(body.message).toContain('body.projectRootPath must match pattern');
      expect(sandbox.getConnection(STAGING)).toEqual(before);
    });

    it('refuses a body without a required field', async () => {
      const { sshUrl: _omitted, ...withoutSshUrl } = VALID_BODY;
      const response = await callOmni(sandbox, BIGQUERY, { method: 'PUT', body: withoutSshUrl });
      expect(response.status).toBe(400);
      expect(await readJson(response)).toMatchObject({
        message: "body must have required property 'sshUrl'",
      });
    });

    it('refuses a non-JSON content type and a body that is not JSON', async () => {
      const asText = await callOmni(sandbox, BIGQUERY, {
        method: 'PUT',
        body: JSON.stringify(VALID_BODY),
        contentType: 'text/plain',
      });
      expect(asText.status).toBe(400);
      const broken = await callOmni(sandbox, BIGQUERY, { method: 'PUT', body: '{"sshUrl":' });
      expect(broken.status).toBe(400);
      expect(sandbox.getConnection(BIGQUERY)?.dbt).toBeNull();
    });

    it('creates a configuration with the contract defaults and GET shows it', async () => {
      const response = await callOmni(sandbox, BIGQUERY, { method: 'PUT', body: VALID_BODY });
      expect(response.status).toBe(200);
      expect(await readJson(response)).toEqual({
        message: 'dbt configuration updated successfully',
        success: true,
      });
      expect(await readJson(await callOmni(sandbox, BIGQUERY))).toEqual({
        ...VALID_BODY,
        enableSemanticLayer: false,
        projectRootPath: null,
        dbtVersion: 'Auto',
        supportsDbt: true,
      });
      expect(sandbox.requests.at(0)?.body).toEqual(VALID_BODY);
    });

    it('keeps dbtVersion when the body leaves it out and sets it when given', async () => {
      await callOmni(sandbox, STAGING, { method: 'PUT', body: { ...VALID_BODY, branch: 'staging' } });
      expect(sandbox.getConnection(STAGING)?.dbt).toMatchObject({ branch: 'staging', dbtVersion: '1.10' });
      await callOmni(sandbox, STAGING, { method: 'PUT', body: { ...VALID_BODY, dbtVersion: 'Auto' } });
      expect(sandbox.getConnection(STAGING)?.dbt?.dbtVersion).toBe('Auto');
    });

    it('refuses dbtVersion null, as the published enum (which lacks null) does', async () => {
      const response = await callOmni(sandbox, STAGING, {
        method: 'PUT',
        body: { ...VALID_BODY, dbtVersion: null },
      });
      expect(response.status).toBe(400);
    });

    it('bumps keyVersion only when rotateKeys is true', async () => {
      const start = sandbox.getConnection(PRODUCTION)?.keyVersion ?? 0;
      await callOmni(sandbox, PRODUCTION, { method: 'PUT', body: { ...VALID_BODY, rotateKeys: false } });
      expect(sandbox.getConnection(PRODUCTION)?.keyVersion).toBe(start);
      await callOmni(sandbox, PRODUCTION, { method: 'PUT', body: { ...VALID_BODY, rotateKeys: true } });
      expect(sandbox.getConnection(PRODUCTION)?.keyVersion).toBe(start + 1);
    });

    it('answers 400 for a dialect without dbt and 404 for an unknown id', async () => {
      const unsupported = await callOmni(sandbox, CLICKHOUSE, { method: 'PUT', body: VALID_BODY });
      expect(unsupported.status).toBe(400);
      expect(await readJson(unsupported)).toMatchObject({
        error: '400',
        message: expect.stringContaining('clickhouse'),
      });
      const missing = await callOmni(sandbox, MISSING, { method: 'PUT', body: VALID_BODY });
      expect(missing.status).toBe(404);
    });
  });

  describe('DELETE', () => {
    it('unlinks a configured connection, then answers 404', async () => {
      const first = await callOmni(sandbox, PRODUCTION, { method: 'DELETE' });
      expect(first.status).toBe(200);
      expect(await readJson(first)).toEqual({
        message: 'dbt repository unlinked successfully',
        success: true,
      });
      expect(await readJson(await callOmni(sandbox, PRODUCTION))).toEqual({
        message: 'dbt not configured for this connection',
        supportsDbt: true,
      });
      expect((await callOmni(sandbox, PRODUCTION, { method: 'DELETE' })).status).toBe(404);
    });
  });

  describe('scripted faults', () => {
    it('answers a scripted status with a JSON error and headers, without applying a PUT', async () => {
      sandbox.script({ method: 'PUT' }, [{ status: 503 }, { status: 429, headers: { 'Retry-After': '1' } }]);
      const first = await callOmni(sandbox, BIGQUERY, { method: 'PUT', body: VALID_BODY });
      expect(first.status).toBe(503);
      expect(await readJson(first)).toEqual({ error: '503', message: 'Service Unavailable' });
      const second = await callOmni(sandbox, BIGQUERY, { method: 'PUT', body: VALID_BODY });
      expect(second.status).toBe(429);
      expect(second.headers.get('retry-after')).toBe('1');
      expect(sandbox.getConnection(BIGQUERY)?.dbt).toBeNull();
      const third = await callOmni(sandbox, BIGQUERY, { method: 'PUT', body: VALID_BODY });
      expect(third.status).toBe(200);
      expect(sandbox.requests.map((r) => [r.status, r.faulted])).toEqual([
        [503, 'status:503'],
        [429, 'status:429'],
        [200, undefined],
      ]);
    });

    it('sends a scripted string body as text', async () => {
      sandbox.script({}, [{ status: 502, body: 'upstream down' }]);
      const response = await callOmni(sandbox, PRODUCTION);
      expect(response.status).toBe(502);
      expect(await response.text()).toBe('upstream down');
    });

    it('matches on method and connection id, and consumes "pass" steps', async () => {
      sandbox.script({ method: 'GET', connectionId: STAGING.toUpperCase() }, ['pass', { status: 500 }]);
      expect((await callOmni(sandbox, PRODUCTION)).status).toBe(200);
      expect((await callOmni(sandbox, STAGING, { method: 'PUT', body: VALID_BODY })).status).toBe(200);
      expect((await callOmni(sandbox, STAGING)).status).toBe(200);
      expect(sandbox.countPendingSteps()).toBe(1);
      expect((await callOmni(sandbox, STAGING)).status).toBe(500);
      expect(sandbox.countPendingSteps()).toBe(0);
    });

    it('delays and then serves normally, or delays and answers the status', async () => {
      sandbox.script({}, [{ delayMs: 5 }, { delayMs: 5, status: 504 }]);
      expect((await callOmni(sandbox, PRODUCTION)).status).toBe(200);
      expect((await callOmni(sandbox, PRODUCTION)).status).toBe(504);
      expect(sandbox.requests.map((r) => r.faulted)).toEqual(['delay:5', 'delay:5+status:504']);
    });

    it('resets the connection without answering or applying', async () => {
      sandbox.script({ method: 'PUT' }, [{ reset: true }]);
      await expect(callOmni(sandbox, BIGQUERY, { method: 'PUT', body: VALID_BODY })).rejects.toThrow();
      expect(sandbox.getConnection(BIGQUERY)?.dbt).toBeNull();
      expect(sandbox.requests[0]).toMatchObject({ status: 0, faulted: 'reset' });
    });

    it('applies a PUT and then loses the answer with applyThen', async () => {
      sandbox.script({ method: 'PUT' }, [{ applyThen: { reset: true } }, { applyThen: { status: 502 } }]);
      await expect(callOmni(sandbox, BIGQUERY, { method: 'PUT', body: VALID_BODY })).rejects.toThrow();
      expect(sandbox.getConnection(BIGQUERY)?.dbt).toMatchObject({ branch: 'main' });
      const lost = await callOmni(sandbox, STAGING, {
        method: 'PUT',
        body: { ...VALID_BODY, branch: 'staging' },
      });
      expect(lost.status).toBe(502);
      expect(sandbox.getConnection(STAGING)?.dbt?.branch).toBe('staging');
    });

    it('answers 200 with HTML, an empty body, cut JSON or the wrong shape', async () => {
      sandbox.script({}, [
        { malformed: 'html' },
        { malformed: 'empty' },
        { malformed: 'truncated-json' },
        { malformed: 'wrong-shape' },
      ]);
      const html = await callOmni(sandbox, PRODUCTION);
      expect(html.status).toBe(200);
      expect(html.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await html.text()).toContain('<html>');

      const empty = await callOmni(sandbox, PRODUCTION);
      expect(empty.status).toBe(200);
      expect(await empty.text()).toBe('');

      const truncated = await callOmni(sandbox, PRODUCTION);
      const text = await truncated.text();
      expect(text.startsWith('{"sshUrl":')).toBe(true);
      expect(() => JSON.parse(text)).toThrow();

      const wrongShape = await callOmni(sandbox, PRODUCTION);
      expect(await readJson(wrongShape)).toEqual({ ok: true });
    });

    it('answers success false without applying', async () => {
      sandbox.script({ method: 'PUT' }, [{ successFalse: true }]);
      const response = await callOmni(sandbox, BIGQUERY, { method: 'PUT', body: VALID_BODY });
      expect(response.status).toBe(200);
      expect(await readJson(response)).toMatchObject({ success: false, message: expect.any(String) });
      expect(sandbox.getConnection(BIGQUERY)?.dbt).toBeNull();
    });

    it('refuses a step it does not know', () => {
      expect(() => sandbox.script({}, [{ status: 503, reset: true }])).toThrow(/combines/);
      expect(() => sandbox.script({}, [{ malformed: 'xml' as 'html' }])).toThrow(/malformed/);
      expect(() => sandbox.script({}, [{ body: 'x' }])).toThrow(/status/);
    });
  });

  it('reset() restores the seed and clears the log', async () => {
    await callOmni(sandbox, PRODUCTION, { method: 'DELETE' });
    sandbox.script({}, [{ status: 500 }]);
    sandbox.reset();
    expect(sandbox.requests).toHaveLength(0);
    expect(sandbox.countPendingSteps()).toBe(0);
    expect(sandbox.getConnection(PRODUCTION)?.dbt?.branch).toBe('main');
  });
});

describe('Omni sandbox rate limit', () => {
  let clock = 0;
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      tokens: [TOKEN, 'other-token'],
      requestsPerMinute: 3,
      rateWindowMs: 1000,
      now: () => clock,
    });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('answers 429 past the budget per token, logs it, and lets requests through once the window slides', async () => {
    clock = 10_000;
    for (let i = 0; i < 3; i += 1) expect((await callOmni(sandbox, PRODUCTION)).status).toBe(200);
    const limited = await callOmni(sandbox, PRODUCTION);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(await readJson(limited)).toEqual({ error: '429', message: 'Too many requests' });
    expect(sandbox.requests.at(-1)?.status).toBe(429);

    expect((await callOmni(sandbox, PRODUCTION, { token: 'other-token' })).status).toBe(200);

    clock += 999;
    expect((await callOmni(sandbox, PRODUCTION)).status).toBe(429);
    clock += 1;
    expect((await callOmni(sandbox, PRODUCTION)).status).toBe(200);
  });

  it('reset() restores the rate limit of the options, whatever a test set', async () => {
    clock = 30_000;
    sandbox.setRateLimit(1, 1000);
    sandbox.reset();
    for (let i = 0; i < 3; i += 1) expect((await callOmni(sandbox, PRODUCTION)).status).toBe(200);
    expect((await callOmni(sandbox, PRODUCTION)).status).toBe(429);
  });

  it('counts requests before checking the token', async () => {
    sandbox.reset();
    clock = 50_000;
    sandbox.setRateLimit(1, 1000);
    expect((await callOmni(sandbox, PRODUCTION, { token: 'bad-token' })).status).toBe(401);
    expect((await callOmni(sandbox, PRODUCTION, { token: 'bad-token' })).status).toBe(429);
  });
});

describe('Omni sandbox lifecycle', () => {
  it('close() ends a hung request promptly', async () => {
    const sandbox = await startSandbox();
    sandbox.script({}, [{ hang: true }]);
    const hung = callOmni(sandbox, PRODUCTION).then(
      () => 'answered',
      () => 'rejected',
    );
    await vi.waitFor(() => expect(sandbox.requests).toHaveLength(1));
    await sandbox.close();
    expect(await hung).toBe('rejected');
    expect(sandbox.requests[0]).toMatchObject({ status: 0, endedAt: null, faulted: 'hang' });
  });

  it('close() ends a request that is still waiting on its latency', async () => {
    const sandbox = await startSandbox({ latencyMs: 60_000 });
    const pending = callOmni(sandbox, PRODUCTION).then(
      () => 'answered',
      () => 'rejected',
    );
    await vi.waitFor(() => expect(sandbox.requests).toHaveLength(1));
    await sandbox.close();
    expect(await pending).toBe('rejected');
  });

  it('loads a seed and a fault script from files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omni-sandbox-'));
    const seedPath = join(dir, 'seed.json');
    const faultsPath = join(dir, 'faults.json');
    writeFileSync(
      seedPath,
      JSON.stringify({ connections: { [MISSING]: { dialect: 'duckdb', supportsDbt: true, dbt: null } } }),
    );
    writeFileSync(faultsPath, JSON.stringify([{ match: { method: 'GET' }, steps: [{ status: 503 }] }]));
    const sandbox = await startSandbox({ seed: seedPath, faultScript: faultsPath });
    try {
      expect((await callOmni(sandbox, MISSING)).status).toBe(503);
      expect((await callOmni(sandbox, MISSING)).status).toBe(200);
      expect((await callOmni(sandbox, PRODUCTION)).status).toBe(404);
    } finally {
      await sandbox.close();
    }
  });

  it('turns an off-contract answer of its own into a 500 and fails close()', async () => {
    const sandbox = await startSandbox();
    const broken = { dialect: 'snowflake', supportsDbt: true, dbt: { branch: 42 } };
    sandbox.setConnection(PRODUCTION, broken as unknown as Parameters<Sandbox['setConnection']>[1]);
    const response = await callOmni(sandbox, PRODUCTION);
    expect(response.status).toBe(500);
    expect(sandbox.violations[0]).toMatch(/off-contract/);
    await expect(sandbox.close()).rejects.toThrow(/broke its own contract/);
  });

  it('runs from the command line, logs requests to stderr and stops on SIGTERM', async () => {
    const cli = fileURLToPath(new URL('../../sandbox/cli.js', import.meta.url));
    const child = spawn(process.execPath, [cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    try {
      const lines = createInterface({ input: child.stdout });
      const first = await lines[Symbol.asyncIterator]().next();
      const line = String(first.value);
      expect(line).toMatch(/^Omni sandbox listening on http:\/\/127\.0\.0\.1:\d+ \(token: sandbox-token\)$/);
      const url = /(http:\/\/\S+)/.exec(line)?.[1] ?? '';
      const response = await fetch(`${url}/api/v1/connections/${PRODUCTION}/dbt`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(response.status).toBe(200);
      await vi.waitFor(() => expect(stderr).toContain(`GET /api/v1/connections/${PRODUCTION}/dbt 200`));
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
