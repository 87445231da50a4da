// Preview environments, pure side: template rendering, the OMNI_DBT_PREVIEW marker, planPreview's
// create/update/conflict rules, and which environments a close or a sweep may delete.
import { describe, expect, it } from 'vitest';
import type { PreviewConfig } from '../../../../src/core/config/types.js';
import type { LiveEnvironment, LiveVariable } from '../../../../src/core/plan/environments.js';
import {
  DEFAULT_PREVIEW_NOTE,
  groupSweepCandidates,
  parsePreviewMarker,
  planPreview,
  planPreviewDeletes,
  previewMarker,
  renderPreview,
  renderTemplate,
  selectPreviewsOfPr,
} from '../../../../src/core/plan/preview.js';

const POSITION = { line: 1, column: 1 };
const REPO = 'acme/analytics';
const CONTEXT = {
  pr: 42,
  head: 'feature/new-metrics',
  base: 'main',
  sha: '0123456789abcdef0123456789abcdef01234567',
  repository: REPO,
};
const MODEL = '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f';

function previewConfig(overrides: Partial<PreviewConfig> = {}): PreviewConfig {
  return {
    name: 'PR {pr}',
    targetSchema: 'dbt_pr_{pr}',
    targetDatabase: null,
    targetRole: null,
    targetName: null,
    variables: [],
    isCreatingBranch: false,
    isDeletingBranch: false,
    position: POSITION,
    ...overrides,
  };
}

let nextId = 0;
const makeId = () => `00000000-0000-4000-8000-${String(++nextId).padStart(12, '0')}`;
const markerVariable = (value: string, isSecret = false): LiveVariable => ({
  id: makeId(),
  isSecret,
  name: 'OMNI_DBT_PREVIEW',
  value: isSecret ? null : value,
});

function liveEnv(name: string, overrides: Partial<LiveEnvironment> = {}): LiveEnvironment {
  return {
    id: makeId(),
    isDefaultEnvironment: false,
    name,
    ownerId: null,
    targetDatabase: null,
    targetName: null,
    targetRole: null,
    targetSchema: 'public',
    variables: [],
    ...overrides,
  };
}

describe('renderTemplate', () => {
  it.each([
    ['PR {pr}', 'PR 42'],
    ['dbt_pr_{pr}', 'dbt_pr_42'],
    ['{head} into {base}', 'feature/new-metrics into main'],
    ['ci_{sha}', 'ci_0123456'],
    ['{pr}{pr}', '4242'],
    ['plain', 'plain'],
  ])('%s → %s', (template, rendered) => {
    expect(renderTemplate(template, CONTEXT)).toBe(rendered);
  });
});

describe('markers', () => {
  it('formats and parses <owner>/<repo>#<pr>', () => {
    expect(previewMarker(REPO, 42)).toBe('acme/analytics#42');
    expect(parsePreviewMarker('acme/analytics#42')).toEqual({ repository: REPO, pr: 42 });
  });

  it.each([
    null,
    undefined,
    '',
    'acme/analytics',
    'acme/analytics#',
    'acme/analytics#0',
    'acme#1',
    '#1',
    'a/b#1x',
    'a/b/c#1',
    ' a/b#1',
  ])('refuses %j', (value) => {
    expect(parsePreviewMarker(value)).toBeUndefined();
  });
});

describe('renderPreview', () => {
  it('renders the environment with the marker last, and the binding', () => {
    const rendered = renderPreview(
      previewConfig({
        targetName: 'ci_{sha}',
        variables: [
          { name: 'DBT_TARGET', isSecret: false, source: 'plain', value: 'ci', position: POSITION },
          { name: 'TOKEN', isSecret: true, source: 'env', envName: 'CI_TOKEN', position: POSITION },
        ],
        omniModel: MODEL,
        omniBranch: '{head}',
      }),
      CONTEXT,
      { CI_TOKEN: 't' },
    );
    expect(rendered).toEqual({
      environment: {
        name: 'PR 42',
        targetSchema: 'dbt_pr_42',
        targetDatabase: null,
        targetRole: null,
        targetName: 'ci_0123456',
        variables: [
          { name: 'DBT_TARGET', isSecret: false, value: 'ci' },
          { name: 'TOKEN', isSecret: true, value: 't', envName: 'CI_TOKEN' },
          { name: 'OMNI_DBT_PREVIEW', isSecret: false, value: 'acme/analytics#42' },
        ],
        position: POSITION,
      },
      marker: 'acme/analytics#42',
      binding: { modelId: MODEL, branchName: 'feature/new-metrics' },
      problems: [],
    });
  });

  it('has no binding without omniModel', () => {
    expect(renderPreview(previewConfig(), CONTEXT).binding).toBeUndefined();
  });

  it('reports a rendered value the contract refuses, naming the field', () => {
    const { problems } = renderPreview(previewConfig({ targetSchema: '{base}' }), { ...CONTEXT, base: '' });
    expect(problems).toEqual([expect.stringContaining('preview.targetSchema renders to ""')]);
  });

  it('reports an empty rendered branch name', () => {
    const { problems } = renderPreview(previewConfig({ omniModel: MODEL, omniBranch: '{base}' }), {
      ...CONTEXT,
      base: '',
    });
    expect(problems).toEqual([expect.stringContaining('preview.omniBranch')]);
  });
});

