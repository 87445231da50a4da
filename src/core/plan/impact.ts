// Pure side of the impact check (README "Impact on Omni"): which content and model issues are new,
// existing or resolved between two validations, the verdict line and exit decision built on that, the
// dbt models a pull request's files change, and the dashboards whose dbt exposures depend on them.
import type { ImpactFailOn } from '../config/schema.js';
import type { ContentIssue, ExposureRecord, ModelIssue } from '../omni/models.js';

/** One validation of a model: its content validator's issues and its model validation's issues. */
export interface IssueSide {
  content: readonly ContentIssue[];
  model: readonly ModelIssue[];
}

/** Issues split three ways: `new` only after, `existing` on both sides, `resolved` only before. */
export interface IssueSplit<Issue> {
  new: Issue[];
  existing: Issue[];
  resolved: Issue[];
}

export interface IssueComparison {
  content: IssueSplit<ContentIssue>;
  model: IssueSplit<ModelIssue>;
}

export type { ImpactFailOn } from '../config/schema.js';

/**
 * Splits the issues of `before` and `after` into new / existing / resolved. For a preview, before is
 * the shared model and after the branch; for a refresh, before and after the refresh.
 *
 * Identity (README "Impact on Omni"): a content issue is its document (`documentId`), its kind
 * (query, dashboard filter, or the document itself), its query or filter and its message; the query
 * is its `queryId` when both issues have one (a renamed query is the same issue, two ids are two
 * issues even under one name), else its name. A model issue is its message and its `where`. Case and
 * runs of white space are ignored in names, messages and `where`.
 *
 * Duplicates within one side count once (of two duplicates, the one with a `queryId` is kept).
 * `new` and `existing` hold the `after` side's issues (today's names), `resolved` the `before` side's.
 * Every list is sorted: content issues by document name, document id, kind (document, filter,
 * query), query name, query id, message; model issues by `where` (none first), message, errors
 * before warnings. Names and messages sort ignoring case and spacing first, so the order depends on
 * the issues alone, never on the order Omni answered in.
 */
export function compareIssues(before: IssueSide, after: IssueSide): IssueComparison {
  return {
    content: splitContentIssues(before.content, after.content),
    model: splitModelIssues(before.model, after.model),
  };
}

