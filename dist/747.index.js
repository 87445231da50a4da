export const id = 747;
export const ids = [747,628];
export const modules = {

/***/ 5628:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GitHubReadError: () => (/* binding */ GitHubReadError),
/* harmony export */   MAX_GITHUB_WAIT_SECONDS: () => (/* binding */ MAX_GITHUB_WAIT_SECONDS),
/* harmony export */   createGitHubClient: () => (/* binding */ createGitHubClient),
/* harmony export */   describeRequestFailure: () => (/* binding */ describeRequestFailure),
/* harmony export */   findNextPage: () => (/* binding */ findNextPage),
/* harmony export */   readGitHubPages: () => (/* binding */ readGitHubPages)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6856);
// The action's reading of GitHub's REST API: one Octokit (@actions/github) with @octokit/plugin-throttling, so
// that GitHub's rate-limit answers (403/429 with x-ratelimit-reset or retry-after) are waited out, within
// bounds; and paged lists read with certainty: every page checked against its schema, every `Link: next`
// followed to the end (never in a loop, never to another host, for a bounded number of pages). The preview
// sweep's open pull requests and the impact check's changed files both read through here. Loaded only when
// one of them runs: it brings @actions/github.


/** A wait longer than this is not worth a job: the read fails, and the next run tries again. */
const MAX_GITHUB_WAIT_SECONDS = 120;
const MAX_GITHUB_RETRIES = 3;
/** The run's GitHub client, which waits out GitHub's rate limits (at most 3 times, 120 s each). */
function createGitHubClient(options) {
    const decide = (kind) => (retryAfter, _request, _octokit, retryCount) => {
        if (retryCount >= MAX_GITHUB_RETRIES || retryAfter > MAX_GITHUB_WAIT_SECONDS)
            return false;
        options.onWait(`GitHub's ${kind} was reached: waiting ${retryAfter} s as it asks, then trying again.`);
        return true;
    };
    return (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(options.githubToken, {
        ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
        throttle: { onRateLimit: decide('rate limit'), onSecondaryRateLimit: decide('secondary rate limit') },
    }, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_1__/* .throttling */ .A);
}
class GitHubReadError extends Error {
    kind;
    constructor(message, kind) {
        super(message);
        this.kind = kind;
        this.name = 'GitHubReadError';
    }
}
/** A request's failure as a GitHubReadError; Octokit gives a network failure status 500 too, without a response. */
function describeRequestFailure(error, what) {
    const status = error.response?.status;
    const said = error instanceof Error ? error.message : String(error);
    const isHttp = typeof status === 'number';
    const isRefused = isHttp && status >= 400 && status < 500;
    return new GitHubReadError(`${what} failed: ${isHttp ? `HTTP ${status} (${said})` : said}`, isRefused ? 'refused' : 'unavailable');
}
/** Every item of a paged list, every page read and checked; else a GitHubReadError saying which page and why. */
async function readGitHubPages(client, options) {
    const items = [];
    const requested = new Set();
    let next;
    for (let page = 1; page <= options.maxPages; page += 1) {
        let response;
        try {
            response =
                next === undefined
                    ? await options.readFirstPage()
                    : await client.request({ method: 'GET', url: next });
        }
        catch (error) {
            throw describeRequestFailure(error, `page ${page} of ${options.what}`);
        }
        requested.add(response.url);
        const parsed = options.parsePage(response.data);
        if (!parsed.ok)
            throw describeShapeFailure(response.data, parsed.paths, `page ${page} of ${options.what}`, options.items);
        items.push(...parsed.items);
        next = findNextPage(response.headers.link, response.url, `page ${page} of ${options.what}`);
        if (next === undefined)
            return items;
        if (requested.has(next)) {
            throw new GitHubReadError(`the next link of page ${page} of ${options.what} points to a page already read, so the list would never end`, 'shape');
        }
    }
    throw new GitHubReadError(`${options.what} still had more pages after ${options.maxPages} (of ${options.perPage})`, 'shape');
}
function describeShapeFailure(data, paths, where, items) {
    if (!Array.isArray(data)) {
        const kind = data === null ? 'null' : typeof data === 'object' ? 'an object' : `a ${typeof data}`;
        return new GitHubReadError(`${where} is ${kind}, not a list of ${items}`, 'shape');
    }
    return new GitHubReadError(`${where} has missing or mistyped fields: ${paths}`, 'shape');
}
/**
 * The `rel="next"` target of a Link header (RFC 8288, as GitHub sends it: `<url>; rel="next", …`), resolved
 * against the page's own URL; undefined when there is no next page. A next link that cannot be followed
 * (no `<url>`, not a URL, another origin, which would be sent the token) is an error, not the end.
 */
function findNextPage(header, pageUrl, where) {
    if (header === undefined || header.trim() === '')
        return undefined;
    const cannotFollow = (why) => {
        throw new GitHubReadError(`the next link of ${where} cannot be followed: ${why}`, 'shape');
    };
    const isNext = (params) => /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i
        .exec(params)
        ?.slice(1)
        .some((rel) => rel?.toLowerCase().split(/\s+/).includes('next')) === true;
    let target;
    for (const [, url, params] of header.matchAll(/<([^>]*)>([^<]*)/g)) {
        if (url !== undefined && params !== undefined && isNext(params))
            target = url;
    }
    if (target === undefined) {
        return /\brel\s*=\s*"?[^",;]*\bnext\b/i.test(header)
            ? cannotFollow('it names a next page without a <URL>')
            : undefined;
    }
    let resolved;
    try {
        resolved = new URL(target, pageUrl);
    }
    catch {
        return cannotFollow('its target is not a URL');
    }
    if (resolved.origin !== new URL(pageUrl).origin) {
        return cannotFollow(`it points to another host (${resolved.host}), which would be sent the token`);
    }
    return resolved.href;
}


