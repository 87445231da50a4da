// Reads what the run needs of the triggering GitHub event, without loading @actions/github.
import { readFileSync } from 'node:fs';

export interface PullRequestEvent {
  owner: string;
  repo: string;
  number: number;
  isFork: boolean;
  /** The event's activity type: `opened`, `synchronize`, `reopened`, `closed`, … */
  action: string;
  /** Head and base branch names, and the head commit. */
  head: string;
  base: string;
  sha: string;
}

export interface GitHubEvent {
  eventName: string;
  ref: string;
  defaultBranch?: string;
  /** `owner/repo`, from GITHUB_REPOSITORY. */
  repository: string;
  /** The commit the config was read from: the PR head for pull requests. */
  commit?: string;
  pullRequest?: PullRequestEvent;
}

interface EventPayload {
  action?: string;
  repository?: { default_branch?: string; name?: string; owner?: { login?: string } };
  pull_request?: {
    number?: number;
    head?: { ref?: string; sha?: string; repo?: { full_name?: string } | null };
    base?: { ref?: string; repo?: { full_name?: string } };
  };
}

function readPayload(eventPath: string | undefined): EventPayload {
  if (eventPath === undefined || eventPath === '') return {};
  try {
    return JSON.parse(readFileSync(eventPath, 'utf8')) as EventPayload;
  } catch {
    return {};
  }
}

export function readGitHubEvent(env: NodeJS.ProcessEnv = process.env): GitHubEvent {
  const payload = readPayload(env.GITHUB_EVENT_PATH);
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const pr = payload.pull_request;
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const isPullRequestEvent = eventName === 'pull_request' || eventName === 'pull_request_target';
  const pullRequest =
    isPullRequestEvent && pr?.number !== undefined && owner && repo
      ? {
          owner,
          repo,
          number: pr.number,
          isFork:
            pr.head?.repo?.full_name !== undefined && pr.head.repo?.full_name !== pr.base?.repo?.full_name,
          action: payload.action ?? '',
          head: pr.head?.ref ?? '',
          base: pr.base?.ref ?? '',
          sha: pr.head?.sha ?? '',
        }
      : undefined;
  return {
    eventName,
    ref: env.GITHUB_REF ?? '',
    repository: env.GITHUB_REPOSITORY ?? '',
    defaultBranch: payload.repository?.default_branch,
    commit: pr?.head?.sha ?? env.GITHUB_SHA,
    pullRequest,
  };
}
