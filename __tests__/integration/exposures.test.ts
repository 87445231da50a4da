// mode: exposures in process against the sandbox over real HTTP, with the real file access on a temporary
// workspace: every page read and every dashboard written, names dbt takes, a re-run that writes nothing, a
// drift check that fails on a stale file without writing it, and nothing written from an incomplete answer
// or through a symbolic link. Every file written is judged by dbt's own schemas (support/dbt-schemas.ts).
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server.js';
import {
  EXPOSURES_MODEL_ID,
  generateDashboards,
  generateExposuresConfig,
} from '../../scripts/bench/fixtures.js';
import { createWorkspaceExposuresFiles } from '../../src/core/exposures-file.js';
import { createRunClient } from '../../src/core/omni/run-client.js';
import { isValidDbtName } from '../../src/core/plan/exposures.js';
import { buildResultOutput, summariseOutcome } from '../../src/core/report/outcome.js';
import { NOT_IN_EXPOSURES_MODE } from '../../src/core/run/not-planned.js';
import { executeRun } from '../../src/core/run/run.js';
import { createRedactor } from '../../src/core/secrets.js';
import { ACTION_TERMS } from '../../src/core/terms.js';
import { PRODUCTION_ID, STAGING_MODEL_ID } from '../support/dbt-fixtures.js';
import { readExposuresFile } from '../support/dbt-schemas.js';

const TOKEN = 'sandbox-token-for-exposures';
const READ_ONLY_TOKEN = 'read-only-token-for-exposures';
const FILE = 'models/omni_exposures/omni_exposures.yml';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

let sandbox: Sandbox;
let root: string;
let workspace: string;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tokens: [TOKEN], readOnlyTokens: [READ_ONLY_TOKEN] });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  sandbox.reset();
  root = await mkdtemp(path.join(tmpdir(), 'omni-dbt-exposures-run-'));
  workspace = path.join(root, 'workspace');
  await mkdir(workspace);
});
afterEach(() => rm(root, { recursive: true, force: true }));

interface RunInput {
  configText?: string;
  failOnChanges?: boolean;
  apiToken?: string;
}

/** mode: exposures as the action runs it, on `workspace`, with the production client wiring. */
async function runExposuresMode({
  configText = generateExposuresConfig(),
  failOnChanges = false,
  apiToken = TOKEN,
}: RunInput = {}) {
  const redactor = createRedactor();
  redactor.add(apiToken);
  const report = await executeRun({
    configPath: 'omni-dbt.yml',
    configText,
    mode: 'exposures',
    omniUrl: sandbox.url,
    apiToken,
    allowCustomHost: false,
    selection: [],
    force: false,
    rotateKeys: false,
    failOnChanges,
    isUpdatingSecrets: false,
    stepEnv: {},
    redactor,
    terms: ACTION_TERMS,
    stop: new AbortController(),
    exposures: { intent: failOnChanges ? 'check' : 'write', files: createWorkspaceExposuresFiles(workspace) },
    createClient: (settings) => createRunClient({ ...settings, maxRequestsPerMinute: 6000 }),
  });
  return { report, outcome: summariseOutcome(report), result: JSON.parse(buildResultOutput(report)) };
}

const readWritten = () => readFile(path.join(workspace, FILE), 'utf8');
const exposureRequests = () => sandbox.requests.filter((request) => request.route === 'dbt-exposures');

