// buildExposuresFile and toDbtName: the dbt property file from Omni's exposures. Every file built here
// is parsed back (as YAML 1.2 and as YAML 1.1, the way PyYAML in dbt Core reads it) and validated
// against dbt Core's and dbt Fusion's JSON Schemas (__tests__/fixtures/dbt-jsonschema/README.md).
import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { DbtExposure, ExposureRecord } from '../../../../src/core/omni/models.js';
import {
  buildExposuresFile,
  EXPOSURES_FILE_HEADER,
  type ExposuresFile,
  isValidDbtName,
  type ModelExposureRecord,
  quoteForJinja,
  toDbtName,
} from '../../../../src/core/plan/exposures.js';

const Ajv = AjvModule as unknown as typeof AjvModule.default;
const SCHEMAS = '__tests__/fixtures/dbt-jsonschema';

/** dbt's schemas, draft-07 (ajv's default). */
function compileSchema(file: string) {
  // strict: false, since these are dbt's schemas, not ours to lint (dbt Core's lists `required`
  // keys inside `anyOf` without their properties). Their number formats are Rust widths from
  // schemars, not string formats: registered so that ajv knows them, and checked by nothing here.
  const ajv = new Ajv({ allErrors: true, strict: false });
  for (const format of ['double', 'float', 'int32', 'int64', 'uint64']) ajv.addFormat(format, true);
  return ajv.compile(JSON.parse(readFileSync(`${SCHEMAS}/${file}`, 'utf8')));
}
const isDbtCoreFile = compileSchema('dbt_yml_files-latest.json');
const isDbtFusionFile = compileSchema('dbt_yml_files-latest-fusion.json');

interface ParsedExposure {
  name: string;
  label?: string;
  type: string;
  owner: { name?: string; email?: string };
  depends_on: string[];
  url?: string;
  maturity?: string;
  description?: string;
  config: { meta: { omni_dashboard_identifier: string; omni_model_id: string } };
}

/** Parses the file both ways, checks both schemas accept it, and gives its exposures. */
function readBack(file: ExposuresFile): ParsedExposure[] {
  const document = parse(file.text, { version: '1.2' });
  expect(parse(file.text, { version: '1.1' })).toEqual(document);
  const isCore = isDbtCoreFile(document);
  expect(isDbtCoreFile.errors ?? [], 'dbt Core schema').toEqual([]);
  expect(isCore).toBe(true);
  const isFusion = isDbtFusionFile(document);
  expect(isDbtFusionFile.errors ?? [], 'dbt Fusion schema').toEqual([]);
  expect(isFusion).toBe(true);
  expect(Object.keys(document)).toEqual(['version', 'exposures']);
  expect(document.version).toBe(2);
  return document.exposures ?? [];
}

const MODEL = '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f';
const OTHER_MODEL = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

function exposure(overrides: Partial<DbtExposure> = {}): DbtExposure {
  return {
    name: 'revenue',
    label: 'Revenue',
    type: 'dashboard',
    owner: { name: 'Ann Lee', email: 'ann@example.com' },
    dependsOn: ["ref('orders')"],
    url: 'https://acme.omniapp.co/dashboards/abc123',
    description: null,
    ...overrides,
  };
}

function entry(
  identifier: string,
  deduplicationName: string,
  exposureOverrides: Partial<DbtExposure> | null = {},
  modelId = MODEL,
): ModelExposureRecord {
  const record: ExposureRecord = {
    dashboardIdentifier: identifier,
    deduplicationName,
    exposure:
      exposureOverrides === null
        ? null
        : exposure({ url: `https://acme.omniapp.co/dashboards/${identifier}`, ...exposureOverrides }),
  };
  return { modelId, record };
}

