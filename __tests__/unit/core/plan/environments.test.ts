// planEnvironments and verifyEnvironmentWrites: actions, field and variable diffs, the exact bodies
// (checked against the contract with ajv), secrets never compared nor shown, and the read-back check.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { EnvironmentConfig } from '../../../../src/core/config/types.js';
import {
  countEnvironmentChanges,
  DEFAULT_ENVIRONMENT_NOTE,
  type EnvironmentPlanEntry,
  type EnvironmentsPlan,
  HIDDEN_PLAIN_PLACEHOLDER,
  hasEnvironmentChanges,
  type LiveEnvironment,
  type LiveVariable,
  planEnvironments,
  type ResolvedEnvironment,
  type ResolvedVariable,
  resolveEnvironment,
  SECRET_PLACEHOLDER,
  UNSET_PLACEHOLDER,
  verifyEnvironmentWrites,
} from '../../../../src/core/plan/environments.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const DOCUMENT_ID = 'https://contract.invalid/dbt-environments.json';
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...parse(readFileSync('contract/dbt-environments.openapi.yaml', 'utf8')), $id: DOCUMENT_ID });
const isCreateBody = ajv.getSchema(`${DOCUMENT_ID}#/components/schemas/DbtEnvironmentCreateBody`);
const isUpdateBody = ajv.getSchema(`${DOCUMENT_ID}#/components/schemas/DbtEnvironmentUpdateBody`);

const SECRET_VALUE = 'sk-live-0123456789';
const POSITION = { line: 1, column: 1 };

let nextId = 0;
const makeId = () => `00000000-0000-4000-8000-${String(++nextId).padStart(12, '0')}`;

function desiredEnv(name: string, overrides: Partial<ResolvedEnvironment> = {}): ResolvedEnvironment {
  return {
    name,
    targetSchema: 'analytics',
    targetDatabase: null,
    targetRole: null,
    targetName: null,
    variables: [],
    position: POSITION,
    ...overrides,
  };
}

function liveEnv(name: string, overrides: Partial<LiveEnvironment> = {}): LiveEnvironment {
  return {
    id: makeId(),
    isDefaultEnvironment: false,
    name,
    ownerId: null,
    targetDatabase: null,
    targetName: null,
    targetRole: null,
    targetSchema: 'analytics',
    variables: [],
    ...overrides,
  };
}

const plain = (name: string, value: string): ResolvedVariable => ({ name, isSecret: false, value });
const secret = (name: string, value: string | undefined = SECRET_VALUE): ResolvedVariable => ({
  name,
  isSecret: true,
  value,
  envName: name,
});
const livePlain = (name: string, value: string): LiveVariable => ({
  id: makeId(),
  isSecret: false,
  name,
  value,
});
const liveSecret = (name: string): LiveVariable => ({ id: makeId(), isSecret: true, name, value: null });

function entriesOf(plan: EnvironmentsPlan): EnvironmentPlanEntry[] {
  if (!plan.ok) throw new Error(plan.error);
  return plan.entries;
}

const plan = (
  desired: ResolvedEnvironment[],
  live: LiveEnvironment[],
  options: { isPruning?: boolean; isUpdatingSecrets?: boolean } = {},
) => planEnvironments({ desired, live, isPruning: false, isUpdatingSecrets: false, ...options });

