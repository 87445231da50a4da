export const id = 877;
export const ids = [877];
export const modules = {

/***/ 9027:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ou: () => (/* binding */ modelsFromChangedFiles),
/* harmony export */   UR: () => (/* binding */ failsImpact),
/* harmony export */   UX: () => (/* binding */ compareIssues),
/* harmony export */   eQ: () => (/* binding */ findAtRisk),
/* harmony export */   nY: () => (/* binding */ describeImpactVerdict),
/* harmony export */   op: () => (/* binding */ findModelsFolder)
/* harmony export */ });
/* unused harmony exports normaliseIssueText, countImpact, parseRefs */
/**
 * Splits the issues of `before` and `after` into new / existing / resolved. For a preview, before is
 * the shared model and after the branch; for a refresh, before and after the refresh.
 *
 * Identity (README "Impact on Omni"): a content issue is its document (`documentId`), its kind
 * (query, dashboard filter, or the document itself), its query or filter and its message; the query
 * is its `queryId` when both issues have one (a renamed query is the same issue, two ids are two
 * issues even under one name), else its name. A model issue is its message and its `where`. Case and
 * runs of white space are ignored in names, messages and `where`.
 *
 * Duplicates within one side count once (of two duplicates, the one with a `queryId` is kept).
 * `new` and `existing` hold the `after` side's issues (today's names), `resolved` the `before` side's.
 * Every list is sorted: content issues by document name, document id, kind (document, filter,
 * query), query name, query id, message; model issues by `where` (none first), message, errors
 * before warnings. Names and messages sort ignoring case and spacing first, so the order depends on
 * the issues alone, never on the order Omni answered in.
 */
