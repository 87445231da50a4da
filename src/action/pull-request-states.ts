// Which pull requests of the repository are still open, for the preview sweep: one paged listing of the
// open ones (anything else is closed), and a closed one's branches when its Omni branch may be deleted
// (README, "Impact on Omni", "Close and sweep"). The sweep deletes what the listing leaves out, so it is read
// with certainty or not at all: every page checked against its schema, every `Link: next` followed until
// there is none (github-pages.ts). Loaded only by a sweep: it brings @actions/github.
import { z } from 'zod';
import { listIssuePaths } from '../core/omni/transport.js';
import { OpenPullRequestsError, type PullRequestRefs } from '../core/run/preview.js';
import {
  createGitHubClient,
  describeRequestFailure,
  findNextPage,
  type GitHubClient,
  type GitHubClientOptions,
  GitHubReadError,
  readGitHubPages,
} from './github-pages.js';

/** GitHub's largest page (https://docs.github.com/rest/pulls/pulls#list-pull-requests). */
const PULLS_PER_PAGE = 100;
/** 100 pages of 100 open pull requests is beyond any repository: a list still going is not believed. */
export const MAX_PULL_REQUEST_PAGES = 100;

const WHAT = 'the open pull requests';

/** The fields the sweep relies on, of each item of `GET /repos/{owner}/{repo}/pulls?state=open`. */
const openPullRequestPageSchema = z.array(
  z.object({ number: z.number().int().positive(), state: z.literal('open') }),
);

/** The fields a closed pull request's `omniBranch` is rendered from (`GET /repos/{owner}/{repo}/pulls/{n}`). */
const pullRequestSchema = z.object({
  number: z.number().int().positive(),
  head: z.object({ ref: z.string().min(1), sha: z.string().min(7) }),
  base: z.object({ ref: z.string().min(1) }),
});

const SHAPE_HINT =
  "GitHub's answer was not the list of pull requests its REST API documents: check GITHUB_API_URL (a proxy or an old GitHub Enterprise Server in between?); the next sweep tries again.";
const ACCESS_HINT =
  'Give the job `pull-requests: read` (or write) and the `github-token` input; the next sweep tries again.';
const LATER_HINT = 'GitHub could not answer just now: the next sweep tries again.';
const HINTS = { shape: SHAPE_HINT, refused: ACCESS_HINT, unavailable: LATER_HINT } as const;

export interface ReadOpenPullRequestsOptions extends GitHubClientOptions {
  owner: string;
  repo: string;
  /** The run's GitHub client, shared with the sweep's other reads; built from the options when absent. */
  client?: GitHubClient;
}

/** A GitHubReadError as the sweep's error, with the hint for its kind. */
function toSweepError(error: unknown): unknown {
  return error instanceof GitHubReadError
    ? new OpenPullRequestsError(error.message, HINTS[error.kind])
    : error;
}

/** The numbers of the repository's open pull requests, every page of them; else OpenPullRequestsError. */
export async function readOpenPullRequestNumbers(options: ReadOpenPullRequestsOptions): Promise<Set<number>> {
  const client = options.client ?? createGitHubClient(options);
  try {
    const pulls = await readGitHubPages(client, {
      readFirstPage: () =>
        client.request('GET /repos/{owner}/{repo}/pulls', {
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
          : { ok: false, paths: listIssuePaths(parsed.error) };
      },
      maxPages: MAX_PULL_REQUEST_PAGES,
      perPage: PULLS_PER_PAGE,
    });
    return new Set(pulls.map((pull) => pull.number));
  } catch (error) {
    throw toSweepError(error);
  }
}

/** A closed pull request's head and base branches and head commit, checked; else a GitHubReadError. */
export async function readPullRequestRefs(
  options: ReadOpenPullRequestsOptions & { pr: number },
): Promise<PullRequestRefs> {
  const client = options.client ?? createGitHubClient(options);
  const what = `pull request #${options.pr}`;
  let data: unknown;
  try {
    ({ data } = await client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
      owner: options.owner,
      repo: options.repo,
      pull_number: options.pr,
    }));
  } catch (error) {
    throw describeRequestFailure(error, `reading ${what}`);
  }
  const parsed = pullRequestSchema.safeParse(data);
  if (!parsed.success || parsed.data.number !== options.pr) {
    const paths = parsed.success ? 'number' : listIssuePaths(parsed.error);
    throw new GitHubReadError(
      `GitHub's answer for ${what} has missing or mistyped fields: ${paths}`,
      'shape',
    );
  }
  return { head: parsed.data.head.ref, base: parsed.data.base.ref, sha: parsed.data.head.sha };
}

/** The next page of the open pull requests' listing (github-pages.ts, findNextPage), as the sweep's error. */
export function findNextLink(header: string | undefined, pageUrl: string, page: number): string | undefined {
  try {
    return findNextPage(header, pageUrl, `page ${page} of ${WHAT}`);
  } catch (error) {
    throw toSweepError(error);
  }
}
