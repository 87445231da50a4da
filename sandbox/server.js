// A local Omni sandbox on loopback: in-memory state, a per-token rate limit, a token check, a request log and
// scripted faults, in front of one module per endpoint family (as src/core/omni/ has them): settings.js (the
// dbt settings), environments.js, branches.js (a branch's dbt environment), models.js (the model world of
// model-world.js) and schedules.js, each validating against its contract/ document.
// Plain JavaScript (ESM + JSDoc) so `npm run demo` can start it with `node` alone.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, STATUS_CODES } from 'node:http';
import { createBranchService } from './branches.js';
import { createEnvironmentService } from './environments.js';
import { errorBody, normalizeId } from './family.js';
import { parseLoggedBody, readBody } from './http-body.js';
import { createModelWorld } from './model-world.js';
import { createModelService } from './models.js';
import { createScheduleService } from './schedules.js';
import { createSettingsService } from './settings.js';

const DEFAULT_SEED_URL = new URL('./seed.json', import.meta.url);
const SCRIPT_METHODS = ['GET', 'PUT', 'DELETE', 'POST'];
export const SCRIPT_ROUTES = [
  'dbt',
  'environments',
  'branch',
  'models',
  'refresh',
  'jobs',
  'validate',
  'content-validator',
  'dbt-exposures',
  'schedules',
  'any',
];
const MALFORMED_KINDS = ['html', 'empty', 'truncated-json', 'wrong-shape'];
const ANSWERING_FAULTS = ['status', 'reset', 'malformed', 'successFalse', 'hang'];