/***/ }),

/***/ 9747:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readPullRequestFiles: () => (/* binding */ readPullRequestFiles)
/* harmony export */ });
/* unused harmony export MAX_LISTED_FILES */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8816);
/* harmony import */ var _core_omni_transport_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8958);
/* harmony import */ var _github_pages_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5628);
// The pull request's changed files, for the impact check's dashboards at risk (README, "Impact on Omni", "At
// risk"): GitHub's list of a pull request's files, every page, checked against its schema, through the same
// throttled client as the sweep (github-pages.ts). Informational: any failure becomes a reason, never the
// check's failure. Loaded only when a preview has an impact check: it brings @actions/github.



/** GitHub's largest page of files (https://docs.github.com/rest/pulls/pulls#list-pull-requests-files). */
const FILES_PER_PAGE = 100;
/** GitHub lists at most 3,000 files of a pull request: 30 pages of 100. */
const MAX_LISTED_FILES = 3_000;
const MAX_FILE_PAGES = MAX_LISTED_FILES / FILES_PER_PAGE;
/** The fields read of each entry of `GET /repos/{owner}/{repo}/pulls/{pull_number}/files`. */
const changedFilesPageSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    filename: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1),
    status: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(['added', 'removed', 'modified', 'renamed', 'copied', 'changed', 'unchanged']),
    previous_filename: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1).optional(),
}));
/** Every changed file of the pull request, or why they could not be read. */
async function readPullRequestFiles(options) {
    const client = options.client ?? (0,_github_pages_js__WEBPACK_IMPORTED_MODULE_1__.createGitHubClient)(options);
    try {
        const files = await (0,_github_pages_js__WEBPACK_IMPORTED_MODULE_1__.readGitHubPages)(client, {
            readFirstPage: () => client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', {
                owner: options.owner,
                repo: options.repo,
                pull_number: options.pr,
                per_page: FILES_PER_PAGE,
            }),
            what: `the files of pull request #${options.pr}`,
            items: 'files',
            parsePage: (data) => {
                const parsed = changedFilesPageSchema.safeParse(data);
                return parsed.success
                    ? { ok: true, items: parsed.data }
                    : { ok: false, paths: (0,_core_omni_transport_js__WEBPACK_IMPORTED_MODULE_0__/* .listIssuePaths */ .iS)(parsed.error) };
            },
            maxPages: MAX_FILE_PAGES,
            perPage: FILES_PER_PAGE,
        });
        const note = files.length >= MAX_LISTED_FILES
            ? `GitHub lists at most ${MAX_LISTED_FILES.toLocaleString('en-US')} files of a pull request, and this one has that many: the dbt models of any files beyond them are not listed at risk.`
            : undefined;
        return { ok: true, files, ...(note === undefined ? {} : { note }) };
    }
    catch (error) {
        const said = error instanceof Error ? error.message : String(error);
        return { ok: false, reason: `the pull request's files could not be read from GitHub (${said})` };
    }
}


