// dbtPutBodySchema (zod) must accept exactly what the contract's PUT request body accepts: thousands
// of generated bodies, judged by ajv on the OpenAPI document itself, with zero disagreements.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../../../src/core/config/load.js';
import { CONNECTION_ID_PATTERN, dbtPutBodySchema } from '../../../../src/core/config/schema.js';
import { listValidFixtures } from '../../../fixtures/config/corpus.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const contract = parse(readFileSync('contract/dbt.openapi.yaml', 'utf8'));
const putBodySchema =
  contract.paths['/v1/connections/{connectionId}/dbt'].put.requestBody.content['application/json'].schema;
const idSchema = contract.paths['/v1/connections/{connectionId}/dbt'].put.parameters[0].schema;

// OpenAPI 3.1 schemas are JSON Schema 2020-12; `example` is an OpenAPI keyword ajv does not know.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const isContractBody = ajv.compile(putBodySchema);
const isContractId = ajv.compile(idSchema);

const isZodBody = (body: unknown) => dbtPutBodySchema.safeParse(body).success;

const REQUIRED = ['autogenRelationships', 'branch', 'enableVirtualSchemas', 'sshUrl'] as const;
const FIELDS = [...REQUIRED, 'dbtVersion', 'enableSemanticLayer', 'projectRootPath', 'rotateKeys'] as const;

const oddString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '.',
    '..',
    '/',
    'a/..',
    '../a',
    'a..b',
    '/abs',
    'ok/path',
    'a\nb',
    'a\n',
    'tab\t',
    'é',
    'dbt_project',
  ),
  fc.constantFrom('Auto', 'auto', 'AUTO', '1.10', '1.11', '1.1', '1.9', ' 1.10', '1.10 ', 'null', 'true'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.stringMatching(/^[\w ./-]{0,12}$/),
);

const anyValue = fc.oneof(
  oddString,
  fc.constantFrom(null, true, false, 0, 1, 1.1, 1.11, -0, [], {}),
  fc.double(),
  fc.jsonValue({ maxDepth: 2 }),
);

const validBody = fc.record(
  {
    autogenRelationships: fc.boolean(),
    branch: fc.string({ minLength: 1, maxLength: 10 }),
    enableVirtualSchemas: fc.boolean(),
    sshUrl: fc.string({ minLength: 1, maxLength: 10 }),
    dbtVersion: fc.constantFrom('Auto', '1.10', '1.11'),
    enableSemanticLayer: fc.boolean(),
    projectRootPath: fc.oneof(fc.constant(null), fc.constant(''), fc.stringMatching(/^[\w ./-]{1,16}$/)),
    rotateKeys: fc.boolean(),
  },
  { requiredKeys: [...REQUIRED] },
);

type Body = Record<string, unknown>;
const mutation: fc.Arbitrary<(body: Body) => Body> = fc.oneof(
  fc.constantFrom(...REQUIRED).map((key) => (body: Body) => {
    const { [key]: _, ...rest } = body;
    return rest;
  }),
  fc.tuple(fc.constantFrom(...FIELDS), anyValue).map(([key, value]) => (body: Body) => ({
    ...body,
    [key]: value,
  })),
  fc.tuple(fc.string({ maxLength: 8 }), anyValue).map(([key, value]) => (body: Body) => {
    // defineProperty: a key such as `__proto__` must become an own property, as JSON.parse makes it.
    const copy = { ...body };
    Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
    return copy;
  }),
);

const mutatedBody = fc
  .tuple(validBody, fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([body, mutations]) => mutations.reduce((current, mutate) => mutate(current), body as Body));

