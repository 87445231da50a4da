// Reads what the run needs of the triggering GitHub event, without loading @actions/github.
import { readFileSync } from 'node:fs';

export interface GitHubEvent {
  eventName: string;
  ref: string;
  defaultBranch?: string;
  /** The commit the config was read from: the PR head for pull requests. */
  commit?: string;
  pullRequest?: { owner: string; repo: string; number: number; isFork: boolean };
}

interface EventPayload {
  repository?: { default_branch?: string; name?: string; owner?: { login?: string } };
  pull_request?: {
    number?: number;
    head?: { sha?: string; repo?: { full_name?: string } | null };
    base?: { repo?: { full_name?: string } };
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
        }
      : undefined;
  return {
    eventName,
    ref: env.GITHUB_REF ?? '',
    defaultBranch: payload.repository?.default_branch,
    commit: pr?.head?.sha ?? env.GITHUB_SHA,
    pullRequest,
  };
}
