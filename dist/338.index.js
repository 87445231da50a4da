export const id = 338;
export const ids = [338];
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

/***/ 9271:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FC: () => (/* binding */ verifyEnvironmentWrites),
/* harmony export */   FL: () => (/* binding */ resolveVariable),
/* harmony export */   Nv: () => (/* binding */ diffEnvironment),
/* harmony export */   aI: () => (/* binding */ planEnvironments),
/* harmony export */   eD: () => (/* binding */ listUnresolved),
/* harmony export */   g9: () => (/* binding */ resolveEnvironment),
/* harmony export */   pU: () => (/* binding */ DEFAULT_ENVIRONMENT_NOTE),
/* harmony export */   vk: () => (/* binding */ readPlainVariable)
/* harmony export */ });
/* unused harmony exports SECRET_PLACEHOLDER, HIDDEN_PLAIN_PLACEHOLDER, UNSET_PLACEHOLDER, ENVIRONMENT_FIELDS, countEnvironmentChanges, hasEnvironmentChanges, findValueNeed */
/** How a secret value is shown, in changes and anywhere else: never the value. */
const SECRET_PLACEHOLDER = '(secret)';
/**
 * How the plain value of a variable that becomes secret, or stops being one, is shown: not at all, since
 * one side of the change holds a value someone chose to keep secret (README, "dbt environments").
 */
const HIDDEN_PLAIN_PLACEHOLDER = '(not secret, value not shown)';
/** How a non-secret value is shown whose `fromEnv` variable is unset (dry-run only). */
const UNSET_PLACEHOLDER = '(unset)';
const ENVIRONMENT_FIELDS = [
    'name',
    'targetSchema',
    'targetDatabase',
    'targetRole',
    'targetName',
];
const DEFAULT_ENVIRONMENT_NOTE = "Omni's default environment is never deleted; list it by name in the file to manage it.";
/**
 * Reads each `fromEnv` value from `env` (the step's environment, or the shell of the CLI). An unset or
 * empty variable gives `value: undefined`; the plan decides whether the value was needed.
 */
function resolveEnvironment(environment, env) {
    return {
        ...environment,
        variables: environment.variables.map((variable) => resolveVariable(variable, env)),
    };
}
/**
 * The value of a shared environment's plain (not secret) variable `name`, when it is a non-empty string:
 * the markers the action keeps on the environments it makes (OMNI_DBT_PREVIEW, OMNI_DBT_PREVIEW_BRANCH).
 */
function readPlainVariable(environment, name) {
    if (environment.ownerId !== null)
        return undefined;
    const value = environment.variables.find((candidate) => candidate.name === name && !candidate.isSecret)?.value;
    return typeof value === 'string' && value !== '' ? value : undefined;
}
function resolveVariable(variable, env) {
    if (variable.source === 'plain')
        return { name: variable.name, isSecret: false, value: variable.value };
    const value = env[variable.envName];
    return {
        name: variable.name,
        isSecret: variable.isSecret,
        value: value === undefined || value === '' ? undefined : value,
        envName: variable.envName,
    };
}
function planEnvironments({ desired, live, isPruning, isUpdatingSecrets, }) {
    const personal = live.filter((environment) => environment.ownerId !== null);
    const shared = live.filter((environment) => environment.ownerId === null);
    const matched = new Set();
    const entries = [];
    for (const environment of desired) {
        const key = environment.name.toLowerCase();
        const owned = personal.find((candidate) => candidate.name.toLowerCase() === key);
        if (owned) {
            return {
                ok: false,
                error: `The file's environment "${environment.name}" has the name of a personal environment in Omni ("${owned.name}"); personal environments are never changed.`,
                hint: 'Rename the environment in omni-dbt.yml, or ask its owner to rename theirs in Omni.',
            };
        }
        const candidates = shared.filter((candidate) => candidate.name.toLowerCase() === key);
        if (candidates.length > 1) {
            return {
                ok: false,
                error: `Omni has ${candidates.length} shared environments named like "${environment.name}" (${candidates.map((c) => `"${c.name}"`).join(', ')}); the file cannot tell which one it means.`,
                hint: 'Rename or delete all but one of them in Omni.',
            };
        }
        const [match] = candidates;
        if (match)
            matched.add(match);
        entries.push(diffEnvironment(environment, match, isUpdatingSecrets));
    }
    for (const environment of shared) {
        if (matched.has(environment))
            continue;
        const { id: environmentId, name } = environment;
        if (!isPruning)
            entries.push({ action: 'unmanaged', name, environmentId, changes: [] });
        else if (environment.isDefaultEnvironment)
            entries.push({ action: 'unmanaged', name, environmentId, changes: [], note: DEFAULT_ENVIRONMENT_NOTE });
        else
            entries.push({ action: 'delete', name, environmentId, changes: [], isDefaultEnvironment: false });
    }
    return { ok: true, entries, unresolved: listUnresolved(entries) };
}
/** The number of environments a plan creates, updates or deletes. */
function countEnvironmentChanges(entries) {
    return entries.filter((entry) => isChangeAction(entry.action)).length;
}
function hasEnvironmentChanges(entries) {
    return countEnvironmentChanges(entries) > 0;
}
function isChangeAction(action) {
    return action === 'create' || action === 'update' || action === 'delete';
}
/** The `fromEnv` values the plan needs and does not have, entry by entry. */
function listUnresolved(entries) {
    return entries.flatMap((entry) => ('unresolved' in entry ? entry.unresolved : []));
}
/**
 * A `fromEnv` value is needed only where it is sent or compared (README, "dbt environments"): to create
 * the variable (or its environment), to turn it secret or not secret, to send it again
 * (`update-secrets`), or to compare it (`secret: false`). A secret Omni already holds is none of these.
 */
function findValueNeed(desired, live, isUpdatingSecrets) {
    if (live === undefined)
        return 'create';
    if (live.isSecret !== desired.isSecret)
        return 'secrecy';
    if (!desired.isSecret)
        return 'compare';
    return isUpdatingSecrets ? 'send-again' : undefined;
}
/** The unset `fromEnv` values of one file environment against its live namesake: needed or not. */
function checkValues(desired, live, isUpdatingSecrets) {
    const checks = { unresolved: [], uncheckedVariables: [] };
    for (const variable of desired.variables) {
        if (variable.value !== undefined)
            continue;
        const envName = variable.envName ?? variable.name;
        const current = live?.variables.find((candidate) => candidate.name === variable.name);
        const need = findValueNeed(variable, current, isUpdatingSecrets);
        if (need !== undefined) {
            checks.unresolved.push({ environment: desired.name, variable: variable.name, envName, need });
        }
        else {
            checks.uncheckedVariables.push({ variable: variable.name, envName });
        }
    }
    return checks;
}
/**
 * One file environment against its live namesake (or none): create, update or unchanged, with the
 * exact body. A variable whose value is unresolved is shown but left out of the body.
 */
