export const id = 96;
export const ids = [96];
export const modules = {

/***/ 9096:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runImpactCommand: () => (/* binding */ runImpactCommand)
/* harmony export */ });
/* unused harmony exports parseGitNameStatus, findBase, buildImpactCommandOutput, renderImpactTerminal */
/* harmony import */ var _core_config_load_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9173);
/* harmony import */ var _core_config_schema_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6873);
/* harmony import */ var _core_plan_select_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(1193);
/* harmony import */ var _core_plural_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(1679);
/* harmony import */ var _core_report_outcome_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1428);
/* harmony import */ var _core_run_connection_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8620);
/* harmony import */ var _core_run_connections_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2338);
/* harmony import */ var _core_run_impact_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(877);
/* harmony import */ var _exit_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(1194);
/* harmony import */ var _render_terminal_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7227);
// `omni-dbt impact --branch NAME` (README, "Impact on Omni"): the preview's impact check from a terminal, for
// each selected connection whose preview block names an omniModel: the branch against its shared model,
// refreshed first with --refresh, the dashboards at risk from the dbt models changed since --base (git, an
// effect of CliIo). Exits 1 on a new issue, as `failOn: new`.










const GIT_STATUS = {
    A: 'added',
    C: 'copied',
    D: 'removed',
    M: 'modified',
    R: 'renamed',
    T: 'changed',
    U: 'changed',
};
/**
 * The changed files of `git diff --name-status -z`: NUL-separated status and path, two paths (old, new) for
 * a rename or a copy. With -z git quotes no path, so any file name reads as it is.
 */
function parseGitNameStatus(output) {
    const fields = output.split('\0');
    const files = [];
    for (let index = 0; index < fields.length;) {
        const code = fields[index] ?? '';
        index += 1;
        if (code === '')
            continue;
        const status = GIT_STATUS[code[0] ?? ''] ?? 'changed';
        if (status === 'renamed' || status === 'copied') {
            const previous = fields[index] ?? '';
            const filename = fields[index + 1] ?? '';
            index += 2;
            files.push({ filename, status, ...(status === 'renamed' ? { previous_filename: previous } : {}) });
        }
        else {
            files.push({ filename: fields[index] ?? '', status });
            index += 1;
        }
    }
    return files.filter((file) => file.filename !== '');
}
/**
 * What the changes are counted from: --base as given, else the remote's default branch (`origin/HEAD`, as a
 * clone sets it), else `main`. `name` is what the verdict says ("already broken on main").
 */
