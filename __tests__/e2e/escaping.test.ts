// Text from outside is escaped for where it goes, with the built action and the built CLI: names from the
// file and from Omni issue no workflow command in the log (stdout read as the runner reads it), keys and
// names render inert in the summary and the comment (rendered with marked), and nothing from outside
// reaches the terminal as a control sequence.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubFake } from '../../sandbox/github-fake.js';
import { startSandbox } from '../../sandbox/server.js';
import { PUSH_EVENT, runBuiltAction } from '../../scripts/runner.js';
import { runBuiltCli } from '../support/built-cli.js';
import { PRODUCTION_ID } from '../support/dbt-fixtures.js';
import { findLiveMarkup, renderGfm, runOnPullRequest, SETTINGS_YAML } from '../support/guard-fixtures.js';
import { parseWorkflowCommands } from '../support/workflow-commands.js';

const TOKEN = 'sandbox-token';
const GITHUB_TOKEN = 'ghs_escaping_installation_token';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type GitHubFake = Awaited<ReturnType<typeof startGitHubFake>>;

/** Names that would issue commands if printed raw; each payload's data starts with "owned". */
const FILE_CONNECTION_NAME = 'conn\\n::error::owned-connection';
const FILE_ENVIRONMENTS = ['env\\r##[error]owned-environment', '::stop-commands::owned-stop'];
const OMNI_ENVIRONMENTS = [
  'omni\n::error::owned-omni',
  'omni\u0085::warning::owned-nel',
  'omni ##[set-output name=result]owned-legacy',
  'omni\r\n::add-mask::owned-mask',
];
const PAYLOADS = [
  'owned-connection',
  'owned-environment',
  'owned-stop',
  'owned-omni',
  'owned-nel',
  'owned-legacy',
  'owned-mask',
];

/** The only commands the action issues, and none of them carries a payload as its own command. */
function expectNoInjectedCommand(stdout: string): void {
  const commands = parseWorkflowCommands(stdout);
  for (const command of commands) {
    expect(['add-mask', 'group', 'endgroup', 'error', 'warning', 'notice', 'debug']).toContain(command.name);
    expect(command.data, command.line).not.toMatch(/^owned/);
  }
  // A mask of a payload would hide text from the log: the action masks only its secrets.
  for (const command of commands.filter((candidate) => candidate.name === 'add-mask')) {
    expect([TOKEN, GITHUB_TOKEN]).toContain(command.data);
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the CLI palette's colours start with ESC.
const PALETTE_SEQUENCE = /\u001b\[(?:1|2|22|31|32|33|39)m/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for.
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function expectInertHtml(markdown: string): void {
  expect(findLiveMarkup(renderGfm(markdown))).toEqual([]);
}

describe('outside text with the built action', () => {
  let sandbox: Sandbox;
  let github: GitHubFake;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, tokens: [TOKEN] });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    github = await startGitHubFake({ installationTokens: [GITHUB_TOKEN] });
    sandbox.setEnvironments(
      PRODUCTION_ID,
      OMNI_ENVIRONMENTS.map((name, i) => ({
        name,
        isDefaultEnvironment: i === 0,
        targetSchema: `schema_${i}`,
        variables: [],
      })),
    );
  });
  afterEach(async () => {
    await github.close();
    sandbox.reset();
  });

  const onPullRequest = (config: string, mode?: 'preview') =>
    runOnPullRequest({
      config,
      mode,
      omniUrl: sandbox.url,
      apiToken: TOKEN,
      githubApiUrl: github.url,
      githubToken: GITHUB_TOKEN,
    });

  it('issues no workflow command from names in the file or in Omni’s answers', async () => {
    const config = `version: 1
${SETTINGS_YAML}
connections:
  - id: ${PRODUCTION_ID}
    name: "${FILE_CONNECTION_NAME}"
    environments:
${FILE_ENVIRONMENTS.map((name) => `      - name: "${name}"\n        targetSchema: dbt_ci`).join('\n')}
`;
    const done = await runBuiltAction({
      inputs: { config: 'omni-dbt.yml', mode: 'dry-run', 'omni-url': sandbox.url, 'api-token': TOKEN },
      files: { 'omni-dbt.yml': config },
      event: PUSH_EVENT,
    });
    expect(done.exitCode, done.stdout).toBe(0);
    // The names did reach the log, escaped.
    for (const payload of PAYLOADS) expect(done.stdout).toContain(payload);
    expectNoInjectedCommand(done.stdout);
  });

  it('issues no workflow command from a preview’s name, in its log lines and its headline', async () => {
    const config = `version: 1
${SETTINGS_YAML}
connections:
  - id: ${PRODUCTION_ID}
    name: "${FILE_CONNECTION_NAME}"
    preview:
      name: "PR {pr}\\n::error::owned-preview"
      targetSchema: "dbt_pr_{pr}"
`;
    const done = await onPullRequest(config, 'preview');
    expect(done.exitCode, done.stdout).toBe(0);
    expect(done.stdout).toContain(
      'Preview for #12: created PR 12%0A::error::owned-preview on conn%0A::error::owned-connection.',
    );
    expectNoInjectedCommand(done.stdout);
  });

  it('renders a key with a fence, a mention, HTML and a link inert in the summary and the comment', async () => {
    // The fence starts a line of the message that quotes the key: raw, it would close the issues' block.
    const key = 'a\\n```\\n@team <img src=x onerror=alert(1)> [x](https://evil.example) www.evil.example';
    const config = `version: 1
${SETTINGS_YAML}
connections:
  - id: ${PRODUCTION_ID}
    "${key}": 1
`;
    const done = await onPullRequest(config);
    expect(done.exitCode).toBe(1);
    const comments = github.comments.map((comment) => comment.body);
    expect(comments).toHaveLength(1);
    for (const markdown of [done.summary, ...comments]) {
      expectInertHtml(markdown);
      const html = renderGfm(markdown);
      // One code block, the issues', holding the key whole: the fence in it did not close it.
      expect(html.match(/<pre>/g)).toHaveLength(1);
      const block = /<pre><code[^>]*>([\s\S]*?)<\/code><\/pre>/.exec(html)?.[1] ?? '';
      expect(block).toContain('&lt;img src=x onerror=alert(1)&gt; [x](https://evil.example)');
    }
  });

  it('renders hostile names from the file and from Omni inert in the summary and the comment', async () => {
    const hostile =
      '@team <img src=x onerror=alert(1)> [x](https://evil.example) https://evil.example/bare | cell';
    sandbox.setEnvironments(PRODUCTION_ID, [
      { name: `omni ${hostile}`, isDefaultEnvironment: true, targetSchema: 'analytics', variables: [] },
    ]);
    const config = `version: 1
${SETTINGS_YAML}
connections:
  - id: ${PRODUCTION_ID}
    name: "conn ${hostile}"
    pruneEnvironments: true
    environments:
      - name: "file ${hostile}"
        targetSchema: dbt_ci
`;
    const done = await onPullRequest(config);
    expect(done.exitCode, done.stdout).toBe(0);
    const comments = github.comments.map((comment) => comment.body);
    expect(comments).toHaveLength(1);
    for (const markdown of [done.summary, ...comments]) {
      expectInertHtml(markdown);
      // The names are there, readable once the invisible breaks are taken out.
      const text = renderGfm(markdown).replace(/[\u200B\u200D]/g, '');
      expect(text).toContain('conn @team &lt;img src=x onerror=alert(1)&gt; [x](https://evil.example)');
      expect(text).toContain('omni @team');
    }
  });
});