function diffEnvironment(desired, live, isUpdatingSecrets) {
    const expected = describeExpected(desired, live);
    const checks = checkValues(desired, live, isUpdatingSecrets);
    if (!live)
        return { ...planCreate(desired, expected), ...checks };
    const changes = [];
    for (const field of ENVIRONMENT_FIELDS) {
        if (desired[field] !== live[field])
            changes.push({ field, from: live[field], to: desired[field] });
    }
    const variables = [];
    for (const variable of desired.variables) {
        const current = live.variables.find((candidate) => candidate.name === variable.name);
        const change = diffVariable(variable, current, isUpdatingSecrets);
        if (change)
            changes.push(change);
        const sent = buildVariableUpdate(variable, current, change !== undefined);
        if (sent)
            variables.push(sent);
    }
    const unmanaged = live.variables.filter((candidate) => !desired.variables.some((variable) => variable.name === candidate.name));
    // Every variable Omni has goes back by id: whether an update drops the ones it leaves out is not
    // documented (contract/dbt-environments.openapi.yaml, header), so none is left out.
    variables.push(...unmanaged.map(keepVariable));
    const unmanagedVariables = unmanaged.map((variable) => variable.name);
    const { name, id: environmentId } = live;
    if (changes.length === 0)
        return { action: 'unchanged', name, environmentId, changes: [], unmanagedVariables, ...checks };
    return {
        action: 'update',
        name: desired.name,
        environmentId,
        changes,
        body: { ...pickFields(desired), variables },
        expected,
        unmanagedVariables,
        ...checks,
    };
}
function planCreate(desired, expected) {
    const changes = [];
    for (const field of ENVIRONMENT_FIELDS) {
        if (field === 'name' || desired[field] === null)
            continue;
        changes.push({ field, from: null, to: desired[field] });
    }
    const variables = [];
    for (const variable of desired.variables) {
        changes.push({ field: `variables.${variable.name}`, from: null, to: showValue(variable) });
        if (variable.value !== undefined) {
            variables.push({ name: variable.name, isSecret: variable.isSecret, value: variable.value });
        }
    }
    return {
        action: 'create',
        name: desired.name,
        changes,
        body: { ...pickFields(desired), variables },
        expected,
    };
}
function pickFields(environment) {
    const { name, targetSchema, targetDatabase, targetRole, targetName } = environment;
    return { name, targetSchema, targetDatabase, targetRole, targetName };
}
function diffVariable(desired, live, isUpdatingSecrets) {
    const field = `variables.${desired.name}`;
    const to = showValue(desired);
    if (!live)
        return { field, from: null, to };
    if (live.isSecret !== desired.isSecret) {
        // Neither value is shown: Omni's plain one may be the secret the file now protects, the file's plain
        // one may be what Omni kept secret until now.
        return {
            field,
            from: live.isSecret ? SECRET_PLACEHOLDER : HIDDEN_PLAIN_PLACEHOLDER,
            to: desired.isSecret ? SECRET_PLACEHOLDER : HIDDEN_PLAIN_PLACEHOLDER,
        };
    }
    const from = live.isSecret ? SECRET_PLACEHOLDER : live.value;
    // Omni answers null for a secret: it is compared never, and sent again only when asked.
    if (desired.isSecret)
        return isUpdatingSecrets ? { field, from, to } : undefined;
    return live.value === desired.value ? undefined : { field, from, to };
}
/** The update body's item for a file variable: new (no id), changed (id and value), or kept. */
function buildVariableUpdate(desired, live, isChanged) {
    if (!live) {
        return desired.value === undefined
            ? undefined
            : { name: desired.name, isSecret: desired.isSecret, value: desired.value };
    }
    if (isChanged && desired.value !== undefined) {
        return { id: live.id, isSecret: desired.isSecret, value: desired.value };
    }
    return keepVariable(live);
}
/** Sends an existing variable back as it is: a secret by id alone (keeps its value), others with theirs. */
function keepVariable(live) {
    if (live.isSecret || live.value === null)
        return { id: live.id, isSecret: live.isSecret };
    return { id: live.id, isSecret: live.isSecret, value: live.value };
}
function showValue(variable) {
    if (variable.isSecret)
        return SECRET_PLACEHOLDER;
    return variable.value ?? UNSET_PLACEHOLDER;
}
function describeExpected(desired, live) {
    const variables = desired.variables
        .filter((variable) => variable.value !== undefined || live?.variables.some((v) => v.name === variable.name))
        .map((variable) => {
        if (variable.isSecret)
            return { name: variable.name, isSecret: true };
        const current = live?.variables.find((v) => v.name === variable.name);
        // An unresolved value is not sent: the variable keeps what Omni had.
        const value = variable.value ?? current?.value ?? null;
        return { name: variable.name, isSecret: false, value };
    });
    for (const variable of live?.variables ?? []) {
        if (desired.variables.some((v) => v.name === variable.name))
            continue;
        variables.push(variable.isSecret
            ? { name: variable.name, isSecret: true }
            : { name: variable.name, isSecret: false, value: variable.value });
    }
    return { ...pickFields(desired), variables };
}
/**
 * After apply: compares the environments read back with what the applied entries wrote. Entries
 * not written (unchanged, unmanaged) are not checked. Secret values are never compared.
 */
