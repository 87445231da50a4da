export const id = 29;
export const ids = [29];
export const modules = {

/***/ 4029:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  c: () => (/* binding */ OpenPullRequestsError),
  runPreview: () => (/* binding */ runPreview)
});

// EXTERNAL MODULE: ./build/src/core/config/schema.js
var schema = __webpack_require__(6873);
// EXTERNAL MODULE: ./build/src/core/omni/errors.js
var errors = __webpack_require__(8812);
// EXTERNAL MODULE: ./build/src/core/plan/environments.js
var environments = __webpack_require__(9271);
;// CONCATENATED MODULE: ./build/src/core/plan/preview.js
// Pure side of preview environments: renders a connection's `preview` block for one pull request,
// marks it with OMNI_DBT_PREVIEW=<owner>/<repo>#<pr>, and decides what to create, update or delete.
// Only environments marked for this repository are ever touched (README "Preview environments").


const SHORT_SHA_LENGTH = 7;
function previewMarker(repository, pr) {
    return `${repository}#${pr}`;
}
/** `{ repository, pr }` from a marker value, or undefined when it is not one. */
function parsePreviewMarker(value) {
    if (typeof value !== 'string')
        return undefined;
    const match = /^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)#([1-9][0-9]{0,9})$/.exec(value);
    if (!match?.[1] || !match[2])
        return undefined;
    return { repository: match[1], pr: Number(match[2]) };
}
/** Replaces `{pr}`, `{head}`, `{base}` and `{sha}` (config validation allows no other braces). */
function renderTemplate(template, context) {
    const values = {
        pr: String(context.pr),
        head: context.head,
        base: context.base,
        sha: context.sha.slice(0, SHORT_SHA_LENGTH),
    };
    return template.replace(/\{(pr|head|base|sha)\}/g, (whole, name) => values[name] ?? whole);
}
/**
 * The pull request's environment as the file describes it, plus its marker variable, read against
 * the contract's create body. `env` is the step's environment for `fromEnv` variables.
 */
function renderPreview(preview, context, env = {}) {
    const render = (template) => (template === null ? null : renderTemplate(template, context));
    const marker = previewMarker(context.repository, context.pr);
    const environment = {
        name: renderTemplate(preview.name, context),
        targetSchema: renderTemplate(preview.targetSchema, context),
        targetDatabase: render(preview.targetDatabase),
        targetRole: render(preview.targetRole),
        targetName: render(preview.targetName),
        variables: [
            ...preview.variables.map((variable) => (0,environments/* resolveVariable */.FL)(variable, env)),
            { name: schema/* PREVIEW_MARKER_VARIABLE */.xF, isSecret: false, value: marker },
        ],
        position: preview.position,
    };
    const problems = [];
    const body = {
        name: environment.name,
        targetSchema: environment.targetSchema,
        targetDatabase: environment.targetDatabase,
        targetRole: environment.targetRole,
        targetName: environment.targetName,
    };
    for (const issue of schema/* dbtEnvironmentCreateBodySchema */.rP.safeParse(body).error?.issues ?? []) {
        const field = String(issue.path[0]);
        problems.push(`preview.${field} renders to ${JSON.stringify(body[field])} for pull request #${context.pr}, which Omni refuses (${issue.message})`);
    }
    let binding;
    if (preview.omniModel !== undefined) {
        const branchName = renderTemplate(preview.omniBranch ?? '{head}', context);
        if (!schema/* CONNECTION_ID_PATTERN */.UO.test(preview.omniModel))
            problems.push('preview.omniModel is not a UUID');
        if (branchName === '')
            problems.push(`preview.omniBranch renders to an empty branch name for #${context.pr}`);
        binding = { modelId: preview.omniModel, branchName };
    }
    return { environment, marker, binding, problems };
}
/**
 * The pull request's environment is the shared one marked for it (update or unchanged); without
 * one it is created, unless an environment that is not this pull request's has the same name: that
 * one was made by a person or for something else, and is never taken over. Further environments
 * marked for the same pull request (left by an earlier failed run) are deleted.
 */
