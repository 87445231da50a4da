import { describe, expect, it } from 'vitest';
import type { DbtConfigBody } from '../../../../src/core/config/types.js';
import { diffDbtConfig } from '../../../../src/core/plan/diff.js';
import { buildLiveConfig, PRODUCTION_SETTINGS } from '../../../support/dbt-fixtures.js';

const desired: DbtConfigBody = { ...PRODUCTION_SETTINGS };

const live = buildLiveConfig;

describe('diffDbtConfig', () => {
  it('finds nothing to do when every field matches', () => {
    expect(diffDbtConfig(desired, live())).toEqual({ ok: true, action: 'unchanged', changes: [] });
  });

  it.each([
    ['branch', { branch: 'staging' }, 'staging', 'main'],
    ['dbtVersion', { dbtVersion: '1.10' }, '1.10', '1.11'],
    ['enableSemanticLayer', { enableSemanticLayer: true }, true, false],
    ['projectRootPath', { projectRootPath: null }, null, 'transform'],
  ] as const)('reports a differing %s as an update', (field, overrides, from, to) => {
    expect(diffDbtConfig(desired, live(overrides))).toEqual({
      ok: true,
      action: 'update',
      changes: [{ field, from, to }],
    });
  });

  it('treats projectRootPath "" and null as equal, both ways', () => {
    expect(diffDbtConfig({ ...desired, projectRootPath: null }, live({ projectRootPath: '' }))).toMatchObject(
      {
        action: 'unchanged',
      },
    );
    const plan = diffDbtConfig({ ...desired, projectRootPath: '' }, live({ projectRootPath: null }));
    expect(plan).toMatchObject({ action: 'unchanged' });
  });

  it('treats dbtVersion null and "Auto" as equal', () => {
    expect(diffDbtConfig({ ...desired, dbtVersion: null }, live({ dbtVersion: 'Auto' }))).toMatchObject({
      action: 'unchanged',
    });
    expect(diffDbtConfig({ ...desired, dbtVersion: null }, live({ dbtVersion: '1.11' }))).toMatchObject({
      action: 'update',
      changes: [{ field: 'dbtVersion', from: '1.11', to: null }],
    });
  });

  it('neither compares nor reports dbtVersion when the file leaves it out', () => {
    const { dbtVersion: _omitted, ...withoutVersion } = desired;
    expect(diffDbtConfig(withoutVersion, live({ dbtVersion: '1.10' }))).toMatchObject({
      action: 'unchanged',
    });
  });

  it('plans a create with every desired field when dbt is not configured yet', () => {
    const plan = diffDbtConfig(desired, {
      isConfigured: false,
      supportsDbt: true,
      message: 'dbt not configured',
    });
    expect(plan).toMatchObject({ ok: true, action: 'create' });
    expect(plan.ok && plan.changes.map((c) => c.field)).toEqual([
      'sshUrl',
      'branch',
      'projectRootPath',
      'dbtVersion',
      'autogenRelationships',
      'enableVirtualSchemas',
      'enableSemanticLayer',
    ]);
    expect(plan.ok && plan.changes.every((c) => c.from === null)).toBe(true);
  });

  it('is an error when the connection does not support dbt', () => {
    const plan = diffDbtConfig(desired, {
      isConfigured: false,
      supportsDbt: false,
      message: 'not supported',
    });
    expect(plan.ok).toBe(false);
    expect(!plan.ok && plan.error).toContain('does not support dbt');
  });
});
