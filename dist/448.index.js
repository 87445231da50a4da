export const id = 448;
export const ids = [448];
export const modules = {

/***/ 6448:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readOpenPullRequestNumbers: () => (/* binding */ readOpenPullRequestNumbers)
/* harmony export */ });
/* unused harmony export MAX_GITHUB_WAIT_SECONDS */
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6856);
// Which pull requests of the repository are still open, for the preview sweep: one paged listing of the
// open ones (anything else is closed), through @actions/github with @octokit/plugin-throttling, so that
// GitHub's rate-limit answers (403/429 with x-ratelimit-reset or retry-after) are waited out, within bounds.
// Loaded only by a sweep: it brings @actions/github.


/** A wait longer than this is not worth a job: the sweep fails and the next one tries again. */
const MAX_GITHUB_WAIT_SECONDS = 120;
const MAX_GITHUB_RETRIES = 3;
/** The numbers of the repository's open pull requests, every page of them. */
async function readOpenPullRequestNumbers(options) {
    const decide = (kind) => (retryAfter, _request, _octokit, retryCount) => {
        if (retryCount >= MAX_GITHUB_RETRIES || retryAfter > MAX_GITHUB_WAIT_SECONDS)
            return false;
        options.onWait(`GitHub's ${kind} was reached: waiting ${retryAfter} s as it asks, then trying again.`);
        return true;
    };
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(options.githubToken, { throttle: { onRateLimit: decide('rate limit'), onSecondaryRateLimit: decide('secondary rate limit') } }, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_1__/* .throttling */ .A);
    const pulls = await octokit.paginate(octokit.rest.pulls.list, {
        owner: options.owner,
        repo: options.repo,
        state: 'open',
        per_page: 100,
    });
    return new Set(pulls.map((pull) => pull.number));
}


/***/ })

};
