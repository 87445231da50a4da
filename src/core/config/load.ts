// Loads omni-dbt.yml: YAML with positions (yaml-source.ts), the file's shape (schema.ts), `defaults`
// merged under each connection, unique ids and names, warnings. Every issue is found in one pass and
// reported at once, sorted by line; a file with any error yields no config, so no request is sent.
import type { z } from 'zod';
import { checkEventBridgeCron, checkTimeZone, schedulePairKey } from './cron.js';
import { resolveDbtConfigBody } from './dbt-settings.js';
import { checkExposuresPath } from './exposures-path.js';
import {
  DELETE_WITHOUT_CREATE_MESSAGE,
  describeValue,
  explainInvalidValue,
  explainMissing,
  explainMissingModel,
  explainReservedVariable,
  explainUnknownKey,
  type KeyScope,
  SECRET_IN_FILE_MESSAGE,
} from './messages.js';
import { type ConfigFile, configFileSchema, dbtPutBodySchema, REFRESH_TIMEOUT_MINUTES } from './schema.js';
import type {
  ConfigIssue,
  ConnectionConfig,
  EnvironmentConfig,
  ExposuresConfig,
  ListedConnection,
  LoadConfigResult,
  PreviewConfig,
  SourcePosition,
  VariableConfig,
} from './types.js';
import { checkBranchName, checkSshUrl } from './warnings.js';
import { formatField, type PathSegment, parseYamlSource, type SourceMap } from './yaml-source.js';

type Finding = Omit<ConfigIssue, 'file'> & { isFromYaml?: boolean };

type Settings = Record<string, unknown>;

export function loadConfig(text: string, file: string): LoadConfigResult {
  const parsed = parseYamlSource(text);
  const findings: Finding[] = parsed.problems.map(({ position, field, message }) => ({
    severity: 'error',
    ...position,
    field,
    message,
    isFromYaml: true,
  }));
  if (parsed.ok) findings.push(...validateData(parsed.data, parsed.sourceMap));

  const issues = sortByPosition(removeRepeats(findings)).map(({ isFromYaml: _, ...finding }) => ({
    file,
    ...finding,
  }));
  const isValid = parsed.ok && issues.every((issue) => issue.severity === 'warning');
  if (!parsed.ok || !isValid)
    return { ok: false, issues, listed: parsed.ok ? listConnections(parsed.data) : [] };
  const config = configFileSchema.parse(parsed.data);
  return {
    ok: true,
    config: {
      version: 1,
      connections: buildConnections(config, parsed.sourceMap),
      ...(config.exposures !== undefined && {
        exposures: buildExposures(config.exposures, parsed.sourceMap),
      }),
    },
    warnings: issues,
  };
}

/**
 * The connections an invalid file still lists (README, "Outputs"): each entry of `connections` that is a
 * mapping with a non-empty string `id`, once per id (the first), with its `name` when that is a string.
 */
function listConnections(data: unknown): ListedConnection[] {
  if (!isSettings(data) || !Array.isArray(data.connections)) return [];
  const seen = new Set<string>();
  const listed: ListedConnection[] = [];
  for (const entry of data.connections) {
    if (!isSettings(entry) || typeof entry.id !== 'string' || entry.id.trim() === '') continue;
    const connectionId = entry.id.trim();
    if (seen.has(connectionId.toLowerCase())) continue;
    seen.add(connectionId.toLowerCase());
    const name = typeof entry.name === 'string' && entry.name !== '' ? entry.name : undefined;
    listed.push({ connectionId, ...(name === undefined ? {} : { name }) });
  }
  return listed;
}

