// A loopback fake of the few GitHub REST endpoints the action needs (user, repo, issue comments for the
// sticky comment, pull request states for the preview sweep), paginated with a Link header as GitHub does,
// recording every request without its token.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { parseLoggedBody, readBody } from './http-body.js';

// GitHub's limit on an issue comment body (REST: 422 "body is too long (maximum is 65536 characters)").
const MAX_COMMENT_LENGTH = 65_536;
// GitHub lists at most 3000 files of a pull request (REST: "List pull requests files").
const MAX_LISTED_FILES = 3000;
const BOT_USER = Object.freeze({ login: 'github-actions[bot]', type: 'Bot' });

/**
 * @typedef {{ login: string, type: 'User' | 'Bot' }} GitHubUser
 * @typedef {object} FakeComment
 * @property {number} id
 * @property {string | undefined} repo "owner/name"; undefined for a seeded comment shown on every issue
 * @property {number | undefined} issueNumber undefined for a seeded comment shown on every issue
 * @property {string} body
 * @property {GitHubUser} user
 * @property {string} created_at
 * @property {string} updated_at
 *
 * @typedef {object} GitHubRequestLogEntry
 * @property {string} method
 * @property {string} path path and query as received
 * @property {unknown} body parsed JSON, raw text, or null
 * @property {'valid' | 'invalid' | 'missing'} authorization never the token itself
 * @property {'pat' | 'installation' | null} tokenKind
 * @property {number} status
 *
 * @typedef {'forbid-writes' | 'server-error' | 'rate-limited' | 'bad-credentials' | null} GitHubFailure
 * @typedef {object} FailureOptions
 * @property {number} [times] answer this many requests with the failure, then serve normally again
 * @property {403 | 429} [status] rate-limited only: default 403 (GitHub answers 403 or 429)
 * @property {number} [resetAfterSeconds] rate-limited only: x-ratelimit-reset is now + this; default 60
 * @property {number} [retryAfterSeconds] rate-limited only: also send retry-after with this value
 * @property {boolean} [isSecondary] rate-limited only: GitHub's secondary limit: its message, retry-after
 *   (retryAfterSeconds, default 60) and x-ratelimit-remaining not 0
 *
 * @typedef {object} FakePullRequestSeed
 * @property {string} [repo] "owner/name"; undefined: the pull request shows in every repository
 * @property {number} number
 * @property {'open' | 'closed'} [state] default 'open'
 * @property {boolean} [merged] default false; only a closed pull request can be merged
 * @property {string} [title]
 * @property {boolean} [draft]
 * @property {{ ref: string, sha?: string, repo?: string }} [head] repo: its full name, another one for a fork
 * @property {{ ref: string, sha?: string }} [base]
 * @property {FakeChangedFile[]} [files] what `GET /repos/{owner}/{repo}/pulls/{n}/files` lists; default none
 *
 * @typedef {object} FakeChangedFile a pull request's changed file, as GitHub lists it
 * @property {string} filename
 * @property {'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged'} [status]
 *   default 'modified'
 * @property {string} [previous_filename] a renamed file's old path
 *
 * @typedef {'object' | 'missing-filename' | 'page-fails'} PullFilesFault how the files list goes wrong: a 200
 *   whose body is an object, entries without `filename`, or a 500 from page 2 on
 *
 * @typedef {object} FakePullRequest
 * @property {string | undefined} repo
 * @property {number} number
 * @property {'open' | 'closed'} state
 * @property {boolean} merged
 * @property {string} title
 * @property {boolean} draft
 * @property {{ ref: string, sha: string, repo: string | undefined }} head
 * @property {{ ref: string, sha: string }} base
 * @property {FakeChangedFile[]} files
 * @property {string} created_at
 * @property {string} updated_at
 *
 * @typedef {'object' | 'null' | 'numbers-as-strings' | 'missing-number' | 'not-open' | 'page-fails'
 *   | 'next-loops' | 'next-unfollowable'} PullListFault how `GET /repos/{owner}/{repo}/pulls` goes wrong:
 *   a 200 whose body is an object, null, items with `number` as a string, without `number`, or with `state`
 *   "closed"; a 500 from page 2 on; a `Link` whose next is always page 1; a `Link` naming a next page
 *   without its `<URL>`
 *
 * @typedef {object} GitHubFakeOptions
 * @property {string} [token] a personal access token (acts as `login`)
 * @property {string[]} [tokens] more personal access tokens
 * @property {string[]} [installationTokens] GITHUB_TOKEN-like tokens: comment as github-actions[bot], 403 on GET /user
 * @property {string} [login] the PAT user's login; default "octocat"
 * @property {string} [defaultBranch] default "main"
 * @property {number | Array<{ body: string, user?: GitHubUser, repo?: string, issueNumber?: number }>} [seedComments]
 *   a count of comments by other users, or the comments themselves; without repo/issueNumber they show on every issue
 * @property {boolean} [forbidWrites] POST/PATCH answer 403 "Resource not accessible by integration"
 * @property {FakePullRequestSeed[]} [pullRequests] pull requests GET /repos/{owner}/{repo}/pulls[/{n}] answers
 * @property {PullListFault | null} [pullListFault] default null: the list answers as GitHub does
 * @property {number} [pullsPageLimit] the most pull requests (or files of a pull request) a page holds, whatever
 *   per_page asks; default 100 (GitHub's limit); lower it to get many pages from a few
 * @property {PullFilesFault | null} [pullFilesFault] default null: the files list answers as GitHub does
 * @property {string} [host] default 127.0.0.1
 *
 * @typedef {object} GitHubFake
 * @property {string} url the API base URL (use as GITHUB_API_URL)
 * @property {GitHubRequestLogEntry[]} requests
 * @property {FakeComment[]} comments live, all repositories and issues
 * @property {FakePullRequest[]} pullRequests live, all repositories
 * @property {(seed: FakePullRequestSeed) => FakePullRequest} setPullRequest adds it, or replaces the one
 *   with the same repo and number (closing a pull request: setPullRequest({ ...seed, state: 'closed' }))
 * @property {() => Promise<void>} close
 * @property {(kind: GitHubFailure, options?: FailureOptions) => void} setFailure null restores normal service
 * @property {(fault: PullListFault | null) => void} setPullListFault null restores the list
 * @property {(limit: number) => void} setPullsPageLimit 1–100
 * @property {(fault: PullFilesFault | null) => void} setPullFilesFault null restores the files list
 */