function verifyEnvironmentWrites(entries, readBack) {
    const differences = [];
    for (const entry of entries) {
        const report = (message) => differences.push({ environment: entry.name, message });
        if (entry.action === 'delete') {
            if (readBack.some((environment) => environment.id === entry.environmentId)) {
                report(`deleted environment "${entry.name}" is still there`);
            }
            continue;
        }
        if (entry.action !== 'create' && entry.action !== 'update')
            continue;
        const found = entry.action === 'update'
            ? readBack.find((environment) => environment.id === entry.environmentId)
            : readBack.find((environment) => environment.ownerId === null && environment.name.toLowerCase() === entry.name.toLowerCase());
        if (!found) {
            report(`environment "${entry.name}" is missing`);
            continue;
        }
        for (const message of compareWithExpected(entry.expected, found))
            report(message);
    }
    return differences;
}
function compareWithExpected(expected, found) {
    const messages = [];
    for (const field of ENVIRONMENT_FIELDS) {
        if (found[field] !== expected[field]) {
            messages.push(`${field} is ${JSON.stringify(found[field])}, not ${JSON.stringify(expected[field])}`);
        }
    }
    for (const variable of expected.variables) {
        const kept = found.variables.find((candidate) => candidate.name === variable.name);
        if (!kept) {
            messages.push(`Omni did not keep variable ${variable.name}`);
            continue;
        }
        if (kept.isSecret !== variable.isSecret) {
            const written = variable.isSecret ? 'secret' : 'not secret';
            messages.push(`variable ${variable.name} is ${kept.isSecret ? 'secret' : 'not secret'} in Omni; it was written as ${written}`);
            continue;
        }
        if (!variable.isSecret && kept.value !== variable.value) {
            messages.push(`variable ${variable.name} is ${JSON.stringify(kept.value)}, not ${JSON.stringify(variable.value)}`);
        }
    }
    return messages;
}


/***/ }),

/***/ 9814:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  J_: () => (/* binding */ HintedError),
  Uc: () => (/* binding */ describeError),
  _5: () => (/* binding */ runConnection)
});

// EXTERNAL MODULE: ./build/src/core/omni/errors.js
var errors = __webpack_require__(8812);
// EXTERNAL MODULE: ./build/src/core/config/dbt-settings.js
var dbt_settings = __webpack_require__(3582);
;// CONCATENATED MODULE: ./build/src/core/plan/diff.js
// Pure comparison of the desired dbt configuration with the live one (README, "What a run does").

/** Fields in the order reports show them: the table's (config/dbt-settings.ts). */
const DBT_FIELDS = dbt_settings/* DBT_SETTING_KEYS */.hj;
/**
 * Omni treats some values as one: `projectRootPath` "" and null both mean the repository
 * root, and `dbtVersion` null means "Auto" (README, "What a run does"). Normalising both sides first keeps
 * the diff free of changes that would not change anything.
 */
function normaliseField(field, value) {
    if (field === 'projectRootPath' && value === '')
        return null;
    if (field === 'dbtVersion' && value === null)
        return 'Auto';
    return value;
}
function diffDbtConfig(desired, live) {
    if (!live.supportsDbt) {
        return {
            ok: false,
            error: `This connection's database does not support dbt (Omni says: "${live.message}").`,
            hint: 'Remove the connection from omni-dbt.yml, or check that the id is the connection you meant.',
        };
    }
    const changes = [];
    for (const field of DBT_FIELDS) {
        // A field the file leaves out and the contract gives no default (dbtVersion) is neither sent nor compared.
        if (!(field in desired))
            continue;
        const to = desired[field];
        const from = live.isConfigured ? live[field] : null;
        if (live.isConfigured && normaliseField(field, from) === normaliseField(field, to))
            continue;
        changes.push({ field, from, to });
    }
    if (!live.isConfigured)
        return { ok: true, action: 'create', changes };
    return { ok: true, action: changes.length > 0 ? 'update' : 'unchanged', changes };
}

// EXTERNAL MODULE: ./build/src/core/plan/environments.js
var environments = __webpack_require__(9271);
// EXTERNAL MODULE: ./build/src/core/config/cron.js
var cron = __webpack_require__(6090);
;// CONCATENATED MODULE: ./build/src/core/plan/schedules.js
// Pure plan of a connection's schema refresh schedules: the file's (schedule, timezone) pairs against
// Omni's list (contract/models.openapi.yaml, connectionsSchedules*), the exact bodies to send, and the
// read-back check. Rules: README "Schema refresh schedules" (a pair is created or left alone, never
// updated; a disabled schedule counts as present and is never re-enabled).

const DISABLED_SCHEDULE_NOTE = 'disabled in Omni: it counts as present, and the action never re-enables it (enable it in Omni)';
const DUPLICATE_SCHEDULE_NOTE = 'the same schedule and time zone as another one in Omni; only one of them is kept with pruneSchemaRefreshSchedules';
/** How a pair is shown in plans and messages. */
function describeSchedulePair(pair) {
    return `${(0,cron/* normaliseCron */.nx)(pair.schedule)} (${pair.timezone.trim()})`;
}
/**
 * The file's pairs against Omni's schedules. A pair of the file that Omni has is `unchanged` (also
 * when Omni's is disabled: it is listed with `isDisabled` and the disabled note, never re-enabled or
 * created again); one that Omni lacks is a `create` with the exact body (the cron in its normal form).
 * Omni's schedules whose pair the file lacks are `unmanaged`, or `delete` with `isPruning`.
 *
 * Two or more of Omni's schedules with one pair: the one the file's pair is matched to is the first
 * enabled one, else the first, in Omni's order; the others are extra copies, `unmanaged` with the
 * duplicate note, or `delete` with `isPruning` (the file asks for the pair once). Entries come in the
 * file's order, then Omni's leftovers in Omni's order. The file's own duplicates are refused by config
 * validation before this runs; here a repeated pair of the file is planned once.
 */