/**
 * @typedef {import('./settings.js').ConnectionState} ConnectionState
 *
 * @typedef {{ connections: Record<string, ConnectionState>, schedules?: Record<string, import('./schedules.js').SeedSchedule[]> }
 *   & import('./model-world.js').ModelWorldSeed} Seed
 *
 * @typedef {object} RequestLogEntry
 * @property {string} method
 * @property {string} path the request target as received (path and query)
 * @property {string | null} connectionId as written in the path, null off the connection routes
 * @property {string | null} modelId as written in the path, null off the model routes
 * @property {ScriptRoute | null} route which route the path matched, null for none
 * @property {number} status 0 while in flight, and for a reset or hung request
 * @property {unknown} body the request body: parsed JSON, raw text when not JSON, null when empty
 * @property {'valid' | 'invalid' | 'missing'} authorization never the token itself
 * @property {number} startedAt
 * @property {number | null} endedAt null while in flight or hung
 * @property {string} [faulted] which scripted fault shaped the answer, e.g. "status:503", "reset"
 * @property {string} [echoed] with an `echo` fault: the text the answer quoted (prefix, body, headers),
 *   its bearer token replaced by as many `*`
 *
 * @typedef {'dbt' | 'environments' | 'branch' | 'models' | 'refresh' | 'jobs' | 'validate' | 'content-validator'
 *   | 'dbt-exposures' | 'schedules'} ScriptRoute
 * @typedef {object} ScriptMatcher
 * @property {'GET' | 'PUT' | 'DELETE' | 'POST'} [method]
 * @property {string} [connectionId]
 * @property {string} [modelId]
 * @property {ScriptRoute | 'any'} [route] default 'dbt': .../dbt only, as before the other routes existed;
 *   'environments' is the list, create, update and delete of environments; sandbox/README.md lists the rest
 * @typedef {'html' | 'empty' | 'truncated-json' | 'wrong-shape'} MalformedKind
 * @typedef {object} FaultStep
 * @property {number} [delayMs] wait before answering (alone: then serve normally)
 * @property {number} [status] answer this status without applying
 * @property {string | object} [body] with status: the body (default an Error JSON)
 * @property {Record<string, string>} [headers] with status: extra response headers
 * @property {true | 'text'} [echo] with status: quote the request back, as APIs that echo what they refused
 *   do: `echoPrefix`, the raw body, then the request headers as JSON (the Authorization header included),
 *   in an Error JSON's `message` (true) or as a text/plain body ('text')
 * @property {string} [echoPrefix] with echo: text put before the quote, to move it against a cut
 * @property {true} [reset] destroy the socket without answering
 * @property {MalformedKind} [malformed] 200 with a body that breaks the contract
 * @property {true} [successFalse] 200 `{ message, success: false }` without applying
 * @property {true} [hang] never answer (close() ends it)
 * @property {FaultStep} [applyThen] apply the request, then answer with this fault instead
 * @typedef {'pass' | FaultStep} ScriptStep
 * @typedef {{ match?: ScriptMatcher, steps: ScriptStep[] }} FaultScriptEntry
 *
 * @typedef {object} SandboxOptions
 * @property {string} [host] default 127.0.0.1
 * @property {number} [port] default 0 (any free port)
 * @property {Seed | string} [seed] state object, or path of a JSON file; default sandbox/seed.json
 * @property {string[]} [tokens] valid bearer tokens; default ['sandbox-token']
 * @property {string[]} [readOnlyTokens] valid tokens without Connection Admin: 403 on PUT/DELETE
 * @property {number} [requestsPerMinute] default 60 (Omni's published limit)
 * @property {number} [rateWindowMs] default 60000
 * @property {boolean} [sendRetryAfter] add Retry-After to the sandbox's own 429s; default false (Omni documents none)
 * @property {number} [latencyMs] delay added to every response; default 0
 * @property {boolean | ((line: string) => void)} [log] true: one line per request to stderr
 * @property {FaultScriptEntry[] | string} [faultScript] scripts to install at start, or a JSON file path
 * @property {boolean} [assertResponses] default true: close() rejects if the sandbox answered off-contract
 * @property {() => number} [now] clock, default Date.now
 * @property {'paged' | 'array'} [environmentListShape] default 'paged' ({ pageInfo, records }, the CLI's
 *   contract); 'array' answers a plain array, as docs.omni.co shows
 * @property {'keep' | 'remove'} [variablesOmittedOnUpdate] default 'keep': what an environment PUT does to
 *   the stored variables its body leaves out (Omni's sources do not say)
 * @property {number} [environmentPageSize] default 3: the page size when the request names none, and the
 *   most the sandbox answers per page whatever it names (Omni's default is 20)
 * @property {'keyset' | 'repeat-cursor' | 'no-cursor'} [environmentPaging] default 'keyset' (the contract's);
 *   'repeat-cursor': every page after the first gives back the cursor it was asked with; 'no-cursor':
 *   `hasNextPage: true` with `nextCursor: null`
 * @property {OtherClient} [otherClient] another client of the same key (every valid token's budget)
 * @property {'object' | 'array'} [modelValidationShape] default 'object' (the contract's); 'array' as docs.omni.co
 * @property {'contract' | 'docs' | 'lower'} [jobStatusSpelling] default 'contract' (IN_PROGRESS, REFRESH_SCHEMA);
 *   'docs' RUNNING and refresh_schema; 'lower' running and refresh_schema
 * @property {'strings' | 'objects'} [contentIssueShape] default 'strings' (docs.omni.co's example); 'objects'
 *   answers `{ message }`
 * @property {number} [exposurePageSize] default 5: the most dbt exposures a page answers (Omni's default is 20)
 * @property {number} [modelPageSize] default 3: the most models a List models page answers
 * @property {number} [refreshDurationMs] default 1000: how long a refresh job runs
 * @property {'complete' | 'fail' | 'hang'} [refreshOutcome] default 'complete': how refresh jobs end
 * @property {string[]} [branchSchemaRefresh] connections with branch-based schema refresh on, instead of the
 *   seed's `branchSchemaRefresh`
 *
 * @typedef {object} OtherClient
 * @property {number} requests requests it made `agoMs` before now, all counted against the key
 * @property {number} [agoMs] default 0
 * @property {number} [perMinute] a steady rate it keeps from now on (counted when the window has room); default 0
 *
 * @typedef {object} Sandbox
 * @property {string} url e.g. http://127.0.0.1:4010 (without /api)
 * @property {number} port
 * @property {RequestLogEntry[]} requests live log, in arrival order
 * @property {string[]} violations responses of the sandbox itself that broke the contract (a sandbox bug)
 * @property {() => Promise<void>} close ends every socket, hung ones included
 * @property {(seed?: Seed | string) => void} reset restores the seed (or the one given), the rate limit and latency
 *   of the options; clears log, scripts and rate windows
 * @property {(id: string) => ConnectionState | undefined} getConnection a copy of the stored state
 * @property {(id: string, state: ConnectionState) => void} setConnection
 * @property {(matcher: ScriptMatcher, steps: ScriptStep[]) => void} script
 * @property {() => number} countPendingSteps scripted steps not consumed yet
 * @property {(ms: number) => void} setLatency
 * @property {(perMinute: number, windowMs?: number) => void} setRateLimit
 * @property {(connectionId: string) => import('./environments.js').StoredEnvironment[]} getEnvironments
 *   stored values, secrets included ([] when none)
 * @property {(connectionId: string, environments: import('./environments.js').SeedEnvironment[]) => void} setEnvironments
 * @property {(modelId: string) => import('./model-world.js').ModelState | undefined} getModel
 * @property {(modelId: string, model: import('./model-world.js').SeedModel) => void} setModel
 * @property {(modelId: string, branchName: string) => import('./model-world.js').BranchBinding | undefined} getBranch
 *   a live branch's dbt environment
 * @property {(modelId: string) => import('./model-world.js').StoredBranch[]} getBranches every branch, deleted
 *   ones included, with id and what it sees (`snapshot`, null before its first refresh)
 * @property {(modelId: string, branchName?: string) => import('./model-world.js').Snapshot | undefined} getSnapshot
 *   the tables the shared model (or its live branch) sees now
 * @property {() => import('./model-world.js').Warehouse} getWarehouse
 * @property {(warehouse: import('./model-world.js').Warehouse) => void} setWarehouse
 * @property {(schema: string, table: string, columns: string[] | null) => void} setTable one table, or null to drop it
 * @property {() => import('./model-world.js').SandboxDocument[]} getDocuments
 * @property {(documents: import('./model-world.js').SandboxDocument[]) => void} setDocuments
 * @property {() => import('./model-world.js').RefreshJob[]} getJobs
 * @property {(jobId: string, state: 'completed' | 'failed') => void} setJobState ends a job now, a hanging one too
 * @property {(connectionId: string) => import('./schedules.js').StoredSchedule[]} getSchedules
 * @property {(connectionId: string, schedules: import('./schedules.js').SeedSchedule[]) => void} setSchedules
 * @property {(connectionId: string, isOn: boolean) => void} setBranchSchemaRefresh until reset()
 * @property {(shape: 'object' | 'array') => void} setModelValidationShape until reset()
 * @property {(spelling: 'contract' | 'docs' | 'lower') => void} setJobStatusSpelling until reset()
 * @property {(shape: 'strings' | 'objects') => void} setContentIssueShape until reset()
 * @property {(size: number) => void} setExposurePageSize until reset()
 * @property {(size: number) => void} setModelPageSize until reset()
 * @property {(ms: number) => void} setRefreshDuration until reset()
 * @property {(outcome: 'complete' | 'fail' | 'hang') => void} setRefreshOutcome until reset()
 * @property {(shape: 'paged' | 'array') => void} setEnvironmentListShape until reset()
 * @property {(mode: 'keep' | 'remove') => void} setVariablesOmittedOnUpdate until reset()
 * @property {(size: number) => void} setEnvironmentPageSize until reset()
 * @property {(paging: 'keyset' | 'repeat-cursor' | 'no-cursor') => void} setEnvironmentPaging until reset()
 * @property {(client: OtherClient | null) => void} setOtherClient starts (or, with null, stops) another client of the key
 * @property {number[]} otherClientRequests times of the other client's requests that the window counted
 */

