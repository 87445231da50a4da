// The JSON Schema for editors: committed exactly as generated, and agreeing with loadConfig on the
// whole fixture corpus, except where a JSON Schema cannot see the mistake (listed with reasons).
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  buildConfigJsonSchema,
  CONFIG_JSON_SCHEMA_PATH,
  formatConfigJsonSchema,
} from '../../../../src/core/config/json-schema.js';
import { loadConfig } from '../../../../src/core/config/load.js';
import { listInvalidFixtures, listValidFixtures } from '../../../fixtures/config/corpus.js';

/** Invalid fixtures the JSON Schema accepts or cannot judge, and why. */
const BEYOND_JSON_SCHEMA: Record<string, string> = {
  'duplicate-key.yml': 'a duplicate key is gone once YAML is read into data',
  'multiple-documents.yml': 'a JSON Schema judges one document',
  'syntax-bad-indent.yml': 'YAML syntax: there is no data to judge',
  'syntax-unclosed-quote.yml': 'YAML syntax: there is no data to judge',
  'syntax-tab-indent.yml': 'YAML syntax: there is no data to judge',
  'unknown-tag-env.yml': 'tags are gone once YAML is read into data',
  'unresolved-alias.yml': 'an alias to nothing cannot be read into data',
  'alias-bomb.yml': 'refused while reading the YAML, before any schema',
  'duplicate-id-case.yml': 'uniqueness across list items, case-insensitive, is not expressible',
  'duplicate-name.yml': 'uniqueness of a property across list items is not expressible',
  'environment-duplicate-name.yml': 'uniqueness across list items, case-insensitive, is not expressible',
  'exposures-models-repeated-case.yml': 'uniqueItems compares ids exactly, not case-insensitively',
  'omni-models-repeated.yml': 'uniqueItems compares ids exactly, not case-insensitively',
  'schedule-both-days.yml':
    'an editor sees six fields; the day fields rule is checked field by field (cron.ts)',
  'schedule-out-of-range.yml': "an editor sees six fields; each field's range is checked by cron.ts",
  'schedule-unknown-zone.yml': "the zones are those Node's Intl knows, a list that changes with its ICU",
  'schedule-duplicate-pair.yml': 'uniqueness of a normalised pair across list items is not expressible',
};

// Strict, so the schema stays portable; but `required` inside if/else names properties declared
// in the main schema, which strictRequired would flag.
const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
// The YAML language server's message and hover keywords (src/core/config/json-schema.ts), which other validators ignore.
ajv.addVocabulary(['errorMessage', 'patternErrorMessage', 'markdownDescription']);
const isValidBySchema = ajv.compile(buildConfigJsonSchema());

describe('schema/omni-dbt.schema.json', () => {
  it('is what buildConfigJsonSchema() generates', () => {
    const committed = readFileSync(CONFIG_JSON_SCHEMA_PATH, 'utf8');
    expect(
      committed === formatConfigJsonSchema(),
      'schema/omni-dbt.schema.json is stale: run `npm run schema`',
    ).toBe(true);
  });

  it('carries a title, $id, $schema and descriptions for editors', () => {
    const schema = buildConfigJsonSchema() as { properties: Record<string, { description?: string }> };
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: expect.any(String),
      title: 'omni-dbt.yml',
    });
    for (const [key, property] of Object.entries(schema.properties))
      expect(property.description, key).toBeTruthy();
  });
});

/** The data a YAML file holds, or undefined when it cannot be read into exactly one document. */
function readData(path: string): unknown {
  const documents = parseAllDocuments(readFileSync(path, 'utf8'), { merge: true });
  const [document] = documents;
  if (documents.length !== 1 || !document || document.errors.length > 0 || document.warnings.length > 0) {
    return undefined;
  }
  try {
    return document.toJS({ maxAliasCount: 1000 });
  } catch {
    return undefined;
  }
}

describe('the JSON Schema and loadConfig agree on the corpus', () => {
  it.each(listValidFixtures())('accepts valid/$file', ({ path }) => {
    expect(isValidBySchema(readData(path)), JSON.stringify(isValidBySchema.errors)).toBe(true);
  });

  const invalid = listInvalidFixtures();
  it.each(invalid.filter(({ file }) => !(file in BEYOND_JSON_SCHEMA)))(
    'refuses invalid/$file',
    ({ path }) => {
      expect(loadConfig(readFileSync(path, 'utf8'), path).ok).toBe(false);
      expect(isValidBySchema(readData(path) ?? null)).toBe(false);
    },
  );

  it.each(Object.keys(BEYOND_JSON_SCHEMA))(
    'cannot judge invalid/%s (listed exception, still refused by loadConfig)',
    (file) => {
      const fixture = invalid.find((f) => f.file === file);
      expect(fixture, `${file} is listed but not in the corpus`).toBeDefined();
      const data = readData(fixture?.path ?? '');
      // A stale exception fails here: the schema must really miss this one.
      expect(data === undefined || isValidBySchema(data)).toBe(true);
      expect(loadConfig(readFileSync(fixture?.path ?? '', 'utf8'), file).ok).toBe(false);
    },
  );
});
