// The impact check's pure side: new/existing/resolved under the identity rules (document, kind, query
// id or name, message; case and spacing ignored), the verdict line and exit decision, the dbt models of
// a pull request's files, the refs of an exposure and the dashboards at risk.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContentIssue, ExposureRecord, ModelIssue } from '../../../../src/core/omni/models.js';
import {
  type ChangedFile,
  compareIssues,
  countImpact,
  describeImpactVerdict,
  failsImpact,
  findAtRisk,
  type IssueComparison,
  type IssueSide,
  modelsFromChangedFiles,
  normaliseIssueText,
  parseRefs,
} from '../../../../src/core/plan/impact.js';

function contentIssue(overrides: Partial<ContentIssue> = {}): ContentIssue {
  return {
    documentId: 'doc-1',
    identifier: 'abc123',
    documentName: 'Revenue',
    folderPath: '/Finance',
    kind: 'query',
    queryName: 'Orders by month',
    queryId: null,
    message: "Field 'orders.amount' not found",
    ...overrides,
  };
}

function modelIssue(overrides: Partial<ModelIssue> = {}): ModelIssue {
  return { message: 'Unknown view orders_v2', where: 'orders_v2', isWarning: false, ...overrides };
}

const side = (content: ContentIssue[] = [], model: ModelIssue[] = []): IssueSide => ({ content, model });

/** Each split's length, content then model: the figure a test most often pins. */
function sizes(comparison: IssueComparison) {
  return {
    content: [
      comparison.content.new.length,
      comparison.content.existing.length,
      comparison.content.resolved.length,
    ],
    model: [comparison.model.new.length, comparison.model.existing.length, comparison.model.resolved.length],
  };
}

