// The typed failures of a call to Omni, each naming method and API path (never host or token), and the
// hint a user can act on for each (SPEC §6).

export type OmniMethod = 'GET' | 'PUT';

export interface OmniErrorInit {
  method: OmniMethod;
  /** The API path, e.g. `/v1/connections/<id>/dbt`: no host, no token. */
  path: string;
  status?: number;
  /** A trimmed excerpt of what Omni answered. */
  detail?: string;
  cause?: unknown;
}

/** Said of a rotateKeys PUT whose fate is unknown; callers show it as is. */
export const ROTATION_UNCERTAIN_MESSAGE =
  "the key rotation may or may not have happened; check the connection's dbt settings in Omni";

export class OmniError extends Error {
  readonly method: OmniMethod;
  readonly path: string;
  readonly status: number | undefined;
  readonly detail: string | undefined;
  /** Set on a rotateKeys PUT that failed after it may have reached Omni; it was not retried. */
  isRotationUncertain = false;
  /** How many attempts were made before giving up (set by the client). */
  attempts = 1;

  constructor(message: string, init: OmniErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.detail = init.detail;
  }

  /** Marks a rotateKeys PUT whose outcome is unknown and says so in the message. */
  markRotationUncertain(): void {
    if (this.isRotationUncertain) return;
    this.isRotationUncertain = true;
    this.message = `${this.message}; ${ROTATION_UNCERTAIN_MESSAGE}`;
  }
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
      ? `Omni answered HTTP ${init.status}${statusText} (a redirect, not followed because it could send the token elsewhere): check omni-url`
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

/** The run was cancelled (its AbortSignal fired) before or while this request ran. */
export class OmniCancelledError extends OmniError {
  /** False when the request never left: nothing happened in Omni. True when Omni may have acted on it. */
  readonly wasSent: boolean;

  constructor(init: OmniErrorInit & { wasSent: boolean }) {
    const what = init.wasSent
      ? 'cancelled before Omni answered, so it may or may not have taken effect'
      : 'cancelled before it was sent';
    super(`${init.method} ${init.path}: ${what}`, init);
    this.wasSent = init.wasSent;
  }
}

function formatSeconds(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}

const NETWORK_HINTS: Record<string, string> = {
  ENOTFOUND: 'The host of omni-url could not be resolved: check its spelling, then re-run.',
  EAI_AGAIN: 'DNS lookup of the omni-url host failed temporarily: re-run the job.',
  ECONNREFUSED:
    'The connection was refused: check omni-url and, behind a proxy, HTTPS_PROXY/NO_PROXY; then re-run.',
};

/** What the user can do about `error` (SPEC §6), or undefined when there is nothing to add. */
export function hintForError(error: unknown): string | undefined {
  if (!(error instanceof OmniError) || error instanceof OmniCancelledError) return undefined;
  const rotation = error.isRotationUncertain ? ` Then, ${ROTATION_UNCERTAIN_MESSAGE}.` : '';
  return hintForKind(error) + rotation;
}

function hintForKind(error: OmniError): string {
  if (error instanceof OmniTimeoutError) {
    return 'Omni did not answer in time: check that omni-url is reachable from the runner (proxy settings included), then re-run.';
  }
  if (error instanceof OmniNetworkError) {
    return (
      (error.code && NETWORK_HINTS[error.code]) ??
      'The connection to Omni failed: check network access from the runner and HTTPS_PROXY/NO_PROXY, then re-run.'
    );
  }
  if (error instanceof OmniResponseError) {
    return error.isSuccessFalse
      ? 'Omni reported that the update failed: read its message, check the settings in Omni, then re-run.'
      : 'The answer is not Omni API JSON: check that omni-url is the instance address (e.g. https://acme.omniapp.co), not a login page or a proxy.';
  }
  const status = error.status ?? 0;
  if (status >= 300 && status < 400) {
    return 'Redirects are not followed: set omni-url to the address the instance answers on (e.g. https://acme.omniapp.co).';
  }
  switch (status) {
    case 400:
      return 'Omni rejected the request body: check this connection’s settings against the detail above.';
    case 401:
      return 'The api-token is invalid or expired: create a new organization API key (or personal access token) with Connection Admin in Omni and update the secret.';
    case 403:
      return 'The api-token is not allowed to do this: it needs Connection Admin on this connection.';
    case 404:
      return 'No such connection on this Omni instance: check the connection id and omni-url.';
    case 429:
      return 'Omni’s rate limit was still hit after retries: lower max-requests-per-minute, or wait and re-run (the key may be shared with other jobs).';
  }
  if (status >= 500) return 'Omni had a problem: re-run the job later; contact Omni support if it persists.';
  return 'Omni refused the request: see the detail above.';
}