function planPreview({ desired, live, isUpdatingSecrets = false }) {
    const marker = desired.variables.find((variable) => variable.name === schema/* PREVIEW_MARKER_VARIABLE */.xF)?.value;
    const parsed = parsePreviewMarker(marker);
    if (!parsed) {
        return {
            ok: false,
            error: `The preview environment "${desired.name}" carries no valid ${schema/* PREVIEW_MARKER_VARIABLE */.xF} marker.`,
            hint: 'Render it with renderPreview, which sets the marker.',
        };
    }
    const marked = selectPreviewsOfPr(live, parsed);
    // Omni's default environment is never this pull request's, marker or not: never updated nor deleted.
    const ours = marked.filter((environment) => !environment.isDefaultEnvironment);
    const key = desired.name.toLowerCase();
    // The one already named as the preview is kept, so that no rename collides with a duplicate that the
    // same write deletes after it; else the first Omni lists.
    const current = ours.find((environment) => environment.name.toLowerCase() === key) ?? ours[0];
    const duplicates = ours.filter((environment) => environment !== current);
    const namesake = live.find((environment) => environment.name.toLowerCase() === key && !ours.includes(environment));
    if (namesake) {
        const whose = namesake.ownerId !== null
            ? 'a personal environment'
            : namesake.isDefaultEnvironment
                ? 'its default environment'
                : readMarker(namesake) === undefined
                    ? 'a shared environment without the preview marker'
                    : `the preview environment of ${readMarker(namesake)}`;
        return {
            ok: false,
            error: `Omni already has ${whose} named "${namesake.name}"; the preview of ${parsed.repository}#${parsed.pr} would take its name, and the action never changes an environment it did not make.`,
            hint: 'Change `preview.name` in omni-dbt.yml so that it includes {pr}, or rename the other environment in Omni.',
        };
    }
    const entries = [
        (0,environments/* diffEnvironment */.Nv)(desired, current, isUpdatingSecrets),
        ...planPreviewDeletes([
            ...duplicates,
            ...marked.filter((environment) => environment.isDefaultEnvironment),
        ]),
    ];
    return { ok: true, entries, unresolved: (0,environments/* listUnresolved */.eD)(entries) };
}
const DEFAULT_PREVIEW_NOTE = `Omni's default environment is never deleted, even with a preview marker: remove ${schema/* PREVIEW_MARKER_VARIABLE */.xF} from it in Omni.`;
/**
 * The deletes of marked environments (a closed pull request's, a duplicate, the sweep's), except Omni's
 * default environment: whatever marker it carries, it is kept, with a note saying so.
 */
function planPreviewDeletes(doomed) {
    return doomed.map(({ id: environmentId, name, isDefaultEnvironment }) => isDefaultEnvironment
        ? { action: 'unmanaged', name, environmentId, changes: [], note: DEFAULT_PREVIEW_NOTE }
        : { action: 'delete', name, environmentId, changes: [], isDefaultEnvironment });
}
/** The marker value of a shared environment, or undefined (personal, or not marked). */
function readMarker(environment) {
    const value = (0,environments/* readPlainVariable */.vk)(environment, schema/* PREVIEW_MARKER_VARIABLE */.xF);
    return parsePreviewMarker(value) ? value : undefined;
}
/**
 * Shared environments marked for this pull request (to update, or to delete on `closed`).
 * `marker` is the marker string or its parsed form; repositories compare case-insensitively, as GitHub's do.
 */
function selectPreviewsOfPr(live, marker) {
    const wanted = typeof marker === 'string' ? parsePreviewMarker(marker) : marker;
    if (!wanted)
        return [];
    return live.filter((environment) => {
        const found = parsePreviewMarker(readMarker(environment));
        return (found !== undefined &&
            found.pr === wanted.pr &&
            found.repository.toLowerCase() === wanted.repository.toLowerCase());
    });
}
/**
 * The marked shared environments of `repository`, grouped by pull request number (ascending), for
 * the sweep to ask GitHub about. Never another repository's, never unmarked, never personal.
 */
function groupSweepCandidates(live, repository) {
    const byPr = new Map();
    for (const environment of live) {
        const found = parsePreviewMarker(readMarker(environment));
        if (!found || found.repository.toLowerCase() !== repository.toLowerCase())
            continue;
        byPr.set(found.pr, [...(byPr.get(found.pr) ?? []), environment]);
    }
    return [...byPr.entries()].sort(([a], [b]) => a - b).map(([pr, environments]) => ({ pr, environments }));
}

