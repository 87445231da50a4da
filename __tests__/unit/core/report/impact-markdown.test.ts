// The impact section of the summary and the comment (README, "Impact on Omni", "Report"): what it says, that
// outside text in it renders inert and links stay on the Omni instance, and that thousands of issues keep the
// comment under GitHub's 65,536 characters while the summary keeps every one within 1 MiB.
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { renderPlanComment } from '../../../../src/action/comment.js';
import { renderJobSummary } from '../../../../src/action/publish.js';
import type { ContentIssue } from '../../../../src/core/omni/models.js';
import { compareIssues } from '../../../../src/core/plan/impact.js';
import { renderImpactSection } from '../../../../src/core/report/impact-markdown.js';
import { COMMENT_LIMIT_CHARS, SUMMARY_LIMIT_BYTES } from '../../../../src/core/report/markdown.js';
import {
  buildImpactOutput,
  buildResultOutput,
  summariseOutcome,
} from '../../../../src/core/report/outcome.js';
import { type ImpactResult, linkDashboard } from '../../../../src/core/run/impact.js';
import type { ConnectionResult, RunReport } from '../../../../src/core/run/types.js';
import { createRedactor } from '../../../../src/core/secrets.js';

const INSTANCE = 'https://acme.omniapp.co';
const MODEL_ID = '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f';

function brokenDashboard(index: number, overrides: Partial<ContentIssue> = {}): ContentIssue {
  return {
    documentId: `doc-${index}`,
    identifier: `dash-${index}`,
    documentName: `Revenue dashboard ${index}`,
    folderPath: '/Finance',
    kind: 'query',
    queryName: 'Revenue by month',
    queryId: `q-${index}`,
    message: "Field 'orders.amount' not found in model",
    ...overrides,
  };
}

function impactOf(broken: ContentIssue[], overrides: Partial<ImpactResult> = {}): ImpactResult {
  const comparison = compareIssues(
    { content: [brokenDashboard(0, { documentName: 'Net revenue', identifier: 'net' })], model: [] },
    {
      content: [brokenDashboard(0, { documentName: 'Net revenue', identifier: 'net' }), ...broken],
      model: [
        {
          message: "Field 'orders.net_revenue' references 'orders.amount'",
          where: 'orders.view',
          isWarning: false,
        },
      ],
    },
  );
  return {
    modelId: MODEL_ID,
    branchName: 'rename-amount',
    baseName: 'main',
    failOn: 'new',
    verdict: `breaks ${broken.length} dashboards`,
    isFailing: true,
    isRefreshed: true,
    comparison,
    folders: [],
    labels: [],
    atRisk: [
      {
        model: 'orders',
        dashboards: [{ name: 'Revenue overview', url: `${INSTANCE}/dashboards/rev`, identifier: 'rev' }],
      },
    ],
    modelFiles: [{ model: 'orders', files: ['transform/models/orders.sql'] }],
    instanceUrl: INSTANCE,
    ...overrides,
  };
}

function reportWith(impact: ImpactResult, connection: Partial<ConnectionResult> = {}): RunReport {
  return {
    mode: 'preview',
    isValidationOnly: false,
    configPath: 'omni-dbt.yml',
    issues: [],
    isCancelled: false,
    failOnChanges: false,
    preview: { kind: 'upsert', pr: 12 },
    connections: [
      {
        connectionId: '550e8400-e29b-41d4-a716-446655440000',
        name: 'Snowflake production',
        action: 'create',
        status: 'applied',
        changes: [],
        rotateKeys: false,
        isPreview: true,
        environments: [{ name: 'PR 12', action: 'create', status: 'applied', changes: [] }],
        impact,
        ...connection,
      },
    ],
  };
}

const many = (count: number) => Array.from({ length: count }, (_, index) => brokenDashboard(index + 1));

