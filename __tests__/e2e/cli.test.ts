// The built CLI end to end: `node dist/cli/index.js` (or $OMNI_DBT_CLI) as a child process, against the
// sandbox over real HTTP, asserting on exit status, stdout, stderr, written files and the request log.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server.js';
import { REPO_ROOT } from '../../scripts/runner.js';
import { formatIssue, loadConfig } from '../../src/core/config/load.js';
import { listInvalidFixtures, listValidFixtures } from '../fixtures/config/corpus.js';
import {
  BIGQUERY_ID as BIGQUERY,
  PRODUCTION_ID as PRODUCTION,
  STAGING_ID as STAGING,
} from '../support/dbt-fixtures.js';
import { listNodeRuntimes } from './runtimes.js';

const CLI = path.resolve(REPO_ROOT, process.env.OMNI_DBT_CLI ?? 'dist/cli/index.js');
const TOKEN = 'sandbox-token';
const EXAMPLE_PATH = path.join(REPO_ROOT, 'examples/omni-dbt.yml');
const FIXTURES = path.join(REPO_ROOT, '__tests__/fixtures/config');
/** Every connection of sandbox/seed.json that has dbt configured. */
const CONFIGURED = [
  PRODUCTION,
  STAGING,
  'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  'b7e6d5c4-b3a2-4918-8776-655443322110',
  'd15ea5e0-0000-4000-8000-000000000001',
];

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type CliRun = { exitCode: number | null; stdout: string; stderr: string };

const workspaces: string[] = [];

async function createWorkspace(files: Record<string, string> = {}): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'omni-dbt-cli-'));
  workspaces.push(directory);
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(directory, name), text);
  return directory;
}

/** Runs the CLI with a clean environment (no FORCE_COLOR from the test runner) and stdin a closed pipe. */
function runCli(
  nodePath: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(nodePath, [CLI, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdin.end();
    child.on('error', reject);
    child.on('close', (exitCode) => {
      // Whatever the command, the token must never be printed. Checked here but thrown from the test's
      // own await (a throw inside this handler would hang the test until its timeout instead of failing).
      if ((stdout + stderr).includes(TOKEN)) {
        reject(new Error(`The CLI printed the token (args: ${args.join(' ')})`));
        return;
      }
      resolve({ exitCode, stdout, stderr });
    });
  });
}

afterAll(async () => {
  await Promise.all(workspaces.map((directory) => rm(directory, { recursive: true, force: true })));
});

