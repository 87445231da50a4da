// Seeded random scenarios for the soak: a config file, the sandbox's state, fault scripts per connection
// and request, and the run's inputs. The same seed gives the same scenario, so a failure can be replayed.
import type { DbtPutBody } from '../../src/core/omni/dbt.js';
import type { Mode } from '../../src/core/run/types.js';

export type Random = () => number;

/** mulberry32: a tiny 32-bit PRNG, plenty for picking scenarios, and stable across Node versions. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function chance(random: Random, probability: number): boolean {
  return random() < probability;
}

function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function generateUuid(random: Random): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
}

/** A scripted fault step of the sandbox (sandbox/README.md). */
export type FaultStep = 'pass' | Record<string, unknown>;

export interface ScriptedFaults {
  match: { method: 'GET' | 'PUT'; connectionId: string };
  steps: FaultStep[];
}

/** What the sandbox holds for one connection (sandbox/server.js ConnectionState). */
export interface SandboxConnection {
  name?: string;
  dialect: string;
  supportsDbt: boolean;
  dbt: Record<string, unknown> | null;
}

export interface SoakScenario {
  configText: string;
  /** The sandbox's state: `{ connections }`. */
  sandboxSeed: { connections: Record<string, SandboxConnection> };
  scripts: ScriptedFaults[];
  mode: Mode;
  token: string;
  selection: string[];
  force: boolean;
  rotateKeys: boolean;
  failOnChanges: boolean;
  /** The connections the run must account for, in file order (an invalid file's too: listed, skipped). */
  expectedIds: string[];
  desiredBodies: Record<string, DbtPutBody>;
  hasValidationErrors: boolean;
  /** Sandbox and client limits: requests per window. */
  rate: { serverLimit: number; clientBudget: number; windowMs: number };
  maxConcurrency: number;
  /** Cancel the run at this fetch (1-based), before or after it is answered; undefined: never. */
  abortAt?: { fetchNumber: number; isAfterAnswer: boolean };
}

export interface ScenarioOptions {
  validToken: string;
  wrongToken: string;
  /** Faults that take long under the production retry settings (hang, timeouts, backoff) are left out. */
  isQuick: boolean;
  /** Connections in the file. */
  maxConnections: number;
}

const SSH_URLS = ['git@github.com:acme/analytics.git', 'git@github.com:acme/finance-dbt.git'];
const BRANCHES = ['main', 'staging', 'release'];
const ROOTS = ['transform', 'dbt/core', '', null];
const VERSIONS = ['1.10', '1.11', 'Auto', null];
const LIVE_KINDS = ['unchanged', 'update', 'create'] as const;
const TROUBLED_LIVE_KINDS = [...LIVE_KINDS, ...LIVE_KINDS, 'unsupported', 'missing'] as const;

/** A fault a request may meet; bodies and headers echo the token, which the client must never repeat. */
function generateFault(
  random: Random,
  method: 'GET' | 'PUT',
  token: string,
  isQuick: boolean,
  isTroubled: boolean,
): FaultStep {
  const retryAfter = pick(random, ['0', '1', 'Wed, 21 Oct 2015 07:28:00 GMT', 'soon']);
  // Retryable faults are common, final ones (4xx, bad bodies) rarer, a 401 rarest: most runs should still
  // have connections that get through, so both verdicts are exercised.
  const retryable: (() => FaultStep)[] = [
    () => ({ status: pick(random, [500, 502, 503, 504]) }),
    () => ({ status: 503, headers: { 'Retry-After': '0' } }),
    () => ({ status: 429, headers: { 'Retry-After': isQuick ? '0' : retryAfter } }),
    () => ({ status: 429 }),
    () => ({ status: 500, body: `<html>upstream saw Authorization: Bearer ${token}</html>` }),
    () => ({ reset: true }),
    () => ({ delayMs: randomInt(random, 0, 15) }),
  ];
  if (!isQuick)
    retryable.push(
      () => ({ hang: true }),
      () => ({ delayMs: 150 }),
    );
  const final: (() => FaultStep)[] = [
    () => ({
      status: pick(random, [400, 403, 404]),
      body: { error: 'x', message: `token ${token} refused` },
    }),
    () => ({ status: 302, headers: { location: `https://login.example/?token=${token}` } }),
    () => ({ malformed: pick(random, ['html', 'empty', 'truncated-json', 'wrong-shape']) }),
    () => ({ successFalse: true }),
  ];
  if (method === 'PUT') {
    const lost: FaultStep[] = [{ reset: true }, { status: 503 }, { malformed: 'empty' }, { status: 429 }];
    if (!isQuick) lost.push({ hang: true });
    retryable.push(() => ({ applyThen: pick(random, lost) }));
  }
  const draw = random();
  if (draw < 0.3) return 'pass';
  if (!isTroubled) return pick(random, retryable)();
  if (draw < 0.33) return { status: 401 };
  const kinds = draw < 0.8 ? retryable : final;
  return pick(random, kinds)();
}