/** `path:line:col: field: message`, the form editors and GitHub's problem matchers link. */
export function formatIssue(issue: ConfigIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.field}: ${issue.message}`;
}

function validateData(data: unknown, sourceMap: SourceMap): Finding[] {
  const at = (
    severity: ConfigIssue['severity'],
    position: SourcePosition,
    path: readonly PathSegment[],
    message: string,
  ) => ({ severity, ...position, field: formatField(path), message }) satisfies Finding;

  if (data === null || data === undefined) {
    const message = 'the file is empty: expected a mapping with `version: 1` and `connections`';
    return [at('error', { line: 1, column: 1 }, [], message)];
  }
  if (!isSettings(data)) {
    const message = `expected a mapping with \`version: 1\` and \`connections\`, got ${describeValue(data)}`;
    return [at('error', sourceMap.locateValue([]), [], message)];
  }

  const findings: Finding[] = [];
  const result = configFileSchema.safeParse(data);
  for (const issue of result.error?.issues ?? []) findings.push(...explainZodIssue(issue, data, sourceMap));

  const defaults = isSettings(data.defaults) ? data.defaults : {};
  const connections = Array.isArray(data.connections) ? data.connections : [];
  connections.forEach((connection, index) => {
    if (!isSettings(connection)) return;
    const entry = sourceMap.locateValue(['connections', index]);
    // Values present were judged where they are written; the merge can only add absent fields.
    const merged = mergeSettings(defaults, connection);
    const missing = (dbtPutBodySchema.safeParse(merged).error?.issues ?? [])
      .map((issue) => String(issue.path[0]))
      .filter((key) => merged[key] === undefined)
      // All at the connection's line: listed alphabetically, whatever the table's order.
      .sort();
    for (const key of missing) {
      findings.push(at('error', entry, ['connections', index, key], explainMissing(key, 'connection')));
    }
  });

  findings.push(
    ...findDuplicates(connections, 'id', sourceMap),
    ...findDuplicates(connections, 'name', sourceMap),
    ...connections.flatMap((connection, index) => findEnvironmentProblems(connection, index, sourceMap)),
    ...connections.flatMap((connection, index) => findRefreshProblems(connection, index, sourceMap)),
    ...findExposuresProblems(data.exposures, sourceMap),
  );

  const settingsPaths: PathSegment[][] = [
    ['defaults'],
    ...connections.map((_, index) => ['connections', index]),
  ];
  for (const path of settingsPaths) {
    const settings = readPath(data, path);
    if (!isSettings(settings)) continue;
    const { sshUrl, branch } = settings;
    const sshWarning = typeof sshUrl === 'string' && sshUrl !== '' ? checkSshUrl(sshUrl) : undefined;
    const branchWarning = typeof branch === 'string' && branch !== '' ? checkBranchName(branch) : undefined;
    if (sshWarning)
      findings.push(
        at('warning', sourceMap.locateValue([...path, 'sshUrl']), [...path, 'sshUrl'], sshWarning),
      );
    if (branchWarning)
      findings.push(
        at('warning', sourceMap.locateValue([...path, 'branch']), [...path, 'branch'], branchWarning),
      );
  }
  return findings;
}

/** What one entry of a list is called in the messages: `environments[2]` is an `environment`. */
const ITEM_KEYS: Record<string, string> = {
  connections: 'connection',
  environments: 'environment',
  folders: 'folder',
  labels: 'label',
  models: 'model',
  omniModels: 'omniModel',
  schemaRefreshSchedules: 'refreshSchedule',
};

function explainZodIssue(
  issue: z.core.$ZodIssue,
  data: Settings,
  sourceMap: SourceMap,
  prefix: readonly PathSegment[] = [],
): Finding[] {
  const path = [
    ...prefix,
    ...issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment))),
  ];
  if (issue.code === 'invalid_union') return explainUnionIssue(issue, path, data, sourceMap);
  if (issue.code === 'invalid_key') {
    const isEmpty = path.at(-1) === '';
    const message = isEmpty
      ? 'a variable name is empty: give the variable its name, `NAME: value`'
      : explainReservedVariable(String(path.at(-1)));
    return [{ severity: 'error', ...sourceMap.locateKey(path), field: formatField(path), message }];
  }
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      severity: 'error',
      ...sourceMap.locateKey([...path, key]),
      field: formatField([...path, key]),
      message: explainUnknownKey(key, scopeOf(path)),
    }));
  }
  const last = path.at(-1);
  const key = typeof last === 'string' ? last : (ITEM_KEYS[String(path.at(-2))] ?? 'connection');
  const value = readPath(data, path);
  const message =
    value === undefined
      ? explainMissing(key, scopeOf(path.slice(0, -1)))
      : explainInvalidValue(key, value, sourceMap.readSourceText(path), scopeOf(path.slice(0, -1)));
  return [{ severity: 'error', ...sourceMap.locateValue(path), field: formatField(path), message }];
}

