// The sweep's listing of open pull requests against the GitHub fake over real HTTP: every page read and
// schema-checked, and any answer short of that an OpenPullRequestsError (the sweep then deletes nothing).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GitHubFake, type PullListFault, startGitHubFake } from '../../sandbox/github-fake.js';
import { findNextLink, readOpenPullRequestNumbers } from '../../src/action/pull-request-states.js';
import { OpenPullRequestsError } from '../../src/core/run/preview.js';

const TOKEN = 'ghs_sweepInstallationToken';
const OPEN = [2, 4, 6, 8, 10];

let github: GitHubFake;
beforeEach(async () => {
  github = await startGitHubFake({
    installationTokens: [TOKEN],
    pullsPageLimit: 2,
    pullRequests: [
      ...OPEN.map((number) => ({ repo: 'acme/analytics', number })),
      ...[1, 3, 5].map((number) => ({ repo: 'acme/analytics', number, state: 'closed' as const })),
    ],
  });
});
afterEach(() => github.close());

const read = () =>
  readOpenPullRequestNumbers({
    githubToken: TOKEN,
    baseUrl: github.url,
    owner: 'acme',
    repo: 'analytics',
    onWait: () => undefined,
  });
const pullRequests = () => github.requests.filter((r) => r.path.startsWith('/repos/acme/analytics/pulls'));

describe('readOpenPullRequestNumbers', () => {
  it('reads every page, following each next link', async () => {
    expect([...(await read())].sort((a, b) => a - b)).toEqual(OPEN);
    expect(
      pullRequests().map((r) => [r.status, new URL(r.path, github.url).searchParams.get('page')]),
    ).toEqual([
      [200, null],
      [200, '2'],
      [200, '3'],
    ]);
  });

  it.each<[PullListFault, string]>([
    ['object', 'page 1 of the open pull requests is an object, not a list of pull requests'],
    ['null', 'page 1 of the open pull requests is null, not a list of pull requests'],
    [
      'numbers-as-strings',
      'page 1 of the open pull requests has missing or mistyped fields: 0.number, 1.number',
    ],
    ['missing-number', 'page 1 of the open pull requests has missing or mistyped fields: 0.number, 1.number'],
    ['not-open', 'page 1 of the open pull requests has missing or mistyped fields: 0.state, 1.state'],
    ['page-fails', 'page 2 of the open pull requests failed: HTTP 500'],
    [
      'next-loops',
      'the next link of page 2 of the open pull requests points to a page already read, so the list would never end',
    ],
    [
      'next-unfollowable',
      'the next link of page 1 of the open pull requests cannot be followed: it names a next page without a <URL>',
    ],
  ])('refuses a list that is %s', async (fault, message) => {
    github.setPullListFault(fault);
    const failure = await read().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(OpenPullRequestsError);
    expect((failure as Error).message).toContain(message);
    expect((failure as OpenPullRequestsError).hint).toMatch(/next sweep tries again/);
  });
});

describe('findNextLink', () => {
  const page = 'https://api.github.com/repos/acme/analytics/pulls?state=open';
  it.each([
    [undefined, undefined],
    ['<https://api.github.com/x?page=1>; rel="prev"', undefined],
    [
      '<https://api.github.com/x?page=3>; rel="next", <https://api.github.com/x?page=9>; rel="last"',
      'https://api.github.com/x?page=3',
    ],
    [
      '<https://api.github.com/x?page=9>; rel="last", <https://api.github.com/x?page=3>; rel=next',
      'https://api.github.com/x?page=3',
    ],
    ['</repositories/1/pulls?page=2>; rel="next"', 'https://api.github.com/repositories/1/pulls?page=2'],
  ])('reads %j as %j', (header, next) => {
    expect(findNextLink(header, page, 1)).toBe(next);
  });

  it.each([
    ['https://api.github.com/x?page=2; rel="next"', 'without a <URL>'],
    ['<https://elsewhere.example/x?page=2>; rel="next"', 'another host (elsewhere.example)'],
    ['<http://[::1>; rel="next"', 'not a URL'],
  ])('refuses to follow %j', (header, why) => {
    expect(() => findNextLink(header, page, 1)).toThrow(why);
  });
});
