#!/usr/bin/env node
// Command line for the Omni sandbox: starts it, prints where it listens, logs each request to stderr.
// Usage: node sandbox/cli.js [--port 4010] [--host 127.0.0.1] [--seed file] [--rpm 60] [--latency ms] [--faults file]
//   [--env-list-shape paged|array] [--variables-omitted keep|remove] [--env-page-size 3]
//   [--env-paging keyset|repeat-cursor|no-cursor] [--other-client N,T[,R]] [--validate-shape object|array]
//   [--job-status contract|docs|lower] [--content-issues strings|objects] [--exposure-page-size 5]
//   [--model-page-size 3] [--refresh-ms 1000] [--refresh-outcome complete|fail|hang]
//   [--branch-refresh ID,ID|none] (sandbox/README.md)
import { parseArgs } from 'node:util';
import { startSandbox } from './server.js';

const USAGE =
  'Usage: node sandbox/cli.js [--port 4010] [--host 127.0.0.1] [--seed file.json] [--rpm 60] ' +
  '[--latency ms] [--faults file.json] [--token sandbox-token] [--env-list-shape paged|array] ' +
  '[--variables-omitted keep|remove] [--env-page-size 3] [--env-paging keyset|repeat-cursor|no-cursor] ' +
  '[--other-client N,T[,R]] ' +
  '[--validate-shape object|array] [--job-status contract|docs|lower] [--content-issues strings|objects] ' +
  '[--exposure-page-size 5] [--model-page-size 3] [--refresh-ms 1000] [--refresh-outcome complete|fail|hang] ' +
  '[--branch-refresh ID,ID|none]';

/**
 * @template {string} T
 * @param {string | undefined} value @param {string} name @param {readonly T[]} allowed
 * @returns {T | undefined}
 */
function readChoice(value, name, allowed) {
  if (value === undefined) return undefined;
  if (!allowed.includes(/** @type {T} */ (value))) {
    throw new Error(`--${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return /** @type {T} */ (value);
}

/**
 * `--other-client 55,50` (55 requests 50 s ago) or `60,30,20` (and 20 a minute from now on).
 * @param {string | undefined} value
 */
function readOtherClient(value) {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((part) => readNumber(part.trim(), 'other-client', 0));
  if (parts.length < 2 || parts.length > 3) {
    throw new Error(`--other-client takes N,T[,R] (requests, seconds ago, per minute after), got "${value}"`);
  }
  const [requests = 0, agoSeconds = 0, perMinute = 0] = parts;
  return { requests, agoMs: agoSeconds * 1000, perMinute };
}

/**
 * `--branch-refresh 550e8400-…,7c9e6679-…`: the connections with branch-based schema refresh on (instead of
 * the seed's); `none` for none.
 * @param {string | undefined} value
 */
function readConnectionList(value) {
  if (value === undefined) return undefined;
  if (value === 'none') return [];
  return value.split(',').map((id) => id.trim());
}

/** @param {string | undefined} value @param {string} name */
function readOptionalNumber(value, name) {
  return value === undefined ? undefined : readNumber(value, name, 0);
}

/** @param {string | undefined} value @param {string} name @param {number} fallback */
function readNumber(value, name, fallback) {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0)
    throw new Error(`--${name} must be a number ≥ 0, got "${value}"`);
  return number;
}

async function runCli() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      rpm: { type: 'string' },
      latency: { type: 'string' },
      faults: { type: 'string' },
      token: { type: 'string' },
      'env-list-shape': { type: 'string' },
      'variables-omitted': { type: 'string' },
      'env-page-size': { type: 'string' },
      'env-paging': { type: 'string' },
      'other-client': { type: 'string' },
      'validate-shape': { type: 'string' },
      'job-status': { type: 'string' },
      'content-issues': { type: 'string' },
      'exposure-page-size': { type: 'string' },
      'model-page-size': { type: 'string' },
      'refresh-ms': { type: 'string' },
      'refresh-outcome': { type: 'string' },
      'branch-refresh': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const token = values.token ?? 'sandbox-token';
  const faultScript = values.faults ?? process.env.OMNI_SANDBOX_FAULTS;
  const sandbox = await startSandbox({
    host: values.host ?? '127.0.0.1',
    port: readNumber(values.port, 'port', 4010),
    seed: values.seed,
    tokens: [token],
    requestsPerMinute: readNumber(values.rpm, 'rpm', 60),
    latencyMs: readNumber(values.latency, 'latency', 0),
    faultScript: faultScript || undefined,
    environmentListShape: readChoice(
      values['env-list-shape'],
      'env-list-shape',
      /** @type {const} */ (['paged', 'array']),
    ),
    variablesOmittedOnUpdate: readChoice(
      values['variables-omitted'],
      'variables-omitted',
      /** @type {const} */ (['keep', 'remove']),
    ),
    environmentPageSize:
      values['env-page-size'] === undefined
        ? undefined
        : readNumber(values['env-page-size'], 'env-page-size', 3),
    environmentPaging: readChoice(
      values['env-paging'],
      'env-paging',
      /** @type {const} */ (['keyset', 'repeat-cursor', 'no-cursor']),
    ),
    otherClient: readOtherClient(values['other-client']),
    modelValidationShape: readChoice(
      values['validate-shape'],
      'validate-shape',
      /** @type {const} */ (['object', 'array']),
    ),
    jobStatusSpelling: readChoice(
      values['job-status'],
      'job-status',
      /** @type {const} */ (['contract', 'docs', 'lower']),
    ),
    contentIssueShape: readChoice(
      values['content-issues'],
      'content-issues',
      /** @type {const} */ (['strings', 'objects']),
    ),
    exposurePageSize: readOptionalNumber(values['exposure-page-size'], 'exposure-page-size'),
    modelPageSize: readOptionalNumber(values['model-page-size'], 'model-page-size'),
    refreshDurationMs: readOptionalNumber(values['refresh-ms'], 'refresh-ms'),
    refreshOutcome: readChoice(
      values['refresh-outcome'],
      'refresh-outcome',
      /** @type {const} */ (['complete', 'fail', 'hang']),
    ),
    branchSchemaRefresh: readConnectionList(values['branch-refresh']),
    // A long-running sandbox reports its own contract slips as they happen rather than at exit.
    assertResponses: false,
    log: true,
  });
  process.stdout.write(`Omni sandbox listening on ${sandbox.url} (token: ${token})\n`);
  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

runCli().catch((error) => {
  process.stderr.write(`omni sandbox: ${error instanceof Error ? error.message : error}\n${USAGE}\n`);
  process.exit(1);
});
