// Where users' editors find the schema: every config example (the files adopters copy) and every
// `$schema=` line of the docs names the published URL, the schema's `$id` (README, "Editor support"), not a
// path that resolves only inside this repository.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../scripts/runner.js';
import { CONFIG_JSON_SCHEMA_PATH, CONFIG_JSON_SCHEMA_URL } from '../../../src/core/config/json-schema.js';

const MODELINE = `# yaml-language-server: $schema=${CONFIG_JSON_SCHEMA_URL}`;
const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');

function listFiles(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(`${dir}/${entry.name}`) : [`${dir}/${entry.name}`],
  );
}

const examples = listFiles('examples');
const configExamples = examples.filter((file) => /(^|\/)omni-dbt\.ya?ml$/.test(file));
const docs = ['README.md', 'CONTRIBUTING.md', ...listFiles('docs').filter((file) => file.endsWith('.md'))];

describe('the schema URL', () => {
  it("is the committed schema's $id", () => {
    expect(JSON.parse(read(CONFIG_JSON_SCHEMA_PATH)).$id).toBe(CONFIG_JSON_SCHEMA_URL);
  });

  it.each(configExamples)('opens %s, on its first line', (file) => {
    expect(read(file).split('\n')[0]).toBe(MODELINE);
  });

  it('is the only schema any file in examples/ or the docs names', () => {
    expect(configExamples.length).toBeGreaterThanOrEqual(3);
    const named = [...examples, ...docs].flatMap((file) =>
      [...read(file).matchAll(/\$schema=(\S+)|"url": "([^"]*schema[^"]*)"/g)].map(
        ([, modeline, catalogUrl]) => `${file}: ${modeline ?? catalogUrl}`,
      ),
    );
    expect(named.length).toBeGreaterThan(configExamples.length);
    expect(named.filter((entry) => !entry.endsWith(`: ${CONFIG_JSON_SCHEMA_URL}`))).toEqual([]);
  });
});