async function findBase(runGit, base) {
    if (base !== undefined)
        return { ref: base, name: base.replace(/^origin\//, '') };
    const remoteHead = await runGit(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
    const ref = remoteHead.ok ? remoteHead.stdout.trim() : '';
    return ref === '' ? { ref: 'main', name: 'main' } : { ref, name: ref.replace(/^origin\//, '') };
}
/** The files changed on this checkout's HEAD since it left `ref`, or why git could not say. */
async function readGitChanges(runGit, ref) {
    const diff = await runGit(['diff', '--name-status', '-z', '-M', '--no-color', `${ref}...HEAD`, '--']);
    if (!diff.ok) {
        return {
            ok: false,
            reason: `\`git diff ${ref}...HEAD\` could not list the changed files (${diff.error})`,
        };
    }
    return { ok: true, files: parseGitNameStatus(diff.stdout) };
}
/** The preview block's impact settings for a terminal: its scope and timeout, refreshed only with --refresh. */
function readImpactConfig(connection, isRefreshing) {
    const impact = connection.preview?.impact;
    return {
        isRefreshing,
        // At a terminal the exit follows new issues alone, whatever the file's failOn (README, "omni-dbt impact").
        failOn: 'new',
        folders: impact?.folders ?? [],
        labels: impact?.labels ?? [],
        refreshTimeoutMinutes: impact?.refreshTimeoutMinutes ?? _core_config_schema_js__WEBPACK_IMPORTED_MODULE_1__/* .REFRESH_TIMEOUT_MINUTES */ .oC.default,
    };
}
async function checkConnection(connection, command, effects, shared) {
    const modelId = connection.preview?.omniModel ?? '';
    const result = {
        connectionId: connection.connectionId,
        ...(connection.name === undefined ? {} : { name: connection.name }),
        status: 'skipped',
        warnings: [],
    };
    const { signal } = effects.stop;
    if (signal.aborted)
        return { ...result, error: shared.runStop.describeSkip() };
    const fail = (error, what) => {
        const isStopped = shared.runStop.reportFailure(error) || signal.aborted;
        const described = (0,_core_run_connection_js__WEBPACK_IMPORTED_MODULE_3__/* .describeError */ .Uc)(error, effects.terms, what);
        return {
            ...result,
            status: isStopped && !(error instanceof _core_run_impact_js__WEBPACK_IMPORTED_MODULE_5__/* .ImpactCheckError */ .nV) ? 'skipped' : 'failed',
            ...(described.error === undefined ? {} : { error: described.error }),
            ...(described.hint === undefined ? {} : { hint: described.hint }),
        };
    };
    let branch;
    try {
        branch = await shared.client.findBranch(modelId, command.branch);
    }
    catch (error) {
        return fail(error, `Looking up the branch "${command.branch}" of model ${modelId} failed.`);
    }
    if (branch === undefined) {
        return {
            ...result,
            status: 'failed',
            error: `Omni has no branch "${command.branch}" of model ${modelId}.`,
            hint: 'Check the name with the model’s branches in Omni (names are case-sensitive), or the preview block’s omniModel in the config file.',
        };
    }
    const who = connection.name ?? connection.connectionId;
    const checked = await (0,_core_run_impact_js__WEBPACK_IMPORTED_MODULE_5__/* .checkImpact */ .zv)({
        client: shared.client,
        modelId,
        branch: { id: branch.id, name: branch.name },
        config: readImpactConfig(connection, command.isRefreshing),
        baseName: shared.base.name,
        projectRootPath: connection.body.projectRootPath,
        readChangedFiles: shared.readChangedFiles,
        instanceUrl: effects.instanceUrl,
        clock: _core_run_impact_js__WEBPACK_IMPORTED_MODULE_5__/* .REAL_CLOCK */ .Ib,
        signal,
        onProgress: (message) => effects.err(`${who}: ${message}\n`),
        reportFailure: (error) => shared.runStop.reportFailure(error),
    });
    if (!checked.ok) {
        return { ...fail(checked.error, checked.what), warnings: checked.warnings };
    }
    return { ...result, status: 'checked', warnings: checked.warnings, impact: checked.impact };
}
/** The command's JSON: one entry per selected connection with an omniModel. */
function buildImpactCommandOutput(command, base, results) {
    return JSON.stringify({
        mode: 'impact',
        branch: command.branch,
        base: base.ref,
        connections: results.map((result) => ({
            id: result.connectionId,
            name: result.name ?? null,
            status: result.status,
            error: result.error ?? null,
            impact: result.impact === undefined ? null : (0,_core_report_outcome_js__WEBPACK_IMPORTED_MODULE_2__/* .buildImpactOutput */ .y8)(result.impact),
        })),
    });
}
/** One connection's impact as terminal lines, every outside value escaped. */
function renderConnectionImpact(result, palette) {
    const who = result.name === undefined
        ? (0,_render_terminal_js__WEBPACK_IMPORTED_MODULE_6__/* .escapeTerminalText */ .nR)(result.connectionId)
        : `${(0,_render_terminal_js__WEBPACK_IMPORTED_MODULE_6__/* .escapeTerminalText */ .nR)(result.name)} (${(0,_render_terminal_js__WEBPACK_IMPORTED_MODULE_6__/* .escapeTerminalText */ .nR)(result.connectionId)})`;
    const lines = [`  ${palette.bold(who)}`];
    for (const warning of result.warnings)
        lines.push(`      ${palette.yellow('warning:')} ${(0,_render_terminal_js__WEBPACK_IMPORTED_MODULE_6__/* .escapeTerminalText */ .nR)(warning)}`);
    if (result.impact === undefined) {
        const label = result.status === 'skipped' ? palette.dim('skipped:') : palette.red('error:');
        lines.push(`      ${label} ${(0,_render_terminal_js__WEBPACK_IMPORTED_MODULE_6__/* .escapeTerminalText */ .nR)(result.error ?? 'the check did not run')}`);
        if (result.hint !== undefined)
            lines.push(`      ${palette.bold('hint:')} ${(0,_render_terminal_js__WEBPACK_IMPORTED_MODULE_6__/* .escapeTerminalText */ .nR)(result.hint)}`);
        return lines;
    }
    lines.push(...(0,_render_terminal_js__WEBPACK_IMPORTED_MODULE_6__/* .renderImpactLines */ .Cl)(result.impact, palette));
    return lines;
}
/** The whole report: a heading, each connection, and a closing count. */
function renderImpactTerminal(command, base, results, palette) {
    const withNew = results.filter((result) => result.impact !== undefined &&
        result.impact.comparison.content.new.length + result.impact.comparison.model.new.length > 0).length;
    const failed = results.filter((result) => result.status !== 'checked').length;
    const lines = [
        palette.bold(`Omni impact of branch ${(0,_render_terminal_js__WEBPACK_IMPORTED_MODULE_6__/* .escapeTerminalText */ .nR)(JSON.stringify(command.branch))}, changes since ${(0,_render_terminal_js__WEBPACK_IMPORTED_MODULE_6__/* .escapeTerminalText */ .nR)(base.ref)} (${(0,_render_terminal_js__WEBPACK_IMPORTED_MODULE_6__/* .escapeTerminalText */ .nR)(command.run.configPath)})`),
        '',
        ...results.flatMap((result) => renderConnectionImpact(result, palette)),
        '',
    ];
    const checked = results.length - failed;
    const summary = `${checked} of ${(0,_core_plural_js__WEBPACK_IMPORTED_MODULE_7__/* .plural */ .L)(results.length, 'connection')} checked: ${withNew} with new issues${failed > 0 ? `, ${failed} not checked` : ''}.`;
    lines.push(withNew > 0 || failed > 0 ? palette.red(summary) : summary);
    return `${lines.join('\n')}\n`;
}
/** Runs the command; the front end (main.ts) has checked OMNI_URL and OMNI_API_TOKEN already. */
async function runImpactCommand(command, effects) {
    const loaded = (0,_core_config_load_js__WEBPACK_IMPORTED_MODULE_0__/* .loadConfig */ .Z)(effects.configText, command.run.configPath);
    const issues = loaded.ok ? loaded.warnings : loaded.issues;
    const issueLines = (0,_render_terminal_js__WEBPACK_IMPORTED_MODULE_6__/* .renderIssueLines */ .dX)({ issues });
    if (issueLines.length > 0)
        effects.err(`${issueLines.join('\n')}\n`);
    if (!loaded.ok)
        return _exit_js__WEBPACK_IMPORTED_MODULE_8__/* .EXIT_FAILURE */ .w5;
    const selected = (0,_core_plan_select_js__WEBPACK_IMPORTED_MODULE_9__/* .selectConnections */ .m)(loaded.config.connections, command.run.selection, effects.terms);
    if (!selected.ok) {
        effects.err(`omni-dbt: ${selected.error}\n`);
        return _exit_js__WEBPACK_IMPORTED_MODULE_8__/* .EXIT_FAILURE */ .w5;
    }
    const checking = selected.connections.filter((connection) => connection.preview?.omniModel !== undefined);
    if (checking.length === 0) {
        effects.err(`omni-dbt: no selected connection in ${command.run.configPath} has a preview block with omniModel, so there is no model whose branch to check. Add \`omniModel\` to a connection's \`preview\` block (README, "Impact on Omni").\n`);
        return _exit_js__WEBPACK_IMPORTED_MODULE_8__/* .EXIT_USAGE */ .Ri;
    }
    const base = await findBase(effects.runGit, command.base);
    let changes;
    const readChangedFiles = () => {
        changes ??= readGitChanges(effects.runGit, base.ref);
        return changes;
    };
    const { client } = effects;
    const runStop = (0,_core_run_connections_js__WEBPACK_IMPORTED_MODULE_4__/* .createRunStop */ .q)(effects.stop);
    const results = await Promise.all(checking.map((connection) => checkConnection(connection, command, effects, { client, base, readChangedFiles, runStop })));
    if (runStop.fatalError !== undefined)
        effects.err(`omni-dbt: ${runStop.fatalError}\n`);
    if (command.run.json)
        effects.out(`${buildImpactCommandOutput(command, base, results)}\n`);
    else
        effects.outStyled(renderImpactTerminal(command, base, results, effects.palette));
    const isFailing = results.some((result) => result.status !== 'checked' || result.impact?.isFailing === true);
    return isFailing ? _exit_js__WEBPACK_IMPORTED_MODULE_8__/* .EXIT_FAILURE */ .w5 : _exit_js__WEBPACK_IMPORTED_MODULE_8__/* .EXIT_OK */ .Ij;
}


/***/ })

};