describe('outside text with the built CLI', () => {
  let sandbox: Sandbox;
  let workspace: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, tokens: [TOKEN] });
    workspace = await mkdtemp(path.join(tmpdir(), 'omni-dbt-escaping-'));
  });
  afterAll(async () => {
    await sandbox.close();
    await rm(workspace, { recursive: true, force: true });
  });
  afterEach(() => sandbox.reset());

  it('prints environment names with escape sequences escaped, colour on or off', async () => {
    sandbox.setEnvironments(PRODUCTION_ID, [
      { name: 'omni\u009b2J', isDefaultEnvironment: true, targetSchema: 'analytics', variables: [] },
    ]);
    await writeFile(
      path.join(workspace, 'omni-dbt.yml'),
      `version: 1
${SETTINGS_YAML}
connections:
  - id: ${PRODUCTION_ID}
    environments:
      - name: "file\\e[2J\\e]0;title\\a"
        targetSchema: dbt_ci
        # Unset: the warning that says so names the environment outside any JSON.
        variables: { DBT_KEY: { fromEnv: DBT_KEY_NOT_SET } }
`,
    );
    for (const colour of [{}, { FORCE_COLOR: '1' }] as Record<string, string>[]) {
      const done = await runBuiltCli(['plan'], {
        cwd: workspace,
        env: { OMNI_URL: sandbox.url, OMNI_API_TOKEN: TOKEN, ...colour },
      });
      expect(done.exitCode, done.stderr).toBe(0);
      const printed = done.stdout + done.stderr;
      expect(printed).toContain('file\\u001b[2J\\u001b]0;title\\u0007');
      expect(printed).toContain('omni\\u009b2J');
      // Every control left is one of the palette's colours (and there are some only with FORCE_COLOR).
      const controls = printed.replace(PALETTE_SEQUENCE, '');
      expect(controls).not.toMatch(CONTROL_CHARACTER);
      expect(printed.includes('\u001b[')).toBe('FORCE_COLOR' in colour);
    }
  });
});