;// CONCATENATED MODULE: ./build/src/core/plan/preview-branch.js
// Pure side of a preview's Omni branch (README, "Impact on Omni", "Branch" and "Close and sweep"): the record
// OMNI_DBT_PREVIEW_BRANCH that a preview environment keeps of the branch the action created for it, and what
// a close or a sweep does with the branch: delete it only when that record names it, else leave it.


/** The branch name a shared environment records as created by the action, or undefined. */
function readBranchRecord(environment) {
    return (0,environments/* readPlainVariable */.vk)(environment, schema/* PREVIEW_BRANCH_VARIABLE */.nB);
}
/** The environment with its record of the branch: the plain variable OMNI_DBT_PREVIEW_BRANCH. */
function withBranchRecord(environment, branchName) {
    return {
        ...environment,
        variables: [
            ...environment.variables.filter((variable) => variable.name !== schema/* PREVIEW_BRANCH_VARIABLE */.nB),
            { name: schema/* PREVIEW_BRANCH_VARIABLE */.nB, isSecret: false, value: branchName },
        ],
    };
}
/**
 * What a close (or the sweep) does with the branch of a closed pull request's environments. `records` are
 * the OMNI_DBT_PREVIEW_BRANCH values of its environments; `expectedName` the branch name the preview block
 * renders for that pull request (undefined when it could not be rendered). The branch is deleted only when
 * `deleteBranch` is set, a record names it, and that name is the pull request's branch: never a branch the
 * action did not create, never one a record names that the pull request would not have. When the
 * pull request's name cannot be known (the sweep could not ask GitHub), the decision waits: the
 * environment, which holds the record, is kept for the next run.
 */
function planBranchClose(options) {
    const { expectedName } = options;
    const records = [...new Set(options.records)];
    const [record] = records;
    if (!options.isDeletingBranch) {
        const name = record ?? expectedName;
        const note = record === undefined
            ? `The Omni branch "${name}" remains: the action did not create it.`
            : `The Omni branch "${record}", which the action created, remains: set \`deleteBranch: true\` in the preview block to delete it when the pull request closes.`;
        return { action: 'keep', branchName: name, note };
    }
    if (record === undefined) {
        return {
            action: 'keep',
            branchName: expectedName,
            note: `The Omni branch${expectedName === undefined ? '' : ` "${expectedName}"`} remains: the action did not create it (its preview environment records no OMNI_DBT_PREVIEW_BRANCH).`,
        };
    }
    if (records.length > 1) {
        return {
            action: 'keep',
            branchName: undefined,
            note: `The pull request's environments record different branches (${records.map((name) => `"${name}"`).join(', ')}): none is deleted; delete the one the action made in Omni.`,
        };
    }
    if (expectedName === undefined) {
        return {
            action: 'wait',
            branchName: record,
            note: `The Omni branch "${record}" and its preview environment were kept: ${options.whyNotRendered ?? "the pull request's branch name could not be known"}, so the action could not check that the record is this pull request's branch.`,
        };
    }
    if (record !== expectedName) {
        return {
            action: 'keep',
            branchName: record,
            note: `The Omni branch "${record}" remains: the preview environment records it, but this pull request's branch is "${expectedName}", so the record is not trusted.`,
        };
    }
    return { action: 'delete', branchName: record };
}

// EXTERNAL MODULE: ./build/src/core/run/connection.js + 3 modules
var connection = __webpack_require__(9814);
// EXTERNAL MODULE: ./build/src/core/run/connections.js
var run_connections = __webpack_require__(2338);
// EXTERNAL MODULE: ./build/src/core/run/environments.js
var run_environments = __webpack_require__(5518);
// EXTERNAL MODULE: ./build/src/core/run/impact.js
var impact = __webpack_require__(877);
// EXTERNAL MODULE: ./build/src/core/run/not-planned.js
var not_planned = __webpack_require__(197);
// EXTERNAL MODULE: ./build/src/core/run/parts.js
var parts = __webpack_require__(8109);
;// CONCATENATED MODULE: ./build/src/core/run/preview.js
// `mode: preview` (README, "Preview environments"): for the event's pull request, create or update its
// marked environment and bind it to an Omni model branch; on `closed`, delete it; on a schedule, sweep the
// environments of closed pull requests. Only connections with a `preview` block take part, and nothing
// else of them (their dbt settings, their other environments) is read or written.










