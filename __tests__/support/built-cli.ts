// Runs the built CLI (`node dist/cli/index.js`) as a child process with a clean environment and stdin a
// closed pipe, as a user's shell would, for the end-to-end tests.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/runner.js';

export const BUILT_CLI = path.resolve(REPO_ROOT, process.env.OMNI_DBT_CLI ?? 'dist/cli/index.js');

export interface BuiltCliRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export function runBuiltCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<BuiltCliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUILT_CLI, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdin.end();
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}
