export const id = 152;
export const ids = [152];
export const modules = {

/***/ 4152:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runRefresh: () => (/* binding */ runRefresh)
/* harmony export */ });
/* harmony import */ var _config_schema_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6873);
/* harmony import */ var _omni_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8812);
/* harmony import */ var _plan_impact_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9027);
/* harmony import */ var _connection_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8620);
/* harmony import */ var _connections_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2338);
/* harmony import */ var _impact_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(877);
/* harmony import */ var _not_planned_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(197);
/* harmony import */ var _refresh_job_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1438);
// `mode: refresh` (README, "Refresh after a deploy"): for each selected connection that lists `omniModels`, every
// listed model validated (the model and its content), the first one's schema refreshed once without a branch
// id (so Omni reads the warehouse as the deploy left it), the job polled as the impact check polls it, the
// models validated again, and what the deploy broke and fixed compared as the impact check compares a pull
// request (run/impact.ts, plan/impact.ts). Nothing else is written.








/** Why a selected connection without `omniModels` takes no part (README, "Outputs": every one is listed). */
async function runRefresh(options) {
    const runStop = (0,_connections_js__WEBPACK_IMPORTED_MODULE_4__/* .createRunStop */ .q)(options.stop);
    const connections = await Promise.all(options.connections.map((connection) => (connection.omniModels ?? []).length === 0
        ? (0,_not_planned_js__WEBPACK_IMPORTED_MODULE_7__/* .describeNotPlanned */ .Ry)(connection, _not_planned_js__WEBPACK_IMPORTED_MODULE_7__/* .NO_MODELS_REASON */ .ut, true)
        : refreshConnection(connection, options, runStop)));
    return { connections, ...(runStop.fatalError === undefined ? {} : { fatalError: runStop.fatalError }) };
}
/**
 * One model's side, read for the comparison. Where a connection lists several models, each model issue's
 * place names its model: the same message at the same place in two models is two issues.
 */
