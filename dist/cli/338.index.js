export const id = 338;
export const ids = [338];
export const modules = {

/***/ 8620:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  J_: () => (/* binding */ HintedError),
  Uc: () => (/* binding */ describeError),
  _5: () => (/* binding */ runConnection)
});

// EXTERNAL MODULE: ./build/src/core/omni/errors.js
var errors = __webpack_require__(8812);
// EXTERNAL MODULE: ./build/src/core/plan/diff.js
var diff = __webpack_require__(254);
// EXTERNAL MODULE: ./build/src/core/plan/environments.js
var environments = __webpack_require__(9271);
// EXTERNAL MODULE: ./build/src/core/plan/schedules.js
var schedules = __webpack_require__(111);
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
        const differences = (0,schedules/* verifyScheduleWrites */.hg)([entry], readBack);
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
    const plan = (0,diff/* diffDbtConfig */.so)(connection.body, live);
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
        scheduleEntries = (0,schedules/* planSchedules */.uW)({
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
/* harmony import */ var _connection_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8620);


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
