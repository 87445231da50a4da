export const id = 807;
export const ids = [807];
export const modules = {

/***/ 9807:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   buildImportDocument: () => (/* binding */ buildImportDocument)
/* harmony export */ });
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);
/* harmony import */ var _core_config_cron_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6090);
/* harmony import */ var _core_config_dbt_settings_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3582);
/* harmony import */ var _core_config_load_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9173);
/* harmony import */ var _core_config_schema_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6873);
/* harmony import */ var _core_plan_diff_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(254);
/* harmony import */ var _core_plan_environments_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(9271);
/* harmony import */ var _core_plan_schedules_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(111);
/* harmony import */ var _core_plural_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(1679);
// Pure: builds the omni-dbt.yml that adopts existing connections as they are, from their live dbt
// configuration, shared dbt environments and schema refresh schedules. Settings every connection shares go
// into `defaults`; the rest stay per connection. Secret variables become `{ fromEnv: NAME }`: Omni never
// answers their values.









function describeEntry(entry) {
    return entry.name === undefined ? entry.connectionId : `${entry.name} (${entry.connectionId})`;
}
/** The settings to write for one connection, or why it cannot be imported. */
function extractSettings(entry) {
    const { live } = entry;
    const who = describeEntry(entry);
    if (!live.supportsDbt) {
        return {
            error: `${who}: this connection's database does not support dbt (Omni says: "${live.message}").`,
        };
    }
    if (!live.isConfigured) {
        return {
            error: `${who}: dbt is not configured on this connection yet, so there is nothing to import. Add it to omni-dbt.yml by hand and let apply create it.`,
        };
    }
    const warnings = [];
    const settings = {};
    for (const key of _core_config_dbt_settings_js__WEBPACK_IMPORTED_MODULE_2__/* .DBT_SETTING_KEYS */ .hj) {
        const setting = _core_config_dbt_settings_js__WEBPACK_IMPORTED_MODULE_2__/* .DBT_SETTINGS */ .xp[key];
        // Omni's equivalent values are one (README, "What a run does"): "" is null, a null dbtVersion "Auto".
        const value = (0,_core_plan_diff_js__WEBPACK_IMPORTED_MODULE_5__/* .normaliseField */ .vU)(key, live[key]);
        // A value equal to the contract's null default says nothing: leaving the key out says the same, quietly.
        if (value === null && setting.contractDefault === null)
            continue;
        if (setting.file.safeParse(value).success) {
            settings[key] = value;
            continue;
        }
        // The GET contract types some settings more loosely (dbtVersion: any string) than the PUT body.
        warnings.push(`${who}: Omni reports ${key} ${JSON.stringify(value)}, which the PUT body does not accept${key === 'dbtVersion' ? ` (${_core_config_dbt_settings_js__WEBPACK_IMPORTED_MODULE_2__/* .DBT_VERSIONS */ .Jz.join(', ')})` : ''}; it was left out of the file, so it is neither compared nor changed.`);
    }
    return { settings, warnings };
}
/** A name GitHub's `env:` and a shell accept, made from a variable's name. */
function toEnvName(text) {
    const name = text.replace(/[^A-Za-z0-9_]/g, '_');
    return _core_config_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .ENV_NAME_PATTERN */ .jg.test(name) ? name : `_${name}`;
}
/**
 * Names the step's environment variable of each secret: the variable's own name, unless several secrets
 * of the file share it. Their values may differ, and one name would send one value to all of them.
 */
function nameSecrets(secrets) {
    const countOf = (names, name) => names.filter((candidate) => candidate === name).length;
    const bases = secrets.map((secret) => toEnvName(secret.variable));
    const names = new Map();
    const taken = new Set();
    for (const [index, secret] of secrets.entries()) {
        const base = bases[index];
        const candidate = countOf(bases, base) === 1 ? base : `${base}_${toEnvName(secret.environment).toUpperCase()}`;
        let name = candidate;
        for (let suffix = 2; taken.has(name); suffix += 1)
            name = `${candidate}_${suffix}`;
        taken.add(name);
        names.set(secret.key, name);
    }
    return names;
}
function isPreviewEnvironment(environment) {
    return environment.variables.some((variable) => variable.name === _core_config_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .PREVIEW_MARKER_VARIABLE */ .xF);
}
/** The default environment first (it exists on every configured connection), then by name. */
function orderEnvironments(environments) {
    return [...environments].sort((a, b) => Number(b.isDefaultEnvironment) - Number(a.isDefaultEnvironment) ||
        a.name.localeCompare(b.name, 'en') ||
        a.name.localeCompare(b.name));
}
/**
 * The shared environments to write for each connection (undefined where none were read or none is
 * shared), with warnings for what is left out: personal and preview environments, non-secret variables
 * without a value (the file has no way to say null; they stay in Omni, listed as unmanaged).
 */
