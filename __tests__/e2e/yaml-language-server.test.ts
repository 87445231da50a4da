// The schema in an editor: the YAML language server (npm yaml-language-server, the engine of VS Code's YAML
// extension) run over stdio with schema/omni-dbt.schema.json, as a user's editor runs it. The valid files
// get no diagnostic; each invalid fixture it can judge gets one on the line the action reports, worded as
// the action words it where the schema carries the action's message (src/core/config/json-schema.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/runner.js';
import {
  CONFIG_JSON_SCHEMA_PATH,
  CONFIG_JSON_SCHEMA_URL,
  describeEditorMessage,
} from '../../src/core/config/json-schema.js';
import { loadConfig } from '../../src/core/config/load.js';
import { listInvalidFixtures, listValidFixtures } from '../fixtures/config/corpus.js';
import { startYamlLanguageServer, type YamlLanguageServer } from '../support/yaml-language-server.js';

/** Invalid fixtures the language server cannot judge by the schema, and why. */
const BEYOND_THE_EDITOR: Record<string, string> = {
  'duplicate-id-case.yml':
    'uniqueness across list items, case-insensitive, is not expressible in JSON Schema',
  'duplicate-name.yml': 'uniqueness of a property across list items is not expressible in JSON Schema',
  'multiple-documents.yml': 'the server validates each YAML document on its own',
  'empty-file.yml': 'the server validates no empty document',
  'environment-duplicate-name.yml':
    'uniqueness of a property across list items, case-insensitive, is not expressible in JSON Schema',
  'exposures-models-repeated-case.yml':
    'uniqueItems compares ids exactly; the same UUID in another case is not expressible in JSON Schema',
  'preview-branch-without-model.yml':
    'the server follows draft-07, which has no dependentRequired (the schema states the rule for newer tools)',
  'preview-impact-without-model.yml':
    'the server marks the `preview` mapping as missing `omniModel`, not each key that needs it',
  'omni-models-repeated.yml':
    'uniqueItems compares ids exactly; the same UUID in another case is not expressible in JSON Schema',
  'schedule-both-days.yml':
    "an editor sees a cron's six fields; the day fields rule is the action's (cron.ts)",
  'schedule-out-of-range.yml':
    "an editor sees a cron's six fields; each field's range is the action's (cron.ts)",
  'schedule-unknown-zone.yml': "the zones are those Node's Intl knows, a list that changes with its ICU",
  'schedule-duplicate-pair.yml':
    'uniqueness of a normalised pair across list items is not expressible in JSON Schema',
  'preview-delete-without-create.yml':
    'the server marks the `preview` mapping as missing `createBranch`, or the value `createBranch: false`, not `deleteBranch`',
};

let server: YamlLanguageServer;

beforeAll(async () => {
  const schemaPath = path.join(REPO_ROOT, CONFIG_JSON_SCHEMA_PATH);
  // The examples name the published URL (the schema's $id); what is published there is this schema.
  server = await startYamlLanguageServer(schemaPath, {
    servedSchemas: { [CONFIG_JSON_SCHEMA_URL]: schemaPath },
  });
});

afterAll(async () => {
  await server?.close();
});

function validate(filePath: string) {
  return server.validate(filePath, readFileSync(filePath, 'utf8'));
}

/** The last key of a field path: `connections[0].id` → `id`. */
function readLastKey(field: string): string {
  return (
    field
      .split('.')
      .at(-1)
      ?.replace(/\[\d+\]$/, '') ?? field
  );
}

describe('yaml-language-server with schema/omni-dbt.schema.json', () => {
  it('shows nothing on examples/omni-dbt.yml, read with the schema its $schema line names', async () => {
    expect(await validate(path.join(REPO_ROOT, 'examples/omni-dbt.yml'))).toEqual([]);
    expect(server.requestedSchemas).toContain(CONFIG_JSON_SCHEMA_URL);
  });

  it('marks the mistakes of examples/invalid/omni-dbt.yml', async () => {
    const diagnostics = await validate(path.join(REPO_ROOT, 'examples/invalid/omni-dbt.yml'));
    expect(diagnostics.length).toBeGreaterThan(0);
  });

  it.each(listValidFixtures())('shows no schema problem on valid/$file', async ({ path: file }) => {
    const diagnostics = await validate(file);
    // An anchor defined and not used is the server's style hint, not a schema problem.
    expect(diagnostics.filter((d) => !d.message.startsWith('Unused anchor'))).toEqual([]);
  });

  const judged = listInvalidFixtures().filter(({ file }) => !(file in BEYOND_THE_EDITOR));
  it.each(judged)('marks the lines the action reports in invalid/$file', async (fixture) => {
    const diagnostics = await validate(fixture.path);
    const loaded = loadConfig(readFileSync(fixture.path, 'utf8'), fixture.file);
    if (loaded.ok) throw new Error(`${fixture.file} should be invalid`);
    for (const expected of fixture.expected) {
      const onLine = diagnostics.filter((d) => d.range.start.line + 1 === expected.line);
      expect(onLine.length, `a diagnostic on line ${expected.line} (${expected.field})`).toBeGreaterThan(0);
      // Where the action finds a wrong value (not a missing or unknown key), the editor says what the action
      // says: the same "expected …" opening, or the same whole message for rotateKeys.
      const actionMessage =
        loaded.issues.find((issue) => issue.line === expected.line && issue.field === expected.field)
          ?.message ?? '';
      const editorMessage = describeEditorMessage(readLastKey(expected.field));
      if (editorMessage === undefined || !/^(expected |`rotateKeys`)/.test(actionMessage)) continue;
      expect(onLine.map((d) => d.message)).toContain(editorMessage);
      const opening = editorMessage.split('; ')[0] ?? editorMessage;
      expect(actionMessage.startsWith(opening), `${actionMessage} vs ${editorMessage}`).toBe(true);
    }
  });

  it('words a non-UUID id and rotateKeys as the action does, not as a regex or "not allowed" schema', async () => {
    const idMessages = (
      await validate(path.join(REPO_ROOT, '__tests__/fixtures/config/invalid/id-too-short.yml'))
    ).map((d) => d.message);
    expect(idMessages.join('\n')).toContain("expected the connection's UUID, 8-4-4-4-12 hex digits");
    expect(idMessages.join('\n')).not.toContain('does not match the pattern');
    const rotateMessages = (
      await validate(path.join(REPO_ROOT, '__tests__/fixtures/config/invalid/rotate-keys-connection.yml'))
    ).map((d) => d.message);
    expect(rotateMessages.join('\n')).toContain('it would rotate the deploy key on every apply');
    expect(rotateMessages.join('\n')).not.toContain('Matches a schema that is not allowed');
  });
});
