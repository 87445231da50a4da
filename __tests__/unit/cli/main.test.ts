// runCli with in-memory effects: files in a Map, a fake OmniClient that records calls, captured output.
import { describe, expect, it } from 'vitest';
import { type CliClientSettings, type CliIo, runCli } from '../../../src/cli/main.js';
import { formatIssue, loadConfig } from '../../../src/core/config/load.js';
import type { OmniClient } from '../../../src/core/omni/client.js';
import type { DbtPutBody, LiveDbtConfig } from '../../../src/core/omni/dbt.js';
import type { LiveEnvironment } from '../../../src/core/omni/environments.js';
import { OmniHttpError } from '../../../src/core/omni/errors.js';
import type { ContentIssue, ExposureRecord } from '../../../src/core/omni/models.js';
import type { LiveSchedule } from '../../../src/core/omni/schedules.js';
import {
  BIGQUERY_ID as BIGQUERY,
  buildLiveConfig,
  PRODUCTION_ID as PRODUCTION,
  STAGING_ID as STAGING,
} from '../../support/dbt-fixtures.js';
import { completeClient } from '../../support/fake-client.js';

const TOKEN = 'unit-secret-token-123';

const CONFIG = `version: 1
defaults:
  sshUrl: git@github.com:acme/analytics.git
  branch: main
  dbtVersion: "1.11"
  autogenRelationships: true
  enableVirtualSchemas: true
connections:
  - id: ${PRODUCTION}
    name: Snowflake production
    projectRootPath: transform
  - id: ${STAGING}
    name: Snowflake staging
    branch: staging
`;

const INVALID = `version: 1
connections:
  - id: ${PRODUCTION}
    sshUrl: git@github.com:acme/analytics.git
    branch: main
    autogenRelationships: true
    enableVirtualSchemas: true
    dbtVersion: 1.10
    colour: blue
`;

const LIVE_PRODUCTION = buildLiveConfig();

interface Harness {
  io: CliIo;
  files: Map<string, string>;
  stdout: () => string;
  stderr: () => string;
  gets: string[];
  puts: { connectionId: string; body: DbtPutBody }[];
  clientSettings: CliClientSettings[];
  questions: string[];
}

function createHarness(
  options: {
    files?: Record<string, string>;
    env?: Record<string, string>;
    live?: Record<string, LiveDbtConfig | Error>;
    /** Each connection's environment list; none when left out. */
    environments?: Record<string, LiveEnvironment[] | Error>;
    /** Each model's dbt exposures; a model left out has none. */
    exposures?: Record<string, ExposureRecord[] | Error>;
    /** Each connection's schema refresh schedules; none when left out. */
    schedules?: Record<string, LiveSchedule[] | Error>;
    /** More calls of the client (a refresh's, say). */
    calls?: Partial<OmniClient>;
    isTTY?: boolean;
    answer?: string;
  } = {},
): Harness {
  const files = new Map(Object.entries(options.files ?? {}).map(([name, text]) => [`/repo/${name}`, text]));
  let out = '';
  let err = '';
  const gets: string[] = [];
  const puts: Harness['puts'] = [];
  const clientSettings: CliClientSettings[] = [];
  const questions: string[] = [];
  const live = { ...options.live };
  const client = completeClient({
    async getDbtConfig(connectionId) {
      gets.push(connectionId);
      const value = live[connectionId];
      if (value instanceof Error) throw value;
      return value ?? { isConfigured: false, supportsDbt: true, message: 'dbt not configured' };
    },
    async putDbtConfig(connectionId, body) {
      puts.push({ connectionId, body });
      return { message: 'ok' };
    },
    async listEnvironments(connectionId) {
      const value = options.environments?.[connectionId];
      if (value instanceof Error) throw value;
      return value ?? [];
    },
    async listExposures(modelId) {
      const value = options.exposures?.[modelId];
      if (value instanceof Error) throw value;
      return value ?? [];
    },
    async listSchedules(connectionId) {
      const value = options.schedules?.[connectionId];
      if (value instanceof Error) throw value;
      return value ?? [];
    },
    ...options.calls,
  });
  const fileError = (code: string) => Object.assign(new Error(code), { code });
  const io: CliIo = {
    env: { OMNI_URL: 'https://acme.omniapp.co', OMNI_API_TOKEN: TOKEN, ...options.env },
    cwd: '/repo',
    stdout: {
      write: (text) => {
        out += text;
      },
      isTTY: options.isTTY ?? false,
    },
    stderr: {
      write: (text) => {
        err += text;
      },
    },
    isStdinTTY: options.isTTY ?? false,
    readTextFile: async (file) => {
      const text = files.get(file);
      if (text === undefined) throw fileError('ENOENT');
      return text;
    },
    writeTextFile: async (file, text, { isOverwriteAllowed }) => {
      if (!isOverwriteAllowed && files.has(file)) throw fileError('EEXIST');
      files.set(file, text);
    },
    fileExists: async (file) => files.has(file),
    // The Map's files: the workspace rule itself (links, folders) is the real module's, tested on disk.
    openExposuresFiles: (workspace) => ({
      read: async (relativePath) => files.get(`${workspace}/${relativePath}`),
      write: async (relativePath, text) => {
        files.set(`${workspace}/${relativePath}`, text);
      },
    }),
    confirm: async (question) => {
      questions.push(question);
      return options.answer === 'yes';
    },
    createClient: (settings) => {
      clientSettings.push(settings);
      return client;
    },
    runGit: async () => ({ ok: false, error: 'fatal: not a git repository' }),
    stop: new AbortController(),
    version: '9.9.9',
  };
  return { io, files, stdout: () => out, stderr: () => err, gets, puts, clientSettings, questions };
}