function extractEnvironments(entries) {
    const warnings = [];
    const kept = entries.map((entry) => {
        if (entry.environments === undefined)
            return undefined;
        const who = describeEntry(entry);
        const personal = entry.environments.filter((environment) => environment.ownerId !== null);
        if (personal.length > 0) {
            const were = personal.length === 1 ? 'was' : 'were';
            warnings.push(`${who}: ${(0,_core_plural_js__WEBPACK_IMPORTED_MODULE_7__/* .plural */ .L)(personal.length, 'personal environment')} ${were} left out (${personal.map((e) => JSON.stringify(e.name)).join(', ')}); the action never manages personal environments.`);
        }
        const shared = entry.environments.filter((environment) => environment.ownerId === null);
        const previews = shared.filter(isPreviewEnvironment);
        if (previews.length > 0) {
            const were = previews.length === 1 ? 'was' : 'were';
            warnings.push(`${who}: ${(0,_core_plural_js__WEBPACK_IMPORTED_MODULE_7__/* .plural */ .L)(previews.length, 'pull-request preview environment')} ${were} left out (${previews.map((e) => JSON.stringify(e.name)).join(', ')}); \`mode: preview\` manages them.`);
        }
        return orderEnvironments(shared.filter((environment) => !isPreviewEnvironment(environment)));
    });
    const secrets = kept.flatMap((environments, index) => (environments ?? []).flatMap((environment, position) => environment.variables
        .filter((variable) => variable.isSecret)
        .map((variable) => ({
        key: `${index}/${position}/${variable.name}`,
        variable: variable.name,
        environment: environment.name,
    }))));
    const secretNames = nameSecrets(secrets);
    const environments = kept.map((list, index) => {
        if (list === undefined || list.length === 0)
            return undefined;
        const who = describeEntry(entries[index]);
        return list.map((environment, position) => {
            const data = { name: environment.name, targetSchema: environment.targetSchema };
            for (const field of ['targetDatabase', 'targetRole', 'targetName']) {
                const value = environment[field];
                if (value !== null)
                    data[field] = value;
            }
            const variables = {};
            for (const variable of environment.variables) {
                if (variable.isSecret) {
                    const fromEnv = secretNames.get(`${index}/${position}/${variable.name}`);
                    variables[variable.name] = { fromEnv };
                }
                else if (variable.value === null) {
                    warnings.push(`${who}: variable ${variable.name} of environment ${JSON.stringify(environment.name)} has no value in Omni, which the file cannot say; it was left out (kept in Omni as it is).`);
                }
                else {
                    variables[variable.name] = variable.value;
                }
            }
            if (Object.keys(variables).length > 0)
                data.variables = variables;
            return data;
        });
    });
    return { environments, warnings };
}
/**
 * The schedules to write for each connection (undefined where none were read or Omni has none), disabled ones
 * included: they count as present, so the plan lists them unchanged. Left out, with a warning: a pair the file
 * format refuses (a cron or zone Omni took that the action's check does not), and Omni's extra copies of a pair
 * (the file lists each pair once; the plan lists the copies as unmanaged).
 */
