// Runs the built action the way the GitHub runner does: `node dist/index.js` as a child process with
// INPUT_* variables (hyphens kept), temp files for GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, and an event
// file. Shared by the end-to-end tests, the demo, the benchmark and the screenshot script.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ACTION_ENTRY = path.join(REPO_ROOT, 'dist/index.js');

/**
 * @typedef {object} ActionRunOptions
 * @property {Record<string, string>} inputs Action inputs by their action.yml names.
 * @property {Record<string, string>} [files] Files to write into the workspace.
 * @property {Record<string, string>} [links] Symbolic links to make in the workspace: path → target.
 * @property {string} [eventName]
 * @property {string} [ref]
 * @property {object} [event] The event payload.
 * @property {Record<string, string>} [env]
 * @property {string} [nodePath]
 * @property {string} [entry] The script to run (default dist/index.js).
 * @property {'pipe' | 'inherit'} [stdio]
 * @property {string} [workspace] Run in this folder, which the caller made and removes, instead of a new
 *   temporary one removed after the run (so that a test can read what the action wrote, and run it again).
 */

/**
 * @typedef {object} ActionRunResult
 * @property {number | null} exitCode
 * @property {NodeJS.Signals | null} signal
 * @property {string} stdout
 * @property {string} stderr
 * @property {Record<string, string>} outputs
 * @property {string} summary
 */

/**
 * Parses the runner's GITHUB_OUTPUT file (`name<<delimiter` heredocs, as @actions/core writes it).
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseOutputFile(text) {
  /** @type {Record<string, string>} */
  const outputs = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (match === null) continue;
    const [, name, delimiter] = match;
    const value = [];
    for (i += 1; i < lines.length && lines[i] !== delimiter; i += 1) value.push(lines[i]);
    outputs[name] = value.join('\n');
  }
  return outputs;
}

/**
 * Starts the action; `result` settles when it exits.
 * @param {ActionRunOptions} options
 * @returns {Promise<{ child: import('node:child_process').ChildProcess, result: Promise<ActionRunResult> }>}
 */
export async function startBuiltAction(options) {
  const isOwnWorkspace = options.workspace === undefined;
  const workspace = options.workspace ?? (await mkdtemp(path.join(tmpdir(), 'omni-dbt-run-')));
  for (const [name, content] of Object.entries(options.files ?? {})) {
    await mkdir(path.dirname(path.join(workspace, name)), { recursive: true });
    await writeFile(path.join(workspace, name), content);
  }
  for (const [name, target] of Object.entries(options.links ?? {})) {
    await mkdir(path.dirname(path.join(workspace, name)), { recursive: true });
    await symlink(target, path.join(workspace, name));
  }
  const outputPath = path.join(workspace, '.github-output');
  const summaryPath = path.join(workspace, '.github-step-summary');
  const eventPath = path.join(workspace, '.github-event.json');
  await Promise.all([
    writeFile(outputPath, ''),
    writeFile(summaryPath, ''),
    writeFile(eventPath, JSON.stringify(options.event ?? {})),
  ]);
  const inputEnv = Object.fromEntries(
    Object.entries(options.inputs).map(([name, value]) => [
      `INPUT_${name.replace(/ /g, '_').toUpperCase()}`,
      value,
    ]),
  );
  const stdio = options.stdio ?? 'pipe';
  const child = spawn(options.nodePath ?? process.execPath, [options.entry ?? ACTION_ENTRY], {
    cwd: workspace,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? workspace,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      GITHUB_EVENT_NAME: options.eventName ?? 'push',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REF: options.ref ?? 'refs/heads/main',
      GITHUB_SHA: 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed',
      GITHUB_REPOSITORY: 'acme/analytics',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '4242',
      ...inputEnv,
      ...options.env,
    },
    stdio: ['ignore', stdio, stdio],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk.toString();
  });
  /** @type {Promise<ActionRunResult>} */
  const result = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      Promise.all([readFile(outputPath, 'utf8'), readFile(summaryPath, 'utf8')])
        .then(async ([outputText, summary]) => {
          if (isOwnWorkspace) await rm(workspace, { recursive: true, force: true });
          else
            await Promise.all([outputPath, summaryPath, eventPath].map((file) => rm(file, { force: true })));
          resolve({ exitCode, signal, stdout, stderr, outputs: parseOutputFile(outputText), summary });
        })
        .catch(reject);
    });
  });
  return { child, result };
}

/**
 * @param {ActionRunOptions} options
 * @returns {Promise<ActionRunResult>}
 */
export async function runBuiltAction(options) {
  const { result } = await startBuiltAction(options);
  return result;
}

/** The event payloads of a push to the default branch and of a pull request, as GitHub sends them (trimmed). */
export const PUSH_EVENT = { repository: { default_branch: 'main' } };
export const PULL_REQUEST_EVENT = {
  repository: { default_branch: 'main' },
  pull_request: {
    number: 7,
    head: { sha: 'abc1234def5678', repo: { full_name: 'acme/analytics' } },
    base: { repo: { full_name: 'acme/analytics' } },
  },
};