describe('actions', () => {
  const production = liveEnv('Production', { isDefaultEnvironment: true });
  const staging = liveEnv('Staging', { targetSchema: 'staging' });
  const old = liveEnv('Old');
  const mine = liveEnv('Scratch', { ownerId: 'user-1' });

  it.each([
    {
      case: 'file matches Omni, others unmanaged',
      desired: [desiredEnv('Production')],
      isPruning: false,
      expected: [
        ['unchanged', 'Production'],
        ['unmanaged', 'Staging'],
        ['unmanaged', 'Old'],
      ],
    },
    {
      case: 'with pruning, unlisted shared ones are deleted, not the default',
      desired: [desiredEnv('Staging', { targetSchema: 'staging' })],
      isPruning: true,
      expected: [
        ['unchanged', 'Staging'],
        ['unmanaged', 'Production'],
        ['delete', 'Old'],
      ],
    },
    {
      case: 'a new name is created, a changed one updated, matched ignoring case',
      desired: [desiredEnv('New'), desiredEnv('staging', { targetSchema: 'staging_v2' })],
      isPruning: false,
      expected: [
        ['create', 'New'],
        ['update', 'staging'],
        ['unmanaged', 'Production'],
        ['unmanaged', 'Old'],
      ],
    },
  ])('$case', ({ desired, isPruning, expected }) => {
    const entries = entriesOf(plan(desired, [production, staging, old, mine], { isPruning }));
    expect(entries.map((entry) => [entry.action, entry.name])).toEqual(expected);
    // Personal environments never appear in a plan.
    expect(entries.some((entry) => entry.name === 'Scratch')).toBe(false);
  });

  it('notes why the default environment is not deleted', () => {
    const entries = entriesOf(plan([], [production], { isPruning: true }));
    expect(entries).toEqual([
      {
        action: 'unmanaged',
        name: 'Production',
        environmentId: production.id,
        changes: [],
        note: DEFAULT_ENVIRONMENT_NOTE,
      },
    ]);
  });

  it('refuses a file environment named like a personal one, whatever the case', () => {
    const result = plan([desiredEnv('scratch')], [mine]);
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('personal environment') });
  });

  it('refuses when two shared environments match one name', () => {
    const result = plan([desiredEnv('Prod')], [liveEnv('Prod'), liveEnv('PROD')]);
    expect(result).toMatchObject({ ok: false, hint: expect.stringContaining('Rename or delete') });
  });

  it('counts changes', () => {
    const entries = entriesOf(
      plan([desiredEnv('New'), desiredEnv('Production')], [production, old], { isPruning: true }),
    );
    expect(countEnvironmentChanges(entries)).toBe(2);
    expect(hasEnvironmentChanges(entries)).toBe(true);
    expect(hasEnvironmentChanges(entriesOf(plan([desiredEnv('Production')], [production])))).toBe(false);
  });
});

describe('field diffs', () => {
  it.each([
    ['targetSchema', { targetSchema: 'b' }, { targetSchema: 'a' }, 'a', 'b'],
    ['targetDatabase', { targetDatabase: 'DB' }, {}, null, 'DB'],
    ['targetRole', { targetRole: null }, { targetRole: 'R' }, 'R', null],
    ['targetName', { targetName: 'prod' }, { targetName: 'dev' }, 'dev', 'prod'],
    ['name', {}, { name: 'production' }, 'production', 'Production'],
  ] as const)('%s', (field, desired, live, from, to) => {
    const [entry] = entriesOf(plan([desiredEnv('Production', desired)], [liveEnv('Production', live)]));
    expect(entry?.action).toBe('update');
    expect(entry?.changes).toEqual([{ field, from, to }]);
  });
});

