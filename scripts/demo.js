// `npm run demo`: starts the local Omni sandbox and runs the built action on examples/omni-dbt.yml,
// first as a pull request would (dry-run), then as a merge to main would (apply), printing the log
// and the job summary of each step to the terminal.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startSandbox } from '../sandbox/server.js';
import { PULL_REQUEST_EVENT, PUSH_EVENT, REPO_ROOT, runBuiltAction } from './runner.js';

const TOKEN = 'sandbox-token';
const bold = (text) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[22m` : text);

/** Shows workflow commands the way the Actions log does, more or less. */
function renderLog(stdout) {
  return stdout
    .split('\n')
    .filter(
      (line) =>
        line !== '::endgroup::' && !line.startsWith('::add-mask::') && !line.startsWith('::set-output'),
    )
    .map((line) =>
      line.replace(/^::group::/, '▸ ').replace(/^::(error|warning|notice)[^:]*::/, (_, kind) => `${kind}: `),
    )
    .join('\n');
}

async function runStep(title, options) {
  console.log(`\n${bold(`━━ ${title} ━━`)}\n`);
  const run = await runBuiltAction(options);
  console.log(renderLog(run.stdout).trim());
  console.log(`\n${bold('Job summary:')}\n`);
  console.log(run.summary.trim());
  console.log(
    `\n${bold('Outputs:')} changed=${run.outputs.changed} failed=${run.outputs.failed} has-changes=${run.outputs['has-changes']}`,
  );
  console.log(`${bold('Exit code:')} ${run.exitCode}`);
  return run;
}

const config = await readFile(path.join(REPO_ROOT, 'examples/omni-dbt.yml'), 'utf8');
const sandbox = await startSandbox({ port: 0 });
console.log(`Omni sandbox on ${sandbox.url}; running dist/index.js on examples/omni-dbt.yml`);
const inputs = { config: 'omni-dbt.yml', 'omni-url': sandbox.url, 'api-token': TOKEN, comment: 'false' };
try {
  const plan = await runStep('Pull request: dry-run', {
    inputs,
    files: { 'omni-dbt.yml': config },
    eventName: 'pull_request',
    ref: 'refs/pull/7/merge',
    event: PULL_REQUEST_EVENT,
  });
  const apply = await runStep('Merge to main: apply', {
    inputs,
    files: { 'omni-dbt.yml': config },
    eventName: 'push',
    ref: 'refs/heads/main',
    event: PUSH_EVENT,
  });
  const puts = sandbox.requests.filter((r) => r.method === 'PUT').length;
  console.log(`\nThe sandbox received ${sandbox.requests.length} requests, ${puts} of them PUTs.`);
  process.exitCode = plan.exitCode === 0 && apply.exitCode === 0 ? 0 : 1;
} finally {
  await sandbox.close();
}