function compareIssues(before, after) {
    return {
        content: splitContentIssues(before.content, after.content),
        model: splitModelIssues(before.model, after.model),
    };
}
/** Lower case, white space trimmed and its runs made one space: how names and messages are compared. */
function normaliseIssueText(text) {
    return (text ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
}
const KIND_ORDER = { document: 0, filter: 1, query: 2 };
function compareText(a, b) {
    if (a === b)
        return 0;
    return a < b ? -1 : 1;
}
/** Case and spacing first ignored, then not: an order that depends on nothing but the texts. */
function compareNames(a, b) {
    return compareText(normaliseIssueText(a), normaliseIssueText(b)) || compareText(a ?? '', b ?? '');
}
function compareContentIssues(a, b) {
    return (compareNames(a.documentName, b.documentName) ||
        compareText(a.documentId, b.documentId) ||
        KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
        compareNames(a.queryName, b.queryName) ||
        compareText(a.queryId ?? '', b.queryId ?? '') ||
        compareNames(a.message, b.message) ||
        compareText(a.identifier, b.identifier) ||
        compareText(a.folderPath ?? '', b.folderPath ?? ''));
}
function compareModelIssues(a, b) {
    return (compareNames(a.where, b.where) ||
        compareNames(a.message, b.message) ||
        Number(a.isWarning) - Number(b.isWarning));
}
/** Issues that can only be the same issue: same document, kind and message. */
function groupKey(issue) {
    return JSON.stringify([issue.documentId, issue.kind, normaliseIssueText(issue.message)]);
}
function groupBy(items, keyOf) {
    const groups = new Map();
    for (const item of items) {
        const key = keyOf(item);
        const group = groups.get(key);
        if (group)
            group.push(item);
        else
            groups.set(key, [item]);
    }
    return groups;
}
/**
 * One side's issues of one group without duplicates: one per `queryId`; of those without an id, one
 * per name, and none whose name an issue with an id already has.
 */
function dedupeGroup(issues) {
    const sorted = [...issues].sort(compareContentIssues);
    const withId = [
        ...groupBy(sorted.filter((issue) => issue.queryId !== null), (issue) => issue.queryId ?? '').values(),
    ].map((group) => group[0]);
    const namesWithId = new Set(withId.map((issue) => normaliseIssueText(issue.queryName)));
    const withoutId = [
        ...groupBy(sorted.filter((issue) => issue.queryId === null), (issue) => normaliseIssueText(issue.queryName)).values(),
    ]
        .map((group) => group[0])
        .filter((issue) => !namesWithId.has(normaliseIssueText(issue.queryName)));
    return [...withId, ...withoutId].sort(compareContentIssues);
}
function splitContentIssues(before, after) {
    const split = { new: [], existing: [], resolved: [] };
    const beforeGroups = groupBy(before, groupKey);
    const afterGroups = groupBy(after, groupKey);
    const keys = new Set([...beforeGroups.keys(), ...afterGroups.keys()]);
    for (const key of keys) {
        const { matched, onlyBefore, onlyAfter } = matchGroup(dedupeGroup(beforeGroups.get(key) ?? []), dedupeGroup(afterGroups.get(key) ?? []));
        split.existing.push(...matched);
        split.resolved.push(...onlyBefore);
        split.new.push(...onlyAfter);
    }
    split.new.sort(compareContentIssues);
    split.existing.sort(compareContentIssues);
    split.resolved.sort(compareContentIssues);
    return split;
}
/**
 * Pairs the issues of one group (same document, kind, message) across the sides: first by equal
 * `queryId`, then by name where at least one of the two has no id. `matched` holds the after side.
 */
function matchGroup(before, after) {
    const unmatchedBefore = new Set(before);
    const matched = [];
    const onlyAfter = [];
    const pair = (afterIssue, isMatch) => {
        const found = [...unmatchedBefore].find(isMatch);
        if (!found)
            return false;
        unmatchedBefore.delete(found);
        matched.push(afterIssue);
        return true;
    };
    const unmatchedAfter = after.filter((afterIssue) => afterIssue.queryId === null ||
        !pair(afterIssue, (candidate) => candidate.queryId === afterIssue.queryId));
    // Left to match by name: pairs where one side has no id. After dedupeGroup, a side has for each
    // name either issues with ids or one issue without: no two pairings compete, and of several
    // issues with ids the first in sort order is taken.
    for (const afterIssue of unmatchedAfter) {
        const isPaired = pair(afterIssue, (candidate) => (candidate.queryId === null || afterIssue.queryId === null) &&
            normaliseIssueText(candidate.queryName) === normaliseIssueText(afterIssue.queryName));
        if (!isPaired)
            onlyAfter.push(afterIssue);
    }
    return { matched, onlyBefore: [...unmatchedBefore], onlyAfter };
}
function modelKey(issue) {
    return JSON.stringify([normaliseIssueText(issue.message), normaliseIssueText(issue.where)]);
}
function splitModelIssues(before, after) {
    const firstOfEach = (issues) => new Map([...groupBy([...issues].sort(compareModelIssues), modelKey)].map(([key, group]) => [key, group[0]]));
    const beforeByKey = firstOfEach(before);
    const afterByKey = firstOfEach(after);
    const split = { new: [], existing: [], resolved: [] };
    for (const [key, issue] of afterByKey) {
        if (!issue)
            continue;
        (beforeByKey.has(key) ? split.existing : split.new).push(issue);
    }
    for (const [key, issue] of beforeByKey) {
        if (issue && !afterByKey.has(key))
            split.resolved.push(issue);
    }
    split.new.sort(compareModelIssues);
    split.existing.sort(compareModelIssues);
    split.resolved.sort(compareModelIssues);
    return split;
}
function countImpact(comparison) {
    const documentsOf = (issues) => new Set(issues.map((issue) => issue.documentId));
    const broken = documentsOf(comparison.content.new);
    const alreadyBroken = documentsOf(comparison.content.existing);
    const fixed = [...documentsOf(comparison.content.resolved)].filter((documentId) => !broken.has(documentId) && !alreadyBroken.has(documentId));
    return {
        brokenDashboards: broken.size,
        brokenQueries: comparison.content.new.length,
        newModelIssues: comparison.model.new.length,
        alreadyBrokenDashboards: alreadyBroken.size,
        fixedDashboards: fixed.length,
    };
}
function countOf(count, singular, plural) {
    return `${count} ${count === 1 ? singular : plural}`;
}
/**
 * The verdict line: "breaks 3 dashboards (5 queries); 1 new model issue; 2 already broken on main;
 * 1 fixed" (figures as `countImpact` defines them). The first part is always there ("breaks no
 * dashboards" when nothing new broke); the others only when their figure is not 0. `baseName` is the
 * branch the preview is compared with; without it (a refresh compares with the model before the
 * refresh) the phrase is "already broken before".
 */
function describeImpactVerdict(comparison, baseName) {
    const counts = countImpact(comparison);
    const parts = [
        counts.brokenDashboards === 0
            ? 'breaks no dashboards'
            : `breaks ${countOf(counts.brokenDashboards, 'dashboard', 'dashboards')} (${countOf(counts.brokenQueries, 'query', 'queries')})`,
    ];
    if (counts.newModelIssues > 0)
        parts.push(countOf(counts.newModelIssues, 'new model issue', 'new model issues'));
    if (counts.alreadyBrokenDashboards > 0) {
        parts.push(`${counts.alreadyBrokenDashboards} already broken ${baseName === undefined ? 'before' : `on ${baseName}`}`);
    }
    if (counts.fixedDashboards > 0)
        parts.push(`${counts.fixedDashboards} fixed`);
    return parts.join('; ');
}
/**
 * The exit decision of README "Impact on Omni", "Exit": `new` fails on any new content or model
 * issue, `any` on any issue of the after side (new or existing), `none` never. Model validation's
 * warnings are issues like the others here: the SPEC makes no exception for them.
 */
function failsImpact(comparison, failOn) {
    const { content, model } = comparison;
    if (failOn === 'new')
        return content.new.length + model.new.length > 0;
    if (failOn === 'any')
        return content.new.length + content.existing.length + model.new.length + model.existing.length > 0;
    return false;
}
const MODEL_FILE = /^(?:.*\/)?([^/]+)\.(?:sql|py)$/;
/**
 * Where the dbt project's models are, relative to the repository's root: `models/` under `projectRootPath`
 * (null or "" is the root; leading `./` or `/` and a trailing `/` are ignored), e.g. `transform/models/`.
 */
function findModelsFolder(projectRootPath) {
    const root = (projectRootPath ?? '').replace(/^(?:\.\/|\/)+/, '').replace(/\/+$/, '');
    return root === '' ? 'models/' : `${root}/models/`;
}
/**
 * The dbt models a pull request changes: `.sql` and `.py` files under `models/` of the dbt project
 * at `projectRootPath` (null or "" is the repository's root; leading `./` or `/` and a trailing `/`
 * are ignored), nested folders included. A model's name is its file's name without the extension.
 * A renamed file counts under its old and its new name (each only where it is a model's path); a
 * copied file under its new name only; an `unchanged` one not at all. Sorted, unique.
 */
function modelsFromChangedFiles(files, projectRootPath) {
    const prefix = findModelsFolder(projectRootPath);
    const modelOf = (filePath) => {
        if (!filePath?.startsWith(prefix))
            return undefined;
        return MODEL_FILE.exec(filePath.slice(prefix.length))?.[1];
    };
    const models = new Set();
    for (const file of files) {
        if (file.status === 'unchanged')
            continue;
        const paths = file.status === 'renamed' ? [file.filename, file.previous_filename] : [file.filename];
        for (const filePath of paths) {
            const model = modelOf(filePath);
            if (model)
                models.add(model);
        }
    }
    return [...models].sort(compareText);
}
// One quoted argument of ref(): 'x' or "x".
const QUOTED = `(?:'([^']*)'|"([^"]*)")`;
const REF = new RegExp(String.raw `^\s*ref\s*\(\s*${QUOTED}(?:\s*,\s*${QUOTED})?(?:\s*,\s*(?:v|version)\s*=\s*[^,()]+)?\s*,?\s*\)\s*$`);
/**
 * The dbt model names of an exposure's `depends_on`: `ref('orders')`, `ref("orders")`,
 * `ref('package', 'orders')` (the model is the last argument), with any spacing and an optional
 * `v=`/`version=` argument. `source(...)`, `metric(...)` and anything else are left out: they name no
 * model a pull request's files can change. Unique, in the order first met.
 */
function parseRefs(dependsOn) {
    const models = new Set();
    for (const entry of dependsOn) {
        const match = REF.exec(entry);
        if (!match)
            continue;
        const model = match[3] ?? match[4] ?? match[1] ?? match[2];
        if (model)
            models.add(model);
    }
    return [...models];
}
/**
 * Per changed model, the dashboards whose dbt exposure depends on it (informational, never a
 * failure). Models that no dashboard uses are left out. Sorted by model; dashboards by name, then
 * identifier, each dashboard once per model.
 */
function findAtRisk(records, changedModels) {
    const changed = new Set(changedModels);
    const byModel = new Map();
    for (const record of records) {
        const { exposure } = record;
        if (!exposure)
            continue;
        for (const model of parseRefs(exposure.dependsOn)) {
            if (!changed.has(model))
                continue;
            const dashboards = byModel.get(model) ?? new Map();
            byModel.set(model, dashboards);
            if (dashboards.has(record.dashboardIdentifier))
                continue;
            dashboards.set(record.dashboardIdentifier, {
                name: exposure.label || exposure.name,
                url: exposure.url,
                identifier: record.dashboardIdentifier,
            });
        }
    }
    return [...byModel]
        .sort(([a], [b]) => compareText(a, b))
        .map(([model, dashboards]) => ({
        model,
        dashboards: [...dashboards.values()].sort((a, b) => compareText(a.name, b.name) || compareText(a.identifier, b.identifier)),
    }));
}


/***/ }),

