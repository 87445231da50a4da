// The sticky PR comment: one comment per config file, found by a hidden marker and updated in place.
// Loaded only when a comment is due, since it brings @actions/github. The body is redacted and its values
// escaped like the job summary's (markdown-text.ts).
import { getOctokit } from '@actions/github';
import { COMMENT_LIMIT_CHARS, renderReportMarkdown } from '../core/report/markdown.js';
import type { RunReport } from '../core/run/types.js';
import type { Redactor } from '../core/secrets.js';
import type { ActionLog } from './log.js';

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
  isFork: boolean;
}

/** `preview` runs keep their own comment, so the plan and the preview never overwrite each other. */
export type CommentKind = 'plan' | 'preview';

export function commentKindOf(report: Pick<RunReport, 'mode'>): CommentKind {
  return report.mode === 'preview' ? 'preview' : 'plan';
}

/** The marker names the config path, so two configs in one repository keep two comments. */
export function buildCommentMarker(configPath: string, kind: CommentKind = 'plan'): string {
  return `<!-- omni-dbt-action ${kind}: ${configPath.replace(/--/g, '-\\-')} -->`;
}

export function renderPlanComment(report: RunReport, runUrl: string | undefined, redactor: Redactor): string {
  const marker = buildCommentMarker(report.configPath, commentKindOf(report));
  const location = runUrl ? `the [job summary](${runUrl})` : 'the job summary of this run';
  const body = renderReportMarkdown(report, {
    // GitHub refuses comment bodies over 65,536 characters; leave room for the marker.
    maxChars: COMMENT_LIMIT_CHARS - marker.length - 1,
    fullPlanLocation: location,
    redactor,
  });
  return redactor.redact(`${marker}\n${body}`);
}

const PERMISSIONS_HINT = ['permissions:', '  contents: read', '  pull-requests: write'].join('\n');

/** The login GitHub gives comments made with this token; GITHUB_TOKEN cannot read /user. */
async function findOwnLogin(octokit: ReturnType<typeof getOctokit>): Promise<string> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return data.login;
  } catch {
    return 'github-actions[bot]';
  }
}

interface CommentSummary {
  id: number;
  body?: string | null;
  user?: { login: string } | null;
}

/**
 * The comment to update in place: ours (written by `login`) and for this config (opening with `marker`).
 * Someone else's comment quoting our marker is never edited.
 */
export function findStickyComment(
  comments: readonly CommentSummary[],
  login: string,
  marker: string,
): number | undefined {
  return comments.find((c) => c.user?.login === login && (c.body ?? '').startsWith(marker))?.id;
}

export interface PublishCommentOptions {
  report: RunReport;
  pullRequest: PullRequestRef;
  githubToken: string;
  /** The run's log: its redactor redacts the body, and the outcome is logged through it. */
  log: ActionLog;
}

/** Creates or updates the comment. Never fails the run: a refusal becomes a warning. */
export async function publishPlanComment(options: PublishCommentOptions): Promise<void> {
  const { report, pullRequest, githubToken, log } = options;
  const where = `pull request #${pullRequest.number}`;
  const explainRefusal = (reason: string) => {
    const forkNote = pullRequest.isFork
      ? ' Pull requests from forks get a read-only token, so no comment is possible there.'
      : '';
    log.warning(
      `Could not write the plan comment on ${where}: ${reason}. The plan is in the job summary.${forkNote} To allow the comment, give the job:\n${PERMISSIONS_HINT}`,
    );
  };
  if (githubToken === '') {
    explainRefusal('the github-token input is empty');
    return;
  }
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = process.env;
  const runUrl =
    GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_RUN_ID
      ? `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`
      : undefined;
  const body = renderPlanComment(report, runUrl, log.redactor);
  const kind = commentKindOf(report);
  const marker = buildCommentMarker(report.configPath, kind);
  const octokit = getOctokit(githubToken);
  const repoRef = { owner: pullRequest.owner, repo: pullRequest.repo };
  try {
    const login = await findOwnLogin(octokit);
    let existingId: number | undefined;
    const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
      ...repoRef,
      issue_number: pullRequest.number,
      per_page: 100,
    });
    for await (const page of pages) {
      existingId = findStickyComment(page.data, login, marker);
      if (existingId !== undefined) break;
    }
    if (existingId === undefined) {
      await octokit.rest.issues.createComment({ ...repoRef, issue_number: pullRequest.number, body });
      log.info(`Created the ${kind} comment on ${where}.`);
    } else {
      await octokit.rest.issues.updateComment({ ...repoRef, comment_id: existingId, body });
      log.info(`Updated the ${kind} comment on ${where}.`);
    }
  } catch (error) {
    const status = (error as { status?: number }).status;
    const message = error instanceof Error ? error.message : String(error);
    explainRefusal(status === undefined ? message : `GitHub answered ${status} (${message})`);
  }
}
