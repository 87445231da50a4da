import { describe, expect, it } from 'vitest';
import {
  parseLiveDbtConfig,
  parsePutResponse,
  ROTATION_UNCERTAIN_MESSAGE,
} from '../../../../src/core/omni/dbt.js';
import {
  hintForError,
  OmniBranchRefreshError,
  OmniCancelledError,
  OmniHttpError,
  OmniListError,
  OmniNetworkError,
  OmniResponseError,
  OmniTimeoutError,
  withOutcome,
} from '../../../../src/core/omni/errors.js';
import { extractErrorDetail, findErrorCode } from '../../../../src/core/omni/transport.js';
import { createRedactor } from '../../../../src/core/secrets.js';
import { ACTION_TERMS, CLI_TERMS } from '../../../../src/core/terms.js';

const at = { method: 'GET' as const, path: '/v1/connections/abc/dbt' };

describe('hintForError', () => {
  it.each([
    [301, /omni-url/],
    [400, /request body/],
    [401, /invalid or expired.*new organization API key/],
    [403, /Connection Admin/],
    [404, /No such connection.*connection id and omni-url/],
    [429, /rate limit.*max-requests-per-minute/],
    [500, /Omni had a problem.*re-run/],
    [503, /Omni had a problem/],
    [418, /see the detail/],
  ])('HTTP %i', (status, hint) => {
    expect(hintForError(new OmniHttpError({ ...at, status }), ACTION_TERMS)).toMatch(hint);
  });

  it('names the connection of the model on a 403 of a model route, and the connection itself otherwise', () => {
    const model = { method: 'GET' as const, path: '/v1/models/2b4f/dbt-exposures' };
    expect(hintForError(new OmniHttpError({ ...model, status: 403 }), ACTION_TERMS)).toBe(
      'The api-token is not allowed to do this: it needs Connection Admin on the connection of this model.',
    );
    expect(hintForError(new OmniHttpError({ ...at, status: 403 }), ACTION_TERMS)).toBe(
      'The api-token is not allowed to do this: it needs Connection Admin on this connection.',
    );
  });

  it.each([
    [new OmniTimeoutError({ ...at, timeoutMs: 30_000 }), /did not answer in time/],
    [new OmniNetworkError({ ...at, code: 'ENOTFOUND', description: 'x' }), /could not be resolved/],
    [new OmniNetworkError({ ...at, code: 'ECONNREFUSED', description: 'x' }), /refused.*HTTPS_PROXY/],
    [new OmniNetworkError({ ...at, code: 'ECONNRESET', description: 'x' }), /network access/],
    [new OmniResponseError({ ...at, status: 200, reason: 'the body is empty' }), /not Omni API JSON/],
    [
      new OmniResponseError({ ...at, status: 200, reason: 'success: false' }),
      /reported that the update failed/,
    ],
  ])('%s', (error, hint) => {
    expect(hintForError(error, ACTION_TERMS)).toMatch(hint);
  });

  it('adds the rotation warning, and gives nothing for cancellation or foreign errors', () => {
    const plain = new OmniHttpError({ ...at, method: 'PUT', status: 503 });
    const error = withOutcome(plain, { attempts: 2, uncertainOutcome: ROTATION_UNCERTAIN_MESSAGE });
    expect(error).toBeInstanceOf(OmniHttpError);
    expect(error).toMatchObject({ status: 503, attempts: 2, isOutcomeUncertain: true });
    expect(plain).toMatchObject({ attempts: 1, isOutcomeUncertain: false });
    expect(error.message.split(ROTATION_UNCERTAIN_MESSAGE)).toHaveLength(2);
    expect(hintForError(error, ACTION_TERMS)).toContain(ROTATION_UNCERTAIN_MESSAGE);
    expect(hintForError(new OmniCancelledError({ ...at, wasSent: true }), ACTION_TERMS)).toBeUndefined();
    expect(hintForError(new Error('x'), ACTION_TERMS)).toBeUndefined();
  });

  it('names method, path, status and detail in the message', () => {
    const error = new OmniHttpError({
      ...at,
      status: 404,
      statusText: 'Not Found',
      detail: 'Connection not found',
    });
    expect(error.message).toBe(
      'GET /v1/connections/abc/dbt: Omni answered HTTP 404 Not Found: Connection not found',
    );
    expect(error.name).toBe('OmniHttpError');
  });
});

