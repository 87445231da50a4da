// What the built bundles load (docs/benchmarks.md, "Cold start"): a validation loads the config loading, the
// validation and the reports only, and a run with a token the Omni client and the steps of its own mode. Read
// two ways: the entry chunks (dist/index.js, dist/cli/index.js) define none of the code a run loads later,
// and the chunks a run of the built action or CLI imports, recorded by a module hook (node --import
// __tests__/support/record-loads.mjs), are those of its mode. Needs `npm run build`.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server.js';
import { generateExposuresConfig } from '../../scripts/bench/fixtures.js';
import { PUSH_EVENT, REPO_ROOT, runBuiltAction } from '../../scripts/runner.js';
import { BUILT_CLI, runBuiltCli } from '../support/built-cli.js';
import { listNodeRuntimes } from './runtimes.js';

const TOKEN = 'sandbox-token-e2e-lazy-4c1d';
const EXAMPLE = readFileSync(path.join(REPO_ROOT, 'examples/omni-dbt.yml'), 'utf8');
const RECORD_LOADS = path.join(REPO_ROOT, '__tests__/support/record-loads.mjs');
const BUNDLES = ['dist', 'dist/cli'];

/**
 * The modules of the validation path in src/core/omni, run and plan (with the config, the reports and the
 * front ends'). Every other module there is loaded only once a run asks Omni: the client and the steps of
 * each mode. A module a validation must now load joins this list, on purpose.
 */
const VALIDATION_MODULES = new Set([
  'src/core/omni/url.ts',
  'src/core/omni/token.ts',
  'src/core/omni/errors.ts',
  'src/core/run/run.ts',
  'src/core/run/types.ts',
  'src/core/run/parts.ts',
  'src/core/run/not-planned.ts',
  'src/core/plan/select.ts',
  'src/core/plan/types.ts',
]);
/** The front ends' modules that load what they bring when they run: a command's, GitHub's client. */
const FRONT_END_LAZY_MODULES = [
  'src/cli/impact.ts',
  'src/cli/import.ts',
  'src/action/comment.ts',
  'src/action/github-pages.ts',
  'src/action/pull-request-files.ts',
  'src/action/pull-request-states.ts',
];

function listSources(directory: string): string[] {
  return readdirSync(path.join(REPO_ROOT, directory), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(directory, file).split(path.sep).join('/'));
}
const readSource = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const listDefinitions = (file: string, onlyExported: boolean) =>
  [
    ...readSource(file).matchAll(
      onlyExported
        ? /^export (?:async )?(?:function\*? |class )(\w+)/gm
        : /^(?:export )?(?:async )?(?:function\*? |class )(\w+)/gm,
    ),
  ].map(([, name = '']) => name);