describe('toDbtName', () => {
  it.each<[string, string, string]>([
    ['revenue_dashboard', 'abc', 'revenue_dashboard'],
    ['Revenue Dashboard', 'abc', 'revenue_dashboard'],
    ['revenue-dashboard', 'abc', 'revenue_dashboard'],
    ['  Revenue   (Q1) — 2024!  ', 'abc', 'revenue_q1_2024'],
    ['_private', 'abc', '_private'],
    ['a__b', 'abc', 'a__b'],
    ['2024 Plan', 'abc', 'dashboard_2024_plan'],
    ['42', 'abc', 'dashboard_42'],
    ['Café Übersicht', 'abc', 'cafe_ubersicht'],
    ['Ｒｅｖｅｎｕｅ', 'abc', 'revenue'], // full-width letters, by NFKD
    ['收入仪表板', 'Xy9-Z', 'dashboard_xy9_z'],
    ['😀😀', 'k1', 'dashboard_k1'],
    ['', 'k1', 'dashboard_k1'],
    ['!!!', '!!!', 'dashboard'],
    ['x'.repeat(300), 'abc', 'x'.repeat(300)],
  ])('%j (dashboard %j) → %j', (name, identifier, expected) => {
    const cleaned = toDbtName(name, identifier);
    expect(cleaned).toBe(expected);
    expect(isValidDbtName(cleaned)).toBe(true);
  });

  it.each([
    ['revenue', true],
    ['_x1', true],
    ['1x', false],
    ['Revenue', false],
    ['a-b', false],
    ['', false],
  ])('isValidDbtName(%j) is %s', (name, expected) => {
    expect(isValidDbtName(name)).toBe(expected);
  });
});