describe('variable diffs and update bodies', () => {
  type Row = {
    case: string;
    desired: ResolvedVariable[];
    live: LiveVariable[];
    isUpdatingSecrets?: boolean;
    changes: { field: string; from: unknown; to: unknown }[];
    /** The body's variables, with `live:NAME` standing for that live variable's id. */
    sent: Record<string, unknown>[];
  };
  const liveVars = {
    target: livePlain('DBT_TARGET', 'prod'),
    key: liveSecret('API_KEY'),
    extra: livePlain('LEGACY', 'x'),
    extraSecret: liveSecret('OLD_TOKEN'),
  };
  const rows: Row[] = [
    {
      case: 'same plain value: unchanged',
      desired: [plain('DBT_TARGET', 'prod')],
      live: [liveVars.target],
      changes: [],
      sent: [],
    },
    {
      case: 'plain value changed',
      desired: [plain('DBT_TARGET', 'ci')],
      live: [liveVars.target],
      changes: [{ field: 'variables.DBT_TARGET', from: 'prod', to: 'ci' }],
      sent: [{ id: liveVars.target.id, isSecret: false, value: 'ci' }],
    },
    {
      case: 'existing secret: never compared, kept by id',
      desired: [secret('API_KEY'), plain('NEW', 'n')],
      live: [liveVars.key],
      changes: [{ field: 'variables.NEW', from: null, to: 'n' }],
      sent: [
        { id: liveVars.key.id, isSecret: true },
        { name: 'NEW', isSecret: false, value: 'n' },
      ],
    },
    {
      case: 'existing secret with update-secrets: changed, value hidden',
      desired: [secret('API_KEY')],
      live: [liveVars.key],
      isUpdatingSecrets: true,
      changes: [{ field: 'variables.API_KEY', from: SECRET_PLACEHOLDER, to: SECRET_PLACEHOLDER }],
      sent: [{ id: liveVars.key.id, isSecret: true, value: SECRET_VALUE }],
    },
    {
      case: 'missing secret: created',
      desired: [secret('API_KEY')],
      live: [liveVars.target],
      changes: [{ field: 'variables.API_KEY', from: null, to: SECRET_PLACEHOLDER }],
      sent: [
        { name: 'API_KEY', isSecret: true, value: SECRET_VALUE },
        { id: liveVars.target.id, isSecret: false, value: 'prod' },
      ],
    },
    {
      // Neither value is shown: Omni's plain one may be the very secret the file now protects.
      case: 'plain turned secret',
      desired: [secret('DBT_TARGET')],
      live: [liveVars.target],
      changes: [{ field: 'variables.DBT_TARGET', from: HIDDEN_PLAIN_PLACEHOLDER, to: SECRET_PLACEHOLDER }],
      sent: [{ id: liveVars.target.id, isSecret: true, value: SECRET_VALUE }],
    },
    {
      case: 'secret turned plain',
      desired: [plain('API_KEY', 'public')],
      live: [liveVars.key],
      changes: [{ field: 'variables.API_KEY', from: SECRET_PLACEHOLDER, to: HIDDEN_PLAIN_PLACEHOLDER }],
      sent: [{ id: liveVars.key.id, isSecret: false, value: 'public' }],
    },
    {
      case: 'variables Omni has and the file does not are kept, never dropped from the body',
      desired: [plain('DBT_TARGET', 'ci')],
      live: [liveVars.target, liveVars.extra, liveVars.extraSecret],
      changes: [{ field: 'variables.DBT_TARGET', from: 'prod', to: 'ci' }],
      sent: [
        { id: liveVars.target.id, isSecret: false, value: 'ci' },
        { id: liveVars.extra.id, isSecret: false, value: 'x' },
        { id: liveVars.extraSecret.id, isSecret: true },
      ],
    },
  ];

  it.each(rows)('$case', ({ desired, live, isUpdatingSecrets, changes, sent }) => {
    const environment = liveEnv('Production', { variables: live });
    const [entry] = entriesOf(
      plan([desiredEnv('Production', { variables: desired })], [environment], { isUpdatingSecrets }),
    );
    expect(entry?.changes).toEqual(changes);
    if (changes.length === 0) {
      expect(entry?.action).toBe('unchanged');
      return;
    }
    if (entry?.action !== 'update') throw new Error(`expected an update, got ${entry?.action}`);
    expect(entry.environmentId).toBe(environment.id);
    expect(entry.body).toEqual({
      name: 'Production',
      targetSchema: 'analytics',
      targetDatabase: null,
      targetRole: null,
      targetName: null,
      variables: sent,
    });
    expect(isUpdateBody?.(entry.body), JSON.stringify(isUpdateBody?.errors)).toBe(true);
  });

  it('lists unmanaged variables on unchanged and updated environments', () => {
    const live = liveEnv('Production', { variables: [livePlain('A', '1'), livePlain('LEGACY', 'x')] });
    const [unchanged] = entriesOf(plan([desiredEnv('Production', { variables: [plain('A', '1')] })], [live]));
    expect(unchanged).toMatchObject({ action: 'unchanged', unmanagedVariables: ['LEGACY'] });
    const [updated] = entriesOf(plan([desiredEnv('Production', { variables: [plain('A', '2')] })], [live]));
    expect(updated).toMatchObject({ action: 'update', unmanagedVariables: ['LEGACY'] });
  });

  it('never puts a secret value in changes', () => {
    const live = liveEnv('Production', {
      variables: [livePlain('DBT_TARGET', 'prod'), liveSecret('API_KEY')],
    });
    const desired = [
      desiredEnv('Production', { variables: [secret('DBT_TARGET'), secret('API_KEY')] }),
      desiredEnv('New', { variables: [secret('K')] }),
    ];
    for (const isUpdatingSecrets of [false, true]) {
      const entries = entriesOf(plan(desired, [live], { isUpdatingSecrets }));
      expect(JSON.stringify(entries.map((entry) => entry.changes))).not.toContain(SECRET_VALUE);
    }
  });
});

