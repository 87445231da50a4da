// `npm run docs:cli`: runs the built CLI (dist/cli/index.js) against the local Omni sandbox (sandbox/seed.json,
// a fresh state per sample) and writes what it printed into docs/cli.md, between `<!-- cli-sample: NAME -->`
// and `<!-- /cli-sample -->`. `--check` only compares; __tests__/e2e/cli-samples.test.ts does the same, so a
// change of the CLI's output fails the tests until the samples are regenerated. No colour (NO_COLOR, a pipe),
// no timings, and the sandbox's address never shows.
import { spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../sandbox/server.js';
import { deployPullRequest12, PRODUCTION_ID } from './deploy-12.js';
import { bindPullRequestBranch, createPullRequestCheckout, PR_BRANCH } from './pull-request-12.js';
import { REPO_ROOT } from './runner.js';

const CLI_ENTRY = path.join(REPO_ROOT, 'dist/cli/index.js');
const DOC_PATH = path.join(REPO_ROOT, 'docs/cli.md');
const TOKEN = 'sandbox-token';

/**
 * @typedef {object} CliSample
 * @property {string} name the marker's name in docs/cli.md
 * @property {string[]} args
 * @property {Record<string, string>} [env] more environment, e.g. a `fromEnv` variable
 * @property {string} [note] said after the command, e.g. what the shell has set
 * @property {number} exitCode the exit the sample must end with (anything else is an error, not a sample)
 * @property {'text' | 'yaml'} [language] `yaml`: stdout only, the command as a comment (default `text`:
 *   the command, then stdout, then stderr)
 * @property {(sandbox: Awaited<ReturnType<typeof startSandbox>>) => Promise<string>} [prepare] sets the
 *   sandbox's scene and returns the directory to run in (default the repository's root)
 * @property {boolean} [isAddressShown] the output names the Omni instance (links): its per-run address is
 *   written as `<omni-url>`
 */

/** @type {CliSample[]} */
export const CLI_SAMPLES = [
  { name: 'validate', args: ['validate', 'examples/invalid/omni-dbt.yml'], exitCode: 1 },
  { name: 'plan', args: ['plan', '--config', 'examples/omni-dbt.yml'], exitCode: 0 },
  {
    name: 'plan-environments',
    args: ['plan', '--config', 'examples/demo/omni-dbt.yml'],
    note: 'DBT_CLOUD_API_KEY is not set',
    exitCode: 0,
  },
  {
    name: 'apply-environments',
    args: ['apply', '--yes', '--config', 'examples/demo/omni-dbt.yml'],
    env: { DBT_CLOUD_API_KEY: 'sample-secret-value' },
    note: 'DBT_CLOUD_API_KEY is set',
    exitCode: 0,
  },
  {
    name: 'import',
    args: [
      'import',
      '550e8400-e29b-41d4-a716-446655440000',
      '--name',
      '550e8400-e29b-41d4-a716-446655440000=Snowflake production',
      '--output',
      '-',
    ],
    language: 'yaml',
    exitCode: 0,
  },
  {
    name: 'impact',
    args: ['impact', '--branch', PR_BRANCH, '--refresh'],
    note: 'in a checkout whose HEAD renames orders.amount',
    exitCode: 1,
    isAddressShown: true,
    prepare: async (sandbox) => {
      bindPullRequestBranch(sandbox);
      const config = await readFile(path.join(REPO_ROOT, 'examples/demo/omni-dbt.yml'), 'utf8');
      return createPullRequestCheckout(config);
    },
  },
  { name: 'plan-schedules', args: ['plan', '--config', 'examples/refresh/omni-dbt.yml'], exitCode: 0 },
  {
    // After pull request #12's deploy renamed orders.amount in the production schema.
    name: 'refresh',
    args: ['refresh', '--yes', '--config', 'examples/refresh/omni-dbt.yml'],
    note: 'after a deploy that renamed orders.amount',
    exitCode: 1,
    isAddressShown: true,
    prepare: async (sandbox) => {
      sandbox.setBranchSchemaRefresh(PRODUCTION_ID, false);
      deployPullRequest12(sandbox);
      return REPO_ROOT;
    },
  },
  {
    // A drift check before the first write: it reads Omni, writes nothing, and exits 1 on the difference.
    name: 'exposures-check',
    args: ['exposures', '--check', '--config', 'examples/exposures/omni-dbt.yml'],
    note: 'no exposures file yet',
    exitCode: 1,
  },
];

export class CliSampleError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'CliSampleError';
  }
}

/** @param {string} arg */
function quoteForShell(arg) {
  if (/^[\w./:@=-]+$/.test(arg)) return arg;
  const [key, ...rest] = arg.split('=');
  return rest.length > 0 && /^[\w-]+$/.test(key ?? '') ? `${key}="${rest.join('=')}"` : `"${arg}"`;
}

