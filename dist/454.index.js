export const id = 454;
export const ids = [454];
export const modules = {

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

/***/ 6454:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createRunClient: () => (/* binding */ createRunClient)
});

// UNUSED EXPORTS: RUN_MAX_CONCURRENCY, describeRetry

// EXTERNAL MODULE: ./build/src/core/omni/transport.js
var omni_transport = __webpack_require__(8958);
;// CONCATENATED MODULE: ./build/src/core/omni/branches.js
// The model branch endpoint family: POST /v1/models/{modelId}/branch/{branchName}/dbt sets the dbt environment
// (and the git branch) an Omni model branch uses (contract/dbt-environments.openapi.yaml, modelsBranchDbt).

function createBranchesApi(transport) {
    return {
        async bindBranchEnvironment({ modelId, branchName, environmentId, gitBranch }) {
            await transport.request({
                method: 'POST',
                path: `/v1/models/${encodeURIComponent(modelId)}/branch/${encodeURIComponent(branchName)}/dbt`,
                body: { dbt_environment_id: environmentId, dbt_git_branch: gitBranch },
                parse: omni_transport/* parseSuccessAnswer */.hA,
                // Setting the same environment on the same branch twice leaves it as once.
                isIdempotent: true,
            });
        },
    };
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(8816);
// EXTERNAL MODULE: ./build/src/core/config/dbt-settings.js
var dbt_settings = __webpack_require__(3582);
;// CONCATENATED MODULE: ./build/src/core/omni/dbt.js
// The dbt settings endpoint family: GET and PUT /v1/connections/{connectionId}/dbt (contract/dbt.openapi.yaml),
// their answers as zod schemas, and which of the calls are safe to repeat.



/** Said of a rotateKeys PUT whose fate is unknown; callers show it as is. */
const ROTATION_UNCERTAIN_MESSAGE = "the key rotation may or may not have happened; check the connection's dbt settings in Omni";
/** GET's DbtConfiguredResponse, fields in the order a mismatch names them (config/dbt-settings.ts). */
const configuredSchema = schemas/* object */.Ikc({ supportsDbt: schemas/* literal */.euz(true), ...dbt_settings/* liveSettingsShape */.rI });
/** GET's DbtNotConfiguredResponse. */
const notConfiguredSchema = schemas/* object */.Ikc({ supportsDbt: schemas/* boolean */.zMY(), message: schemas/* string */.YjP() });
const putResponseSchema = schemas/* object */.Ikc({ success: schemas/* boolean */.zMY(), message: schemas/* string */.YjP().optional() });
const CONFIGURED_FIELDS = Object.keys(configuredSchema.shape).filter((key) => key !== 'supportsDbt');
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** The contract's two 200 shapes of GET: DbtConfiguredResponse or DbtNotConfiguredResponse. */
function parseLiveDbtConfig(value) {
    if (!isRecord(value))
        return { ok: false, reason: 'the body is not a JSON object' };
    if (typeof value.supportsDbt !== 'boolean') {
        return { ok: false, reason: 'the body has no boolean supportsDbt' };
    }
    if (!CONFIGURED_FIELDS.some((name) => name in value)) {
        const notConfigured = notConfiguredSchema.safeParse(value);
        if (!notConfigured.success) {
            return { ok: false, reason: 'the body has neither the dbt configuration fields nor a message' };
        }
        return { ok: true, value: { isConfigured: false, ...notConfigured.data } };
    }
    const configured = configuredSchema.safeParse(value);
    if (!configured.success) {
        return {
            ok: false,
            reason: `the dbt configuration has missing or mistyped fields: ${(0,omni_transport/* listIssuePaths */.iS)(configured.error)}`,
        };
    }
    return { ok: true, value: { isConfigured: true, ...configured.data } };
}
/** PUT succeeds only on `success: true` (README, "What a run does"). */
function parsePutResponse(value) {
    const parsed = putResponseSchema.safeParse(value);
    if (!parsed.success)
        return { ok: false, reason: 'the body has no boolean success' };
    const message = parsed.data.message ?? '';
    if (!parsed.data.success) {
        // Quoted (redacted, then cut) by the transport.
        return { ok: false, reason: 'success: false', detail: message.trim() || undefined };
    }
    return { ok: true, value: { message } };
}
function dbtPath(connectionId) {
    return `/v1/connections/${encodeURIComponent(connectionId)}/dbt`;
}
function createDbtApi(transport) {
    return {
        getDbtConfig(connectionId) {
            return transport.request({
                method: 'GET',
                path: dbtPath(connectionId),
                parse: parseLiveDbtConfig,
                isIdempotent: true,
            });
        },
        putDbtConfig(connectionId, body) {
            // A plain PUT sends the full desired state: repeating it is harmless. One with rotateKeys rotates
            // the deploy key again each time it lands.
            const isRotation = body.rotateKeys === true;
            return transport.request({
                method: 'PUT',
                path: dbtPath(connectionId),
                body,
                parse: parsePutResponse,
                isIdempotent: !isRotation,
                uncertainOutcome: ROTATION_UNCERTAIN_MESSAGE,
            });
        },
    };
}

// EXTERNAL MODULE: ./build/src/core/omni/errors.js
var errors = __webpack_require__(8812);
;// CONCATENATED MODULE: ./build/src/core/omni/outcomes.js
// Settling writes whose answer does not say what happened: a create whose outcome is unknown is looked up
// before it is sent again, and a DELETE answered 404 counts as "already gone" only when a checked lookup
// says so (README, "Guards at the edges": nothing is concluded from an answer that was not checked).

/**
 * Sends `create`; when it fails with an unknown outcome (it may have landed), asks `findCreated` (a GET, safe
 * to repeat) whether it did: found, that is the result; not found, the create did not land and is sent once
 * more (assumed: Omni lists what a create made once the create is done; its sources do not say). It is never
 * sent a third time. A failing lookup leaves the first failure as it was.
 */
async function createUnlessFound(create, findCreated) {
    try {
        return await create();
    }
    catch (error) {
        if (!(error instanceof errors/* OmniError */.c2) || !error.isOutcomeUncertain)
            throw error;
        let found;
        try {
            found = await findCreated();
        }
        catch {
            throw error;
        }
        if (found !== undefined)
            return found;
        return create();
    }
}
/**
 * Sends `remove`; a 404 names no culprit (the parent or the thing itself), so it counts as `absent` only when
 * `isConfirmedAbsent` (which must fail, or answer false, when the parent is missing) says the parent answers
 * and the thing is not there. Otherwise the 404 stands.
 */
async function deleteUnlessAbsent(remove, isConfirmedAbsent) {
    try {
        await remove();
        return 'deleted';
    }
    catch (error) {
        if (!(error instanceof errors/* OmniHttpError */.Wj) || error.status !== 404)
            throw error;
        if (await isConfirmedAbsent())
            return 'absent';
        throw error;
    }
}

;// CONCATENATED MODULE: ./build/src/core/omni/paging.js
// Reading every page of a list Omni pages by cursor (`pageInfo.hasNextPage`, `pageInfo.nextCursor`), or
// failing: a list that is not read whole is never acted on, so a repeated cursor, a next page without a
// cursor and pages that never end are errors, not the end of the list.


/** A cursor-paged answer's `pageInfo`, as every such endpoint of Omni's contracts has it. */
const pageInfoSchema = schemas/* object */.Ikc({ hasNextPage: schemas/* boolean */.zMY(), nextCursor: schemas/* string */.YjP().nullable() });
/** Far beyond any real list (a million records at 100 a page), yet it ends a cursor that cycles. */
const DEFAULT_MAX_PAGES = 10_000;
/**
 * Calls `readPage` with no cursor, then with each page's `nextCursor`, until a page says there is no next
 * one; returns every record in order. Throws OmniListError when the pages cannot be read whole.
 */
async function readEveryPage(readPage, options) {
    const { method, path, what, maxPages } = options;
    const records = [];
    const seenCursors = new Set();
    let cursor;
    for (let page = 1; page <= maxPages; page += 1) {
        const answer = await readPage(cursor);
        records.push(...answer.records);
        if (!answer.hasNextPage)
            return records;
        const next = answer.nextCursor;
        if (next === null || next === '') {
            throw new errors/* OmniListError */.kU({
                method,
                path,
                reason: `page ${page} of ${what} says there is a next page but gives no cursor`,
            });
        }
        if (seenCursors.has(next)) {
            throw new errors/* OmniListError */.kU({
                method,
                path,
                reason: `page ${page} of ${what} gives a cursor an earlier page gave, so the pages would never end`,
            });
        }
        seenCursors.add(next);
        cursor = next;
    }
    throw new errors/* OmniListError */.kU({ method, path, reason: `${what} go on past ${maxPages} pages` });
}

;// CONCATENATED MODULE: ./build/src/core/omni/environments.js
// The dbt environments endpoint family (contract/dbt-environments.openapi.yaml): list (paged by cursor,
// or the plain array docs.omni.co shows), create, update and delete (a 404 counted as gone only once the list
// shows it: outcomes.ts) under /v1/connections/{id}/dbt/environments.




const liveVariableSchema = schemas/* object */.Ikc({
    id: schemas/* string */.YjP(),
    isSecret: schemas/* boolean */.zMY(),
    name: schemas/* string */.YjP(),
    // Omni answers null for a secret's value: it is write-only.
    value: schemas/* string */.YjP().nullable(),
});
/** DbtEnvironmentItem. */
const liveEnvironmentSchema = schemas/* object */.Ikc({
    id: schemas/* string */.YjP(),
    isDefaultEnvironment: schemas/* boolean */.zMY(),
    name: schemas/* string */.YjP(),
    ownerId: schemas/* string */.YjP().nullable(),
    targetDatabase: schemas/* string */.YjP().nullable(),
    targetName: schemas/* string */.YjP().nullable(),
    targetRole: schemas/* string */.YjP().nullable(),
    targetSchema: schemas/* string */.YjP(),
    variables: schemas/* array */.YOg(liveVariableSchema),
});
/** DbtEnvironmentListResponse, or the plain array of docs.omni.co's "List dbt environments" page. */
const listPageSchema = schemas/* union */.KCZ([
    schemas/* object */.Ikc({
        pageInfo: pageInfoSchema,
        records: schemas/* array */.YOg(liveEnvironmentSchema),
    }),
    schemas/* array */.YOg(liveEnvironmentSchema),
]);
const deleteResponseSchema = schemas/* object */.Ikc({ message: schemas/* string */.YjP(), success: schemas/* boolean */.zMY() });
/** The contract's largest page: one request for any connection with up to 100 environments. */
const ENVIRONMENT_PAGE_SIZE = 100;
/** A guard against a list that never ends: 1000 pages of 100 is far beyond any connection (then it fails). */
const MAX_PAGES = 1000;
const CREATE_UNCERTAIN = 'the environment may or may not have been created; the next plan shows whether it exists';
const UPDATE_UNCERTAIN = 'the new variables may or may not have been added; the next plan shows what Omni has';
function environmentsPath(connectionId, environmentId) {
    const base = `/v1/connections/${encodeURIComponent(connectionId)}/dbt/environments`;
    return environmentId === undefined ? base : `${base}/${encodeURIComponent(environmentId)}`;
}
function createEnvironmentsApi(transport) {
    const parseEnvironment = (0,omni_transport/* parseWithSchema */.fe)(liveEnvironmentSchema, 'the environment');
    const listEnvironments = (connectionId) => {
        const path = environmentsPath(connectionId);
        return readEveryPage(async (cursor) => {
            const answer = await transport.request({
                method: 'GET',
                path,
                query: { pageSize: ENVIRONMENT_PAGE_SIZE, cursor },
                parse: (0,omni_transport/* parseWithSchema */.fe)(listPageSchema, 'the environment list'),
                isIdempotent: true,
            });
            // docs.omni.co's plain array is the whole list.
            if (Array.isArray(answer))
                return { records: answer, hasNextPage: false, nextCursor: null };
            return { records: answer.records, ...answer.pageInfo };
        }, { method: 'GET', path, what: 'the environments', maxPages: MAX_PAGES });
    };
    return {
        listEnvironments,
        createEnvironment(connectionId, body) {
            // Each POST that lands creates one more environment: repeated only when it surely never landed.
            return transport.request({
                method: 'POST',
                path: environmentsPath(connectionId),
                body,
                parse: parseEnvironment,
                isIdempotent: false,
                uncertainOutcome: CREATE_UNCERTAIN,
            });
        },
        updateEnvironment(connectionId, environmentId, body) {
            // Updates by id set the same state again; a variable without an id is created by each PUT that lands.
            const isCreatingVariables = (body.variables ?? []).some((variable) => !('id' in variable));
            return transport.request({
                method: 'PUT',
                path: environmentsPath(connectionId, environmentId),
                body,
                parse: parseEnvironment,
                isIdempotent: !isCreatingVariables,
                uncertainOutcome: UPDATE_UNCERTAIN,
            });
        },
        deleteEnvironment(connectionId, environmentId) {
            return deleteUnlessAbsent(async () => {
                await transport.request({
                    method: 'DELETE',
                    path: environmentsPath(connectionId, environmentId),
                    parse: (value) => {
                        const parsed = (0,omni_transport/* parseWithSchema */.fe)(deleteResponseSchema, 'the answer')(value);
                        if (parsed.ok && !parsed.value.success) {
                            return { ok: false, reason: 'success: false', detail: parsed.value.message };
                        }
                        return parsed;
                    },
                    isIdempotent: true,
                });
            }, 
            // Gone already (a retried DELETE whose first answer was lost) is what the plan wanted; but a wrong
            // connection, or dbt no longer configured, answers 404 too, and then the list fails: the DELETE's own
            // 404 is the error to report.
            async () => {
                try {
                    const live = await listEnvironments(connectionId);
                    return !live.some((environment) => environment.id === environmentId);
                }
                catch {
                    return false;
                }
            });
        },
    };
}

;// CONCATENATED MODULE: ./build/src/core/omni/models.js
// The models endpoint family (contract/models.openapi.yaml): model branches, schema refresh jobs, model
// validation, the content validator and dbt exposures, read into the plain shapes below. Omni publishes more
// than one form of several answers (the contract's header); every form is read into one shape here, so
// plan/ and report/ never see Omni's spelling.





/** Omni caps dbt-exposures pages at 100 (contract/models.openapi.yaml); its docs' example asks 1000. */
const EXPOSURE_PAGE_SIZE = 100;
/** The contract gives List models no maximum; 100 keeps one request for any model's branches of a name. */
const MODEL_PAGE_SIZE = 100;
const CREATE_BRANCH_UNCERTAIN = 'the branch may or may not have been created, and looking it up by name did not settle it; the next run finds it by name if it was';
const REFRESH_UNCERTAIN = 'a schema refresh may or may not have started; one that did runs to its end in Omni on its own';
/** A record of List models; only the fields read here (the contract has more). */
const modelRecordSchema = schemas/* object */.Ikc({
    id: schemas/* string */.YjP(),
    name: schemas/* string */.YjP().nullable(),
    modelKind: schemas/* string */.YjP().nullable(),
    baseModelId: schemas/* string */.YjP().nullable(),
    connectionId: schemas/* string */.YjP().nullable(),
    deletedAt: schemas/* string */.YjP().nullable().optional(),
});
const modelListPageSchema = schemas/* object */.Ikc({ pageInfo: pageInfoSchema, records: schemas/* array */.YOg(modelRecordSchema) });
/** ModelsCreateResponse. */
const createModelResponseSchema = schemas/* object */.Ikc({
    success: schemas/* boolean */.zMY(),
    model: schemas/* object */.Ikc({ id: schemas/* string */.YjP(), modelKind: schemas/* string */.YjP(), name: schemas/* string */.YjP().nullable() }).optional(),
    error: schemas/* string */.YjP().optional(),
    message: schemas/* string */.YjP().optional(),
});
/** Every published spelling of a job's state: the refresh answer's, the contract's and docs.omni.co's. */
const jobStateSchema = schemas/* enum */.k5n(['running', 'completed', 'failed', 'IN_PROGRESS', 'RUNNING', 'COMPLETED', 'FAILED'])
    .transform((status) => {
    if (status === 'COMPLETED' || status === 'completed')
        return 'completed';
    if (status === 'FAILED' || status === 'failed')
        return 'failed';
    return 'running';
});
const refreshResponseSchema = schemas/* object */.Ikc({
    jobId: schemas/* string */.YjP().min(1),
    modelId: schemas/* string */.YjP(),
    status: jobStateSchema,
});
/** The contract says job_type REFRESH_SCHEMA, docs.omni.co refresh_schema; both are the one job type read. */
const jobStatusSchema = schemas/* object */.Ikc({
    job_id: schemas/* string */.YjP(),
    job_type: schemas/* enum */.k5n(['REFRESH_SCHEMA', 'refresh_schema']),
    status: jobStateSchema,
});
/** docs.omni.co's form of Validate model: a plain array. */
const validationArraySchema = schemas/* array */.YOg(schemas/* object */.Ikc({
    message: schemas/* string */.YjP(),
    is_warning: schemas/* boolean */.zMY(),
    yaml_path: schemas/* string */.YjP().nullish(),
    auto_fix: schemas/* unknown */.L5J().optional(),
}));
/** The contract's form of Validate model. */
const validationObjectSchema = schemas/* object */.Ikc({
    valid: schemas/* boolean */.zMY(),
    issues: schemas/* array */.YOg(schemas/* object */.Ikc({
        message: schemas/* string */.YjP(),
        severity: schemas/* enum */.k5n(['error', 'warning']),
        field: schemas/* string */.YjP().nullish(),
        view: schemas/* string */.YjP().nullish(),
    })),
});
const validationSchema = schemas/* union */.KCZ([validationArraySchema, validationObjectSchema]);
/** A content issue: a string in docs.omni.co's example, an object with a message in other answers. */
const contentIssueEntrySchema = schemas/* union */.KCZ([
    schemas/* string */.YjP(),
    schemas/* object */.Ikc({ message: schemas/* string */.YjP() }).transform((entry) => entry.message),
]);
/** A content item, which the contract leaves untyped: the fields of docs.omni.co's example that are read. */
const contentDocumentSchema = schemas/* object */.Ikc({
    document_id: schemas/* string */.YjP().optional(),
    identifier: schemas/* string */.YjP().min(1),
    name: schemas/* string */.YjP(),
    folder: schemas/* object */.Ikc({ path: schemas/* string */.YjP().nullish() }).nullish(),
    queries_and_issues: schemas/* array */.YOg(schemas/* object */.Ikc({
        query_name: schemas/* string */.YjP().nullish(),
        query_presentation_id: schemas/* string */.YjP().nullish(),
        query_id_map_key: schemas/* string */.YjP().nullish(),
        issues: schemas/* array */.YOg(contentIssueEntrySchema).optional(),
    }))
        .optional(),
    dashboard_filter_issues: schemas/* array */.YOg(contentIssueEntrySchema).optional(),
});
const contentValidationSchema = schemas/* object */.Ikc({
    branch: schemas/* object */.Ikc({ id: schemas/* string */.YjP(), name: schemas/* string */.YjP() }).nullable(),
    content: schemas/* array */.YOg(contentDocumentSchema),
    model_id: schemas/* string */.YjP(),
});
const exposureSchema = schemas/* object */.Ikc({
    name: schemas/* string */.YjP(),
    label: schemas/* string */.YjP().nullish(),
    type: schemas/* enum */.k5n(['dashboard', 'notebook', 'analysis', 'ml', 'application']),
    owner: schemas/* object */.Ikc({ name: schemas/* string */.YjP(), email: schemas/* string */.YjP() }),
    depends_on: schemas/* array */.YOg(schemas/* string */.YjP()),
    url: schemas/* string */.YjP().nullish(),
    description: schemas/* string */.YjP().nullish(),
});
const exposurePageSchema = schemas/* object */.Ikc({
    pageInfo: pageInfoSchema,
    records: schemas/* array */.YOg(schemas/* object */.Ikc({
        dashboard_identifier: schemas/* string */.YjP(),
        deduplication_name: schemas/* string */.YjP(),
        // null when the dashboard uses no dbt model (docs.omni.co), although the contract types it an object.
        exposure: exposureSchema.nullable(),
    })),
});
/** Said of a document that WITH_ISSUES returned with neither a query nor a filter issue: a document error. */
const DOCUMENT_ERROR_MESSAGE = 'Omni reports an error in this document itself (its answer does not describe it)';
function isSameId(a, b) {
    return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}
function presentOrNull(value) {
    return value === undefined || value === null || value.trim() === '' ? null : value;
}
/** Where a model issue of the contract's form points: `view.field`, the view, the field, or nothing. */
function describeIssueTarget(view, field) {
    if (view !== null && field !== null)
        return field.includes('.') ? field : `${view}.${field}`;
    return view ?? field;
}
/** Validate model's answer, either published form, as ModelIssues. */
function parseModelValidation(value) {
    const parsed = (0,omni_transport/* parseWithSchema */.fe)(validationSchema, 'the model validation')(value);
    if (!parsed.ok)
        return parsed;
    if (Array.isArray(parsed.value)) {
        return {
            ok: true,
            value: parsed.value.map((issue) => ({
                message: issue.message,
                where: presentOrNull(issue.yaml_path),
                isWarning: issue.is_warning,
            })),
        };
    }
    return {
        ok: true,
        value: parsed.value.issues.map((issue) => ({
            message: issue.message,
            where: describeIssueTarget(presentOrNull(issue.view), presentOrNull(issue.field)),
            isWarning: issue.severity === 'warning',
        })),
    };
}
/**
 * The content validator's answer as ContentIssues. `expectedBranchId` guards against an answer for another
 * branch (or for the shared model when a branch was asked): compared as is, it would hide every issue.
 */
function parseContentValidation(value, expected) {
    const parsed = (0,omni_transport/* parseWithSchema */.fe)(contentValidationSchema, 'the content validation')(value);
    if (!parsed.ok)
        return parsed;
    const { branch, content } = parsed.value;
    if (expected.branchId === undefined ? branch !== null : !isSameId(branch?.id, expected.branchId)) {
        const asked = expected.branchId === undefined ? 'the shared model' : `branch ${expected.branchId}`;
        const answered = branch === null ? 'the shared model' : `branch ${branch.id}`;
        return { ok: false, reason: `the answer is about ${answered}, not ${asked}` };
    }
    const issues = [];
    for (const document of content) {
        const about = {
            documentId: document.document_id ?? document.identifier,
            identifier: document.identifier,
            documentName: document.name,
            folderPath: presentOrNull(document.folder?.path),
        };
        const before = issues.length;
        for (const query of document.queries_and_issues ?? []) {
            for (const message of query.issues ?? []) {
                issues.push({
                    ...about,
                    kind: 'query',
                    queryName: presentOrNull(query.query_name),
                    queryId: presentOrNull(query.query_presentation_id) ?? presentOrNull(query.query_id_map_key),
                    message,
                });
            }
        }
        for (const message of document.dashboard_filter_issues ?? []) {
            issues.push({ ...about, kind: 'filter', queryName: null, queryId: null, message });
        }
        // WITH_ISSUES returns a document only for a query issue, a filter issue or a document error (the
        // contract); with neither of the first two, it is the third, which the answer does not describe.
        if (expected.isWithIssuesOnly && issues.length === before) {
            issues.push({
                ...about,
                kind: 'document',
                queryName: null,
                queryId: null,
                message: DOCUMENT_ERROR_MESSAGE,
            });
        }
    }
    return { ok: true, value: { issues, documentCount: content.length } };
}
/** A job's status answer, which must be about the job asked for. */
function parseJobStatus(value, jobId) {
    const parsed = (0,omni_transport/* parseWithSchema */.fe)(jobStatusSchema, 'the job status')(value);
    if (!parsed.ok)
        return parsed;
    if (parsed.value.job_id !== jobId) {
        return { ok: false, reason: `the answer is about job ${parsed.value.job_id}, not ${jobId}` };
    }
    return { ok: true, value: { jobId, state: parsed.value.status } };
}
/** An exposure record in the project's shape. */
function toExposureRecord(record) {
    const { exposure } = record;
    return {
        dashboardIdentifier: record.dashboard_identifier,
        deduplicationName: record.deduplication_name,
        exposure: exposure === null
            ? null
            : {
                name: exposure.name,
                label: exposure.label ?? null,
                type: exposure.type,
                owner: exposure.owner,
                dependsOn: exposure.depends_on,
                url: exposure.url ?? null,
                description: exposure.description ?? null,
            },
    };
}
/**
 * Whether a 400 of Refresh model schema is Omni's refusal about `branch_id`, and which: the contract's 400
 * is "branch_id required when branch-based schema refresh is enabled, or branch_id not allowed when it is
 * not enabled". Assumed: Omni's detail names the branch and says required / not allowed in words like
 * those (sandbox/README.md, "Model world"). Returns `hasBranchBasedRefresh`, or undefined for another 400.
 */
function readBranchRefreshRefusal(status, detail, wasBranchIdSent) {
    if (status !== 400 || detail === undefined || !/branch/i.test(detail))
        return undefined;
    if (wasBranchIdSent) {
        return /not (?:be )?(?:allowed|enabled|supported|permitted|provided)|must not|disabled/i.test(detail)
            ? false
            : undefined;
    }
    return /required|requires|must be (?:provided|specified|given)|missing|is enabled/i.test(detail)
        ? true
        : undefined;
}
function modelPath(modelId, rest = '') {
    return `/v1/models/${encodeURIComponent(modelId)}${rest}`;
}
function toModel(record) {
    return {
        id: record.id,
        name: record.name,
        modelKind: record.modelKind,
        connectionId: record.connectionId,
        baseModelId: record.baseModelId,
    };
}
function createModelsApi(transport) {
    /** Every live record List models answers for `query`, every page read. */
    const listModels = async (query, what) => {
        const records = await readEveryPage(async (cursor) => {
            const page = await transport.request({
                method: 'GET',
                path: '/v1/models',
                query: { ...query, pageSize: MODEL_PAGE_SIZE, cursor },
                parse: (0,omni_transport/* parseWithSchema */.fe)(modelListPageSchema, 'the model list'),
                isIdempotent: true,
            });
            return { ...page.pageInfo, records: page.records };
        }, { method: 'GET', path: '/v1/models', what, maxPages: DEFAULT_MAX_PAGES });
        return records.filter((record) => (record.deletedAt ?? null) === null);
    };
    const findModel = async (modelId) => {
        const records = await listModels({ modelId }, 'the models');
        const found = records.find((record) => isSameId(record.id, modelId));
        return found === undefined ? undefined : toModel(found);
    };
    const findBranch = async (modelId, name) => {
        const records = await listModels({ modelKind: 'BRANCH', baseModelId: modelId, name }, 'the branches');
        // Omni's `name` filter may match more than the name (its sources do not say how): only the exact,
        // case-sensitive name of a branch of this model counts.
        const matches = records.filter((record) => record.name === name && isSameId(record.baseModelId, modelId) && record.modelKind === 'BRANCH');
        if (matches.length > 1) {
            throw new errors/* OmniListError */.kU({
                method: 'GET',
                path: '/v1/models',
                reason: `model ${modelId} has ${matches.length} branches named "${name}"; which one is meant is unclear`,
            });
        }
        const [match] = matches;
        return match === undefined ? undefined : { id: match.id, name, baseModelId: modelId };
    };
    return {
        findModel,
        findBranch,
        createBranch({ modelId, connectionId, name }) {
            const create = () => transport.request({
                method: 'POST',
                path: '/v1/models',
                body: { modelKind: 'BRANCH', baseModelId: modelId, connectionId, modelName: name },
                parse: (value) => {
                    const parsed = (0,omni_transport/* parseWithSchema */.fe)(createModelResponseSchema, 'the answer')(value);
                    if (!parsed.ok)
                        return parsed;
                    const { success, model, error, message } = parsed.value;
                    if (!success)
                        return { ok: false, reason: 'success: false', detail: error ?? message };
                    if (model === undefined)
                        return { ok: false, reason: 'the answer has success: true but no model' };
                    return { ok: true, value: { id: model.id, name: model.name ?? name, baseModelId: modelId } };
                },
                // Each create that lands makes a branch: not repeated blindly (outcomes.ts looks it up first).
                isIdempotent: false,
                uncertainOutcome: CREATE_BRANCH_UNCERTAIN,
            });
            return createUnlessFound(create, () => findBranch(modelId, name));
        },
        deleteBranch(modelId, branchName) {
            return deleteUnlessAbsent(async () => {
                await transport.request({
                    method: 'DELETE',
                    // The name is one path segment: a "/" in it travels as %2F.
                    path: modelPath(modelId, `/branch/${encodeURIComponent(branchName)}`),
                    parse: omni_transport/* parseSuccessAnswer */.hA,
                    isIdempotent: true,
                });
            }, 
            // Gone only when the model answers and lists no branch of that name; a missing model keeps the 404.
            async () => (await findModel(modelId)) !== undefined && (await findBranch(modelId, branchName)) === undefined);
        },
        async startRefresh(modelId, options = {}) {
            const { branchId } = options;
            try {
                const answer = await transport.request({
                    method: 'POST',
                    path: modelPath(modelId, '/refresh'),
                    query: { branch_id: branchId },
                    parse: (0,omni_transport/* parseWithSchema */.fe)(refreshResponseSchema, 'the refresh answer'),
                    // A refresh that landed runs as a job; another one would run it again. There is no list of jobs to
                    // look it up in, so it is never repeated once it may have reached Omni.
                    isIdempotent: false,
                    uncertainOutcome: REFRESH_UNCERTAIN,
                });
                return { jobId: answer.jobId, state: answer.status };
            }
            catch (error) {
                if (error instanceof errors/* OmniHttpError */.Wj) {
                    const hasBranchBasedRefresh = readBranchRefreshRefusal(error.status, error.detail, branchId !== undefined);
                    if (hasBranchBasedRefresh !== undefined) {
                        throw new errors/* OmniBranchRefreshError */.hf({ ...error.init, status: error.status, hasBranchBasedRefresh });
                    }
                }
                throw error;
            }
        },
        getJobStatus(jobId) {
            return transport.request({
                method: 'GET',
                path: `/v1/jobs/${encodeURIComponent(jobId)}/status`,
                parse: (value) => parseJobStatus(value, jobId),
                isIdempotent: true,
            });
        },
        validateModel(modelId, options = {}) {
            return transport.request({
                method: 'GET',
                path: modelPath(modelId, '/validate'),
                // This endpoint spells it branchId; the content validator and exposures, branch_id (the contract).
                query: { branchId: options.branchId },
                parse: parseModelValidation,
                isIdempotent: true,
            });
        },
        async validateContent(modelId, options = {}) {
            const isWithIssuesOnly = (options.documents ?? 'with-issues') === 'with-issues';
            const labels = options.labels ?? [];
            const withComma = labels.find((label) => label.includes(','));
            if (withComma !== undefined) {
                throw new TypeError(`The label "${withComma}" holds a comma, which Omni's comma-separated labels cannot carry`);
            }
            return transport.request({
                method: 'GET',
                path: modelPath(modelId, '/content-validator'),
                query: {
                    branch_id: options.branchId,
                    content_filter_mode: isWithIssuesOnly ? 'WITH_ISSUES' : 'ALL',
                    folder_paths: options.folders?.length ? options.folders : undefined,
                    labels: labels.length > 0 ? labels.join(',') : undefined,
                    include_personal_folders: options.includePersonalFolders,
                },
                parse: (value) => parseContentValidation(value, { branchId: options.branchId, isWithIssuesOnly }),
                isIdempotent: true,
            });
        },
        async listExposures(modelId, options = {}) {
            const path = modelPath(modelId, '/dbt-exposures');
            const records = await readEveryPage(async (cursor) => {
                const page = await transport.request({
                    method: 'GET',
                    path,
                    query: { pageSize: EXPOSURE_PAGE_SIZE, cursor, branch_id: options.branchId },
                    parse: (0,omni_transport/* parseWithSchema */.fe)(exposurePageSchema, 'the dbt exposures'),
                    isIdempotent: true,
                });
                return { ...page.pageInfo, records: page.records.map(toExposureRecord) };
            }, { method: 'GET', path, what: 'the dbt exposures', maxPages: DEFAULT_MAX_PAGES });
            // One record per dashboard (the contract): one listed twice means the pages overlapped.
            const seen = new Set();
            for (const record of records) {
                if (seen.has(record.dashboardIdentifier)) {
                    throw new errors/* OmniListError */.kU({
                        method: 'GET',
                        path,
                        reason: `dashboard ${record.dashboardIdentifier} is listed twice, so the pages overlap`,
                    });
                }
                seen.add(record.dashboardIdentifier);
            }
            return records;
        },
    };
}

;// CONCATENATED MODULE: ./build/src/core/omni/schedules.js
// The schema refresh schedules endpoint family (contract/models.openapi.yaml, connectionsSchedules*): list,
// create, update and delete a connection's schedules under /v1/connections/{connectionId}/schedules.




const CREATE_SCHEDULE_UNCERTAIN = 'the schedule may or may not have been created, and the list did not settle it; the next plan shows whether it exists';
/** ConnectionSchedule; only the fields read here are checked beyond the connection id. */
const scheduleSchema = schemas/* object */.Ikc({
    scheduleId: schemas/* string */.YjP(),
    connectionId: schemas/* string */.YjP(),
    schedule: schemas/* string */.YjP(),
    timezone: schemas/* string */.YjP(),
    description: schemas/* string */.YjP(),
    disabledAt: schemas/* string */.YjP().nullable(),
});
const scheduleListSchema = schemas/* object */.Ikc({ schedules: schemas/* array */.YOg(scheduleSchema) });
function toLiveSchedule(schedule) {
    return {
        scheduleId: schedule.scheduleId,
        schedule: schedule.schedule,
        timezone: schedule.timezone,
        description: schedule.description,
        disabledAt: schedule.disabledAt,
    };
}
function schedules_isSameId(a, b) {
    return a.toLowerCase() === b.toLowerCase();
}
/** One schedule answer, which must belong to the connection asked for. */
function parseSchedule(connectionId) {
    return (value) => {
        const parsed = (0,omni_transport/* parseWithSchema */.fe)(scheduleSchema, 'the schedule')(value);
        if (!parsed.ok)
            return parsed;
        if (!schedules_isSameId(parsed.value.connectionId, connectionId)) {
            return { ok: false, reason: `the schedule belongs to connection ${parsed.value.connectionId}` };
        }
        return { ok: true, value: toLiveSchedule(parsed.value) };
    };
}
function schedulesPath(connectionId, scheduleId) {
    const base = `/v1/connections/${encodeURIComponent(connectionId)}/schedules`;
    return scheduleId === undefined ? base : `${base}/${encodeURIComponent(scheduleId)}`;
}
function createSchedulesApi(transport) {
    const listSchedules = async (connectionId) => {
        const answer = await transport.request({
            method: 'GET',
            path: schedulesPath(connectionId),
            parse: (0,omni_transport/* parseWithSchema */.fe)(scheduleListSchema, 'the schedule list'),
            isIdempotent: true,
        });
        // A prune deletes what this list holds: a schedule of another connection would be deleted by its id here.
        const foreign = answer.schedules.find((schedule) => !schedules_isSameId(schedule.connectionId, connectionId));
        if (foreign !== undefined) {
            throw new errors/* OmniListError */.kU({
                method: 'GET',
                path: schedulesPath(connectionId),
                reason: `schedule ${foreign.scheduleId} belongs to connection ${foreign.connectionId}`,
            });
        }
        return answer.schedules.map(toLiveSchedule);
    };
    return {
        listSchedules,
        createSchedule(connectionId, body) {
            const create = () => transport.request({
                method: 'POST',
                path: schedulesPath(connectionId),
                body: { schedule: body.schedule, timezone: body.timezone },
                parse: parseSchedule(connectionId),
                // Each create that lands adds a schedule: not repeated blindly (outcomes.ts looks it up first).
                isIdempotent: false,
                uncertainOutcome: CREATE_SCHEDULE_UNCERTAIN,
            });
            const findCreated = async () => (await listSchedules(connectionId)).find((schedule) => schedule.schedule === body.schedule && schedule.timezone === body.timezone);
            return createUnlessFound(create, findCreated);
        },
        updateSchedule(connectionId, scheduleId, body) {
            return transport.request({
                method: 'PUT',
                path: schedulesPath(connectionId, scheduleId),
                body: { schedule: body.schedule, timezone: body.timezone },
                parse: parseSchedule(connectionId),
                // The whole of a schedule's settable state: a repeat sets it again.
                isIdempotent: true,
            });
        },
        deleteSchedule(connectionId, scheduleId) {
            return deleteUnlessAbsent(async () => {
                await transport.request({
                    method: 'DELETE',
                    path: schedulesPath(connectionId, scheduleId),
                    parse: omni_transport/* parseSuccessAnswer */.hA,
                    isIdempotent: true,
                });
            }, 
            // The list answers 404 itself when the connection is missing, which keeps that 404 an error.
            async () => !(await listSchedules(connectionId)).some((schedule) => schedules_isSameId(schedule.scheduleId, scheduleId)));
        },
    };
}

;// CONCATENATED MODULE: ./build/src/core/omni/client.js
// The Omni client of a run: one transport (pacing, retries, typed errors) shared by every endpoint family.
// A new family is one module beside dbt.ts and one line here.






/** Creates the client for one run. Throws a TypeError when the token cannot be sent in a header. */
function createOmniClient(options) {
    const transport = (0,omni_transport/* createTransport */.oO)(options);
    return {
        ...createDbtApi(transport),
        ...createEnvironmentsApi(transport),
        ...createBranchesApi(transport),
        ...createModelsApi(transport),
        ...createSchedulesApi(transport),
    };
}

// EXTERNAL MODULE: ./build/src/core/omni/pacer.js
var omni_pacer = __webpack_require__(6708);
;// CONCATENATED MODULE: ./build/src/core/omni/run-client.js
// Wires the client of one real run: the real clock, one pacer for the run's budget, retry messages as log lines.


/** Waits this long or longer are logged (README, "Rate limits, retries and cancellation"). */
const WAIT_LOG_THRESHOLD_MS = 5_000;
// The budget, not this bound, keeps a run under Omni's limit; 20 in flight lets twenty connections plan
// and apply in two round trips (GET, then PUT) instead of queueing in waves of 8 (docs/benchmarks.md).
const RUN_MAX_CONCURRENCY = 20;
/** Creates the OmniClient a run uses: every request shares one budget of `maxRequestsPerMinute`. */
function createRunClient(options) {
    const pacer = (0,omni_pacer/* createPacer */.g3)({
        maxRequestsPerMinute: options.maxRequestsPerMinute,
        maxConcurrency: RUN_MAX_CONCURRENCY,
        now: Date.now,
        sleep: omni_pacer/* sleepUnlessAborted */.bp,
        signal: options.signal,
        // A refused token costs one request: the rest start only once one has succeeded (README).
        isFirstRequestAlone: true,
        // Every wait reaches onWait (a progress line needs the short probes too); the log only the long ones.
        waitLogThresholdMs: 0,
        onWait: (wait) => {
            options.onWait?.({ ms: wait.ms, cause: wait.cause });
            if (wait.ms >= WAIT_LOG_THRESHOLD_MS) {
                options.onRetry?.(`Waiting ${(wait.ms / 1000).toFixed(1)} s: ${wait.reason}.`);
            }
        },
    });
    const { onRetry } = options;
    return createOmniClient({
        apiBaseUrl: options.apiBaseUrl,
        token: options.token,
        redactor: options.redactor,
        pacer,
        signal: options.signal,
        inFlightSignal: options.inFlightSignal,
        timeoutMs: options.timeoutMs,
        onRetry: (info) => {
            options.onWait?.({ ms: info.delayMs, cause: info.isProbe ? 'rate-limit' : 'retry' });
            onRetry?.(describeRetry(info));
        },
    });
}
/**
 * A retry as the log says it, numbered among the attempts that count (README: at most 5): a probe for room
 * at Omni (a 429 without Retry-After) does not use one up, so no reader meets an attempt 6 of 5.
 */
function describeRetry(info) {
    const attempt = `attempt ${info.countedAttempt} of ${info.maxAttempts}`;
    return info.isProbe
        ? `${info.method} ${info.path}: ${attempt} was refused for now (${info.reason}); a refusal while probing for room does not count.`
        : `${info.method} ${info.path}: ${attempt} failed (${info.reason}).`;
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