/** @param {Seed | string | URL} seed @returns {Seed} */
function readSeed(seed) {
  const value =
    typeof seed === 'string' || seed instanceof URL ? JSON.parse(readFileSync(seed, 'utf8')) : seed;
  if (!value || typeof value !== 'object' || typeof value.connections !== 'object') {
    throw new Error('sandbox seed must be an object with a "connections" map keyed by connection id');
  }
  return value;
}

/** @param {ScriptStep} step @param {boolean} isNested */
function assertValidStep(step, isNested = false) {
  if (step === 'pass' && !isNested) return;
  if (!step || typeof step !== 'object') throw new Error(`sandbox script step must be 'pass' or an object`);
  const faults = [...ANSWERING_FAULTS, 'applyThen'].filter((k) => k in step);
  if (faults.length > 1) throw new Error(`sandbox script step combines ${faults.join(' and ')}; use one`);
  if (isNested && faults.length !== 1) throw new Error('applyThen needs one answering fault');
  if (isNested && 'applyThen' in step) throw new Error('applyThen cannot nest');
  if ('delayMs' in step && !(typeof step.delayMs === 'number' && step.delayMs >= 0)) {
    throw new Error('delayMs must be a number ≥ 0');
  }
  if (('body' in step || 'headers' in step || 'echo' in step) && !('status' in step))
    throw new Error('body/headers/echo need a status');
  if ('echo' in step && 'body' in step) throw new Error('echo makes the body; give one or the other');
  if ('echo' in step && step.echo !== true && step.echo !== 'text')
    throw new Error("echo must be true or 'text'");
  if ('echoPrefix' in step && !('echo' in step)) throw new Error('echoPrefix needs echo');
  if ('status' in step && !(Number.isInteger(step.status) && Number(step.status) >= 100)) {
    throw new Error('status must be an HTTP status code');
  }
  if ('malformed' in step && !MALFORMED_KINDS.includes(String(step.malformed))) {
    throw new Error(`malformed must be one of ${MALFORMED_KINDS.join(', ')}`);
  }
  if (faults.length === 0 && !('delayMs' in step)) throw new Error('sandbox script step has no fault');
  if (step.applyThen) assertValidStep(step.applyThen, true);
}