describe('planPreview', () => {
  const desired = renderPreview(previewConfig(), CONTEXT).environment;

  it('creates the environment when none is marked for the pull request', () => {
    const other = liveEnv('PR 41', { variables: [markerVariable('acme/analytics#41')] });
    const result = planPreview({ desired, live: [other] });
    if (!result.ok) throw new Error(result.error);
    expect(result.entries).toHaveLength(1);
    expect(result.entries[0]).toMatchObject({
      action: 'create',
      name: 'PR 42',
      body: {
        name: 'PR 42',
        targetSchema: 'dbt_pr_42',
        variables: [{ name: 'OMNI_DBT_PREVIEW', isSecret: false, value: 'acme/analytics#42' }],
      },
    });
  });

  it('leaves the marked environment unchanged when it matches', () => {
    const ours = liveEnv('PR 42', {
      targetSchema: 'dbt_pr_42',
      variables: [markerVariable('acme/analytics#42')],
    });
    const result = planPreview({ desired, live: [ours] });
    expect(result).toMatchObject({ ok: true, entries: [{ action: 'unchanged', environmentId: ours.id }] });
  });

  it('updates the marked environment, even when its name changed', () => {
    const ours = liveEnv('Old name', {
      targetSchema: 'dbt_pr_42',
      variables: [markerVariable('acme/analytics#42')],
    });
    const result = planPreview({ desired, live: [ours] });
    expect(result).toMatchObject({
      ok: true,
      entries: [
        {
          action: 'update',
          environmentId: ours.id,
          changes: [{ field: 'name', from: 'Old name', to: 'PR 42' }],
        },
      ],
    });
  });

  it('deletes further environments marked for the same pull request', () => {
    const first = liveEnv('PR 42', {
      targetSchema: 'dbt_pr_42',
      variables: [markerVariable('acme/analytics#42')],
    });
    const second = liveEnv('PR 42 (2)', {
      targetSchema: 'dbt_pr_42',
      variables: [markerVariable('acme/analytics#42')],
    });
    const result = planPreview({ desired, live: [first, second] });
    expect(result).toMatchObject({
      ok: true,
      entries: [
        { action: 'unchanged', environmentId: first.id },
        { action: 'delete', environmentId: second.id },
      ],
    });
  });

  it('keeps the duplicate already named as the preview, whatever order Omni lists them in', () => {
    const named = liveEnv('PR 42', {
      targetSchema: 'dbt_pr_42',
      variables: [markerVariable('acme/analytics#42')],
    });
    const other = liveEnv('PR 42 (2)', {
      targetSchema: 'dbt_pr_42',
      variables: [markerVariable('acme/analytics#42')],
    });
    const result = planPreview({ desired, live: [other, named] });
    expect(result).toMatchObject({
      ok: true,
      entries: [
        { action: 'unchanged', environmentId: named.id },
        { action: 'delete', environmentId: other.id },
      ],
    });
  });

  it("never makes Omni's default environment the preview, nor deletes it, whatever marker it carries", () => {
    const markedDefault = liveEnv('Production', {
      isDefaultEnvironment: true,
      variables: [markerVariable('acme/analytics#42')],
    });
    const result = planPreview({ desired, live: [markedDefault] });
    expect(result).toMatchObject({
      ok: true,
      entries: [
        { action: 'create', name: 'PR 42' },
        { action: 'unmanaged', environmentId: markedDefault.id, note: DEFAULT_PREVIEW_NOTE },
      ],
    });
    if (result.ok) expect(result.entries).toHaveLength(2);
  });

  it.each([
    [
      "Omni's default environment",
      liveEnv('PR 42', { isDefaultEnvironment: true, variables: [markerVariable('acme/analytics#42')] }),
      'its default environment',
    ],
    ['an unmarked shared environment', liveEnv('pr 42'), 'without the preview marker'],
    ['a personal one', liveEnv('PR 42', { ownerId: 'user-1' }), 'personal environment'],
    [
      "another repository's preview",
      liveEnv('PR 42', { variables: [markerVariable('acme/other#42')] }),
      'preview environment of acme/other#42',
    ],
    [
      'one whose marker is secret (unreadable)',
      liveEnv('PR 42', { variables: [markerVariable('acme/analytics#42', true)] }),
      'without the preview marker',
    ],
  ])('refuses to take over %s with the same name', (_, namesake, says) => {
    const result = planPreview({ desired, live: [namesake] });
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining(says) });
    if (!result.ok) expect(result.hint).toContain('preview.name');
  });

  it('lists unset fromEnv variables', () => {
    const withSecret = renderPreview(
      previewConfig({
        variables: [
          { name: 'TOKEN', isSecret: true, source: 'env', envName: 'CI_TOKEN', position: POSITION },
        ],
      }),
      CONTEXT,
      {},
    ).environment;
    expect(planPreview({ desired: withSecret, live: [] })).toMatchObject({
      ok: true,
      unresolved: [{ environment: 'PR 42', variable: 'TOKEN', envName: 'CI_TOKEN' }],
    });
  });

  it('refuses a desired environment without a marker', () => {
    expect(planPreview({ desired: { ...desired, variables: [] }, live: [] })).toMatchObject({ ok: false });
  });
});

