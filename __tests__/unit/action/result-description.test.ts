// The `result` output's description in action.yml (and so README's Outputs table) against what
// buildResultOutput writes: every key it writes is described, every described key is written, and a key
// without `?` is written for every connection.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../../scripts/runner.js';
import { buildResultOutput } from '../../../src/core/report/outcome.js';
import type { ExposuresReport } from '../../../src/core/run/exposures.js';
import type { ConnectionResult, RunReport } from '../../../src/core/run/types.js';

/** A described value: keys of an object (optional ones marked `?`), a list of one shape, or a scalar. */
type Shape =
  | { kind: 'object'; keys: Map<string, { isOptional: boolean; value: Shape | undefined }> }
  | { kind: 'list'; item: Shape }
  | { kind: 'scalar' };

class DescriptionSyntaxError extends Error {
  constructor(text: string, at: number, expected: string) {
    super(`result's description at ${at}: expected ${expected}, got "${text.slice(at, at + 20)}"`);
    this.name = 'DescriptionSyntaxError';
  }
}

/**
 * Reads the description's notation: `{ "key", "key"?: value, "key": [ value ] }`, where a key without a
 * value is any scalar (or anything the description does not detail), and `true` or a `"word"` as a value
 * (in `[ "name" ]`, a list of names) is a scalar.
 */
function parseDescribedShape(text: string): Shape {
  let at = 0;
  const skipSpace = () => {
    while (/\s/.test(text[at] ?? '')) at += 1;
  };
  const expect = (token: string) => {
    skipSpace();
    if (!text.startsWith(token, at)) throw new DescriptionSyntaxError(text, at, `"${token}"`);
    at += token.length;
  };
  const readValue = (): Shape => {
    skipSpace();
    if (text[at] === '{') return readObject();
    if (text[at] === '[') {
      expect('[');
      const item = readValue();
      expect(']');
      return { kind: 'list', item };
    }
    const literal = /^(true|false|null|\d+|"[^"]*")/.exec(text.slice(at));
    if (literal === null) throw new DescriptionSyntaxError(text, at, 'a value');
    at += literal[0].length;
    return { kind: 'scalar' };
  };
  const readObject = (): Shape => {
    expect('{');
    const keys = new Map<string, { isOptional: boolean; value: Shape | undefined }>();
    for (;;) {
      skipSpace();
      const key = /^"([^"]+)"(\?)?/.exec(text.slice(at));
      if (key === null) throw new DescriptionSyntaxError(text, at, 'a "key"');
      at += key[0].length;
      skipSpace();
      let value: Shape | undefined;
      if (text[at] === ':') {
        at += 1;
        value = readValue();
      }
      keys.set(key[1] ?? '', { isOptional: key[2] === '?', value });
      skipSpace();
      if (text[at] === ',') {
        at += 1;
        continue;
      }
      expect('}');
      return { kind: 'object', keys };
    }
  };
  const shape = readValue();
  skipSpace();
  if (at !== text.length) throw new DescriptionSyntaxError(text, at, 'the end');
  return shape;
}

/** Every difference between a written JSON value and its described shape, as `path: what`. */
function compareWithShape(value: unknown, shape: Shape | undefined, where: string): string[] {
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  if (shape === undefined) {
    // A key described without its value may hold only a scalar: nested keys must be described.
    return isObject || Array.isArray(value)
      ? [`${where}: written as ${JSON.stringify(value)}, described as a scalar`]
      : [];
  }
  if (shape.kind === 'scalar') return isObject || Array.isArray(value) ? [`${where}: not a scalar`] : [];
  if (shape.kind === 'list') {
    if (!Array.isArray(value)) return [`${where}: not a list`];
    return value.flatMap((item, index) => compareWithShape(item, shape.item, `${where}[${index}]`));
  }
  if (!isObject) return [`${where}: not an object`];
  const record = value as Record<string, unknown>;
  const problems = Object.keys(record)
    .filter((key) => !shape.keys.has(key))
    .map((key) => `${where}.${key}: written, not described`);
  for (const [key, { isOptional, value: keyShape }] of shape.keys) {
    if (!(key in record)) {
      if (!isOptional) problems.push(`${where}.${key}: described without "?", not written`);
      continue;
    }
    problems.push(...compareWithShape(record[key], keyShape, `${where}.${key}`));
  }
  return problems;
}

/** Every key path the described shape names, `connections[].environments[].binding.status` and so on. */
function listDescribedPaths(shape: Shape | undefined, where: string): string[] {
  if (shape === undefined || shape.kind === 'scalar') return [];
  if (shape.kind === 'list') return listDescribedPaths(shape.item, `${where}[]`);
  return [...shape.keys].flatMap(([key, { value }]) => [
    `${where}.${key}`,
    ...listDescribedPaths(value, `${where}.${key}`),
  ]);
}

