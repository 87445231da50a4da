import { describe, expect, it } from 'vitest';
import { buildCommentMarker, findStickyComment, renderPlanComment } from '../../../src/action/comment.js';
import {
  COMMENT_LIMIT_CHARS,
  renderReportMarkdown,
  SUMMARY_LIMIT_BYTES,
} from '../../../src/core/report/markdown.js';
import { neutraliseMentions } from '../../../src/core/report/markdown-text.js';
import type { ConnectionResult, RunReport } from '../../../src/core/run/types.js';
import { createRedactor } from '../../../src/core/secrets.js';

const planned = (i: number): ConnectionResult => ({
  connectionId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  name: `connection ${i}`,
  action: 'update',
  status: 'planned',
  changes: [
    {
      field: 'sshUrl',
      from: `git@old.example:${'x'.repeat(400)}.git`,
      to: `git@new.example:${'y'.repeat(400)}.git`,
    },
  ],
  rotateKeys: false,
});

const report = (connections: ConnectionResult[]): RunReport => ({
  mode: 'dry-run',
  isValidationOnly: false,
  configPath: 'analytics/omni-dbt.yml',
  issues: [],
  connections,
  isCancelled: false,
  failOnChanges: false,
});

describe('the plan comment', () => {
  it('opens with a hidden marker that names the config path', () => {
    const body = renderPlanComment(report([planned(1)]), undefined, createRedactor());
    expect(body.split('\n')[0]).toBe('<!-- omni-dbt-action plan: analytics/omni-dbt.yml -->');
    expect(buildCommentMarker('a/omni-dbt.yml')).not.toBe(buildCommentMarker('b/omni-dbt.yml'));
  });

  it('cannot be closed early by a config path holding "-->"', () => {
    expect(buildCommentMarker('x/--> <b>hi</b>.yml')).not.toMatch(/-->.*-->/);
  });

  it('stays within GitHub’s 65,536 characters, keeps every row and links the job summary', () => {
    const body = renderPlanComment(
      report(Array.from({ length: 400 }, (_, i) => planned(i))),
      'https://github.com/acme/analytics/actions/runs/4242',
      createRedactor(),
    );
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT_CHARS);
    expect(body).toContain('| connection 399 |');
    expect(body).toContain(
      'The full plan is in the [job summary](https://github.com/acme/analytics/actions/runs/4242).',
    );
  });
});

describe('findStickyComment', () => {
  const marker = buildCommentMarker('omni-dbt.yml');
  const bot = { login: 'github-actions[bot]' };

  it('finds our own comment for this config, to update it in place', () => {
    const comments = [
      { id: 1, body: 'LGTM', user: { login: 'octocat' } },
      { id: 2, body: `${buildCommentMarker('other/omni-dbt.yml')}\nplan`, user: bot },
      { id: 3, body: `${marker}\nplan`, user: bot },
    ];
    expect(findStickyComment(comments, bot.login, marker)).toBe(3);
  });

  it('never picks someone else’s comment that quotes our marker, nor a marker that is not at the start', () => {
    const comments = [
      { id: 1, body: `${marker}\ncopied`, user: { login: 'octocat' } },
      { id: 2, body: `see ${marker}`, user: bot },
      { id: 3, body: null, user: bot },
      { id: 4, body: `${marker}\nplan`, user: null },
    ];
    expect(findStickyComment(comments, bot.login, marker)).toBeUndefined();
  });
});

describe('mentions in the plan comment and the job summary', () => {
  const mentioning: ConnectionResult = {
    ...planned(1),
    name: '@acme/analysts warehouse (ask @alice)',
    status: 'failed',
    error: 'Omni answered HTTP 404 for @bob’s connection',
    hint: 'ask @acme/data-platform',
  };

  /** Every `@name` GitHub would turn into a mention: an `@` not inside a word, then a letter or digit. */
  const findMentions = (text: string) => text.match(/(?<![A-Za-z0-9_.+-])@[A-Za-z0-9][\w/-]*/g) ?? [];

  it('never turns @team or @user in a name, an error or a hint into a mention', () => {
    const body = renderPlanComment(report([mentioning]), undefined, createRedactor());
    const summary = renderReportMarkdown(report([mentioning]), {
      maxBytes: SUMMARY_LIMIT_BYTES,
      fullPlanLocation: 'the log',
      redactor: createRedactor(),
    });
    for (const text of [body, summary]) {
      expect(findMentions(text)).toEqual([]);
      expect(text).toContain('@\u200Dacme/analysts warehouse (ask @\u200Dalice)');
      expect(text).toContain('@\u200Dbob’s connection');
      expect(text).toContain('@\u200Dacme/data-platform');
    }
  });

  it('leaves an @ inside a word alone (email addresses, git@ URLs)', () => {
    expect(neutraliseMentions('git@github.com:acme/a.git, ops@acme.com')).toBe(
      'git@github.com:acme/a.git, ops@acme.com',
    );
    expect(neutraliseMentions('@alice, (@bob) and @acme/team')).toBe(
      '@\u200Dalice, (@\u200Dbob) and @\u200Dacme/team',
    );
  });
});

describe('secrets in the plan comment and the job summary', () => {
  // A GitHub token always holds `_`; the other one every character markdown-text.ts escapes or encodes.
  const GITHUB_TOKEN = 'ghs_Bv6Nc1Xs4Ge9Ua2Yk';
  const SECRET = 'Pw*9<x&|y`[z]~_';
  /** GitHub's text reaches the report as it came: no transport quoted it through the redactor first. */
  const echoing: ConnectionResult = {
    ...planned(2),
    status: 'failed',
    error: `Could not read which pull requests are open from GitHub: Bad credentials (token ${GITHUB_TOKEN}). Nothing was deleted.`,
    hint: `Check the secret ${SECRET} of the job.`,
    warnings: [`GitHub answered with ${GITHUB_TOKEN} in it`],
  };

  it('redacts a secret before escaping it, so that no escaped form of it is shown', () => {
    const redactor = createRedactor();
    redactor.add(GITHUB_TOKEN);
    redactor.add(SECRET);
    const body = renderPlanComment(report([echoing]), undefined, redactor);
    const summary = renderReportMarkdown(report([echoing]), {
      maxBytes: SUMMARY_LIMIT_BYTES,
      fullPlanLocation: 'the log',
      redactor,
    });
    for (const text of [body, summary]) {
      // Any run of five characters of either secret, with or without the backslashes escaping puts in.
      const unescaped = text
        .replace(/\\(?=[\\`*_[\]|~])/g, '')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<');
      for (const secret of [GITHUB_TOKEN, SECRET]) {
        for (let start = 0; start + 5 <= secret.length; start += 1) {
          expect(unescaped).not.toContain(secret.slice(start, start + 5));
        }
      }
      expect(text).toContain('Bad credentials (token \\*\\*\\*)');
      expect(text).toContain('Check the secret \\*\\*\\* of the job.');
    }
  });
});
