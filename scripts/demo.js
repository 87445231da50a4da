// `npm run demo`: starts the local Omni sandbox and runs the built action on examples/demo/omni-dbt.yml,
// first as a pull request would (dry-run), then as a merge to main would (apply), printing the log
// and the job summary of each step, what each step did (counted from its `result` output and the sandbox's
// requests, so the plan's counts and the apply's can be seen to agree), then the dbt environments Omni
// holds afterwards, to the terminal.
// The file's secret reaches the action through the step's env, as in a workflow, and is checked absent
// from everything the action printed. The third act is a dbt pull request that renames a column (the
// sandbox's pull request #12): `mode: preview` with the impact check, whose preview comment (posted to a
// fake GitHub) names the dashboards it breaks.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startGitHubFake } from '../sandbox/github-fake.js';
import { startSandbox } from '../sandbox/server.js';
import { PULL_REQUEST_12_EVENT, PULL_REQUEST_12_SEED } from './pull-request-12.js';
import { PULL_REQUEST_EVENT, PUSH_EVENT, REPO_ROOT, runBuiltAction } from './runner.js';

const TOKEN = 'sandbox-token';
const CONFIG = 'examples/demo/omni-dbt.yml';
const PRODUCTION_ID = '550e8400-e29b-41d4-a716-446655440000';
// What a workflow would pass as `env: { DBT_CLOUD_API_KEY: ${{ secrets.DBT_CLOUD_API_KEY }} }`.
// OMNI_DBT_DEMO_SECRET sets the value, so a test can look for it in the output.
const SECRET_ENV = { DBT_CLOUD_API_KEY: process.env.OMNI_DBT_DEMO_SECRET || `demo-secret-${randomUUID()}` };
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

/** The order counts are said in, as the action says them. */
const COUNT_ORDER = ['create', 'update', 'delete', 'unchanged', 'not in the file', 'failed', 'skipped'];

/**
 * What the `result` output says of each connection and environment, counted by what happens to it
 * (`create`, `update`, `unchanged`, `not in the file`, …), with the names of the connections in each, and
 * the connections that change through their environments alone (their settings already match).
 * @param {Record<string, string>} outputs
 */
function countResult(outputs) {
  const result = JSON.parse(outputs.result ?? '{"connections":[]}');
  /** @type {Map<string, string[]>} */
  const connections = new Map();
  /** @type {Map<string, number>} */
  const environments = new Map();
  /** @type {string[]} */
  const throughEnvironments = [];
  for (const connection of result.connections) {
    const name = connection.name ?? connection.id;
    const isDone = connection.status !== 'failed' && connection.status !== 'skipped';
    const key = isDone ? connection.action : connection.status;
    connections.set(key, [...(connections.get(key) ?? []), name]);
    if (connection.action === 'update' && connection.changes.length === 0) throughEnvironments.push(name);
    for (const environment of connection.environments ?? []) {
      const what = environment.action === 'unmanaged' ? 'not in the file' : environment.action;
      environments.set(what, (environments.get(what) ?? 0) + 1);
    }
  }
  const sorted = (/** @type {Map<string, any>} */ map) =>
    new Map([...map.entries()].sort(([a], [b]) => COUNT_ORDER.indexOf(a) - COUNT_ORDER.indexOf(b)));
  return {
    connections: sorted(connections),
    environments: sorted(environments),
    total: result.connections.length,
    environmentTotal: [...environments.values()].reduce((sum, n) => sum + n, 0),
    throughEnvironments,
  };
}

const PAST = { create: 'created', update: 'updated', delete: 'deleted' };

/**
 * One count as a sentence part: `1 to create (BigQuery analytics), 2 to update (…)`, in the plan's words
 * or, for an apply, the past tense.
 * @param {Map<string, string[] | number>} counts @param {'plan' | 'apply'} tense @param {boolean} isNamed
 */
