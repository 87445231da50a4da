#!/usr/bin/env node
// The `omni-dbt` command (the package's bin): wires the real process, files, terminal and Omni client
// into runCli. Everything it decides is in src/cli/; this file only supplies effects.
import { access, writeFile } from 'node:fs/promises';
import { createCancellation } from '../core/cancellation.js';
import { createWorkspaceExposuresFiles } from '../core/exposures-file.js';
import { readConfigFile } from '../core/read-config.js';
import type { GitResult } from './impact.js';
import { runCli } from './main.js';
import { CLI_VERSION } from './version.js';

/** Requests in flight get this long after the first Ctrl-C; a second Ctrl-C quits at once. */
const CLI_CANCEL_GRACE_MS = 10_000;

// node:readline and node:child_process are loaded by the commands that use them (apply's and refresh's
// question, impact's git), not at every start: `validate` is the pre-commit hook.
async function confirmOnTerminal(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  // The question goes to stderr so that `apply --json > result.json` still asks on the terminal.
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await prompt.question(question)).trim() === 'yes';
  } finally {
    prompt.close();
  }
}

/** git in `cwd`, its output as text; a failure (git missing, not a checkout, an unknown ref) as its message. */
async function runGit(args: string[], cwd: string): Promise<GitResult> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    execFile('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) {
        resolve({ ok: true, stdout });
        return;
      }
      const code = (error as NodeJS.ErrnoException).code;
      const said = stderr.trim().split('\n')[0] ?? '';
      resolve({ ok: false, error: code === 'ENOENT' ? 'git is not installed' : said || error.message });
    });
  });
}

async function main(): Promise<void> {
  // First Ctrl-C: start nothing new, let requests in flight finish, report. Second: leave at once (128 + SIGINT).
  const { stop, inFlightSignal, cancel } = createCancellation(CLI_CANCEL_GRACE_MS);
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130);
    process.stderr.write('\nCancelling: no new request starts; press Ctrl-C again to quit at once.\n');
    cancel();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const exitCode = await runCli(process.argv.slice(2), {
    env: process.env,
    cwd: process.cwd(),
    stdout: { write: (text) => process.stdout.write(text), isTTY: process.stdout.isTTY === true },
    stderr: { write: (text) => process.stderr.write(text), isTTY: process.stderr.isTTY === true },
    isStdinTTY: process.stdin.isTTY === true,
    // Bounded as the action's: a FIFO, a device or a huge file is refused, not read until it ends.
    readTextFile: (absolutePath) => readConfigFile(absolutePath),
    writeTextFile: (absolutePath, text, { isOverwriteAllowed }) =>
      writeFile(absolutePath, text, { encoding: 'utf8', flag: isOverwriteAllowed ? 'w' : 'wx' }),
    fileExists: (absolutePath) =>
      access(absolutePath).then(
        () => true,
        () => false,
      ),
    openExposuresFiles: createWorkspaceExposuresFiles,
    confirm: confirmOnTerminal,
    // Loaded once a command asks Omni: `validate` (the pre-commit hook) never loads the client or undici.
    createClient: async (settings) => {
      const { createRunClient } = await import('../core/omni/run-client.js');
      return createRunClient({ ...settings, inFlightSignal });
    },
    runGit: (args) => runGit(args, process.cwd()),
    stop,
    version: CLI_VERSION,
  });
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  // exitCode rather than exit(): pending stdout writes to a pipe still get flushed.
  process.exitCode = exitCode;
}

main().catch((error: unknown) => {
  // A bug, not a user error. The message comes from our code or Node, never with the token in it.
  process.stderr.write(
    `omni-dbt failed unexpectedly: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