/***/ 877:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ib: () => (/* binding */ REAL_CLOCK),
/* harmony export */   TU: () => (/* binding */ readIssueSide),
/* harmony export */   nV: () => (/* binding */ ImpactCheckError),
/* harmony export */   zv: () => (/* binding */ checkImpact)
/* harmony export */ });
/* unused harmony export linkDashboard */
/* harmony import */ var _omni_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8812);
/* harmony import */ var _omni_pacer_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6708);
/* harmony import */ var _plan_impact_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9027);
/* harmony import */ var _connection_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9814);
/* harmony import */ var _refresh_job_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1438);





/** The real clock: the poller waits with the run's cancellation. */
const REAL_CLOCK = { now: Date.now, sleep: _omni_pacer_js__WEBPACK_IMPORTED_MODULE_1__/* .sleepUnlessAborted */ .bp };
/** Why the check could not run, with what to do about it (its hint, which describeError carries). */
class ImpactCheckError extends _connection_js__WEBPACK_IMPORTED_MODULE_3__/* .HintedError */ .J_ {
    constructor(message, hint) {
        super(message, hint);
        this.name = 'ImpactCheckError';
    }
}
function settle(promise) {
    return promise.then((value) => ({ ok: true, value }), (error) => ({ ok: false, error }));
}
/**
 * One side's issues of one model: its model validation and its content validator, on a branch or on the
 * shared model. The impact check reads two (branch, shared), `mode: refresh` two per model (before, after).
 */