describe('mode: exposures against the sandbox', () => {
  it('reads 150 dashboards over every page and writes each one that uses a dbt model, valid for dbt', async () => {
    sandbox.setDocuments(generateDashboards(150));
    const { report, outcome } = await runExposuresMode();

    // The sandbox answers 5 a page whatever is asked: 30 pages, each cursor followed once.
    const pages = exposureRequests();
    expect(pages).toHaveLength(30);
    expect(pages.every((page) => page.status === 200 && page.modelId === EXPOSURES_MODEL_ID)).toBe(true);
    expect(report.exposures).toMatchObject({
      status: 'written',
      isChanged: true,
      dashboards: 150,
      written: 140,
      withoutDbtModels: 10,
    });
    expect(outcome).toMatchObject({ isFailure: false, hasChanges: true, changed: 140, failed: 0 });

    const exposures = readExposuresFile(await readWritten());
    expect(exposures).toHaveLength(140);
    const names = exposures.map((exposure) => exposure.name);
    expect(names.every(isValidDbtName)).toBe(true);
    expect(new Set(names).size).toBe(140);
    // Each dashboard with a dbt model once, by its identifier: none lost on a page boundary.
    const identifiers = exposures.map((exposure) => exposure.config.meta.omni_dashboard_identifier);
    const expected = generateDashboards(150)
      .filter((dashboard) => dashboard.dbtModels.length > 0)
      .map((dashboard) => dashboard.identifier);
    expect([...identifiers].sort()).toEqual(expected.sort());
  });

  it("gives the seed's colliding titles valid, unique names, the one Omni already names so keeping it", async () => {
    const { report } = await runExposuresMode();
    expect(report.exposures?.status).toBe('written');
    const exposures = readExposuresFile(await readWritten());
    const names = exposures.map((exposure) => exposure.name);
    expect(names.every(isValidDbtName)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    const byIdentifier = Object.fromEntries(
      exposures.map((e) => [e.config.meta.omni_dashboard_identifier, e]),
    );
    // `Revenue`, `revenue`, `revenue_2`, `Revenue!`, `Revenue?`: five dashboards, five names.
    const revenues = ['revenue-a', 'revenue-b', 'revenue-c', 'revenue-bang', 'revenue-question'].map(
      (identifier) => byIdentifier[identifier]?.name,
    );
    expect(new Set(revenues).size).toBe(5);
    expect(byIdentifier['revenue-a']?.name).toBe('revenue');
    expect(byIdentifier['revenue-a']?.label).toBe('Revenue');
    // The dashboard without a dbt model is counted, not written.
    expect(byIdentifier['calendar-notes']).toBeUndefined();
    expect(report.exposures?.withoutDbtModels).toBe(1);
    // Every connection of the file is listed, skipped, saying why.
    expect(report.connections).toEqual([
      expect.objectContaining({
        connectionId: PRODUCTION_ID,
        status: 'skipped',
        error: NOT_IN_EXPOSURES_MODE,
      }),
    ]);
  });

  it('writes nothing on a re-run without changes: the same bytes, the same file, exposures-changed false', async () => {
    await runExposuresMode();
    const first = await readWritten();
    const firstStat = await stat(path.join(workspace, FILE));
    const { report, outcome, result } = await runExposuresMode();
    expect(report.exposures).toMatchObject({
      status: 'unchanged',
      isChanged: false,
      added: [],
      removed: [],
      updated: [],
    });
    expect(outcome).toMatchObject({ isFailure: false, hasChanges: false, changed: 0 });
    expect(result.exposures).toMatchObject({ status: 'unchanged', changed: false });
    expect(await readWritten()).toBe(first);
    // Not even rewritten with the same bytes: the file is the one the first run made.
    expect((await stat(path.join(workspace, FILE))).ino).toBe(firstStat.ino);
    expect(outcome.headline).toBe(
      `${FILE} is up to date: 16 exposures from 17 dashboards (1 without dbt models).`,
    );
  });

  it('fails the drift check on a stale committed file and leaves it as it was', async () => {
    await runExposuresMode();
    const current = await readWritten();
    // The committed file from before a dashboard was renamed and another one added.
    const stale = current.replace('label: Payments mix', 'label: Payments (old)');
    await writeFile(path.join(workspace, FILE), stale);
    const documents = sandbox.getDocuments();
    const [board] = generateDashboards(1);
    if (board === undefined) throw new Error('no dashboard generated');
    sandbox.setDocuments([...documents, { ...board, identifier: 'new-board', name: 'New board' }]);

    const { report, outcome } = await runExposuresMode({ failOnChanges: true });
    expect(report.exposures).toMatchObject({
      status: 'drifted',
      isChanged: true,
      added: [{ name: 'new_board', label: 'New board' }],
      removed: [],
      updated: [{ name: 'payments_mix', label: 'Payments mix' }],
    });
    expect(outcome).toMatchObject({ isFailure: true, hasChanges: true, changed: 2 });
    expect(outcome.headline).toContain(`${FILE} is out of date (1 added, 0 removed, 1 changed)`);
    expect(await readWritten()).toBe(stale);

    // Without fail-on-changes the same run writes it, for a later step to commit.
    const written = await runExposuresMode();
    expect(written.report.exposures?.status).toBe('written');
    expect(readExposuresFile(await readWritten()).some((exposure) => exposure.name === 'new_board')).toBe(
      true,
    );
  });

  it('writes nothing when one model cannot be read, and says which and how to fix it', async () => {
    await runExposuresMode();
    const before = await readWritten();
    const unknownModel = 'deadbeef-0000-4000-8000-000000000404';
    const { report, outcome, result } = await runExposuresMode({
      configText: generateExposuresConfig({ modelIds: [EXPOSURES_MODEL_ID, unknownModel] }),
    });
    expect(report.exposures?.status).toBe('failed');
    expect(report.exposures?.models).toEqual([
      expect.objectContaining({ modelId: EXPOSURES_MODEL_ID, status: 'read', dashboards: 17 }),
      expect.objectContaining({ modelId: unknownModel, status: 'failed', httpStatus: 404 }),
    ]);
    expect(report.exposures?.models[1]?.hint).toContain('exposures.models');
    expect(outcome).toMatchObject({ isFailure: true, failed: 1 });
    expect(outcome.headline).toBe(
      `1 of 2 models could not be read, so ${FILE} was not written: it is written only from every model read whole.`,
    );
    expect(result.exposures.models[1]).toMatchObject({ id: unknownModel, status: 'failed', httpStatus: 404 });
    expect(await readWritten()).toBe(before);
  });

  it('writes nothing from a page Omni answered off its contract', async () => {
    sandbox.setDocuments(generateDashboards(40));
    sandbox.script({ route: 'dbt-exposures' }, ['pass', 'pass', { malformed: 'wrong-shape' }]);
    const { report } = await runExposuresMode();
    expect(exposureRequests()).toHaveLength(3);
    expect(report.exposures?.status).toBe('failed');
    expect(report.exposures?.models[0]?.error).toContain('the dbt exposures');
    await expect(readdir(workspace)).resolves.toEqual([]);
  });

  it('fails with Connection Admin as the fix when the key may not read the exposures (403)', async () => {
    const { report, outcome } = await runExposuresMode({ apiToken: READ_ONLY_TOKEN });
    expect(report.exposures?.models[0]).toMatchObject({ status: 'failed', httpStatus: 403 });
    expect(report.exposures?.models[0]?.hint).toContain('Connection Admin');
    expect(outcome.isFailure).toBe(true);
    await expect(readdir(workspace)).resolves.toEqual([]);
  });

  it('stops at a refused token (401) and writes nothing', async () => {
    const { report, outcome } = await runExposuresMode({
      configText: generateExposuresConfig({ modelIds: [EXPOSURES_MODEL_ID, STAGING_MODEL_ID] }),
      apiToken: 'revoked-token',
    });
    expect(report.fatalError).toBe('Omni refused the API token (401).');
    expect(report.exposures?.models.map((model) => model.status)).toEqual(['failed', 'skipped']);
    expect(outcome.isFailure).toBe(true);
    // The run's first request goes alone: the refused token cost one request.
    expect(sandbox.requests).toHaveLength(1);
    await expect(readdir(workspace)).resolves.toEqual([]);
  });

  it('refuses a path through a symbolic link out of the workspace before any request, writing nothing', async () => {
    const outside = path.join(root, 'outside');
    await mkdir(outside);
    await symlink(outside, path.join(workspace, 'models'));
    const { report, outcome } = await runExposuresMode();
    expect(report.exposures?.status).toBe('failed');
    expect(outcome.headline).toBe(
      `${FILE}: the folder models is a symbolic link, so the exposures file was not written: it is only written in real folders of the workspace, wherever a link points. Replace the link with the folder itself, or set exposures.path to a path without links.`,
    );
    expect(sandbox.requests).toEqual([]);
    await expect(readdir(outside)).resolves.toEqual([]);
  });

  it('puts no token in the file: a dashboard title holding it is written redacted', async () => {
    const documents = sandbox.getDocuments();
    const [board] = generateDashboards(1);
    if (board === undefined) throw new Error('no dashboard generated');
    sandbox.setDocuments([...documents, { ...board, identifier: 'leak', name: `Leak ${TOKEN}` }]);
    await runExposuresMode();
    const text = await readWritten();
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('label: Leak ***');
  });

  it('needs the exposures block and a token, and sends nothing without them', async () => {
    const withoutBlock = generateExposuresConfig().split('exposures:')[0] ?? '';
    const missing = await runExposuresMode({ configText: withoutBlock });
    expect(missing.report.fatalError).toContain('has no `exposures` block');
    expect(missing.result.connections).toEqual([
      expect.objectContaining({ status: 'skipped', error: NOT_IN_EXPOSURES_MODE }),
    ]);
    const tokenless = await runExposuresMode({ apiToken: '' });
    expect(tokenless.report.fatalError).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's expression syntax, as the message shows it.
      'Input "api-token" is empty, and mode: exposures (it reads Omni) needs it. Pass an Omni API key with Connection Admin, e.g. `api-token: ${{ secrets.OMNI_API_TOKEN }}`.',
    );
    expect(missing.outcome.isFailure && tokenless.outcome.isFailure).toBe(true);
    expect(sandbox.requests).toEqual([]);
  });
});