describe('hintForError for a 404, by what the path names', () => {
  const MODEL = '/v1/models/2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f';
  it.each([
    [
      'GET',
      '/v1/connections/abc/dbt',
      /^No such connection on this Omni instance: check the connection id and OMNI_URL\.$/,
    ],
    ['GET', '/v1/connections/abc/dbt/environments', /^No such connection on this Omni instance/],
    ['GET', '/v1/connections/abc/schedules', /^No such connection on this Omni instance/],
    [
      'DELETE',
      '/v1/connections/abc/schedules/s1',
      /^No such connection or schema refresh schedule.*re-run to plan again/,
    ],
    [
      'GET',
      '/v1/models',
      /^No such model on this Omni instance.*omniModel, omniModels or exposures\.models.*OMNI_URL/,
    ],
    ['POST', `${MODEL}/refresh`, /^No such model on this Omni instance/],
    ['GET', `${MODEL}/content-validator`, /^No such model on this Omni instance/],
    [
      'DELETE',
      `${MODEL}/branch/feature%2Fx`,
      /^No such model or branch.*preview\.omniModel.*preview\.omniBranch.*OMNI_URL/,
    ],
    ['POST', `${MODEL}/branch/pr-1/dbt`, /^No such model or branch on this Omni instance/],
    [
      'GET',
      '/v1/jobs/j1/status',
      /^Omni knows no such schema refresh job any more: re-run to start a new refresh\.$/,
    ],
  ] as const)('%s %s', (method, path, hint) => {
    expect(hintForError(new OmniHttpError({ method, path, status: 404 }), CLI_TERMS)).toMatch(hint);
  });
});

describe('hintForError for the models family’s own errors', () => {
  it('says what a list that cannot be read whole means', () => {
    const error = new OmniListError({
      ...at,
      reason: 'page 2 of the branches gives a cursor an earlier page gave',
    });
    expect(error.message).toBe(
      "GET /v1/connections/abc/dbt: Omni's list cannot be read whole: page 2 of the branches gives a cursor an earlier page gave",
    );
    expect(hintForError(error, ACTION_TERMS)).toBe(
      'Nothing was done on the strength of that answer: re-run the job; if it persists, report it to Omni support (its API may have changed).',
    );
  });

  it.each([
    [false, /has no branch-based schema refresh in Omni/],
    [true, /refreshes its schema per branch in Omni/],
  ])('a branch_id refusal with hasBranchBasedRefresh %s', (hasBranchBasedRefresh, hint) => {
    const plain = new OmniBranchRefreshError({
      method: 'POST',
      path: '/v1/models/m/refresh',
      status: 400,
      hasBranchBasedRefresh,
    });
    const error = withOutcome(plain, { attempts: 1 });
    expect(error).toBeInstanceOf(OmniBranchRefreshError);
    expect(error).toBeInstanceOf(OmniHttpError);
    expect(error.hasBranchBasedRefresh).toBe(hasBranchBasedRefresh);
    expect(hintForError(error, ACTION_TERMS)).toMatch(hint);
  });
});

describe('hintForError in the CLI’s terms', () => {
  it.each([
    [
      new OmniHttpError({ ...at, status: 401 }),
      'OMNI_API_TOKEN is invalid or expired: create a new organization API key (or personal access token) with Connection Admin in Omni and export it as OMNI_API_TOKEN.',
    ],
    [
      new OmniHttpError({ ...at, status: 404 }),
      'No such connection on this Omni instance: check the connection id and OMNI_URL.',
    ],
    [
      new OmniHttpError({ ...at, status: 429 }),
      'Omni’s rate limit was still hit after retries: lower --max-requests-per-minute, or wait and re-run (the key may be shared with other jobs).',
    ],
    [
      new OmniHttpError({ ...at, status: 500 }),
      'Omni had a problem: re-run later; contact Omni support if it persists.',
    ],
    [
      new OmniTimeoutError({ ...at, timeoutMs: 30_000 }),
      'Omni did not answer in time: check that OMNI_URL is reachable from this machine (proxy settings included), then re-run.',
    ],
  ])('%s', (error, hint) => {
    expect(hintForError(error, CLI_TERMS)).toBe(hint);
  });
});