async function readIssueSide(client, modelId, scope) {
    const { branchId } = scope;
    const options = {
        ...(branchId === undefined ? {} : { branchId }),
        ...(scope.folders.length > 0 ? { folders: scope.folders } : {}),
        ...(scope.labels.length > 0 ? { labels: scope.labels } : {}),
    };
    const [model, content] = await Promise.all([
        client.validateModel(modelId, branchId === undefined ? {} : { branchId }),
        client.validateContent(modelId, options),
    ]);
    return { model, content: content.issues };
}
function readSide(request, branchId) {
    const { folders, labels } = request.config;
    return readIssueSide(request.client, request.modelId, {
        ...(branchId === undefined ? {} : { branchId }),
        folders,
        labels,
    });
}
/** Omni's exposure url when it is http(s) on the instance's host; else the dashboard's own address there. */
function linkDashboard(url, identifier, instanceUrl) {
    const own = `${instanceUrl}/dashboards/${encodeURIComponent(identifier)}`;
    if (url === null)
        return own;
    try {
        const parsed = new URL(url);
        const isSameHost = parsed.host.toLowerCase() === new URL(instanceUrl).host.toLowerCase();
        return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && isSameHost ? parsed.href : own;
    }
    catch {
        return own;
    }
}
/** The dashboards at risk: informational, so any failure but a 401 becomes a note, never the check's failure. */
async function listAtRisk(request) {
    const { projectRootPath } = request;
    if (request.readChangedFiles === undefined) {
        return { atRisk: [], modelFiles: [], note: request.noChangedFilesNote };
    }
    const read = await request.readChangedFiles();
    if (!read.ok) {
        return { atRisk: [], modelFiles: [], note: `No dashboards are listed at risk: ${read.reason}.` };
    }
    const models = (0,_plan_impact_js__WEBPACK_IMPORTED_MODULE_2__/* .modelsFromChangedFiles */ .Ou)(read.files, projectRootPath);
    if (models.length === 0) {
        const none = `No dashboards are at risk: no dbt model changed (no .sql or .py file under ${(0,_plan_impact_js__WEBPACK_IMPORTED_MODULE_2__/* .findModelsFolder */ .op)(projectRootPath)}).`;
        return { atRisk: [], modelFiles: [], note: read.note === undefined ? none : `${none} ${read.note}` };
    }
    let atRisk;
    try {
        atRisk = (0,_plan_impact_js__WEBPACK_IMPORTED_MODULE_2__/* .findAtRisk */ .eQ)(await request.client.listExposures(request.modelId), models);
    }
    catch (error) {
        if (request.reportFailure(error))
            throw error;
        const said = error instanceof Error ? error.message : String(error);
        return {
            atRisk: [],
            modelFiles: [],
            note: `No dashboards are listed at risk: the dbt exposures could not be read (${said}).`,
        };
    }
    const linked = atRisk.map((entry) => ({
        model: entry.model,
        dashboards: entry.dashboards.map((dashboard) => ({
            ...dashboard,
            url: linkDashboard(dashboard.url, dashboard.identifier, request.instanceUrl),
        })),
    }));
    // A renamed file is annotated where it now is; its old path names the model too (plan/impact.ts).
    const modelFiles = linked.map(({ model }) => ({
        model,
        files: read.files
            .filter((file) => (0,_plan_impact_js__WEBPACK_IMPORTED_MODULE_2__/* .modelsFromChangedFiles */ .Ou)([file], projectRootPath).includes(model))
            .map((file) => file.filename),
    }));
    return { atRisk: linked, modelFiles, ...(read.note === undefined ? {} : { note: read.note }) };
}
/** Refreshes the branch's schema and waits for the job; the refresh always carries the branch's id. */
async function refreshBranch(request) {
    const { client, modelId, branch, clock, signal, config } = request;
    if (!config.isRefreshing) {
        return {
            ok: true,
            isRefreshed: false,
            note: "Not refreshed (`impact.refresh: false`): the check saw the branch's schema as Omni last refreshed it.",
        };
    }
    const what = `Refreshing the schema of branch "${branch.name}" failed.`;
    let wait;
    try {
        wait = await (0,_refresh_job_js__WEBPACK_IMPORTED_MODULE_4__/* .refreshSchema */ .tx)({
            client,
            modelId,
            branchId: branch.id,
            subject: `branch "${branch.name}"`,
            timeoutMinutes: config.refreshTimeoutMinutes,
            clock,
            signal,
            ...(request.onProgress === undefined ? {} : { onProgress: request.onProgress }),
        });
    }
    catch (error) {
        if (error instanceof _omni_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OmniBranchRefreshError */ .hf && !error.hasBranchBasedRefresh) {
            const warning = `Omni refused to refresh branch "${branch.name}" on its own: this connection has no branch-based schema refresh. The check saw the branch as it was, which may not be the pull request's schema. Turn on branch-based schema refresh in the connection's settings in Omni, or set \`impact.refresh: false\` to skip the refresh and this warning.`;
            return {
                ok: true,
                isRefreshed: false,
                note: 'Not refreshed: the connection has no branch-based schema refresh in Omni, so the check saw the branch as it was.',
                warning,
            };
        }
        return { ok: false, error, what };
    }
    if (wait.outcome === 'completed')
        return { ok: true, isRefreshed: true };
    const said = (0,_refresh_job_js__WEBPACK_IMPORTED_MODULE_4__/* .describeUnfinishedRefresh */ .gz)({ ...wait, outcome: wait.outcome }, `schema refresh of branch "${branch.name}"`, config.refreshTimeoutMinutes);
    return { ok: false, what, error: new ImpactCheckError(`${said}.`, BRANCH_REFRESH_HINTS[wait.outcome]) };
}
/** What to do when a branch's refresh did not complete (a cancellation needs nothing done). */
const BRANCH_REFRESH_HINTS = {
    failed: "Check the branch's dbt environment (the pull request's schema must exist and be readable) and the refresh in Omni, then re-run; or set `impact.refresh: false` to check the branch as it is.",
    'timed-out': 'Raise `impact.refreshTimeoutMinutes` (up to 60) if refreshes of this model take that long, or look at the refresh in Omni, then re-run.',
    cancelled: undefined,
};
/**
 * Runs the check: the refresh (and its wait), the shared model's side and the dashboards at risk start
 * together (neither depends on the branch's refresh), then the branch's side once its refresh is done.
 */