describe('compareIssues: content issue identity', () => {
  const cases: {
    name: string;
    before: ContentIssue[];
    after: ContentIssue[];
    expected: [number, number, number];
  }[] = [
    {
      name: 'the same issue on both sides is existing',
      before: [contentIssue()],
      after: [contentIssue()],
      expected: [0, 1, 0],
    },
    {
      name: 'case and runs of spaces in the message are ignored',
      before: [contentIssue({ message: "Field 'orders.x'  not found" })],
      after: [contentIssue({ message: " field 'ORDERS.X' not\tfound " })],
      expected: [0, 1, 0],
    },
    {
      name: 'case and runs of spaces in the query name are ignored',
      before: [contentIssue({ queryName: 'Orders  by month' })],
      after: [contentIssue({ queryName: 'orders BY Month' })],
      expected: [0, 1, 0],
    },
    {
      name: 'a query renamed but with the same id is the same issue',
      before: [contentIssue({ queryId: 'q1', queryName: 'Orders by month' })],
      after: [contentIssue({ queryId: 'q1', queryName: 'Monthly orders' })],
      expected: [0, 1, 0],
    },
    {
      name: 'the same name with different ids is two issues',
      before: [contentIssue({ queryId: 'q1' })],
      after: [contentIssue({ queryId: 'q2' })],
      expected: [1, 0, 1],
    },
    {
      name: 'without an id on one side the name decides',
      before: [contentIssue({ queryId: null })],
      after: [contentIssue({ queryId: 'q1' })],
      expected: [0, 1, 0],
    },
    {
      name: 'without an id on one side, another name is another issue',
      before: [contentIssue({ queryId: null, queryName: 'Old name' })],
      after: [contentIssue({ queryId: 'q1', queryName: 'New name' })],
      expected: [1, 0, 1],
    },
    {
      name: 'another document is another issue',
      before: [contentIssue({ documentId: 'doc-1' })],
      after: [contentIssue({ documentId: 'doc-2' })],
      expected: [1, 0, 1],
    },
    {
      name: 'another message is another issue',
      before: [contentIssue({ message: "Field 'orders.a' not found" })],
      after: [contentIssue({ message: "Field 'orders.b' not found" })],
      expected: [1, 0, 1],
    },
    {
      name: 'a dashboard filter and a query of the same name are different issues',
      before: [contentIssue({ kind: 'filter', queryName: 'Region' })],
      after: [contentIssue({ kind: 'query', queryName: 'Region' })],
      expected: [1, 0, 1],
    },
    {
      name: 'a filter issue matches the same filter issue',
      before: [contentIssue({ kind: 'filter', queryName: 'Region', queryId: 'f1' })],
      after: [contentIssue({ kind: 'filter', queryName: 'region', queryId: 'f1' })],
      expected: [0, 1, 0],
    },
    {
      name: 'a document-level issue matches itself',
      before: [contentIssue({ kind: 'document', queryName: null, queryId: null })],
      after: [contentIssue({ kind: 'document', queryName: null, queryId: null })],
      expected: [0, 1, 0],
    },
    {
      name: 'a document-level issue is not a query issue of the same document',
      before: [contentIssue({ kind: 'document', queryName: null })],
      after: [contentIssue({ kind: 'query' })],
      expected: [1, 0, 1],
    },
    {
      name: 'a renamed document (same id) keeps its issues',
      before: [contentIssue({ documentName: 'Revenue' })],
      after: [contentIssue({ documentName: 'Revenue (old)' })],
      expected: [0, 1, 0],
    },
    { name: 'both sides empty', before: [], after: [], expected: [0, 0, 0] },
    { name: 'only after: new', before: [], after: [contentIssue()], expected: [1, 0, 0] },
    { name: 'only before: resolved', before: [contentIssue()], after: [], expected: [0, 0, 1] },
    {
      name: 'duplicates within one side count once',
      before: [contentIssue(), contentIssue({ message: "FIELD 'orders.amount'   not found" })],
      after: [contentIssue(), contentIssue(), contentIssue()],
      expected: [0, 1, 0],
    },
    {
      name: 'one side with an id and without for the same query counts once',
      before: [contentIssue({ queryId: 'q1' }), contentIssue({ queryId: null })],
      after: [contentIssue({ queryId: 'q1' })],
      expected: [0, 1, 0],
    },
    {
      name: 'two ids under one name before, one without an id after: one existing, one resolved',
      before: [contentIssue({ queryId: 'q1' }), contentIssue({ queryId: 'q2' })],
      after: [contentIssue({ queryId: null })],
      expected: [0, 1, 1],
    },
  ];
  it.each(cases)('$name', ({ before, after, expected }) => {
    expect(sizes(compareIssues(side(before), side(after))).content).toEqual(expected);
  });

  it('keeps the after side for new and existing, the before side for resolved', () => {
    const comparison = compareIssues(
      side([
        contentIssue({ queryId: 'q1', queryName: 'Old title' }),
        contentIssue({ documentId: 'doc-9', documentName: 'Gone' }),
      ]),
      side([contentIssue({ queryId: 'q1', queryName: 'New title' }), contentIssue({ documentId: 'doc-5' })]),
    );
    expect(comparison.content.existing.map((issue) => issue.queryName)).toEqual(['New title']);
    expect(comparison.content.new.map((issue) => issue.documentId)).toEqual(['doc-5']);
    expect(comparison.content.resolved.map((issue) => issue.documentName)).toEqual(['Gone']);
  });

  it('sorts by document name, document id, kind, query name and message, whatever the input order', () => {
    const issues = [
      contentIssue({ documentId: 'd2', documentName: 'beta', queryName: 'b' }),
      contentIssue({ documentId: 'd1', documentName: 'Alpha', queryName: 'z' }),
      contentIssue({ documentId: 'd1', documentName: 'Alpha', kind: 'document', queryName: null }),
      contentIssue({ documentId: 'd1', documentName: 'Alpha', kind: 'filter', queryName: 'Region' }),
      contentIssue({ documentId: 'd1', documentName: 'Alpha', queryName: 'a', message: 'second' }),
      contentIssue({ documentId: 'd1', documentName: 'Alpha', queryName: 'a', message: 'First' }),
    ];
    const order = (list: ContentIssue[]) =>
      compareIssues(side(), side(list)).content.new.map(
        (issue) => `${issue.documentName}/${issue.kind}/${issue.queryName}/${issue.message}`,
      );
    expect(order(issues)).toEqual([
      'Alpha/document/null/' + "Field 'orders.amount' not found",
      'Alpha/filter/Region/' + "Field 'orders.amount' not found",
      'Alpha/query/a/First',
      'Alpha/query/a/second',
      'Alpha/query/z/' + "Field 'orders.amount' not found",
      'beta/query/b/' + "Field 'orders.amount' not found",
    ]);
    expect(order([...issues].reverse())).toEqual(order(issues));
  });

  it('keeps thousands of duplicates to one issue each', () => {
    const many = Array.from({ length: 3000 }, (_, index) =>
      contentIssue({
        documentId: `doc-${index % 30}`,
        message: index % 2 ? 'Broken  field' : 'broken FIELD',
      }),
    );
    const comparison = compareIssues(side(), side(many));
    expect(comparison.content.new).toHaveLength(30);
    expect(countImpact(comparison).brokenDashboards).toBe(30);
  });
});

