// `omni-dbt impact` without a network (README, "Impact on Omni"): git's answer read into changed files, the
// base found, the arguments, and the command on a fake client: what it asks Omni, prints and exits with.
import { describe, expect, it } from 'vitest';
import { writePreviewConfig } from '../../../scripts/pull-request-12.js';
import { parseCliArgs } from '../../../src/cli/args.js';
import { COMMAND_HELP } from '../../../src/cli/help.js';
import { findBase, type GitResult, parseGitNameStatus } from '../../../src/cli/impact.js';
import { type CliIo, runCli } from '../../../src/cli/main.js';
import type { OmniClient } from '../../../src/core/omni/client.js';
import { OmniHttpError } from '../../../src/core/omni/errors.js';
import type { ContentIssue, ModelIssue } from '../../../src/core/omni/models.js';
import { PRODUCTION_ID, STAGING_ID } from '../../support/dbt-fixtures.js';
import { completeClient } from '../../support/fake-client.js';

const TOKEN = 'unit-impact-token-4411';
const MODEL_ID = '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f';
const BRANCH_ID = 'ba000000-0000-4000-8000-000000000001';

// The production connection checks its model's branch, scoped to /Finance; staging has no preview.
const CONFIG = `${writePreviewConfig({ isCreatingBranch: false, impact: '{ folders: [/Finance] }' })}  - id: ${STAGING_ID}
    name: Snowflake staging
`;

function issue(overrides: Partial<ContentIssue> = {}): ContentIssue {
  return {
    documentId: 'd1',
    identifier: 'rev',
    documentName: 'Revenue overview',
    folderPath: '/Finance',
    kind: 'query',
    queryName: 'Revenue by month',
    queryId: 'q1',
    message: "Field 'orders.amount' not found in model",
    ...overrides,
  };
}

interface Harness {
  io: CliIo;
  stdout(): string;
  stderr(): string;
  calls: string[];
  gitCalls: string[][];
}

function createHarness(
  options: {
    branchIssues?: ContentIssue[];
    sharedIssues?: ContentIssue[];
    modelIssues?: ModelIssue[];
    git?: (args: string[]) => GitResult;
    hasBranch?: boolean;
    /** What the branch look-up throws, instead of answering. */
    findBranchError?: Error;
    config?: string;
  } = {},
): Harness {
  let out = '';
  let err = '';
  const calls: string[] = [];
  const gitCalls: string[][] = [];
  const client: OmniClient = completeClient({
    async findBranch(modelId, name) {
      calls.push(`findBranch ${modelId} ${name}`);
      if (options.findBranchError !== undefined) throw options.findBranchError;
      return options.hasBranch === false ? undefined : { id: BRANCH_ID, name, baseModelId: modelId };
    },
    async startRefresh(modelId, refresh) {
      calls.push(`startRefresh ${modelId} ${refresh?.branchId}`);
      return { jobId: 'job-1', state: 'completed' };
    },
    async validateModel(_modelId, validation) {
      calls.push(`validateModel ${validation?.branchId ?? 'shared'}`);
      return validation?.branchId === undefined ? [] : (options.modelIssues ?? []);
    },
    async validateContent(_modelId, validation) {
      calls.push(`validateContent ${validation?.branchId ?? 'shared'} ${validation?.folders?.join(',')}`);
      const issues = validation?.branchId === undefined ? options.sharedIssues : options.branchIssues;
      return { issues: issues ?? [], documentCount: (issues ?? []).length };
    },
    async listExposures() {
      calls.push('listExposures');
      return [
        {
          dashboardIdentifier: 'rev',
          deduplicationName: 'revenue_overview',
          exposure: {
            name: 'revenue_overview',
            label: 'Revenue overview',
            type: 'dashboard',
            owner: { name: 'A', email: 'a@example.com' },
            dependsOn: ["ref('orders')"],
            url: 'https://acme.omniapp.co/dashboards/rev',
            description: null,
          },
        },
      ];
    },
  });
  const io: CliIo = {
    env: { OMNI_URL: 'https://acme.omniapp.co', OMNI_API_TOKEN: TOKEN, NO_COLOR: '1' },
    cwd: '/repo',
    stdout: {
      write: (text) => {
        out += text;
      },
      isTTY: false,
    },
    stderr: {
      write: (text) => {
        err += text;
      },
    },
    isStdinTTY: false,
    readTextFile: async (file) => {
      if (file !== '/repo/omni-dbt.yml') throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return options.config ?? CONFIG;
    },
    writeTextFile: async () => undefined,
    fileExists: async () => false,
    openExposuresFiles: () => {
      throw new Error('omni-dbt impact opens no exposures file');
    },
    confirm: async () => false,
    createClient: () => client,
    runGit: async (args) => {
      gitCalls.push(args);
      return (
        options.git?.(args) ??
        (args[0] === 'symbolic-ref'
          ? { ok: true, stdout: 'origin/main\n' }
          : { ok: true, stdout: 'M\0transform/models/orders.sql\0' })
      );
    },
    stop: new AbortController(),
    version: '9.9.9',
  };
  return { io, stdout: () => out, stderr: () => err, calls, gitCalls };
}

