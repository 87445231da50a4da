// Which pull requests of the repository are still open, for the preview sweep: one paged listing of the
// open ones (anything else is closed), through @actions/github with @octokit/plugin-throttling, so that
// GitHub's rate-limit answers (403/429 with x-ratelimit-reset or retry-after) are waited out, within bounds.
// Loaded only by a sweep: it brings @actions/github.
import { getOctokit } from '@actions/github';
import { throttling } from '@octokit/plugin-throttling';

/** A wait longer than this is not worth a job: the sweep fails and the next one tries again. */
export const MAX_GITHUB_WAIT_SECONDS = 120;
const MAX_GITHUB_RETRIES = 3;

export interface ReadOpenPullRequestsOptions {
  githubToken: string;
  owner: string;
  repo: string;
  /** Told of each wait for GitHub's rate limit, for the log. */
  onWait: (message: string) => void;
}

/** The numbers of the repository's open pull requests, every page of them. */
export async function readOpenPullRequestNumbers(options: ReadOpenPullRequestsOptions): Promise<Set<number>> {
  const decide =
    (kind: string) => (retryAfter: number, _request: unknown, _octokit: unknown, retryCount: number) => {
      if (retryCount >= MAX_GITHUB_RETRIES || retryAfter > MAX_GITHUB_WAIT_SECONDS) return false;
      options.onWait(`GitHub's ${kind} was reached: waiting ${retryAfter} s as it asks, then trying again.`);
      return true;
    };
  const octokit = getOctokit(
    options.githubToken,
    { throttle: { onRateLimit: decide('rate limit'), onSecondaryRateLimit: decide('secondary rate limit') } },
    throttling,
  );
  const pulls = await octokit.paginate(octokit.rest.pulls.list, {
    owner: options.owner,
    repo: options.repo,
    state: 'open',
    per_page: 100,
  });
  return new Set(pulls.map((pull) => pull.number));
}