describe('extractErrorDetail', () => {
  it.each([
    ['{"error":"404","message":"Connection not found"}', 'Connection not found'],
    ['{"detail":"Bad id"}', 'Bad id'],
    // The models API's error body (contract/models.openapi.yaml's header).
    ['{"detail":"Model 2b4f not found","status":404}', 'Model 2b4f not found'],
    ['{"error":"Forbidden"}', 'Forbidden'],
    ['{"detail":[{"loc":["id"]}]}', '[{"loc":["id"]}]'],
    ['  upstream   timed\n out  ', 'upstream timed out'],
    ['<html><head><title>Gateway Timeout</title></head></html>', 'HTML page "Gateway Timeout"'],
    ['<p>Service <b>down</b></p>', 'Service down'],
    ['', undefined],
  ])('%j gives %j', (body, detail) => {
    expect(extractErrorDetail(body, createRedactor())).toBe(detail);
  });

  it('trims long bodies to about 300 characters', () => {
    const detail = extractErrorDetail(JSON.stringify({ message: 'x'.repeat(5000) }), createRedactor());
    expect(detail).toHaveLength(301);
    expect(detail?.endsWith('…')).toBe(true);
  });
});

describe('parseLiveDbtConfig', () => {
  const configured = {
    autogenRelationships: true,
    branch: 'main',
    dbtVersion: 'Auto',
    enableSemanticLayer: false,
    enableVirtualSchemas: false,
    projectRootPath: null,
    sshUrl: 'git@github.com:org/repo.git',
    supportsDbt: true,
  };

  it('reads both shapes of the contract', () => {
    expect(parseLiveDbtConfig(configured)).toEqual({
      ok: true,
      value: { ...configured, isConfigured: true },
    });
    expect(parseLiveDbtConfig({ message: 'dbt not configured', supportsDbt: false })).toEqual({
      ok: true,
      value: { isConfigured: false, supportsDbt: false, message: 'dbt not configured' },
    });
  });

  it.each([
    [null, /not a JSON object/],
    [[configured], /not a JSON object/],
    [{ ...configured, supportsDbt: 'yes' }, /supportsDbt/],
    [{ supportsDbt: true }, /neither/],
    [{ ...configured, branch: 3 }, /fields: branch$/],
    [{ ...configured, supportsDbt: false }, /fields: supportsDbt$/],
    [{ ...configured, dbtVersion: undefined, sshUrl: null }, /fields: sshUrl, dbtVersion$/],
  ])('rejects %j', (value, reason) => {
    const result = parseLiveDbtConfig(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('parsePutResponse', () => {
  it.each([
    [
      { message: 'ok', success: true },
      { ok: true, value: { message: 'ok' } },
    ],
    [{ success: true }, { ok: true, value: { message: '' } }],
    [
      { message: 'nope', success: false },
      { ok: false, reason: 'success: false', detail: 'nope' },
    ],
    [{ message: 'ok' }, { ok: false, reason: 'the body has no boolean success' }],
    [{ success: 'true' }, { ok: false, reason: 'the body has no boolean success' }],
  ])('%j', (value, expected) => {
    expect(parsePutResponse(value)).toEqual(expected);
  });
});

describe('findErrorCode', () => {
  it.each([
    [
      new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }),
      'ECONNRESET',
    ],
    [
      new TypeError('fetch failed', {
        cause: new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
      }),
      'ECONNREFUSED',
    ],
    [new TypeError('fetch failed'), undefined],
    ['text', undefined],
  ])('%s gives %j', (error, code) => {
    expect(findErrorCode(error)).toBe(code);
  });
});