describe('parseGitNameStatus', () => {
  it('reads every status, renames and copies with both paths, and names as they are', () => {
    const output = [
      'M',
      'transform/models/orders.sql',
      'A',
      'models/new model.sql',
      'D',
      'models/gone.py',
      'R087',
      'models/old.sql',
      'models/renamed.sql',
      'C100',
      'models/a.sql',
      'models/copy.sql',
      'T',
      'models/link.sql',
      'M',
      'models/line\nbreak\t"quoted".sql',
      '',
    ].join('\0');
    expect(parseGitNameStatus(output)).toEqual([
      { filename: 'transform/models/orders.sql', status: 'modified' },
      { filename: 'models/new model.sql', status: 'added' },
      { filename: 'models/gone.py', status: 'removed' },
      { filename: 'models/renamed.sql', status: 'renamed', previous_filename: 'models/old.sql' },
      { filename: 'models/copy.sql', status: 'copied' },
      { filename: 'models/link.sql', status: 'changed' },
      { filename: 'models/line\nbreak\t"quoted".sql', status: 'modified' },
    ]);
  });

  it('reads nothing from an empty diff', () => {
    expect(parseGitNameStatus('')).toEqual([]);
  });
});

describe('findBase', () => {
  it('takes --base as given', async () => {
    const git = async (): Promise<GitResult> => ({ ok: true, stdout: 'origin/develop\n' });
    expect(await findBase(git, 'origin/release')).toEqual({ ref: 'origin/release', name: 'release' });
  });

  it("takes the remote's default branch, else main", async () => {
    expect(await findBase(async () => ({ ok: true, stdout: 'origin/trunk\n' }), undefined)).toEqual({
      ref: 'origin/trunk',
      name: 'trunk',
    });
    expect(await findBase(async () => ({ ok: false, error: 'not a symbolic ref' }), undefined)).toEqual({
      ref: 'main',
      name: 'main',
    });
  });
});

describe('omni-dbt impact: arguments and help', () => {
  it('reads --branch, --refresh, --base and the run options', () => {
    const parsed = parseCliArgs(['impact', '--branch', 'pr-12', '--refresh', '--base', 'develop', '--json']);
    expect(parsed).toMatchObject({
      ok: true,
      command: { kind: 'impact', branch: 'pr-12', isRefreshing: true, base: 'develop', run: { json: true } },
    });
    expect(parseCliArgs(['impact', '-b', 'x'])).toMatchObject({ ok: true, command: { isRefreshing: false } });
  });

  it.each([
    [['impact'], 'impact needs --branch NAME'],
    [['impact', '--branch', '  '], 'impact needs --branch NAME'],
    [['impact', '--branch', 'x', '--base=--upload-pack=evil'], 'not an option'],
    [['impact', '--branch', 'x', 'extra'], 'impact takes no arguments'],
  ])('refuses %j', (argv, says) => {
    const parsed = parseCliArgs(argv);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toContain(says);
  });

  it('has its help', () => {
    expect(COMMAND_HELP.impact).toContain('Usage: omni-dbt impact --branch NAME');
    expect(COMMAND_HELP.impact).toContain('--refresh');
  });
});

