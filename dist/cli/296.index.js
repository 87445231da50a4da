export const id = 296;
export const ids = [296];
export const modules = {

/***/ 254:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Xq: () => (/* binding */ DBT_FIELDS),
/* harmony export */   so: () => (/* binding */ diffDbtConfig),
/* harmony export */   vU: () => (/* binding */ normaliseField)
/* harmony export */ });
/* harmony import */ var _config_dbt_settings_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3582);
// Pure comparison of the desired dbt configuration with the live one (README, "What a run does").

/** Fields in the order reports show them: the table's (config/dbt-settings.ts). */
const DBT_FIELDS = _config_dbt_settings_js__WEBPACK_IMPORTED_MODULE_0__/* .DBT_SETTING_KEYS */ .hj;
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

/***/ 111:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   hg: () => (/* binding */ verifyScheduleWrites),
/* harmony export */   uW: () => (/* binding */ planSchedules),
/* harmony export */   vL: () => (/* binding */ describeSchedulePair)
/* harmony export */ });
/* unused harmony exports DISABLED_SCHEDULE_NOTE, DUPLICATE_SCHEDULE_NOTE, countScheduleChanges, hasScheduleChanges */
/* harmony import */ var _config_cron_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6090);
// Pure plan of a connection's schema refresh schedules: the file's (schedule, timezone) pairs against
// Omni's list (contract/models.openapi.yaml, connectionsSchedules*), the exact bodies to send, and the
// read-back check. Rules: README "Schema refresh schedules" (a pair is created or left alone, never
// updated; a disabled schedule counts as present and is never re-enabled).

const DISABLED_SCHEDULE_NOTE = 'disabled in Omni: it counts as present, and the action never re-enables it (enable it in Omni)';
const DUPLICATE_SCHEDULE_NOTE = 'the same schedule and time zone as another one in Omni; only one of them is kept with pruneSchemaRefreshSchedules';
/** How a pair is shown in plans and messages. */
function describeSchedulePair(pair) {
    return `${(0,_config_cron_js__WEBPACK_IMPORTED_MODULE_0__/* .normaliseCron */ .nx)(pair.schedule)} (${pair.timezone.trim()})`;
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
        const key = (0,_config_cron_js__WEBPACK_IMPORTED_MODULE_0__/* .schedulePairKey */ .x5)(pair);
        if (planned.has(key))
            continue;
        planned.add(key);
        const candidates = live.filter((schedule) => (0,_config_cron_js__WEBPACK_IMPORTED_MODULE_0__/* .schedulePairKey */ .x5)(schedule) === key);
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
        const body = { schedule: (0,_config_cron_js__WEBPACK_IMPORTED_MODULE_0__/* .normaliseCron */ .nx)(pair.schedule), timezone: pair.timezone.trim() };
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
        const isDuplicate = planned.has((0,_config_cron_js__WEBPACK_IMPORTED_MODULE_0__/* .schedulePairKey */ .x5)(schedule));
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
            const key = (0,_config_cron_js__WEBPACK_IMPORTED_MODULE_0__/* .schedulePairKey */ .x5)(entry.body);
            if (!readBack.some((schedule) => (0,_config_cron_js__WEBPACK_IMPORTED_MODULE_0__/* .schedulePairKey */ .x5)(schedule) === key)) {
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


/***/ })

};