/** @param {FaultStep} step @returns {string} */
function describeStep(step) {
  const parts = [];
  if (step.delayMs !== undefined) parts.push(`delay:${step.delayMs}`);
  if (step.status !== undefined) parts.push(`status:${step.status}`);
  if (step.echo !== undefined) parts.push('echo');
  if (step.reset) parts.push('reset');
  if (step.malformed) parts.push(`malformed:${step.malformed}`);
  if (step.successFalse) parts.push('successFalse');
  if (step.hang) parts.push('hang');
  if (step.applyThen) parts.push(`applyThen:${describeStep(step.applyThen)}`);
  return parts.join('+');
}

/** @param {string | undefined} header */
function parseBearer(header) {
  const match = /^Bearer\s+(\S.*)$/i.exec(header ?? '');
  return match ? match[1]?.trim() : undefined;
}

/** @param {FaultScriptEntry[] | string} script @returns {FaultScriptEntry[]} */
function readFaultScript(script) {
  const entries = typeof script === 'string' ? JSON.parse(readFileSync(script, 'utf8')) : script;
  if (!Array.isArray(entries)) throw new Error('fault script must be an array of { match, steps }');
  return entries;
}

/**
 * Starts the sandbox on loopback.
 * @param {SandboxOptions} [options]
 * @returns {Promise<Sandbox>}
 */