describe('create bodies', () => {
  it('carries the fields, the overrides and every variable, and satisfies the contract', () => {
    const [entry] = entriesOf(
      plan(
        [
          desiredEnv('Production', {
            targetDatabase: 'ANALYTICS',
            targetRole: 'TRANSFORMER',
            variables: [plain('DBT_TARGET', 'production'), secret('API_KEY')],
          }),
        ],
        [],
      ),
    );
    if (entry?.action !== 'create') throw new Error('expected a create');
    expect(entry.body).toEqual({
      name: 'Production',
      targetSchema: 'analytics',
      targetDatabase: 'ANALYTICS',
      targetRole: 'TRANSFORMER',
      targetName: null,
      variables: [
        { name: 'DBT_TARGET', isSecret: false, value: 'production' },
        { name: 'API_KEY', isSecret: true, value: SECRET_VALUE },
      ],
    });
    expect(isCreateBody?.(entry.body)).toBe(true);
    expect(entry.changes).toEqual([
      { field: 'targetSchema', from: null, to: 'analytics' },
      { field: 'targetDatabase', from: null, to: 'ANALYTICS' },
      { field: 'targetRole', from: null, to: 'TRANSFORMER' },
      { field: 'variables.DBT_TARGET', from: null, to: 'production' },
      { field: 'variables.API_KEY', from: null, to: SECRET_PLACEHOLDER },
    ]);
  });
});

describe('unset fromEnv variables (dry-run)', () => {
  const config: EnvironmentConfig = {
    ...desiredEnv('Production'),
    variables: [
      { name: 'API_KEY', isSecret: true, source: 'env', envName: 'DBT_API_KEY', position: POSITION },
      { name: 'PREFIX', isSecret: false, source: 'env', envName: 'SCHEMA_PREFIX', position: POSITION },
      { name: 'TARGET', isSecret: false, source: 'plain', value: 'prod', position: POSITION },
    ],
  };

  it('resolves values from the environment; empty counts as unset', () => {
    const resolved = resolveEnvironment(config, { DBT_API_KEY: SECRET_VALUE, SCHEMA_PREFIX: '' });
    expect(resolved.variables).toEqual([
      { name: 'API_KEY', isSecret: true, value: SECRET_VALUE, envName: 'DBT_API_KEY' },
      { name: 'PREFIX', isSecret: false, value: undefined, envName: 'SCHEMA_PREFIX' },
      { name: 'TARGET', isSecret: false, value: 'prod' },
    ]);
  });

  it('lists what is unset, shows it, and leaves it out of the body', () => {
    const result = plan([resolveEnvironment(config, {})], []);
    if (!result.ok) throw new Error(result.error);
    expect(result.unresolved).toEqual([
      { environment: 'Production', variable: 'API_KEY', envName: 'DBT_API_KEY', need: 'create' },
      { environment: 'Production', variable: 'PREFIX', envName: 'SCHEMA_PREFIX', need: 'create' },
    ]);
    const [entry] = result.entries;
    if (entry?.action !== 'create') throw new Error('expected a create');
    expect(entry.changes).toContainEqual({ field: 'variables.PREFIX', from: null, to: UNSET_PLACEHOLDER });
    expect(entry.body.variables).toEqual([{ name: 'TARGET', isSecret: false, value: 'prod' }]);
  });
});