function planSchedules({ desired, live, isPruning }) {
    const matched = new Set();
    const planned = new Set();
    const entries = [];
    for (const pair of desired) {
        const key = (0,cron/* schedulePairKey */.x5)(pair);
        if (planned.has(key))
            continue;
        planned.add(key);
        const candidates = live.filter((schedule) => (0,cron/* schedulePairKey */.x5)(schedule) === key);
        const match = candidates.find((schedule) => schedule.disabledAt === null) ?? candidates[0];
        if (match) {
            matched.add(match);
            entries.push({
                ...describeLive(match),
                action: 'unchanged',
                changes: [],
                ...(pair.position ? { position: pair.position } : {}),
            });
            continue;
        }
        const body = { schedule: (0,cron/* normaliseCron */.nx)(pair.schedule), timezone: pair.timezone.trim() };
        entries.push({
            action: 'create',
            name: describeSchedulePair(body),
            ...body,
            changes: [
                { field: 'schedule', from: null, to: body.schedule },
                { field: 'timezone', from: null, to: body.timezone },
            ],
            body,
            ...(pair.position ? { position: pair.position } : {}),
        });
    }
    for (const schedule of live) {
        if (matched.has(schedule))
            continue;
        const isDuplicate = planned.has((0,cron/* schedulePairKey */.x5)(schedule));
        const entry = describeLive(schedule);
        if (isPruning)
            entries.push({ ...entry, action: 'delete', changes: [] });
        else {
            const note = isDuplicate ? DUPLICATE_SCHEDULE_NOTE : entry.note;
            entries.push({ ...entry, action: 'unmanaged', changes: [], ...(note ? { note } : {}) });
        }
    }
    return entries;
}
function describeLive(schedule) {
    const isDisabled = schedule.disabledAt !== null;
    return {
        name: describeSchedulePair(schedule),
        schedule: schedule.schedule,
        timezone: schedule.timezone,
        scheduleId: schedule.scheduleId,
        isDisabled,
        description: schedule.description,
        ...(isDisabled ? { note: DISABLED_SCHEDULE_NOTE } : {}),
    };
}
/** The number of schedules a plan creates or deletes. */
function countScheduleChanges(entries) {
    return entries.filter((entry) => entry.action === 'create' || entry.action === 'delete').length;
}
function hasScheduleChanges(entries) {
    return countScheduleChanges(entries) > 0;
}
/**
 * After apply: compares the schedules read back with what the applied entries wrote. A created pair
 * must be there (once at least); a deleted schedule's id must be gone. Entries not written
 * (unchanged, unmanaged) are not checked.
 */
function verifyScheduleWrites(entries, readBack) {
    const differences = [];
    for (const entry of entries) {
        if (entry.action === 'create') {
            const key = (0,cron/* schedulePairKey */.x5)(entry.body);
            if (!readBack.some((schedule) => (0,cron/* schedulePairKey */.x5)(schedule) === key)) {
                differences.push({ schedule: entry.name, message: `schedule ${entry.name} is missing` });
            }
        }
        else if (entry.action === 'delete') {
            if (readBack.some((schedule) => schedule.scheduleId === entry.scheduleId)) {
                differences.push({ schedule: entry.name, message: `deleted schedule ${entry.name} is still there` });
            }
        }
    }
    return differences;
}

// EXTERNAL MODULE: ./build/src/core/run/environments.js
var run_environments = __webpack_require__(5518);
// EXTERNAL MODULE: ./build/src/core/run/parts.js
var parts = __webpack_require__(8109);
// EXTERNAL MODULE: ./build/src/core/run/write-parts.js
var write_parts = __webpack_require__(1635);
;// CONCATENATED MODULE: ./build/src/core/run/schedules.js




/** The plan's entries as results: what a dry-run reports, and where an apply starts from. */
function describeSchedulePlan(entries, mode) {
    return entries.map((entry) => ({
        name: entry.name,
        action: entry.action,
        status: (0,parts/* statusBeforeWrite */.Pc)(entry.action, mode),
        changes: entry.changes,
        schedule: entry.schedule,
        timezone: entry.timezone,
        isDisabled: entry.action === 'create' ? false : entry.isDisabled,
        ...(entry.action !== 'create' && entry.note !== undefined ? { note: entry.note } : {}),
    }));
}
/**
 * Writes the plan's changes: creates in the file's order, then deletes (so that replacing a schedule never
 * leaves the connection without one for longer than it must). Stops at the first failure or once `signal`
 * aborts. A schedule is its pair: the plan never updates one, so no PUT is sent.
 */
async function writeSchedules(connectionId, entries, client, signal, describeSkip) {
    const results = describeSchedulePlan(entries, 'apply');
    const order = [
        ...entries.filter((entry) => entry.action === 'create'),
        ...entries.filter((entry) => entry.action === 'delete'),
    ];
    const { written, failure } = await (0,write_parts/* writePartsInOrder */.zW)(order, (entry) => results[entries.indexOf(entry)], async (entry, result) => {
        if (entry.action === 'create') {
            await client.createSchedule(connectionId, entry.body);
        }
        else if (entry.action === 'delete') {
            // `absent`: Omni answered 404 and the connection's list no longer holds it (schedules.ts checks).
            if ((await client.deleteSchedule(connectionId, entry.scheduleId)) === 'absent') {
                result.note = run_environments/* GONE_ALREADY_NOTE */.CN;
            }
        }
    }, signal, describeSkip);
    return {
        results,
        written,
        ...(failure === undefined ? {} : { failure: { schedule: failure.entry.name, error: failure.error } }),
    };
}
/**
 * Marks every written entry that the schedules read back after writing do not show as failed, and returns
 * the differences, one line each. Entries are told apart by place, not name: an extra copy that prune deleted
 * has the name of the one kept.
 */
function checkScheduleReadBack(entries, written, readBack, results) {
    return written.flatMap((entry) => {
        const differences = verifyScheduleWrites([entry], readBack);
        const result = results[entries.indexOf(entry)];
        for (const difference of differences) {
            if (result !== undefined)
                (0,write_parts/* markNotKept */.ds)(result, difference.message);
        }
        return differences.map((difference) => difference.message);
    });
}

;// CONCATENATED MODULE: ./build/src/core/run/connection.js








