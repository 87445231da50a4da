// Which pull requests of the repository are still open, for the preview sweep: one paged listing of the
// open ones (anything else is closed), through @actions/github with @octokit/plugin-throttling, so that
// GitHub's rate-limit answers (403/429 with x-ratelimit-reset or retry-after) are waited out, within bounds.
// The sweep deletes what this list leaves out, so it is read with certainty or not at all: every page is
// checked against its schema, and every `Link: next` followed until there is none (README, "Preview
// environments"). Loaded only by a sweep: it brings @actions/github.
import { getOctokit } from '@actions/github';
import { throttling } from '@octokit/plugin-throttling';
import { z } from 'zod';
import { listIssuePaths } from '../core/omni/transport.js';
import { OpenPullRequestsError } from '../core/run/preview.js';

/** A wait longer than this is not worth a job: the sweep fails and the next one tries again. */
export const MAX_GITHUB_WAIT_SECONDS = 120;
const MAX_GITHUB_RETRIES = 3;
/** GitHub's largest page (https://docs.github.com/rest/pulls/pulls#list-pull-requests). */
const PULLS_PER_PAGE = 100;
/** 100 pages of 100 open pull requests is beyond any repository: a list still going is not believed. */
export const MAX_PULL_REQUEST_PAGES = 100;

/** The fields the sweep relies on, of each item of `GET /repos/{owner}/{repo}/pulls?state=open`. */
const openPullRequestPageSchema = z.array(
  z.object({ number: z.number().int().positive(), state: z.literal('open') }),
);

const SHAPE_HINT =
  "GitHub's answer was not the list of pull requests its REST API documents: check GITHUB_API_URL (a proxy or an old GitHub Enterprise Server in between?); the next sweep tries again.";
const ACCESS_HINT =
  'Give the job `pull-requests: read` (or write) and the `github-token` input; the next sweep tries again.';
const LATER_HINT = 'GitHub could not answer just now: the next sweep tries again.';

export interface ReadOpenPullRequestsOptions {
  githubToken: string;
  /** The REST API's base URL; default GITHUB_API_URL (as @actions/github reads it when loaded). */
  baseUrl?: string;
  owner: string;
  repo: string;
  /** Told of each wait for GitHub's rate limit, for the log. */
  onWait: (message: string) => void;
}

/** The numbers of the repository's open pull requests, every page of them; else OpenPullRequestsError. */
export async function readOpenPullRequestNumbers(options: ReadOpenPullRequestsOptions): Promise<Set<number>> {
  const decide =
    (kind: string) => (retryAfter: number, _request: unknown, _octokit: unknown, retryCount: number) => {
      if (retryCount >= MAX_GITHUB_RETRIES || retryAfter > MAX_GITHUB_WAIT_SECONDS) return false;
      options.onWait(`GitHub's ${kind} was reached: waiting ${retryAfter} s as it asks, then trying again.`);
      return true;
    };
  const octokit = getOctokit(
    options.githubToken,
    {
      ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
      throttle: { onRateLimit: decide('rate limit'), onSecondaryRateLimit: decide('secondary rate limit') },
    },
    throttling,
  );
  const numbers = new Set<number>();
  const requested = new Set<string>();
  let next: string | undefined;
  for (let page = 1; page <= MAX_PULL_REQUEST_PAGES; page += 1) {
    let response: { url: string; data: unknown; headers: { link?: string } };
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
    } catch (error) {
      // Octokit gives a network failure status 500 too: only an error with a response is GitHub's answer.
      const status = (error as { response?: { status?: unknown } }).response?.status;
      const said = error instanceof Error ? error.message : String(error);
      const isHttp = typeof status === 'number';
      const isRefused = isHttp && status >= 400 && status < 500;
      throw new OpenPullRequestsError(
        `page ${page} of the open pull requests failed: ${isHttp ? `HTTP ${status} (${said})` : said}`,
        isRefused ? ACCESS_HINT : LATER_HINT,
      );
    }
    requested.add(response.url);
    for (const pull of readPage(response.data, page)) numbers.add(pull.number);
    next = findNextLink(response.headers.link, response.url, page);
    if (next === undefined) return numbers;
    if (requested.has(next)) {
      throw new OpenPullRequestsError(
        `the next link of page ${page} of the open pull requests points to a page already read, so the list would never end`,
        SHAPE_HINT,
      );
    }
  }
  throw new OpenPullRequestsError(
    `the open pull requests still had more pages after ${MAX_PULL_REQUEST_PAGES} (of ${PULLS_PER_PAGE}), more than any repository should have`,
    SHAPE_HINT,
  );
}

/** The page's pull requests, or why the page is not the list of open pull requests that was asked for. */
function readPage(data: unknown, page: number): { number: number }[] {
  const parsed = openPullRequestPageSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const what = `page ${page} of the open pull requests`;
  if (!Array.isArray(data)) {
    const kind = data === null ? 'null' : typeof data === 'object' ? 'an object' : `a ${typeof data}`;
    throw new OpenPullRequestsError(`${what} is ${kind}, not a list of pull requests`, SHAPE_HINT);
  }
  // `state` other than "open" in a list of open ones, or `number` missing or not a whole number.
  throw new OpenPullRequestsError(
    `${what} has missing or mistyped fields: ${listIssuePaths(parsed.error)}`,
    SHAPE_HINT,
  );
}

/**
 * The `rel="next"` target of a Link header (RFC 8288, as GitHub sends it: `<url>; rel="next", …`), resolved
 * against the page's own URL; undefined when there is no next page. A next link that cannot be followed
 * (no `<url>`, not a URL, another origin, which would be sent the token) is an error, not the end.
 */
export function findNextLink(header: string | undefined, pageUrl: string, page: number): string | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const cannotFollow = (why: string): never => {
    throw new OpenPullRequestsError(
      `the next link of page ${page} of the open pull requests cannot be followed: ${why}`,
      SHAPE_HINT,
    );
  };
  const isNext = (params: string) =>
    /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i
      .exec(params)
      ?.slice(1)
      .some((rel) => rel?.toLowerCase().split(/\s+/).includes('next')) === true;
  let target: string | undefined;
  for (const [, url, params] of header.matchAll(/<([^>]*)>([^<]*)/g)) {
    if (url !== undefined && params !== undefined && isNext(params)) target = url;
  }
  if (target === undefined) {
    return /\brel\s*=\s*"?[^",;]*\bnext\b/i.test(header)
      ? cannotFollow('it names a next page without a <URL>')
      : undefined;
  }
  let resolved: URL;
  try {
    resolved = new URL(target, pageUrl);
  } catch {
    return cannotFollow('its target is not a URL');
  }
  if (resolved.origin !== new URL(pageUrl).origin) {
    return cannotFollow(`it points to another host (${resolved.host}), which would be sent the token`);
  }
  return resolved.href;
}
