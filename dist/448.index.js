export const id = 448;
export const ids = [448,628];
export const modules = {

/***/ 5628:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GitHubReadError: () => (/* binding */ GitHubReadError),
/* harmony export */   MAX_GITHUB_WAIT_SECONDS: () => (/* binding */ MAX_GITHUB_WAIT_SECONDS),
/* harmony export */   createGitHubClient: () => (/* binding */ createGitHubClient),
/* harmony export */   describeRequestFailure: () => (/* binding */ describeRequestFailure),
/* harmony export */   findNextPage: () => (/* binding */ findNextPage),
/* harmony export */   readGitHubPages: () => (/* binding */ readGitHubPages)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6856);
// The action's reading of GitHub's REST API: one Octokit (@actions/github) with @octokit/plugin-throttling, so
// that GitHub's rate-limit answers (403/429 with x-ratelimit-reset or retry-after) are waited out, within
// bounds; and paged lists read with certainty: every page checked against its schema, every `Link: next`
// followed to the end (never in a loop, never to another host, for a bounded number of pages). The preview
// sweep's open pull requests and the impact check's changed files both read through here. Loaded only when
// one of them runs: it brings @actions/github.


/** A wait longer than this is not worth a job: the read fails, and the next run tries again. */
const MAX_GITHUB_WAIT_SECONDS = 120;
const MAX_GITHUB_RETRIES = 3;
/** The run's GitHub client, which waits out GitHub's rate limits (at most 3 times, 120 s each). */
function createGitHubClient(options) {
    const decide = (kind) => (retryAfter, _request, _octokit, retryCount) => {
        if (retryCount >= MAX_GITHUB_RETRIES || retryAfter > MAX_GITHUB_WAIT_SECONDS)
            return false;
        options.onWait(`GitHub's ${kind} was reached: waiting ${retryAfter} s as it asks, then trying again.`);
        return true;
    };
    return (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(options.githubToken, {
        ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
        throttle: { onRateLimit: decide('rate limit'), onSecondaryRateLimit: decide('secondary rate limit') },
    }, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_1__/* .throttling */ .A);
}
class GitHubReadError extends Error {
    kind;
    constructor(message, kind) {
        super(message);
        this.kind = kind;
        this.name = 'GitHubReadError';
    }
}
/** A request's failure as a GitHubReadError; Octokit gives a network failure status 500 too, without a response. */
function describeRequestFailure(error, what) {
    const status = error.response?.status;
    const said = error instanceof Error ? error.message : String(error);
    const isHttp = typeof status === 'number';
    const isRefused = isHttp && status >= 400 && status < 500;
    return new GitHubReadError(`${what} failed: ${isHttp ? `HTTP ${status} (${said})` : said}`, isRefused ? 'refused' : 'unavailable');
}
/** Every item of a paged list, every page read and checked; else a GitHubReadError saying which page and why. */
async function readGitHubPages(client, options) {
    const items = [];
    const requested = new Set();
    let next;
    for (let page = 1; page <= options.maxPages; page += 1) {
        let response;
        try {
            response =
                next === undefined
                    ? await options.readFirstPage()
                    : await client.request({ method: 'GET', url: next });
        }
        catch (error) {
            throw describeRequestFailure(error, `page ${page} of ${options.what}`);
        }
        requested.add(response.url);
        const parsed = options.parsePage(response.data);
        if (!parsed.ok)
            throw describeShapeFailure(response.data, parsed.paths, `page ${page} of ${options.what}`, options.items);
        items.push(...parsed.items);
        next = findNextPage(response.headers.link, response.url, `page ${page} of ${options.what}`);
        if (next === undefined)
            return items;
        if (requested.has(next)) {
            throw new GitHubReadError(`the next link of page ${page} of ${options.what} points to a page already read, so the list would never end`, 'shape');
        }
    }
    throw new GitHubReadError(`${options.what} still had more pages after ${options.maxPages} (of ${options.perPage})`, 'shape');
}
function describeShapeFailure(data, paths, where, items) {
    if (!Array.isArray(data)) {
        const kind = data === null ? 'null' : typeof data === 'object' ? 'an object' : `a ${typeof data}`;
        return new GitHubReadError(`${where} is ${kind}, not a list of ${items}`, 'shape');
    }
    return new GitHubReadError(`${where} has missing or mistyped fields: ${paths}`, 'shape');
}
/**
 * The `rel="next"` target of a Link header (RFC 8288, as GitHub sends it: `<url>; rel="next", …`), resolved
 * against the page's own URL; undefined when there is no next page. A next link that cannot be followed
 * (no `<url>`, not a URL, another origin, which would be sent the token) is an error, not the end.
 */
function findNextPage(header, pageUrl, where) {
    if (header === undefined || header.trim() === '')
        return undefined;
    const cannotFollow = (why) => {
        throw new GitHubReadError(`the next link of ${where} cannot be followed: ${why}`, 'shape');
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


/***/ }),

/***/ 6448:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readOpenPullRequestNumbers: () => (/* binding */ readOpenPullRequestNumbers),
/* harmony export */   readPullRequestRefs: () => (/* binding */ readPullRequestRefs)
/* harmony export */ });
/* unused harmony exports MAX_PULL_REQUEST_PAGES, findNextLink */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8816);
/* harmony import */ var _core_omni_transport_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8958);
/* harmony import */ var _core_run_preview_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4029);
/* harmony import */ var _github_pages_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5628);
// Which pull requests of the repository are still open, for the preview sweep: one paged listing of the
// open ones (anything else is closed), and a closed one's branches when its Omni branch may be deleted
// (README, "Impact on Omni", "Close and sweep"). The sweep deletes what the listing leaves out, so it is read
// with certainty or not at all: every page checked against its schema, every `Link: next` followed until
// there is none (github-pages.ts). Loaded only by a sweep: it brings @actions/github.