/** Runs one connection to exactly one result, whatever happens; its action is that of the whole connection. */
async function runConnection(connection, context) {
    const result = await runConnectionSteps(connection, context);
    return { ...result, action: (0,parts/* deriveConnectionAction */.AH)(result) };
}
async function runConnectionSteps(connection, context) {
    const { client, mode, force, rotateKeys, signal } = context;
    const { connectionId } = connection;
    const base = {
        connectionId,
        name: connection.name,
        status: 'skipped',
        changes: [],
        rotateKeys: false,
    };
    const skip = (result, cause) => ({
        ...result,
        status: 'skipped',
        error: context.describeSkip(cause),
    });
    const fail = (result, error, what = '') => ({
        ...result,
        status: 'failed',
        ...describeError(error, context.terms, what),
    });
    /** A read failed: a 401 stops the run; a read cut short by cancellation is a skip. */
    const failRead = (result, error) => {
        const isUnauthorized = context.reportFailure(error);
        if (!isUnauthorized && signal.aborted)
            return skip(result, error);
        return fail(result, error);
    };
    // read the settings
    if (signal.aborted)
        return skip(base);
    let live;
    try {
        live = await client.getDbtConfig(connectionId);
    }
    catch (error) {
        return failRead(base, error);
    }
    // plan the settings: a PUT sent with nothing differing (force, rotate-keys) updates them all the same
    const plan = diffDbtConfig(connection.body, live);
    if (!plan.ok)
        return { ...base, status: 'failed', error: plan.error, hint: plan.hint };
    const needsPut = plan.action !== 'unchanged' || force || rotateKeys;
    let settings = {
        action: plan.action === 'unchanged' && needsPut ? 'update' : plan.action,
        status: !needsPut ? 'unchanged' : mode === 'dry-run' ? 'planned' : 'skipped',
    };
    let planned = { ...base, settings, changes: plan.changes, rotateKeys };
    // read and plan the environments, when the file manages them
    const desired = connection.environments?.map((environment) => (0,environments/* resolveEnvironment */.g9)(environment, context.stepEnv));
    /** The environments' plan, once Omni's list could be read (before the settings' write, or after it). */
    let entries;
    if (desired !== undefined) {
        // A connection not configured yet has only the default environment Omni will make: every variable of
        // the file is created, so every `fromEnv` value is needed, and that is known before anything is written.
        let environments = [run_environments/* PREDICTED_DEFAULT_ENVIRONMENT */.NL];
        if (live.isConfigured) {
            try {
                environments = await client.listEnvironments(connectionId);
            }
            catch (error) {
                return failRead(planned, error);
            }
        }
        const environmentPlan = planFor(connection, desired, environments, context);
        if (!environmentPlan.ok) {
            return { ...planned, status: 'failed', error: environmentPlan.error, hint: environmentPlan.hint };
        }
        const described = { ...planned, environments: (0,run_environments/* describeEnvironmentPlan */.Wt)(environmentPlan.entries, mode) };
        // A value is needed only where it is sent or compared (README, "dbt environments").
        if (environmentPlan.unresolved.length > 0) {
            const said = (0,run_environments/* describeUnresolved */.Rf)(environmentPlan.unresolved, context.terms);
            if (mode === 'apply') {
                // Refused before any write: half a connection's environments is worse than none.
                return {
                    ...skipEnvironments(described, NOT_ATTEMPTED_UNRESOLVED),
                    status: 'failed',
                    error: `${said.error}; nothing of this connection was written.`,
                    hint: said.hint,
                };
            }
            planned = {
                ...planned,
                warnings: [`${said.error}, so an apply would fail this connection. ${said.hint}`],
            };
        }
        // Against the predicted default only a dry-run goes on: an apply plans again once Omni has made it.
        if (live.isConfigured || mode === 'dry-run') {
            entries = environmentPlan.entries;
            planned = { ...planned, environments: described.environments };
        }
    }
    const hasEnvironmentWrites = entries?.some(parts/* isPartWrite */.Py) === true;
    // read and plan the schedules, when the file manages them (README, "Schema refresh schedules")
    let scheduleEntries;
    if (connection.schemaRefreshSchedules !== undefined) {
        let liveSchedules;
        try {
            liveSchedules = await client.listSchedules(connectionId);
        }
        catch (error) {
            return failRead(planned, error);
        }
        scheduleEntries = planSchedules({
            desired: connection.schemaRefreshSchedules,
            live: liveSchedules,
            isPruning: connection.pruneSchemaRefreshSchedules,
        });
        planned = { ...planned, schedules: describeSchedulePlan(scheduleEntries, mode) };
    }
    const hasScheduleWrites = scheduleEntries?.some(parts/* isPartWrite */.Py) === true;
    if (!needsPut &&
        !hasEnvironmentWrites &&
        !hasScheduleWrites &&
        (desired === undefined || entries !== undefined)) {
        return { ...planned, status: 'unchanged' };
    }
    if (mode === 'dry-run')
        return { ...planned, status: 'planned' };
    // write the settings: the full desired state, contract defaults explicit (README, "What a run does")
    let isSettingsWritten = false;
    if (needsPut) {
        if (signal.aborted)
            return skip(planned);
        const body = rotateKeys ? { ...connection.body, rotateKeys: true } : { ...connection.body };
        try {
            await client.putDbtConfig(connectionId, body);
            isSettingsWritten = true;
            settings = { ...settings, status: 'applied' };
            planned = { ...planned, settings, httpStatus: 200 };
        }
        catch (error) {
            // Cancelled while waiting for its turn: nothing was sent, so nothing happened in Omni.
            if (error instanceof errors/* OmniCancelledError */.Xk && !error.wasSent)
                return skip(planned, error);
            context.reportFailure(error);
            const why = error instanceof errors/* OmniCancelledError */.Xk
                ? context.describeSkip()
                : 'Not attempted: the dbt settings of this connection failed.';
            return fail(skipParts({ ...planned, settings: { ...settings, status: 'failed' } }, why), error);
        }
    }
    // then the environments, when the file manages them
    const written = { isSettingsWritten, environmentWrites: 0 };
    if (desired !== undefined) {
        const step = await applyEnvironments(connection, desired, entries, planned, written, context);
        if (!step.ok) {
            const why = step.result.status === 'failed' ? write_parts/* NOT_ATTEMPTED_AFTER_FAILURE */.LR : context.describeSkip();
            return skipParts(step.result, why, ['schedules']);
        }
        planned = step.result;
        written.environmentWrites = step.environmentWrites;
    }
    // then the schedules: creates, then deletes, then the read-back
    if (scheduleEntries !== undefined && hasScheduleWrites) {
        return applySchedules(connectionId, scheduleEntries, planned, written, context);
    }
    return hasWritten(written) ? { ...planned, status: 'applied' } : { ...planned, status: 'unchanged' };
}
function hasWritten(written) {
    return written.isSettingsWritten || written.environmentWrites > 0;
}
/** " The dbt settings and 2 environment write(s) were applied.", or nothing when nothing was. */
function describeWritten(written) {
    const done = [
        ...(written.isSettingsWritten ? ['the dbt settings'] : []),
        ...(written.environmentWrites > 0 ? [`${written.environmentWrites} environment write(s)`] : []),
    ];
    if (done.length === 0)
        return '';
    const text = done.join(' and ');
    return ` ${text.charAt(0).toUpperCase()}${text.slice(1)} were applied.`;
}
/**
 * A part's write failed and the writes after it were not attempted: the connection is skipped when the run
 * was cancelled before anything of it was sent, else failed, saying what was written before.
 */
