// The action's reading of GitHub's REST API: one Octokit (@actions/github) with @octokit/plugin-throttling, so
// that GitHub's rate-limit answers (403/429 with x-ratelimit-reset or retry-after) are waited out, within
// bounds; and paged lists read with certainty: every page checked against its schema, every `Link: next`
// followed to the end (never in a loop, never to another host, for a bounded number of pages). The preview
// sweep's open pull requests and the impact check's changed files both read through here. Loaded only when
// one of them runs: it brings @actions/github.
import { getOctokit } from '@actions/github';
import { throttling } from '@octokit/plugin-throttling';

/** A wait longer than this is not worth a job: the read fails, and the next run tries again. */
export const MAX_GITHUB_WAIT_SECONDS = 120;
const MAX_GITHUB_RETRIES = 3;

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface GitHubClientOptions {
  githubToken: string;
  /** The REST API's base URL; default GITHUB_API_URL (as @actions/github reads it when loaded). */
  baseUrl?: string;
  /** Told of each wait for GitHub's rate limit, for the log. */
  onWait: (message: string) => void;
}

/** The run's GitHub client, which waits out GitHub's rate limits (at most 3 times, 120 s each). */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const decide =
    (kind: string) => (retryAfter: number, _request: unknown, _octokit: unknown, retryCount: number) => {
      if (retryCount >= MAX_GITHUB_RETRIES || retryAfter > MAX_GITHUB_WAIT_SECONDS) return false;
      options.onWait(`GitHub's ${kind} was reached: waiting ${retryAfter} s as it asks, then trying again.`);
      return true;
    };
  return getOctokit(
    options.githubToken,
    {
      ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
      throttle: { onRateLimit: decide('rate limit'), onSecondaryRateLimit: decide('secondary rate limit') },
    },
    throttling,
  );
}

/**
 * Why a GitHub answer could not be used: `refused` (a 4xx: permissions, a wrong repository), `unavailable`
 * (GitHub or the network failed: later may work), `shape` (an answer that is not what the API documents).
 */
export type GitHubFailureKind = 'refused' | 'unavailable' | 'shape';

export class GitHubReadError extends Error {
  constructor(
    message: string,
    readonly kind: GitHubFailureKind,
  ) {
    super(message);
    this.name = 'GitHubReadError';
  }
}

interface GitHubPage {
  url: string;
  data: unknown;
  headers: { link?: string };
}

/** A request's failure as a GitHubReadError; Octokit gives a network failure status 500 too, without a response. */
export function describeRequestFailure(error: unknown, what: string): GitHubReadError {
  const status = (error as { response?: { status?: unknown } }).response?.status;
  const said = error instanceof Error ? error.message : String(error);
  const isHttp = typeof status === 'number';
  const isRefused = isHttp && status >= 400 && status < 500;
  return new GitHubReadError(
    `${what} failed: ${isHttp ? `HTTP ${status} (${said})` : said}`,
    isRefused ? 'refused' : 'unavailable',
  );
}

export interface ReadGitHubPagesOptions<T> {
  /** Sends the first page's request (the route is written where it is sent, so that it can be listed). */
  readFirstPage(): Promise<GitHubPage>;
  /** What the list is, e.g. `the open pull requests`; errors say `page 2 of the open pull requests …`. */
  what: string;
  /** What a page should be a list of, e.g. `pull requests`. */
  items: string;
  /** The page's items, or the paths of the fields that are missing or mistyped. */
  parsePage(data: unknown): { ok: true; items: T[] } | { ok: false; paths: string };
  maxPages: number;
  /** How many items a page holds (the error for a list still going says so). */
  perPage: number;
}

/** Every item of a paged list, every page read and checked; else a GitHubReadError saying which page and why. */
export async function readGitHubPages<T>(
  client: GitHubClient,
  options: ReadGitHubPagesOptions<T>,
): Promise<T[]> {
  const items: T[] = [];
  const requested = new Set<string>();
  let next: string | undefined;
  for (let page = 1; page <= options.maxPages; page += 1) {
    let response: GitHubPage;
    try {
      response =
        next === undefined
          ? await options.readFirstPage()
          : await client.request({ method: 'GET', url: next });
    } catch (error) {
      throw describeRequestFailure(error, `page ${page} of ${options.what}`);
    }
    requested.add(response.url);
    const parsed = options.parsePage(response.data);
    if (!parsed.ok)
      throw describeShapeFailure(
        response.data,
        parsed.paths,
        `page ${page} of ${options.what}`,
        options.items,
      );
    items.push(...parsed.items);
    next = findNextPage(response.headers.link, response.url, `page ${page} of ${options.what}`);
    if (next === undefined) return items;
    if (requested.has(next)) {
      throw new GitHubReadError(
        `the next link of page ${page} of ${options.what} points to a page already read, so the list would never end`,
        'shape',
      );
    }
  }
  throw new GitHubReadError(
    `${options.what} still had more pages after ${options.maxPages} (of ${options.perPage})`,
    'shape',
  );
}

function describeShapeFailure(data: unknown, paths: string, where: string, items: string): GitHubReadError {
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
export function findNextPage(header: string | undefined, pageUrl: string, where: string): string | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const cannotFollow = (why: string): never => {
    throw new GitHubReadError(`the next link of ${where} cannot be followed: ${why}`, 'shape');
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