/**
 * The only union in the file is a variable's value: a string or `{ fromEnv, secret }`. A mapping is
 * judged as the mapping form (a `value` in it is a secret written in the file); anything else by
 * what a variable may be.
 */
function explainUnionIssue(
  issue: z.core.$ZodIssueInvalidUnion,
  path: PathSegment[],
  data: Settings,
  sourceMap: SourceMap,
): Finding[] {
  const value = readPath(data, path);
  if (isSettings(value)) {
    if ('value' in value) {
      const at = [...path, 'value'];
      return [
        {
          severity: 'error',
          ...sourceMap.locateKey(at),
          field: formatField(at),
          message: SECRET_IN_FILE_MESSAGE,
        },
      ];
    }
    const mappingBranch = issue.errors.find(
      (branch) => !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0),
    );
    return (mappingBranch ?? []).flatMap((inner) => explainZodIssue(inner, data, sourceMap, path));
  }
  const key = String(path.at(-1));
  const message = explainInvalidValue(key, value, sourceMap.readSourceText(path), 'variables');
  return [{ severity: 'error', ...sourceMap.locateValue(path), field: formatField(path), message }];
}

/** The preview keys that work on a branch of `omniModel`, and so need it. */
const KEYS_NEEDING_MODEL = ['omniBranch', 'createBranch', 'deleteBranch', 'impact'] as const;

/**
 * What one connection's `environments` and `preview` break beyond their shape: duplicate
 * environment names (case-insensitively, as Omni matches them), the branch keys without `omniModel`,
 * and `deleteBranch: true` without `createBranch: true` (README, "Impact on Omni").
 */
function findEnvironmentProblems(connection: unknown, index: number, sourceMap: SourceMap): Finding[] {
  if (!isSettings(connection)) return [];
  const findings: Finding[] = [];
  const environments = Array.isArray(connection.environments) ? connection.environments : [];
  const firstIndexOf = new Map<string, number>();
  environments.forEach((environment, envIndex) => {
    const name = isSettings(environment) ? environment.name : undefined;
    if (typeof name !== 'string' || name === '') return;
    const normalized = name.toLowerCase();
    const first = firstIndexOf.get(normalized);
    if (first === undefined) {
      firstIndexOf.set(normalized, envIndex);
      return;
    }
    const path = ['connections', index, 'environments', envIndex, 'name'];
    const firstLine = sourceMap.locateValue(['connections', index, 'environments', first, 'name']).line;
    findings.push({
      severity: 'error',
      ...sourceMap.locateValue(path),
      field: formatField(path),
      message:
        `duplicate environment name: environments[${first}] (line ${firstLine}) has the same name; ` +
        'Omni matches environments by name, ignoring case: give each environment a different name',
    });
  });
  const preview = connection.preview;
  if (!isSettings(preview)) return findings;
  const atKey = (key: string, message: string): Finding => {
    const path = ['connections', index, 'preview', key];
    return { severity: 'error', ...sourceMap.locateKey(path), field: formatField(path), message };
  };
  for (const key of KEYS_NEEDING_MODEL) {
    if (preview[key] !== undefined && preview.omniModel === undefined) {
      findings.push(atKey(key, explainMissingModel(key)));
    }
  }
  if (preview.deleteBranch === true && preview.createBranch !== true) {
    findings.push(atKey('deleteBranch', DELETE_WITHOUT_CREATE_MESSAGE));
  }
  return findings;
}