function endAtFailedWrite(result, error, failed) {
    const { label, noun, writtenBefore, written, context } = failed;
    const isCancelledUnsent = error instanceof errors/* OmniCancelledError */.Xk && !error.wasSent;
    if (isCancelledUnsent && writtenBefore === 0 && !hasWritten(written)) {
        return { ...result, status: 'skipped', error: context.describeSkip(error) };
    }
    context.reportFailure(error);
    const done = writtenBefore === 0 ? '' : ` ${writtenBefore} other ${noun} write(s) were applied.`;
    const what = error instanceof errors/* OmniCancelledError */.Xk
        ? `The run was cancelled while writing ${label}; the writes after it were not attempted.`
        : `Writing ${label} failed; the writes after it were not attempted.`;
    return {
        ...result,
        status: 'failed',
        ...describeError(error, context.terms, `${what}${done}${describeWritten(written)}`),
    };
}
/**
 * The environments' writes of an apply (README, "dbt environments"): planned again for a connection configured
 * just now, written in order, read back. `ok: false` ends the connection with `result`.
 */
async function applyEnvironments(connection, desired, plannedEntries, result, written, context) {
    const { client, mode, signal } = context;
    const { connectionId } = connection;
    const { isSettingsWritten } = written;
    // What the settings' step wrote: the environments come first among the parts.
    const settingsNote = describeWritten(written);
    const fail = (failed, error, what = '') => ({
        ok: false,
        result: { ...failed, status: 'failed', ...describeError(error, context.terms, what) },
    });
    const skip = (skipped, cause) => ({
        ok: false,
        result: { ...skipped, status: 'skipped', error: context.describeSkip(cause) },
    });
    let planned = result;
    let entries = plannedEntries;
    // a connection configured just now: its default environment exists only from here on
    if (entries === undefined) {
        let environments;
        try {
            environments = await client.listEnvironments(connectionId);
        }
        catch (error) {
            context.reportFailure(error);
            return fail(planned, error, `Reading the environments after configuring dbt failed.${settingsNote}`);
        }
        const environmentPlan = planFor(connection, desired, environments, context);
        if (!environmentPlan.ok) {
            return {
                ok: false,
                result: {
                    ...planned,
                    status: 'failed',
                    error: `${environmentPlan.error}${settingsNote}`,
                    hint: environmentPlan.hint,
                },
            };
        }
        planned = { ...planned, environments: (0,run_environments/* describeEnvironmentPlan */.Wt)(environmentPlan.entries, mode) };
        if (environmentPlan.unresolved.length > 0) {
            // Only if the default environment Omni made holds variables the prediction did not: none is written.
            const said = (0,run_environments/* describeUnresolved */.Rf)(environmentPlan.unresolved, context.terms);
            return {
                ok: false,
                result: {
                    ...skipEnvironments(planned, NOT_ATTEMPTED_UNRESOLVED),
                    status: 'failed',
                    error: `${said.error}; no environment of this connection was written.${settingsNote}`,
                    hint: said.hint,
                },
            };
        }
        entries = environmentPlan.entries;
    }
    if (!entries.some(parts/* isPartWrite */.Py))
        return { ok: true, result: planned, environmentWrites: 0 };
    // write the environments, then read them back
    const outcome = await (0,run_environments/* writeEnvironments */.oG)(connectionId, entries, client, signal, context.describeSkip);
    planned = { ...planned, environments: outcome.results };
    if (outcome.failure !== undefined) {
        const { environment, error } = outcome.failure;
        const ended = endAtFailedWrite(planned, error, {
            label: `environment "${environment}"`,
            noun: 'environment',
            writtenBefore: outcome.written.length,
            written,
            context,
        });
        return { ok: false, result: ended };
    }
    if (outcome.written.length === 0) {
        // Cancelled before any environment was written.
        if (!isSettingsWritten)
            return skip(planned);
        return {
            ok: false,
            result: {
                ...planned,
                status: 'failed',
                error: `The run was cancelled after the dbt settings were applied; the environments were not written.`,
            },
        };
    }
    let readBack;
    try {
        readBack = await client.listEnvironments(connectionId);
    }
    catch (error) {
        context.reportFailure(error);
        return fail(planned, error, 'The environments were written, but reading them back to check failed.');
    }
    const results = planned.environments ?? [];
    const differences = (0,run_environments/* checkReadBack */.OU)(outcome.written, readBack, results);
    if (differences.length > 0) {
        return {
            ok: false,
            result: {
                ...planned,
                environments: results,
                status: 'failed',
                error: `Omni did not keep what was written: ${differences.join('; ')}.`,
                hint: 'Check the environments in Omni (Settings → Connections → dbt), then run again: the next plan shows what still differs.',
            },
        };
    }
    return { ok: true, result: planned, environmentWrites: outcome.written.length };
}
/**
 * The schedules' writes of an apply (README, "Schema refresh schedules"): creates, then deletes, stopping at the
 * first failure, then a read-back of the connection's list; anything Omni did not keep fails the connection.
 */
