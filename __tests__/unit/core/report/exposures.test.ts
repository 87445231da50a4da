// What a mode: exposures run reports: its verdict and counts for each end of the file, its part of the
// `result` output, and its section of the summary, with titles from Omni escaped and long lists cut.
import { describe, expect, it } from 'vitest';
import { SUMMARY_NAMES_SHOWN } from '../../../../src/core/report/exposures.js';
import { renderReportMarkdown, SUMMARY_LIMIT_BYTES } from '../../../../src/core/report/markdown.js';
import { buildResultOutput, summariseOutcome } from '../../../../src/core/report/outcome.js';
import type { ExposuresReport } from '../../../../src/core/run/exposures.js';
import { describeUnselected } from '../../../../src/core/run/not-planned.js';
import type { RunReport } from '../../../../src/core/run/types.js';
import { createRedactor } from '../../../../src/core/secrets.js';

const MODEL = '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f';
const OTHER_MODEL = '3c5a1d9f-7b2e-4d4c-8f80-2b3c4d5e6f70';
const PATH = 'models/omni_exposures.yml';

const exposuresReport = (overrides: Partial<ExposuresReport> = {}): ExposuresReport => ({
  path: PATH,
  status: 'written',
  isChanged: true,
  dashboards: 20,
  written: 18,
  withoutDbtModels: 2,
  added: [{ name: 'revenue', label: 'Revenue' }],
  removed: [{ name: 'old_board' }],
  updated: [
    { name: 'mix', label: 'Mix' },
    { name: 'plan', label: 'Plan' },
  ],
  isPreviousReadable: true,
  hadFile: true,
  models: [{ modelId: MODEL, status: 'read', dashboards: 20, written: 18, withoutDbtModels: 2 }],
  ...overrides,
});

const report = (exposures: ExposuresReport | undefined, overrides: Partial<RunReport> = {}): RunReport => ({
  mode: 'exposures',
  isValidationOnly: false,
  configPath: 'omni-dbt.yml',
  issues: [],
  connections: describeUnselected([
    {
      connectionId: '550e8400-e29b-41d4-a716-446655440000',
      name: 'Snowflake production',
      body: {} as never,
      pruneEnvironments: false,
      pruneSchemaRefreshSchedules: false,
      position: { line: 3, column: 5 },
    },
  ]),
  isCancelled: false,
  failOnChanges: false,
  ...(exposures === undefined ? {} : { exposures }),
  ...overrides,
});

const failedModel = {
  modelId: OTHER_MODEL,
  status: 'failed' as const,
  dashboards: 0,
  written: 0,
  withoutDbtModels: 0,
  httpStatus: 404,
  error: `GET /v1/models/${OTHER_MODEL}/dbt-exposures: Omni answered HTTP 404`,
  hint: 'No such model on this Omni instance: check the model id in omni-dbt.yml.',
};

describe('summariseOutcome in mode: exposures', () => {
  it('counts the exposures the write changes, passes, and never fails for the skipped connections', () => {
    expect(summariseOutcome(report(exposuresReport()))).toEqual({
      changed: 4,
      failed: 0,
      hasChanges: true,
      isFailure: false,
      headline: `Wrote ${PATH}: 18 exposures from 20 dashboards (2 without dbt models); 1 added, 1 removed, 2 changed.`,
    });
  });

  it('passes with nothing changed on an unchanged file', () => {
    const outcome = summariseOutcome(
      report(exposuresReport({ status: 'unchanged', isChanged: false, added: [], removed: [], updated: [] })),
    );
    expect(outcome).toMatchObject({ changed: 0, hasChanges: false, isFailure: false });
    expect(outcome.headline).toBe(
      `${PATH} is up to date: 18 exposures from 20 dashboards (2 without dbt models).`,
    );
  });

  it('fails a drift check, saying it wrote nothing', () => {
    const outcome = summariseOutcome(report(exposuresReport({ status: 'drifted' }), { failOnChanges: true }));
    expect(outcome).toMatchObject({ changed: 4, hasChanges: true, isFailure: true });
    expect(outcome.headline).toBe(
      `${PATH} is out of date (1 added, 1 removed, 2 changed), and a drift check writes nothing: 18 exposures from 20 dashboards (2 without dbt models) in Omni.`,
    );
  });

  it('fails when a model could not be read, counting the models that failed', () => {
    const outcome = summariseOutcome(
      report(
        exposuresReport({
          status: 'failed',
          isChanged: false,
          added: [],
          removed: [],
          updated: [],
          models: [exposuresReport().models[0] ?? failedModel, failedModel],
        }),
      ),
    );
    expect(outcome).toMatchObject({ failed: 1, isFailure: true, hasChanges: false });
    expect(outcome.headline).toBe(
      `1 of 2 models could not be read, so ${PATH} was not written: it is written only from every model read whole.`,
    );
  });

  it('says when there was no file yet: written as a new file, or missing in a drift check', () => {
    const fresh = exposuresReport({ hadFile: false, removed: [], updated: [] });
    expect(summariseOutcome(report(fresh)).headline).toBe(
      `Wrote ${PATH}, a new file: 18 exposures from 20 dashboards (2 without dbt models).`,
    );
    expect(summariseOutcome(report({ ...fresh, status: 'drifted' })).headline).toBe(
      `${PATH} does not exist yet, and a drift check writes nothing: 18 exposures from 20 dashboards (2 without dbt models) in Omni.`,
    );
  });

  it('says when only the form of the file changed, or when the file there was no exposures file', () => {
    const formOnly = exposuresReport({ added: [], removed: [], updated: [] });
    expect(summariseOutcome(report(formOnly)).headline).toContain(
      'no exposure changed, only the form of the file',
    );
    const unreadable = exposuresReport({ isPreviousReadable: false, removed: [], updated: [] });
    expect(summariseOutcome(report(unreadable)).headline).toContain(
      'the file there was not an exposures file, so all 1 count as added',
    );
  });

  it('words errors in the file, a fatal error and a cancellation as the other modes do, and fails', () => {
    const issue = {
      severity: 'error' as const,
      file: 'omni-dbt.yml',
      line: 9,
      column: 9,
      field: 'exposures.path',
      message: 'the path is absolute',
    };
    expect(summariseOutcome(report(undefined, { issues: [issue], connections: [] }))).toMatchObject({
      isFailure: true,
      headline: '1 error in omni-dbt.yml; nothing was sent to Omni.',
    });
    expect(summariseOutcome(report(undefined, { fatalError: 'no block' }))).toMatchObject({
      isFailure: true,
      headline: 'no block',
    });
    expect(summariseOutcome(report(exposuresReport(), { isCancelled: true }))).toMatchObject({
      isFailure: true,
      headline: 'The run was cancelled; the exposures file was not written.',
    });
  });
});

