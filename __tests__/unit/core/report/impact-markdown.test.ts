// The impact section of the summary and the comment (README, "Impact on Omni", "Report"): what it says, that
// outside text in it renders inert and links stay on the Omni instance, and that thousands of issues keep the
// comment under GitHub's 65,536 characters while the summary keeps every one within 1 MiB.
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { renderPlanComment } from '../../../../src/action/comment.js';
import type { ActionLog } from '../../../../src/action/log.js';
import { renderJobSummary, setRunOutputs } from '../../../../src/action/publish.js';
import type { ContentIssue } from '../../../../src/core/omni/models.js';
import { compareIssues } from '../../../../src/core/plan/impact.js';
import { renderImpactSection } from '../../../../src/core/report/impact-markdown.js';
import { COMMENT_LIMIT_CHARS, SUMMARY_LIMIT_BYTES } from '../../../../src/core/report/markdown.js';
import {
  buildImpactOutput,
  buildResultObject,
  buildResultOutput,
  summariseOutcome,
} from '../../../../src/core/report/outcome.js';
import { fitResultOutput, RESULT_LIMIT_UNITS } from '../../../../src/core/report/result-fit.js';
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
        action: 'update',
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

describe("the action's result within GitHub's 1 MiB for a job's outputs", () => {
  const atRiskOf = (count: number) => [
    {
      model: 'orders',
      dashboards: Array.from({ length: count }, (_, index) => ({
        name: `Orders dashboard ${index}`,
        url: `${INSTANCE}/dashboards/orders-${index}`,
        identifier: `orders-${index}`,
      })),
    },
  ];

  it('leaves a result that fits as the CLI writes it, with no omitted counts', () => {
    const report = reportWith(impactOf(many(50)));
    const fitted = fitResultOutput(buildResultObject(report));
    expect(fitted).toEqual({ text: buildResultOutput(report), omitted: 0 });
    expect(fitted.text).not.toContain('omitted');
  });

  it('cuts 20,000 new issues from the end to fit, and counts what it left out', () => {
    const report = reportWith(impactOf(many(20_000)));
    const whole = buildResultOutput(report);
    expect(whole.length).toBeGreaterThan(RESULT_LIMIT_UNITS);
    const fitted = fitResultOutput(buildResultObject(report));
    expect(fitted.text.length).toBeLessThanOrEqual(RESULT_LIMIT_UNITS);
    // Cut close to the limit, not by halves: less than 1 % of it is left unused.
    expect(fitted.text.length).toBeGreaterThan(RESULT_LIMIT_UNITS * 0.99);
    const impact = JSON.parse(fitted.text).connections[0].impact;
    expect(impact.newIssues.length + impact.omitted.newIssues).toBe(20_000);
    expect(fitted.omitted).toBe(impact.omitted.newIssues);
    expect(impact.newIssues[0].document).toBe('Revenue dashboard 1');
    // What stays whole: the counts, the model issue, the one dashboard at risk.
    expect(impact).toMatchObject({ existing: 1, resolved: 0, refreshed: true });
    expect(impact.newModelIssues).toHaveLength(1);
    expect(impact.atRisk[0].dashboards).toHaveLength(1);
  });

  it('cuts the longest list first: dashboards at risk before a short list of issues', () => {
    const report = reportWith(impactOf(many(10), { atRisk: atRiskOf(12_000) }));
    const fitted = fitResultOutput(buildResultObject(report));
    expect(fitted.text.length).toBeLessThanOrEqual(RESULT_LIMIT_UNITS);
    const impact = JSON.parse(fitted.text).connections[0].impact;
    expect(impact.newIssues).toHaveLength(10);
    expect(impact.omitted).toBeUndefined();
    expect(impact.atRisk[0].dashboards.length + impact.atRisk[0].omitted.dashboards).toBe(12_000);
  });

  it("cuts the exposures' names as it cuts issues, keeping every connection", () => {
    const added = Array.from({ length: 40_000 }, (_, index) => `omni_dashboard_number_${index}`);
    const connections = [{ id: 'a', status: 'skipped' }];
    const fitted = fitResultOutput({ mode: 'exposures', connections, exposures: { added, removed: [] } });
    const result = JSON.parse(fitted.text);
    expect(fitted.text.length).toBeLessThanOrEqual(RESULT_LIMIT_UNITS);
    expect(result.connections).toEqual(connections);
    expect(result.exposures.added.length + result.exposures.omitted.added).toBe(40_000);
    expect(result.exposures.added[0]).toBe('omni_dashboard_number_0');
  });

  it('sets the cut result as the output and warns that the log has every entry', () => {
    const outputs: Record<string, string> = {};
    const warnings: string[] = [];
    const log = {
      redactor: createRedactor(),
      setOutput: (name: string, value: string) => {
        outputs[name] = value;
      },
      warning: (text: string) => warnings.push(text),
    } as unknown as ActionLog;
    const report = reportWith(impactOf(many(20_000)));
    setRunOutputs(log, report, summariseOutcome(report));
    const result = JSON.parse(outputs.result ?? '{}');
    expect((outputs.result ?? '').length).toBeLessThanOrEqual(RESULT_LIMIT_UNITS);
    const left = result.connections[0].impact.omitted.newIssues;
    expect(warnings).toEqual([expect.stringContaining(`result: ${left.toLocaleString('en-US')} entries`)]);
    expect(warnings[0]).toContain("this step's log has them all");
  });
});