describe.each(listNodeRuntimes())('the built CLI on $label', ({ nodePath }) => {
  let sandbox: Sandbox;
  const remoteEnv = () => ({ OMNI_URL: sandbox.url, OMNI_API_TOKEN: TOKEN });

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, tokens: [TOKEN] });
  });
  afterEach(() => sandbox.reset());
  afterAll(() => sandbox.close());

  it('prints help for the CLI and each command, and the version', async () => {
    const cwd = await createWorkspace();
    const top = await runCli(nodePath, ['--help'], { cwd });
    expect(top.exitCode).toBe(0);
    expect(top.stdout).toContain('Usage: omni-dbt <command>');
    for (const command of ['validate', 'plan', 'apply', 'import', 'schema']) {
      const run = await runCli(nodePath, [command, '--help'], { cwd });
      expect(run.exitCode, command).toBe(0);
      expect(run.stdout).toContain(`Usage: omni-dbt ${command}`);
    }
    const version = await runCli(nodePath, ['--version'], { cwd });
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it.each(listInvalidFixtures().map((fixture) => [fixture.file, fixture]))(
    'validate %s exits 1 with the located messages the action gives',
    async (file, fixture) => {
      const relative = `invalid/${file}`;
      const run = await runCli(nodePath, ['validate', relative], { cwd: FIXTURES });
      expect(run.exitCode).toBe(1);
      const loaded = loadConfig(await readFile(fixture.path, 'utf8'), relative);
      expect(loaded.ok).toBe(false);
      if (loaded.ok) return;
      const lines = run.stderr.split('\n');
      const errors = loaded.issues.filter((issue) => issue.severity === 'error');
      expect(errors.length).toBeGreaterThan(0);
      for (const issue of errors) expect(lines).toContain(formatIssue(issue));
      for (const expected of fixture.expected) {
        expect(run.stderr).toContain(`${relative}:${expected.line}:${expected.column}: ${expected.field}: `);
      }
      expect(run.stdout).toBe('');
    },
  );

  it.runIf(process.platform !== 'win32')(
    'refuses a FIFO or a device as a config file instead of reading it until it ends',
    async () => {
      const cwd = await createWorkspace({ 'omni-dbt.yml': readFileSync(EXAMPLE_PATH, 'utf8') });
      execFileSync('mkfifo', [path.join(cwd, 'pipe.yml')]);
      // Without the guard, reading the FIFO waits for a writer that never comes: the test times out.
      const validated = await runCli(nodePath, ['validate', 'pipe.yml', 'omni-dbt.yml', '/dev/zero'], {
        cwd,
      });
      expect(validated.exitCode).toBe(1);
      expect(validated.stderr).toContain(
        'pipe.yml: is not a regular file (a named pipe (FIFO)), so it was not read. Pass the path of omni-dbt.yml itself (see --help).',
      );
      expect(validated.stderr).toContain('/dev/zero: is not a regular file (a device), so it was not read.');
      expect(validated.stdout).toContain('omni-dbt.yml is valid');
      const planned = await runCli(nodePath, ['plan', '--config', 'pipe.yml'], { cwd, env: remoteEnv() });
      expect(planned.exitCode).toBe(1);
      expect(planned.stderr).toContain('omni-dbt: pipe.yml: is not a regular file');
      expect(sandbox.requests).toEqual([]);
    },
  );

  it('validate exits 0 on the example and the valid fixtures, several files at once', async () => {
    const files = [EXAMPLE_PATH, ...listValidFixtures().map((fixture) => fixture.path)];
    const run = await runCli(nodePath, ['validate', ...files], { cwd: REPO_ROOT });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(files.length);
    expect(sandbox.requests).toEqual([]);
  });

  it('import against the sandbox writes a file that plan reports all unchanged, with no PUT', async () => {
    const cwd = await createWorkspace();
    const imported = await runCli(nodePath, ['import', ...CONFIGURED, '--name', `${PRODUCTION}=Production`], {
      cwd,
      env: remoteEnv(),
    });
    expect(imported.exitCode, imported.stderr).toBe(0);
    const yaml = await readFile(path.join(cwd, 'omni-dbt.yml'), 'utf8');
    expect(yaml).toContain('name: Production');

    const validated = await runCli(nodePath, ['validate'], { cwd });
    expect(validated.exitCode, validated.stderr).toBe(0);

    const plan = await runCli(nodePath, ['plan', '--json'], { cwd, env: remoteEnv() });
    expect(plan.exitCode, plan.stderr).toBe(0);
    const result = JSON.parse(plan.stdout);
    expect(result.connections.map((c: { id: string }) => c.id)).toEqual(CONFIGURED);
    for (const connection of result.connections) {
      expect(connection).toMatchObject({ action: 'unchanged', status: 'unchanged', changes: [] });
    }
    const readable = await runCli(nodePath, ['plan'], { cwd, env: remoteEnv() });
    expect(readable.stdout).toContain(
      'Plan: 5 connections: 5 unchanged; 8 environments: 8 unchanged; 3 schedules: 3 unchanged.',
    );
    expect(sandbox.requests.filter((request) => request.method === 'PUT')).toEqual([]);

    const again = await runCli(nodePath, ['import', PRODUCTION], { cwd, env: remoteEnv() });
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain('exists already');
    expect(await readFile(path.join(cwd, 'omni-dbt.yml'), 'utf8')).toBe(yaml);
  });

  it('import writes the shared environments, secrets as fromEnv; plan shows them unchanged; apply changes one', async () => {
    const secret = 'e2e-secret-value-7f3a';
    const cwd = await createWorkspace();
    const imported = await runCli(nodePath, ['import', PRODUCTION], { cwd, env: remoteEnv() });
    expect(imported.exitCode, imported.stderr).toBe(0);
    expect(imported.stderr).toContain('1 personal environment was left out ("Alice dev")');
    const yaml = await readFile(path.join(cwd, 'omni-dbt.yml'), 'utf8');
    expect(yaml).toContain(
      "DBT_CLOUD_API_KEY: { fromEnv: DBT_CLOUD_API_KEY } # secret: set DBT_CLOUD_API_KEY in the step's env: from a GitHub secret",
    );
    expect(yaml).not.toContain('sandbox-seeded-secret-1');
    expect(yaml).not.toContain('Alice dev');
    // Its schedules too, the one disabled in Omni with a comment: the plan then counts both unchanged.
    expect(yaml).toContain('- { schedule: "0 6 * * ? *", timezone: Europe/Berlin }');
    expect(yaml).toContain(
      '- { schedule: "30 18 ? * MON-FRI *", timezone: America/New_York } # disabled in Omni: it counts as present',
    );
    const loaded = loadConfig(yaml, 'omni-dbt.yml');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    // Four environments take two pages of the sandbox's three: the personal one was on one of them.
    expect(loaded.config.connections[0]?.environments?.map((environment) => environment.name)).toEqual([
      'Production',
      'Nightly full refresh',
      'Staging checks',
    ]);

    const env = { ...remoteEnv(), DBT_CLOUD_API_KEY: secret };
    const plan = await runCli(nodePath, ['plan'], { cwd, env });
    expect(plan.exitCode, plan.stderr).toBe(0);
    for (const name of ['Production', 'Nightly full refresh', 'Staging checks']) {
      expect(plan.stdout).toContain(`unchanged  environment "${name}"`);
    }
    expect(plan.stdout).toContain(
      'Plan: 1 connection: 1 unchanged; 3 environments: 3 unchanged; 2 schedules: 2 unchanged.',
    );
    expect(plan.stdout).toContain('No changes: Omni already matches the file.');

    const before = sandbox.getEnvironments(PRODUCTION);
    const edited = yaml.replace('targetSchema: analytics_nightly\n', 'targetSchema: analytics_nightly_v2\n');
    expect(edited).not.toBe(yaml);
    await writeFile(path.join(cwd, 'omni-dbt.yml'), edited);
    const writesBefore = sandbox.requests.length;
    const apply = await runCli(nodePath, ['apply', '--yes'], { cwd, env });
    expect(apply.exitCode, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('~ updated    environment "Nightly full refresh"');
    expect(apply.stdout).toContain('targetSchema: "analytics_nightly" → "analytics_nightly_v2"');
    expect(apply.stdout).toContain(
      'Applied: 1 connection: 1 updated; 3 environments: 1 updated, 2 unchanged; 2 schedules: 2 unchanged.',
    );
    const writes = sandbox.requests
      .slice(writesBefore)
      .filter((request) => request.method !== 'GET')
      .map((request) => [request.method, request.route]);
    expect(writes).toEqual([['PUT', 'environments']]);
    const after = sandbox.getEnvironments(PRODUCTION);
    const nightly = before.find(
      (environment: { name: string }) => environment.name === 'Nightly full refresh',
    );
    expect(after).toEqual(
      before.map((environment: { name: string }) =>
        environment === nightly ? { ...nightly, targetSchema: 'analytics_nightly_v2' } : environment,
      ),
    );
    for (const run of [imported, plan, apply]) expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it('right after import, apply --yes with the secret unset in the shell has nothing to do: exit 0, the variable not checked', async () => {
    const cwd = await createWorkspace();
    const imported = await runCli(nodePath, ['import', PRODUCTION], { cwd, env: remoteEnv() });
    expect(imported.exitCode, imported.stderr).toBe(0);
    const writesBefore = sandbox.requests.length;
    // DBT_CLOUD_API_KEY is not in the environment: Omni holds the secret, and nothing would send it.
    const apply = await runCli(nodePath, ['apply', '--yes'], { cwd, env: remoteEnv() });
    expect(apply.exitCode, apply.stdout + apply.stderr).toBe(0);
    expect(sandbox.requests.slice(writesBefore).filter((request) => request.method !== 'GET')).toEqual([]);
    expect(apply.stdout).toContain(`    unchanged  ${PRODUCTION}\n`);
    expect(apply.stdout).toContain(
      'note: Variable DBT_CLOUD_API_KEY was not checked: DBT_CLOUD_API_KEY is not set, and Omni already holds its secret value, which is kept.',
    );
    expect(apply.stdout).toContain(
      'Applied: 1 connection: 1 unchanged; 3 environments: 3 unchanged; 2 schedules: 2 unchanged.',
    );
    expect(apply.stdout).toContain('Everything was already up to date.');
    expect(apply.stdout + apply.stderr).not.toMatch(/unset or empty|the step|GitHub secret/);

    // Sending it again needs it: then the apply refuses the connection in the shell's terms.
    const again = await runCli(nodePath, ['apply', '--yes', '--update-secrets'], { cwd, env: remoteEnv() });
    expect(again.exitCode).toBe(1);
    expect(again.stdout).toContain(
      'DBT_CLOUD_API_KEY (variable DBT_CLOUD_API_KEY of environment "Production", to send it again (--update-secrets)) is unset or empty in your shell; nothing of this connection was written.',
    );
    expect(again.stdout).toContain('How to fix: Set it in your shell first: `export DBT_CLOUD_API_KEY=…`');
    expect(again.stdout).not.toMatch(/the step|GitHub secret|env:/);
    expect(sandbox.requests.slice(writesBefore).filter((request) => request.method !== 'GET')).toEqual([]);
  });

  it('import refuses a connection without dbt, and writes nothing', async () => {
    const cwd = await createWorkspace();
    const run = await runCli(nodePath, ['import', PRODUCTION, BIGQUERY], { cwd, env: remoteEnv() });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`${BIGQUERY}: dbt is not configured`);
    await expect(readFile(path.join(cwd, 'omni-dbt.yml'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('plan --json prints the action’s result output and sends no PUT', async () => {
    const cwd = await createWorkspace({ 'omni-dbt.yml': await readFile(EXAMPLE_PATH, 'utf8') });
    const run = await runCli(nodePath, ['plan', '--json'], { cwd, env: remoteEnv() });
    expect(run.exitCode, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(Object.keys(result).sort()).toEqual(['connections', 'mode']);
    expect(result.mode).toBe('dry-run');
    for (const connection of result.connections) {
      expect(Object.keys(connection).sort()).toEqual([
        'action',
        'changes',
        'error',
        'httpStatus',
        'id',
        'name',
        'status',
      ]);
    }
    expect(
      result.connections.map((c: { id: string; action: string; status: string }) => [
        c.id,
        c.action,
        c.status,
      ]),
    ).toEqual([
      [PRODUCTION, 'unchanged', 'unchanged'],
      [STAGING, 'update', 'planned'],
      [BIGQUERY, 'create', 'planned'],
    ]);
    expect(sandbox.requests.map((request) => request.method)).toEqual(['GET', 'GET', 'GET']);
  });

  it('plan prints a readable plan without colour when stdout is not a terminal', async () => {
    const cwd = await createWorkspace({ 'omni-dbt.yml': await readFile(EXAMPLE_PATH, 'utf8') });
    const run = await runCli(nodePath, ['plan'], { cwd, env: remoteEnv() });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('~ update');
    expect(run.stdout).toContain('+ create');
    expect(run.stdout).toContain('Plan: 3 connections: 1 to create, 1 to update, 1 unchanged.');
    expect(run.stdout).not.toContain('\u001b[');
    const forced = await runCli(nodePath, ['plan'], { cwd, env: { ...remoteEnv(), FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\u001b[');
  });

  it('apply refuses to run without --yes when stdin is not a terminal', async () => {
    const cwd = await createWorkspace({ 'omni-dbt.yml': await readFile(EXAMPLE_PATH, 'utf8') });
    const run = await runCli(nodePath, ['apply'], { cwd, env: remoteEnv() });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--yes');
    expect(sandbox.requests).toEqual([]);
  });

  it('apply --yes PUTs the connections that differ, then plan shows no changes', async () => {
    const cwd = await createWorkspace({ 'omni-dbt.yml': await readFile(EXAMPLE_PATH, 'utf8') });
    const run = await runCli(nodePath, ['apply', '--yes'], { cwd, env: remoteEnv() });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('Applied: 3 connections: 1 created, 1 updated, 1 unchanged.');
    const puts = sandbox.requests.filter((request) => request.method === 'PUT');
    expect(puts.map((request) => request.connectionId).sort()).toEqual([STAGING, BIGQUERY].sort());

    const plan = await runCli(nodePath, ['plan'], { cwd, env: remoteEnv() });
    expect(plan.stdout).toContain('Plan: 3 connections: 3 unchanged.');
  });

  it('exits 2 with a clear message when OMNI_API_TOKEN or OMNI_URL is missing', async () => {
    const cwd = await createWorkspace({ 'omni-dbt.yml': await readFile(EXAMPLE_PATH, 'utf8') });
    const noToken = await runCli(nodePath, ['plan'], { cwd, env: { OMNI_URL: sandbox.url } });
    expect(noToken.exitCode).toBe(2);
    expect(noToken.stderr).toContain('OMNI_API_TOKEN is not set');
    const noUrl = await runCli(nodePath, ['import', PRODUCTION], { cwd, env: { OMNI_API_TOKEN: TOKEN } });
    expect(noUrl.exitCode).toBe(2);
    expect(noUrl.stderr).toContain('OMNI_URL is not set');
    expect(sandbox.requests).toEqual([]);
  });

  it('exits 1 when Omni refuses the token, without printing it', async () => {
    const cwd = await createWorkspace({ 'omni-dbt.yml': await readFile(EXAMPLE_PATH, 'utf8') });
    const run = await runCli(nodePath, ['plan'], {
      cwd,
      env: { OMNI_URL: sandbox.url, OMNI_API_TOKEN: 'wrong-token-value' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('401');
    expect(run.stdout + run.stderr).not.toContain('wrong-token-value');
  });

  it('schema prints a JSON Schema', async () => {
    const cwd = await createWorkspace();
    const run = await runCli(nodePath, ['schema'], { cwd });
    expect(run.exitCode).toBe(0);
    const schema = JSON.parse(run.stdout);
    expect(schema).toHaveProperty('properties.connections');
  });

  it('exits 2 on a usage error', async () => {
    const cwd = await createWorkspace();
    const run = await runCli(nodePath, ['plan', '--api-token', TOKEN], { cwd });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('OMNI_API_TOKEN');
  });
});