/***/ }),

/***/ 8812:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $O: () => (/* binding */ hintForError),
/* harmony export */   Lk: () => (/* binding */ OmniResponseError),
/* harmony export */   Su: () => (/* binding */ OmniNetworkError),
/* harmony export */   Wj: () => (/* binding */ OmniHttpError),
/* harmony export */   Xk: () => (/* binding */ OmniCancelledError),
/* harmony export */   c2: () => (/* binding */ OmniError),
/* harmony export */   hf: () => (/* binding */ OmniBranchRefreshError),
/* harmony export */   kU: () => (/* binding */ OmniListError),
/* harmony export */   lJ: () => (/* binding */ OmniTimeoutError),
/* harmony export */   lt: () => (/* binding */ withOutcome)
/* harmony export */ });
class OmniError extends Error {
    method;
    path;
    status;
    detail;
    attempts;
    /** What may or may not have happened, for a write whose outcome is unknown; it was not retried. */
    uncertainOutcome;
    /** What the error was made from, so that `withOutcome` can make its final copy. */
    init;
    constructor(message, init) {
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
    get isOutcomeUncertain() {
        return this.uncertainOutcome !== undefined;
    }
}
/** A copy of `error` (same class) with the attempt count and, when unknown, the outcome filled in. */
function withOutcome(error, outcome) {
    const ErrorClass = error.constructor;
    return new ErrorClass({ ...error.init, ...outcome });
}
/** Omni answered with a status outside 2xx (a 3xx included: redirects are never followed). */
class OmniHttpError extends OmniError {
    /** The raw `Retry-After` header, if any. */
    retryAfter;
    constructor(init) {
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
class OmniNetworkError extends OmniError {
    /** The system or undici error code, e.g. `ECONNRESET`, `ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_SOCKET`. */
    code;
    constructor(init) {
        super(`${init.method} ${init.path}: network error${init.code ? ` ${init.code}` : ''}: ${init.description}`, init);
        this.code = init.code;
    }
}
/** No complete answer within the per-attempt timeout. */
class OmniTimeoutError extends OmniError {
    timeoutMs;
    constructor(init) {
        super(`${init.method} ${init.path}: Omni did not answer within ${formatSeconds(init.timeoutMs)}`, init);
        this.timeoutMs = init.timeoutMs;
    }
}
/** A 2xx whose body is not the contract's shape (HTML, empty, bad JSON, wrong fields, `success: false`). */
class OmniResponseError extends OmniError {
    reason;
    constructor(init) {
        const excerpt = init.detail ? `: ${init.detail}` : '';
        super(`${init.method} ${init.path}: Omni answered HTTP ${init.status} but ${init.reason}${excerpt}`, init);
        this.reason = init.reason;
    }
    /** True when Omni itself reported that the PUT failed (`success: false`). */
    get isSuccessFalse() {
        return this.reason.startsWith('success: false');
    }
}
/**
 * A list Omni answered page by page that cannot be trusted whole: a cursor that repeats an earlier one, a
 * next page without a cursor, pages that never end, or records that contradict each other. Nothing is
 * done on such a list (README, "Guards at the edges": a deletion follows only from a complete answer).
 */
class OmniListError extends OmniError {
    reason;
    constructor(init) {
        super(`${init.method} ${init.path}: Omni's list cannot be read whole: ${init.reason}`, init);
        this.reason = init.reason;
    }
}
/**
 * Omni refused a schema refresh (400) because of `branch_id`: the connection has no branch-based schema
 * refresh and a `branch_id` was sent, or it has one and none was sent (contract/models.openapi.yaml,
 * modelsRefresh). Callers warn and go on instead of failing; `hasBranchBasedRefresh` says which it was.
 */
class OmniBranchRefreshError extends OmniHttpError {
    /** True: the connection refreshes per branch (a `branch_id` is required). False: it does not (refused). */
    hasBranchBasedRefresh;
    constructor(init) {
        super(init);
        this.hasBranchBasedRefresh = init.hasBranchBasedRefresh;
    }
}
/** The run was cancelled (its AbortSignal fired) before or while this request ran. */
class OmniCancelledError extends OmniError {
    /** False when the request never left: nothing happened in Omni. True when Omni may have acted on it. */
    wasSent;
    constructor(init) {
        const what = init.wasSent
            ? 'in flight when the run was cancelled: it may or may not have taken effect'
            : 'cancelled before it was sent';
        super(`${init.method} ${init.path}: ${what}`, init);
        this.wasSent = init.wasSent;
    }
}
function formatSeconds(ms) {
    if (ms < 1000)
        return `${ms} ms`;
    return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
function describeNetworkHint(code, terms) {
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
function describeNotFound(path, terms) {
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
function hintForError(error, terms) {
    if (!(error instanceof OmniError) || error instanceof OmniCancelledError)
        return undefined;
    const uncertain = error.uncertainOutcome === undefined ? '' : ` Then, ${error.uncertainOutcome}.`;
    return hintForKind(error, terms) + uncertain;
}
function hintForKind(error, terms) {
    if (error instanceof OmniTimeoutError) {
        return `Omni did not answer in time: check that ${terms.omniUrl} is reachable from ${terms.origin} (proxy settings included), then re-run.`;
    }
    if (error instanceof OmniNetworkError)
        return describeNetworkHint(error.code, terms);
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
    if (status >= 500)
        return `Omni had a problem: ${terms.rerun} later; contact Omni support if it persists.`;
    return 'Omni refused the request: see the detail above.';
}


/***/ }),

/***/ 8958:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fe: () => (/* binding */ parseWithSchema),
/* harmony export */   hA: () => (/* binding */ parseSuccessAnswer),
/* harmony export */   iS: () => (/* binding */ listIssuePaths),
/* harmony export */   oO: () => (/* binding */ createTransport)
/* harmony export */ });
/* unused harmony exports DEFAULT_TIMEOUT_MS, createProxyAwareFetch, quoteText, extractErrorDetail, findErrorCode */
/* harmony import */ var _actions_http_client__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4942);
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4371);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8816);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3092);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8812);
/* harmony import */ var _pacer_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6708);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5405);
/* harmony import */ var _token_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8366);
// The one way to call Omni: `request({ method, path, body, schema, isIdempotent })` sends one attempt at a
// time through the run's pacer, retries by the policy in retry.ts, checks the answer against the endpoint's
// zod schema and turns every failure into a typed, immutable OmniError that names method and path, never
// a secret: whatever it quotes is redacted by the run's redactor before it is cut. Endpoint families
// (dbt.ts, …) are thin modules on top of it.