/** @param {number} limit @returns {number} */
function readPageLimit(limit) {
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new Error('pullsPageLimit must be 1–100');
  return limit;
}

/** @param {string | undefined} header GitHub accepts both "token X" and "Bearer X" */
function parseToken(header) {
  const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : undefined;
}

/** @param {string | null} value @param {number} fallback @param {number} max */
function readPositiveInt(value, fallback, max) {
  const number = Number.parseInt(value ?? '', 10);
  return Number.isInteger(number) && number > 0 ? Math.min(number, max) : fallback;
}

/**
 * Starts the fake on loopback.
 * @param {GitHubFakeOptions} [options]
 * @returns {Promise<GitHubFake>}
 */
export async function startGitHubFake(options = {}) {
  const patTokens = new Set([...(options.token ? [options.token] : []), ...(options.tokens ?? [])]);
  const installationTokens = new Set(options.installationTokens ?? []);
  const patUser = /** @type {GitHubUser} */ ({ login: options.login ?? 'octocat', type: 'User' });
  const defaultBranch = options.defaultBranch ?? 'main';
  /** @type {GitHubFailure} */
  let failure = options.forbidWrites ? 'forbid-writes' : null;
  /** @type {FailureOptions} */
  let failureOptions = {};
  /** @type {PullListFault | null} */
  let pullListFault = options.pullListFault ?? null;
  let pullsPageLimit = readPageLimit(options.pullsPageLimit ?? 100);
  /** @type {PullFilesFault | null} */
  let pullFilesFault = options.pullFilesFault ?? null;
  /** @type {FakePullRequest[]} */
  const pullRequests = [];
  /** @type {GitHubRequestLogEntry[]} */
  const requests = [];
  /** @type {FakeComment[]} */
  const comments = [];
  let nextId = 1001;
  let clock = Date.parse('2025-01-01T00:00:00Z');
  // A clock of its own, one second per comment, so created/updated times are distinct and stable.
  const stamp = () => {
    clock += 1000;
    return new Date(clock).toISOString();
  };

  const seeds =
    typeof options.seedComments === 'number'
      ? Array.from({ length: options.seedComments }, (_, i) => ({
          body: `Comment ${i + 1} from a reviewer`,
          user: /** @type {GitHubUser} */ ({ login: `reviewer-${(i % 5) + 1}`, type: 'User' }),
        }))
      : (options.seedComments ?? []);
  for (const seed of seeds) {
    const at = stamp();
    comments.push({
      id: nextId++,
      repo: 'repo' in seed ? seed.repo : undefined,
      issueNumber: 'issueNumber' in seed ? seed.issueNumber : undefined,
      body: seed.body,
      user: seed.user ?? { login: 'someone-else', type: 'User' },
      created_at: at,
      updated_at: at,
    });
  }

  /** @param {FakePullRequestSeed} seed @returns {FakePullRequest} */
  const setPullRequest = (seed) => {
    if (!Number.isInteger(seed?.number) || seed.number < 1)
      throw new Error('a pull request needs a number ≥ 1');
    const state = seed.state ?? 'open';
    if (state !== 'open' && state !== 'closed') throw new Error(`pull request state must be open or closed`);
    if (seed.merged && state !== 'closed')
      throw new Error(`pull request #${seed.number} is merged, so closed`);
    const existing = pullRequests.findIndex((p) => p.repo === seed.repo && p.number === seed.number);
    const at = stamp();
    const sha = (/** @type {string} */ text) => createHash('sha1').update(text).digest('hex');
    /** @type {FakePullRequest} */
    const pull = {
      repo: seed.repo,
      number: seed.number,
      state,
      merged: seed.merged === true,
      title: seed.title ?? `Pull request ${seed.number}`,
      draft: seed.draft === true,
      head: {
        ref: seed.head?.ref ?? `feature/pr-${seed.number}`,
        sha: seed.head?.sha ?? sha(`head ${seed.number}`),
        repo: seed.head?.repo,
      },
      base: { ref: seed.base?.ref ?? defaultBranch, sha: seed.base?.sha ?? sha(`base ${seed.number}`) },
      files: (seed.files ?? []).map((file) => ({ status: 'modified', ...file })),
      created_at: existing >= 0 ? (pullRequests[existing]?.created_at ?? at) : at,
      updated_at: at,
    };
    if (existing >= 0) pullRequests[existing] = pull;
    else pullRequests.push(pull);
    return pull;
  };
  for (const seed of options.pullRequests ?? []) setPullRequest(seed);

  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  let baseUrl = '';

  /** @param {FakePullRequest} pull @param {string} repo */
  const renderPullRequest = (pull, repo) => {
    const headRepo = pull.head.repo ?? repo;
    const closedAt = pull.state === 'closed' ? pull.updated_at : null;
    return {
      id: 5000 + pull.number,
      node_id: `PR_fake${pull.number}`,
      number: pull.number,
      state: pull.state,
      locked: false,
      title: pull.title,
      draft: pull.draft,
      url: `${baseUrl}/repos/${repo}/pulls/${pull.number}`,
      html_url: `https://github.com/${repo}/pull/${pull.number}`,
      user: { login: 'contributor', type: 'User' },
      created_at: pull.created_at,
      updated_at: pull.updated_at,
      closed_at: closedAt,
      merged_at: pull.merged ? closedAt : null,
      merged: pull.merged,
      head: {
        label: `${headRepo.split('/')[0]}:${pull.head.ref}`,
        ref: pull.head.ref,
        sha: pull.head.sha,
        repo: { full_name: headRepo, fork: headRepo !== repo },
      },
      base: {
        label: `${repo.split('/')[0]}:${pull.base.ref}`,
        ref: pull.base.ref,
        sha: pull.base.sha,
        repo: { full_name: repo, fork: false },
      },
    };
  };

  /**
   * One page of `items` with GitHub's Link header (sent only when there is more than one page, in the
   * order prev, next, last, first).
   * @template T
   * @param {URL} url @param {T[]} items @param {number} [limit] the most items a page holds
   * @returns {{ slice: T[], headers: Record<string, string>, page: number, link: (n: number, rel: string) => string }}
   */
  const paginate = (url, items, limit = 100) => {
    const perPage = Math.min(readPositiveInt(url.searchParams.get('per_page'), 30, 100), limit);
    const page = readPositiveInt(url.searchParams.get('page'), 1, Number.MAX_SAFE_INTEGER);
    const lastPage = Math.max(1, Math.ceil(items.length / perPage));
    /** @param {number} n @param {string} rel */
    const link = (n, rel) => {
      const target = new URL(`${baseUrl}${url.pathname}`);
      for (const [k, v] of url.searchParams) if (k !== 'page') target.searchParams.set(k, v);
      target.searchParams.set('per_page', String(perPage));
      target.searchParams.set('page', String(n));
      return `<${target.href}>; rel="${rel}"`;
    };
    const links = [];
    if (page > 1) links.push(link(Math.min(page - 1, lastPage), 'prev'));
    if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
    if (page > 1) links.push(link(1, 'first'));
    return {
      slice: items.slice((page - 1) * perPage, page * perPage),
      headers: links.length > 0 ? { link: links.join(', ') } : {},
      page,
      link,
    };
  };

  /** @param {FakeComment} comment @param {string} repo @param {number} [shownOn] the issue being listed */
  const renderComment = (comment, repo, shownOn) => {
    const issueNumber = comment.issueNumber ?? shownOn ?? 0;
    return {
      id: comment.id,
      node_id: `IC_fake${comment.id}`,
      url: `${baseUrl}/repos/${repo}/issues/comments/${comment.id}`,
      html_url: `https://github.com/${repo}/pull/${issueNumber}#issuecomment-${comment.id}`,
      issue_url: `${baseUrl}/repos/${repo}/issues/${issueNumber}`,
      body: comment.body,
      user: { ...comment.user },
      created_at: comment.created_at,
      updated_at: comment.updated_at,
      author_association: comment.user.type === 'Bot' ? 'NONE' : 'MEMBER',
    };
  };

  /** @param {unknown} body @returns {string | undefined} an error message, or undefined when the body is fine */
  const checkCommentBody = (body) => {
    const text = /** @type {{ body?: unknown } | null} */ (body)?.body;
    if (typeof text !== 'string' || text.length === 0) return 'body cannot be blank';
    if (text.length > MAX_COMMENT_LENGTH)
      return `body is too long (maximum is ${MAX_COMMENT_LENGTH} characters)`;
    return undefined;
  };

  /**
   * @param {string} method
   * @param {URL} url
   * @param {unknown} body
   * @param {'pat' | 'installation' | null} tokenKind
   * @returns {{ status: number, body: unknown, headers?: Record<string, string> }}
   */
  const route = (method, url, body, tokenKind) => {
    const path = url.pathname.replace(/\/+$/, '');
    const user = tokenKind === 'installation' ? BOT_USER : patUser;
    const isWrite = method === 'POST' || method === 'PATCH';
    if (isWrite && failure === 'forbid-writes') {
      return {
        status: 403,
        body: {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
        },
      };
    }
    if (method === 'GET' && path === '/user') {
      if (tokenKind === 'installation') {
        return {
          status: 403,
          body: {
            message: 'Resource not accessible by integration',
            documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
          },
        };
      }
      return { status: 200, body: { login: patUser.login, id: 1, type: 'User' } };
    }
    const repoMatch = /^\/repos\/([^/]+)\/([^/]+)$/.exec(path);
    if (method === 'GET' && repoMatch) {
      const fullName = `${repoMatch[1]}/${repoMatch[2]}`;
      return {
        status: 200,
        body: { id: 1, name: repoMatch[2], full_name: fullName, default_branch: defaultBranch },
      };
    }
    const listMatch = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(path);
    if (listMatch) {
      const repo = listMatch[1] ?? '';
      const issueNumber = Number(listMatch[2]);
      if (method === 'GET') {
        const onIssue = comments.filter(
          (c) =>
            (c.repo === undefined || c.repo === repo) &&
            (c.issueNumber === undefined || c.issueNumber === issueNumber),
        );
        const { slice, headers } = paginate(url, onIssue);
        return { status: 200, body: slice.map((c) => renderComment(c, repo, issueNumber)), headers };
      }
      if (method === 'POST') {
        const problem = checkCommentBody(body);
        if (problem) return validationFailed(problem);
        const at = stamp();
        /** @type {FakeComment} */
        const comment = {
          id: nextId++,
          repo,
          issueNumber,
          body: /** @type {{ body: string }} */ (body).body,
          user: { ...user },
          created_at: at,
          updated_at: at,
        };
        comments.push(comment);
        return { status: 201, body: renderComment(comment, repo) };
      }
    }
    const filesMatch = /^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)\/files$/.exec(path);
    if (filesMatch && method === 'GET') {
      const repo = filesMatch[1] ?? '';
      const pull = pullRequests.find(
        (p) => (p.repo === undefined || p.repo === repo) && p.number === Number(filesMatch[2]),
      );
      if (!pull) return notFound();
      // https://docs.github.com/rest/pulls/pulls#list-pull-requests-files: at most 3000 files, 100 a page.
      const { slice, headers, page } = paginate(url, pull.files.slice(0, MAX_LISTED_FILES), pullsPageLimit);
      return answerFiles(
        slice.map((file) => renderChangedFile(file, repo, pull.head.sha)),
        headers,
        page,
      );
    }
    const pullsMatch = /^\/repos\/([^/]+\/[^/]+)\/pulls(?:\/(\d+))?$/.exec(path);
    if (pullsMatch && method === 'GET') {
      const repo = pullsMatch[1] ?? '';
      const inRepo = pullRequests.filter((p) => p.repo === undefined || p.repo === repo);
      if (pullsMatch[2] !== undefined) {
        const pull = inRepo.find((p) => p.number === Number(pullsMatch[2]));
        return pull ? { status: 200, body: renderPullRequest(pull, repo) } : notFound();
      }
      // https://docs.github.com/rest/pulls/pulls#list-pull-requests: state open (default), closed or all;
      // newest first by default.
      const state = url.searchParams.get('state') ?? 'open';
      if (!['open', 'closed', 'all'].includes(state)) {
        return {
          status: 422,
          body: {
            message: 'Validation Failed',
            errors: [{ resource: 'Issue', code: 'invalid', field: 'state' }],
            documentation_url: 'https://docs.github.com/rest/pulls/pulls#list-pull-requests',
          },
        };
      }
      const matching = inRepo
        .filter((p) => state === 'all' || p.state === state)
        .sort((a, b) => b.number - a.number);
      const { slice, headers, page, link } = paginate(url, matching, pullsPageLimit);
      return answerPullList(
        slice.map((p) => renderPullRequest(p, repo)),
        headers,
        page,
        link,
      );
    }
    const commentMatch = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(path);
    if (commentMatch && method === 'PATCH') {
      const repo = commentMatch[1] ?? '';
      const comment = comments.find((c) => c.id === Number(commentMatch[2]) && (c.repo ?? repo) === repo);
      if (!comment) return notFound();
      // GitHub lets a token edit only its own comments (others need admin rights this fake does not model).
      if (comment.user.login !== user.login) {
        return { status: 403, body: { message: 'Must have admin rights to Repository.' } };
      }
      const problem = checkCommentBody(body);
      if (problem) return validationFailed(problem);
      comment.body = /** @type {{ body: string }} */ (body).body;
      comment.updated_at = stamp();
      return { status: 200, body: renderComment(comment, repo) };
    }
    return notFound();
  };

  /**
   * A page of a pull request's files as GitHub answers it, or as `pullFilesFault` spoils it.
   * @param {Record<string, unknown>[]} items @param {Record<string, string>} headers @param {number} page
   * @returns {{ status: number, body: unknown, headers?: Record<string, string> }}
   */
  const answerFiles = (items, headers, page) => {
    switch (pullFilesFault) {
      case 'object':
        return { status: 200, body: { files: items }, headers };
      case 'missing-filename':
        return { status: 200, body: items.map(({ filename: _filename, ...rest }) => rest), headers };
      case 'page-fails':
        return page >= 2
          ? { status: 500, body: { message: 'Server Error' } }
          : { status: 200, body: items, headers };
      default:
        return { status: 200, body: items, headers };
    }
  };

  /**
   * A page of the pull request list as GitHub answers it, or as `pullListFault` spoils it.
   * @param {Record<string, unknown>[]} items @param {Record<string, string>} headers @param {number} page
   * @param {(n: number, rel: string) => string} link
   * @returns {{ status: number, body: unknown, headers?: Record<string, string> }}
   */
  const answerPullList = (items, headers, page, link) => {
    switch (pullListFault) {
      case 'object':
        return { status: 200, body: { pull_requests: items }, headers };
      case 'null':
        return { status: 200, body: null, headers };
      case 'numbers-as-strings':
        return { status: 200, body: items.map((p) => ({ ...p, number: String(p.number) })), headers };
      case 'missing-number':
        return { status: 200, body: items.map(({ number: _number, ...rest }) => rest), headers };
      case 'not-open':
        return { status: 200, body: items.map((p) => ({ ...p, state: 'closed' })), headers };
      case 'page-fails':
        return page >= 2
          ? { status: 500, body: { message: 'Server Error' } }
          : { status: 200, body: items, headers };
      case 'next-loops':
        return { status: 200, body: items, headers: { link: `${link(1, 'next')}, ${link(1, 'first')}` } };
      case 'next-unfollowable':
        return {
          status: 200,
          body: items,
          headers: {
            link: `${link(page + 1, 'next')
              .slice(1)
              .replace('>', '')}`,
          },
        };
      default:
        return { status: 200, body: items, headers };
    }
  };

  const server = createServer(async (req, res) => {
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const token = parseToken(req.headers.authorization);
    const tokenKind =
      token === undefined
        ? null
        : patTokens.has(token)
          ? 'pat'
          : installationTokens.has(token)
            ? 'installation'
            : null;
    const raw = await readBody(req);
    const body = parseLoggedBody(raw);
    /** @type {GitHubRequestLogEntry} */
    const entry = {
      method,
      path: target,
      body,
      authorization: tokenKind ? 'valid' : token === undefined ? 'missing' : 'invalid',
      tokenKind,
      status: 0,
    };
    requests.push(entry);

    /** @type {{ status: number, body: unknown, headers?: Record<string, string> }} */
    let answer;
    if (failure === 'server-error') {
      answer = { status: 500, body: { message: 'Server Error' } };
    } else if (failure === 'rate-limited') {
      answer = answerRateLimited(failureOptions);
    } else if (failure === 'bad-credentials' || (token !== undefined && !tokenKind)) {
      answer = {
        status: 401,
        body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' },
      };
    } else if (!tokenKind) {
      answer = {
        status: 401,
        body: { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest' },
      };
    } else {
      answer = route(method, new URL(target, 'http://github.invalid'), body, tokenKind);
    }
    entry.status = answer.status;
    if (failure !== null && failureOptions.times !== undefined && answer.status >= 400) {
      failureOptions.times -= 1;
      if (failureOptions.times <= 0) {
        failure = null;
        failureOptions = {};
      }
    }
    const text = JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      ...answer.headers,
    });
    res.end(text);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  baseUrl = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  return {
    url: baseUrl,
    requests,
    comments,
    pullRequests,
    setPullRequest,
    async close() {
      const closing = new Promise((resolve) => server.close(() => resolve(undefined)));
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await closing;
    },
    setFailure(kind, failureSettings = {}) {
      const { times } = failureSettings;
      if (times !== undefined && !(Number.isInteger(times) && times > 0)) {
        throw new Error('setFailure times must be an integer ≥ 1');
      }
      failure = kind;
      failureOptions = { ...failureSettings };
    },
    setPullListFault(fault) {
      pullListFault = fault;
    },
    setPullsPageLimit(limit) {
      pullsPageLimit = readPageLimit(limit);
    },
    setPullFilesFault(fault) {
      pullFilesFault = fault;
    },
  };
}