/**
 * What the `exposures` block breaks beyond its shape: each problem of `path` (checkExposuresPath, which
 * says how to fix it), and a model listed twice (case-insensitively: Omni's UUIDs are one model in either case).
 */
function findExposuresProblems(exposures: unknown, sourceMap: SourceMap): Finding[] {
  if (!isSettings(exposures)) return [];
  const findings: Finding[] = [];
  if (typeof exposures.path === 'string') {
    const path = ['exposures', 'path'];
    for (const problem of checkExposuresPath(exposures.path)) {
      findings.push({
        severity: 'error',
        ...sourceMap.locateValue(path),
        field: formatField(path),
        message: problem,
      });
    }
  }
  findings.push(...findDuplicateModels(exposures.models, ['exposures', 'models'], sourceMap));
  return findings;
}

/** A model id listed twice in the list at `listPath` (ids compare case-insensitively), at the second one. */
function findDuplicateModels(list: unknown, listPath: PathSegment[], sourceMap: SourceMap): Finding[] {
  const listName = String(listPath.at(-1));
  const firstIndexOf = new Map<string, number>();
  const findings: Finding[] = [];
  (Array.isArray(list) ? list : []).forEach((modelId, index) => {
    if (typeof modelId !== 'string' || modelId === '') return;
    const first = firstIndexOf.get(modelId.toLowerCase());
    if (first === undefined) {
      firstIndexOf.set(modelId.toLowerCase(), index);
      return;
    }
    const path = [...listPath, index];
    const firstLine = sourceMap.locateValue([...listPath, first]).line;
    findings.push({
      severity: 'error',
      ...sourceMap.locateValue(path),
      field: formatField(path),
      message: `duplicate model: ${listName}[${first}] (line ${firstLine}) is the same model (ids compare case-insensitively); list each model once`,
    });
  });
  return findings;
}

/**
 * What one connection's `omniModels` and `schemaRefreshSchedules` break beyond their shape (README, "Schema
 * refresh schedules"): a model listed twice (ids compare case-insensitively), each problem of a schedule's
 * EventBridge cron (checkEventBridgeCron: every field at once) and of its zone (checkTimeZone), at the value,
 * and a (schedule, timezone) pair listed twice, compared as the plan compares it with Omni's (schedulePairKey).
 */
function findRefreshProblems(connection: unknown, index: number, sourceMap: SourceMap): Finding[] {
  if (!isSettings(connection)) return [];
  const findings: Finding[] = [];
  const at = (path: PathSegment[], message: string): Finding => ({
    severity: 'error',
    ...sourceMap.locateValue(path),
    field: formatField(path),
    message,
  });
  findings.push(
    ...findDuplicateModels(connection.omniModels, ['connections', index, 'omniModels'], sourceMap),
  );
  const schedules = Array.isArray(connection.schemaRefreshSchedules) ? connection.schemaRefreshSchedules : [];
  const firstPair = new Map<string, number>();
  schedules.forEach((entry, scheduleIndex) => {
    if (!isSettings(entry)) return;
    const path = ['connections', index, 'schemaRefreshSchedules', scheduleIndex];
    const { schedule, timezone } = entry;
    const cronProblems = typeof schedule === 'string' ? checkEventBridgeCron(schedule) : [];
    for (const problem of cronProblems) findings.push(at([...path, 'schedule'], problem.message));
    const zoneProblem = typeof timezone === 'string' ? checkTimeZone(timezone) : undefined;
    if (zoneProblem !== undefined) findings.push(at([...path, 'timezone'], zoneProblem.message));
    if (typeof schedule !== 'string' || typeof timezone !== 'string') return;
    const key = schedulePairKey({ schedule, timezone });
    const first = firstPair.get(key);
    if (first === undefined) {
      firstPair.set(key, scheduleIndex);
      return;
    }
    const firstLine = sourceMap.locateValue(['connections', index, 'schemaRefreshSchedules', first]).line;
    findings.push(
      at(
        path,
        `duplicate schedule: schemaRefreshSchedules[${first}] (line ${firstLine}) has the same schedule and time zone (crons compare in upper case with single spaces, zones in any case); Omni keeps a schedule per pair, so list each pair once`,
      ),
    );
  });
  return findings;
}