const DEFAULT_TIMEOUT_MS = 30_000;
const USER_AGENT = 'omni-dbt-action';
const DETAIL_MAX_CHARS = 300;
const CAUSE_MAX_CHARS = 200;
/**
 * fetch through the proxy the toolkit would use for `apiBaseUrl` (HTTPS_PROXY/HTTP_PROXY/NO_PROXY), as
 * @actions/github does: the ProxyAgent comes from the npm undici, so it is paired with that undici's
 * fetch; Node's built-in fetch may be another undici major whose dispatcher contract differs.
 */
function createProxyAwareFetch(apiBaseUrl) {
    const dispatcher = new _actions_http_client__WEBPACK_IMPORTED_MODULE_0__/* .HttpClient */ .Qq(USER_AGENT).getAgentDispatcher(apiBaseUrl);
    if (dispatcher === undefined)
        return globalThis.fetch;
    const proxiedFetch = (input, init) => (0,undici__WEBPACK_IMPORTED_MODULE_1__.fetch)(input, { ...init, dispatcher });
    return proxiedFetch;
}
/** Creates the transport of one run. Throws a TypeError when the token cannot be sent in a header. */
function createTransport(options) {
    const token = options.token.trim();
    const tokenProblem = (0,_token_js__WEBPACK_IMPORTED_MODULE_5__/* .checkApiToken */ .y)(token);
    if (tokenProblem !== undefined)
        throw new TypeError(`The API token ${tokenProblem}`);
    const apiBaseUrl = options.apiBaseUrl.replace(/\/+$/, '');
    const fetchImpl = options.fetch ?? createProxyAwareFetch(apiBaseUrl);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const settings = { ..._retry_js__WEBPACK_IMPORTED_MODULE_4__/* .DEFAULT_RETRY_SETTINGS */ .d, ...options.retry };
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? _pacer_js__WEBPACK_IMPORTED_MODULE_3__/* .sleepUnlessAborted */ .bp;
    const random = options.random ?? Math.random;
    const { pacer, signal } = options;
    const inFlightSignal = options.inFlightSignal ?? signal;
    const redactor = options.redactor ?? (0,_secrets_js__WEBPACK_IMPORTED_MODULE_6__/* .createRedactor */ .lY)();
    redactor.add(token);
    /** Hides every secret of the run wherever text from outside (paths, bodies, error causes) is quoted. */
    const redact = (text) => redactor.redact(text);
    const attemptOnce = async (spec, url, shownPath, attemptTimeoutMs) => {
        const { method } = spec;
        const timeoutSignal = AbortSignal.timeout(attemptTimeoutMs);
        const attemptSignal = inFlightSignal ? AbortSignal.any([inFlightSignal, timeoutSignal]) : timeoutSignal;
        const headers = {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            'User-Agent': USER_AGENT,
        };
        if (spec.body !== undefined)
            headers['Content-Type'] = 'application/json';
        let response;
        let text;
        try {
            response = await fetchImpl(url, {
                method,
                headers,
                body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
                // A redirect could carry the Authorization header to another host: never follow one.
                redirect: 'manual',
                signal: attemptSignal,
            });
            text = await response.text();
        }
        catch (error) {
            if (inFlightSignal?.aborted) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OmniCancelledError */ .Xk({ method, path: shownPath, cause: error, wasSent: true });
            }
            if (timeoutSignal.aborted) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OmniTimeoutError */ .lJ({ method, path: shownPath, timeoutMs: attemptTimeoutMs, cause: error });
            }
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OmniNetworkError */ .Su({
                method,
                path: shownPath,
                code: findErrorCode(error),
                description: quoteText(describeCause(error), redactor, CAUSE_MAX_CHARS),
                cause: error,
            });
        }
        const { status } = response;
        if (status < 200 || status >= 300) {
            const location = response.headers.get('location');
            const detail = status >= 300 && status < 400 && location
                ? `Location: ${quoteText(describeLocation(location, apiBaseUrl), redactor)}`
                : extractErrorDetail(text, redactor);
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OmniHttpError */ .Wj({
                method,
                path: shownPath,
                status,
                statusText: response.statusText,
                detail,
                retryAfter: response.headers.get('retry-after') ?? undefined,
            });
        }
        const fail = (reason, detail = excerptBody(text, redactor)) => {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OmniResponseError */ .Lk({ method, path: shownPath, status, reason, detail });
        };
        if (text.trim() === '')
            return fail('the body is empty', undefined);
        let value;
        try {
            value = JSON.parse(text);
        }
        catch {
            return fail(/^\s*</.test(text) ? 'the body is an HTML page, not JSON' : 'the body is not valid JSON');
        }
        const parsed = spec.parse(value);
        if (!parsed.ok) {
            return fail(parsed.reason, parsed.detail === undefined
                ? excerptBody(text, redactor)
                : quoteText(parsed.detail, redactor) || undefined);
        }
        return parsed.value;
    };
    const request = async (spec) => {
        const { method, isIdempotent } = spec;
        const shownPath = redact(spec.path);
        const url = buildUrl(apiBaseUrl, spec.path, spec.query);
        const giveUp = (error, attempts, isUncertain, givenUpBecause) => (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .withOutcome */ .lt)(error, {
            attempts,
            uncertainOutcome: isUncertain && !isIdempotent ? spec.uncertainOutcome : undefined,
            givenUpBecause,
        });
        // The retry budget runs from the first attempt's start and covers the time a retry waits in the pacer
        // (its deadline) and the retry itself (its timeout is cut to what is left): README, "Rate limits".
        let firstStartedAt;
        let lastError;
        let probedAttempts = 0;
        for (let attempt = 1;; attempt += 1) {
            let error;
            const deadline = firstStartedAt === undefined ? undefined : firstStartedAt + settings.maxElapsedMs;
            try {
                return await pacer.run((ticket) => {
                    // The pacer may not share the run's signal: check it here too, so nothing new starts once stopped.
                    if (signal?.aborted)
                        throw new _pacer_js__WEBPACK_IMPORTED_MODULE_3__/* .CancelledError */ .cc();
                    firstStartedAt ??= ticket.startedAt;
                    const attemptTimeoutMs = deadline === undefined
                        ? timeoutMs
                        : Math.max(1, Math.min(timeoutMs, deadline - ticket.startedAt));
                    return attemptOnce(spec, url, shownPath, attemptTimeoutMs).catch((caught) => {
                        // The pacer must know of a 429 before the attempt settles: it decides what starts next, and
                        // the key may be shared with other jobs, so the whole run slows, not only this request.
                        if (caught instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OmniHttpError */ .Wj && caught.status === 429) {
                            ticket.reportRateLimited({
                                retryAfterMs: (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .parseRetryAfter */ .mu)(caught.retryAfter, new Date(now())),
                            });
                        }
                        // A refused token keeps the run's first request alone: the run stops before the rest start.
                        if (caught instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OmniHttpError */ .Wj && caught.status === 401)
                            ticket.reportUnauthorized();
                        throw caught;
                    });
                }, { attempt, deadline });
            }
            catch (caught) {
                if (caught instanceof _pacer_js__WEBPACK_IMPORTED_MODULE_3__/* .PacerDeadlineError */ .oq && lastError !== undefined) {
                    throw giveUp(lastError, attempt - 1, false, `gave up after ${(0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .describeAttempts */ .U_)(attempt - 1, probedAttempts)}: the run's request budget had no room before the ${settings.maxElapsedMs / 1000} s retry limit`);
                }
                if (caught instanceof _pacer_js__WEBPACK_IMPORTED_MODULE_3__/* .CancelledError */ .cc) {
                    // Never left the pacer's queue; an earlier attempt (if any) did reach the network.
                    const cancelled = new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OmniCancelledError */ .Xk({ method, path: shownPath, wasSent: attempt > 1 });
                    // An earlier attempt of a write that is not safe to repeat was retried only if it never landed.
                    throw giveUp(cancelled, attempt, false);
                }
                if (!(caught instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OmniError */ .c2))
                    throw caught;
                error = caught;
            }
            if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OmniCancelledError */ .Xk) {
                // Aborted mid-flight (or after a failed attempt): the write may have landed.
                throw giveUp(error, attempt, error.wasSent);
            }
            const failure = classifyFailure(error);
            const retryAfterHeader = error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OmniHttpError */ .Wj ? error.retryAfter : undefined;
            const decision = (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .decideRetry */ .tE)({
                isIdempotent,
                attempt,
                probedAttempts,
                failure,
                elapsedMs: now() - (firstStartedAt ?? now()),
                retryAfterHeader,
                now: new Date(now()),
                random,
                settings,
            });
            lastError = error;
            const isProbe = (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .isProbedRateLimit */ .yo)(failure, (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .parseRetryAfter */ .mu)(retryAfterHeader, new Date(now())));
            const countedAttempt = attempt - probedAttempts;
            if (isProbe)
                probedAttempts += 1;
            if (!decision.retry)
                throw giveUp(error, attempt, decision.isOutcomeUncertain);
            options.onRetry?.({
                method,
                path: shownPath,
                attempt,
                countedAttempt,
                maxAttempts: settings.maxAttempts,
                isProbe,
                delayMs: decision.delayMs,
                reason: decision.reason,
            });
            await sleep(decision.delayMs, signal);
            if (signal?.aborted) {
                throw giveUp(new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OmniCancelledError */ .Xk({ method, path: shownPath, wasSent: true }), attempt, false);
            }
        }
    };
    return { request };
}
function buildUrl(apiBaseUrl, path, query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
        if (value === undefined)
            continue;
        // OpenAPI 3's default for a query array (style form, explode true): `folder_paths=/a&folder_paths=/b`.
        if (typeof value === 'object')
            for (const item of value)
                params.append(key, item);
        else
            params.set(key, String(value));
    }
    const search = params.toString();
    return `${apiBaseUrl}${path}${search === '' ? '' : `?${search}`}`;
}
/** Reads an answer with a zod schema; a mismatch names the fields that are missing or mistyped. */
function parseWithSchema(schema, what) {
    return (value) => {
        const parsed = schema.safeParse(value);
        if (parsed.success)
            return { ok: true, value: parsed.data };
        if (!isRecord(value) && !Array.isArray(value))
            return { ok: false, reason: 'the body is not JSON of the contract' };
        return { ok: false, reason: `${what} has missing or mistyped fields: ${listIssuePaths(parsed.error)}` };
    };
}
const successAnswerSchema = zod__WEBPACK_IMPORTED_MODULE_7__/* .object */ .Ikc({ success: zod__WEBPACK_IMPORTED_MODULE_7__/* .boolean */ .zMY() });
/** An answer that only says `{ "success": true }` (a bind, a delete): `success: false` is a failure. */
function parseSuccessAnswer(value) {
    const parsed = parseWithSchema(successAnswerSchema, 'the answer')(value);
    return parsed.ok && !parsed.value.success ? { ok: false, reason: 'success: false' } : parsed;
}
/** The dotted paths of a zod error's issues, each once, in the order zod found them. */
function listIssuePaths(error) {
    return [...new Set(error.issues.map((issue) => issue.path.join('.') || '(body)'))].join(', ');
}
function classifyFailure(error) {
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OmniTimeoutError */ .lJ)
        return { kind: 'timeout' };
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OmniNetworkError */ .Su)
        return { kind: 'network', code: error.code };
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OmniResponseError */ .Lk)
        return { kind: 'response', isSuccessFalse: error.isSuccessFalse };
    return { kind: 'http', status: error.status ?? 0 };
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/**
 * Outside text as an error quotes it: redacted, on one line, then cut to `maxChars` (redacted first, so
 * that a cut can never leave the first characters of a secret).
 */
