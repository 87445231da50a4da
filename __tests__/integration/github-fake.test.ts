// The GitHub REST fake over real HTTP: users, pagination with Link, sticky-comment writes, refusals.
import { afterEach, describe, expect, it } from 'vitest';
import { type GitHubFake, startGitHubFake } from '../../sandbox/github-fake.js';

const PAT = 'ghp_fakePersonalToken000';
const INSTALLATION = 'ghs_fakeInstallationToken000';
const COMMENTS_PATH = '/repos/acme/analytics/issues/7/comments';

let fake: GitHubFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function callGitHub(
  target: GitHubFake,
  path: string,
  token: string | null,
  init: { method?: string; body?: unknown } = {},
) {
  const headers: Record<string, string> = { accept: 'application/vnd.github+json' };
  if (token) headers.authorization = `token ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${target.url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

/** Follows rel="next" like Octokit's paginate does, returning every page's bodies. */
async function listAllComments(target: GitHubFake, token: string) {
  const all: Array<{ id: number; body: string; user: { login: string; type: string } }> = [];
  let next: string | undefined = `${target.url}${COMMENTS_PATH}?per_page=100`;
  while (next) {
    const response: Response = await fetch(next, { headers: { authorization: `Bearer ${token}` } });
    all.push(...((await response.json()) as typeof all));
    next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
  }
  return all;
}

describe('GitHub fake', () => {
  it('answers GET /user for a PAT and 403 for an installation token', async () => {
    fake = await startGitHubFake({ token: PAT, installationTokens: [INSTALLATION], login: 'deployer' });
    const pat = await callGitHub(fake, '/user', PAT);
    expect(pat.status).toBe(200);
    expect(await pat.json()).toMatchObject({ login: 'deployer' });
    const installation = await callGitHub(fake, '/user', INSTALLATION);
    expect(installation.status).toBe(403);
    expect(await installation.json()).toMatchObject({ message: 'Resource not accessible by integration' });
    expect((await callGitHub(fake, '/user', 'ghp_unknown')).status).toBe(401);
    expect((await callGitHub(fake, '/user', null)).status).toBe(401);
  });

  it('answers the default branch of a repository', async () => {
    fake = await startGitHubFake({ token: PAT, defaultBranch: 'trunk' });
    const response = await callGitHub(fake, '/repos/acme/analytics', PAT);
    expect(await response.json()).toMatchObject({ default_branch: 'trunk', full_name: 'acme/analytics' });
  });

  it('pages comments with a Link header carrying next and last', async () => {
    fake = await startGitHubFake({ token: PAT, seedComments: 150 });
    const first = await callGitHub(fake, `${COMMENTS_PATH}?per_page=100`, PAT);
    expect(((await first.json()) as unknown[]).length).toBe(100);
    const link = first.headers.get('link') ?? '';
    expect(link).toContain(`<${fake.url}${COMMENTS_PATH}?per_page=100&page=2>; rel="next"`);
    expect(link).toContain(`<${fake.url}${COMMENTS_PATH}?per_page=100&page=2>; rel="last"`);

    const second = await callGitHub(fake, `${COMMENTS_PATH}?per_page=100&page=2`, PAT);
    expect(((await second.json()) as unknown[]).length).toBe(50);
    const secondLink = second.headers.get('link') ?? '';
    expect(secondLink).not.toContain('rel="next"');
    expect(secondLink).toContain('rel="prev"');

    const byDefault = await callGitHub(fake, COMMENTS_PATH, PAT);
    expect(((await byDefault.json()) as unknown[]).length).toBe(30);
    expect(byDefault.headers.get('link')).toContain('page=5>; rel="last"');
    expect(await listAllComments(fake, PAT)).toHaveLength(150);
  });

  it('sends no Link header when everything fits on one page', async () => {
    fake = await startGitHubFake({ token: PAT, seedComments: 3 });
    const response = await callGitHub(fake, COMMENTS_PATH, PAT);
    expect(response.headers.get('link')).toBeNull();
  });

  it('creates a comment as github-actions[bot] and updates it in place', async () => {
    fake = await startGitHubFake({ installationTokens: [INSTALLATION], seedComments: 2 });
    const created = await callGitHub(fake, COMMENTS_PATH, INSTALLATION, {
      method: 'POST',
      body: { body: 'plan v1' },
    });
    expect(created.status).toBe(201);
    const comment = (await created.json()) as { id: number; user: { login: string; type: string } };
    expect(comment.user).toEqual({ login: 'github-actions[bot]', type: 'Bot' });

    const patched = await callGitHub(
      fake,
      `/repos/acme/analytics/issues/comments/${comment.id}`,
      INSTALLATION,
      {
        method: 'PATCH',
        body: { body: 'plan v2' },
      },
    );
    expect(patched.status).toBe(200);
    expect(fake.comments.filter((c) => c.user.type === 'Bot').map((c) => c.body)).toEqual(['plan v2']);
    expect(fake.comments).toHaveLength(3);

    const onOtherIssue = await callGitHub(fake, '/repos/acme/analytics/issues/8/comments', INSTALLATION);
    expect(((await onOtherIssue.json()) as unknown[]).length).toBe(2);
  });

  it('refuses to edit a comment by someone else and a body over 65,536 characters', async () => {
    fake = await startGitHubFake({ token: PAT, seedComments: 1 });
    const [seeded] = fake.comments;
    const foreign = await callGitHub(fake, `/repos/acme/analytics/issues/comments/${seeded?.id}`, PAT, {
      method: 'PATCH',
      body: { body: 'mine now' },
    });
    expect(foreign.status).toBe(403);
    const tooLong = await callGitHub(fake, COMMENTS_PATH, PAT, {
      method: 'POST',
      body: { body: 'x'.repeat(65_537) },
    });
    expect(tooLong.status).toBe(422);
    expect(fake.comments).toHaveLength(1);
  });

  it('answers 403 to writes with forbidWrites and with setFailure', async () => {
    fake = await startGitHubFake({ installationTokens: [INSTALLATION], forbidWrites: true });
    const refused = await callGitHub(fake, COMMENTS_PATH, INSTALLATION, {
      method: 'POST',
      body: { body: 'plan' },
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ message: 'Resource not accessible by integration' });
    expect((await callGitHub(fake, COMMENTS_PATH, INSTALLATION)).status).toBe(200);

    fake.setFailure(null);
    expect(
      (await callGitHub(fake, COMMENTS_PATH, INSTALLATION, { method: 'POST', body: { body: 'p' } })).status,
    ).toBe(201);
    fake.setFailure('server-error');
    expect((await callGitHub(fake, COMMENTS_PATH, INSTALLATION)).status).toBe(500);
    fake.setFailure('rate-limited');
    const limited = await callGitHub(fake, COMMENTS_PATH, INSTALLATION);
    expect(limited.status).toBe(403);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('records every request with its body and never the token', async () => {
    fake = await startGitHubFake({ token: PAT, installationTokens: [INSTALLATION] });
    await callGitHub(fake, COMMENTS_PATH, PAT, { method: 'POST', body: { body: 'hello' } });
    await callGitHub(fake, '/user', INSTALLATION);
    await callGitHub(fake, '/user', 'ghp_wrong_secret');
    expect(fake.requests.map((r) => [r.method, r.path, r.status, r.authorization, r.tokenKind])).toEqual([
      ['POST', COMMENTS_PATH, 201, 'valid', 'pat'],
      ['GET', '/user', 403, 'valid', 'installation'],
      ['GET', '/user', 401, 'invalid', null],
    ]);
    expect(fake.requests[0]?.body).toEqual({ body: 'hello' });
    const log = JSON.stringify(fake.requests);
    for (const secret of [PAT, INSTALLATION, 'ghp_wrong_secret']) expect(log).not.toContain(secret);
  });

  describe('pull requests', () => {
    type PullAnswer = {
      number: number;
      state: string;
      merged: boolean;
      merged_at: string | null;
      head: { ref: string; sha: string; repo: { full_name: string; fork: boolean } };
      base: { ref: string };
    };

    it('answers a pull request by number with its state, merge and refs, and 404 for an unknown one', async () => {
      fake = await startGitHubFake({
        token: PAT,
        pullRequests: [
          { repo: 'acme/analytics', number: 7, head: { ref: 'feature/x', sha: 'abc1234def' } },
          { repo: 'acme/analytics', number: 8, state: 'closed', merged: true, base: { ref: 'release' } },
          { repo: 'acme/analytics', number: 9, head: { ref: 'patch-1', repo: 'stranger/analytics' } },
          { repo: 'acme/other', number: 10 },
        ],
      });
      const open = (await (
        await callGitHub(fake, '/repos/acme/analytics/pulls/7', PAT)
      ).json()) as PullAnswer;
      expect(open).toMatchObject({ number: 7, state: 'open', merged: false, merged_at: null });
      expect(open.head).toMatchObject({ ref: 'feature/x', sha: 'abc1234def', repo: { fork: false } });
      expect(open.base.ref).toBe('main');
      const merged = (await (
        await callGitHub(fake, '/repos/acme/analytics/pulls/8', PAT)
      ).json()) as PullAnswer;
      expect(merged).toMatchObject({ state: 'closed', merged: true, base: { ref: 'release' } });
      expect(merged.merged_at).not.toBeNull();
      const fork = (await (
        await callGitHub(fake, '/repos/acme/analytics/pulls/9', PAT)
      ).json()) as PullAnswer;
      expect(fork.head.repo).toEqual({ full_name: 'stranger/analytics', fork: true });
      expect((await callGitHub(fake, '/repos/acme/analytics/pulls/10', PAT)).status).toBe(404);
      expect((await callGitHub(fake, '/repos/acme/analytics/pulls/99', PAT)).status).toBe(404);

      fake.setPullRequest({ repo: 'acme/analytics', number: 7, state: 'closed' });
      const closed = (await (
        await callGitHub(fake, '/repos/acme/analytics/pulls/7', PAT)
      ).json()) as PullAnswer;
      expect(closed).toMatchObject({ state: 'closed', merged: false });
    });

    it('lists pull requests by state, newest first, paged with a Link header', async () => {
      fake = await startGitHubFake({
        token: PAT,
        pullRequests: Array.from({ length: 5 }, (_, i) => ({
          repo: 'acme/analytics',
          number: i + 1,
          state: i % 2 === 0 ? ('closed' as const) : ('open' as const),
        })),
      });
      const numbers = async (path: string) =>
        ((await (await callGitHub(fake as GitHubFake, path, PAT)).json()) as PullAnswer[]).map(
          (p) => p.number,
        );
      expect(await numbers('/repos/acme/analytics/pulls')).toEqual([4, 2]);
      expect(await numbers('/repos/acme/analytics/pulls?state=closed')).toEqual([5, 3, 1]);
      const first = await callGitHub(fake, '/repos/acme/analytics/pulls?state=all&per_page=2', PAT);
      expect(((await first.json()) as PullAnswer[]).map((p) => p.number)).toEqual([5, 4]);
      const link = first.headers.get('link') ?? '';
      expect(link).toContain(
        `<${fake.url}/repos/acme/analytics/pulls?state=all&per_page=2&page=2>; rel="next"`,
      );
      expect(link).toContain('page=3>; rel="last"');
      const all: number[] = [];
      let next: string | undefined = `${fake.url}/repos/acme/analytics/pulls?state=all&per_page=2`;
      while (next) {
        const response: Response = await fetch(next, { headers: { authorization: `token ${PAT}` } });
        all.push(...((await response.json()) as PullAnswer[]).map((p) => p.number));
        next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
      }
      expect(all).toEqual([5, 4, 3, 2, 1]);
      expect((await callGitHub(fake, '/repos/acme/analytics/pulls?state=merged', PAT)).status).toBe(422);
    });

    it('spoils the pull request list as told: wrong shapes, a failing page, next links that loop or lack a URL', async () => {
      fake = await startGitHubFake({
        token: PAT,
        pullsPageLimit: 2,
        pullRequests: [1, 2, 3].map((number) => ({ repo: 'acme/analytics', number })),
      });
      const list = async (query = '') => {
        const response = await callGitHub(fake as GitHubFake, `/repos/acme/analytics/pulls${query}`, PAT);
        const body: unknown = await response.json();
        return { status: response.status, link: response.headers.get('link'), body };
      };
      const items = async (query?: string) => (await list(query)).body as Record<string, unknown>[];
      // The page limit holds whatever per_page asks: three pull requests make two pages.
      expect((await items('?per_page=100')).map((p) => p.number)).toEqual([3, 2]);
      fake.setPullListFault('object');
      expect((await list()).body).toMatchObject({ pull_requests: [{ number: 3 }, { number: 2 }] });
      fake.setPullListFault('null');
      expect((await list()).body).toBeNull();
      fake.setPullListFault('numbers-as-strings');
      expect((await items()).map((p) => p.number)).toEqual(['3', '2']);
      fake.setPullListFault('missing-number');
      expect((await items()).map((p) => 'number' in p)).toEqual([false, false]);
      fake.setPullListFault('not-open');
      expect((await items()).map((p) => p.state)).toEqual(['closed', 'closed']);
      fake.setPullListFault('page-fails');
      expect((await list()).status).toBe(200);
      expect((await list('?page=2')).status).toBe(500);
      fake.setPullListFault('next-loops');
      expect((await list('?page=2')).link).toContain('page=1>; rel="next"');
      fake.setPullListFault('next-unfollowable');
      const unfollowable = (await list()).link ?? '';
      expect(unfollowable).toMatch(/^http:\/\/[^<>]*page=2; rel="next"$/);
      fake.setPullListFault(null);
      expect((await items('?page=2')).map((p) => p.number)).toEqual([1]);
      expect(() => fake?.setPullsPageLimit(0)).toThrow(/1–100/);
    });

    it('answers rate-limited for N requests with GitHub headers, then recovers', async () => {
      fake = await startGitHubFake({ token: PAT, pullRequests: [{ repo: 'acme/analytics', number: 1 }] });
      const before = Math.floor(Date.now() / 1000);
      fake.setFailure('rate-limited', { times: 2, status: 429, resetAfterSeconds: 2, retryAfterSeconds: 1 });
      const first = await callGitHub(fake, '/repos/acme/analytics/pulls/1', PAT);
      expect(first.status).toBe(429);
      expect(first.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(first.headers.get('retry-after')).toBe('1');
      const reset = Number(first.headers.get('x-ratelimit-reset'));
      expect(reset).toBeGreaterThanOrEqual(before + 2);
      expect(reset).toBeLessThanOrEqual(before + 4);
      expect((await callGitHub(fake, '/repos/acme/analytics/pulls/1', PAT)).status).toBe(429);
      expect((await callGitHub(fake, '/repos/acme/analytics/pulls/1', PAT)).status).toBe(200);

      fake.setFailure('rate-limited', { times: 1, isSecondary: true });
      const secondary = await callGitHub(fake, '/repos/acme/analytics/pulls', PAT);
      expect(secondary.status).toBe(403);
      expect(secondary.headers.get('retry-after')).toBe('60');
      expect(secondary.headers.get('x-ratelimit-remaining')).not.toBe('0');
      expect(await secondary.json()).toMatchObject({
        message: expect.stringContaining('secondary rate limit'),
      });
      expect((await callGitHub(fake, '/repos/acme/analytics/pulls', PAT)).status).toBe(200);
      expect(() => fake?.setFailure('rate-limited', { times: 0 })).toThrow(/times/);
    });
  });
});
