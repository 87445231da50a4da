// No secret leaves the built action or the built CLI, in any form, whatever Omni sends back: the sandbox
// echoes every refused request (body and headers, the token included) with the token and the `fromEnv`
// secrets at every position of the 300-character cut of an error detail; the secrets are masked while
// the first request has no answer; a variable that is or becomes secret shows neither value.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startGitHubFake } from '../../sandbox/github-fake.js';
import { startSandbox } from '../../sandbox/server.js';
import { PUSH_EVENT, startBuiltAction } from '../../scripts/runner.js';
import { runBuiltCli } from '../support/built-cli.js';
import { PRODUCTION_ID, PRODUCTION_SETTINGS } from '../support/dbt-fixtures.js';
import { runOnPullRequest, SETTINGS_YAML } from '../support/guard-fixtures.js';

const TOKEN = 'Qm7Zr2Lx9Kp4Wd8Fh3Tj';
const GITHUB_TOKEN = 'ghs_Bv6Nc1Xs4Ge9Ua2Yk';
// A quote and a backslash: its JSON-escaped form (what an echoed body holds) is not its raw form.
const SECRET = 'Vw8n"Tq2\\Jx5Rb3Hs';
// Shorter than 4 characters: redacted where it stands as a value.
const SHORT_SECRET = 'q7!';
/** Where the transport cuts an error detail (src/core/omni/transport.ts). */
const CUT = 300;

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type GitHubFake = Awaited<ReturnType<typeof startGitHubFake>>;
type EchoMode = true | 'text';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const escapeJson = (text: string) => JSON.stringify(text).slice(1, -1);

/** Every piece of `text` of `min` characters or more: what a cut or a partial redaction could leave. */
function listPieces(text: string, min = 4): string[] {
  const pieces: string[] = [];
  for (let start = 0; start + min <= text.length; start += 1) {
    for (let end = start + min; end <= text.length; end += 1) pieces.push(text.slice(start, end));
  }
  return pieces;
}

/** The token and the secrets as a reader could find them: raw, JSON-escaped (once, twice), URL, base64. */
const FORBIDDEN = [
  ...new Set([
    ...[TOKEN, GITHUB_TOKEN, SECRET].flatMap((secret) => [
      ...listPieces(secret),
      ...listPieces(escapeJson(secret)),
      ...listPieces(escapeJson(escapeJson(secret))),
      encodeURIComponent(secret),
      base64(secret),
    ]),
    // Inside `Basic base64(user:token)`: the characters only the token's bytes decide.
    base64(`user:${TOKEN}`).slice(8, 24),
    SHORT_SECRET,
  ]),
];

function expectNothingForbidden(texts: Record<string, string>): void {
  for (const [where, text] of Object.entries(texts)) {
    const found = FORBIDDEN.filter((piece) => text.includes(piece));
    expect(found, `${where} shows part of a secret`).toEqual([]);
  }
}

/** The runner consumes `::add-mask::` lines (that is how a secret gets masked): they are no visible text. */
function visibleLog(stdout: string): string {
  return stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}

