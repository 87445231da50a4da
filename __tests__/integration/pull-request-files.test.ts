// The impact check's changed files from the GitHub fake over real HTTP (README, "Impact on Omni", "At risk"):
// every page read and checked, renames with their old path, and any answer short of that a reason, never a
// rejection (the dashboards at risk are informational).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GitHubFake, startGitHubFake } from '../../sandbox/github-fake.js';
import { readPullRequestFiles } from '../../src/action/pull-request-files.js';

const TOKEN = 'ghs_filesInstallationToken';
const FILES = [
  { filename: 'transform/models/orders.sql', status: 'modified' as const },
  {
    filename: 'transform/models/stg_payments.sql',
    status: 'renamed' as const,
    previous_filename: 'transform/models/payments.sql',
  },
  { filename: 'transform/models/gone.py', status: 'removed' as const },
];

let github: GitHubFake;
beforeEach(async () => {
  github = await startGitHubFake({
    installationTokens: [TOKEN],
    pullsPageLimit: 1,
    pullRequests: [{ repo: 'acme/analytics', number: 12, files: FILES }],
  });
});
afterEach(() => github.close());

const read = (pr = 12) =>
  readPullRequestFiles({
    githubToken: TOKEN,
    baseUrl: github.url,
    owner: 'acme',
    repo: 'analytics',
    pr,
    onWait: () => undefined,
  });

describe('readPullRequestFiles', () => {
  it('reads every page, with the old path of a renamed file', async () => {
    expect(await read()).toEqual({ ok: true, files: FILES });
    expect(
      github.requests.map((request) => new URL(request.path, github.url).searchParams.get('page')),
    ).toEqual([null, '2', '3']);
  });

  it.each([
    ['object', 'page 1 of the files of pull request #12 is an object, not a list of files'],
    [
      'missing-filename',
      'page 1 of the files of pull request #12 has missing or mistyped fields: 0.filename',
    ],
    ['page-fails', 'page 2 of the files of pull request #12 failed: HTTP 500'],
  ] as const)('gives a reason, not files, when the list is %s', async (fault, says) => {
    github.setPullFilesFault(fault);
    const result = await read();
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toContain(says);
  });

  it('gives a reason for a pull request GitHub does not know', async () => {
    const result = await read(99);
    expect(result.ok ? '' : result.reason).toContain('HTTP 404');
  });
});