function findDuplicates(connections: unknown[], key: 'id' | 'name', sourceMap: SourceMap): Finding[] {
  const findings: Finding[] = [];
  const firstIndexOf = new Map<string, number>();
  connections.forEach((connection, index) => {
    const value = isSettings(connection) ? connection[key] : undefined;
    if (typeof value !== 'string' || value === '') return;
    // Ids compare case-insensitively: Omni's UUIDs are the same connection in either case.
    const normalized = key === 'id' ? value.toLowerCase() : value;
    const first = firstIndexOf.get(normalized);
    if (first === undefined) {
      firstIndexOf.set(normalized, index);
      return;
    }
    const firstLine = sourceMap.locateValue(['connections', first, key]).line;
    const why =
      key === 'id'
        ? 'ids compare case-insensitively; list each connection once'
        : 'names select connections in the `connections` input and label reports; give each a different name';
    findings.push({
      severity: 'error',
      ...sourceMap.locateValue(['connections', index, key]),
      field: formatField(['connections', index, key]),
      message: `duplicate ${key}: connections[${first}] (line ${firstLine}) has the same ${key}; ${why}`,
    });
  });
  return findings;
}

/**
 * `defaults` under the connection's own settings. `dbtVersion: null` becomes "Auto": Omni treats
 * them alike (README, "What a run does") and the contract's enum has no null (see dbtPutBodySchema).
 */
function mergeSettings(defaults: Settings, connection: Settings): Settings {
  const merged = { ...defaults, ...connection };
  if (merged.dbtVersion === null) merged.dbtVersion = 'Auto';
  return merged;
}

function buildConnections(config: ConfigFile, sourceMap: SourceMap): ConnectionConfig[] {
  return config.connections.map((connection, index) => {
    // The contract's defaults made explicit, so the plan compares them too (dbt-settings.ts).
    const body = resolveDbtConfigBody(mergeSettings(config.defaults ?? {}, connection));
    return {
      connectionId: connection.id,
      ...(connection.name !== undefined && { name: connection.name }),
      body,
      ...(connection.environments !== undefined && {
        environments: connection.environments.map((environment, envIndex) =>
          buildEnvironment(environment, ['connections', index, 'environments', envIndex], sourceMap),
        ),
      }),
      pruneEnvironments: connection.pruneEnvironments ?? config.defaults?.pruneEnvironments ?? false,
      ...(connection.preview !== undefined && {
        preview: buildPreview(connection.preview, ['connections', index, 'preview'], sourceMap),
      }),
      ...(connection.omniModels !== undefined && {
        omniModels: connection.omniModels.map((modelId) => modelId.toLowerCase()),
      }),
      ...(connection.schemaRefreshSchedules !== undefined && {
        schemaRefreshSchedules: connection.schemaRefreshSchedules.map((entry, scheduleIndex) => ({
          schedule: entry.schedule,
          timezone: entry.timezone,
          position: sourceMap.locateValue(['connections', index, 'schemaRefreshSchedules', scheduleIndex]),
        })),
      }),
      pruneSchemaRefreshSchedules:
        connection.pruneSchemaRefreshSchedules ?? config.defaults?.pruneSchemaRefreshSchedules ?? false,
      position: sourceMap.locateValue(['connections', index]),
    };
  });
}

function buildExposures(
  exposures: NonNullable<ConfigFile['exposures']>,
  sourceMap: SourceMap,
): ExposuresConfig {
  return {
    path: exposures.path,
    modelIds: exposures.models.map((modelId) => modelId.toLowerCase()),
    ...(exposures.maturity !== undefined && { maturity: exposures.maturity }),
    position: sourceMap.locateValue(['exposures']),
  };
}

type FileConnection = ConfigFile['connections'][number];
type FileEnvironment = NonNullable<FileConnection['environments']>[number];
type FilePreview = NonNullable<FileConnection['preview']>;