describe('compareIssues: model issues', () => {
  const cases: {
    name: string;
    before: ModelIssue[];
    after: ModelIssue[];
    expected: [number, number, number];
  }[] = [
    {
      name: 'the same message and place',
      before: [modelIssue()],
      after: [modelIssue()],
      expected: [0, 1, 0],
    },
    {
      name: 'case and spacing ignored in message and place',
      before: [modelIssue({ message: 'Unknown  view orders_v2', where: 'Orders_V2' })],
      after: [modelIssue({ message: 'unknown view ORDERS_V2', where: 'orders_v2 ' })],
      expected: [0, 1, 0],
    },
    {
      name: 'the same message elsewhere is another issue',
      before: [modelIssue({ where: 'orders.amount' })],
      after: [modelIssue({ where: 'orders.total' })],
      expected: [1, 0, 1],
    },
    {
      name: 'a warning that became an error is the same issue',
      before: [modelIssue({ isWarning: true })],
      after: [modelIssue({ isWarning: false })],
      expected: [0, 1, 0],
    },
    {
      name: 'no place on either side',
      before: [modelIssue({ where: null })],
      after: [modelIssue({ where: null })],
      expected: [0, 1, 0],
    },
    {
      name: 'duplicates within one side count once',
      before: [],
      after: [modelIssue(), modelIssue(), modelIssue({ message: 'UNKNOWN VIEW orders_v2' })],
      expected: [1, 0, 0],
    },
  ];
  it.each(cases)('$name', ({ before, after, expected }) => {
    expect(sizes(compareIssues(side([], before), side([], after))).model).toEqual(expected);
  });

  it('sorts by place (none first), then message', () => {
    const comparison = compareIssues(
      side(),
      side(
        [],
        [
          modelIssue({ where: 'b', message: 'x' }),
          modelIssue({ where: null, message: 'y' }),
          modelIssue({ where: 'a', message: 'z' }),
        ],
      ),
    );
    expect(comparison.model.new.map((issue) => issue.where)).toEqual([null, 'a', 'b']);
  });
});

describe('compareIssues: properties', () => {
  const issueArbitrary = fc.record({
    documentId: fc.constantFrom('d1', 'd2', 'd3'),
    identifier: fc.constantFrom('abc'),
    documentName: fc.constantFrom('Revenue', 'revenue', 'Churn'),
    folderPath: fc.constant(null),
    kind: fc.constantFrom<ContentIssue['kind']>('query', 'filter', 'document'),
    queryName: fc.constantFrom('Orders', 'orders ', 'Totals', null),
    queryId: fc.constantFrom('q1', 'q2', null),
    message: fc.constantFrom('Broken', 'broken', 'Missing  field', 'missing field', 'Other'),
  });
  const modelArbitrary = fc.record({
    message: fc.constantFrom('Unknown view', 'unknown  VIEW', 'Bad join'),
    where: fc.constantFrom('orders', 'ORDERS', null, 'customers'),
    isWarning: fc.boolean(),
  });
  const sideArbitrary = fc.record({
    content: fc.array(issueArbitrary, { maxLength: 12 }),
    model: fc.array(modelArbitrary, { maxLength: 6 }),
  });

  it('a side compared with itself has nothing new and nothing resolved', () => {
    fc.assert(
      fc.property(sideArbitrary, (issues) => {
        const comparison = compareIssues(issues, issues);
        expect(comparison.content.new).toEqual([]);
        expect(comparison.content.resolved).toEqual([]);
        expect(comparison.model.new).toEqual([]);
        expect(comparison.model.resolved).toEqual([]);
      }),
    );
  });

  it('swapping the sides swaps new and resolved and keeps the count of existing', () => {
    fc.assert(
      fc.property(sideArbitrary, sideArbitrary, (before, after) => {
        const forward = compareIssues(before, after);
        const backward = compareIssues(after, before);
        expect(backward.content.resolved).toEqual(forward.content.new);
        expect(backward.content.new).toEqual(forward.content.resolved);
        expect(backward.content.existing).toHaveLength(forward.content.existing.length);
        expect(backward.model.resolved).toEqual(forward.model.new);
        expect(backward.model.new).toEqual(forward.model.resolved);
        expect(backward.model.existing).toHaveLength(forward.model.existing.length);
      }),
    );
  });

  it('the answer does not depend on the order of either side', () => {
    fc.assert(
      fc.property(sideArbitrary, sideArbitrary, fc.nat(), (before, after, seed) => {
        const shuffle = <T>(items: readonly T[]) =>
          items
            .map((item, index) => ({ item, rank: (index * 7919 + seed) % 104729 }))
            .sort((a, b) => a.rank - b.rank)
            .map(({ item }) => item);
        const shuffled = compareIssues(
          { content: shuffle(before.content), model: shuffle(before.model) },
          { content: shuffle(after.content), model: shuffle(after.model) },
        );
        expect(shuffled).toEqual(compareIssues(before, after));
      }),
    );
  });
});