async function checkImpact(request) {
    const warnings = [];
    const shared = settle(readSide(request, undefined));
    const atRisk = settle(listAtRisk(request));
    const refreshed = await refreshBranch(request);
    if (!refreshed.ok) {
        await Promise.all([shared, atRisk]);
        return { ok: false, error: refreshed.error, what: refreshed.what, warnings };
    }
    if (refreshed.warning !== undefined)
        warnings.push(refreshed.warning);
    const branchSide = await settle(readSide(request, request.branch.id));
    const [sharedSide, atRiskList] = await Promise.all([shared, atRisk]);
    if (!sharedSide.ok) {
        return { ok: false, error: sharedSide.error, what: 'Validating the shared model failed.', warnings };
    }
    if (!branchSide.ok) {
        return {
            ok: false,
            error: branchSide.error,
            what: `Validating branch "${request.branch.name}" failed.`,
            warnings,
        };
    }
    if (!atRiskList.ok) {
        return { ok: false, error: atRiskList.error, what: 'Reading the dbt exposures failed.', warnings };
    }
    const comparison = (0,_plan_impact_js__WEBPACK_IMPORTED_MODULE_2__/* .compareIssues */ .UX)(sharedSide.value, branchSide.value);
    const { config } = request;
    const impact = {
        modelId: request.modelId,
        branchName: request.branch.name,
        ...(request.baseName === undefined ? {} : { baseName: request.baseName }),
        failOn: config.failOn,
        verdict: (0,_plan_impact_js__WEBPACK_IMPORTED_MODULE_2__/* .describeImpactVerdict */ .nY)(comparison, request.baseName),
        isFailing: (0,_plan_impact_js__WEBPACK_IMPORTED_MODULE_2__/* .failsImpact */ .UR)(comparison, config.failOn),
        isRefreshed: refreshed.isRefreshed,
        ...(refreshed.note === undefined ? {} : { refreshNote: refreshed.note }),
        comparison,
        folders: [...config.folders],
        labels: [...config.labels],
        atRisk: atRiskList.value.atRisk,
        ...(atRiskList.value.note === undefined ? {} : { atRiskNote: atRiskList.value.note }),
        modelFiles: atRiskList.value.modelFiles,
        instanceUrl: request.instanceUrl,
    };
    return { ok: true, impact, warnings };
}


