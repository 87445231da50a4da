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
});