function describeCounts(counts, tense, isNamed) {
  return [...counts.entries()]
    .map(([what, value]) => {
      const count = typeof value === 'number' ? value : value.length;
      const names = isNamed && typeof value !== 'number' ? ` (${value.join(', ')})` : '';
      const past = PAST[/** @type {keyof typeof PAST} */ (what)];
      const word = past === undefined ? what : tense === 'plan' ? `to ${what}` : past;
      return `${count} ${word}${names}`;
    })
    .join(', ');
}

/** Whether a secret value appears in what the action printed (`::add-mask::` only tells the runner to hide it). */
function isSecretShown(run) {
  const visible = [
    run.stdout.replace(/^::add-mask::.*$/gm, ''),
    run.stderr,
    run.summary,
    ...Object.values(run.outputs),
  ].join('\n');
  return Object.values(SECRET_ENV).some((value) => visible.includes(value));
}

/** Omni's environments of one connection, as the sandbox stores them; a secret's value is never printed. */
function describeEnvironments(environments) {
  return environments.map((environment) => {
    const tags = [environment.isDefaultEnvironment && 'default', environment.ownerId && 'personal']
      .filter(Boolean)
      .join(', ');
    const overrides = ['targetDatabase', 'targetRole', 'targetName']
      .filter((field) => environment[field])
      .map((field) => `${field} ${environment[field]}`);
    const variables = environment.variables.map((variable) =>
      variable.isSecret ? `${variable.name}=(secret, set)` : `${variable.name}=${variable.value}`,
    );
    return `  ${environment.name}${tags ? ` (${tags})` : ''}: targetSchema ${environment.targetSchema}${overrides.map((o) => `, ${o}`).join('')}${variables.length > 0 ? `; ${variables.join(', ')}` : ''}`;
  });
}

const config = await readFile(path.join(REPO_ROOT, CONFIG), 'utf8');
const sandbox = await startSandbox({ port: 0 });
console.log(`Omni sandbox on ${sandbox.url}; running dist/index.js on ${CONFIG}`);
console.log(
  `The step's env holds ${Object.keys(SECRET_ENV).join(', ')}, as a workflow passes a GitHub secret.`,
);
const inputs = { config: 'omni-dbt.yml', 'omni-url': sandbox.url, 'api-token': TOKEN, comment: 'false' };
try {
  const before = describeEnvironments(sandbox.getEnvironments(PRODUCTION_ID));
  const plan = await runStep('Pull request: dry-run', {
    inputs,
    files: { 'omni-dbt.yml': config },
    eventName: 'pull_request',
    ref: 'refs/pull/7/merge',
    event: PULL_REQUEST_EVENT,
    env: SECRET_ENV,
  });
  const writesOfPlan = sandbox.requests.filter((r) => r.method !== 'GET').length;
  const planned = countResult(plan.outputs);
  console.log(
    `\n${bold('What the dry-run did:')} it read the ${planned.total} connections of the file in Omni and wrote nothing (${writesOfPlan} writes). ` +
      `Its plan for the ${planned.total}: ${describeCounts(planned.connections, 'plan', true)}; ` +
      `for the ${planned.environmentTotal} shared environments it read: ${describeCounts(planned.environments, 'plan', false)}.`,
  );
  const apply = await runStep('Merge to main: apply', {
    inputs,
    files: { 'omni-dbt.yml': config },
    eventName: 'push',
    ref: 'refs/heads/main',
    event: PUSH_EVENT,
    env: SECRET_ENV,
  });
  const applied = countResult(apply.outputs);
  const count = (/** @type {(r: any) => boolean} */ keep) => sandbox.requests.filter(keep).length;
  const alone = applied.throughEnvironments;
  console.log(
    `\n${bold('What the apply did:')} it wrote the plan to Omni. Of the ${applied.total} connections: ${describeCounts(applied.connections, 'apply', true)}; ` +
      `of the ${applied.environmentTotal} shared environments: ${describeCounts(applied.environments, 'apply', false)}. ` +
      `That took ${count((r) => r.route === 'dbt' && r.method === 'PUT')} settings PUTs (one per connection whose settings are created or updated) ` +
      `and ${count((r) => r.route === 'environments' && r.method !== 'GET')} environment writes` +
      (alone.length === 0
        ? '.'
        : `; the settings of ${alone.join(', ')} already matched, so ${alone.length === 1 ? 'it' : 'they'} changed through ${alone.length === 1 ? 'its' : 'their'} environments alone.`),
  );
  const isAgreed =
    describeCounts(planned.connections, 'apply', true) === describeCounts(applied.connections, 'apply', true);
  console.log(
    isAgreed
      ? 'The apply did what the dry-run planned, connection for connection.'
      : 'The apply did not do what the dry-run planned: that is a bug.',
  );
  console.log(
    `\n${bold("Omni's dbt environments of Snowflake production")}\n\nbefore:\n${before.join('\n')}`,
  );
  console.log(`after the apply:\n${describeEnvironments(sandbox.getEnvironments(PRODUCTION_ID)).join('\n')}`);
  console.log(
    `\nThe sandbox received ${sandbox.requests.length} requests: ${writesOfPlan} writes during the dry-run; in the apply, settings PUTs: ${count((r) => r.route === 'dbt' && r.method === 'PUT')}, environment creates: ${count((r) => r.route === 'environments' && r.method === 'POST')}, environment updates: ${count((r) => r.route === 'environments' && r.method === 'PUT')}.`,
  );
  const isShown = isSecretShown(plan) || isSecretShown(apply);
  console.log(
    isShown
      ? 'The secret value appeared in the output above: that is a bug.'
      : "The secret's value appears in no log line, job summary or output of either step.",
  );
  const impact = await showPullRequestImpact(config);
  process.exitCode =
    plan.exitCode === 0 && apply.exitCode === 0 && writesOfPlan === 0 && !isShown && isAgreed && impact
      ? 0
      : 1;
} finally {
  await sandbox.close();
}