function extractSchedules(entries) {
    const warnings = [];
    const schedules = entries.map((entry) => {
        if (entry.schedules === undefined || entry.schedules.length === 0)
            return undefined;
        const who = describeEntry(entry);
        const seen = new Set();
        const kept = [];
        for (const live of entry.schedules) {
            const pair = (0,_core_plan_schedules_js__WEBPACK_IMPORTED_MODULE_6__/* .describeSchedulePair */ .vL)(live);
            if ((0,_core_config_cron_js__WEBPACK_IMPORTED_MODULE_1__/* .checkEventBridgeCron */ .Uj)(live.schedule).length > 0 || (0,_core_config_cron_js__WEBPACK_IMPORTED_MODULE_1__/* .checkTimeZone */ .s5)(live.timezone) !== undefined) {
                warnings.push(`${who}: schedule ${pair} is not written: omni-dbt.yml does not accept its cron or time zone as Omni holds it (omni-dbt validate says why); it stays in Omni, listed as unmanaged.`);
                continue;
            }
            const key = (0,_core_config_cron_js__WEBPACK_IMPORTED_MODULE_1__/* .schedulePairKey */ .x5)(live);
            if (seen.has(key)) {
                warnings.push(`${who}: Omni holds schedule ${pair} more than once; it is written once, and the plan lists the other copies as unmanaged (pruneSchemaRefreshSchedules deletes them).`);
                continue;
            }
            seen.add(key);
            kept.push({ schedule: live.schedule, timezone: live.timezone, isDisabled: live.disabledAt !== null });
        }
        return kept.length === 0 ? undefined : kept;
    });
    return { schedules, warnings };
}
/** Splits the settings into those all connections share (defaults) and the rest. */
function factorDefaults(all) {
    // One connection has nothing to share: its settings read better beside its id.
    if (all.length < 2)
        return { defaults: {}, rest: all };
    const defaults = {};
    for (const key of _core_plan_diff_js__WEBPACK_IMPORTED_MODULE_5__/* .DBT_FIELDS */ .Xq) {
        const values = all.map((settings) => settings[key]);
        const first = values[0];
        if (first !== undefined && values.every((value) => value === first))
            defaults[key] = first;
    }
    const rest = all.map((settings) => Object.fromEntries(Object.entries(settings).filter(([key]) => !(key in defaults))));
    return { defaults, rest };
}
function orderSettings(settings) {
    const ordered = {};
    for (const key of _core_plan_diff_js__WEBPACK_IMPORTED_MODULE_5__/* .DBT_FIELDS */ .Xq) {
        const value = settings[key];
        if (value !== undefined)
            ordered[key] = value;
    }
    return ordered;
}
function renderYaml(entries, defaults, rest, environments, schedules) {
    const data = { version: 1 };
    if (Object.keys(defaults).length > 0)
        data.defaults = orderSettings(defaults);
    data.connections = entries.map((entry, index) => ({
        id: entry.connectionId,
        ...(entry.name === undefined ? {} : { name: entry.name }),
        ...orderSettings(rest[index] ?? {}),
        ...(environments[index] === undefined ? {} : { environments: environments[index] }),
        ...(schedules[index] === undefined
            ? {}
            : {
                schemaRefreshSchedules: schedules[index].map(({ schedule, timezone }) => ({ schedule, timezone })),
            }),
    }));
    const document = new yaml__WEBPACK_IMPORTED_MODULE_0__/* .Document */ .yo(data);
    // Beside each schedule Omni holds disabled, that it is: the file cannot say so, and the action never
    // re-enables it (README, "Schema refresh schedules").
    const connectionNodes = document.get('connections');
    schedules.forEach((list, index) => {
        const nodes = connectionNodes.items[index]?.get('schemaRefreshSchedules');
        list?.forEach((item, position) => {
            const node = nodes?.items[position];
            if (node === undefined)
                return;
            node.flow = true;
            const schedule = node.get('schedule', true);
            // Quoted always: a cron starting with `*` would be a YAML alias, and `?` a mapping key.
            if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(schedule))
                schedule.type = yaml__WEBPACK_IMPORTED_MODULE_0__/* .Scalar */ .X5.QUOTE_DOUBLE;
            if (item.isDisabled)
                node.comment = ' disabled in Omni: it counts as present, and the action never re-enables it';
        });
    });
    const secretNames = [];
    (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .visit */ .YR)(document, {
        Pair(_, pair) {
            // Quoted always, so that nobody later "fixes" it into `dbtVersion: 1.10`, which YAML reads as 1.1.
            if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isPair */ .tO)(pair) && (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(pair.key) && pair.key.value === 'dbtVersion' && (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(pair.value)) {
                pair.value.type = yaml__WEBPACK_IMPORTED_MODULE_0__/* .Scalar */ .X5.QUOTE_DOUBLE;
            }
        },
        Map(_, map) {
            // `{ fromEnv: NAME }` maps are the secrets: one line each, with what to do about it beside it.
            const fromEnv = map.get('fromEnv');
            if (typeof fromEnv !== 'string')
                return;
            map.flow = true;
            map.comment = ` secret: set ${fromEnv} in the step's env: from a GitHub secret`;
            secretNames.push(fromEnv);
        },
    });
    const count = entries.length;
    const secretNote = secretNames.length === 0
        ? ''
        : `\n Omni never answers secret values: set ${secretNames.join(', ')} in the step's env: from GitHub secrets,\n` +
            ' e.g. `' +
            `${secretNames[0]}: \${{ secrets.${secretNames[0]} }}` +
            '`.\n Omni keeps the value it holds: `omni-dbt` needs it in your shell only where it sends it\n' +
            ' (a variable it creates, or `apply --update-secrets`).';
    document.commentBefore =
        ` Written by \`omni-dbt import\` from the live dbt configuration of ${(0,_core_plural_js__WEBPACK_IMPORTED_MODULE_7__/* .plural */ .L)(count, 'connection')}.\n` +
            ' `omni-dbt plan` reports each one unchanged until this file or Omni changes.' +
            secretNote;
    return document.toString({ lineWidth: 0 });
}
/**
 * Builds the file to be written at `file` (named in messages). The result is checked by loading it back the way the action will: every
 * connection must load and plan as `unchanged`, or the import reports why it cannot adopt it.
 */