describe('which environments close and sweep may touch', () => {
  const pr1 = liveEnv('PR 1', { variables: [markerVariable('acme/analytics#1')] });
  const pr1Again = liveEnv('PR 1 again', { variables: [markerVariable('Acme/Analytics#1')] });
  const pr2 = liveEnv('PR 2', { variables: [markerVariable('acme/analytics#2')] });
  const otherRepo = liveEnv('PR 1 other', { variables: [markerVariable('acme/other#1')] });
  const lookAlike = liveEnv('PR 3');
  const personal = liveEnv('PR 4', { ownerId: 'user-1', variables: [markerVariable('acme/analytics#4')] });
  const garbled = liveEnv('PR 5', { variables: [markerVariable('acme/analytics#five')] });
  const live = [pr2, pr1, otherRepo, lookAlike, personal, pr1Again, garbled];

  it('selects the environments of one pull request, by marker string or parsed', () => {
    expect(selectPreviewsOfPr(live, 'acme/analytics#1')).toEqual([pr1, pr1Again]);
    expect(selectPreviewsOfPr(live, { repository: REPO, pr: 2 })).toEqual([pr2]);
    expect(selectPreviewsOfPr(live, 'acme/analytics#4')).toEqual([]);
    expect(selectPreviewsOfPr(live, 'not a marker')).toEqual([]);
  });

  it('never counts a secret variable as the marker, even when Omni answers its value', () => {
    const secretMarker: LiveVariable = { ...markerVariable('x'), isSecret: true, value: 'acme/analytics#1' };
    const hidden = liveEnv('PR 1 hidden', { variables: [secretMarker] });
    expect(selectPreviewsOfPr([hidden], 'acme/analytics#1')).toEqual([]);
    expect(groupSweepCandidates([hidden], REPO)).toEqual([]);
  });

  it("deletes marked environments but keeps Omni's default one, with a note", () => {
    const markedDefault = liveEnv('Production', {
      isDefaultEnvironment: true,
      variables: [markerVariable('acme/analytics#1')],
    });
    expect(planPreviewDeletes([pr1, markedDefault])).toEqual([
      { action: 'delete', name: 'PR 1', environmentId: pr1.id, changes: [], isDefaultEnvironment: false },
      {
        action: 'unmanaged',
        name: 'Production',
        environmentId: markedDefault.id,
        changes: [],
        note: DEFAULT_PREVIEW_NOTE,
      },
    ]);
  });

  it("groups this repository's marked environments by pull request, nothing else", () => {
    expect(groupSweepCandidates(live, REPO)).toEqual([
      { pr: 1, environments: [pr1, pr1Again] },
      { pr: 2, environments: [pr2] },
    ]);
    expect(groupSweepCandidates(live, 'acme/other')).toEqual([{ pr: 1, environments: [otherRepo] }]);
    expect(groupSweepCandidates(live, 'someone/else')).toEqual([]);
  });
});