function buildEnvironment(
  environment: FileEnvironment,
  path: PathSegment[],
  sourceMap: SourceMap,
): EnvironmentConfig {
  return {
    name: environment.name,
    targetSchema: environment.targetSchema,
    targetDatabase: environment.targetDatabase ?? null,
    targetRole: environment.targetRole ?? null,
    targetName: environment.targetName ?? null,
    variables: buildVariables(environment.variables ?? {}, [...path, 'variables'], sourceMap),
    position: sourceMap.locateValue(path),
  };
}

function buildPreview(preview: FilePreview, path: PathSegment[], sourceMap: SourceMap): PreviewConfig {
  return {
    name: preview.name,
    targetSchema: preview.targetSchema,
    targetDatabase: preview.targetDatabase ?? null,
    targetRole: preview.targetRole ?? null,
    targetName: preview.targetName ?? null,
    variables: buildVariables(preview.variables ?? {}, [...path, 'variables'], sourceMap),
    // The branch to bind defaults to the pull request's head branch, as dbt CI builds it.
    ...(preview.omniModel !== undefined && {
      omniModel: preview.omniModel,
      omniBranch: preview.omniBranch ?? '{head}',
    }),
    isCreatingBranch: preview.createBranch ?? false,
    isDeletingBranch: preview.deleteBranch ?? false,
    ...(preview.impact !== undefined && {
      impact: {
        isRefreshing: preview.impact.refresh ?? true,
        failOn: preview.impact.failOn ?? 'new',
        folders: preview.impact.folders ?? [],
        labels: preview.impact.labels ?? [],
        refreshTimeoutMinutes: preview.impact.refreshTimeoutMinutes ?? REFRESH_TIMEOUT_MINUTES.default,
      },
    }),
    position: sourceMap.locateValue(path),
  };
}

function buildVariables(
  variables: NonNullable<FileEnvironment['variables']>,
  path: PathSegment[],
  sourceMap: SourceMap,
): VariableConfig[] {
  return Object.entries(variables).map(([name, value]) => {
    const position = sourceMap.locateKey([...path, name]);
    if (typeof value === 'string') return { name, isSecret: false, position, source: 'plain', value };
    return { name, isSecret: value.secret ?? true, position, source: 'env', envName: value.fromEnv };
  });
}

/** The mapping that holds the key at the end of `path` (`path` is that mapping's own path). */
function scopeOf(path: readonly PathSegment[]): KeyScope {
  if (path[0] === 'defaults') return 'defaults';
  if (path[0] === 'exposures') return 'exposures';
  if (path[0] !== 'connections') return 'file';
  const [, , section, ...rest] = path;
  if (section === 'environments') {
    if (rest.length <= 1) return 'environment';
    return rest.length === 2 ? 'variables' : 'variable';
  }
  if (section === 'schemaRefreshSchedules') return 'refreshSchedule';
  if (section === 'preview') {
    if (rest.length === 0) return 'preview';
    if (rest[0] === 'impact') return 'impact';
    return rest.length === 1 ? 'variables' : 'variable';
  }
  return 'connection';
}

/**
 * Drops a finding that repeats an earlier one at the same place (a value reached through an alias
 * or merge key is judged once per use), or whose place or field a YAML problem already explains.
 */
function removeRepeats(findings: Finding[]): Finding[] {
  const yamlFindings = findings.filter((finding) => finding.isFromYaml);
  const yamlSpots = new Set(yamlFindings.flatMap((f) => [`${f.line}:${f.column}`, f.field]));
  yamlSpots.delete('(file)');
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const spot = `${finding.line}:${finding.column}`;
    if (!finding.isFromYaml && (yamlSpots.has(spot) || yamlSpots.has(finding.field))) return false;
    const key = `${spot}:${finding.severity}:${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sortByPosition(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => a.line - b.line || a.column - b.column);
}

function readPath(data: unknown, path: readonly PathSegment[]): unknown {
  let value = data;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PathSegment, unknown>)[segment];
  }
  return value;
}

function isSettings(value: unknown): value is Settings {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