function quoteText(text, redactor, maxChars = DETAIL_MAX_CHARS) {
    return redactor.cut(redactor.redact(text).replace(/\s+/g, ' ').trim(), maxChars);
}
/** The error text of a non-2xx body: its `message`, `detail` or `error`, else a trimmed excerpt. */
function extractErrorDetail(text, redactor) {
    if (text.trim() === '')
        return undefined;
    try {
        const value = JSON.parse(text);
        if (isRecord(value)) {
            for (const key of ['message', 'detail', 'error']) {
                const field = value[key];
                if (typeof field === 'string' && field.trim() !== '')
                    return quoteText(field, redactor);
                if (field !== undefined && field !== null && typeof field !== 'string') {
                    return quoteText(JSON.stringify(field), redactor);
                }
            }
        }
    }
    catch {
        // Not JSON: quoted as text below.
    }
    return excerptBody(text, redactor);
}
/** A short, single-line excerpt of a body for an error; an HTML page is reduced to its title or text. */
function excerptBody(text, redactor) {
    // Redacted before the tags are taken out: a secret with `<…>` in it would be cut apart by that.
    let shown = redactor.redact(text);
    if (/^\s*</.test(shown)) {
        const title = /<title[^>]*>([^<]*)<\/title>/i.exec(shown)?.[1];
        shown = title?.trim() ? `HTML page "${title.trim()}"` : shown.replace(/<[^>]*>/g, ' ');
    }
    const trimmed = quoteText(shown, redactor);
    return trimmed === '' ? undefined : trimmed;
}
/** Where a redirect pointed, without its query (which may carry anything). */
function describeLocation(location, base) {
    try {
        const url = new URL(location, base);
        return `${url.origin}${url.pathname}`;
    }
    catch {
        return location.replace(/[?#].*$/s, '');
    }
}
/** The system or undici error code somewhere down the cause chain (fetch wraps it in "fetch failed"). */
function findErrorCode(error) {
    let current = error;
    for (let depth = 0; depth < 6 && isRecord(current); depth += 1) {
        if (typeof current.code === 'string')
            return current.code;
        const first = Array.isArray(current.errors) ? current.errors[0] : undefined;
        if (isRecord(first) && typeof first.code === 'string')
            return first.code;
        current = current.cause;
    }
    return undefined;
}
/** The innermost message of the cause chain: "connect ECONNREFUSED 127.0.0.1:9", "other side closed". */
function describeCause(error) {
    let message = error instanceof Error ? error.message : String(error);
    let current = error;
    for (let depth = 0; depth < 6 && current instanceof Error; depth += 1) {
        // Node's happy-eyeballs connect fails with an AggregateError whose own message is empty.
        const first = current instanceof AggregateError ? current.errors[0] : undefined;
        const inner = current.message ? current : first;
        if (inner instanceof Error && inner.message)
            message = inner.message;
        current = current.cause;
    }
    return message;
}


/***/ })

};
