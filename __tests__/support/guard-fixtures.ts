// Shared by the end-to-end checks of redaction and escaping: the dbt settings of the sandbox's production
// connection as a config file's `defaults`, a run of the built action on a pull request, and GFM
// rendering to look at what the summary and the comment would show.
import { marked } from 'marked';
import { PULL_REQUEST_EVENT, runBuiltAction } from '../../scripts/runner.js';
import { PRODUCTION_SETTINGS } from './dbt-fixtures.js';

/** `defaults:` that match every connection the tests configure with PRODUCTION_SETTINGS: no settings change. */
export const SETTINGS_YAML = `defaults:
  sshUrl: ${PRODUCTION_SETTINGS.sshUrl}
  branch: ${PRODUCTION_SETTINGS.branch}
  dbtVersion: "${PRODUCTION_SETTINGS.dbtVersion}"
  projectRootPath: ${PRODUCTION_SETTINGS.projectRootPath}
  autogenRelationships: true
  enableVirtualSchemas: true`;

/** Pull request #12 of acme/analytics, opened: a preview run's upsert. */
export const PREVIEW_OPENED_EVENT = {
  action: 'opened',
  repository: { default_branch: 'main' },
  pull_request: {
    number: 12,
    head: {
      ref: 'feature/x',
      sha: 'abc1234def5678abc1234def5678abc1234def56',
      repo: { full_name: 'acme/analytics' },
    },
    base: { ref: 'main', repo: { full_name: 'acme/analytics' } },
  },
};

export interface PullRequestRunOptions {
  config: string;
  omniUrl: string;
  apiToken: string;
  /** The GitHub fake's URL, where the comment goes. */
  githubApiUrl: string;
  githubToken: string;
  /** `preview` runs on #12 being opened; otherwise the plan of #7. */
  mode?: 'preview';
  inputs?: Record<string, string>;
  env?: Record<string, string>;
}

/** The built action on a pull request, commenting through the GitHub fake. */
export function runOnPullRequest(options: PullRequestRunOptions) {
  const isPreview = options.mode === 'preview';
  return runBuiltAction({
    inputs: {
      config: 'omni-dbt.yml',
      ...(isPreview ? { mode: 'preview' } : {}),
      'omni-url': options.omniUrl,
      'api-token': options.apiToken,
      'github-token': options.githubToken,
      ...options.inputs,
    },
    files: { 'omni-dbt.yml': options.config },
    eventName: 'pull_request',
    ref: isPreview ? 'refs/pull/12/merge' : 'refs/pull/7/merge',
    event: isPreview ? PREVIEW_OPENED_EVENT : PULL_REQUEST_EVENT,
    env: { GITHUB_API_URL: options.githubApiUrl, ...options.env },
  });
}

/** Markdown as GitHub-flavoured HTML. */
export function renderGfm(markdown: string): string {
  return marked.parse(markdown, { async: false, gfm: true });
}

/** What in `html` is live: elements a value could bring (img, a, script) and mentions outside code. */
export function findLiveMarkup(html: string): string[] {
  const outsideCode = html.replace(/<pre>[\s\S]*?<\/pre>|<code>[\s\S]*?<\/code>/g, '');
  return [
    ...(html.match(/<(?:img|a|script)\b[^>]*>/gi) ?? []),
    ...(outsideCode.match(/(?<![\w.+-])@(?:team|acme)\b/g) ?? []),
  ];
}