describe('the result output in mode: exposures', () => {
  it('lists every connection skipped with why, and the exposures by name only', () => {
    const result = JSON.parse(
      buildResultOutput(
        report(exposuresReport({ models: [exposuresReport().models[0] ?? failedModel, failedModel] })),
      ),
    );
    expect(result.mode).toBe('exposures');
    expect(result.connections).toEqual([
      expect.objectContaining({
        status: 'skipped',
        error: expect.stringContaining('Not part of mode: exposures'),
      }),
    ]);
    expect(result.exposures).toEqual({
      path: PATH,
      status: 'written',
      changed: true,
      dashboards: 20,
      written: 18,
      withoutDbtModels: 2,
      added: ['revenue'],
      removed: ['old_board'],
      updated: ['mix', 'plan'],
      models: [
        {
          id: MODEL,
          status: 'read',
          dashboards: 20,
          written: 18,
          withoutDbtModels: 2,
          httpStatus: null,
          error: null,
        },
        {
          id: OTHER_MODEL,
          status: 'failed',
          dashboards: 0,
          written: 0,
          withoutDbtModels: 0,
          httpStatus: 404,
          error: failedModel.error,
        },
      ],
    });
  });
});

describe('the summary in mode: exposures', () => {
  const render = (value: RunReport) =>
    renderReportMarkdown(value, {
      maxBytes: SUMMARY_LIMIT_BYTES - 1024,
      fullPlanLocation: 'the `result` output',
      redactor: createRedactor(),
    });

  it('shows the file, the counts per model and in all, and no table of the skipped connections', () => {
    const markdown = render(report(exposuresReport()));
    expect(markdown).toContain('## ✅ Omni dbt exposures');
    expect(markdown).toContain(`**File:** \`${PATH}\` — ✅ written`);
    expect(markdown).toContain(
      '**Exposures:** 18 exposures from 20 dashboards (2 without dbt models), over 1 model.',
    );
    expect(markdown).toContain('**Against the file in the workspace:** 1 added, 1 removed, 2 changed.');
    expect(markdown).toContain(`| \`${MODEL}\` | 20 | 18 | 2 | ✅ read | — |`);
    expect(markdown).toContain('<details><summary>Changed (2)</summary>');
    expect(markdown).not.toContain('| Connection |');
    expect(markdown).not.toContain('Not part of mode: exposures');
  });

  it("shows a failed model's error and how to fix it", () => {
    const markdown = render(
      report(
        exposuresReport({ status: 'failed', models: [failedModel], added: [], removed: [], updated: [] }),
      ),
    );
    expect(markdown).toContain(`| \`${OTHER_MODEL}\` | — | — | — | ❌ failed | 404 |`);
    expect(markdown).toContain('**How to fix:** No such model on this Omni instance');
    expect(markdown).toContain('## ❌ Omni dbt exposures');
  });

  it('writes the titles from Omni as text: no HTML, no mention, no link, no table cell broken', () => {
    const markdown = render(
      report(
        exposuresReport({
          added: [{ name: 'board', label: '<img src=x> @org/team [x](https://evil.example) | cell' }],
        }),
      ),
    );
    expect(markdown).toContain(
      '- `board` &lt;img src=x&gt; @\u200Dorg/team \\[x\\](https\u200B://evil.example) \\| cell',
    );
    expect(markdown).not.toContain('<img');
  });

  it(`shows at most ${SUMMARY_NAMES_SHOWN} names a list and points to the result output for the rest`, () => {
    const added = Array.from({ length: 10_000 }, (_, index) => ({
      name: `dashboard_${index}`,
      label: `Dashboard ${index}`,
    }));
    const markdown = render(report(exposuresReport({ added })));
    expect(markdown).toContain('<details><summary>Added (10000)</summary>');
    expect(markdown.match(/^- `dashboard_\d+`/gm)).toHaveLength(SUMMARY_NAMES_SHOWN);
    expect(markdown).toContain(
      `- … and ${10_000 - SUMMARY_NAMES_SHOWN} more (the \`result\` output lists them all)`,
    );
  });
});
