// The published package as a user gets it: `npm pack` of this checkout, the tarball installed offline into
// an empty directory outside the checkout, and its `omni-dbt` bin run there (README, "Install the CLI").
// Needs the built dist/cli (`npm run build`; .ci/run builds before testing).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/runner.js';

const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare'];
const packageJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
};

/** The environment without the npm_* variables `npm test` sets, so the parent's npm settings do not leak in. */
function buildCleanEnv(cacheDirectory: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')),
  );
  // A fresh, empty cache and --offline: the install cannot fetch anything, so the tarball must need nothing.
  return { ...env, npm_config_cache: cacheDirectory, npm_config_update_notifier: 'false' };
}

type PackedFile = { path: string; size: number };
type PackResult = { name: string; version: string; filename: string; files: PackedFile[]; size: number };

let root = '';
let consumer = '';
let packed: PackResult;
let installLog = '';

function runBin(args: string[]) {
  return spawnSync(path.join(consumer, 'node_modules', '.bin', 'omni-dbt'), args, {
    cwd: consumer,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
  });
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'omni-dbt-package-'));
  const tarballs = path.join(root, 'tarballs');
  consumer = path.join(root, 'consumer');
  mkdirSync(tarballs);
  mkdirSync(consumer);
  const env = buildCleanEnv(path.join(root, 'npm-cache'));
  const packOutput = execFileSync('npm', ['pack', '--json', '--pack-destination', tarballs], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env,
  });
  const [result] = JSON.parse(packOutput) as PackResult[];
  if (!result) throw new Error(`npm pack printed no result: ${packOutput}`);
  packed = result;
  writeFileSync(
    path.join(consumer, 'package.json'),
    `${JSON.stringify({ name: 'consumer', version: '0.0.0', private: true })}\n`,
  );
  // --foreground-scripts prints any install script's output, so one that ran would show in installLog.
  installLog = execFileSync(
    'npm',
    [
      'install',
      path.join(tarballs, packed.filename),
      '--offline',
      '--ignore-scripts=false',
      '--foreground-scripts',
      '--no-audit',
      '--no-fund',
      '--loglevel=verbose',
    ],
    { cwd: consumer, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}, 180_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe(`the npm package ${packageJson.name}`, () => {
  it('packs only the CLI bundle, the schema, the README, the license and package.json', () => {
    expect(packed.name).toBe(packageJson.name);
    const paths = packed.files.map((file) => file.path).sort();
    expect(paths).toContain('dist/cli/index.js');
    expect(paths).toContain('schema/omni-dbt.schema.json');
    const isAllowed = (file: string) =>
      file.startsWith('dist/cli/') ||
      file.startsWith('schema/') ||
      ['package.json', 'README.md', 'LICENSE'].includes(file);
    expect(paths.filter((file) => !isAllowed(file))).toEqual([]);
  });

  it('installs from the tarball alone, with no dependency and no install script', () => {
    const installed = JSON.parse(
      readFileSync(
        path.join(consumer, 'node_modules', ...packageJson.name.split('/'), 'package.json'),
        'utf8',
      ),
    ) as { scripts?: Record<string, string>; dependencies?: Record<string, string> };
    expect(Object.keys(installed.scripts ?? {}).filter((name) => INSTALL_SCRIPTS.includes(name))).toEqual([]);
    expect(installed.dependencies ?? {}).toEqual({});
    // Nothing but the package itself (and npm's own bookkeeping) landed in node_modules.
    expect(readdirSync(path.join(consumer, 'node_modules')).sort()).toEqual([
      '.bin',
      '.package-lock.json',
      '@omni-dbt',
    ]);
    expect(installLog).not.toMatch(/\b(preinstall|postinstall)\b/);
  });

  it('`omni-dbt --version` prints the package version', () => {
    const run = runBin(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(packageJson.version);
  });

  it('`omni-dbt validate` passes a valid omni-dbt.yml (exit 0)', () => {
    writeFileSync(
      path.join(consumer, 'omni-dbt.yml'),
      readFileSync(path.join(REPO_ROOT, 'examples/omni-dbt.yml'), 'utf8'),
    );
    const run = runBin(['validate']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('omni-dbt.yml is valid: 3 connections.');
    expect(run.status).toBe(0);
  });

  it('`omni-dbt validate` fails an invalid file with a located message (exit 1)', () => {
    writeFileSync(
      path.join(consumer, 'bad.yml'),
      'version: 1\nconnections:\n  - id: not-a-uuid\n    sshUrl: git@github.com:acme/analytics.git\n',
    );
    const run = runBin(['validate', 'bad.yml']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^bad\.yml:3:9: connections\[0\]\.id: .*UUID/m);
  });

  it('`omni-dbt schema` prints the schema the package ships', () => {
    const run = runBin(['schema']);
    expect(run.status).toBe(0);
    const shipped = readFileSync(
      path.join(consumer, 'node_modules', ...packageJson.name.split('/'), 'schema', 'omni-dbt.schema.json'),
      'utf8',
    );
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(shipped));
  });
});