/***/ }),

/***/ 1438:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gz: () => (/* binding */ describeUnfinishedRefresh),
/* harmony export */   tx: () => (/* binding */ refreshSchema)
/* harmony export */ });
/* unused harmony exports POLL_SCHEDULE, LONG_WAIT_MS, describePollInterval, waitForRefresh, formatDuration */
/**
 * The poll schedule: the first read 2 s after the refresh started, each later one 0.5 s further apart, up
 * to 5 s (docs.omni.co asks for a poll every 2 to 5 seconds). Reads are never less than 1 s apart, even
 * the last one, moved up to the deadline.
 */
const POLL_SCHEDULE = { firstMs: 2_000, stepMs: 500, maxMs: 5_000, minSpacingMs: 1_000 };
/** A wait longer than this is logged, with its elapsed time, and again each time as long again. */
const LONG_WAIT_MS = 30_000;
/** How long after the previous read (or the start, for `pollIndex` 0) the read `pollIndex` is due. */
function describePollInterval(pollIndex) {
    return Math.min(POLL_SCHEDULE.maxMs, POLL_SCHEDULE.firstMs + POLL_SCHEDULE.stepMs * pollIndex);
}
const FINAL = { completed: 'completed', failed: 'failed' };
/**
 * Reads the job's status on POLL_SCHEDULE until it is final, `timeoutMs` has passed since `startedAt`
 * (`timed-out`: the job may still finish in Omni), or `signal` aborts (`cancelled`). A failing read
 * rejects, as the client's error: whether the job ended is then unknown.
 */