const sources = listSources('src');
const lazyModules = [
  ...sources.filter((file) => /^src\/core\/(?:omni|run|plan)\//.test(file) && !VALIDATION_MODULES.has(file)),
  ...FRONT_END_LAZY_MODULES,
];
// A name the validation path defines too (the CLI's own `runExposures`) cannot tell the two apart.
const eagerNames = new Set(
  sources.filter((file) => !lazyModules.includes(file)).flatMap((file) => listDefinitions(file, false)),
);
/** Every function and class the lazily loaded modules export, as the bundle defines it. */
const LAZY_DEFINITIONS = lazyModules
  .flatMap((file) => listDefinitions(file, true).map((name) => ({ name, file })))
  .filter(({ name }) => !eagerNames.has(name));

/** A definition in bundled code: webpack keeps the names, or prefixes them (`exposures_runExposures`). */
const definitionPattern = (name: string) => new RegExp(`(?:function\\*?|class) (?:[\\w$]*_)?${name}\\b`);
/** Marks of the dependencies only a run with a token (or a comment, a preview) needs. */
const DEPENDENCY_MARKS = [
  { name: 'undici', pattern: /undici:request:create/ },
  { name: '@actions/http-client', pattern: /\bclass HttpClient\b/ },
  { name: '@actions/github', pattern: /function getOctokit\(/ },
];

const readChunk = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const listChunks = (bundle: string) =>
  readdirSync(path.join(REPO_ROOT, bundle))
    .filter((file) => /^\d+\.index\.js$/.test(file))
    .map((file) => `${bundle}/${file}`);

describe('the entry chunks of the built bundles', () => {
  const allChunks = BUNDLES.flatMap(listChunks);
  const chunkTexts = allChunks.map(readChunk);

  it('find what they look for: each mode, the client and the dependencies are defined in a chunk', () => {
    // Without this, a change of the bundle's naming would let the checks below pass on nothing.
    const anchors = [
      'createRunClient',
      'createTransport',
      'runConnections',
      'runPreview',
      'checkImpact',
      'buildExposuresFile',
      'runImpactCommand',
      'buildImportDocument',
      'publishPlanComment',
    ];
    for (const name of anchors) {
      expect(LAZY_DEFINITIONS.map((definition) => definition.name)).toContain(name);
      expect(
        chunkTexts.some((text) => definitionPattern(name).test(text)),
        `${name} in a chunk`,
      ).toBe(true);
    }
    for (const mark of DEPENDENCY_MARKS) {
      expect(
        chunkTexts.some((text) => mark.pattern.test(text)),
        `${mark.name} in a chunk`,
      ).toBe(true);
    }
  });

  it.each(BUNDLES.map((bundle) => `${bundle}/index.js`))(
    '%s defines nothing of the client, a mode or their dependencies',
    (entry) => {
      const text = readChunk(entry);
      const defined = LAZY_DEFINITIONS.filter(({ name }) => definitionPattern(name).test(text));
      expect(defined.map(({ name, file }) => `${name} (${file})`)).toEqual([]);
      expect(DEPENDENCY_MARKS.filter((mark) => mark.pattern.test(text)).map((mark) => mark.name)).toEqual([]);
    },
  );
});

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/** The bundle's files a run imported, relative to the repository (`dist/index.js`, `dist/338.index.js`). */
async function readLoads(logPath: string): Promise<string[]> {
  const text = await readFile(logPath, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.startsWith('file:'))
    .map((url) => path.relative(REPO_ROOT, fileURLToPath(url)).split(path.sep).join('/'))
    .filter((file) => file.startsWith('dist/'));
}

/** Which of `names` the loaded chunks define. */
function listDefined(loaded: string[], names: string[]): string[] {
  const texts = loaded.map(readChunk);
  return names.filter((name) => texts.some((text) => definitionPattern(name).test(text)));
}

const MODE_STEPS = ['createRunClient', 'runConnections', 'runPreview', 'checkImpact', 'buildExposuresFile'];

describe.each(listNodeRuntimes())('what a run of the built action loads, on $label', ({ nodePath }) => {
  let sandbox: Sandbox;
  let scratch: string;
  let logPath: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, tokens: [TOKEN] });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'omni-dbt-e2e-loads-'));
    logPath = path.join(scratch, 'loads.log');
    await writeFile(logPath, '');
  });
  afterEach(async () => {
    sandbox.reset();
    await rm(scratch, { recursive: true, force: true });
  });
  const recordEnv = () => ({ NODE_OPTIONS: `--import=${RECORD_LOADS}`, OMNI_DBT_LOAD_LOG: logPath });

  it('validates without a token from the entry chunk alone', async () => {
    const run = await runBuiltAction({
      nodePath,
      inputs: { config: 'omni-dbt.yml', mode: 'dry-run', comment: 'false' },
      files: { 'omni-dbt.yml': EXAMPLE },
      event: PUSH_EVENT,
      env: recordEnv(),
    });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('only the file was validated');
    expect(await readLoads(logPath)).toEqual(['dist/index.js']);
  });

  it('plans with a token loading the client and the plan’s steps, and no other mode’s', async () => {
    const run = await runBuiltAction({
      nodePath,
      inputs: {
        config: 'omni-dbt.yml',
        mode: 'dry-run',
        comment: 'false',
        'omni-url': sandbox.url,
        'api-token': TOKEN,
      },
      files: { 'omni-dbt.yml': EXAMPLE },
      event: PUSH_EVENT,
      env: recordEnv(),
    });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(sandbox.requests.length).toBeGreaterThan(0);
    const loaded = await readLoads(logPath);
    expect(loaded[0]).toBe('dist/index.js');
    expect(listDefined(loaded, MODE_STEPS)).toEqual(['createRunClient', 'runConnections']);
  });

  it('writes the dbt exposures loading the client and the exposures steps, and not the preview’s', async () => {
    const run = await runBuiltAction({
      nodePath,
      inputs: { config: 'omni-dbt.yml', mode: 'exposures', 'omni-url': sandbox.url, 'api-token': TOKEN },
      files: { 'omni-dbt.yml': generateExposuresConfig({ maturity: 'medium' }) },
      eventName: 'schedule',
      event: { schedule: '17 3 * * *', repository: { default_branch: 'main' } },
      env: recordEnv(),
    });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const loaded = await readLoads(logPath);
    expect(listDefined(loaded, MODE_STEPS)).toEqual(
      expect.arrayContaining(['createRunClient', 'buildExposuresFile']),
    );
    expect(listDefined(loaded, ['runPreview', 'checkImpact'])).toEqual([]);
  });
});

describe('what a run of the built CLI loads', () => {
  let scratch: string;
  let logPath: string;
  beforeEach(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'omni-dbt-e2e-cli-loads-'));
    logPath = path.join(scratch, 'loads.log');
    await writeFile(logPath, '');
    await writeFile(path.join(scratch, 'omni-dbt.yml'), EXAMPLE);
  });
  afterEach(() => rm(scratch, { recursive: true, force: true }));

  it('validates (the pre-commit hook) from the entry chunk alone', async () => {
    const run = await runBuiltCli(['validate', 'omni-dbt.yml'], {
      cwd: scratch,
      env: { NODE_OPTIONS: `--import=${RECORD_LOADS}`, OMNI_DBT_LOAD_LOG: logPath },
    });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('omni-dbt.yml is valid');
    expect(await readLoads(logPath)).toEqual([path.relative(REPO_ROOT, BUILT_CLI).split(path.sep).join('/')]);
  });
});