/** The sweep could not read the open pull requests with certainty; `hint` says what to do about it. */
class OpenPullRequestsError extends Error {
    hint;
    constructor(message, hint) {
        super(message);
        this.hint = hint;
        this.name = 'OpenPullRequestsError';
    }
}
const NO_PREVIEW_BLOCK_REASON = 'Not part of this run: mode: preview manages only connections with a `preview` block, and this one has none.';
async function runPreview(options) {
    const { preview, stop } = options;
    const pr = preview.kind === 'sweep' ? undefined : preview.pr;
    const report = { kind: preview.kind, ...(pr === undefined ? {} : { pr }) };
    const taking = options.connections.flatMap((connection) => connection.preview === undefined ? [] : [{ connection, config: connection.preview }]);
    // README, "Outputs": every selected connection is listed; one without a `preview` block takes no part.
    const leftOut = (connection) => (0,not_planned/* describeNotPlanned */.Ry)(connection, NO_PREVIEW_BLOCK_REASON, true);
    if (taking.length === 0) {
        return {
            connections: options.connections.map(leftOut),
            preview: {
                ...report,
                note: `No connection in ${options.configPath} has a \`preview\` block, so there is no preview to manage.`,
            },
        };
    }
    let openPullRequests;
    let changedFiles;
    const pullRequests = new Map();
    const runStop = (0,run_connections/* createRunStop */.q)(stop);
    const readChangedFiles = preview.kind === 'upsert' ? preview.readChangedFiles : undefined;
    const readPullRequest = preview.kind === 'sweep' ? preview.readPullRequest : undefined;
    const context = {
        client: options.client,
        isUpdatingSecrets: options.isUpdatingSecrets,
        stepEnv: options.stepEnv,
        terms: options.terms,
        signal: stop.signal,
        reportFailure: runStop.reportFailure,
        describeSkip: runStop.describeSkip,
        readOpenPullRequests() {
            if (preview.kind !== 'sweep')
                return Promise.resolve(new Set());
            openPullRequests ??= preview.readOpenPullRequests();
            return openPullRequests;
        },
        ...(readChangedFiles === undefined
            ? {}
            : {
                readChangedFiles() {
                    changedFiles ??= readChangedFiles();
                    return changedFiles;
                },
            }),
        ...(readPullRequest === undefined
            ? {}
            : {
                readPullRequest(pr) {
                    const known = pullRequests.get(pr) ?? readPullRequest(pr);
                    pullRequests.set(pr, known);
                    return known;
                },
            }),
        instanceUrl: options.instanceUrl,
        clock: options.clock ?? impact/* REAL_CLOCK */.Ib,
        onProgress: options.onProgress ?? (() => undefined),
    };
    const connections = await Promise.all(options.connections.map((connection) => {
        const config = connection.preview;
        if (config === undefined)
            return leftOut(connection);
        if (preview.kind === 'upsert')
            return upsertPreview(connection, config, preview, context);
        if (preview.kind === 'close')
            return closePreview(connection, config, preview, context);
        return sweepPreviews(connection, config, preview.repository, context);
    }));
    return { connections, fatalError: runStop.fatalError, preview: report };
}
function startResult(connection) {
    return {
        connectionId: connection.connectionId,
        name: connection.name,
        status: 'skipped',
        changes: [],
        rotateKeys: false,
        isPreview: true,
    };
}
function fail(result, error, terms, what = '', hint) {
    return { ...result, status: 'failed', ...(0,connection/* describeError */.Uc)(error, terms, what), ...(hint ? { hint } : {}) };
}
/**
 * Reads what a preview step needs from Omni; a 401 stops the run, a read cut short by cancellation is a skip
 * (in flight, if it was). `what` says which read failed.
 */
async function readOrFail(result, context, read, what = '') {
    if (context.signal.aborted)
        return { ok: false, result: { ...result, error: context.describeSkip() } };
    try {
        return { ok: true, value: await read() };
    }
    catch (error) {
        const isUnauthorized = context.reportFailure(error);
        if (!isUnauthorized && context.signal.aborted) {
            return { ok: false, result: { ...result, error: context.describeSkip(error) } };
        }
        return { ok: false, result: fail(result, error, context.terms, what) };
    }
}
/** Reads the connection's environments (readOrFail). */
function listOrFail(result, context) {
    return readOrFail(result, context, () => context.client.listEnvironments(result.connectionId));
}
/** Whether the preview works on its Omni branch beyond binding it: it looks the branch up first. */
function needsBranch(config) {
    return config.isCreatingBranch || config.impact !== undefined;
}
/**
 * An open pull request: find (or create) its Omni branch when the block asks for it, create, update or leave
 * its environment, bind it to the branch, read it back, then check the impact (README, "Impact on Omni").
 */
