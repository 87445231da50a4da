// The typed failures of a call to Omni, each naming method and API path (never host or token), and the
// hint a user can act on for each (README, "Troubleshooting"). Errors are immutable: the transport builds
// the final one, with its attempt count and whether its outcome is unknown, when it gives up.
import type { FrontEndTerms } from '../terms.js';

export type OmniMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

export interface OmniErrorInit {
  method: OmniMethod;
  /** The API path, e.g. `/v1/connections/<id>/dbt`: no host, no token. */
  path: string;
  status?: number;
  /** A trimmed excerpt of what Omni answered. */
  detail?: string;
  cause?: unknown;
  /** Attempts made before giving up; 1 unless the transport retried. */
  attempts?: number;
  /**
   * Set on a write that is not safe to repeat (a rotateKeys PUT, a create) and failed after it may have
   * reached Omni: what may or may not have happened, said to the user as is.
   */
  uncertainOutcome?: string;
  /** Why the transport stopped trying, when that is not plain from the failure itself. */
  givenUpBecause?: string;
}

export class OmniError extends Error {
  readonly method: OmniMethod;
  readonly path: string;
  readonly status: number | undefined;
  readonly detail: string | undefined;
  readonly attempts: number;
  /** What may or may not have happened, for a write whose outcome is unknown; it was not retried. */
  readonly uncertainOutcome: string | undefined;
  /** What the error was made from, so that `withOutcome` can make its final copy. */
  readonly init: OmniErrorInit;

  constructor(message: string, init: OmniErrorInit) {
    const givenUp = init.givenUpBecause === undefined ? '' : `; ${init.givenUpBecause}`;
    const uncertain = init.uncertainOutcome === undefined ? '' : `; ${init.uncertainOutcome}`;
    super(`${message}${givenUp}${uncertain}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.detail = init.detail;
    this.attempts = init.attempts ?? 1;
    this.uncertainOutcome = init.uncertainOutcome;
    this.init = init;
  }

  get isOutcomeUncertain(): boolean {
    return this.uncertainOutcome !== undefined;
  }
}

/** A copy of `error` (same class) with the attempt count and, when unknown, the outcome filled in. */
export function withOutcome<E extends OmniError>(
  error: E,
  outcome: Pick<OmniErrorInit, 'attempts' | 'uncertainOutcome' | 'givenUpBecause'>,
): E {
  const ErrorClass = error.constructor as new (init: OmniErrorInit) => E;
  return new ErrorClass({ ...error.init, ...outcome });
}

/** Omni answered with a status outside 2xx (a 3xx included: redirects are never followed). */
export class OmniHttpError extends OmniError {
  declare readonly status: number;
  /** The raw `Retry-After` header, if any. */
  readonly retryAfter: string | undefined;

  constructor(init: OmniErrorInit & { status: number; statusText?: string; retryAfter?: string }) {
    const statusText = init.statusText ? ` ${init.statusText}` : '';
    const isRedirect = init.status >= 300 && init.status < 400;
    const what = isRedirect
      ? `Omni answered HTTP ${init.status}${statusText} (a redirect, not followed because it could send the token elsewhere): check the Omni URL`
      : `Omni answered HTTP ${init.status}${statusText}`;
    super(`${init.method} ${init.path}: ${what}${init.detail ? `: ${init.detail}` : ''}`, init);
    this.retryAfter = init.retryAfter;
  }
}

/** The request never got an answer: connection refused or reset, DNS failure, TLS error… */
export class OmniNetworkError extends OmniError {
  /** The system or undici error code, e.g. `ECONNRESET`, `ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_SOCKET`. */
  readonly code: string | undefined;

  constructor(init: OmniErrorInit & { code: string | undefined; description: string }) {
    super(
      `${init.method} ${init.path}: network error${init.code ? ` ${init.code}` : ''}: ${init.description}`,
      init,
    );
    this.code = init.code;
  }
}

/** No complete answer within the per-attempt timeout. */
export class OmniTimeoutError extends OmniError {
  readonly timeoutMs: number;

  constructor(init: OmniErrorInit & { timeoutMs: number }) {
    super(`${init.method} ${init.path}: Omni did not answer within ${formatSeconds(init.timeoutMs)}`, init);
    this.timeoutMs = init.timeoutMs;
  }
}

/** A 2xx whose body is not the contract's shape (HTML, empty, bad JSON, wrong fields, `success: false`). */
export class OmniResponseError extends OmniError {
  readonly reason: string;

  constructor(init: OmniErrorInit & { status: number; reason: string }) {
    const excerpt = init.detail ? `: ${init.detail}` : '';
    super(
      `${init.method} ${init.path}: Omni answered HTTP ${init.status} but ${init.reason}${excerpt}`,
      init,
    );
    this.reason = init.reason;
  }

  /** True when Omni itself reported that the PUT failed (`success: false`). */
  get isSuccessFalse(): boolean {
    return this.reason.startsWith('success: false');
  }
}

/**
 * A list Omni answered page by page that cannot be trusted whole: a cursor that repeats an earlier one, a
 * next page without a cursor, pages that never end, or records that contradict each other. Nothing is
 * done on such a list (README, "Guards at the edges": a deletion follows only from a complete answer).
 */
export class OmniListError extends OmniError {
  readonly reason: string;

  constructor(init: OmniErrorInit & { reason: string }) {
    super(`${init.method} ${init.path}: Omni's list cannot be read whole: ${init.reason}`, init);
    this.reason = init.reason;
  }
}

/**
 * Omni refused a schema refresh (400) because of `branch_id`: the connection has no branch-based schema
 * refresh and a `branch_id` was sent, or it has one and none was sent (contract/models.openapi.yaml,
 * modelsRefresh). Callers warn and go on instead of failing; `hasBranchBasedRefresh` says which it was.
 */
export class OmniBranchRefreshError extends OmniHttpError {
  /** True: the connection refreshes per branch (a `branch_id` is required). False: it does not (refused). */
  readonly hasBranchBasedRefresh: boolean;