const anyBody = fc.oneof(
  { arbitrary: validBody, weight: 3 },
  { arbitrary: mutatedBody, weight: 6 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
);

describe('dbtPutBodySchema against the contract', () => {
  it('agrees with ajv on every generated body', () => {
    fc.assert(
      fc.property(anyBody, (body) => {
        expect(isZodBody(body), JSON.stringify(body)).toBe(isContractBody(body));
      }),
      { numRuns: 6000 },
    );
  });

  it('is tested on both accepted and refused bodies', () => {
    const sample = fc.sample(anyBody, { numRuns: 2000, seed: 42 });
    const accepted = sample.filter((body) => isContractBody(body)).length;
    expect(accepted).toBeGreaterThan(400);
    expect(sample.length - accepted).toBeGreaterThan(400);
  });

  it.each([
    ['dbtVersion null (the contract enum has no null)', { dbtVersion: null }, false],
    ['dbtVersion "Auto"', { dbtVersion: 'Auto' }, true],
    ['dbtVersion the number 1.1', { dbtVersion: 1.1 }, false],
    ['dbtVersion "auto"', { dbtVersion: 'auto' }, false],
    ['projectRootPath ""', { projectRootPath: '' }, true],
    ['projectRootPath null', { projectRootPath: null }, true],
    ['projectRootPath with ..', { projectRootPath: 'a/../b' }, false],
    ['projectRootPath with a leading /', { projectRootPath: '/a' }, false],
    ['projectRootPath with a newline', { projectRootPath: 'a\nb' }, false],
    ['projectRootPath with é', { projectRootPath: 'é' }, false],
    ['rotateKeys "true"', { rotateKeys: 'true' }, false],
    ['an extra property', { extra: 1 }, true],
    ['branch ""', { branch: '' }, false],
  ])('judges %s like the contract', (_, change, isAccepted) => {
    const body = {
      autogenRelationships: true,
      branch: 'main',
      enableVirtualSchemas: false,
      sshUrl: 'git@h:o/r.git',
      ...change,
    };
    expect(isContractBody(body)).toBe(isAccepted);
    expect(isZodBody(body)).toBe(isAccepted);
  });
});

describe('the bodies loadConfig builds', () => {
  it.each(listValidFixtures())('from valid/$file satisfy the contract', ({ path }) => {
    const result = loadConfig(readFileSync(path, 'utf8'), path);
    if (!result.ok) throw new Error(`${path} should load`);
    for (const { connectionId, body } of result.config.connections) {
      expect(isContractBody(body), JSON.stringify(isContractBody.errors)).toBe(true);
      expect(isContractId(connectionId)).toBe(true);
    }
  });
});

describe('connection ids against the contract format: uuid', () => {
  const hex = fc.constantFrom(...'0123456789abcdefABCDEFgx-'.split(''));
  const uuidLike = fc.oneof(
    fc.uuid().map((id) => id),
    fc.uuid().map((id) => id.toUpperCase()),
    fc
      .array(fc.integer({ min: 0, max: 15 }), { minLength: 32, maxLength: 32 })
      .map((digits) => digits.map((d) => d.toString(16)).join(''))
      .map((h) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`),
    fc.array(hex, { minLength: 30, maxLength: 40 }).map((chars) => chars.join('')),
    fc.uuid().map((id) => `${id}\n`),
    fc.uuid().map((id) => `{${id}}`),
    fc.string({ maxLength: 40 }),
  );

  it('accepts what ajv-formats accepts, except the urn:uuid: prefix (it would go into a URL path)', () => {
    fc.assert(
      fc.property(uuidLike, (id) => {
        fc.pre(!/^urn:uuid:/i.test(id));
        expect(CONNECTION_ID_PATTERN.test(id), id).toBe(isContractId(id));
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses the urn:uuid: prefix that ajv-formats allows', () => {
    const id = 'urn:uuid:550e8400-e29b-41d4-a716-446655440000';
    expect(isContractId(id)).toBe(true);
    expect(CONNECTION_ID_PATTERN.test(id)).toBe(false);
  });

  it('has no version or variant rule', () => {
    expect(CONNECTION_ID_PATTERN.test('9b2f3c1e-4d5a-4e6b-8c7d-0e1f2a3b4c5d')).toBe(true);
    expect(CONNECTION_ID_PATTERN.test('00000000-0000-0000-0000-000000000000')).toBe(true);
    expect(CONNECTION_ID_PATTERN.test('FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF')).toBe(true);
  });
});