async function applySchedules(connectionId, entries, result, written, context) {
    const { client, signal } = context;
    const earlier = describeWritten(written);
    const outcome = await writeSchedules(connectionId, entries, client, signal, context.describeSkip);
    const planned = { ...result, schedules: outcome.results };
    const fail = (error, what) => ({
        ...planned,
        status: 'failed',
        ...describeError(error, context.terms, what),
    });
    if (outcome.failure !== undefined) {
        const { schedule, error } = outcome.failure;
        return endAtFailedWrite(planned, error, {
            label: `schedule ${schedule}`,
            noun: 'schedule',
            writtenBefore: outcome.written.length,
            written,
            context,
        });
    }
    if (outcome.written.length === 0) {
        // Cancelled before any schedule was written.
        if (!hasWritten(written))
            return { ...planned, status: 'skipped', error: context.describeSkip() };
        return {
            ...planned,
            status: 'failed',
            error: `The run was cancelled before the schedules were written.${earlier}`,
        };
    }
    let readBack;
    try {
        readBack = await client.listSchedules(connectionId);
    }
    catch (error) {
        context.reportFailure(error);
        return fail(error, `The schedules were written, but reading them back to check failed.${earlier}`);
    }
    const results = planned.schedules ?? [];
    const differences = checkScheduleReadBack(entries, outcome.written, readBack, results);
    if (differences.length > 0) {
        return {
            ...planned,
            schedules: results,
            status: 'failed',
            error: `Omni did not keep what was written: ${differences.join('; ')}.`,
            hint: "Check the connection's schema refresh schedules in Omni, then run again: the next plan shows what still differs.",
        };
    }
    return { ...planned, status: 'applied' };
}
const NOT_ATTEMPTED_UNRESOLVED = 'Not attempted: a `fromEnv` value this connection needs is unset.';
function planFor(connection, desired, live, context) {
    return (0,environments/* planEnvironments */.aI)({
        desired,
        live,
        isPruning: connection.pruneEnvironments,
        isUpdatingSecrets: context.isUpdatingSecrets,
    });
}
function skipEnvironments(result, why) {
    if (result.environments === undefined)
        return result;
    const environments = result.environments.map((environment) => environment.status === 'skipped' ? { ...environment, error: why } : environment);
    return { ...result, environments };
}
/** Says why the parts (environments, schedules) an apply did not get to were not written. */
function skipParts(result, why, kinds = ['environments', 'schedules']) {
    const withEnvironments = kinds.includes('environments') ? skipEnvironments(result, why) : result;
    if (!kinds.includes('schedules') || withEnvironments.schedules === undefined)
        return withEnvironments;
    const schedules = withEnvironments.schedules.map((schedule) => schedule.status === 'skipped' && schedule.error === undefined ? { ...schedule, error: why } : schedule);
    return { ...withEnvironments, schedules };
}
/** A failure as a result's fields: `what` happened first, then the error, its status and a hint in `terms`. */
function describeError(error, terms, what) {
    const prefix = what === '' ? '' : `${what} `;
    if (error instanceof errors/* OmniError */.c2) {
        return { error: `${prefix}${error.message}`, httpStatus: error.status, hint: (0,errors/* hintForError */.$O)(error, terms) };
    }
    if (error instanceof HintedError) {
        return { error: `${prefix}${error.message}`, ...(error.hint === undefined ? {} : { hint: error.hint }) };
    }
    return { error: `${prefix}${error instanceof Error ? error.message : String(error)}` };
}
/** An error of the run's own that says what to do about it: describeError carries its hint. */
class HintedError extends Error {
    hint;
    constructor(message, hint) {
        super(message);
        this.hint = hint;
        this.name = 'HintedError';
    }
}


/***/ }),

/***/ 2338:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   q: () => (/* binding */ createRunStop),
/* harmony export */   runConnections: () => (/* binding */ runConnections)
/* harmony export */ });
/* harmony import */ var _omni_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8812);
/* harmony import */ var _connection_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9814);


async function runConnections(options) {
    const { stop } = options;
    const runStop = createRunStop(stop);
    const context = {
        client: options.client,
        mode: options.mode,
        force: options.force,
        rotateKeys: options.rotateKeys,
        isUpdatingSecrets: options.isUpdatingSecrets,
        stepEnv: options.stepEnv,
        terms: options.terms,
        signal: stop.signal,
        reportFailure: runStop.reportFailure,
        describeSkip: runStop.describeSkip,
    };
    const connections = await Promise.all(options.connections.map((connection) => (0,_connection_js__WEBPACK_IMPORTED_MODULE_1__/* .runConnection */ ._5)(connection, context)));
    return { connections, fatalError: runStop.fatalError };
}
/** The one place a run stops on a 401, for every mode (connections here, previews in preview.ts). */
function createRunStop(stop) {
    let fatalError;
    return {
        reportFailure(error) {
            if (!(error instanceof _omni_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OmniError */ .c2 && error.status === 401))
                return false;
            fatalError ??= 'Omni refused the API token (401).';
            stop.abort();
            return true;
        },
        describeSkip: (cause) => {
            if (fatalError !== undefined)
                return 'Not attempted: Omni refused the API token (401), so the run stopped.';
            if (cause instanceof _omni_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OmniCancelledError */ .Xk && cause.wasSent) {
                return cause.method === 'GET'
                    ? `In flight when the run was cancelled: the read (${cause.method} ${cause.path}) was cut short, and nothing of this connection was written.`
                    : `In flight when the run was cancelled: ${cause.method} ${cause.path} may or may not have taken effect.`;
            }
            return 'Not attempted: the run was cancelled.';
        },
        get fatalError() {
            return fatalError;
        },
    };
}


/***/ }),

/***/ 5518:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CN: () => (/* binding */ GONE_ALREADY_NOTE),
/* harmony export */   NL: () => (/* binding */ PREDICTED_DEFAULT_ENVIRONMENT),
/* harmony export */   OU: () => (/* binding */ checkReadBack),
/* harmony export */   Rf: () => (/* binding */ describeUnresolved),
/* harmony export */   Wt: () => (/* binding */ describeEnvironmentPlan),
/* harmony export */   oG: () => (/* binding */ writeEnvironments)
/* harmony export */ });
/* harmony import */ var _plan_environments_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9271);
/* harmony import */ var _parts_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8109);
/* harmony import */ var _write_parts_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1635);



/**
 * Omni makes a default environment when dbt is first configured on a connection (docs.omni.co, quoted
 * in contract/dbt-environments.openapi.yaml). A dry-run of a connection not configured yet plans against
 * it, so that a file environment of the same name shows as the update that the apply will make.
 */
const PREDICTED_DEFAULT_ENVIRONMENT = {
    id: 'not-created-yet',
    isDefaultEnvironment: true,
    name: 'Production',
    ownerId: null,
    targetDatabase: null,
    targetName: null,
    targetRole: null,
    targetSchema: 'public',
    variables: [],
};
/** The plan's entries as results: what a dry-run reports, and where an apply starts from. */
function describeEnvironmentPlan(entries, mode) {
    return entries.map((entry) => {
        const notes = [
            'note' in entry ? entry.note : undefined,
            'unmanagedVariables' in entry && entry.unmanagedVariables.length > 0
                ? `Variables in Omni that the file does not list are kept: ${entry.unmanagedVariables.join(', ')}.`
                : undefined,
            'uncheckedVariables' in entry ? describeUnchecked(entry.uncheckedVariables) : undefined,
        ].filter((note) => note !== undefined);
        return {
            name: entry.name,
            action: entry.action,
            status: (0,_parts_js__WEBPACK_IMPORTED_MODULE_0__/* .statusBeforeWrite */ .Pc)(entry.action, mode),
            changes: entry.changes,
            ...(notes.length === 0 ? {} : { note: notes.join(' ') }),
        };
    });
}
/** Said of secret variables whose `fromEnv` is unset where the value is not needed (README, "dbt environments"). */
function describeUnchecked(unchecked) {
    if (unchecked.length === 0)
        return undefined;
    const isOne = unchecked.length === 1;
    const variables = unchecked.map((item) => item.variable).join(', ');
    const envNames = unchecked.map((item) => item.envName).join(', ');
    return isOne
        ? `Variable ${variables} was not checked: ${envNames} is not set, and Omni already holds its secret value, which is kept.`
        : `Variables ${variables} were not checked: ${envNames} are not set, and Omni already holds their secret values, which are kept.`;
}
/**
 * Says which `fromEnv` variables are unset where their value is needed (a variable to create, to send
 * again or to compare), in the front end's terms, and how to set them.
 */