describe('normaliseIssueText', () => {
  it.each([
    ["Field 'orders.x'  not found", "field 'orders.x' not found"],
    ["  field 'ORDERS.X' not\n\tfound ", "field 'orders.x' not found"],
    [null, ''],
  ])('%j → %j', (text, expected) => {
    expect(normaliseIssueText(text)).toBe(expected);
  });
});

describe('countImpact and describeImpactVerdict', () => {
  // doc-a: two new query issues; doc-b: one new; doc-c: existing only; doc-d: existing and a resolved
  // one (still broken); doc-e: all its issues resolved (fixed); doc-f: resolved one but a new one
  // appeared (not fixed: broken again).
  const before = side(
    [
      contentIssue({ documentId: 'doc-c', message: 'c' }),
      contentIssue({ documentId: 'doc-d', message: 'd1' }),
      contentIssue({ documentId: 'doc-d', message: 'd2' }),
      contentIssue({ documentId: 'doc-e', message: 'e1' }),
      contentIssue({ documentId: 'doc-e', message: 'e2' }),
      contentIssue({ documentId: 'doc-f', message: 'f-old' }),
    ],
    [modelIssue({ message: 'old model issue' })],
  );
  const after = side(
    [
      contentIssue({ documentId: 'doc-a', message: 'a1' }),
      contentIssue({ documentId: 'doc-a', message: 'a2', kind: 'filter', queryName: 'Region' }),
      contentIssue({ documentId: 'doc-b', message: 'b' }),
      contentIssue({ documentId: 'doc-c', message: 'c' }),
      contentIssue({ documentId: 'doc-d', message: 'd1' }),
      contentIssue({ documentId: 'doc-f', message: 'f-new' }),
    ],
    [modelIssue({ message: 'new one' }), modelIssue({ message: 'new two' })],
  );
  const comparison = compareIssues(before, after);

  it('counts dashboards and queries broken, already broken and fixed as defined', () => {
    expect(countImpact(comparison)).toEqual({
      brokenDashboards: 3,
      brokenQueries: 4,
      newModelIssues: 2,
      alreadyBrokenDashboards: 2,
      fixedDashboards: 1,
    });
  });

  it('words the verdict with the base branch', () => {
    expect(describeImpactVerdict(comparison, 'main')).toBe(
      'breaks 3 dashboards (4 queries); 2 new model issues; 2 already broken on main; 1 fixed',
    );
  });

  it('says "before" without a base branch (a refresh)', () => {
    expect(describeImpactVerdict(comparison)).toBe(
      'breaks 3 dashboards (4 queries); 2 new model issues; 2 already broken before; 1 fixed',
    );
  });

  it.each<[string, IssueSide, IssueSide, string]>([
    ['nothing anywhere', side(), side(), 'breaks no dashboards'],
    ['one new query', side(), side([contentIssue()]), 'breaks 1 dashboard (1 query)'],
    ['one model issue only', side(), side([], [modelIssue()]), 'breaks no dashboards; 1 new model issue'],
    [
      'only already broken',
      side([contentIssue()]),
      side([contentIssue()]),
      'breaks no dashboards; 1 already broken on develop',
    ],
    ['only fixed', side([contentIssue()]), side(), 'breaks no dashboards; 1 fixed'],
  ])('%s', (_name, beforeSide, afterSide, expected) => {
    expect(describeImpactVerdict(compareIssues(beforeSide, afterSide), 'develop')).toBe(expected);
  });
});

