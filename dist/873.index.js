export const id = 873;
export const ids = [873];
export const modules = {

/***/ 2873:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   publishPlanComment: () => (/* binding */ publishPlanComment)
/* harmony export */ });
/* unused harmony exports commentKindOf, buildCommentMarker, renderPlanComment, findStickyComment */
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/* harmony import */ var _core_report_markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3020);
// The sticky PR comment: one comment per config file, found by a hidden marker and updated in place.
// Loaded only when a comment is due, since it brings @actions/github. The body is redacted and its values
// escaped like the job summary's (markdown-text.ts).


function commentKindOf(report) {
    return report.mode === 'preview' ? 'preview' : 'plan';
}
/** The marker names the config path, so two configs in one repository keep two comments. */
function buildCommentMarker(configPath, kind = 'plan') {
    return `<!-- omni-dbt-action ${kind}: ${configPath.replace(/--/g, '-\\-')} -->`;
}
function renderPlanComment(report, runUrl, redactor) {
    const marker = buildCommentMarker(report.configPath, commentKindOf(report));
    const location = runUrl ? `the [job summary](${runUrl})` : 'the job summary of this run';
    const body = (0,_core_report_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .renderReportMarkdown */ .Ay)(report, {
        // GitHub refuses comment bodies over 65,536 characters; leave room for the marker.
        maxChars: _core_report_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .COMMENT_LIMIT_CHARS */ .iW - marker.length - 1,
        fullPlanLocation: location,
        redactor,
    });
    return redactor.redact(`${marker}\n${body}`);
}
const PERMISSIONS_HINT = ['permissions:', '  contents: read', '  pull-requests: write'].join('\n');
/** The login GitHub gives comments made with this token; GITHUB_TOKEN cannot read /user. */
async function findOwnLogin(octokit) {
    try {
        const { data } = await octokit.rest.users.getAuthenticated();
        return data.login;
    }
    catch {
        return 'github-actions[bot]';
    }
}
/**
 * The comment to update in place: ours (written by `login`) and for this config (opening with `marker`).
 * Someone else's comment quoting our marker is never edited.
 */
function findStickyComment(comments, login, marker) {
    return comments.find((c) => c.user?.login === login && (c.body ?? '').startsWith(marker))?.id;
}
/** Creates or updates the comment. Never fails the run: a refusal becomes a warning. */
async function publishPlanComment(options) {
    const { report, pullRequest, githubToken, log } = options;
    const where = `pull request #${pullRequest.number}`;
    const explainRefusal = (reason) => {
        const forkNote = pullRequest.isFork
            ? ' Pull requests from forks get a read-only token, so no comment is possible there.'
            : '';
        log.warning(`Could not write the plan comment on ${where}: ${reason}. The plan is in the job summary.${forkNote} To allow the comment, give the job:\n${PERMISSIONS_HINT}`);
    };
    if (githubToken === '') {
        explainRefusal('the github-token input is empty');
        return;
    }
    const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = process.env;
    const runUrl = GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_RUN_ID
        ? `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`
        : undefined;
    const body = renderPlanComment(report, runUrl, log.redactor);
    const kind = commentKindOf(report);
    const marker = buildCommentMarker(report.configPath, kind);
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(githubToken);
    const repoRef = { owner: pullRequest.owner, repo: pullRequest.repo };
    try {
        const login = await findOwnLogin(octokit);
        let existingId;
        const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
            ...repoRef,
            issue_number: pullRequest.number,
            per_page: 100,
        });
        for await (const page of pages) {
            existingId = findStickyComment(page.data, login, marker);
            if (existingId !== undefined)
                break;
        }
        if (existingId === undefined) {
            await octokit.rest.issues.createComment({ ...repoRef, issue_number: pullRequest.number, body });
            log.info(`Created the ${kind} comment on ${where}.`);
        }
        else {
            await octokit.rest.issues.updateComment({ ...repoRef, comment_id: existingId, body });
            log.info(`Updated the ${kind} comment on ${where}.`);
        }
    }
    catch (error) {
        const status = error.status;
        const message = error instanceof Error ? error.message : String(error);
        explainRefusal(status === undefined ? message : `GitHub answered ${status} (${message})`);
    }
}


/***/ })

};