  constructor(
    init: OmniErrorInit & {
      status: number;
      statusText?: string;
      retryAfter?: string;
      hasBranchBasedRefresh: boolean;
    },
  ) {
    super(init);
    this.hasBranchBasedRefresh = init.hasBranchBasedRefresh;
  }
}

/** The run was cancelled (its AbortSignal fired) before or while this request ran. */
export class OmniCancelledError extends OmniError {
  /** False when the request never left: nothing happened in Omni. True when Omni may have acted on it. */
  readonly wasSent: boolean;

  constructor(init: OmniErrorInit & { wasSent: boolean }) {
    const what = init.wasSent
      ? 'in flight when the run was cancelled: it may or may not have taken effect'
      : 'cancelled before it was sent';
    super(`${init.method} ${init.path}: ${what}`, init);
    this.wasSent = init.wasSent;
  }
}

function formatSeconds(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}

function describeNetworkHint(code: string | undefined, terms: FrontEndTerms): string {
  switch (code) {
    case 'ENOTFOUND':
      return `The host of ${terms.omniUrl} could not be resolved: check its spelling, then re-run.`;
    case 'EAI_AGAIN':
      return `DNS lookup of the ${terms.omniUrl} host failed temporarily: ${terms.rerun}.`;
    case 'ECONNREFUSED':
      return `The connection was refused: check ${terms.omniUrl} and, behind a proxy, HTTPS_PROXY/NO_PROXY; then re-run.`;
    default:
      return `The connection to Omni failed: check network access from ${terms.origin} and HTTPS_PROXY/NO_PROXY, then re-run.`;
  }
}

/**
 * What a 404 means depends on what the path names: a connection (its dbt settings, environments or
 * schedules), a model or one of its branches, or a refresh job.
 */
function describeNotFound(path: string, terms: FrontEndTerms): string {
  if (path.startsWith('/v1/jobs/')) {
    return `Omni knows no such schema refresh job any more: ${terms.rerun} to start a new refresh.`;
  }
  if (/^\/v1\/models\/[^/]+\/branch\//.test(path)) {
    return `No such model or branch on this Omni instance: check the model id (preview.omniModel) and the branch name (preview.omniBranch), and ${terms.omniUrl}.`;
  }
  if (path.startsWith('/v1/models')) {
    return `No such model on this Omni instance: check the model id in omni-dbt.yml (omniModel, omniModels or exposures.models; the id in the model's URL in Omni) and ${terms.omniUrl}.`;
  }
  if (/^\/v1\/connections\/[^/]+\/schedules\/[^/]+/.test(path)) {
    return `No such connection or schema refresh schedule on this Omni instance: the schedule may have been deleted in Omni meanwhile; ${terms.rerun} to plan again, and check the connection id and ${terms.omniUrl}.`;
  }
  return `No such connection on this Omni instance: check the connection id and ${terms.omniUrl}.`;
}

/** What the user can do about `error`, worded for the front end, or undefined when there is nothing to add. */
export function hintForError(error: unknown, terms: FrontEndTerms): string | undefined {
  if (!(error instanceof OmniError) || error instanceof OmniCancelledError) return undefined;
  const uncertain = error.uncertainOutcome === undefined ? '' : ` Then, ${error.uncertainOutcome}.`;
  return hintForKind(error, terms) + uncertain;
}

function hintForKind(error: OmniError, terms: FrontEndTerms): string {
  if (error instanceof OmniTimeoutError) {
    return `Omni did not answer in time: check that ${terms.omniUrl} is reachable from ${terms.origin} (proxy settings included), then re-run.`;
  }
  if (error instanceof OmniNetworkError) return describeNetworkHint(error.code, terms);
  if (error instanceof OmniListError) {
    return `Nothing was done on the strength of that answer: ${terms.rerun}; if it persists, report it to Omni support (its API may have changed).`;
  }
  if (error instanceof OmniBranchRefreshError) {
    return error.hasBranchBasedRefresh
      ? 'This connection refreshes its schema per branch in Omni, so a refresh needs a branch: refresh on a branch in Omni and merge the branch there.'
      : 'This connection has no branch-based schema refresh in Omni, so a branch cannot be refreshed on its own: turn on branch-based schema refresh in the connection’s settings in Omni, or check the branch as it is.';
  }
  if (error instanceof OmniResponseError) {
    return error.isSuccessFalse
      ? 'Omni reported that the update failed: read its message, check the settings in Omni, then re-run.'
      : `The answer is not Omni API JSON: check that ${terms.omniUrl} is the instance address (e.g. https://acme.omniapp.co), not a login page or a proxy.`;
  }
  const status = error.status ?? 0;
  if (status >= 300 && status < 400) {
    return `Redirects are not followed: set ${terms.omniUrl} to the address the instance answers on (e.g. https://acme.omniapp.co).`;
  }
  switch (status) {
    case 400:
      return 'Omni rejected the request body: check this connection’s settings against the detail above.';
    case 401:
      return `${terms.theApiToken} is invalid or expired: create a new organization API key (or personal access token) with Connection Admin in Omni and ${terms.newTokenAdvice}.`;
    case 403:
      // A model's routes (its dbt exposures, its branches) need Connection Admin on the model's connection.
      return error.path.startsWith('/v1/models/')
        ? `${terms.theApiToken} is not allowed to do this: it needs Connection Admin on the connection of this model.`
        : `${terms.theApiToken} is not allowed to do this: it needs Connection Admin on this connection.`;
    case 404:
      return describeNotFound(error.path, terms);
    case 429:
      return `Omni’s rate limit was still hit after retries: lower ${terms.maxRequestsPerMinute}, or wait and re-run (the key may be shared with other jobs).`;
  }
  if (status >= 500) return `Omni had a problem: ${terms.rerun} later; contact Omni support if it persists.`;
  return 'Omni refused the request: see the detail above.';
}
