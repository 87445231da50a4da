// The zod mirrors of contract/dbt-environments.openapi.yaml's request bodies (create, update, branch
// binding) must accept exactly what ajv accepts on the OpenAPI document itself: generated bodies,
// valid and broken, with zero disagreements.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'zod';
import {
  dbtEnvironmentCreateBodySchema,
  dbtEnvironmentUpdateBodySchema,
  modelsBranchDbtBodySchema,
} from '../../../../src/core/config/schema.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const DOCUMENT_ID = 'https://contract.invalid/dbt-environments.json';
const contract = parse(readFileSync('contract/dbt-environments.openapi.yaml', 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...contract, $id: DOCUMENT_ID });
const compileComponent = (name: string) => {
  const validate = ajv.getSchema(`${DOCUMENT_ID}#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name}`);
  return validate;
};

const oddString = fc.oneof(
  fc.constantFrom('', ' ', 'a', 'PR 1', 'dbt_pr_1', 'é', 'a\nb', 'null'),
  fc.string({ maxLength: 8 }),
);
const uuidLike = fc.oneof(
  fc.uuid(),
  fc.uuid().map((id) => id.toUpperCase()),
  fc.uuid().map((id) => `urn:uuid:${id}`),
  fc.uuid().map((id) => `${id}x`),
  fc.constantFrom('', 'not-a-uuid', '00000000-0000-0000-0000-000000000000'),
);
const anyValue = fc.oneof(
  oddString,
  uuidLike,
  fc.constantFrom(null, true, false, 0, 1, [], {}),
  fc.jsonValue({ maxDepth: 2 }),
);

type Body = Record<string, unknown>;

/** Drops a key, sets a key to anything, or adds an unknown key. */
function mutate(keys: readonly string[]): fc.Arbitrary<(body: Body) => Body> {
  return fc.oneof(
    fc.constantFrom(...keys).map((key) => (body: Body) => {
      const { [key]: _, ...rest } = body;
      return rest;
    }),
    fc.tuple(fc.constantFrom(...keys), anyValue).map(([key, value]) => (body: Body) => ({
      ...body,
      [key]: value,
    })),
    fc.tuple(fc.string({ maxLength: 6 }), anyValue).map(([key, value]) => (body: Body) => {
      const copy = { ...body };
      Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
      return copy;
    }),
  );
}

function withMutations(valid: fc.Arbitrary<Body>, keys: readonly string[]): fc.Arbitrary<unknown> {
  const mutated = fc
    .tuple(valid, fc.array(mutate(keys), { minLength: 1, maxLength: 3 }))
    .map(([body, mutations]) => mutations.reduce((current, apply) => apply(current), body));
  return fc.oneof(
    { arbitrary: valid, weight: 3 },
    { arbitrary: mutated, weight: 6 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
  );
}

const nullableString = fc.oneof(fc.constant(null), fc.string({ maxLength: 6 }));
const newVariable = fc.record(
  {
    isSecret: fc.boolean(),
    name: fc.string({ minLength: 1, maxLength: 6 }),
    value: fc.string({ maxLength: 6 }),
  },
  { requiredKeys: ['isSecret', 'name', 'value'] },
);
const updatedVariable = fc.record(
  { id: fc.uuid(), isSecret: fc.boolean(), value: nullableString },
  { requiredKeys: ['id', 'isSecret'] },
);
const VARIABLE_KEYS = ['id', 'isSecret', 'name', 'value'] as const;
const anyVariable = withMutations(
  fc.oneof(newVariable, updatedVariable) as fc.Arbitrary<Body>,
  VARIABLE_KEYS,
);

const ENVIRONMENT_KEYS = [
  'name',
  'targetSchema',
  'ownerId',
  'targetDatabase',
  'targetName',
  'targetRole',
  'variables',
] as const;
const environmentBody = (variable: fc.Arbitrary<unknown>) =>
  fc.record(
    {
      name: fc.string({ minLength: 1, maxLength: 8 }),
      targetSchema: fc.string({ minLength: 1, maxLength: 8 }),
      ownerId: nullableString,
      targetDatabase: nullableString,
      targetName: nullableString,
      targetRole: nullableString,
      variables: fc.array(variable, { maxLength: 3 }),
    },
    { requiredKeys: ['name', 'targetSchema'] },
  ) as fc.Arbitrary<Body>;

const createBodies = withMutations(environmentBody(fc.oneof(newVariable, anyVariable)), ENVIRONMENT_KEYS);
const updateBodies = withMutations(
  environmentBody(fc.oneof(newVariable, updatedVariable, anyVariable)),
  ENVIRONMENT_KEYS,
);
const branchBodies = withMutations(
  fc.record(
    { dbt_environment_id: uuidLike, dbt_git_branch: fc.string({ maxLength: 8 }) },
    { requiredKeys: ['dbt_environment_id'] },
  ) as fc.Arbitrary<Body>,
  ['dbt_environment_id', 'dbt_git_branch'],
);

const CASES: [string, string, z.ZodType, fc.Arbitrary<unknown>][] = [
  ['DbtEnvironmentCreateBody', 'create', dbtEnvironmentCreateBodySchema, createBodies],
  ['DbtEnvironmentUpdateBody', 'update', dbtEnvironmentUpdateBodySchema, updateBodies],
  ['ModelsBranchDbtBody', 'branch binding', modelsBranchDbtBodySchema, branchBodies],
];

describe.each(CASES)('%s (the %s body) against the contract', (component, _, schema, bodies) => {
  const isContractBody = compileComponent(component);

  it('agrees with ajv on every generated body', () => {
    fc.assert(
      fc.property(bodies, (body) => {
        expect(schema.safeParse(body).success, JSON.stringify(body)).toBe(isContractBody(body));
      }),
      { numRuns: 4000 },
    );
  });

  it('is tested on both accepted and refused bodies', () => {
    const sample = fc.sample(bodies, { numRuns: 2000, seed: 42 });
    const accepted = sample.filter((body) => isContractBody(body)).length;
    expect(accepted).toBeGreaterThan(300);
    expect(sample.length - accepted).toBeGreaterThan(300);
  });
});

describe('the update body', () => {
  const isContractBody = compileComponent('DbtEnvironmentUpdateBody');
  const base = { name: 'Production', targetSchema: 'analytics' };
  const id = '247dc6dc-2a58-4688-9521-c5ed3e99c1e8';

  it.each([
    ['a kept secret by id, no value', [{ id, isSecret: true }], true],
    ['an existing variable with a null value', [{ id, isSecret: true, value: null }], true],
    ['a new variable', [{ name: 'A', isSecret: false, value: 'x' }], true],
    [
      'an id beside a name (only the new-variable branch matches)',
      [{ id, name: 'A', isSecret: false, value: 'x' }],
      true,
    ],
    ['an id with an extra key (the update branch is closed)', [{ id, isSecret: true, extra: 1 }], false],
    ['a new variable with an empty name', [{ name: '', isSecret: false, value: 'x' }], false],
    ['a new variable with a null value', [{ name: 'A', isSecret: true, value: null }], false],
  ])('judges %s like the contract', (_, variables, isAccepted) => {
    const body = { ...base, variables };
    expect(isContractBody(body)).toBe(isAccepted);
    expect(dbtEnvironmentUpdateBodySchema.safeParse(body).success).toBe(isAccepted);
  });
});