describe('failsImpact', () => {
  const none = compareIssues(side(), side());
  const newContent = compareIssues(side(), side([contentIssue()]));
  const newModel = compareIssues(side(), side([], [modelIssue()]));
  const newWarning = compareIssues(side(), side([], [modelIssue({ isWarning: true })]));
  const existingOnly = compareIssues(side([contentIssue()]), side([contentIssue()]));
  const existingModelOnly = compareIssues(side([], [modelIssue()]), side([], [modelIssue()]));
  const resolvedOnly = compareIssues(side([contentIssue()], [modelIssue()]), side());
  it.each<[string, IssueComparison, boolean, boolean, boolean]>([
    // name, comparison, new, any, none
    ['no issues', none, false, false, false],
    ['a new content issue', newContent, true, true, false],
    ['a new model issue', newModel, true, true, false],
    ['a new model warning', newWarning, true, true, false],
    ['existing content issues only', existingOnly, false, true, false],
    ['existing model issues only', existingModelOnly, false, true, false],
    ['resolved issues only', resolvedOnly, false, false, false],
  ])('%s', (_name, comparison, onNew, onAny, onNone) => {
    expect(failsImpact(comparison, 'new')).toBe(onNew);
    expect(failsImpact(comparison, 'any')).toBe(onAny);
    expect(failsImpact(comparison, 'none')).toBe(onNone);
  });
});

describe('modelsFromChangedFiles', () => {
  const file = (
    filename: string,
    status: ChangedFile['status'] = 'modified',
    previous?: string,
  ): ChangedFile => ({
    filename,
    status,
    ...(previous ? { previous_filename: previous } : {}),
  });
  it.each<[string, ChangedFile[], string | null, string[]]>([
    ['a model at the root', [file('models/orders.sql')], null, ['orders']],
    ['root as the empty string', [file('models/orders.sql')], '', ['orders']],
    ['nested folders', [file('models/staging/stripe/stg_payments.sql')], null, ['stg_payments']],
    ['a Python model', [file('models/ml/scores.py')], null, ['scores']],
    ['under a project root', [file('transform/models/marts/orders.sql')], 'transform', ['orders']],
    [
      'project root with ./ and a trailing /',
      [file('transform/models/orders.sql')],
      './transform/',
      ['orders'],
    ],
    ['a nested project root', [file('dbt/analytics/models/orders.sql')], 'dbt/analytics', ['orders']],
    ["models/ of the root is not the project root's", [file('models/orders.sql')], 'transform', []],
    ["the project root's models are not the root's", [file('transform/models/orders.sql')], null, []],
    ['a YAML file is no model', [file('models/schema.yml')], null, []],
    ['a macro is no model', [file('macros/cents.sql')], null, []],
    ['a seed is no model', [file('seeds/countries.csv')], null, []],
    ['a folder named like models elsewhere', [file('docs/models/orders.sql')], null, []],
    ["upper-case extension is not dbt's", [file('models/orders.SQL')], null, []],
    [
      'an added and a removed model',
      [file('models/a.sql', 'added'), file('models/b.sql', 'removed')],
      null,
      ['a', 'b'],
    ],
    [
      'a rename counts under both names',
      [file('models/new_orders.sql', 'renamed', 'models/orders.sql')],
      null,
      ['new_orders', 'orders'],
    ],
    [
      'a rename out of models/ counts the old name',
      [file('archive/orders.sql', 'renamed', 'models/orders.sql')],
      null,
      ['orders'],
    ],
    [
      'a rename into models/ counts the new name',
      [file('models/orders.sql', 'renamed', 'scratch/orders.sql')],
      null,
      ['orders'],
    ],
    [
      'a copy counts its new name only',
      [file('models/orders_copy.sql', 'copied', 'models/orders.sql')],
      null,
      ['orders_copy'],
    ],
    ['an unchanged file does not count', [file('models/orders.sql', 'unchanged')], null, []],
    ['changed status counts', [file('models/orders.sql', 'changed')], null, ['orders']],
    [
      'sorted and unique',
      [file('models/b.sql'), file('models/x/a.sql'), file('models/y/a.sql'), file('models/a.py')],
      null,
      ['a', 'b'],
    ],
    ['no files', [], null, []],
  ])('%s', (_name, files, root, expected) => {
    expect(modelsFromChangedFiles(files, root)).toEqual(expected);
  });
});