describe('a fromEnv value is needed only where it is sent or compared', () => {
  const unsetSecret: ResolvedVariable = {
    name: 'API_KEY',
    isSecret: true,
    value: undefined,
    envName: 'API_KEY',
  };
  const unsetPlain: ResolvedVariable = {
    name: 'PREFIX',
    isSecret: false,
    value: undefined,
    envName: 'PREFIX',
  };
  const heldSecret = liveSecret('API_KEY');

  it.each([
    {
      case: 'a secret Omni already holds, not sent again: not needed, unchanged, not checked',
      desired: [unsetSecret],
      live: [heldSecret],
      isUpdatingSecrets: false,
      action: 'unchanged',
      unresolved: [],
      unchecked: [{ variable: 'API_KEY', envName: 'API_KEY' }],
    },
    {
      case: 'a secret to create in an environment Omni has: needed',
      desired: [unsetSecret],
      live: [],
      isUpdatingSecrets: false,
      action: 'update',
      unresolved: [{ environment: 'Production', variable: 'API_KEY', envName: 'API_KEY', need: 'create' }],
      unchecked: [],
    },
    {
      case: 'a secret sent again (update-secrets): needed',
      desired: [unsetSecret],
      live: [heldSecret],
      isUpdatingSecrets: true,
      action: 'update',
      unresolved: [
        { environment: 'Production', variable: 'API_KEY', envName: 'API_KEY', need: 'send-again' },
      ],
      unchecked: [],
    },
    {
      case: 'a value that is not secret (secret: false), compared with Omni’s: needed',
      desired: [unsetPlain],
      live: [livePlain('PREFIX', 'dev_')],
      isUpdatingSecrets: false,
      action: 'update',
      unresolved: [{ environment: 'Production', variable: 'PREFIX', envName: 'PREFIX', need: 'compare' }],
      unchecked: [],
    },
    {
      case: 'a variable turning secret: needed',
      desired: [unsetSecret],
      live: [livePlain('API_KEY', 'x')],
      isUpdatingSecrets: false,
      action: 'update',
      unresolved: [{ environment: 'Production', variable: 'API_KEY', envName: 'API_KEY', need: 'secrecy' }],
      unchecked: [],
    },
  ])('$case', ({ desired, live, isUpdatingSecrets, action, unresolved, unchecked }) => {
    const result = plan(
      [desiredEnv('Production', { variables: desired })],
      [liveEnv('Production', { variables: live })],
      { isUpdatingSecrets },
    );
    if (!result.ok) throw new Error(result.error);
    const [entry] = result.entries;
    expect(entry?.action).toBe(action);
    expect(result.unresolved).toEqual(unresolved);
    expect(entry !== undefined && 'uncheckedVariables' in entry && entry.uncheckedVariables).toEqual(
      unchecked,
    );
  });

  it('needs every value of an environment to create', () => {
    const result = plan([desiredEnv('CI', { variables: [unsetSecret] })], [liveEnv('Production')]);
    if (!result.ok) throw new Error(result.error);
    expect(result.unresolved).toEqual([
      { environment: 'CI', variable: 'API_KEY', envName: 'API_KEY', need: 'create' },
    ]);
  });

  it('keeps a held secret out of the body by id alone when another field changes', () => {
    const result = plan(
      [desiredEnv('Production', { targetSchema: 'v2', variables: [unsetSecret] })],
      [liveEnv('Production', { variables: [heldSecret] })],
    );
    const [entry] = entriesOf(result);
    if (entry?.action !== 'update') throw new Error('expected an update');
    expect(result.ok && result.unresolved).toEqual([]);
    expect(entry.body.variables).toEqual([{ id: heldSecret.id, isSecret: true }]);
    expect(entry.changes).toEqual([{ field: 'targetSchema', from: 'analytics', to: 'v2' }]);
  });
});