describe('buildExposuresFile: the file', () => {
  it('writes the whole file in one fixed form', () => {
    const file = buildExposuresFile({
      records: [
        entry('abc123', 'revenue', { label: 'Revenue', dependsOn: ["ref('orders')", "ref('customers')"] }),
        entry('def456', 'churn', {
          label: 'Churn: by #cohort',
          owner: { name: 'Bo', email: 'bo@example.com' },
          description: 'Monthly churn',
        }),
        entry('ghi789', 'no_models', null),
      ],
      maturity: 'medium',
    });
    expect(file.text).toBe(
      [
        '# Generated by omni-dbt from the dbt exposures Omni computes for its dashboards; edits are overwritten.',
        '# Regenerate it with `omni-dbt exposures` or the action with `mode: exposures`.',
        '',
        'version: 2',
        'exposures:',
        '  - name: churn',
        '    label: "Churn: by #cohort"',
        '    type: dashboard',
        '    owner:',
        '      name: Bo',
        '      email: bo@example.com',
        '    depends_on:',
        "      - ref('orders')",
        '    url: https://acme.omniapp.co/dashboards/def456',
        '    maturity: medium',
        '    description: Monthly churn',
        '    config:',
        '      meta:',
        '        omni_dashboard_identifier: def456',
        `        omni_model_id: ${MODEL}`,
        '  - name: revenue',
        '    label: Revenue',
        '    type: dashboard',
        '    owner:',
        '      name: Ann Lee',
        '      email: ann@example.com',
        '    depends_on:',
        "      - ref('customers')",
        "      - ref('orders')",
        '    url: https://acme.omniapp.co/dashboards/abc123',
        '    maturity: medium',
        '    config:',
        '      meta:',
        '        omni_dashboard_identifier: abc123',
        `        omni_model_id: ${MODEL}`,
        '',
      ].join('\n'),
    );
    expect(file).toMatchObject({ written: 2, withoutDbtModels: 1, dashboards: 3 });
    readBack(file);
  });

  it('starts with the header and ends in one newline, with no date in it', () => {
    const { text } = buildExposuresFile({ records: [entry('abc', 'revenue')] });
    expect(text.startsWith(`#${EXPOSURES_FILE_HEADER.split('\n')[0]}\n`)).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('writes meta under config only, and no top-level meta or tags', () => {
    const [written] = readBack(buildExposuresFile({ records: [entry('abc', 'revenue')] }));
    expect(Object.keys(written ?? {})).toEqual([
      'name',
      'label',
      'type',
      'owner',
      'depends_on',
      'url',
      'config',
    ]);
    expect(written?.config).toEqual({ meta: { omni_dashboard_identifier: 'abc', omni_model_id: MODEL } });
  });

  it('leaves out what Omni does not give: label, url, description; maturity when unset', () => {
    const [written] = readBack(
      buildExposuresFile({
        records: [entry('abc', 'revenue', { label: null, url: null, description: null })],
      }),
    );
    expect(Object.keys(written ?? {})).toEqual(['name', 'type', 'owner', 'depends_on', 'config']);
  });

  it('keeps the label exactly, spaces included', () => {
    const [written] = readBack(
      buildExposuresFile({ records: [entry('abc', 'revenue', { label: '  Revenue  ' })] }),
    );
    expect(written?.label).toBe('  Revenue  ');
  });

  it.each(['dashboard', 'notebook', 'analysis', 'ml', 'application'] as const)('keeps type %s', (type) => {
    const [written] = readBack(buildExposuresFile({ records: [entry('abc', 'x', { type })] }));
    expect(written?.type).toBe(type);
  });

  it.each(['high', 'medium', 'low'] as const)('writes maturity %s', (maturity) => {
    const [written] = readBack(buildExposuresFile({ records: [entry('abc', 'x')], maturity }));
    expect(written?.maturity).toBe(maturity);
  });

  it.each<[string, { name: string; email: string }, { name?: string; email?: string }]>([
    ['both', { name: 'Ann', email: 'ann@example.com' }, { name: 'Ann', email: 'ann@example.com' }],
    ['no name', { name: '', email: 'ann@example.com' }, { email: 'ann@example.com' }],
    ['no email', { name: 'Ann', email: ' ' }, { name: 'Ann' }],
    ['neither', { name: '', email: '' }, { name: 'unknown' }],
  ])('owner with %s', (_name, owner, expected) => {
    const [written] = readBack(buildExposuresFile({ records: [entry('abc', 'x', { owner })] }));
    expect(written?.owner).toEqual(expected);
  });

  it('sorts depends_on and writes each once, keeping sources and package refs as Omni wrote them', () => {
    const [written] = readBack(
      buildExposuresFile({
        records: [
          entry('abc', 'x', {
            dependsOn: [
              "ref('orders')",
              "source('stripe', 'payments')",
              "ref('jaffle', 'customers')",
              "ref('orders')",
            ],
          }),
        ],
      }),
    );
    expect(written?.depends_on).toEqual([
      "ref('jaffle', 'customers')",
      "ref('orders')",
      "source('stripe', 'payments')",
    ]);
  });

  it('counts dashboards without dbt models (null exposure, empty depends_on) and writes none of them', () => {
    const file = buildExposuresFile({
      records: [entry('a', 'a', null), entry('b', 'b', { dependsOn: [] }), entry('c', 'c')],
    });
    expect(file).toMatchObject({ written: 1, withoutDbtModels: 2, dashboards: 3 });
    expect(readBack(file).map((written) => written.name)).toEqual(['c']);
  });

  it('writes a file with no exposures when no dashboard uses a dbt model', () => {
    const file = buildExposuresFile({ records: [entry('a', 'a', null)] });
    expect(file).toMatchObject({ written: 0, withoutDbtModels: 1, dashboards: 1 });
    expect(readBack(file)).toEqual([]);
    expect(file.text.endsWith('exposures: []\n')).toBe(true);
  });

  it('writes one exposure for a record seen twice (pages that overlap)', () => {
    const file = buildExposuresFile({ records: [entry('abc', 'revenue'), entry('abc', 'revenue')] });
    expect(file).toMatchObject({ written: 1, dashboards: 1 });
  });

  it('of a record seen twice with different answers, keeps the same one whatever the order', () => {
    const first = entry('abc', 'revenue', { label: 'Revenue (old)' });
    const second = entry('abc', 'revenue', { label: 'Revenue' });
    const text = buildExposuresFile({ records: [first, second] }).text;
    expect(buildExposuresFile({ records: [second, first] }).text).toBe(text);
    expect(readBack(buildExposuresFile({ records: [first, second] }))).toHaveLength(1);
  });

  it('keeps one dashboard listed under two models as two exposures, told apart', () => {
    const file = buildExposuresFile({
      records: [entry('abc', 'revenue', {}, OTHER_MODEL), entry('abc', 'revenue', {}, MODEL)],
    });
    const written = readBack(file);
    expect(
      written.map((exposureWritten) => [exposureWritten.name, exposureWritten.config.meta.omni_model_id]),
    ).toEqual([
      ['revenue', MODEL],
      ['revenue_abc', OTHER_MODEL],
    ]);
  });
});

describe('buildExposuresFile: names', () => {
  const namesOf = (records: ModelExposureRecord[]) =>
    readBack(buildExposuresFile({ records })).map(
      (written) => `${written.name} ${written.config.meta.omni_dashboard_identifier}`,
    );

  it('tells apart names that clean to one: the one already clean keeps it, the others get their identifier', () => {
    expect(
      namesOf([
        entry('k3', 'Revenue Dashboard'),
        entry('k1', 'revenue-dashboard'),
        entry('k2', 'revenue_dashboard'),
      ]),
    ).toEqual(['revenue_dashboard k2', 'revenue_dashboard_k1 k1', 'revenue_dashboard_k3 k3']);
  });

  it('without a clean one, the first by model and identifier keeps the name', () => {
    expect(namesOf([entry('zz', 'Revenue Dashboard'), entry('aa', 'revenue-dashboard')])).toEqual([
      'revenue_dashboard aa',
      'revenue_dashboard_zz zz',
    ]);
  });

  it('a suffixed name never takes a name another dashboard has', () => {
    expect(
      namesOf([
        entry('k1', 'revenue'),
        entry('k2', 'Revenue'),
        entry('k3', 'revenue_k2'),
        entry('k4', 'REVENUE '),
      ]),
    ).toEqual(['revenue k1', 'revenue_k2 k3', 'revenue_k2_2 k2', 'revenue_k4 k4']);
  });

  it('identifiers that clean alike get counted suffixes', () => {
    // `x` is already clean for A-1; then by identifier, `a 1` before `a_1`.
    expect(namesOf([entry('a_1', 'X'), entry('A-1', 'x'), entry('a 1', 'x ')])).toEqual([
      'x A-1',
      'x_a_1 a 1',
      'x_a_1_2 a_1',
    ]);
  });

  it('a name that starts with a digit or cleans to nothing', () => {
    expect(namesOf([entry('d1', '2024 Plan'), entry('d2', '收入'), entry('d3', '')])).toEqual([
      'dashboard_2024_plan d1',
      'dashboard_d2 d2',
      'dashboard_d3 d3',
    ]);
  });

  it('a new dashboard does not rename the others', () => {
    const before = namesOf([entry('k1', 'revenue'), entry('k2', 'churn')]);
    const after = namesOf([entry('k1', 'revenue'), entry('k2', 'churn'), entry('k0', 'Revenue!')]);
    expect(after).toEqual([...before, 'revenue_k0 k0'].sort());
  });
});

describe('buildExposuresFile: quoting', () => {
  const awkwardTitles = [
    'yes',
    'No',
    'on',
    'OFF',
    'y',
    'null',
    '~',
    'true',
    '1.10',
    '010',
    '0o17',
    '0x1F',
    '1e3',
    '.inf',
    '2024-01-31',
    '12:30:00',
    '- starts with a dash',
    '* star',
    '&anchor',
    '!tag',
    '%percent',
    '@at',
    '`tick',
    '| pipe',
    '> fold',
    '? question',
    'key: value',
    'hash # inside',
    '#hash first',
    'quote " inside',
    "apostrophe ' inside",
    '"double quoted"',
    "'single quoted'",
    '[flow]',
    '{map}',
    'comma, inside',
    'emoji 📈 chart',
    'multi\nline',
    'trailing space ',
    ' leading space',
    'tab\tinside',
    'cr\r\nlf',
    'line\u2028separator',
    'next\u0085line',
    'bell\u0007',
    'del\u007f',
    '\ufeffbom',
    '---',
    '...',
    '<<',
    '',
  ];

  it('every awkward title comes back exactly, read as YAML 1.2 and as 1.1, valid for both schemas', () => {
    const file = buildExposuresFile({
      records: awkwardTitles.map((title, index) =>
        entry(`d${index}`, `title_${String(index).padStart(2, '0')}`, {
          label: title || null,
          description: title || null,
        }),
      ),
    });
    const written = readBack(file);
    expect(written.map((exposureWritten) => exposureWritten.label ?? '')).toEqual(awkwardTitles);
    expect(written.map((exposureWritten) => exposureWritten.description ?? '')).toEqual(awkwardTitles);
  });

  it('writes the characters PyYAML would take for line breaks or refuse as escapes', () => {
    const { text } = buildExposuresFile({
      records: [
        entry('a', 'a', { label: 'line\u2028separator' }),
        entry('b', 'b', { label: 'next\u0085line\u007f' }),
      ],
    });
    expect(text).toContain('label: "line\\Lseparator"');
    expect(text).toContain('label: "next\\Nline\\x7f"');
    expect(text).not.toMatch(/[\u007f-\u009f\u2028\u2029\ufeff]/);
  });

  it('quotes a title YAML 1.1 reads as a boolean', () => {
    expect(buildExposuresFile({ records: [entry('a', 'a', { label: 'yes' })] }).text).toContain(
      'label: "yes"',
    );
  });
});

describe('buildExposuresFile: properties', () => {
  const titleArbitrary = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.constantFrom(
      'yes',
      'no',
      'null',
      '1.10',
      '- x',
      'a: b',
      '#x',
      '"q"',
      '\u2028',
      '\u0085',
      '📈',
      'Revenue',
    ),
  );
  const nameArbitrary = fc.oneof(
    fc.constantFrom(
      'Revenue Dashboard',
      'revenue_dashboard',
      'revenue-dashboard',
      'REVENUE',
      '2024',
      '',
      '收入',
      'churn',
    ),
    fc.string({ maxLength: 10 }),
  );
  const recordArbitrary = fc.record({
    modelId: fc.constantFrom(MODEL, OTHER_MODEL),
    identifier: fc.stringMatching(/^[A-Za-z0-9_-]{1,6}$/),
    deduplicationName: nameArbitrary,
    isNull: fc.boolean(),
    label: fc.option(titleArbitrary, { nil: null }),
    description: fc.option(titleArbitrary, { nil: null }),
    dependsOn: fc.array(fc.constantFrom("ref('orders')", "ref('customers')", "source('s', 't')"), {
      maxLength: 3,
    }),
  });
  const recordsArbitrary = fc
    .array(recordArbitrary, { maxLength: 15 })
    .map((items) =>
      items.map(
        (item): ModelExposureRecord =>
          entry(
            item.identifier,
            item.deduplicationName,
            item.isNull
              ? null
              : { label: item.label, description: item.description, dependsOn: item.dependsOn },
            item.modelId,
          ),
      ),
    );

  it('parses back, validates against both schemas, with valid unique sorted names, whatever the order', () => {
    fc.assert(
      fc.property(
        recordsArbitrary,
        fc.constantFrom(undefined, 'high', 'medium', 'low' as const),
        fc.nat(),
        (records, maturity, seed) => {
          const file = buildExposuresFile({ records, ...(maturity ? { maturity } : {}) });
          const written = readBack(file);
          const names = written.map((exposureWritten) => exposureWritten.name);
          expect(names.every(isValidDbtName)).toBe(true);
          expect(new Set(names).size).toBe(names.length);
          expect(names).toEqual([...names].sort());
          expect(file.written + file.withoutDbtModels).toBe(file.dashboards);
          const shuffled = records
            .map((record, index) => ({ record, rank: (index * 7919 + seed) % 104729 }))
            .sort((a, b) => a.rank - b.rank)
            .map(({ record }) => record);
          expect(buildExposuresFile({ records: shuffled, ...(maturity ? { maturity } : {}) }).text).toBe(
            file.text,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

/**
 * What dbt's Jinja renders quoteForJinja's output to, for the only forms it writes: raw blocks and the
 * `{{ '{%' }}` between them. Anything else throws, so a change of form fails here rather than pass
 * unchecked. (Checked against Jinja2 itself when it was written: 20,000 random texts of braces, `%`,
 * `#`, quotes and `raw`/`endraw`, each rendered back to itself.)
 */
function renderQuotedJinja(text: string): string {
  if (!/\{[{%#]|[#}%]\}/.test(text)) return text;
  const form = /^\{% raw %\}([\s\S]*?)\{% endraw %\}/;
  let rest = text;
  let rendered = '';
  for (;;) {
    const raw = form.exec(rest);
    if (raw === null) throw new Error(`not a raw block: ${JSON.stringify(rest)}`);
    if ((raw[1] ?? '').includes('{%')) throw new Error(`a {% inside a raw block: ${JSON.stringify(rest)}`);
    rendered += raw[1];
    rest = rest.slice(raw[0].length);
    if (rest === '') return rendered;
    if (!rest.startsWith("{{ '{%' }}")) throw new Error(`unexpected Jinja: ${JSON.stringify(rest)}`);
    rendered += '{%';
    rest = rest.slice("{{ '{%' }}".length);
  }
}

describe('text that dbt would read as Jinja', () => {
  const jinjaTitles = [
    "2024 plan {{ jinja }} 'quoted' %pct @at `tick`",
    "Plan {{ env_var('OMNI_API_TOKEN') }}",
    '{% if true %}yes{% endif %}',
    '{# a comment #}',
    '{% endraw %} breaks out?',
    'a{%- endraw -%}b',
    '100%} done',
    '}} and {{',
    '{{%',
  ];

  it('is written so that it renders back to itself, in every field that holds Omni text', () => {
    const file = buildExposuresFile({
      records: jinjaTitles.map((title, index) =>
        entry(`d${index}`, `jinja_${index}`, {
          label: title,
          description: title,
          url: `https://acme.omniapp.co/dashboards/${title}`,
          owner: { name: title, email: `${title}@acme.example` },
        }),
      ),
    });
    const written = readBack(file);
    expect(written.map((item) => renderQuotedJinja(item.label ?? ''))).toEqual(jinjaTitles);
    expect(written.map((item) => renderQuotedJinja(item.description ?? ''))).toEqual(jinjaTitles);
    expect(written.map((item) => renderQuotedJinja(item.owner.name ?? ''))).toEqual(jinjaTitles);
    expect(written.map((item) => renderQuotedJinja(item.url ?? ''))).toEqual(
      jinjaTitles.map((title) => `https://acme.omniapp.co/dashboards/${title}`),
    );
    expect(written.map((item) => renderQuotedJinja(item.owner.email ?? ''))).toEqual(
      jinjaTitles.map((title) => `${title}@acme.example`),
    );
    // Omni's own Jinja stays Jinja: it is what dbt reads the lineage from.
    expect(written.every((item) => item.depends_on.every((ref) => ref === "ref('orders')"))).toBe(true);
  });

  it('is a raw block with each `{%` outside it, and text without a Jinja mark is left as it is', () => {
    expect(quoteForJinja('Plan {{ x }}')).toBe('{% raw %}Plan {{ x }}{% endraw %}');
    expect(quoteForJinja('{% endraw %}')).toBe(
      "{% raw %}{% endraw %}{{ '{%' }}{% raw %} endraw %}{% endraw %}",
    );
    for (const plain of ['Revenue', '{map}', '%percent', '#hash first', 'a { b } c', '']) {
      expect(quoteForJinja(plain)).toBe(plain);
    }
  });

  it('renders back to itself for any text of braces, percent signs and hashes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('{', '}', '%', '#', '-', ' ', 'raw', 'endraw', 'a'), { maxLength: 12 }),
        (pieces) => {
          const text = pieces.join('');
          expect(renderQuotedJinja(quoteForJinja(text))).toBe(text);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