async function readModelSide(client, modelId, isNamingModel) {
    const side = await (0,_impact_js__WEBPACK_IMPORTED_MODULE_5__/* .readIssueSide */ .TU)(client, modelId, { folders: [], labels: [] });
    if (!isNamingModel)
        return side;
    const named = (issue) => ({
        ...issue,
        where: issue.where === null ? `model ${modelId}` : `model ${modelId}: ${issue.where}`,
    });
    return { content: side.content, model: side.model.map(named) };
}
/** Every listed model's side, as one: content issues are told apart by their document, model issues by their model. */
async function readSides(client, modelIds) {
    const sides = await Promise.all(modelIds.map((modelId) => readModelSide(client, modelId, modelIds.length > 1)));
    return { content: sides.flatMap((side) => side.content), model: sides.flatMap((side) => side.model) };
}
function describePerBranchWarning(who, modelId) {
    return (`Omni refreshes the schema of ${who} per branch (branch-based schema refresh is on for the connection), so it refused to refresh the shared model ${modelId} without a branch, ` +
        'and mode: refresh never refreshes with a branch id. Its schema was not refreshed and nothing was compared. ' +
        'To bring the deploy into Omni, refresh the schema on a branch of the model in Omni and merge the branch there; ' +
        'or remove `omniModels` from this connection to leave it out of this step.');
}
async function refreshConnection(connection, options, runStop) {
    const { client, terms } = options;
    const clock = options.clock ?? _impact_js__WEBPACK_IMPORTED_MODULE_5__/* .REAL_CLOCK */ .Ib;
    const { signal } = options.stop;
    const modelIds = connection.omniModels ?? [];
    const [modelId = ''] = modelIds;
    const who = connection.name ?? connection.connectionId;
    const base = {
        connectionId: connection.connectionId,
        ...(connection.name === undefined ? {} : { name: connection.name }),
        status: 'skipped',
        changes: [],
        rotateKeys: false,
    };
    const timeoutMinutes = options.timeoutMinutes ?? _config_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .REFRESH_TIMEOUT_MINUTES */ .oC.default;
    /** A failure: a 401 stops the run; a read cut short by cancellation is a skip, not a failure. */
    const fail = (result, error, what) => {
        const isUnauthorized = runStop.reportFailure(error);
        if (!isUnauthorized && signal.aborted && !(error instanceof _impact_js__WEBPACK_IMPORTED_MODULE_5__/* .ImpactCheckError */ .nV)) {
            return { ...result, status: 'skipped', error: runStop.describeSkip(error) };
        }
        return { ...result, status: 'failed', ...(0,_connection_js__WEBPACK_IMPORTED_MODULE_3__/* .describeError */ .Uc)(error, terms, what) };
    };
    if (signal.aborted)
        return { ...base, error: runStop.describeSkip() };
    // before: every listed model, as the deploy found it in Omni
    let before;
    try {
        before = await readSides(client, modelIds);
    }
    catch (error) {
        return fail(base, error, 'Validating the models before the schema refresh failed; nothing was refreshed.');
    }
    if (signal.aborted)
        return { ...base, error: runStop.describeSkip() };
    // the refresh: once, of the first model, never with a branch id (README, "Refresh after a deploy")
    const refreshing = { ...base, action: 'update' };
    const what = `Refreshing the schema of model ${modelId} failed.`;
    let wait;
    try {
        wait = await (0,_refresh_job_js__WEBPACK_IMPORTED_MODULE_6__/* .refreshSchema */ .tx)({
            client,
            modelId,
            subject: `model ${modelId}`,
            timeoutMinutes,
            clock,
            signal,
            onProgress: (message) => options.onProgress?.(`${who}: ${message}`),
        });
    }
    catch (error) {
        if (error instanceof _omni_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .OmniBranchRefreshError */ .hf && error.hasBranchBasedRefresh) {
            return {
                ...base,
                action: 'unchanged',
                isOutOfScope: true,
                error: `Not refreshed: Omni refreshes this connection's schema per branch, and mode: refresh never sends a branch id.`,
                warnings: [describePerBranchWarning(who, modelId)],
            };
        }
        return fail({ ...base }, error, `${what} Nothing was refreshed.`);
    }
    if (wait.outcome !== 'completed') {
        const said = (0,_refresh_job_js__WEBPACK_IMPORTED_MODULE_6__/* .describeUnfinishedRefresh */ .gz)({ ...wait, outcome: wait.outcome }, `schema refresh of model ${modelId}`, timeoutMinutes);
        if (wait.outcome === 'cancelled') {
            return { ...refreshing, status: 'failed', error: `${said}, and nothing was compared.` };
        }
        const hint = wait.outcome === 'failed'
            ? "Look at the refresh in Omni (the connection's credentials, the schemas dbt deployed to), then re-run this step."
            : `Look at the refresh in Omni. The step waits ${timeoutMinutes} min for it; once it has finished, Omni's content validator shows what the deploy broke.`;
        const ending = wait.outcome === 'failed' ? '; nothing was compared.' : ', and nothing was compared.';
        return fail(refreshing, new _impact_js__WEBPACK_IMPORTED_MODULE_5__/* .ImpactCheckError */ .nV(`${said}${ending}`, hint), '');
    }
    // after: the same models, as the refresh left them
    let after;
    try {
        after = await readSides(client, modelIds);
    }
    catch (error) {
        return fail(refreshing, error, 'The schema was refreshed, but validating the models after it failed.');
    }
    const comparison = (0,_plan_impact_js__WEBPACK_IMPORTED_MODULE_2__/* .compareIssues */ .UX)(before, after);
    const impact = {
        modelId,
        refresh: { modelIds: [...modelIds], failOnSetting: terms.failOnImpact },
        failOn: options.failOnImpact,
        // No base name: the verdict says "already broken before".
        verdict: (0,_plan_impact_js__WEBPACK_IMPORTED_MODULE_2__/* .describeImpactVerdict */ .nY)(comparison),
        isFailing: (0,_plan_impact_js__WEBPACK_IMPORTED_MODULE_2__/* .failsImpact */ .UR)(comparison, options.failOnImpact),
        isRefreshed: true,
        comparison,
        folders: [],
        labels: [],
        atRisk: [],
        modelFiles: [],
        instanceUrl: options.instanceUrl,
    };
    return { ...refreshing, status: 'applied', impact };
}


/***/ })

};