describe('omni-dbt impact on a fake Omni', () => {
  it('exits 1 on a new issue, listing it with its address, and the dashboards at risk of the changed model', async () => {
    const harness = createHarness({ branchIssues: [issue()] });
    expect(await runCli(['impact', '--branch', 'pr-12'], harness.io)).toBe(1);
    const out = harness.stdout();
    expect(out).toContain('Omni impact of branch "pr-12", changes since origin/main (omni-dbt.yml)');
    expect(out).toContain('✗ breaks 1 dashboard (1 query)');
    expect(out).toContain(
      "new: Revenue overview — Revenue by month: Field 'orders.amount' not found in model",
    );
    expect(out).toContain('https://acme.omniapp.co/dashboards/rev');
    expect(out).toContain('at risk (dbt model orders): Revenue overview');
    expect(out).toContain('Only content under /Finance was checked.');
    expect(out).toContain('1 of 1 connection checked: 1 with new issues.');
    // The connection without omniModel is not asked about; no refresh without --refresh.
    expect(harness.calls).toEqual(
      expect.arrayContaining([
        `findBranch ${MODEL_ID} pr-12`,
        'validateContent shared /Finance',
        `validateContent ${BRANCH_ID} /Finance`,
      ]),
    );
    expect(harness.calls.some((call) => call.startsWith('startRefresh'))).toBe(false);
    expect(harness.gitCalls.at(-1)).toEqual([
      'diff',
      '--name-status',
      '-z',
      '-M',
      '--no-color',
      'origin/main...HEAD',
      '--',
    ]);
    expect(`${out}${harness.stderr()}`).not.toContain(TOKEN);
  });

  it('exits 0 when the branch brings nothing new, even with issues the shared model has too', async () => {
    const broken = issue({ documentName: 'Net revenue', documentId: 'd2', identifier: 'net' });
    const harness = createHarness({ branchIssues: [broken], sharedIssues: [broken] });
    expect(await runCli(['impact', '--branch', 'pr-12'], harness.io)).toBe(0);
    expect(harness.stdout()).toContain('✓ breaks no dashboards; 1 already broken on main');
  });

  it('refreshes the branch with its id with --refresh, never the shared model', async () => {
    const harness = createHarness();
    expect(await runCli(['impact', '--branch', 'pr-12', '--refresh'], harness.io)).toBe(0);
    expect(harness.calls.filter((call) => call.startsWith('startRefresh'))).toEqual([
      `startRefresh ${MODEL_ID} ${BRANCH_ID}`,
    ]);
  });

  it('prints the JSON of each connection with --json', async () => {
    const harness = createHarness({ branchIssues: [issue()] });
    expect(await runCli(['impact', '--branch', 'pr-12', '--json', '--base', 'main'], harness.io)).toBe(1);
    const output = JSON.parse(harness.stdout());
    expect(output).toMatchObject({
      mode: 'impact',
      branch: 'pr-12',
      base: 'main',
      connections: [
        {
          id: PRODUCTION_ID,
          name: 'Snowflake production',
          status: 'checked',
          error: null,
          impact: {
            refreshed: false,
            newIssues: [{ document: 'Revenue overview', identifier: 'rev', query: 'Revenue by month' }],
            existing: 0,
            resolved: 0,
            atRisk: [{ model: 'orders', dashboards: [{ name: 'Revenue overview' }] }],
          },
        },
      ],
    });
  });

  it('says why there is no at-risk list outside a git checkout, and still checks', async () => {
    const harness = createHarness({ git: () => ({ ok: false, error: 'fatal: not a git repository' }) });
    expect(await runCli(['impact', '--branch', 'pr-12'], harness.io)).toBe(0);
    expect(harness.stdout()).toContain(
      'No dashboards are listed at risk: `git diff main...HEAD` could not list the changed files (fatal: not a git repository).',
    );
    expect(harness.calls).not.toContain('listExposures');
  });

  it('fails with a hint when the branch does not exist', async () => {
    const harness = createHarness({ hasBranch: false });
    expect(await runCli(['impact', '--branch', 'nope'], harness.io)).toBe(1);
    expect(harness.stdout()).toContain(`error: Omni has no branch "nope" of model ${MODEL_ID}.`);
    expect(harness.stdout()).toContain('hint: Check the name');
  });

  it("words a hint in the run's terms: --omni-url when the flag gave the URL, else OMNI_URL", async () => {
    const missing = new OmniHttpError({ method: 'GET', path: '/v1/models', status: 404 });
    const withFlag = createHarness({ findBranchError: missing });
    const args = ['impact', '--branch', 'pr-12', '--omni-url', 'https://acme.omniapp.co'];
    expect(await runCli(args, withFlag.io)).toBe(1);
    expect(withFlag.stdout()).toContain("the id in the model's URL in Omni) and --omni-url.");
    const fromEnv = createHarness({ findBranchError: missing });
    expect(await runCli(['impact', '--branch', 'pr-12'], fromEnv.io)).toBe(1);
    expect(fromEnv.stdout()).toContain("the id in the model's URL in Omni) and OMNI_URL.");
  });

  it('is a usage error when no connection names an omniModel', async () => {
    const harness = createHarness({
      config: CONFIG.replace(`      omniModel: ${MODEL_ID}\n      impact: { folders: [/Finance] }\n`, ''),
    });
    expect(await runCli(['impact', '--branch', 'pr-12'], harness.io)).toBe(2);
    expect(harness.stderr()).toContain('has a preview block with omniModel');
  });

  it('passes no control character from Omni to the terminal', async () => {
    const harness = createHarness({
      branchIssues: [issue({ documentName: 'Evil\u001b]0;pwned\u0007 \u001b[2J', message: 'x\u009b31m' })],
    });
    await runCli(['impact', '--branch', 'pr-12'], harness.io);
    for (const control of ['\u001b', '\u0007', '\u009b']) expect(harness.stdout()).not.toContain(control);
    expect(harness.stdout()).toContain('Evil\\u001b]0;pwned\\u0007');
  });
});