async function upsertPreview(connection, config, preview, context) {
    const { client, terms, signal } = context;
    const { connectionId } = connection;
    let result = startResult(connection);
    const rendered = renderPreview(config, preview, context.stepEnv);
    if (rendered.problems.length > 0) {
        return {
            ...result,
            status: 'failed',
            error: `${rendered.problems.join('; ')}. Nothing was sent for this connection.`,
            hint: 'Change the `preview` block in the config file so that every rendered value is one Omni accepts.',
        };
    }
    const listed = await listOrFail(result, context);
    if (!listed.ok)
        return listed.result;
    // the branch, by name, before anything is written: its id, and whether the action has to create it
    const { binding } = rendered;
    let branch;
    if (binding !== undefined && needsBranch(config)) {
        const found = await findBranchOrFail(result, binding, context);
        if (!found.ok)
            return found.result;
        branch = found.value;
    }
    const isCreatingNow = binding !== undefined && needsBranch(config) && branch === undefined;
    const [current] = selectPreviewsOfPr(listed.value, rendered.marker).filter((e) => !e.isDefaultEnvironment);
    // Kept on later runs, so that the close still knows the action made the branch.
    const record = isCreatingNow ? binding?.branchName : current && readBranchRecord(current);
    const desired = record === undefined ? rendered.environment : withBranchRecord(rendered.environment, record);
    const plan = planPreview({ desired, live: listed.value, isUpdatingSecrets: context.isUpdatingSecrets });
    if (!plan.ok)
        return { ...result, status: 'failed', error: plan.error, hint: plan.hint };
    const [primary] = plan.entries;
    if (primary === undefined)
        return { ...result, status: 'unchanged' };
    // The connection is updated as a whole when any of its preview's entries writes (run/parts.ts), a
    // duplicate's delete too; the environment's own action says which.
    result = { ...result, action: plan.entries.some(parts/* isPartWrite */.Py) ? 'update' : 'unchanged' };
    if (plan.unresolved.length > 0) {
        const said = (0,run_environments/* describeUnresolved */.Rf)(plan.unresolved, terms);
        return {
            ...result,
            status: 'failed',
            error: `${said.error}; nothing of this connection was written.`,
            hint: said.hint,
        };
    }
    let branchNote = '';
    if (binding !== undefined && isCreatingNow) {
        if (!config.isCreatingBranch) {
            return {
                ...result,
                status: 'failed',
                branches: [{ ...describeBranch(binding), action: 'found', status: 'failed' }],
                error: `Omni has no branch "${binding.branchName}" of model ${binding.modelId}, and \`createBranch\` is not set; nothing of this connection was written.`,
                hint: `Create the branch "${binding.branchName}" in Omni (named like the git branch when \`omniBranch\` is "{head}"), or set \`createBranch: true\` in the preview block so that the action creates it.`,
            };
        }
        if (signal.aborted)
            return { ...result, error: context.describeSkip() };
        try {
            branch = await client.createBranch({
                modelId: binding.modelId,
                connectionId,
                name: binding.branchName,
            });
        }
        catch (error) {
            context.reportFailure(error);
            return fail({ ...result, branches: [{ ...describeBranch(binding), action: 'create', status: 'failed' }] }, error, terms, `Creating the branch "${binding.branchName}" of model ${binding.modelId} failed; nothing of this connection was written.`);
        }
        result = { ...result, branches: [{ ...describeBranch(binding), action: 'create', status: 'applied' }] };
        branchNote = ` The branch "${binding.branchName}" was created and remains in Omni; the next run records it.`;
    }
    else if (binding !== undefined && branch !== undefined) {
        result = { ...result, branches: [{ ...describeBranch(binding), action: 'found', status: 'unchanged' }] };
    }
    // write: the pull request's environment, then any duplicate an earlier failed run left
    const outcome = await (0,run_environments/* writeEnvironments */.oG)(connectionId, plan.entries, client, signal, context.describeSkip);
    const environments = outcome.results;
    const primaryResult = environments[0];
    result = { ...result, environments };
    if (outcome.failure !== undefined) {
        const { environment, error } = outcome.failure;
        if (error instanceof errors/* OmniCancelledError */.Xk &&
            !error.wasSent &&
            outcome.written.length === 0 &&
            !branchNote) {
            return { ...result, status: 'skipped', error: context.describeSkip(error) };
        }
        context.reportFailure(error);
        return markBindingSkipped(fail(result, error, terms, `Writing the preview environment "${environment}" failed.${branchNote}`), binding);
    }
    if (plan.entries.some(parts/* isPartWrite */.Py) && outcome.written.length === 0) {
        return markBindingSkipped({
            ...result,
            status: branchNote ? 'failed' : 'skipped',
            error: `${context.describeSkip()}${branchNote}`,
        }, binding);
    }
    // bind, on every run: a branch someone re-bound by hand is set back to the pull request's environment
    const environmentId = outcome.environmentIds.get(primary) ?? ('environmentId' in primary ? primary.environmentId : undefined);
    if (binding !== undefined && primaryResult !== undefined && environmentId !== undefined) {
        const { modelId, branchName } = binding;
        try {
            if (signal.aborted)
                throw new Error(context.describeSkip());
            await client.bindBranchEnvironment({ modelId, branchName, environmentId, gitBranch: preview.head });
            primaryResult.binding = { modelId, branchName, status: 'bound' };
        }
        catch (error) {
            primaryResult.binding = { modelId, branchName, status: 'failed' };
            context.reportFailure(error);
            const isMissing = error instanceof errors/* OmniError */.c2 && error.status === 404;
            const hint = isMissing
                ? `Create the branch "${branchName}" of the model ${modelId} in Omni first (or fix preview.omniBranch / preview.omniModel in the config file); the next run binds it.`
                : undefined;
            const written = outcome.written.length > 0 ? ' The environment itself was written.' : '';
            return fail(result, error, terms, `Binding the environment to the branch "${branchName}" of model ${modelId} failed.${written}`, hint);
        }
    }
    const settled = await readBackPreview(result, outcome, context);
    if (config.impact === undefined || branch === undefined || binding === undefined)
        return settled;
    if (settled.status === 'failed' || settled.status === 'skipped')
        return settled;
    return checkPreviewImpact(settled, connection, { ...config, impact: config.impact }, branch, preview, context);
}
function describeBranch(binding) {
    return { modelId: binding.modelId, name: binding.branchName };
}
/** Looks the pull request's Omni branch up (readOrFail); undefined when Omni has none of that name. */
function findBranchOrFail(result, binding, context) {
    return readOrFail(result, context, () => context.client.findBranch(binding.modelId, binding.branchName), `Looking up the branch "${binding.branchName}" of model ${binding.modelId} failed; nothing of this connection was written.`);
}
/** After the writes: read the environments back and report what Omni did not keep. */
async function readBackPreview(result, outcome, context) {
    if (outcome.written.length === 0)
        return { ...result, status: 'unchanged' };
    let readBack;
    try {
        readBack = await context.client.listEnvironments(result.connectionId);
    }
    catch (error) {
        context.reportFailure(error);
        return fail(result, error, context.terms, 'The preview environment was written, but reading it back to check failed.');
    }
    const differences = (0,run_environments/* checkReadBack */.OU)(outcome.written, readBack, outcome.results);
    if (differences.length > 0) {
        return {
            ...result,
            status: 'failed',
            error: `Omni did not keep what was written: ${differences.join('; ')}.`,
            hint: 'Check the environment in Omni (Settings → Connections → dbt), then run again.',
        };
    }
    return { ...result, status: 'applied' };
}
/** The impact check on the pull request's branch; a check that could not run fails the connection. */
async function checkPreviewImpact(result, connection, config, branch, preview, context) {
    const who = connection.name ?? connection.connectionId;
    const checked = await (0,impact/* checkImpact */.zv)({
        client: context.client,
        modelId: branch.baseModelId,
        branch: { id: branch.id, name: branch.name },
        config: config.impact,
        baseName: preview.base,
        projectRootPath: connection.body.projectRootPath,
        ...(context.readChangedFiles === undefined ? {} : { readChangedFiles: context.readChangedFiles }),
        noChangedFilesNote: "No dashboards are listed at risk: the pull request's changed files were not available.",
        instanceUrl: context.instanceUrl,
        clock: context.clock,
        signal: context.signal,
        onProgress: (message) => context.onProgress(`${who}: ${message}`),
        reportFailure: (error) => context.reportFailure(error),
    });
    const warnings = [...(result.warnings ?? []), ...checked.warnings];
    const withWarnings = warnings.length === 0 ? result : { ...result, warnings };
    if (checked.ok)
        return { ...withWarnings, impact: checked.impact };
    context.reportFailure(checked.error);
    const written = result.status === 'applied' ? ' (the preview environment was written and bound)' : '';
    return fail(withWarnings, checked.error, context.terms, `The impact check could not run${written}: ${checked.what}`);
}
function markBindingSkipped(result, binding) {
    const primary = result.environments?.[0];
    if (binding !== undefined && primary !== undefined)
        primary.binding = { ...binding, status: 'skipped' };
    return result;
}
/** A closed pull request: delete its Omni branch when the action made it (deleteBranch), then its environments. */
async function closePreview(connection, config, preview, context) {
    const result = startResult(connection);
    const listed = await listOrFail(result, context);
    if (!listed.ok)
        return listed.result;
    const doomed = selectPreviewsOfPr(listed.value, previewMarker(preview.repository, preview.pr));
    const closed = await closeBranch(result, config, doomed, preview, context);
    if (!closed.ok)
        return closed.result;
    return deleteEnvironments(closed.result, doomed, context);
}
/**
 * The branch of a closed pull request whose preview binds one: deleted (by name) when `deleteBranch` is set
 * and its environments record that the action created it, else kept with a note. It goes before the
 * environments, which hold the record: a branch that could not be deleted keeps it for the next run.
 */