describe('runCli: help, version, usage errors', () => {
  it("lists in each command's help only the exit statuses that apply to it", async () => {
    const helpOf = async (command: string) => {
      const harness = createHarness();
      expect(await runCli([command, '--help'], harness.io)).toBe(0);
      return harness.stdout().slice(harness.stdout().indexOf('Exit status:'));
    };
    const validate = await helpOf('validate');
    expect(validate).toContain('1  a file has an error, or cannot be read');
    expect(validate).not.toMatch(/4xx|--fail-on-changes|OMNI_URL|"yes"/);
    const plan = await helpOf('plan');
    expect(plan).toContain('--fail-on-changes');
    expect(plan).toContain('a 4xx from Omni');
    expect(plan).not.toContain('"yes"');
    const apply = await helpOf('apply');
    expect(apply).toContain('an answer other than "yes"');
    expect(apply).not.toContain('--fail-on-changes');
    const schema = await helpOf('schema');
    expect(schema).not.toMatch(/^ {2}1 /m);
    const importHelp = await helpOf('import');
    expect(importHelp).toContain('--force is not given');
    expect(importHelp).not.toMatch(/--fail-on-changes|"yes"/);
    const refresh = await helpOf('refresh');
    expect(refresh).toContain('an issue --fail-on-impact fails on');
    expect(refresh).toContain('an answer other than "yes"');
    expect(refresh).toContain('per branch, left as a warning');
    expect(refresh).not.toMatch(/--fail-on-changes|pending changes/);
    expect(plan).not.toContain('--fail-on-impact');
  });

  it('prints help and the version with exit 0', async () => {
    const harness = createHarness();
    expect(await runCli(['--help'], harness.io)).toBe(0);
    expect(await runCli(['--version'], harness.io)).toBe(0);
    expect(harness.stdout()).toContain('Usage: omni-dbt <command>');
    expect(harness.stdout()).toContain('9.9.9\n');
  });

  it('exits 2 on a usage error and says where help is', async () => {
    const harness = createHarness();
    expect(await runCli(['plan', '--bogus'], harness.io)).toBe(2);
    expect(harness.stderr()).toContain('omni-dbt: plan has no option --bogus.');
    expect(harness.stdout()).toBe('');
  });
});

describe('runCli validate', () => {
  it('exits 0 for a valid file and says how many connections', async () => {
    const harness = createHarness({ files: { 'omni-dbt.yml': CONFIG } });
    expect(await runCli(['validate'], harness.io)).toBe(0);
    expect(harness.stdout()).toBe('omni-dbt.yml is valid: 2 connections.\n');
    expect(harness.gets).toEqual([]);
    expect(harness.clientSettings).toEqual([]);
  });

  it('prints every located error exactly as loadConfig formats them and exits 1', async () => {
    const harness = createHarness({ files: { 'conf/bad.yml': INVALID, 'omni-dbt.yml': CONFIG } });
    expect(await runCli(['validate', 'omni-dbt.yml', 'conf/bad.yml'], harness.io)).toBe(1);
    const loaded = loadConfig(INVALID, 'conf/bad.yml');
    if (loaded.ok) throw new Error('fixture should be invalid');
    expect(loaded.issues.length).toBeGreaterThanOrEqual(2);
    const lines = harness.stderr().split('\n');
    for (const issue of loaded.issues.filter((i) => i.severity === 'error'))
      expect(lines).toContain(formatIssue(issue));
    expect(harness.stderr()).toMatch(/conf\/bad\.yml:8:\d+: connections\[0\]\.dbtVersion: /);
    expect(harness.stdout()).toBe('omni-dbt.yml is valid: 2 connections.\n');
  });

  it('exits 1 for a missing file', async () => {
    const harness = createHarness();
    expect(await runCli(['validate', 'nope.yml'], harness.io)).toBe(1);
    expect(harness.stderr()).toContain('nope.yml: no such file');
  });

  it('prints JSON with --json', async () => {
    const harness = createHarness({ files: { 'omni-dbt.yml': CONFIG, 'bad.yml': INVALID } });
    expect(await runCli(['validate', 'omni-dbt.yml', 'bad.yml', '--json'], harness.io)).toBe(1);
    const parsed = JSON.parse(harness.stdout());
    expect(parsed.files.map((f: { file: string; isValid: boolean }) => [f.file, f.isValid])).toEqual([
      ['omni-dbt.yml', true],
      ['bad.yml', false],
    ]);
    expect(parsed.files[1].issues[0]).toMatchObject({ severity: 'error', file: 'bad.yml' });
    // Each error once: in the JSON, not also on stderr.
    expect(harness.stderr()).toBe('');
  });

  it('prints a missing file once with --json: in the JSON, not also on stderr', async () => {
    const harness = createHarness();
    expect(await runCli(['validate', 'nope.yml', '--json'], harness.io)).toBe(1);
    expect(JSON.parse(harness.stdout()).files[0].error).toContain('nope.yml: no such file');
    expect(harness.stderr()).toBe('');
  });
});