describe('the impact section', () => {
  it('shows the verdict, each new issue linked on the instance, the model issue, the dashboards at risk and the counts', () => {
    const summary = renderJobSummary(reportWith(impactOf(many(2))), createRedactor());
    expect(summary).toContain('### Impact on Omni: Snowflake production');
    expect(summary).toContain('**❌ breaks 2 dashboards**');
    expect(summary).toContain('[Revenue dashboard 1](<https://acme.omniapp.co/dashboards/dash-1>)');
    expect(summary).toContain("Field 'orders.amount' not found in model");
    expect(summary).toContain('| `orders.view` | error |');
    expect(summary).toContain('[Revenue overview](<https://acme.omniapp.co/dashboards/rev>)');
    expect(summary).toContain(
      '1 existing issue (on main too, not counted against this change), 0 issues resolved',
    );
    expect(summary).toContain('documents in personal folders, are not checked');
    // GitHub's renderer sees two tables of issues and one of dashboards, each a real link.
    const html = marked.parse(summary, { gfm: true }) as string;
    expect(html).toContain('<a href="https://acme.omniapp.co/dashboards/dash-1">Revenue dashboard 1</a>');
  });

  it('renders names and messages from Omni inert: no HTML, no live link or mention, no cell they can close', () => {
    const hostile = brokenDashboard(1, {
      documentName: '<img src=x onerror=alert(1)> @acme/admins [click](https://evil.example) | pipe',
      identifier: 'a b/../c',
      queryName: '**bold** `code`',
      message: 'see https://evil.example ## <script>',
      folderPath: '/Fin`ance|',
    });
    const summary = renderJobSummary(reportWith(impactOf([hostile])), createRedactor());
    const html = marked.parse(summary, { gfm: true }) as string;
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('href="https://evil.example');
    expect(summary).not.toContain('@acme/admins');
    // The identifier is one path segment: encoded, it cannot climb out of /dashboards/.
    expect(summary).toContain('(<https://acme.omniapp.co/dashboards/a%20b%2F..%2Fc>)');
    // Every row of the content table still has its four cells.
    const row = summary.split('\n').find((line) => line.includes('onerror'));
    expect(row?.split(/(?<!\\)\|/).length).toBe(6);
  });

  it('redacts a secret Omni quotes in a message', () => {
    const redactor = createRedactor();
    redactor.add('s3cr3t-token-value');
    const leaking = brokenDashboard(1, { message: 'Permission denied for s3cr3t-token-value' });
    const summary = renderJobSummary(reportWith(impactOf([leaking])), redactor);
    expect(summary).not.toContain('s3cr3t-token-value');
    expect(summary).toContain('Permission denied for \\*\\*\\*');
  });

  it('keeps 3,000 broken dashboards under the comment limit, cut with a note, and whole in the summary', () => {
    const report = reportWith(impactOf(many(3_000)));
    const comment = renderPlanComment(
      report,
      'https://github.com/acme/analytics/actions/runs/1',
      createRedactor(),
    );
    expect(comment.length).toBeLessThanOrEqual(COMMENT_LIMIT_CHARS);
    expect(comment).toMatch(
      /> [\d,]+ new content issues are left out here to fit GitHub's size limit; the whole list is in the \[job summary\]/,
    );
    // The short lists keep their rows beside the long one.
    expect(comment).toContain('| `orders.view` | error |');
    expect(comment).toContain('[Revenue overview]');
    expect(comment).toContain('1 existing issue');

    const summary = renderJobSummary(report, createRedactor());
    expect(Buffer.byteLength(summary, 'utf8')).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES);
    expect(summary).not.toContain('left out here');
    for (const index of [1, 1_500, 3_000]) expect(summary).toContain(`[Revenue dashboard ${index}]`);
  });

  it('cuts the summary too, at its limit in bytes, when names are long and wide', () => {
    const wide = Array.from({ length: 3_000 }, (_, index) =>
      brokenDashboard(index + 1, { documentName: `売上ダッシュボード ${'売'.repeat(280)} ${index}` }),
    );
    const summary = renderJobSummary(reportWith(impactOf(wide)), createRedactor());
    expect(Buffer.byteLength(summary, 'utf8')).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES);
    expect(summary).toContain('left out here to fit GitHub');
  });

  it('says when issues did not fail the check, and what was not covered', () => {
    const impact = impactOf(many(1), {
      failOn: 'none',
      isFailing: false,
      isRefreshed: false,
      refreshNote: 'Not refreshed: the connection has no branch-based schema refresh in Omni.',
      folders: ['/Finance'],
      labels: ['Verified'],
    });
    const summary = renderJobSummary(reportWith(impact), createRedactor());
    expect(summary).toContain('**⚠️ breaks 1 dashboards**');
    expect(summary).toContain('failOn: none, so issues never fail the check');
    expect(summary).toContain('Not refreshed: the connection has no branch-based schema refresh in Omni.');
    expect(summary).toContain('Only content under /Finance was checked.');
    expect(summary).toContain('Only content labelled Verified was checked.');
    expect(summariseOutcome(reportWith(impact)).isFailure).toBe(false);
  });

  it('fails the check on a failing verdict, naming it in the headline', () => {
    const outcome = summariseOutcome(reportWith(impactOf(many(3))));
    expect(outcome.isFailure).toBe(true);
    expect(outcome.failed).toBe(0);
    expect(outcome.headline).toContain('Impact on Snowflake production: breaks 3 dashboards.');
  });

  it('stays within a small budget by cutting its lists, and still says where the rest is', () => {
    const impact = impactOf(many(50));
    const section = renderImpactSection(
      reportWith(impact).connections[0] as ConnectionResult,
      impact,
      { chars: 4_000, bytes: 8_000 },
      {
        fullListLocation: 'the job summary',
        redactor: createRedactor(),
      },
    );
    expect(section.length).toBeLessThanOrEqual(4_000);
    expect(section).toContain('the whole list is in the job summary');
  });
});