function describeUnresolved(unresolved, terms) {
    const why = {
        create: 'to create it',
        secrecy: 'to change whether it is secret',
        compare: "to compare it with Omni's value (secret: false)",
        'send-again': `to send it again (${terms.updateSecrets})`,
    };
    const names = unresolved.map((item) => `${item.envName} (variable ${item.variable} of environment "${item.environment}", ${why[item.need]})`);
    const envNames = [...new Set(unresolved.map((item) => item.envName))];
    return {
        error: `${names.join(', ')} ${unresolved.length === 1 ? 'is' : 'are'} unset or empty in ${terms.fromEnvSource}`,
        hint: terms.describeFromEnvFix(envNames),
    };
}
/**
 * Writes the plan's changes: creates and updates in the file's order, then deletes (so that a rename
 * never leaves the connection without an environment). Stops at the first failure or once `signal` aborts.
 */
async function writeEnvironments(connectionId, entries, client, signal, describeSkip) {
    const results = describeEnvironmentPlan(entries, 'apply');
    const environmentIds = new Map();
    const resultOf = (entry) => results[entries.indexOf(entry)];
    // Every plan keeps Omni's default environment; this is where a delete would be sent, so it checks too.
    const isDefaultDelete = (entry) => entry.action === 'delete' && entry.isDefaultEnvironment;
    for (const entry of entries.filter(isDefaultDelete)) {
        const result = resultOf(entry);
        if (result === undefined)
            continue;
        Object.assign(result, { action: 'unmanaged', status: 'unmanaged', note: _plan_environments_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_ENVIRONMENT_NOTE */ .pU });
    }
    const order = [
        ...entries.filter((entry) => entry.action === 'create' || entry.action === 'update'),
        ...entries.filter((entry) => entry.action === 'delete' && !isDefaultDelete(entry)),
    ];
    const { written, failure } = await (0,_write_parts_js__WEBPACK_IMPORTED_MODULE_2__/* .writePartsInOrder */ .zW)(order, resultOf, async (entry, result) => {
        const { environmentId, note } = await writeEntry(connectionId, entry, client);
        if (environmentId !== undefined)
            environmentIds.set(entry, environmentId);
        if (note !== undefined)
            result.note = note;
    }, signal, describeSkip);
    return {
        results,
        written,
        environmentIds,
        ...(failure === undefined ? {} : { failure: { environment: failure.entry.name, error: failure.error } }),
    };
}
/** Said of a DELETE answered 404 whose environment the list then showed gone. */
const GONE_ALREADY_NOTE = 'Omni answered 404 and no longer lists it: it was deleted already.';
/** Sends one entry's write; returns the id of the environment created or updated. */
async function writeEntry(connectionId, entry, client) {
    switch (entry.action) {
        case 'create':
            return { environmentId: (await client.createEnvironment(connectionId, entry.body)).id };
        case 'update':
            await client.updateEnvironment(connectionId, entry.environmentId, entry.body);
            return { environmentId: entry.environmentId };
        case 'delete':
            // `absent`: Omni answered 404 and the connection's list no longer holds it (omni/environments.ts checks).
            if ((await client.deleteEnvironment(connectionId, entry.environmentId)) === 'absent') {
                return { note: GONE_ALREADY_NOTE };
            }
            return {};
        default:
            return {};
    }
}
/**
 * Reads the environments back after writing and marks every written entry Omni did not keep as failed.
 * Returns the differences, one line each (never a secret value).
 */
function checkReadBack(written, readBack, results) {
    const differences = (0,_plan_environments_js__WEBPACK_IMPORTED_MODULE_1__/* .verifyEnvironmentWrites */ .FC)(written, readBack);
    for (const difference of differences) {
        const result = results.find((candidate) => candidate.name === difference.environment);
        if (result !== undefined)
            (0,_write_parts_js__WEBPACK_IMPORTED_MODULE_2__/* .markNotKept */ .ds)(result, difference.message);
    }
    return differences.map((difference) => `environment "${difference.environment}": ${difference.message}`);
}


/***/ }),

/***/ 1635:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LR: () => (/* binding */ NOT_ATTEMPTED_AFTER_FAILURE),
/* harmony export */   ds: () => (/* binding */ markNotKept),
/* harmony export */   zW: () => (/* binding */ writePartsInOrder)
/* harmony export */ });
/** Said of a part's write not attempted because an earlier write of its connection failed. */
const NOT_ATTEMPTED_AFTER_FAILURE = 'Not attempted: an earlier write of this connection failed.';
/** Marks a written part that Omni's read-back does not show as written: failed, with what differs. */
function markNotKept(result, message) {
    result.status = 'failed';
    const said = `Omni did not do what was written: ${message}.`;
    result.error = result.error === undefined ? said : `${result.error} ${said}`;
}
/**
 * Sends `write` for each entry of `order` whose result `resultOf` finds, one at a time: its result is then
 * `applied`, or `failed` with the error's message. After a failure, or once `signal` aborts, the rest are
 * not sent and their results say why (`status` stays as the plan left it).
 */
async function writePartsInOrder(order, resultOf, write, signal, describeSkip) {
    const written = [];
    let failure;
    for (const entry of order) {
        const result = resultOf(entry);
        if (result === undefined)
            continue;
        if (failure !== undefined) {
            result.error = NOT_ATTEMPTED_AFTER_FAILURE;
            continue;
        }
        if (signal.aborted) {
            result.error = describeSkip();
            continue;
        }
        try {
            await write(entry, result);
            result.status = 'applied';
            written.push(entry);
        }
        catch (error) {
            result.status = 'failed';
            result.error = error instanceof Error ? error.message : String(error);
            failure = { entry, error };
        }
    }
    return { written, ...(failure === undefined ? {} : { failure }) };
}


/***/ })

};
