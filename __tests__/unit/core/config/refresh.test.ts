// A connection's `omniModels`, `schemaRefreshSchedules` and `pruneSchemaRefreshSchedules` as loadConfig reads
// them (README, "Schema refresh schedules", "Refresh after a deploy"): what a run gets from valid keys, and every
// mistake reported at once, located, with nothing to send.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../src/core/config/load.js';
import { listValidFixtures } from '../../../fixtures/config/corpus.js';

const HEAD = `version: 1
defaults:
  sshUrl: git@github.com:acme/analytics.git
  branch: main
  autogenRelationships: true
  enableVirtualSchemas: true
connections:
`;

function loadValidFixture(file: string) {
  const fixture = listValidFixtures().find((candidate) => candidate.file === file);
  if (fixture === undefined) throw new Error(`no valid fixture ${file}`);
  const loaded = loadConfig(readFileSync(fixture.path, 'utf8'), file);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  return loaded.config;
}

describe('omniModels and schemaRefreshSchedules', () => {
  it('gives the models in lower case and in order, the pairs as written with their places, and prune from defaults', () => {
    const [production, staging] = loadValidFixture('schedules-and-models.yml').connections;
    expect(production?.omniModels).toEqual([
      '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f',
      '3c5a1d9f-7b2e-4d4c-8f80-2b3c4d5e6f70',
    ]);
    expect(production?.schemaRefreshSchedules?.slice(0, 3)).toEqual([
      { schedule: '0 6 * * ? *', timezone: 'Europe/Berlin', position: { line: 15, column: 9 } },
      { schedule: '0 6 * * ? *', timezone: 'America/New_York', position: { line: 17, column: 9 } },
      { schedule: '30 18 ? * mon-fri *', timezone: 'US/Eastern', position: { line: 19, column: 9 } },
    ]);
    expect(production?.schemaRefreshSchedules).toHaveLength(6);
    expect(production?.pruneSchemaRefreshSchedules).toBe(true);
    // The connection's own `false` wins over defaults; an empty list is a list: "manage them: none".
    expect(staging?.pruneSchemaRefreshSchedules).toBe(false);
    expect(staging?.schemaRefreshSchedules).toEqual([]);
    expect(staging).not.toHaveProperty('omniModels');
  });

  it('leaves both keys out of a connection that has neither, which then prunes nothing', () => {
    const loaded = loadConfig(`${HEAD}  - id: 550e8400-e29b-41d4-a716-446655440000\n`, 'omni-dbt.yml');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    const [connection] = loaded.config.connections;
    expect(connection).not.toHaveProperty('omniModels');
    expect(connection).not.toHaveProperty('schemaRefreshSchedules');
    expect(connection?.pruneSchemaRefreshSchedules).toBe(false);
  });

  it("reports every mistake at once, each at its value, with the file's other errors", () => {
    const loaded = loadConfig(
      [
        HEAD.trimEnd(),
        '  - id: 550e8400-e29b-41d4-a716-446655440000',
        '    sshUrl: ""',
        '    omniModels: [2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f, 2B4F0C8E-6A1D-4C3B-9E7F-1A2B3C4D5E6F]',
        '    schemaRefreshSchedules:',
        '      - { schedule: "0 6 * * *", timezone: Europe/Berlin }',
        '      - { schedule: "61 6 * * ? *", timezone: Mars/Olympus }',
        '      - { schedule: "0 6 * * ? *", timezone: europe/berlin }',
        '      - { schedule: "0 6 * * ? *", timezone: Europe/Berlin }',
        '',
      ].join('\n'),
      'omni-dbt.yml',
    );
    if (loaded.ok) throw new Error('expected errors');
    expect(loaded.issues.map((issue) => `${issue.line}:${issue.column} ${issue.field}`)).toEqual([
      '9:13 connections[0].sshUrl',
      '10:56 connections[0].omniModels[1]',
      '12:21 connections[0].schemaRefreshSchedules[0].schedule',
      '13:21 connections[0].schemaRefreshSchedules[1].schedule',
      '13:47 connections[0].schemaRefreshSchedules[1].timezone',
      '14:46 connections[0].schemaRefreshSchedules[2].timezone',
      // Europe/Berlin and europe/berlin are one zone to Omni: the last entry repeats the third.
      '15:9 connections[0].schemaRefreshSchedules[3]',
    ]);
    const messages = loaded.issues.map((issue) => issue.message);
    expect(messages[3]).toContain('61 is out of range: minutes takes 0 to 59');
    expect(messages[4]).toContain('`Mars/Olympus` is not an IANA time zone');
    expect(messages[6]).toContain('schemaRefreshSchedules[2] (line 14)');
  });
});