describe('verifyEnvironmentWrites', () => {
  const target = livePlain('DBT_TARGET', 'prod');
  const key = liveSecret('API_KEY');
  const legacy = livePlain('LEGACY', 'x');
  const production = liveEnv('Production', { variables: [target, key, legacy] });
  const old = liveEnv('Old');
  const desired = [
    desiredEnv('Production', {
      targetSchema: 'v2',
      variables: [plain('DBT_TARGET', 'ci'), secret('API_KEY')],
    }),
    desiredEnv('New', { variables: [secret('TOKEN')] }),
  ];
  const entries = entriesOf(plan(desired, [production, old], { isPruning: true }));
  const faithful = [
    { ...production, targetSchema: 'v2', variables: [{ ...target, value: 'ci' }, key, legacy] },
    liveEnv('New', { variables: [liveSecret('TOKEN')] }),
  ];

  it('finds nothing when Omni did what was written', () => {
    expect(entries.map((entry) => entry.action)).toEqual(['update', 'create', 'delete']);
    expect(verifyEnvironmentWrites(entries, faithful)).toEqual([]);
  });

  it.each([
    {
      case: 'a dropped variable the body kept by id',
      readBack: [{ ...faithful[0], variables: [{ ...target, value: 'ci' }, key] }, faithful[1]],
      expected: [{ environment: 'Production', message: 'Omni did not keep variable LEGACY' }],
    },
    {
      case: 'a field not written',
      readBack: [{ ...faithful[0], targetSchema: 'analytics' }, faithful[1]],
      expected: [{ environment: 'Production', message: 'targetSchema is "analytics", not "v2"' }],
    },
    {
      case: 'a plain value Omni did not store',
      readBack: [{ ...faithful[0], variables: [target, key, legacy] }, faithful[1]],
      expected: [{ environment: 'Production', message: 'variable DBT_TARGET is "prod", not "ci"' }],
    },
    {
      case: 'a created environment that exists only as a personal one',
      readBack: [faithful[0], { ...faithful[1], ownerId: 'user-7' }],
      expected: [{ environment: 'New', message: 'environment "New" is missing' }],
    },
    {
      case: 'a created environment missing',
      readBack: [faithful[0]],
      expected: [{ environment: 'New', message: 'environment "New" is missing' }],
    },
    {
      case: 'a deleted environment still there',
      readBack: [...faithful, old],
      expected: [{ environment: 'Old', message: 'deleted environment "Old" is still there' }],
    },
    {
      case: 'a secret stored as not secret',
      readBack: [faithful[0], liveEnv('New', { variables: [livePlain('TOKEN', 'leaked?')] })],
      expected: [
        { environment: 'New', message: 'variable TOKEN is not secret in Omni; it was written as secret' },
      ],
    },
  ])('reports $case', ({ readBack, expected }) => {
    expect(verifyEnvironmentWrites(entries, readBack as LiveEnvironment[])).toEqual(expected);
  });

  it('does not check environments it did not write', () => {
    const unchanged = entriesOf(plan([desiredEnv('Old')], [old]));
    expect(verifyEnvironmentWrites(unchanged, [])).toEqual([]);
  });
});