/** Lower case, white space trimmed and its runs made one space: how names and messages are compared. */
export function normaliseIssueText(text: string | null): string {
  return (text ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
}

const KIND_ORDER: Record<ContentIssue['kind'], number> = { document: 0, filter: 1, query: 2 };

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Case and spacing first ignored, then not: an order that depends on nothing but the texts. */
function compareNames(a: string | null, b: string | null): number {
  return compareText(normaliseIssueText(a), normaliseIssueText(b)) || compareText(a ?? '', b ?? '');
}

function compareContentIssues(a: ContentIssue, b: ContentIssue): number {
  return (
    compareNames(a.documentName, b.documentName) ||
    compareText(a.documentId, b.documentId) ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    compareNames(a.queryName, b.queryName) ||
    compareText(a.queryId ?? '', b.queryId ?? '') ||
    compareNames(a.message, b.message) ||
    compareText(a.identifier, b.identifier) ||
    compareText(a.folderPath ?? '', b.folderPath ?? '')
  );
}

function compareModelIssues(a: ModelIssue, b: ModelIssue): number {
  return (
    compareNames(a.where, b.where) ||
    compareNames(a.message, b.message) ||
    Number(a.isWarning) - Number(b.isWarning)
  );
}

/** Issues that can only be the same issue: same document, kind and message. */
function groupKey(issue: ContentIssue): string {
  return JSON.stringify([issue.documentId, issue.kind, normaliseIssueText(issue.message)]);
}

function groupBy<Item>(items: readonly Item[], keyOf: (item: Item) => string): Map<string, Item[]> {
  const groups = new Map<string, Item[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/**
 * One side's issues of one group without duplicates: one per `queryId`; of those without an id, one
 * per name, and none whose name an issue with an id already has.
 */
function dedupeGroup(issues: readonly ContentIssue[]): ContentIssue[] {
  const sorted = [...issues].sort(compareContentIssues);
  const withId = [
    ...groupBy(
      sorted.filter((issue) => issue.queryId !== null),
      (issue) => issue.queryId ?? '',
    ).values(),
  ].map((group) => group[0] as ContentIssue);
  const namesWithId = new Set(withId.map((issue) => normaliseIssueText(issue.queryName)));
  const withoutId = [
    ...groupBy(
      sorted.filter((issue) => issue.queryId === null),
      (issue) => normaliseIssueText(issue.queryName),
    ).values(),
  ]
    .map((group) => group[0] as ContentIssue)
    .filter((issue) => !namesWithId.has(normaliseIssueText(issue.queryName)));
  return [...withId, ...withoutId].sort(compareContentIssues);
}

function splitContentIssues(
  before: readonly ContentIssue[],
  after: readonly ContentIssue[],
): IssueSplit<ContentIssue> {
  const split: IssueSplit<ContentIssue> = { new: [], existing: [], resolved: [] };
  const beforeGroups = groupBy(before, groupKey);
  const afterGroups = groupBy(after, groupKey);
  const keys = new Set([...beforeGroups.keys(), ...afterGroups.keys()]);
  for (const key of keys) {
    const { matched, onlyBefore, onlyAfter } = matchGroup(
      dedupeGroup(beforeGroups.get(key) ?? []),
      dedupeGroup(afterGroups.get(key) ?? []),
    );
    split.existing.push(...matched);
    split.resolved.push(...onlyBefore);
    split.new.push(...onlyAfter);
  }
  split.new.sort(compareContentIssues);
  split.existing.sort(compareContentIssues);
  split.resolved.sort(compareContentIssues);
  return split;
}

/**
 * Pairs the issues of one group (same document, kind, message) across the sides: first by equal
 * `queryId`, then by name where at least one of the two has no id. `matched` holds the after side.
 */
function matchGroup(
  before: readonly ContentIssue[],
  after: readonly ContentIssue[],
): { matched: ContentIssue[]; onlyBefore: ContentIssue[]; onlyAfter: ContentIssue[] } {
  const unmatchedBefore = new Set(before);
  const matched: ContentIssue[] = [];
  const onlyAfter: ContentIssue[] = [];
  const pair = (afterIssue: ContentIssue, isMatch: (beforeIssue: ContentIssue) => boolean): boolean => {
    const found = [...unmatchedBefore].find(isMatch);
    if (!found) return false;
    unmatchedBefore.delete(found);
    matched.push(afterIssue);
    return true;
  };
  const unmatchedAfter = after.filter(
    (afterIssue) =>
      afterIssue.queryId === null ||
      !pair(afterIssue, (candidate) => candidate.queryId === afterIssue.queryId),
  );
  // Left to match by name: pairs where one side has no id. After dedupeGroup, a side has for each
  // name either issues with ids or one issue without: no two pairings compete, and of several
  // issues with ids the first in sort order is taken.
  for (const afterIssue of unmatchedAfter) {
    const isPaired = pair(
      afterIssue,
      (candidate) =>
        (candidate.queryId === null || afterIssue.queryId === null) &&
        normaliseIssueText(candidate.queryName) === normaliseIssueText(afterIssue.queryName),
    );
    if (!isPaired) onlyAfter.push(afterIssue);
  }
  return { matched, onlyBefore: [...unmatchedBefore], onlyAfter };
}

function modelKey(issue: ModelIssue): string {
  return JSON.stringify([normaliseIssueText(issue.message), normaliseIssueText(issue.where)]);
}

function splitModelIssues(
  before: readonly ModelIssue[],
  after: readonly ModelIssue[],
): IssueSplit<ModelIssue> {
  const firstOfEach = (issues: readonly ModelIssue[]) =>
    new Map(
      [...groupBy([...issues].sort(compareModelIssues), modelKey)].map(([key, group]) => [key, group[0]]),
    );
  const beforeByKey = firstOfEach(before);
  const afterByKey = firstOfEach(after);
  const split: IssueSplit<ModelIssue> = { new: [], existing: [], resolved: [] };
  for (const [key, issue] of afterByKey) {
    if (!issue) continue;
    (beforeByKey.has(key) ? split.existing : split.new).push(issue);
  }
  for (const [key, issue] of beforeByKey) {
    if (issue && !afterByKey.has(key)) split.resolved.push(issue);
  }
  split.new.sort(compareModelIssues);
  split.existing.sort(compareModelIssues);
  split.resolved.sort(compareModelIssues);
  return split;
}

/** The figures of the verdict line (README "Impact on Omni", "Report"). */
export interface ImpactCounts {
  /** Distinct documents with at least one new content issue. */
  brokenDashboards: number;
  /** New content issues: each query, dashboard filter or document issue counts as one. */
  brokenQueries: number;
  newModelIssues: number;
  /** Distinct documents with at least one existing content issue (broken before, still broken). */
  alreadyBrokenDashboards: number;
  /**
   * Distinct documents with at least one resolved content issue and no new or existing one: every
   * issue they had before is gone.
   */
  fixedDashboards: number;
}

export function countImpact(comparison: IssueComparison): ImpactCounts {
  const documentsOf = (issues: readonly ContentIssue[]) => new Set(issues.map((issue) => issue.documentId));
  const broken = documentsOf(comparison.content.new);
  const alreadyBroken = documentsOf(comparison.content.existing);
  const fixed = [...documentsOf(comparison.content.resolved)].filter(
    (documentId) => !broken.has(documentId) && !alreadyBroken.has(documentId),
  );
  return {
    brokenDashboards: broken.size,
    brokenQueries: comparison.content.new.length,
    newModelIssues: comparison.model.new.length,
    alreadyBrokenDashboards: alreadyBroken.size,
    fixedDashboards: fixed.length,
  };
}

function countOf(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/**
 * The verdict line: "breaks 3 dashboards (5 queries); 1 new model issue; 2 already broken on main;
 * 1 fixed" (figures as `countImpact` defines them). The first part is always there ("breaks no
 * dashboards" when nothing new broke); the others only when their figure is not 0. `baseName` is the
 * branch the preview is compared with; without it (a refresh compares with the model before the
 * refresh) the phrase is "already broken before".
 */
export function describeImpactVerdict(comparison: IssueComparison, baseName?: string): string {
  const counts = countImpact(comparison);
  const parts = [
    counts.brokenDashboards === 0
      ? 'breaks no dashboards'
      : `breaks ${countOf(counts.brokenDashboards, 'dashboard', 'dashboards')} (${countOf(counts.brokenQueries, 'query', 'queries')})`,
  ];
  if (counts.newModelIssues > 0)
    parts.push(countOf(counts.newModelIssues, 'new model issue', 'new model issues'));
  if (counts.alreadyBrokenDashboards > 0) {
    parts.push(
      `${counts.alreadyBrokenDashboards} already broken ${baseName === undefined ? 'before' : `on ${baseName}`}`,
    );
  }
  if (counts.fixedDashboards > 0) parts.push(`${counts.fixedDashboards} fixed`);
  return parts.join('; ');
}

/**
 * The exit decision of README "Impact on Omni", "Exit": `new` fails on any new content or model
 * issue, `any` on any issue of the after side (new or existing), `none` never. Model validation's
 * warnings are issues like the others here: the SPEC makes no exception for them.
 */
export function failsImpact(comparison: IssueComparison, failOn: ImpactFailOn): boolean {
  const { content, model } = comparison;
  if (failOn === 'new') return content.new.length + model.new.length > 0;
  if (failOn === 'any')
    return content.new.length + content.existing.length + model.new.length + model.existing.length > 0;
  return false;
}

/** One entry of GitHub's list of a pull request's files (`GET /repos/{o}/{r}/pulls/{n}/files`). */
export interface ChangedFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  previous_filename?: string;
}

const MODEL_FILE = /^(?:.*\/)?([^/]+)\.(?:sql|py)$/;

/**
 * Where the dbt project's models are, relative to the repository's root: `models/` under `projectRootPath`
 * (null or "" is the root; leading `./` or `/` and a trailing `/` are ignored), e.g. `transform/models/`.
 */
export function findModelsFolder(projectRootPath: string | null): string {
  const root = (projectRootPath ?? '').replace(/^(?:\.\/|\/)+/, '').replace(/\/+$/, '');
  return root === '' ? 'models/' : `${root}/models/`;
}

/**
 * The dbt models a pull request changes: `.sql` and `.py` files under `models/` of the dbt project
 * at `projectRootPath` (null or "" is the repository's root; leading `./` or `/` and a trailing `/`
 * are ignored), nested folders included. A model's name is its file's name without the extension.
 * A renamed file counts under its old and its new name (each only where it is a model's path); a
 * copied file under its new name only; an `unchanged` one not at all. Sorted, unique.
 */
export function modelsFromChangedFiles(
  files: readonly ChangedFile[],
  projectRootPath: string | null,
): string[] {
  const prefix = findModelsFolder(projectRootPath);
  const modelOf = (filePath: string | undefined): string | undefined => {
    if (!filePath?.startsWith(prefix)) return undefined;
    return MODEL_FILE.exec(filePath.slice(prefix.length))?.[1];
  };
  const models = new Set<string>();
  for (const file of files) {
    if (file.status === 'unchanged') continue;
    const paths = file.status === 'renamed' ? [file.filename, file.previous_filename] : [file.filename];
    for (const filePath of paths) {
      const model = modelOf(filePath);
      if (model) models.add(model);
    }
  }
  return [...models].sort(compareText);
}

// One quoted argument of ref(): 'x' or "x".
const QUOTED = `(?:'([^']*)'|"([^"]*)")`;
const REF = new RegExp(
  String.raw`^\s*ref\s*\(\s*${QUOTED}(?:\s*,\s*${QUOTED})?(?:\s*,\s*(?:v|version)\s*=\s*[^,()]+)?\s*,?\s*\)\s*$`,
);

/**
 * The dbt model names of an exposure's `depends_on`: `ref('orders')`, `ref("orders")`,
 * `ref('package', 'orders')` (the model is the last argument), with any spacing and an optional
 * `v=`/`version=` argument. `source(...)`, `metric(...)` and anything else are left out: they name no
 * model a pull request's files can change. Unique, in the order first met.
 */
export function parseRefs(dependsOn: readonly string[]): string[] {
  const models = new Set<string>();
  for (const entry of dependsOn) {
    const match = REF.exec(entry);
    if (!match) continue;
    const model = match[3] ?? match[4] ?? match[1] ?? match[2];
    if (model) models.add(model);
  }
  return [...models];
}

export interface AtRiskDashboard {
  /** The exposure's `label` (the dashboard's title), else its `name`. */
  name: string;
  url: string | null;
  identifier: string;
}

export interface AtRiskModel {
  model: string;
  dashboards: AtRiskDashboard[];
}

/**
 * Per changed model, the dashboards whose dbt exposure depends on it (informational, never a
 * failure). Models that no dashboard uses are left out. Sorted by model; dashboards by name, then
 * identifier, each dashboard once per model.
 */
export function findAtRisk(
  records: readonly ExposureRecord[],
  changedModels: readonly string[],
): AtRiskModel[] {
  const changed = new Set(changedModels);
  const byModel = new Map<string, Map<string, AtRiskDashboard>>();
  for (const record of records) {
    const { exposure } = record;
    if (!exposure) continue;
    for (const model of parseRefs(exposure.dependsOn)) {
      if (!changed.has(model)) continue;
      const dashboards = byModel.get(model) ?? new Map<string, AtRiskDashboard>();
      byModel.set(model, dashboards);
      if (dashboards.has(record.dashboardIdentifier)) continue;
      dashboards.set(record.dashboardIdentifier, {
        name: exposure.label || exposure.name,
        url: exposure.url,
        identifier: record.dashboardIdentifier,
      });
    }
  }
  return [...byModel]
    .sort(([a], [b]) => compareText(a, b))
    .map(([model, dashboards]) => ({
      model,
      dashboards: [...dashboards.values()].sort(
        (a, b) => compareText(a.name, b.name) || compareText(a.identifier, b.identifier),
      ),
    }));
}