export async function startSandbox(options = {}) {
  const {
    host = '127.0.0.1',
    port = 0,
    tokens = ['sandbox-token'],
    readOnlyTokens = [],
    sendRetryAfter = false,
    assertResponses = true,
    now = Date.now,
  } = options;
  const validTokens = new Set([...tokens, ...readOnlyTokens]);
  const readOnly = new Set(readOnlyTokens);
  /** @type {(line: string) => void} */
  const writeLog =
    typeof options.log === 'function'
      ? options.log
      : options.log
        ? (line) => process.stderr.write(`${line}\n`)
        : () => {};

  let seed = readSeed(options.seed ?? DEFAULT_SEED_URL);
  let requestsPerMinute = options.requestsPerMinute ?? 60;
  let rateWindowMs = options.rateWindowMs ?? 60_000;
  let latencyMs = options.latencyMs ?? 0;
  let isClosed = false;
  /** @type {string} known once the server listens */
  let baseUrl = '';
  const settings = createSettingsService({
    onFirstConfigured: (connectionId) => environments.createDefaultEnvironment(connectionId),
  });
  const environments = createEnvironmentService({
    getConnectionState: (id) => settings.getConnectionState(id),
    listShape: options.environmentListShape,
    variablesOmittedOnUpdate: options.variablesOmittedOnUpdate,
    pageSize: options.environmentPageSize,
    paging: options.environmentPaging,
  });
  const world = createModelWorld({
    now,
    getEnvironment: (id) => environments.findEnvironment(id)?.environment,
    getBaseUrl: () => baseUrl,
    refreshDurationMs: options.refreshDurationMs,
    refreshOutcome: options.refreshOutcome,
    branchSchemaRefresh: options.branchSchemaRefresh,
  });
  const branches = createBranchService({ world, findEnvironment: environments.findEnvironment });
  const models = createModelService({
    world,
    getConnectionState: (id) => settings.getConnectionState(id),
    modelValidationShape: options.modelValidationShape,
    jobStatusSpelling: options.jobStatusSpelling,
    contentIssueShape: options.contentIssueShape,
    exposurePageSize: options.exposurePageSize,
    modelPageSize: options.modelPageSize,
  });
  const schedules = createScheduleService({
    getConnectionState: (id) => settings.getConnectionState(id),
    now,
  });
  /** @type {import('./family.js').Family[]} in the order their routes are tried */
  const families = [settings, environments, branches, models, schedules];
  /** @type {Map<string, number[]>} the accepted requests' times per rate-limit key */
  const rateWindows = new Map();
  /** @type {{ matcher: ScriptMatcher, steps: ScriptStep[] }[]} */
  let scripts = [];
  /** @type {RequestLogEntry[]} */
  const requests = [];
  /** @type {string[]} */
  const violations = [];
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  /** @type {Set<{ timer: NodeJS.Timeout, resolve: () => void }>} */
  const sleepers = new Set();

  /** @param {Seed} value */
  const loadState = (value) => {
    settings.load(value);
    environments.load(value);
    world.load(value);
    schedules.load(value);
    models.resetSwitches();
  };
  loadState(seed);

  /** @param {ScriptMatcher} matcher @param {ScriptStep[]} steps */
  const addScript = (matcher, steps) => {
    if (matcher.method && !SCRIPT_METHODS.includes(matcher.method))
      throw new Error(`unknown method ${matcher.method}`);
    if (matcher.route && !SCRIPT_ROUTES.includes(matcher.route)) {
      throw new Error(`unknown route ${matcher.route}; use one of ${SCRIPT_ROUTES.join(', ')}`);
    }
    for (const step of steps) assertValidStep(step);
    scripts.push({ matcher: { ...matcher }, steps: [...steps] });
  };
  for (const entry of options.faultScript ? readFaultScript(options.faultScript) : []) {
    addScript(entry.match ?? {}, entry.steps);
  }

  /**
   * @param {string} method @param {import('./family.js').RouteMatch} match
   * @returns {ScriptStep | undefined}
   */
  const takeStep = (method, match) => {
    /** @param {string | undefined} wanted @param {string | null | undefined} actual */
    const isSameId = (wanted, actual) =>
      !wanted || (typeof actual === 'string' && normalizeId(wanted) === normalizeId(actual));
    for (const script of scripts) {
      const { matcher } = script;
      if (script.steps.length === 0) continue;
      if ((matcher.route ?? 'dbt') !== 'any' && (matcher.route ?? 'dbt') !== match.route) continue;
      if (matcher.method && matcher.method !== method) continue;
      if (!isSameId(matcher.connectionId, match.connectionId)) continue;
      if (!isSameId(matcher.modelId, match.modelId)) continue;
      return script.steps.shift();
    }
    return undefined;
  };

  /** @param {number} ms @returns {Promise<void>} */
  const sleep = (ms) =>
    ms <= 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          const sleeper = { timer: setTimeout(() => done(), ms), resolve: () => done() };
          const done = () => {
            clearTimeout(sleeper.timer);
            sleepers.delete(sleeper);
            resolve();
          };
          sleepers.add(sleeper);
        });

  /**
   * Sliding log per key (Omni: 60 requests/minute per key, contract header). Rejected requests do not
   * count, so a client that waits gets through once the oldest accepted request leaves the window.
   * @param {string} key
   * @returns {{ isAllowed: true } | { isAllowed: false, retryAfterMs: number }}
   */
  const takeRateSlot = (key) => {
    const at = now();
    const times = (rateWindows.get(key) ?? []).filter((t) => t > at - rateWindowMs);
    rateWindows.set(key, times);
    if (times.length >= requestsPerMinute) {
      return { isAllowed: false, retryAfterMs: (times[0] ?? at) + rateWindowMs - at };
    }
    times.push(at);
    return { isAllowed: true };
  };

  // Another client of the same key (a second workflow, a script): its requests fill the same windows.
  /** @type {number[]} */
  const otherClientRequests = [];
  /** @type {NodeJS.Timeout | undefined} */
  let otherClientTimer;
  /** @param {OtherClient | null} client */
  const setOtherClient = (client) => {
    clearInterval(otherClientTimer);
    otherClientTimer = undefined;
    otherClientRequests.length = 0;
    if (client === null) return;
    const keys = [...validTokens].map((t) => `token:${createHash('sha256').update(t).digest('hex')}`);
    const at = now() - (client.agoMs ?? 0);
    for (const key of keys) {
      const times = rateWindows.get(key) ?? [];
      for (let i = 0; i < client.requests; i += 1) times.push(at);
      rateWindows.set(
        key,
        times.sort((a, b) => a - b),
      );
    }
    for (let i = 0; i < client.requests; i += 1) otherClientRequests.push(at);
    if ((client.perMinute ?? 0) > 0) {
      otherClientTimer = setInterval(() => {
        const accepted = keys.map((key) => takeRateSlot(key).isAllowed);
        if (accepted.some(Boolean)) otherClientRequests.push(now());
      }, 60_000 / Number(client.perMinute));
      otherClientTimer.unref();
    }
  };
  if (options.otherClient) setOtherClient(options.otherClient);

  /**
   * @param {import('node:http').ServerResponse} res
   * @param {number} status
   * @param {string} text
   * @param {Record<string, string>} headers
   */
  const sendRaw = (res, status, text, headers) => {
    if (res.destroyed || isClosed) return;
    res.writeHead(status, { 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };
  /** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
  const sendJson = (res, status, body, headers = {}) =>
    sendRaw(res, status, JSON.stringify(body), {
      'content-type': 'application/json; charset=utf-8',
      ...headers,
    });

  /**
   * Answers with a scripted fault; returns the status written (0 when none).
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {FaultStep} fault
   * @param {string} method
   * @param {string | null} connectionId
   * @param {RequestLogEntry} entry
   * @param {string} rawBody
   */
  const answerFault = (req, res, fault, method, connectionId, entry, rawBody) => {
    if (fault.reset) {
      // A TCP RST where the platform offers it, as a dropped connection looks to the client.
      const socket = req.socket;
      if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
      else socket.destroy();
      return 0;
    }
    if (fault.hang) return 0;
    if (fault.status !== undefined) {
      const headers = Object.fromEntries(
        Object.entries(fault.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
      );
      if (fault.echo !== undefined) {
        const echoed = `${fault.echoPrefix ?? ''}${rawBody} ${JSON.stringify(req.headers)}`;
        // The log never holds a token: masked with as many `*`, so positions in it stay true.
        const token = parseBearer(req.headers.authorization);
        entry.echoed = token ? echoed.split(token).join('*'.repeat(token.length)) : echoed;
        if (fault.echo === 'text') {
          sendRaw(res, fault.status, echoed, { 'content-type': 'text/plain; charset=utf-8', ...headers });
        } else {
          sendJson(res, fault.status, errorBody(fault.status, echoed), headers);
        }
      } else if (typeof fault.body === 'string') {
        sendRaw(res, fault.status, fault.body, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      } else {
        const body = fault.body ?? errorBody(fault.status, STATUS_CODES[fault.status] ?? 'Error');
        sendJson(res, fault.status, body, headers);
      }
      return fault.status;
    }
    if (fault.successFalse) {
      sendJson(res, 200, { message: 'dbt configuration could not be updated', success: false });
      return 200;
    }
    const json = { 'content-type': 'application/json; charset=utf-8' };
    if (fault.malformed === 'html') {
      const html =
        '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';
      sendRaw(res, 200, html, { 'content-type': 'text/html; charset=utf-8' });
    } else if (fault.malformed === 'empty') {
      sendRaw(res, 200, '', json);
    } else if (fault.malformed === 'truncated-json') {
      const whole = JSON.stringify(settings.renderWhole(method, connectionId));
      sendRaw(res, 200, whole.slice(0, Math.ceil(whole.length / 2)), json);
    } else {
      sendJson(res, 200, { ok: true });
    }
    return 200;
  };

  /**
   * Checks the sandbox's own answer against the contract; an off-contract answer is a sandbox bug,
   * so it becomes a 500 that names the problem, and close() reports it.
   * @param {string} method @param {{ status: number, body: unknown }} answer
   * @param {{ isValid: boolean, message?: string }} check the family's verdict on it
   */
  const assertConforms = (method, answer, check) => {
    if (check.isValid) return answer;
    const message = `sandbox ${method} answered ${answer.status} off-contract: ${check.message}`;
    violations.push(message);
    process.stderr.write(`${message}\n`);
    return { status: 500, body: errorBody(500, message) };
  };

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  const handleRequest = async (req, res) => {
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const token = parseBearer(req.headers.authorization);
    const hasToken = token !== undefined;
    const isValidToken = hasToken && validTokens.has(token);
    /** @type {RequestLogEntry} */
    const entry = {
      method,
      path: target,
      connectionId: null,
      modelId: null,
      route: null,
      status: 0,
      body: null,
      authorization: isValidToken ? 'valid' : hasToken ? 'invalid' : 'missing',
      startedAt: now(),
      endedAt: null,
    };
    requests.push(entry);
    const rawBody = await readBody(req);
    entry.body = parseLoggedBody(rawBody);
    const requestUrl = new URL(target, 'http://sandbox.invalid');
    const pathname = requestUrl.pathname;
    /** @type {{ family: import('./family.js').Family, match: import('./family.js').RouteMatch } | undefined} */
    let found;
    for (const family of families) {
      const match = family.matchRoute(pathname);
      if (match) {
        found = { family, match };
        break;
      }
    }
    const route = /** @type {ScriptRoute | null} */ (found?.match.route ?? null);
    const connectionId = found?.match.connectionId ?? null;
    entry.connectionId = connectionId;
    entry.modelId = found?.match.modelId ?? null;
    entry.route = route;

    /** @param {number} status 0 when nothing was answered @param {FaultStep} [fault] */
    const finish = (status, fault) => {
      entry.status = status;
      entry.endedAt = fault?.hang ? null : now();
      writeLog(`${method} ${target} ${status || (fault?.hang ? 'hang' : 'reset')}`);
    };

    const isKnownMethod = found?.family.listMethods(found.match).includes(method) === true;
    const scripted = found && isKnownMethod ? takeStep(method, found.match) : undefined;
    const step = scripted === 'pass' ? undefined : scripted;
    if (step) entry.faulted = describeStep(step);
    await sleep(latencyMs + (step?.delayMs ?? 0));
    if (isClosed) return;
    if (step && ANSWERING_FAULTS.some((k) => k in step)) {
      finish(answerFault(req, res, step, method, connectionId, entry, rawBody), step);
      return;
    }

    /** @type {{ status: number, body: unknown, headers?: Record<string, string> }} */
    let answer;
    // Omni counts requests per key before it looks at them; without a token the caller's address is the key.
    const rateKey = hasToken
      ? `token:${createHash('sha256').update(token).digest('hex')}`
      : `addr:${req.socket.remoteAddress}`;
    const slot = takeRateSlot(rateKey);
    if (!slot.isAllowed) {
      const headers = sendRetryAfter
        ? { 'retry-after': String(Math.ceil(slot.retryAfterMs / 1000)) }
        : undefined;
      answer = { status: 429, body: errorBody(429, 'Too many requests'), headers };
    } else if (!hasToken) {
      answer = {
        status: 401,
        body: errorBody(401, 'Authentication required: send Authorization: Bearer <token>'),
      };
    } else if (!isValidToken) {
      answer = { status: 401, body: errorBody(401, 'Invalid API key') };
    } else if (!found) {
      answer = { status: 404, body: errorBody(404, `No route for ${method} ${pathname}`) };
    } else {
      answer = found.family.handle(method, found.match, {
        rawBody,
        contentType: req.headers['content-type'],
        query: requestUrl.searchParams,
        isReadOnly: readOnly.has(token),
      });
    }

    if (step?.applyThen) {
      finish(answerFault(req, res, step.applyThen, method, connectionId, entry, rawBody), step.applyThen);
      return;
    }
    if (found && isKnownMethod) {
      answer = assertConforms(method, answer, found.family.checkAnswer(method, found.match, answer));
    }
    sendJson(res, answer.status, answer.body, answer.headers);
    finish(answer.status);
  };

  const server = createServer((req, res) => {
    handleRequest(req, res).catch((error) => {
      const message = `sandbox failed on ${req.method} ${req.url}: ${error instanceof Error ? error.message : error}`;
      violations.push(message);
      process.stderr.write(`${message}\n`);
      sendJson(res, 500, errorBody(500, message));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${urlHost}:${address.port}`;

  return {
    url: baseUrl,
    port: address.port,
    requests,
    violations,
    async close() {
      if (!isClosed) {
        isClosed = true;
        clearInterval(otherClientTimer);
        for (const sleeper of [...sleepers]) sleeper.resolve();
        const closing = new Promise((resolve) => server.close(() => resolve(undefined)));
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        await closing;
      }
      if (assertResponses && violations.length > 0) {
        throw new Error(`Omni sandbox broke its own contract:\n${violations.join('\n')}`);
      }
    },
    reset(newSeed) {
      if (newSeed !== undefined) seed = readSeed(newSeed);
      loadState(seed);
      scripts = [];
      rateWindows.clear();
      // The limit and latency a test set are the test's own: the next one starts from the options.
      requestsPerMinute = options.requestsPerMinute ?? 60;
      rateWindowMs = options.rateWindowMs ?? 60_000;
      latencyMs = options.latencyMs ?? 0;
      setOtherClient(null);
      requests.length = 0;
      violations.length = 0;
    },
    getConnection: settings.getConnection,
    setConnection(id, state) {
      settings.setConnection(id, state);
      if (state.environments !== undefined) environments.setEnvironments(id, state.environments);
    },
    script: addScript,
    getEnvironments: environments.getEnvironments,
    setEnvironments: environments.setEnvironments,
    getModel: world.getModel,
    setModel: world.setModel,
    getBranch: world.getBranch,
    getBranches: world.getBranches,
    getSnapshot: world.getSnapshot,
    getWarehouse: world.getWarehouse,
    setWarehouse: world.setWarehouse,
    setTable: world.setTable,
    getDocuments: world.getDocuments,
    setDocuments: world.setDocuments,
    getJobs: world.getJobs,
    setJobState: world.setJobState,
    setBranchSchemaRefresh: world.setBranchSchemaRefresh,
    setRefreshDuration: world.setRefreshDuration,
    setRefreshOutcome: world.setRefreshOutcome,
    getSchedules: schedules.getSchedules,
    setSchedules: schedules.setSchedules,
    setEnvironmentListShape: environments.setListShape,
    setVariablesOmittedOnUpdate: environments.setVariablesOmittedOnUpdate,
    setEnvironmentPageSize: environments.setPageSize,
    setEnvironmentPaging: environments.setPaging,
    setModelValidationShape: models.setModelValidationShape,
    setJobStatusSpelling: models.setJobStatusSpelling,
    setContentIssueShape: models.setContentIssueShape,
    setExposurePageSize: models.setExposurePageSize,
    setModelPageSize: models.setModelPageSize,
    countPendingSteps() {
      return scripts.reduce((sum, s) => sum + s.steps.length, 0);
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    setOtherClient,
    otherClientRequests,
    setRateLimit(perMinute, windowMs) {
      requestsPerMinute = perMinute;
      if (windowMs !== undefined) rateWindowMs = windowMs;
    },
  };
}