/**
 * @param {string[]} args @param {Record<string, string>} env @param {string} [cwd]
 * @returns {Promise<{ exitCode: number | null, stdout: string, stderr: string }>}
 */
function runCli(args, env, cwd = REPO_ROOT) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_ENTRY, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdin.end();
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

/**
 * Renders one sample's fenced block as docs/cli.md shows it.
 * @param {CliSample} sample @param {{ stdout: string, stderr: string }} run
 */
export function renderSampleBlock(sample, run) {
  const command = `omni-dbt ${sample.args.map(quoteForShell).join(' ')}${sample.note ? `   # ${sample.note}` : ''}`;
  const trim = (/** @type {string} */ text) =>
    text
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n')
      .trim();
  const body =
    sample.language === 'yaml'
      ? [`# $ ${command}`, trim(run.stdout)]
      : [`$ ${command}`, trim(run.stdout), trim(run.stderr)];
  const fence = '```';
  return [`${fence}${sample.language ?? 'text'}`, ...body.filter((part) => part !== ''), fence].join('\n');
}

/**
 * Runs every sample against a fresh sandbox state and returns each one's block, by name.
 * @returns {Promise<Map<string, string>>}
 */
export async function runCliSamples() {
  const sandbox = await startSandbox({ port: 0, tokens: [TOKEN], requestsPerMinute: 6000 });
  try {
    /** @type {Map<string, string>} */
    const blocks = new Map();
    for (const sample of CLI_SAMPLES) {
      sandbox.reset();
      const cwd = sample.prepare === undefined ? REPO_ROOT : await sample.prepare(sandbox);
      const printed = await runCli(
        sample.args,
        { OMNI_URL: sandbox.url, OMNI_API_TOKEN: TOKEN, ...sample.env },
        cwd,
      );
      if (cwd !== REPO_ROOT) await rm(cwd, { recursive: true, force: true });
      const atAddress = (/** @type {string} */ text) =>
        sample.isAddressShown ? text.replaceAll(sandbox.url, '<omni-url>') : text;
      const run = { ...printed, stdout: atAddress(printed.stdout), stderr: atAddress(printed.stderr) };
      if (run.exitCode !== sample.exitCode) {
        throw new CliSampleError(
          `sample ${sample.name} exited ${run.exitCode}, not ${sample.exitCode}:\n${run.stdout}${run.stderr}`,
        );
      }
      const { host } = new URL(sandbox.url);
      if (`${run.stdout}${run.stderr}`.includes(host)) {
        throw new CliSampleError(
          `sample ${sample.name} shows the sandbox's address ${host}: it differs per run`,
        );
      }
      for (const secret of Object.values(sample.env ?? {})) {
        if (`${run.stdout}${run.stderr}`.includes(secret)) {
          throw new CliSampleError(`sample ${sample.name} prints the value of a variable it was given`);
        }
      }
      blocks.set(sample.name, renderSampleBlock(sample, run));
    }
    return blocks;
  } finally {
    await sandbox.close();
  }
}

const markerOf = (/** @type {string} */ name) => `<!-- cli-sample: ${name} -->`;
const END_MARKER = '<!-- /cli-sample -->';

/**
 * The blocks docs/cli.md holds now, by name.
 * @param {string} doc
 * @returns {Map<string, string>}
 */
export function readSampleBlocks(doc) {
  /** @type {Map<string, string>} */
  const blocks = new Map();
  for (const match of doc.matchAll(/<!-- cli-sample: ([\w-]+) -->\n([\s\S]*?)\n<!-- \/cli-sample -->/g)) {
    blocks.set(match[1] ?? '', match[2] ?? '');
  }
  return blocks;
}

/**
 * docs/cli.md with each sample's block replaced; every sample must have its markers.
 * @param {string} doc @param {Map<string, string>} blocks
 */
export function updateSampleBlocks(doc, blocks) {
  let updated = doc;
  for (const [name, block] of blocks) {
    const start = updated.indexOf(markerOf(name));
    const end = updated.indexOf(END_MARKER, start);
    if (start === -1 || end === -1) {
      throw new CliSampleError(`docs/cli.md has no ${markerOf(name)} … ${END_MARKER} for the sample ${name}`);
    }
    updated = `${updated.slice(0, start + markerOf(name).length)}\n${block}\n${updated.slice(end)}`;
  }
  return updated;
}

async function runScript(/** @type {string[]} */ args) {
  const doc = await readFile(DOC_PATH, 'utf8');
  const updated = updateSampleBlocks(doc, await runCliSamples());
  if (updated === doc) {
    console.log('docs/cli.md samples match the CLI.');
    return 0;
  }
  if (args.includes('--check')) {
    console.error('docs/cli.md samples differ from the CLI. Run `npm run build && npm run docs:cli`.');
    return 1;
  }
  await writeFile(DOC_PATH, updated);
  console.log('docs/cli.md samples written from the CLI.');
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runScript(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