describe('runCli plan', () => {
  it('needs OMNI_API_TOKEN and OMNI_URL (usage error, nothing read or sent)', async () => {
    const noToken = createHarness({ files: { 'omni-dbt.yml': CONFIG }, env: { OMNI_API_TOKEN: '' } });
    expect(await runCli(['plan'], noToken.io)).toBe(2);
    expect(noToken.stderr()).toContain('OMNI_API_TOKEN is not set');
    expect(noToken.clientSettings).toEqual([]);

    const noUrl = createHarness({ files: { 'omni-dbt.yml': CONFIG }, env: { OMNI_URL: '' } });
    expect(await runCli(['plan'], noUrl.io)).toBe(2);
    expect(noUrl.stderr()).toContain('OMNI_URL is not set');
  });

  it('refuses a token that cannot be sent in a header, without echoing it', async () => {
    const harness = createHarness({
      files: { 'omni-dbt.yml': CONFIG },
      env: { OMNI_API_TOKEN: 'abc def-secret' },
    });
    expect(await runCli(['plan'], harness.io)).toBe(2);
    expect(harness.stderr()).toContain('contains a space');
    expect(harness.stderr()).not.toContain('def-secret');
  });

  it('refuses a non-Omni host unless --allow-custom-host, naming the flag', async () => {
    const harness = createHarness({
      files: { 'omni-dbt.yml': CONFIG },
      live: { [PRODUCTION]: LIVE_PRODUCTION },
    });
    expect(await runCli(['plan', '--omni-url', 'https://omni.example.com'], harness.io)).toBe(2);
    expect(harness.stderr()).toContain('--allow-custom-host');
    // The flag gave the URL, so the message names the flag, not the environment variable.
    expect(harness.stderr()).toContain(
      'omni-dbt: --omni-url "https://omni.example.com" is not an Omni domain',
    );
    expect(harness.stderr()).not.toContain('OMNI_URL');
    expect(harness.gets).toEqual([]);
    expect(
      await runCli(['plan', '--omni-url', 'https://omni.example.com', '--allow-custom-host'], harness.io),
    ).toBe(0);
    expect(harness.clientSettings[0]).toMatchObject({
      apiBaseUrl: 'https://omni.example.com/api',
      token: TOKEN,
    });
  });

  it('names OMNI_URL when the environment gave the URL', async () => {
    const harness = createHarness({
      files: { 'omni-dbt.yml': CONFIG },
      env: { OMNI_URL: 'https://omni.example.com' },
    });
    expect(await runCli(['plan'], harness.io)).toBe(2);
    expect(harness.stderr()).toContain('omni-dbt: OMNI_URL "https://omni.example.com" is not an Omni domain');
  });

  it('at a terminal, says every few seconds how long a long wait for Omni has lasted; elsewhere, nothing', async () => {
    for (const isTTY of [true, false]) {
      let now = 0;
      const timers: { at: number; callback: () => void }[] = [];
      const harness = createHarness({
        files: { 'omni-dbt.yml': CONFIG },
        live: { [PRODUCTION]: LIVE_PRODUCTION },
      });
      const io: CliIo = {
        ...harness.io,
        stderr: { ...harness.io.stderr, isTTY },
        now: () => now,
        setTimer: (callback, ms) => {
          const timer = { at: now + ms, callback };
          timers.push(timer);
          return { cancel: () => timers.splice(timers.indexOf(timer), 1) };
        },
        createClient: async (settings) => {
          const client = await harness.io.createClient(settings);
          return {
            ...client,
            async getDbtConfig(connectionId) {
              // Omni's rate limit holds the run for 30 s; 12 s of it pass here.
              settings.onWait({ ms: 30_000, cause: 'rate-limit' });
              for (const to of [5_000, 10_000, 12_000]) {
                now = to;
                for (const timer of timers.filter((t) => t.at <= now)) {
                  timers.splice(timers.indexOf(timer), 1);
                  timer.callback();
                }
              }
              return client.getDbtConfig(connectionId);
            },
          };
        },
      };
      expect(await runCli(['plan', '--connections', 'Snowflake production'], io)).toBe(0);
      const progress = harness
        .stderr()
        .split('\n')
        .filter((line) => line.startsWith('still waiting'));
      expect(progress).toEqual(
        isTTY
          ? [
              "still waiting for Omni's rate limit: 5 s of ~30 s",
              "still waiting for Omni's rate limit: 10 s of ~30 s",
            ]
          : [],
      );
      // The run is over: no timer is left to write on.
      expect(timers).toEqual([]);
    }
  });

  it('plans against the live configuration and exits 0 with pending changes', async () => {
    const harness = createHarness({
      files: { 'omni-dbt.yml': CONFIG },
      live: { [PRODUCTION]: LIVE_PRODUCTION },
    });
    expect(await runCli(['plan', '--max-requests-per-minute', '12'], harness.io)).toBe(0);
    expect(harness.stdout()).toContain(`    unchanged  Snowflake production (${PRODUCTION})`);
    expect(harness.stdout()).toContain(`  + create     Snowflake staging (${STAGING})`);
    expect(harness.stdout()).toContain('Plan: 2 connections: 1 to create, 1 unchanged.');
    expect(harness.stdout()).not.toContain('\u001b[');
    expect(harness.puts).toEqual([]);
    expect(harness.clientSettings[0]?.maxRequestsPerMinute).toBe(12);
  });

  it('colours on a terminal and exits 1 with --fail-on-changes', async () => {
    const harness = createHarness({
      files: { 'omni-dbt.yml': CONFIG },
      isTTY: true,
      live: { [PRODUCTION]: LIVE_PRODUCTION },
    });
    expect(await runCli(['plan', '--fail-on-changes'], harness.io)).toBe(1);
    expect(harness.stdout()).toContain('\u001b[32m+ create');
  });

  it('prints the result output JSON with --json and nothing else on stdout', async () => {
    const harness = createHarness({
      files: { 'omni-dbt.yml': CONFIG },
      live: { [PRODUCTION]: LIVE_PRODUCTION },
    });
    expect(await runCli(['plan', '--json', '--connections', 'Snowflake production'], harness.io)).toBe(0);
    expect(JSON.parse(harness.stdout())).toEqual({
      mode: 'dry-run',
      connections: [
        {
          id: PRODUCTION,
          name: 'Snowflake production',
          action: 'unchanged',
          status: 'unchanged',
          httpStatus: null,
          error: null,
          changes: [],
        },
      ],
    });
  });

  it('exits 1 on a 404 and shows the hint, never the token', async () => {
    const notFound = new OmniHttpError({
      method: 'GET',
      path: `/v1/connections/${STAGING}/dbt`,
      status: 404,
    });
    const leaky = new Error(`boom Bearer ${TOKEN}`);
    const harness = createHarness({
      files: { 'omni-dbt.yml': CONFIG },
      live: { [PRODUCTION]: leaky, [STAGING]: notFound },
    });
    expect(await runCli(['plan'], harness.io)).toBe(1);
    expect(harness.stdout()).toContain('How to fix: No such connection on this Omni instance');
    expect(harness.stdout()).toContain('Bearer ***');
    expect(harness.stdout() + harness.stderr()).not.toContain(TOKEN);
  });

  it('scrubs the token from validation messages too, as stdout and stderr alike', async () => {
    // A token pasted into the file by mistake is quoted back by the validator: the output must hide it.
    const pasted = CONFIG.replace('branch: main', `branch: main\n  ${TOKEN}: 1`);
    const harness = createHarness({ files: { 'omni-dbt.yml': pasted } });
    expect(await runCli(['validate'], harness.io)).toBe(1);
    expect(await runCli(['plan', '--json'], harness.io)).toBe(1);
    expect(harness.stderr()).toContain('unknown key `***`');
    expect(harness.stdout() + harness.stderr()).not.toContain(TOKEN);
  });

  it('reports errors in the file to stderr and sends nothing', async () => {
    const harness = createHarness({ files: { 'omni-dbt.yml': INVALID } });
    expect(await runCli(['plan'], harness.io)).toBe(1);
    expect(harness.stderr()).toMatch(/^omni-dbt\.yml:\d+:\d+: /m);
    expect(harness.gets).toEqual([]);
  });

  it('exits 1 when the config file is missing', async () => {
    const harness = createHarness();
    expect(await runCli(['plan', '-c', 'other.yml'], harness.io)).toBe(1);
    expect(harness.stderr()).toContain('other.yml: no such file');
  });
});