/** The body the action PUTs for a connection: the contract's defaults explicit, dbtVersion only when set. */
function toYamlScalar(value: unknown): string {
  return value === null ? 'null' : JSON.stringify(value);
}

/** Live settings that equal `desired` as Omni shows them, or differ in one field. */
function generateLive(random: Random, desired: DbtPutBody, isChanged: boolean): Record<string, unknown> {
  const live: Record<string, unknown> = {
    sshUrl: desired.sshUrl,
    branch: desired.branch,
    autogenRelationships: desired.autogenRelationships,
    enableVirtualSchemas: desired.enableVirtualSchemas,
    enableSemanticLayer: desired.enableSemanticLayer,
    // Omni's equivalent forms: "" for null, and back.
    projectRootPath:
      desired.projectRootPath === null
        ? pick(random, [null, ''])
        : desired.projectRootPath === ''
          ? null
          : desired.projectRootPath,
    dbtVersion:
      'dbtVersion' in desired ? (desired.dbtVersion ?? pick(random, [null, 'Auto'])) : pick(random, VERSIONS),
  };
  if (isChanged) {
    const field = pick(random, [
      'branch',
      'sshUrl',
      'autogenRelationships',
      'enableSemanticLayer',
      'projectRootPath',
    ]);
    if (field === 'branch') live.branch = `${desired.branch}-old`;
    if (field === 'sshUrl') live.sshUrl = 'git@github.com:acme/old.git';
    if (field === 'autogenRelationships') live.autogenRelationships = !desired.autogenRelationships;
    if (field === 'enableSemanticLayer') live.enableSemanticLayer = !desired.enableSemanticLayer;
    if (field === 'projectRootPath') live.projectRootPath = 'somewhere/else';
  }
  return live;
}