async function waitForRefresh(options) {
    const { job, now, signal, startedAt } = options;
    const deadline = startedAt + options.timeoutMs;
    let polls = 0;
    let lastReadAt = startedAt;
    let state = job.state;
    let nextLongWait = startedAt + LONG_WAIT_MS;
    const finish = (outcome, at = lastReadAt) => ({
        outcome,
        jobId: job.jobId,
        elapsedMs: at - startedAt,
        polls,
    });
    for (;;) {
        const final = FINAL[state];
        if (final !== undefined)
            return finish(final);
        if (signal.aborted)
            return finish('cancelled', now());
        let readAt = lastReadAt + describePollInterval(polls);
        if (readAt > deadline) {
            // One last read at the deadline, unless it would come within a second of the previous one.
            if (deadline - lastReadAt < POLL_SCHEDULE.minSpacingMs)
                return finish('timed-out');
            readAt = deadline;
        }
        const wait = readAt - now();
        if (wait > 0)
            await options.sleep(wait, signal);
        if (signal.aborted)
            return finish('cancelled', now());
        lastReadAt = now();
        polls += 1;
        state = (await options.readStatus(job.jobId)).state;
        if (state === 'running' && now() >= nextLongWait) {
            options.onLongWait?.(now() - startedAt);
            while (nextLongWait <= now())
                nextLongWait += LONG_WAIT_MS;
        }
        if (state === 'running' && lastReadAt >= deadline)
            return finish('timed-out');
    }
}
/** A wait's length as the log says it: `42 s`, `3 min 5 s`. */
function formatDuration(ms) {
    const seconds = Math.round(ms / 1000);
    return seconds < 120 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
/**
 * What became of a refresh that did not complete, for an error, `refresh` naming it ("schema refresh of
 * model …"): "Omni's <refresh> failed (job …, after 2 min 5 s)", "Omni's <refresh> did not finish within
 * 15 min (…); it may still finish in Omni", or "The run was cancelled during Omni's <refresh> (job …); the
 * refresh goes on in Omni". The caller ends the sentence.
 */
function describeUnfinishedRefresh(wait, refresh, timeoutMinutes) {
    const job = `job ${wait.jobId}`;
    switch (wait.outcome) {
        case 'failed':
            return `Omni's ${refresh} failed (${job}, after ${formatDuration(wait.elapsedMs)})`;
        case 'timed-out':
            return `Omni's ${refresh} did not finish within ${timeoutMinutes} min (${job}, still running at the last of ${wait.polls} status reads); it may still finish in Omni`;
        case 'cancelled':
            return `The run was cancelled during Omni's ${refresh} (${job}); the refresh goes on in Omni`;
    }
}
/**
 * Starts the schema refresh and waits for its job (waitForRefresh), saying so as it starts and at each long
 * wait. Rejects as the refresh or a status read does.
 */
async function refreshSchema(options) {
    const { client, modelId, branchId, subject, timeoutMinutes, clock } = options;
    const job = branchId === undefined
        ? await client.startRefresh(modelId)
        : await client.startRefresh(modelId, { branchId });
    // The schedule counts from Omni's answer: the refresh may have waited for the budget before it was sent.
    const startedAt = clock.now();
    options.onProgress?.(`refreshing the schema of ${subject} (job ${job.jobId}); its status is read every 2 to 5 s, for up to ${timeoutMinutes} min`);
    return waitForRefresh({
        job,
        readStatus: (jobId) => client.getJobStatus(jobId),
        timeoutMs: timeoutMinutes * 60_000,
        startedAt,
        now: clock.now,
        sleep: clock.sleep,
        signal: options.signal,
        onLongWait: (elapsedMs) => options.onProgress?.(`still waiting for the schema refresh of ${subject} (job ${job.jobId}): ${formatDuration(elapsedMs)} so far, up to ${timeoutMinutes} min`),
    });
}


/***/ })

};