describe('runCli apply', () => {
  const live = { [PRODUCTION]: LIVE_PRODUCTION };

  it('refuses to apply without --yes when stdin is not a terminal, before any request', async () => {
    const harness = createHarness({ files: { 'omni-dbt.yml': CONFIG }, live });
    expect(await runCli(['apply'], harness.io)).toBe(2);
    expect(harness.stderr()).toContain('Pass --yes');
    expect(harness.gets).toEqual([]);
  });

  it('applies with --yes: one full-body PUT for the connection that differs', async () => {
    const harness = createHarness({ files: { 'omni-dbt.yml': CONFIG }, live });
    expect(await runCli(['apply', '--yes'], harness.io)).toBe(0);
    expect(harness.puts).toEqual([
      {
        connectionId: STAGING,
        body: {
          sshUrl: 'git@github.com:acme/analytics.git',
          branch: 'staging',
          dbtVersion: '1.11',
          autogenRelationships: true,
          enableVirtualSchemas: true,
          enableSemanticLayer: false,
          projectRootPath: null,
        },
      },
    ]);
    expect(harness.stdout()).toContain('Applied: 2 connections: 1 created, 1 unchanged.');
    expect(harness.questions).toEqual([]);
  });

  it('on a terminal shows the plan, asks, and applies only on "yes"', async () => {
    const declined = createHarness({ files: { 'omni-dbt.yml': CONFIG }, live, isTTY: true, answer: 'no' });
    expect(await runCli(['apply'], declined.io)).toBe(1);
    expect(declined.questions).toEqual([
      expect.stringContaining('Apply to 1 connection on acme.omniapp.co?'),
    ]);
    expect(declined.stdout()).toContain('Plan: 2 connections: 1 to create, 1 unchanged.');
    expect(declined.stderr()).toContain('Apply cancelled');
    expect(declined.puts).toEqual([]);

    const accepted = createHarness({ files: { 'omni-dbt.yml': CONFIG }, live, isTTY: true, answer: 'yes' });
    expect(await runCli(['apply'], accepted.io)).toBe(0);
    expect(accepted.puts.map((p) => p.connectionId)).toEqual([STAGING]);
  });

  it('does not ask when there is nothing to apply', async () => {
    const harness = createHarness({
      files: { 'omni-dbt.yml': CONFIG },
      live: {
        [PRODUCTION]: LIVE_PRODUCTION,
        [STAGING]: { ...LIVE_PRODUCTION, branch: 'staging', projectRootPath: null },
      },
      isTTY: true,
    });
    expect(await runCli(['apply'], harness.io)).toBe(0);
    expect(harness.questions).toEqual([]);
    expect(harness.stdout()).toContain('No changes');
  });

  it('sends rotateKeys and --force PUTs for unchanged connections', async () => {
    const harness = createHarness({ files: { 'omni-dbt.yml': CONFIG }, live });
    expect(
      await runCli(['apply', '--yes', '--force', '--rotate-keys', '--connections', PRODUCTION], harness.io),
    ).toBe(0);
    expect(harness.puts).toEqual([
      { connectionId: PRODUCTION, body: expect.objectContaining({ rotateKeys: true }) },
    ]);
    expect(harness.stdout()).toContain('deploy key rotated');
  });
});