const connectionId = (i: number) => `e5000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** A probe: a connection whose one refused request echoes, moved by `prefix` characters. */
interface Probe {
  id: string;
  what: 'token' | 'secret';
  echo: EchoMode;
  prefix: number;
}

/**
 * The probes that put the token (or the secret's JSON-escaped form) at every start from just before the
 * cut to just after it, in both echo forms. `base` is where it starts in an echo without prefix.
 */
function planProbes(what: Probe['what'], base: number, length: number, firstIndex: number): Probe[] {
  const probes: Probe[] = [];
  for (let start = CUT - length - 1; start <= CUT + 1; start += 1) {
    expect(start - base, `the ${what} starts too late in the echo to reach the cut`).toBeGreaterThanOrEqual(
      0,
    );
    for (const echo of [true, 'text'] as const) {
      probes.push({ id: connectionId(firstIndex + probes.length), what, echo, prefix: start - base });
    }
  }
  return probes;
}

/** Where the token or the secret starts in the echo the sandbox sent each of `probes`. */
function findEchoStarts(sandbox: Sandbox, probes: readonly Probe[]): Map<string, number> {
  const starts = new Map<string, number>();
  for (const probe of probes) {
    const request = sandbox.requests.find((r) => r.connectionId === probe.id && 'echoed' in r);
    const echoed = (request as { echoed?: string } | undefined)?.echoed ?? '';
    // The log masks the token with as many `*` (sandbox/README.md).
    const bearer = 'Bearer ';
    const at =
      probe.what === 'token'
        ? echoed.indexOf(`${bearer}${'*'.repeat(TOKEN.length)}`)
        : echoed.indexOf(escapeJson(SECRET));
    if (at >= 0) starts.set(probe.id, probe.what === 'token' ? at + bearer.length : at);
  }
  return starts;
}

/**
 * Finds where the token and the secret start in an echo without prefix (the headers' order is undici's),
 * then plans the probes that put each at every position around the cut. Leaves the sandbox reset.
 */
async function calibrate(
  sandbox: Sandbox,
  installProbes: (probes: readonly Probe[]) => void,
  run: (ids: readonly string[]) => Promise<unknown>,
) {
  const calibration: Probe[] = [
    { id: connectionId(0), what: 'token', echo: true, prefix: 0 },
    { id: connectionId(1), what: 'secret', echo: true, prefix: 0 },
  ];
  installProbes(calibration);
  await run(calibration.map((probe) => probe.id));
  const starts = findEchoStarts(sandbox, calibration);
  const tokenBase = starts.get(connectionId(0));
  const secretBase = starts.get(connectionId(1));
  if (tokenBase === undefined || secretBase === undefined)
    throw new Error('an echo holds no token or secret');
  sandbox.reset();
  return {
    tokenBase,
    secretBase,
    tokenProbes: planProbes('token', tokenBase, TOKEN.length, 100),
    secretProbes: planProbes('secret', secretBase, escapeJson(SECRET).length, 200),
  };
}

const wantedStarts = (probes: readonly Probe[], base: number) =>
  new Map(probes.map((probe) => [probe.id, base + probe.prefix]));

describe('secrets echoed by Omni, with the built action', () => {
  let sandbox: Sandbox;
  let github: GitHubFake;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, tokens: [TOKEN], requestsPerMinute: 100_000 });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    github = await startGitHubFake({ installationTokens: [GITHUB_TOKEN] });
  });
  afterEach(async () => {
    await github.close();
    sandbox.reset();
  });

  const previewConfig = (ids: readonly string[]) => `version: 1
${SETTINGS_YAML}
connections:
${ids
  .map(
    (id) => `  - id: ${id}
    name: probe ${id.slice(-4)}
    preview:
      name: "PR {pr}"
      targetSchema: "dbt_pr_{pr}"
      variables: { DBT_TOKEN: { fromEnv: DBT_SECRET }, DBT_SHORT: { fromEnv: DBT_SHORT } }`,
  )
  .join('\n')}
`;

  /** Installs the probes: a token probe's list of environments echoes, a secret probe's create does. */
  const installProbes = (probes: readonly Probe[]) => {
    for (const probe of probes) {
      const step = { status: 422, echo: probe.echo, echoPrefix: 'p'.repeat(probe.prefix) };
      if (probe.what === 'token') {
        sandbox.script({ route: 'environments', method: 'GET', connectionId: probe.id }, [step]);
      } else {
        sandbox.setConnection(probe.id, {
          dialect: 'snowflake',
          supportsDbt: true,
          dbt: { ...PRODUCTION_SETTINGS, enableSemanticLayer: false },
          environments: [],
        });
        sandbox.script({ route: 'environments', method: 'POST', connectionId: probe.id }, [step]);
      }
    }
  };

  const runPreview = (ids: readonly string[]) =>
    runOnPullRequest({
      config: previewConfig(ids),
      mode: 'preview',
      omniUrl: sandbox.url,
      apiToken: TOKEN,
      githubApiUrl: github.url,
      githubToken: GITHUB_TOKEN,
      inputs: { 'max-requests-per-minute': '6000' },
      env: { DBT_SECRET: SECRET, DBT_SHORT: SHORT_SECRET },
    });

  it('shows no secret, nor any piece of one, in the log, summary, comment or outputs, at every cut position', async () => {
    const { tokenBase, secretBase, tokenProbes, secretProbes } = await calibrate(
      sandbox,
      installProbes,
      runPreview,
    );
    github.comments.length = 0;
    // And one answer that quotes the secrets base64- and URL-encoded, as a header or a query would.
    const encodedId = connectionId(300);
    sandbox.script({ route: 'environments', method: 'GET', connectionId: encodedId }, [
      {
        status: 400,
        body: {
          error: '400',
          message: `Authorization: Basic ${base64(`user:${TOKEN}`)}; value=${encodeURIComponent(SECRET)}; raw ${base64(SECRET)}; short=${SHORT_SECRET}`,
        },
      },
    ]);
    installProbes([...tokenProbes, ...secretProbes]);
    const ids = [...tokenProbes, ...secretProbes].map((probe) => probe.id).concat(encodedId);
    const done = await runPreview(ids);

    // The probes did what they claim: the token and the secret started at every position around the cut.
    expect(findEchoStarts(sandbox, tokenProbes)).toEqual(wantedStarts(tokenProbes, tokenBase));
    expect(findEchoStarts(sandbox, secretProbes)).toEqual(wantedStarts(secretProbes, secretBase));
    const result = JSON.parse(done.outputs.result ?? '{}') as {
      connections: { id: string; status: string; error: string }[];
    };
    expect(result.connections.map((c) => c.status)).toEqual(ids.map(() => 'failed'));
    expect(result.connections.filter((c) => c.error.includes('Omni answered HTTP 422'))).toHaveLength(
      tokenProbes.length + secretProbes.length,
    );
    // What was redacted is there, as `***`.
    expect(result.connections.find((c) => c.id === encodedId)?.error).toMatch(
      /Basic \S*\*\*\*.*value=\*\*\*; raw \*\*\*; short=\*\*\*/,
    );

    const comments = github.comments.map((comment) => comment.body);
    expect(comments).toHaveLength(1);
    expectNothingForbidden({
      log: visibleLog(done.stdout),
      stderr: done.stderr,
      summary: done.summary,
      comment: comments.join('\n'),
      ...done.outputs,
    });
  });

  it('masks the fromEnv secrets (::add-mask::) while the first request to Omni has no answer', async () => {
    // The first request never gets an answer: whatever the action masks, it masked before any answer.
    sandbox.script({ route: 'any' }, [{ hang: true }]);
    const config = `version: 1