describe('linkDashboard', () => {
  it.each([
    ['the exposure url on the instance', `${INSTANCE}/dashboards/rev?x=1`, `${INSTANCE}/dashboards/rev?x=1`],
    ['another host', 'https://evil.example/dashboards/rev', `${INSTANCE}/dashboards/rev`],
    [
      'a look-alike host',
      'https://acme.omniapp.co.evil.example/dashboards/rev',
      `${INSTANCE}/dashboards/rev`,
    ],
    ['a javascript: url', 'javascript:alert(1)', `${INSTANCE}/dashboards/rev`],
    ['no url', null, `${INSTANCE}/dashboards/rev`],
    ['no URL at all', 'not a url', `${INSTANCE}/dashboards/rev`],
  ])('links %s as %s', (_, url, expected) => {
    expect(linkDashboard(url, 'rev', INSTANCE)).toBe(expected);
  });
});

describe('result.impact', () => {
  it('holds what the README names, counting existing and resolved issues of both kinds', () => {
    const impact = impactOf(many(1));
    expect(buildImpactOutput(impact)).toEqual({
      refreshed: true,
      newIssues: [
        {
          document: 'Revenue dashboard 1',
          identifier: 'dash-1',
          query: 'Revenue by month',
          message: "Field 'orders.amount' not found in model",
        },
      ],
      newModelIssues: [
        { message: "Field 'orders.net_revenue' references 'orders.amount'", where: 'orders.view' },
      ],
      existing: 1,
      resolved: 0,
      atRisk: [
        { model: 'orders', dashboards: [{ name: 'Revenue overview', url: `${INSTANCE}/dashboards/rev` }] },
      ],
    });
    const result = JSON.parse(buildResultOutput(reportWith(impact)));
    expect(result.connections[0].impact).toEqual(buildImpactOutput(impact));
  });
});