describe('runCli import', () => {
  it('writes a file that plan then reports unchanged', async () => {
    const harness = createHarness({
      live: { [PRODUCTION]: LIVE_PRODUCTION, [STAGING]: { ...LIVE_PRODUCTION, branch: 'staging' } },
    });
    const code = await runCli(
      ['import', PRODUCTION, STAGING, '--name', `${PRODUCTION}=Production`],
      harness.io,
    );
    expect(code, harness.stderr()).toBe(0);
    const written = harness.files.get('/repo/omni-dbt.yml') ?? '';
    expect(written).toContain('name: Production');
    expect(harness.stdout()).toContain('Wrote omni-dbt.yml with 2 connections.');

    expect(await runCli(['plan'], harness.io)).toBe(0);
    expect(harness.stdout()).toContain('Plan: 2 connections: 2 unchanged.');
    expect(harness.puts).toEqual([]);
  });

  it('refuses to overwrite without --force, before reading Omni', async () => {
    const harness = createHarness({
      files: { 'omni-dbt.yml': 'old' },
      live: { [PRODUCTION]: LIVE_PRODUCTION },
    });
    expect(await runCli(['import', PRODUCTION], harness.io)).toBe(1);
    expect(harness.stderr()).toContain('exists already');
    expect(harness.gets).toEqual([]);
    expect(await runCli(['import', PRODUCTION, '--force'], harness.io)).toBe(0);
    expect(harness.files.get('/repo/omni-dbt.yml')).toContain(PRODUCTION);
  });

  it('writes to stdout with --output -', async () => {
    const harness = createHarness({ live: { [PRODUCTION]: LIVE_PRODUCTION } });
    expect(await runCli(['import', PRODUCTION, '-o', '-'], harness.io)).toBe(0);
    expect(loadConfig(harness.stdout(), 'stdin').ok).toBe(true);
    expect(harness.files.size).toBe(0);
  });

  it('writes nothing when a connection is not configured, cannot use dbt, or fails', async () => {
    const forbidden = new OmniHttpError({
      method: 'GET',
      path: `/v1/connections/${STAGING}/dbt`,
      status: 403,
    });
    const harness = createHarness({
      live: {
        [PRODUCTION]: LIVE_PRODUCTION,
        [STAGING]: forbidden,
        [BIGQUERY]: { isConfigured: false, supportsDbt: false, message: 'not supported' },
      },
    });
    expect(await runCli(['import', PRODUCTION, STAGING, BIGQUERY], harness.io)).toBe(1);
    expect(harness.stderr()).toContain(
      `${STAGING}: GET /v1/connections/${STAGING}/dbt: Omni answered HTTP 403`,
    );
    expect(harness.stderr()).toContain('How to fix: OMNI_API_TOKEN is not allowed');
    expect(harness.stderr()).toContain('Nothing was written.');
    expect(harness.files.size).toBe(0);

    const notConfigured = createHarness();
    expect(await runCli(['import', BIGQUERY], notConfigured.io)).toBe(1);
    expect(notConfigured.stderr()).toContain('dbt is not configured on this connection yet');
  });

  it('writes the shared environments, secrets as fromEnv, and plan then reports them unchanged', async () => {
    const environments: LiveEnvironment[] = [
      {
        id: 'e-1',
        name: 'Production',
        isDefaultEnvironment: true,
        ownerId: null,
        targetSchema: 'analytics',
        targetDatabase: null,
        targetRole: null,
        targetName: 'prod',
        variables: [{ id: 'v-1', name: 'DBT_CLOUD_API_KEY', isSecret: true, value: null }],
      },
      {
        id: 'e-2',
        name: 'Alice dev',
        isDefaultEnvironment: false,
        ownerId: 'alice',
        targetSchema: 'dbt_alice',
        targetDatabase: null,
        targetRole: null,
        targetName: null,
        variables: [],
      },
    ];
    const harness = createHarness({
      live: { [PRODUCTION]: LIVE_PRODUCTION },
      environments: { [PRODUCTION]: environments },
      env: { DBT_CLOUD_API_KEY: 'unit-secret-value-456' },
    });
    expect(await runCli(['import', PRODUCTION], harness.io), harness.stderr()).toBe(0);
    const written = harness.files.get('/repo/omni-dbt.yml') ?? '';
    expect(written).toContain('DBT_CLOUD_API_KEY: { fromEnv: DBT_CLOUD_API_KEY } # secret:');
    expect(written).not.toContain('Alice dev');
    expect(harness.stderr()).toContain('warning: ');
    expect(harness.stderr()).toContain('1 personal environment was left out ("Alice dev")');
    expect(harness.stdout()).toContain('Wrote omni-dbt.yml with 1 connection and 1 shared environment.');

    expect(await runCli(['plan'], harness.io)).toBe(0);
    expect(harness.stdout()).toContain('unchanged  environment "Production"');
    expect(harness.stdout()).toContain('Plan: 1 connection: 1 unchanged; 1 environment: 1 unchanged.');
    expect(harness.stdout() + harness.stderr()).not.toContain('unit-secret-value-456');
  });

  it('writes the schedules, a disabled one with a comment and a repeated pair once, and plan then reports them unchanged', async () => {
    const schedule = (scheduleId: string, cron: string, timezone: string, disabledAt: string | null = null) =>
      ({
        scheduleId,
        schedule: cron,
        timezone,
        description: 'Omni words',
        disabledAt,
      }) satisfies LiveSchedule;
    const harness = createHarness({
      live: { [PRODUCTION]: LIVE_PRODUCTION },
      schedules: {
        [PRODUCTION]: [
          schedule('s-1', '0 6 * * ? *', 'Europe/Berlin'),
          schedule('s-2', '30 18 ? * MON-FRI *', 'America/New_York', '2026-02-01T12:00:00.000Z'),
          schedule('s-3', '0 6 * * ? *', 'Europe/Berlin'),
          // A cron Omni took that the file refuses (L-3 is not in EventBridge's reference): left in Omni.
          schedule('s-4', '0 0 L-3 * ? *', 'UTC'),
        ],
      },
    });
    expect(await runCli(['import', PRODUCTION], harness.io), harness.stderr()).toBe(0);
    const written = harness.files.get('/repo/omni-dbt.yml') ?? '';
    expect(written).toContain('schemaRefreshSchedules:');
    expect(written).toContain('- { schedule: "0 6 * * ? *", timezone: Europe/Berlin }');
    expect(written).toContain(
      '- { schedule: "30 18 ? * MON-FRI *", timezone: America/New_York } # disabled in Omni: it counts as present',
    );
    expect(written.match(/0 6 \* \* \? \*/g)).toHaveLength(1);
    expect(written).not.toContain('L-3');
    expect(harness.stderr()).toContain('Omni holds schedule 0 6 * * ? * (Europe/Berlin) more than once');
    expect(harness.stderr()).toContain('schedule 0 0 L-3 * ? * (UTC) is not written');
    expect(harness.stdout()).toContain(
      'Wrote omni-dbt.yml with 1 connection and 2 schema refresh schedules.',
    );

    expect(await runCli(['plan'], harness.io)).toBe(0);
    expect(harness.stdout()).toContain(
      'Plan: 1 connection: 1 unchanged; 4 schedules: 2 unchanged, 2 not in the file.',
    );
  });

  it('writes no schedules key for a connection Omni has none for', async () => {
    const harness = createHarness({ live: { [PRODUCTION]: LIVE_PRODUCTION } });
    expect(await runCli(['import', PRODUCTION], harness.io), harness.stderr()).toBe(0);
    expect(harness.files.get('/repo/omni-dbt.yml')).not.toContain('schemaRefreshSchedules');
  });

  it('writes nothing when an environment list cannot be read', async () => {
    const forbidden = new OmniHttpError({
      method: 'GET',
      path: `/v1/connections/${PRODUCTION}/dbt/environments`,
      status: 403,
    });
    const harness = createHarness({
      live: { [PRODUCTION]: LIVE_PRODUCTION },
      environments: { [PRODUCTION]: forbidden },
    });
    expect(await runCli(['import', PRODUCTION], harness.io)).toBe(1);
    expect(harness.stderr()).toContain(
      `${PRODUCTION}: GET /v1/connections/${PRODUCTION}/dbt/environments: Omni answered HTTP 403`,
    );
    expect(harness.stderr()).toContain('Nothing was written.');
    expect(harness.files.size).toBe(0);
  });
});

