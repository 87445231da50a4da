export const id = 448;
export const ids = [448];
export const modules = {

/***/ 6448:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readOpenPullRequestNumbers: () => (/* binding */ readOpenPullRequestNumbers)
/* harmony export */ });
/* unused harmony exports MAX_GITHUB_WAIT_SECONDS, MAX_PULL_REQUEST_PAGES, findNextLink */
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6856);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8816);
/* harmony import */ var _core_omni_transport_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8958);
/* harmony import */ var _core_run_preview_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7603);
// Which pull requests of the repository are still open, for the preview sweep: one paged listing of the
// open ones (anything else is closed), through @actions/github with @octokit/plugin-throttling, so that
// GitHub's rate-limit answers (403/429 with x-ratelimit-reset or retry-after) are waited out, within bounds.
// The sweep deletes what this list leaves out, so it is read with certainty or not at all: every page is
// checked against its schema, and every `Link: next` followed until there is none (README, "Preview
// environments"). Loaded only by a sweep: it brings @actions/github.





/** A wait longer than this is not worth a job: the sweep fails and the next one tries again. */
const MAX_GITHUB_WAIT_SECONDS = 120;
const MAX_GITHUB_RETRIES = 3;
/** GitHub's largest page (https://docs.github.com/rest/pulls/pulls#list-pull-requests). */
const PULLS_PER_PAGE = 100;
/** 100 pages of 100 open pull requests is beyond any repository: a list still going is not believed. */
const MAX_PULL_REQUEST_PAGES = 100;
/** The fields the sweep relies on, of each item of `GET /repos/{owner}/{repo}/pulls?state=open`. */
const openPullRequestPageSchema = zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_3__/* .object */ .Ikc({ number: zod__WEBPACK_IMPORTED_MODULE_3__/* .number */ .aig().int().positive(), state: zod__WEBPACK_IMPORTED_MODULE_3__/* .literal */ .euz('open') }));
const SHAPE_HINT = "GitHub's answer was not the list of pull requests its REST API documents: check GITHUB_API_URL (a proxy or an old GitHub Enterprise Server in between?); the next sweep tries again.";
const ACCESS_HINT = 'Give the job `pull-requests: read` (or write) and the `github-token` input; the next sweep tries again.';
const LATER_HINT = 'GitHub could not answer just now: the next sweep tries again.';
/** The numbers of the repository's open pull requests, every page of them; else OpenPullRequestsError. */
async function readOpenPullRequestNumbers(options) {
    const decide = (kind) => (retryAfter, _request, _octokit, retryCount) => {
        if (retryCount >= MAX_GITHUB_RETRIES || retryAfter > MAX_GITHUB_WAIT_SECONDS)
            return false;
        options.onWait(`GitHub's ${kind} was reached: waiting ${retryAfter} s as it asks, then trying again.`);
        return true;
    };
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(options.githubToken, {
        ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
        throttle: { onRateLimit: decide('rate limit'), onSecondaryRateLimit: decide('secondary rate limit') },
    }, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_4__/* .throttling */ .A);
    const numbers = new Set();
    const requested = new Set();
    let next;
    for (let page = 1; page <= MAX_PULL_REQUEST_PAGES; page += 1) {
        let response;
        try {
            response =
                next === undefined
                    ? await octokit.request('GET /repos/{owner}/{repo}/pulls', {
                        owner: options.owner,
                        repo: options.repo,
                        state: 'open',
                        per_page: PULLS_PER_PAGE,
                    })
                    : await octokit.request({ method: 'GET', url: next });
        }
        catch (error) {
            // Octokit gives a network failure status 500 too: only an error with a response is GitHub's answer.
            const status = error.response?.status;
            const said = error instanceof Error ? error.message : String(error);
            const isHttp = typeof status === 'number';
            const isRefused = isHttp && status >= 400 && status < 500;
            throw new _core_run_preview_js__WEBPACK_IMPORTED_MODULE_2__/* .OpenPullRequestsError */ .cQ(`page ${page} of the open pull requests failed: ${isHttp ? `HTTP ${status} (${said})` : said}`, isRefused ? ACCESS_HINT : LATER_HINT);
        }
        requested.add(response.url);
        for (const pull of readPage(response.data, page))
            numbers.add(pull.number);
        next = findNextLink(response.headers.link, response.url, page);
        if (next === undefined)
            return numbers;
        if (requested.has(next)) {
            throw new _core_run_preview_js__WEBPACK_IMPORTED_MODULE_2__/* .OpenPullRequestsError */ .cQ(`the next link of page ${page} of the open pull requests points to a page already read, so the list would never end`, SHAPE_HINT);
        }
    }
    throw new _core_run_preview_js__WEBPACK_IMPORTED_MODULE_2__/* .OpenPullRequestsError */ .cQ(`the open pull requests still had more pages after ${MAX_PULL_REQUEST_PAGES} (of ${PULLS_PER_PAGE}), more than any repository should have`, SHAPE_HINT);
}
/** The page's pull requests, or why the page is not the list of open pull requests that was asked for. */
function readPage(data, page) {
    const parsed = openPullRequestPageSchema.safeParse(data);
    if (parsed.success)
        return parsed.data;
    const what = `page ${page} of the open pull requests`;
    if (!Array.isArray(data)) {
        const kind = data === null ? 'null' : typeof data === 'object' ? 'an object' : `a ${typeof data}`;
        throw new _core_run_preview_js__WEBPACK_IMPORTED_MODULE_2__/* .OpenPullRequestsError */ .cQ(`${what} is ${kind}, not a list of pull requests`, SHAPE_HINT);
    }
    // `state` other than "open" in a list of open ones, or `number` missing or not a whole number.
    throw new _core_run_preview_js__WEBPACK_IMPORTED_MODULE_2__/* .OpenPullRequestsError */ .cQ(`${what} has missing or mistyped fields: ${(0,_core_omni_transport_js__WEBPACK_IMPORTED_MODULE_1__/* .listIssuePaths */ .iS)(parsed.error)}`, SHAPE_HINT);
}
/**
 * The `rel="next"` target of a Link header (RFC 8288, as GitHub sends it: `<url>; rel="next", …`), resolved
 * against the page's own URL; undefined when there is no next page. A next link that cannot be followed
 * (no `<url>`, not a URL, another origin, which would be sent the token) is an error, not the end.
 */
function findNextLink(header, pageUrl, page) {
    if (header === undefined || header.trim() === '')
        return undefined;
    const cannotFollow = (why) => {
        throw new _core_run_preview_js__WEBPACK_IMPORTED_MODULE_2__/* .OpenPullRequestsError */ .cQ(`the next link of page ${page} of the open pull requests cannot be followed: ${why}`, SHAPE_HINT);
    };
    const isNext = (params) => /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i
        .exec(params)
        ?.slice(1)
        .some((rel) => rel?.toLowerCase().split(/\s+/).includes('next')) === true;
    let target;
    for (const [, url, params] of header.matchAll(/<([^>]*)>([^<]*)/g)) {
        if (url !== undefined && params !== undefined && isNext(params))
            target = url;
    }
    if (target === undefined) {
        return /\brel\s*=\s*"?[^",;]*\bnext\b/i.test(header)
            ? cannotFollow('it names a next page without a <URL>')
            : undefined;
    }
    let resolved;
    try {
        resolved = new URL(target, pageUrl);
    }
    catch {
        return cannotFollow('its target is not a URL');
    }
    if (resolved.origin !== new URL(pageUrl).origin) {
        return cannotFollow(`it points to another host (${resolved.host}), which would be sent the token`);
    }
    return resolved.href;
}


/***/ })

};
