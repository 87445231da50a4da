// The pull request's changed files, for the impact check's dashboards at risk (README, "Impact on Omni", "At
// risk"): GitHub's list of a pull request's files, every page, checked against its schema, through the same
// throttled client as the sweep (github-pages.ts). Informational: any failure becomes a reason, never the
// check's failure. Loaded only when a preview has an impact check: it brings @actions/github.
import { z } from 'zod';
import { listIssuePaths } from '../core/omni/transport.js';
import type { ChangedFile } from '../core/plan/impact.js';
import type { ChangedFilesRead } from '../core/run/impact.js';
import {
  createGitHubClient,
  type GitHubClient,
  type GitHubClientOptions,
  readGitHubPages,
} from './github-pages.js';

/** GitHub's largest page of files (https://docs.github.com/rest/pulls/pulls#list-pull-requests-files). */
const FILES_PER_PAGE = 100;
/** GitHub lists at most 3,000 files of a pull request: 30 pages of 100. */
export const MAX_LISTED_FILES = 3_000;
const MAX_FILE_PAGES = MAX_LISTED_FILES / FILES_PER_PAGE;

/** The fields read of each entry of `GET /repos/{owner}/{repo}/pulls/{pull_number}/files`. */
const changedFilesPageSchema = z.array(
  z.object({
    filename: z.string().min(1),
    status: z.enum(['added', 'removed', 'modified', 'renamed', 'copied', 'changed', 'unchanged']),
    previous_filename: z.string().min(1).optional(),
  }),
);

export interface ReadChangedFilesOptions extends GitHubClientOptions {
  owner: string;
  repo: string;
  pr: number;
  client?: GitHubClient;
}

/** Every changed file of the pull request, or why they could not be read. */
export async function readPullRequestFiles(options: ReadChangedFilesOptions): Promise<ChangedFilesRead> {
  const client = options.client ?? createGitHubClient(options);
  try {
    const files: ChangedFile[] = await readGitHubPages(client, {
      readFirstPage: () =>
        client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', {
          owner: options.owner,
          repo: options.repo,
          pull_number: options.pr,
          per_page: FILES_PER_PAGE,
        }),
      what: `the files of pull request #${options.pr}`,
      items: 'files',
      parsePage: (data) => {
        const parsed = changedFilesPageSchema.safeParse(data);
        return parsed.success
          ? { ok: true, items: parsed.data }
          : { ok: false, paths: listIssuePaths(parsed.error) };
      },
      maxPages: MAX_FILE_PAGES,
      perPage: FILES_PER_PAGE,
    });
    const note =
      files.length >= MAX_LISTED_FILES
        ? `GitHub lists at most ${MAX_LISTED_FILES.toLocaleString('en-US')} files of a pull request, and this one has that many: the dbt models of any files beyond them are not listed at risk.`
        : undefined;
    return { ok: true, files, ...(note === undefined ? {} : { note }) };
  } catch (error) {
    const said = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `the pull request's files could not be read from GitHub (${said})` };
  }
}