function buildImportDocument(entries, file = 'omni-dbt.yml') {
    const errors = [];
    const warnings = [];
    const all = [];
    for (const entry of entries) {
        const extracted = extractSettings(entry);
        if ('error' in extracted) {
            errors.push(extracted.error);
            continue;
        }
        warnings.push(...extracted.warnings);
        all.push(extracted.settings);
    }
    if (errors.length > 0)
        return { ok: false, errors };
    if (entries.length === 0)
        return { ok: false, errors: ['No connection to import.'] };
    const { defaults, rest } = factorDefaults(all);
    const extracted = extractEnvironments(entries);
    warnings.push(...extracted.warnings);
    const extractedSchedules = extractSchedules(entries);
    warnings.push(...extractedSchedules.warnings);
    const yaml = renderYaml(entries, defaults, rest, extracted.environments, extractedSchedules.schedules);
    const loaded = (0,_core_config_load_js__WEBPACK_IMPORTED_MODULE_3__/* .loadConfig */ .Z)(yaml, file);
    if (!loaded.ok) {
        // Omni holds a value the file format refuses (an empty branch, say): say which, write nothing.
        const problems = loaded.issues.filter((issue) => issue.severity === 'error').map(_core_config_load_js__WEBPACK_IMPORTED_MODULE_3__/* .formatIssue */ .H);
        return {
            ok: false,
            errors: [`The live configuration cannot be written as a valid omni-dbt.yml:`, ...problems],
        };
    }
    for (const [index, connection] of loaded.config.connections.entries()) {
        const entry = entries[index];
        if (entry === undefined)
            continue;
        const plan = (0,_core_plan_diff_js__WEBPACK_IMPORTED_MODULE_5__/* .diffDbtConfig */ .so)(connection.body, entry.live);
        if (!plan.ok || plan.action !== 'unchanged') {
            const fields = plan.ok ? plan.changes.map((change) => change.field).join(', ') : plan.error;
            errors.push(`${describeEntry(entry)}: the written file would not match Omni (${fields}).`);
        }
        const problem = checkEnvironmentsUnchanged(connection.environments, entry.environments);
        if (problem !== undefined)
            errors.push(`${describeEntry(entry)}: ${problem}`);
        const scheduleProblem = checkSchedulesUnchanged(connection.schemaRefreshSchedules, entry.schedules);
        if (scheduleProblem !== undefined)
            errors.push(`${describeEntry(entry)}: ${scheduleProblem}`);
    }
    if (errors.length > 0)
        return { ok: false, errors };
    const scheduleCount = extractedSchedules.schedules.reduce((sum, list) => sum + (list?.length ?? 0), 0);
    return { ok: true, yaml, warnings: [...warnings, ...loaded.warnings.map(_core_config_load_js__WEBPACK_IMPORTED_MODULE_3__/* .formatIssue */ .H)], scheduleCount };
}
/**
 * Plans the written environments against the live list as a plan would, with every `fromEnv` set (its
 * value is never compared): anything but unchanged or unmanaged means the file does not say what Omni has.
 */
function checkEnvironmentsUnchanged(written, live) {
    if (written === undefined || live === undefined)
        return undefined;
    const everySet = new Proxy({}, { get: () => 'set' });
    const plan = (0,_core_plan_environments_js__WEBPACK_IMPORTED_MODULE_8__/* .planEnvironments */ .aI)({
        desired: written.map((environment) => (0,_core_plan_environments_js__WEBPACK_IMPORTED_MODULE_8__/* .resolveEnvironment */ .g9)(environment, everySet)),
        live,
        isPruning: false,
        isUpdatingSecrets: false,
    });
    if (!plan.ok)
        return `its environments cannot be written as they are: ${plan.error}`;
    const differing = plan.entries.filter((entry) => entry.action !== 'unchanged' && entry.action !== 'unmanaged');
    if (differing.length === 0)
        return undefined;
    const described = differing.map((entry) => `${JSON.stringify(entry.name)}: ${entry.changes.map((change) => change.field).join(', ')}`);
    return `the written environments would not match Omni (${described.join('; ')}).`;
}
/** Plans the written schedules against Omni's as a plan would: anything to create means the file says otherwise. */
function checkSchedulesUnchanged(written, live) {
    if (written === undefined || live === undefined)
        return undefined;
    const created = (0,_core_plan_schedules_js__WEBPACK_IMPORTED_MODULE_6__/* .planSchedules */ .uW)({ desired: written, live, isPruning: false }).filter((entry) => entry.action === 'create');
    if (created.length === 0)
        return undefined;
    return `the written schedules would not match Omni (${created.map((entry) => entry.name).join('; ')}).`;
}


/***/ })

};
