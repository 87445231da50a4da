export const id = 628;
export const ids = [628];
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


/***/ })

};
