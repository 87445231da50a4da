// The built action (`node dist/index.js`, as the runner runs it) and the built CLI writing the dbt exposures
// file against the sandbox: the file dbt's schemas accept, exposures-changed, a re-run that leaves the bytes
// as they were, the drift check on a stale file, the same bytes from the CLI, no token in any visible text
// (the file included), and a symbolic link out of the workspace refused without writing.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server.js';
import { generateDashboards, generateExposuresConfig } from '../../scripts/bench/fixtures.js';
import { PUSH_EVENT, runBuiltAction } from '../../scripts/runner.js';
import { NOT_IN_EXPOSURES_MODE } from '../../src/core/run/not-planned.js';
import { runBuiltCli } from '../support/built-cli.js';
import { PRODUCTION_ID } from '../support/dbt-fixtures.js';
import { readExposuresFile } from '../support/dbt-schemas.js';
import { listNodeRuntimes } from './runtimes.js';

const TOKEN = 'sandbox-token-e2e-exposures-7f3a';
const FILE = 'models/omni_exposures/omni_exposures.yml';
const CONFIG = generateExposuresConfig({ maturity: 'medium' });
const SCHEDULE_EVENT = { schedule: '17 3 * * *', repository: { default_branch: 'main' } };

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

let sandbox: Sandbox;
let root: string;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tokens: [TOKEN] });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  sandbox.reset();
  root = await mkdtemp(path.join(tmpdir(), 'omni-dbt-e2e-exposures-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** A workspace (a checkout) with omni-dbt.yml and `files`. */
async function createWorkspace(name: string, files: Record<string, string> = {}): Promise<string> {
  const workspace = path.join(root, name);
  for (const [file, text] of Object.entries({ 'omni-dbt.yml': CONFIG, ...files })) {
    await mkdir(path.dirname(path.join(workspace, file)), { recursive: true });
    await writeFile(path.join(workspace, file), text);
  }
  return workspace;
}

const inputs = (extra: Record<string, string> = {}) => ({
  'omni-url': sandbox.url,
  'api-token': TOKEN,
  config: 'omni-dbt.yml',
  mode: 'exposures',
  'allow-custom-host': 'false',
  ...extra,
});

const cliEnv = () => ({ OMNI_URL: sandbox.url, OMNI_API_TOKEN: TOKEN, NO_COLOR: '1' });
const readIn = (workspace: string) => readFile(path.join(workspace, FILE), 'utf8');

describe.each(listNodeRuntimes())('the built action in mode: exposures on $label', ({ nodePath }) => {
  it('writes the file dbt accepts, then leaves it byte for byte as it was on a run without changes', async () => {
    const workspace = await createWorkspace('checkout');
    const first = await runBuiltAction({
      nodePath,
      workspace,
      inputs: inputs(),
      eventName: 'schedule',
      event: SCHEDULE_EVENT,
    });
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    expect(first.outputs).toMatchObject({
      'exposures-changed': 'true',
      'has-changes': 'true',
      changed: '16',
      failed: '0',
    });
    const result = JSON.parse(first.outputs.result ?? '');
    expect(result.mode).toBe('exposures');
    expect(result.connections).toEqual([
      expect.objectContaining({ id: PRODUCTION_ID, status: 'skipped', error: NOT_IN_EXPOSURES_MODE }),
    ]);
    expect(result.exposures).toMatchObject({
      path: FILE,
      status: 'written',
      dashboards: 17,
      written: 16,
      withoutDbtModels: 1,
    });
    const written = await readIn(workspace);
    const exposures = readExposuresFile(written);
    expect(exposures).toHaveLength(16);
    expect(exposures.every((exposure) => exposure.maturity === 'medium')).toBe(true);
    expect(first.summary).toContain('## ✅ Omni dbt exposures');
    expect(first.summary).toContain(
      '**Exposures:** 16 exposures from 17 dashboards (1 without dbt models), over 1 model.',
    );
    expect(first.stdout).toContain(
      `Wrote ${FILE}, a new file: 16 exposures from 17 dashboards (1 without dbt models).`,
    );
    expect(first.summary).toContain('| `2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f` | 17 | 16 | 1 | ✅ read | — |');
    expect(first.stdout).not.toContain('::error');

    const second = await runBuiltAction({
      nodePath,
      workspace,
      inputs: inputs(),
      eventName: 'schedule',
      event: SCHEDULE_EVENT,
    });
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    expect(second.outputs).toMatchObject({
      'exposures-changed': 'false',
      'has-changes': 'false',
      changed: '0',
    });
    expect(second.summary).toContain('## ✅ Omni dbt exposures');
    expect(second.stdout).toContain(
      `${FILE} is up to date: 16 exposures from 17 dashboards (1 without dbt models).`,
    );
    expect(await readIn(workspace)).toBe(written);
  });
});

describe('the built action and the built CLI in mode: exposures', () => {
  it('fails the drift check on a stale committed file, and leaves it unwritten', async () => {
    const reference = await createWorkspace('reference');
    expect(
      (await runBuiltAction({ workspace: reference, inputs: inputs(), event: PUSH_EVENT })).exitCode,
    ).toBe(0);
    const stale = (await readIn(reference)).replace('label: Payments mix', 'label: Payments (renamed since)');
    const workspace = await createWorkspace('checkout', { [FILE]: stale });

    const run = await runBuiltAction({
      workspace,
      inputs: inputs({ 'fail-on-changes': 'true' }),
      event: PUSH_EVENT,
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ 'exposures-changed': 'true', changed: '1' });
    expect(run.stdout).toContain(`::error::${FILE} is out of date (0 added, 0 removed, 1 changed)`);
    expect(run.summary).toContain('<summary>Changed (1)</summary>');
    expect(await readIn(workspace)).toBe(stale);
  });

  it('writes the same bytes from the CLI as from the action; --check and --stdout agree and write nothing', async () => {
    const fromAction = await createWorkspace('action');
    expect(
      (await runBuiltAction({ workspace: fromAction, inputs: inputs(), event: PUSH_EVENT })).exitCode,
    ).toBe(0);
    const actionBytes = await readIn(fromAction);

    const fromCli = await createWorkspace('cli');
    const written = await runBuiltCli(['exposures'], { cwd: fromCli, env: cliEnv() });
    expect(written.exitCode, written.stderr).toBe(0);
    expect(written.stdout).toContain(
      `Wrote ${FILE}, a new file: 16 exposures from 17 dashboards (1 without dbt models)`,
    );
    expect(await readIn(fromCli)).toBe(actionBytes);

    const checked = await runBuiltCli(['exposures', '--check'], { cwd: fromAction, env: cliEnv() });
    expect(checked.exitCode, checked.stdout + checked.stderr).toBe(0);
    expect(checked.stdout).toContain(`${FILE} is up to date`);

    const printed = await runBuiltCli(['exposures', '--stdout'], { cwd: fromAction, env: cliEnv() });
    expect(printed.exitCode).toBe(0);
    expect(printed.stdout).toBe(actionBytes);
    expect(printed.stderr).toContain('Printed the exposures file: 16 exposures from 17 dashboards');

    const stale = actionBytes.replace('label: Payments mix', 'label: Payments (old)');
    const staleCheckout = await createWorkspace('stale', { [FILE]: stale });
    const drift = await runBuiltCli(['exposures', '--check', '--json'], {
      cwd: staleCheckout,
      env: cliEnv(),
    });
    expect(drift.exitCode).toBe(1);
    expect(JSON.parse(drift.stdout).exposures).toMatchObject({
      status: 'drifted',
      updated: ['payments_mix'],
    });
    expect(await readIn(staleCheckout)).toBe(stale);
  });

  it('shows the token in no visible text, the file included, even where a dashboard title holds it', async () => {
    const [board] = generateDashboards(1);
    if (board === undefined) throw new Error('no dashboard generated');
    sandbox.setDocuments([
      ...sandbox.getDocuments(),
      { ...board, identifier: 'leaky', name: `Quarterly ${TOKEN} @finance-team <b>bold</b>` },
    ]);
    const workspace = await createWorkspace('checkout');
    const run = await runBuiltAction({ workspace, inputs: inputs(), event: PUSH_EVENT });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const file = await readIn(workspace);
    const cliWorkspace = await createWorkspace('cli');
    const cli = await runBuiltCli(['exposures'], { cwd: cliWorkspace, env: cliEnv() });
    expect(cli.exitCode).toBe(0);
    const visible = [
      // `::add-mask::` is the one place the token may be: it tells the runner to mask it.
      run.stdout.replace(/^::add-mask::.*$/gm, ''),
      run.stderr,
      run.summary,
      ...Object.values(run.outputs),
      file,
      cli.stdout,
      cli.stderr,
      await readIn(cliWorkspace),
    ];
    for (const text of visible) expect(text).not.toContain(TOKEN);
    expect(file).toContain('label: Quarterly *** @finance-team <b>bold</b>');
    // In the summary the title is text: no mention, no HTML.
    expect(run.summary).toContain('Quarterly \\*\\*\\* @\u200Dfinance-team &lt;b&gt;bold&lt;/b&gt;');
    expect(run.summary).not.toContain('<b>');
  });

  it('refuses a path through a symbolic link out of the workspace: nothing is written there, nothing sent', async () => {
    const outside = path.join(root, 'outside');
    await mkdir(outside);
    const run = await runBuiltAction({
      inputs: inputs(),
      files: { 'omni-dbt.yml': CONFIG },
      links: { models: outside },
      event: PUSH_EVENT,
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(
      `::error::${FILE}: the folder models is a symbolic link, so the exposures file was not written`,
    );
    expect(run.outputs['exposures-changed']).toBe('false');
    expect(sandbox.requests).toEqual([]);
    expect(await readdir(outside)).toEqual([]);
  });

  it('needs a token, like an apply: without one it fails before anything is sent', async () => {
    const run = await runBuiltAction({
      inputs: inputs({ 'api-token': '' }),
      files: { 'omni-dbt.yml': CONFIG },
      event: PUSH_EVENT,
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(
      '::error::Input "api-token" is empty, and mode: exposures (it reads Omni) needs it.',
    );
    expect(sandbox.requests).toEqual([]);
  });
});