${SETTINGS_YAML}
connections:
  - id: ${PRODUCTION_ID}
    environments:
      - name: CI
        targetSchema: dbt_ci
        variables: { DBT_TOKEN: { fromEnv: DBT_SECRET }, DBT_PLAIN: { fromEnv: DBT_PLAIN, secret: false } }
`;
    const { child, result } = await startBuiltAction({
      inputs: { config: 'omni-dbt.yml', 'omni-url': sandbox.url, 'api-token': TOKEN, comment: 'false' },
      files: { 'omni-dbt.yml': config },
      event: PUSH_EVENT,
      env: { DBT_SECRET: SECRET, DBT_PLAIN: 'plain-value-not-masked' },
    });
    let stdout = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk.toString();
    });
    try {
      await vi.waitFor(() => expect(sandbox.requests).toHaveLength(1), { timeout: 20_000, interval: 20 });
      await vi.waitFor(() => expect(stdout.split('\n')).toContain(`::add-mask::${SECRET}`), {
        timeout: 10_000,
        interval: 20,
      });
      expect(sandbox.requests).toHaveLength(1);
      expect(sandbox.requests[0]?.status).toBe(0);
      expect(stdout.split('\n')).toContain(`::add-mask::${TOKEN}`);
      // Only secrets are masked: a variable marked `secret: false` is not.
      expect(stdout).not.toContain('::add-mask::plain-value-not-masked');
    } finally {
      child.kill('SIGKILL');
      await result;
    }
  });
});

describe('secrets echoed by Omni, with the built CLI', () => {
  let sandbox: Sandbox;
  let workspace: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, tokens: [TOKEN], requestsPerMinute: 100_000 });
    workspace = await mkdtemp(path.join(tmpdir(), 'omni-dbt-redaction-'));
  });
  afterAll(async () => {
    await sandbox.close();
    await rm(workspace, { recursive: true, force: true });
  });
  afterEach(() => sandbox.reset());

  const applyConfig = (ids: readonly string[]) => `version: 1
${SETTINGS_YAML}
connections:
${ids
  .map(
    (id) => `  - id: ${id}
    environments:
      - name: CI
        targetSchema: dbt_ci
        variables: { DBT_TOKEN: { fromEnv: DBT_SECRET }, DBT_SHORT: { fromEnv: DBT_SHORT } }`,
  )
  .join('\n')}