describe('parseRefs', () => {
  it.each<[string, string[], string[]]>([
    ['single quotes', ["ref('orders')"], ['orders']],
    ['double quotes', ['ref("orders")'], ['orders']],
    ['spaces anywhere', ["  ref ( 'orders' )  "], ['orders']],
    ['a package: the model is the last argument', ["ref('jaffle', 'orders')"], ['orders']],
    ['a package with mixed quotes', ['ref("jaffle" ,\'orders\')'], ['orders']],
    [
      'a version argument is ignored',
      ["ref('orders', v=2)", "ref('customers', version='3')"],
      ['orders', 'customers'],
    ],
    ['source() is no model', ["source('stripe', 'payments')"], []],
    ['metric() is no model', ["metric('revenue')"], []],
    ['garbage is ignored', ['orders', "ref('unclosed)", 'ref()', ''], []],
    ['repeats once, in first order', ["ref('b')", "ref('a')", 'ref("b")'], ['b', 'a']],
  ])('%s', (_name, dependsOn, expected) => {
    expect(parseRefs(dependsOn)).toEqual(expected);
  });
});

describe('findAtRisk', () => {
  function record(
    identifier: string,
    dependsOn: string[],
    overrides: { label?: string | null; name?: string; url?: string | null } = {},
  ): ExposureRecord {
    return {
      dashboardIdentifier: identifier,
      deduplicationName: `dash_${identifier}`,
      exposure: {
        name: overrides.name ?? `dash_${identifier}`,
        label: overrides.label === undefined ? `Dashboard ${identifier}` : overrides.label,
        type: 'dashboard',
        owner: { name: 'Ann', email: 'ann@example.com' },
        dependsOn,
        url: overrides.url === undefined ? `https://acme.omniapp.co/dashboards/${identifier}` : overrides.url,
        description: null,
      },
    };
  }

  it('lists, per changed model, the dashboards that depend on it, sorted', () => {
    const records = [
      record('z9', ["ref('orders')"], { label: 'Revenue' }),
      record('a1', ["ref('orders')", "ref('customers')"], { label: 'Churn' }),
      record('b2', ["ref('customers')"], { label: null, name: 'customer_health' }),
      record('c3', ["ref('payments')"]),
      { dashboardIdentifier: 'n0', deduplicationName: 'none', exposure: null },
    ];
    expect(findAtRisk(records, ['orders', 'customers', 'unused'])).toEqual([
      {
        model: 'customers',
        dashboards: [
          { name: 'Churn', url: 'https://acme.omniapp.co/dashboards/a1', identifier: 'a1' },
          { name: 'customer_health', url: 'https://acme.omniapp.co/dashboards/b2', identifier: 'b2' },
        ],
      },
      {
        model: 'orders',
        dashboards: [
          { name: 'Churn', url: 'https://acme.omniapp.co/dashboards/a1', identifier: 'a1' },
          { name: 'Revenue', url: 'https://acme.omniapp.co/dashboards/z9', identifier: 'z9' },
        ],
      },
    ]);
  });

  it('keeps a null url, reads package refs and ignores sources', () => {
    const records = [
      record('a1', ["ref('jaffle', 'orders')"], { url: null }),
      record('b2', ["source('orders', 'raw')"]),
    ];
    expect(findAtRisk(records, ['orders'])).toEqual([
      { model: 'orders', dashboards: [{ name: 'Dashboard a1', url: null, identifier: 'a1' }] },
    ]);
  });

  it('lists a dashboard once per model, and nothing when no model changed', () => {
    const records = [record('a1', ["ref('orders')", 'ref("orders")']), record('a1', ["ref('orders')"])];
    expect(findAtRisk(records, ['orders'])[0]?.dashboards).toHaveLength(1);
    expect(findAtRisk(records, [])).toEqual([]);
  });
});
