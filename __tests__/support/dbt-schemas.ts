// dbt's own JSON Schemas for property files (__tests__/fixtures/dbt-jsonschema/README.md), the independent
// judge of every exposures file the tests build or the action and the CLI write: a file passes when YAML 1.2
// and YAML 1.1 (PyYAML, dbt Core's reader) read it alike and both dbt Core's and dbt Fusion's schemas accept it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv';
import { expect } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../scripts/runner.js';

const Ajv = AjvModule as unknown as typeof AjvModule.default;
const SCHEMAS = path.join(REPO_ROOT, '__tests__/fixtures/dbt-jsonschema');

/** dbt's schemas, draft-07 (ajv's default). */
function compileSchema(file: string) {
  // strict: false, since these are dbt's schemas, not ours to lint (dbt Core's lists `required`
  // keys inside `anyOf` without their properties). Their number formats are Rust widths from
  // schemars, not string formats: registered so that ajv knows them, and checked by nothing here.
  const ajv = new Ajv({ allErrors: true, strict: false });
  for (const format of ['double', 'float', 'int32', 'int64', 'uint64']) ajv.addFormat(format, true);
  return ajv.compile(JSON.parse(readFileSync(path.join(SCHEMAS, file), 'utf8')));
}
const isDbtCoreFile = compileSchema('dbt_yml_files-latest.json');
const isDbtFusionFile = compileSchema('dbt_yml_files-latest-fusion.json');

export interface ParsedExposure {
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

/** Parses an exposures file both ways, checks both of dbt's schemas accept it, and gives its exposures. */
export function readExposuresFile(text: string): ParsedExposure[] {
  const document = parse(text, { version: '1.2' });
  expect(parse(text, { version: '1.1' })).toEqual(document);
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