/**
 * GitHub's rate-limit answer (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api):
 * 403 or 429; the primary limit says x-ratelimit-remaining 0 and x-ratelimit-reset (UTC epoch seconds); a
 * secondary limit may send retry-after (seconds) instead.
 * @param {FailureOptions} settings
 */
function answerRateLimited(settings) {
  const reset = Math.ceil(Date.now() / 1000) + (settings.resetAfterSeconds ?? 60);
  /** @type {Record<string, string>} */
  const headers = {
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': settings.isSecondary ? '4999' : '0',
    'x-ratelimit-used': settings.isSecondary ? '1' : '5000',
    'x-ratelimit-reset': String(reset),
    'x-ratelimit-resource': 'core',
  };
  const retryAfter = settings.retryAfterSeconds ?? (settings.isSecondary ? 60 : undefined);
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  const message = settings.isSecondary
    ? 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'
    : 'API rate limit exceeded for installation.';
  return {
    status: settings.status ?? 403,
    body: {
      message,
      documentation_url: 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api',
    },
    headers,
  };
}

/**
 * One entry of a pull request's files, with the fields GitHub documents (a patch only for modified text).
 * @param {FakeChangedFile} file @param {string} repo @param {string} headSha
 */
function renderChangedFile(file, repo, headSha) {
  const sha = createHash('sha1').update(`${file.filename} ${file.status}`).digest('hex');
  const status = file.status ?? 'modified';
  const changes = status === 'renamed' ? 0 : 3;
  return {
    sha,
    filename: file.filename,
    status,
    additions: status === 'removed' ? 0 : changes,
    deletions: status === 'added' ? 0 : changes,
    changes: status === 'added' || status === 'removed' ? changes : 2 * changes,
    blob_url: `https://github.com/${repo}/blob/${headSha}/${file.filename}`,
    raw_url: `https://github.com/${repo}/raw/${headSha}/${file.filename}`,
    contents_url: `https://api.github.com/repos/${repo}/contents/${file.filename}?ref=${headSha}`,
    ...(status === 'modified' ? { patch: '@@ -1,3 +1,3 @@' } : {}),
    ...(file.previous_filename === undefined ? {} : { previous_filename: file.previous_filename }),
  };
}

/** @param {string} message GitHub's 422 shape for an invalid comment */
function validationFailed(message) {
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message }],
      documentation_url: 'https://docs.github.com/rest/issues/comments',
    },
  };
}

function notFound() {
  return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
}