/** Every key path a written JSON value has. */
function listWrittenPaths(value: unknown, where: string): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => listWrittenPaths(item, `${where}[]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => [
    `${where}.${key}`,
    ...listWrittenPaths(item, `${where}.${key}`),
  ]);
}

const actionYml = parse(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as {
  outputs: { result: { description: string } };
};
const description = actionYml.outputs.result.description;

// One connection with every part a result can have, one with none of the optional ones.
const fullConnection: ConnectionResult = {
  connectionId: '550e8400-e29b-41d4-a716-446655440000',
  name: 'Snowflake production',
  action: 'update',
  status: 'failed',
  httpStatus: 404,
  error: 'No such model branch',
  hint: 'Create the branch in Omni',
  changes: [{ field: 'branch', from: 'main', to: 'staging' }],
  rotateKeys: false,
  environments: [
    {
      name: 'PR 7',
      action: 'create',
      status: 'failed',
      error: 'the binding failed',
      changes: [{ field: 'targetSchema', from: undefined, to: 'dbt_pr_7' }],
      note: 'a note',
      binding: { modelId: '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f', branchName: 'feature', status: 'failed' },
    },
  ],
  schedules: [
    {
      name: '0 6 * * ? * (Europe/Berlin)',
      schedule: '0 6 * * ? *',
      timezone: 'Europe/Berlin',
      isDisabled: false,
      action: 'create',
      status: 'failed',
      error: 'Omni refused the cron',
      changes: [{ field: 'schedule', from: null, to: '0 6 * * ? *' }],
    },
  ],
  warnings: ['a warning'],
  isPreview: true,
  impact: {
    modelId: '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f',
    branchName: 'feature',
    failOn: 'new',
    verdict: 'breaks 1 dashboard (1 query)',
    isFailing: true,
    isRefreshed: true,
    comparison: {
      content: {
        new: [
          {
            documentId: 'doc-1',
            identifier: 'rev',
            documentName: 'Revenue',
            folderPath: null,
            kind: 'query',
            queryName: 'By month',
            queryId: null,
            message: "Field 'orders.amount' not found",
          },
        ],
        existing: [],
        resolved: [],
      },
      model: {
        new: [{ message: 'Unknown field', where: 'orders.amount', isWarning: false }],
        existing: [],
        resolved: [],
      },
    },
    folders: [],
    labels: [],
    atRisk: [
      {
        model: 'orders',
        dashboards: [{ name: 'Revenue', url: 'https://acme.omniapp.co/dashboards/rev', identifier: 'rev' }],
      },
    ],
    modelFiles: [{ model: 'orders', files: ['models/orders.sql'] }],
    instanceUrl: 'https://acme.omniapp.co',
  },
};
// A mode: exposures run's part, with a failed model and one change of each kind.
const exposures: ExposuresReport = {
  path: 'models/omni_exposures.yml',
  status: 'failed',
  isChanged: true,
  dashboards: 3,
  written: 2,
  withoutDbtModels: 1,
  added: [{ name: 'revenue', label: 'Revenue' }],
  removed: [{ name: 'old_dashboard' }],
  updated: [{ name: 'payments_mix', label: 'Payments mix' }],
  isPreviousReadable: true,
  hadFile: true,
  models: [
    {
      modelId: '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f',
      status: 'read',
      dashboards: 3,
      written: 2,
      withoutDbtModels: 1,
    },
    {
      modelId: '3c5a1d9f-7b2e-4d4c-8f80-2b3c4d5e6f70',
      status: 'failed',
      dashboards: 0,
      written: 0,
      withoutDbtModels: 0,
      httpStatus: 404,
      error: 'No such model',
      hint: 'Check the id',
    },
  ],
};
const bareConnection: ConnectionResult = {
  connectionId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  status: 'skipped',
  changes: [],
  rotateKeys: false,
};
const report: RunReport = {
  mode: 'preview',
  isValidationOnly: false,
  configPath: 'omni-dbt.yml',
  issues: [],
  connections: [fullConnection, bareConnection],
  isCancelled: false,
  failOnChanges: false,
  exposures,
};

describe("action.yml's description of the result output", () => {
  const shape = parseDescribedShape(description.replace(/^JSON:\s*/, ''));
  const written = JSON.parse(buildResultOutput(report)) as unknown;

  it('describes every key buildResultOutput writes, and marks with "?" the ones it may leave out', () => {
    expect(compareWithShape(written, shape, 'result')).toEqual([]);
  });

  it('names no key that buildResultOutput never writes', () => {
    const writtenPaths = new Set(listWrittenPaths(written, 'result'));
    expect(listDescribedPaths(shape, 'result').filter((key) => !writtenPaths.has(key))).toEqual([]);
  });

  it('is what README.md shows (npm run readme copies it)', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    // The name's cell is padded to the widest output name (Biome's table layout).
    const row = readme.split('\n').find((line) => /^\| `result` +\| /.test(line));
    expect(row?.replace(/^\| `result` +\| /, '')).toBe(`${description.replace(/\|/g, '\\|')} |`);
  });
});

describe('parseDescribedShape', () => {
  it('reads optional keys, lists and scalars, and refuses what it cannot read', () => {
    const parsed = parseDescribedShape('{ "a", "b"?: [ { "c" } ], "d"?: true }');
    expect(listDescribedPaths(parsed, 'x')).toEqual(['x.a', 'x.b', 'x.b[].c', 'x.d']);
    expect(compareWithShape({ a: 1, d: true }, parsed, 'x')).toEqual([]);
    expect(compareWithShape({ b: [{ c: 1, e: 2 }] }, parsed, 'x')).toEqual([
      'x.a: described without "?", not written',
      'x.b[0].e: written, not described',
    ]);
    expect(compareWithShape({ a: { nested: 1 } }, parsed, 'x')).toEqual([
      'x.a: written as {"nested":1}, described as a scalar',
    ]);
    expect(() => parseDescribedShape('{ "a" ')).toThrow(DescriptionSyntaxError);
  });
});