/** Draws one scenario. */
export function generateScenario(random: Random, options: ScenarioOptions): SoakScenario {
  const count = randomInt(random, 1, options.maxConnections);
  const defaults = {
    sshUrl: pick(random, SSH_URLS),
    branch: 'main',
    autogenRelationships: true,
    enableVirtualSchemas: true,
  };
  const lines = [
    'version: 1',
    'defaults:',
    ...Object.entries(defaults).map(([k, v]) => `  ${k}: ${toYamlScalar(v)}`),
    'connections:',
  ];
  const hasValidationErrors = chance(random, 0.04);
  const ids: string[] = [];
  const names: (string | undefined)[] = [];
  const desiredBodies: Record<string, DbtPutBody> = {};
  const connections: Record<string, SandboxConnection> = {};
  const scripts: ScriptedFaults[] = [];
  // An untroubled run meets only faults a retry gets past and connections that exist and support dbt.
  const isTroubled = chance(random, 0.5);
  const token = isTroubled && chance(random, 0.1) ? options.wrongToken : options.validToken;

  for (let i = 0; i < count; i += 1) {
    const generated = generateUuid(random);
    // The contract's uuid format accepts any case; the file's spelling is what reports show.
    const id = chance(random, 0.15) ? generated.toUpperCase() : generated;
    const name = chance(random, 0.8) ? `Connection ${i + 1}` : undefined;
    ids.push(id);
    names.push(name);
    const overrides: Record<string, unknown> = {};
    if (chance(random, 0.3)) overrides.branch = pick(random, BRANCHES);
    if (chance(random, 0.2)) overrides.sshUrl = pick(random, SSH_URLS);
    if (chance(random, 0.5)) overrides.projectRootPath = pick(random, ROOTS);
    if (chance(random, 0.6)) overrides.dbtVersion = pick(random, VERSIONS);
    if (chance(random, 0.3)) overrides.enableSemanticLayer = chance(random, 0.5);
    if (chance(random, 0.2)) overrides.autogenRelationships = chance(random, 0.5);
    lines.push(`  - id: ${id}`);
    if (name !== undefined) lines.push(`    name: ${name}`);
    for (const [key, value] of Object.entries(overrides)) lines.push(`    ${key}: ${toYamlScalar(value)}`);
    if (hasValidationErrors && i === 0) lines.push('    dbtVersion: 1.10', '    brnch: main');

    const desired: DbtPutBody = {
      sshUrl: (overrides.sshUrl as string) ?? defaults.sshUrl,
      branch: (overrides.branch as string) ?? defaults.branch,
      autogenRelationships: (overrides.autogenRelationships as boolean) ?? defaults.autogenRelationships,
      enableVirtualSchemas: defaults.enableVirtualSchemas,
      enableSemanticLayer: (overrides.enableSemanticLayer as boolean) ?? false,
      projectRootPath: (overrides.projectRootPath as string | null) ?? null,
    };
    if ('dbtVersion' in overrides) desired.dbtVersion = overrides.dbtVersion as DbtPutBody['dbtVersion'];
    desiredBodies[id] = desired;

    const kind = pick(random, isTroubled ? TROUBLED_LIVE_KINDS : LIVE_KINDS);
    if (kind !== 'missing') {
      connections[id] = {
        name,
        dialect: kind === 'unsupported' ? 'clickhouse' : 'snowflake',
        supportsDbt: kind !== 'unsupported',
        dbt:
          kind === 'create' || kind === 'unsupported'
            ? null
            : generateLive(random, desired, kind === 'update'),
      };
    }
    for (const method of ['GET', 'PUT'] as const) {
      if (!chance(random, 0.35)) continue;
      const steps = Array.from({ length: randomInt(random, 1, options.isQuick || !isTroubled ? 2 : 4) }, () =>
        generateFault(random, method, token, options.isQuick, isTroubled),
      );
      scripts.push({ match: { method, connectionId: id }, steps });
    }
  }

  // Select by id (any case) or name, in any order; or everything.
  let selection: string[] = [];
  let selectedIndexes = ids.map((_, i) => i);
  if (chance(random, 0.3)) {
    selectedIndexes = selectedIndexes.filter(() => chance(random, 0.6));
    if (selectedIndexes.length === 0) selectedIndexes = [0];
    selection = selectedIndexes
      .map((i) => {
        const name = names[i];
        const id = ids[i] as string;
        return name !== undefined && chance(random, 0.5) ? name : chance(random, 0.5) ? id.toUpperCase() : id;
      })
      .reverse();
  }
  const mode: Mode = chance(random, 0.6) ? 'apply' : 'dry-run';
  const isRateLimited = chance(random, 0.25);
  const serverLimit = isRateLimited ? randomInt(random, 3, 12) : 100_000;
  return {
    configText: `${lines.join('\n')}\n`,
    sandboxSeed: { connections },
    scripts,
    mode,
    token,
    selection,
    force: chance(random, 0.15),
    rotateKeys: chance(random, 0.1),
    failOnChanges: chance(random, 0.25),
    // README, "Outputs": every selected connection is listed, an invalid file's too (skipped).
    expectedIds: selectedIndexes.map((i) => ids[i] as string),
    desiredBodies,
    hasValidationErrors,
    rate: {
      serverLimit,
      // A client budget above the server's limit meets 429s; one at or under it should not.
      clientBudget: isRateLimited ? serverLimit + randomInt(random, -1, 6) : 100_000,
      windowMs: isRateLimited ? randomInt(random, 20, 60) : 60_000,
    },
    maxConcurrency: pick(random, [1, 2, 4, 8]),
    abortAt: chance(random, 0.12)
      ? { fetchNumber: randomInt(random, 1, count * 2), isAfterAnswer: chance(random, 0.5) }
      : undefined,
  };
}