/**
 * Act three: pull request #12 renames orders.amount in its dbt build (schema dbt_pr_12). `mode: preview`
 * creates its environment and Omni branch, refreshes the branch, and compares its content with the shared
 * model's; the preview comment says what breaks. The check fails, as it should: true when it did so.
 * @param {string} demoConfig
 */
async function showPullRequestImpact(demoConfig) {
  const github = await startGitHubFake({
    installationTokens: ['ghs_demo_installation_token'],
    pullRequests: [PULL_REQUEST_12_SEED],
  });
  try {
    const run = await runStep('Pull request #12 renames orders.amount: preview with the impact check', {
      inputs: {
        ...inputs,
        mode: 'preview',
        comment: 'true',
        'github-token': 'ghs_demo_installation_token',
      },
      files: { 'omni-dbt.yml': demoConfig },
      eventName: 'pull_request',
      ref: 'refs/pull/12/merge',
      event: PULL_REQUEST_12_EVENT,
      env: { ...SECRET_ENV, GITHUB_API_URL: github.url },
    });
    const comment = github.comments.find((c) => c.body.startsWith('<!-- omni-dbt-action preview:'));
    console.log(
      `\n${bold('The preview comment on pull request #12:')}\n\n${comment?.body.trim() ?? '(none)'}`,
    );
    const isNamed = ['Revenue overview', 'Customer regions', 'Pipeline (draft)'].every((name) =>
      comment?.body.includes(`[${name}]`),
    );
    console.log(
      run.exitCode === 1 && isNamed
        ? '\nThe check failed, as it should: the pull request breaks 3 dashboards, and the comment names them.'
        : '\nThe check did not fail with the dashboards named: that is a bug.',
    );
    return run.exitCode === 1 && isNamed && !isSecretShown(run);
  } finally {
    await github.close();
  }
}