async function closeBranch(result, config, environments, refs, context, whyNotRendered) {
    const modelId = config.omniModel;
    if (modelId === undefined || environments.length === 0)
        return { ok: true, result };
    const records = environments.flatMap((environment) => readBranchRecord(environment) ?? []);
    const expectedName = refs === undefined || environments[0] === undefined
        ? undefined
        : renderBranchName(config, environments[0], refs);
    const plan = planBranchClose({
        isDeletingBranch: config.isDeletingBranch,
        records,
        expectedName,
        ...(whyNotRendered === undefined ? {} : { whyNotRendered }),
    });
    const branches = result.branches ?? [];
    if (plan.action === 'wait') {
        const waiting = {
            modelId,
            name: plan.branchName,
            action: 'keep',
            status: 'skipped',
            note: plan.note,
        };
        return {
            ok: false,
            result: {
                ...result,
                status: 'failed',
                branches: [...branches, waiting],
                error: plan.note,
                hint: 'Give the job `pull-requests: read` (or write) and the `github-token` input; the next sweep tries again.',
            },
        };
    }
    if (plan.action === 'keep') {
        if (plan.branchName === undefined && records.length === 0)
            return { ok: true, result };
        const kept = {
            modelId,
            name: plan.branchName ?? '',
            action: 'keep',
            status: 'unchanged',
            note: plan.note,
        };
        return { ok: true, result: { ...result, branches: [...branches, kept] } };
    }
    const branch = { modelId, name: plan.branchName };
    if (context.signal.aborted) {
        return { ok: false, result: { ...result, error: context.describeSkip() } };
    }
    try {
        const deletion = await context.client.deleteBranch(modelId, plan.branchName);
        const note = deletion === 'absent' ? 'It was already gone from Omni.' : undefined;
        const deleted = {
            ...branch,
            action: 'delete',
            status: 'applied',
            ...(note === undefined ? {} : { note }),
        };
        return { ok: true, result: { ...result, branches: [...branches, deleted] } };
    }
    catch (error) {
        context.reportFailure(error);
        const failed = { ...branch, action: 'delete', status: 'failed' };
        return {
            ok: false,
            result: fail({ ...result, action: 'update', branches: [...branches, failed] }, error, context.terms, `Deleting the Omni branch "${plan.branchName}" of model ${modelId} failed; its preview environment was kept (it records the branch), so the next run tries again.`),
        };
    }
}
/** The branch name the preview block gives a pull request: its `omniBranch` rendered with the pull request's refs. */
function renderBranchName(config, environment, refs) {
    const marker = environment.variables.find((variable) => variable.name === schema/* PREVIEW_MARKER_VARIABLE */.xF)?.value;
    const parsed = parsePreviewMarker(marker);
    return renderTemplate(config.omniBranch ?? '{head}', {
        pr: parsed?.pr ?? 0,
        ...refs,
        repository: parsed?.repository ?? '',
    });
}
/** A schedule: delete the marked environments of this repository whose pull request is no longer open. */
async function sweepPreviews(connection, config, repository, context) {
    const result = startResult(connection);
    const listed = await listOrFail(result, context);
    if (!listed.ok)
        return listed.result;
    const candidates = groupSweepCandidates(listed.value, repository);
    if (candidates.length === 0)
        return { ...result, action: 'unchanged', status: 'unchanged', environments: [] };
    let open;
    try {
        open = await context.readOpenPullRequests();
    }
    catch (error) {
        // Anything short of the whole, checked list: the sweep deletes nothing.
        const message = error instanceof Error ? error.message : String(error);
        return {
            ...result,
            status: 'failed',
            error: `Could not read which pull requests of ${repository} are open from GitHub: ${message}. Nothing was deleted.`,
            hint: error instanceof OpenPullRequestsError
                ? error.hint
                : 'Give the job `pull-requests: read` (or write) and the `github-token` input; the next sweep tries again.',
        };
    }
    const closed = candidates.filter((candidate) => !open.has(candidate.pr));
    // Each closed pull request's branch first (its environments hold the record); one that fails keeps them.
    let swept = result;
    const doomed = [];
    let failure;
    for (const candidate of closed) {
        const refs = await readSweptRefs(config, candidate.environments, candidate.pr, context);
        const branch = await closeBranch(swept, config, candidate.environments, refs.refs, context, refs.why);
        swept = branch.result;
        if (branch.ok)
            doomed.push(...candidate.environments);
        else
            failure ??= branch.result;
    }
    const deleted = await deleteEnvironments(swept, doomed, context);
    if (failure === undefined)
        return deleted;
    return {
        ...deleted,
        status: 'failed',
        error: failure.error,
        hint: failure.hint,
        httpStatus: failure.httpStatus,
    };
}
/** A swept pull request's refs, asked of GitHub only when a branch the action made may be deleted. */
async function readSweptRefs(config, environments, pr, context) {
    const hasRecord = environments.some((environment) => readBranchRecord(environment) !== undefined);
    if (!config.isDeletingBranch || !hasRecord)
        return {};
    if (context.readPullRequest === undefined) {
        return { why: `pull request #${pr}'s branches could not be asked of GitHub` };
    }
    try {
        return { refs: await context.readPullRequest(pr) };
    }
    catch (error) {
        const said = error instanceof Error ? error.message : String(error);
        return { why: `pull request #${pr}'s branches could not be read from GitHub (${said})` };
    }
}
/**
 * Deletes each environment (a 404 counts once the list shows it gone); stops at the first failure. Omni's
 * default environment is kept, with a note, whatever marker it carries.
 */
async function deleteEnvironments(result, doomed, context) {
    const planned = planPreviewDeletes(doomed);
    const entries = planned.filter((entry) => entry.action === 'delete');
    if (entries.length === 0) {
        const kept = (0,run_environments/* describeEnvironmentPlan */.Wt)(planned, 'apply');
        return { ...result, action: 'unchanged', status: 'unchanged', environments: kept };
    }
    const outcome = await (0,run_environments/* writeEnvironments */.oG)(result.connectionId, planned, context.client, context.signal, context.describeSkip);
    const deleted = { ...result, action: 'update', environments: outcome.results };
    if (outcome.failure !== undefined) {
        const { environment, error } = outcome.failure;
        context.reportFailure(error);
        const done = outcome.written.length === 0 ? '' : ` ${outcome.written.length} other(s) were deleted.`;
        return fail(deleted, error, context.terms, `Deleting the preview environment "${environment}" failed.${done}`);
    }
    if (outcome.written.length < entries.length) {
        return {
            ...deleted,
            status: outcome.written.length === 0 ? 'skipped' : 'failed',
            error: context.describeSkip(),
        };
    }
    return { ...deleted, status: 'applied' };
}


/***/ })

};