describe('runCli exposures', () => {
  const MODEL = '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f';
  const FILE = 'models/omni_exposures.yml';
  const WITH_EXPOSURES = `${CONFIG}exposures:\n  path: ${FILE}\n  models: [${MODEL}]\n`;
  const record = (identifier: string, title: string, dependsOn = ["ref('orders')"]): ExposureRecord => ({
    dashboardIdentifier: identifier,
    deduplicationName: title.toLowerCase(),
    exposure: {
      name: title.toLowerCase(),
      label: title,
      type: 'dashboard',
      owner: { name: 'Ann Lee', email: 'ann@acme.example' },
      dependsOn,
      url: `https://acme.omniapp.co/dashboards/${identifier}`,
      description: null,
    },
  });
  const RECORDS = [
    record('a1', 'Revenue'),
    record('b2', 'Churn'),
    { ...record('c3', 'Notes'), exposure: null },
  ];

  it('writes the file under the current directory, then finds it up to date', async () => {
    const harness = createHarness({
      files: { 'omni-dbt.yml': WITH_EXPOSURES },
      exposures: { [MODEL]: RECORDS },
    });
    expect(await runCli(['exposures'], harness.io)).toBe(0);
    const written = harness.files.get(`/repo/${FILE}`) ?? '';
    expect(written).toContain('  - name: churn\n');
    expect(written).toContain('  - name: revenue\n');
    expect(harness.stdout()).toContain(`Omni dbt exposures of omni-dbt.yml → ${FILE}`);
    expect(harness.stdout()).toContain(
      `  model ${MODEL}: 2 exposures from 3 dashboards (1 without dbt models)`,
    );
    expect(harness.stdout()).toContain('  + revenue  "Revenue"');
    expect(harness.stdout()).toContain(
      `Wrote ${FILE}, a new file: 2 exposures from 3 dashboards (1 without dbt models).`,
    );

    const again = createHarness({
      files: { 'omni-dbt.yml': WITH_EXPOSURES, [FILE]: written },
      exposures: { [MODEL]: RECORDS },
    });
    expect(await runCli(['exposures', '--check'], again.io)).toBe(0);
    expect(again.stdout()).toContain(`${FILE} is up to date`);
  });

  it('--check exits 1 on a stale file and leaves it; --stdout prints the file and puts the report on stderr', async () => {
    const stale = 'version: 2\nexposures: []\n';
    const harness = createHarness({
      files: { 'omni-dbt.yml': WITH_EXPOSURES, [FILE]: stale },
      exposures: { [MODEL]: RECORDS },
    });
    expect(await runCli(['exposures', '--check'], harness.io)).toBe(1);
    expect(harness.files.get(`/repo/${FILE}`)).toBe(stale);
    expect(harness.stdout()).toContain(`${FILE} is out of date (2 added, 0 removed, 0 changed)`);

    const printing = createHarness({
      files: { 'omni-dbt.yml': WITH_EXPOSURES },
      exposures: { [MODEL]: RECORDS },
    });
    expect(await runCli(['exposures', '--stdout'], printing.io)).toBe(0);
    expect(printing.stdout()).toMatch(/^# Generated by omni-dbt/);
    expect(printing.stdout()).toContain('version: 2\nexposures:\n');
    expect(printing.stderr()).toContain('Printed the exposures file: 2 exposures from 3 dashboards');
    expect(printing.files.has(`/repo/${FILE}`)).toBe(false);
  });

  it('--json prints the result with its exposures, and exits as the check does', async () => {
    const harness = createHarness({
      files: { 'omni-dbt.yml': WITH_EXPOSURES },
      exposures: { [MODEL]: RECORDS },
    });
    expect(await runCli(['exposures', '--json'], harness.io)).toBe(0);
    const result = JSON.parse(harness.stdout());
    expect(result.mode).toBe('exposures');
    expect(result.exposures).toMatchObject({ path: FILE, status: 'written', added: ['churn', 'revenue'] });
    expect(result.connections.map((c: { status: string }) => c.status)).toEqual(['skipped', 'skipped']);
  });

  it('writes nothing when a model cannot be read, and prints the error with its hint', async () => {
    const notFound = new OmniHttpError({
      method: 'GET',
      path: `/v1/models/${MODEL}/dbt-exposures`,
      status: 404,
    });
    const harness = createHarness({
      files: { 'omni-dbt.yml': WITH_EXPOSURES },
      exposures: { [MODEL]: notFound },
    });
    expect(await runCli(['exposures'], harness.io)).toBe(1);
    expect(harness.files.has(`/repo/${FILE}`)).toBe(false);
    expect(harness.stdout()).toContain(`! failed (HTTP 404)  model ${MODEL}`);
    expect(harness.stdout()).toContain(
      'hint: No such model on this Omni instance: check the model id in omni-dbt.yml (omniModel, omniModels or exposures.models',
    );
    expect(harness.stdout()).toContain(`1 of 1 model could not be read, so ${FILE} was not written`);
  });

  it('needs the exposures block, and OMNI_API_TOKEN before anything is read', async () => {
    const harness = createHarness({ files: { 'omni-dbt.yml': CONFIG } });
    expect(await runCli(['exposures'], harness.io)).toBe(1);
    expect(harness.stdout()).toContain('omni-dbt.yml has no `exposures` block');
    const noToken = createHarness({ files: { 'omni-dbt.yml': WITH_EXPOSURES }, env: { OMNI_API_TOKEN: '' } });
    expect(await runCli(['exposures'], noToken.io)).toBe(2);
    expect(noToken.clientSettings).toEqual([]);
  });

  it('shows a title from Omni without passing its control characters to the terminal', async () => {
    const harness = createHarness({
      files: { 'omni-dbt.yml': WITH_EXPOSURES },
      exposures: { [MODEL]: [record('e1', 'Evil \u001b[2J\u001b]0;pwned\u0007 title')] },
    });
    expect(await runCli(['exposures'], harness.io)).toBe(0);
    expect(harness.stdout()).not.toContain('\u001b');
    expect(harness.stdout()).toContain('"Evil \\u001b[2J\\u001b]0;pwned\\u0007 title"');
  });
});

describe('runCli refresh', () => {
  const MODEL = '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f';
  const REFRESH_CONFIG = CONFIG.replace(
    `  - id: ${PRODUCTION}\n`,
    `  - id: ${PRODUCTION}\n    omniModels: [${MODEL}]\n`,
  );
  const broken: ContentIssue = {
    documentId: 'doc-1',
    identifier: 'rev-overview',
    documentName: 'Revenue overview',
    folderPath: '/Finance',
    kind: 'query',
    queryName: 'Revenue by month',
    queryId: 'q-1',
    message: "Field 'orders.amount' not found in model",
  };
  /** A model whose refresh completes at once: before it no issue, after it `broken`. */
  function createRefreshCalls() {
    const sent: string[] = [];
    let isRefreshed = false;
    const calls: Partial<OmniClient> = {
      async startRefresh(modelId, options) {
        sent.push(
          `refresh ${modelId}${options?.branchId === undefined ? '' : ` branch ${options.branchId}`}`,
        );
        isRefreshed = true;
        return { jobId: 'job-1', state: 'completed' };
      },
      async validateModel(modelId) {
        sent.push(`validate ${modelId}`);
        return [];
      },
      async validateContent(modelId) {
        sent.push(`content ${modelId}`);
        return { issues: isRefreshed ? [broken] : [], documentCount: isRefreshed ? 1 : 0 };
      },
    };
    return { calls, sent };
  }

  it('refuses without --yes when stdin is not a terminal, before any request', async () => {
    const { calls, sent } = createRefreshCalls();
    const harness = createHarness({ files: { 'omni-dbt.yml': REFRESH_CONFIG }, calls });
    expect(await runCli(['refresh'], harness.io)).toBe(2);
    expect(harness.stderr()).toContain('Pass --yes to refresh without asking.');
    expect(sent).toEqual([]);
  });

  it('on a terminal shows what it will refresh, asks, and refreshes only on "yes"', async () => {
    const declined = createRefreshCalls();
    const no = createHarness({
      files: { 'omni-dbt.yml': REFRESH_CONFIG },
      calls: declined.calls,
      isTTY: true,
      answer: 'no',
    });
    expect(await runCli(['refresh'], no.io)).toBe(1);
    expect(no.stdout()).toContain(
      `omni-dbt refresh of omni-dbt.yml on acme.omniapp.co:\n  Snowflake production (${PRODUCTION}): refreshes the schema of shared model ${MODEL}\n`,
    );
    expect(no.questions).toEqual([expect.stringContaining('Refresh 1 schema? Everyone in Omni sees')]);
    expect(no.stderr()).toContain('Refresh cancelled; nothing was refreshed.');
    expect(declined.sent).toEqual([]);

    const accepted = createRefreshCalls();
    const yes = createHarness({
      files: { 'omni-dbt.yml': REFRESH_CONFIG },
      calls: accepted.calls,
      isTTY: true,
      answer: 'yes',
      env: { NO_COLOR: '1' },
    });
    // The deploy broke a dashboard: new issues fail the command, as fail-on-impact: new.
    expect(await runCli(['refresh'], yes.io)).toBe(1);
    expect(accepted.sent.filter((call) => call.startsWith('refresh'))).toEqual([`refresh ${MODEL}`]);
    expect(yes.stdout()).toContain('~ refreshed  Snowflake production');
    expect(yes.stdout()).toContain('✗ breaks 1 dashboard (1 query)');
    expect(yes.stdout()).toContain(
      "new: Revenue overview — Revenue by month: Field 'orders.amount' not found in model",
    );
    expect(yes.stdout()).toContain('Refresh: 2 connections: 1 refreshed, 1 skipped.');
    expect(yes.stdout()).toContain('note: Not part of this run: the connection lists no `omniModels`');
    expect(yes.gets).toEqual([]);
  });

  it('with --yes and --fail-on-impact none: no question, exit 0, and --json gives result with the impact', async () => {
    const { calls, sent } = createRefreshCalls();
    const harness = createHarness({ files: { 'omni-dbt.yml': REFRESH_CONFIG }, calls });
    expect(await runCli(['refresh', '--yes', '--fail-on-impact', 'none', '--json'], harness.io)).toBe(0);
    expect(harness.questions).toEqual([]);
    expect(sent).toEqual([
      `validate ${MODEL}`,
      `content ${MODEL}`,
      `refresh ${MODEL}`,
      `validate ${MODEL}`,
      `content ${MODEL}`,
    ]);
    const result = JSON.parse(harness.stdout());
    expect(result.mode).toBe('refresh');
    expect(result.connections[0]).toMatchObject({
      id: PRODUCTION,
      action: 'update',
      status: 'applied',
      impact: { refreshed: true, newIssues: [{ document: 'Revenue overview', identifier: 'rev-overview' }] },
    });
    expect(result.connections[1]).toMatchObject({ id: STAGING, status: 'skipped' });
    expect(harness.stdout() + harness.stderr()).not.toContain(TOKEN);
  });

  it('refuses a --fail-on-impact other than new, any or none without echoing it', async () => {
    const harness = createHarness({ files: { 'omni-dbt.yml': REFRESH_CONFIG } });
    expect(await runCli(['refresh', '--fail-on-impact', 'sometimes'], harness.io)).toBe(2);
    expect(harness.stderr()).toContain('--fail-on-impact takes new, any, none');
    expect(harness.stderr()).not.toContain('sometimes');
  });
});