/** GitHub's largest page (https://docs.github.com/rest/pulls/pulls#list-pull-requests). */
const PULLS_PER_PAGE = 100;
/** 100 pages of 100 open pull requests is beyond any repository: a list still going is not believed. */
const MAX_PULL_REQUEST_PAGES = 100;
const WHAT = 'the open pull requests';
/** The fields the sweep relies on, of each item of `GET /repos/{owner}/{repo}/pulls?state=open`. */
const openPullRequestPageSchema = zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_3__/* .object */ .Ikc({ number: zod__WEBPACK_IMPORTED_MODULE_3__/* .number */ .aig().int().positive(), state: zod__WEBPACK_IMPORTED_MODULE_3__/* .literal */ .euz('open') }));
/** The fields a closed pull request's `omniBranch` is rendered from (`GET /repos/{owner}/{repo}/pulls/{n}`). */
const pullRequestSchema = zod__WEBPACK_IMPORTED_MODULE_3__/* .object */ .Ikc({
    number: zod__WEBPACK_IMPORTED_MODULE_3__/* .number */ .aig().int().positive(),
    head: zod__WEBPACK_IMPORTED_MODULE_3__/* .object */ .Ikc({ ref: zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP().min(1), sha: zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP().min(7) }),
    base: zod__WEBPACK_IMPORTED_MODULE_3__/* .object */ .Ikc({ ref: zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP().min(1) }),
});
const SHAPE_HINT = "GitHub's answer was not the list of pull requests its REST API documents: check GITHUB_API_URL (a proxy or an old GitHub Enterprise Server in between?); the next sweep tries again.";
const ACCESS_HINT = 'Give the job `pull-requests: read` (or write) and the `github-token` input; the next sweep tries again.';
const LATER_HINT = 'GitHub could not answer just now: the next sweep tries again.';
const HINTS = { shape: SHAPE_HINT, refused: ACCESS_HINT, unavailable: LATER_HINT };
/** A GitHubReadError as the sweep's error, with the hint for its kind. */
function toSweepError(error) {
    return error instanceof _github_pages_js__WEBPACK_IMPORTED_MODULE_2__.GitHubReadError
        ? new _core_run_preview_js__WEBPACK_IMPORTED_MODULE_1__/* .OpenPullRequestsError */ .cQ(error.message, HINTS[error.kind])
        : error;
}
/** The numbers of the repository's open pull requests, every page of them; else OpenPullRequestsError. */
async function readOpenPullRequestNumbers(options) {
    const client = options.client ?? (0,_github_pages_js__WEBPACK_IMPORTED_MODULE_2__.createGitHubClient)(options);
    try {
        const pulls = await (0,_github_pages_js__WEBPACK_IMPORTED_MODULE_2__.readGitHubPages)(client, {
            readFirstPage: () => client.request('GET /repos/{owner}/{repo}/pulls', {
                owner: options.owner,
                repo: options.repo,
                state: 'open',
                per_page: PULLS_PER_PAGE,
            }),
            what: WHAT,
            items: 'pull requests',
            parsePage: (data) => {
                // `state` other than "open" in a list of open ones, or `number` missing or not a whole number.
                const parsed = openPullRequestPageSchema.safeParse(data);
                return parsed.success
                    ? { ok: true, items: parsed.data }
                    : { ok: false, paths: (0,_core_omni_transport_js__WEBPACK_IMPORTED_MODULE_0__/* .listIssuePaths */ .iS)(parsed.error) };
            },
            maxPages: MAX_PULL_REQUEST_PAGES,
            perPage: PULLS_PER_PAGE,
        });
        return new Set(pulls.map((pull) => pull.number));
    }
    catch (error) {
        throw toSweepError(error);
    }
}
/** A closed pull request's head and base branches and head commit, checked; else a GitHubReadError. */
async function readPullRequestRefs(options) {
    const client = options.client ?? (0,_github_pages_js__WEBPACK_IMPORTED_MODULE_2__.createGitHubClient)(options);
    const what = `pull request #${options.pr}`;
    let data;
    try {
        ({ data } = await client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
            owner: options.owner,
            repo: options.repo,
            pull_number: options.pr,
        }));
    }
    catch (error) {
        throw (0,_github_pages_js__WEBPACK_IMPORTED_MODULE_2__.describeRequestFailure)(error, `reading ${what}`);
    }
    const parsed = pullRequestSchema.safeParse(data);
    if (!parsed.success || parsed.data.number !== options.pr) {
        const paths = parsed.success ? 'number' : (0,_core_omni_transport_js__WEBPACK_IMPORTED_MODULE_0__/* .listIssuePaths */ .iS)(parsed.error);
        throw new _github_pages_js__WEBPACK_IMPORTED_MODULE_2__.GitHubReadError(`GitHub's answer for ${what} has missing or mistyped fields: ${paths}`, 'shape');
    }
    return { head: parsed.data.head.ref, base: parsed.data.base.ref, sha: parsed.data.head.sha };
}
/** The next page of the open pull requests' listing (github-pages.ts, findNextPage), as the sweep's error. */
function findNextLink(header, pageUrl, page) {
    try {
        return findNextPage(header, pageUrl, `page ${page} of ${WHAT}`);
    }
    catch (error) {
        throw toSweepError(error);
    }
}


/***/ })

};