`;

  /** A token probe's settings read echoes; a secret probe's environment create does. */
  const installProbes = (probes: readonly Probe[]) => {
    for (const probe of probes) {
      const step = { status: 422, echo: probe.echo, echoPrefix: 'p'.repeat(probe.prefix) };
      sandbox.setConnection(probe.id, {
        dialect: 'snowflake',
        supportsDbt: true,
        dbt: { ...PRODUCTION_SETTINGS, enableSemanticLayer: false },
        environments: [],
      });
      if (probe.what === 'token')
        sandbox.script({ route: 'dbt', method: 'GET', connectionId: probe.id }, [step]);
      else sandbox.script({ route: 'environments', method: 'POST', connectionId: probe.id }, [step]);
    }
  };

  const apply = async (ids: readonly string[], extra: string[] = []) => {
    await writeFile(path.join(workspace, 'omni-dbt.yml'), applyConfig(ids));
    return runBuiltCli(['apply', '--yes', '--max-requests-per-minute', '6000', ...extra], {
      cwd: workspace,
      env: { OMNI_URL: sandbox.url, OMNI_API_TOKEN: TOKEN, DBT_SECRET: SECRET, DBT_SHORT: SHORT_SECRET },
    });
  };

  it('prints no secret, nor any piece of one, at every cut position, as text and as --json', async () => {
    const { tokenBase, secretBase, tokenProbes, secretProbes } = await calibrate(
      sandbox,
      installProbes,
      (ids) => apply(ids),
    );
    const ids = [...tokenProbes, ...secretProbes].map((probe) => probe.id);
    for (const extra of [[], ['--json']]) {
      sandbox.reset();
      installProbes([...tokenProbes, ...secretProbes]);
      const done = await apply(ids, extra);
      expect(done.exitCode, done.stderr).toBe(1);
      expect(findEchoStarts(sandbox, tokenProbes)).toEqual(wantedStarts(tokenProbes, tokenBase));
      expect(findEchoStarts(sandbox, secretProbes)).toEqual(wantedStarts(secretProbes, secretBase));
      expect((done.stdout.match(/Omni answered HTTP 422/g) ?? []).length).toBeGreaterThanOrEqual(ids.length);
      expectNothingForbidden({ stdout: done.stdout, stderr: done.stderr });
    }
  });
});

describe('a variable that is or becomes secret', () => {
  const LIVE_PLAIN = 'Pv7-plain-live-Rx2';
  const NEW_SECRET = 'Sx3-new-secret-Lq8';
  const FILE_PLAIN = 'Nw5-plain-file-Jt6';
  const config = `version: 1
${SETTINGS_YAML}
connections:
  - id: ${PRODUCTION_ID}
    environments:
      - name: Production
        targetSchema: analytics
        variables:
          DBT_TARGET: { fromEnv: DBT_TARGET_SECRET }
          DBT_CLOUD_API_KEY: ${FILE_PLAIN}
`;
  let sandbox: Sandbox;
  let github: GitHubFake;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, tokens: [TOKEN] });
    github = await startGitHubFake({ installationTokens: [GITHUB_TOKEN] });
  });
  afterAll(async () => {
    await github.close();
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.reset();
    // Omni holds DBT_TARGET in plain text (the file makes it secret) and the API key as a secret (the
    // file makes it plain).
    sandbox.setEnvironments(PRODUCTION_ID, [
      {
        name: 'Production',
        isDefaultEnvironment: true,
        targetSchema: 'analytics',
        variables: [
          { name: 'DBT_TARGET', isSecret: false, value: LIVE_PLAIN },
          { name: 'DBT_CLOUD_API_KEY', isSecret: true, value: 'Ks2-live-secret-Hw4' },
        ],
      },
    ]);
  });
  const expectNeitherValue = (texts: Record<string, string>) => {
    for (const [where, text] of Object.entries(texts)) {
      for (const value of [LIVE_PLAIN, NEW_SECRET, FILE_PLAIN, 'Ks2-live-secret-Hw4']) {
        expect(text, `${where} shows ${value}`).not.toContain(value);
      }
    }
  };

  it('shows neither value in the plan: log, summary, comment and result', async () => {
    const done = await runOnPullRequest({
      config,
      omniUrl: sandbox.url,
      apiToken: TOKEN,
      githubApiUrl: github.url,
      githubToken: GITHUB_TOKEN,
      env: { DBT_TARGET_SECRET: NEW_SECRET },
    });
    expect(done.exitCode, done.stdout).toBe(0);
    const result = JSON.parse(done.outputs.result ?? '{}');
    expect(result.connections[0].environments[0].changes).toEqual([
      { field: 'variables.DBT_TARGET', from: '(not secret, value not shown)', to: '(secret)' },
      { field: 'variables.DBT_CLOUD_API_KEY', from: '(secret)', to: '(not secret, value not shown)' },
    ]);
    expectNeitherValue({
      log: visibleLog(done.stdout),
      summary: done.summary,
      comment: github.comments.map((comment) => comment.body).join('\n'),
      ...done.outputs,
    });
  });

  it('shows neither value in the CLI plan', async () => {
    const workspace = await mkdtemp(path.join(tmpdir(), 'omni-dbt-diff-'));
    try {
      await writeFile(path.join(workspace, 'omni-dbt.yml'), config);
      for (const extra of [[], ['--json']]) {
        const done = await runBuiltCli(['plan', ...extra], {
          cwd: workspace,
          env: { OMNI_URL: sandbox.url, OMNI_API_TOKEN: TOKEN, DBT_TARGET_SECRET: NEW_SECRET },
        });
        expect(done.exitCode, done.stderr).toBe(0);
        expect(done.stdout).toContain('(not secret, value not shown)');
        expectNeitherValue({ stdout: done.stdout, stderr: done.stderr });
      }
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  });
});
