// The impact check of one Omni branch against its shared model (README, "Impact on Omni"): the branch's
// schema refreshed first (always with its branch_id: a refresh without one would refresh the shared model),
// the model and its content validated on the branch and on the shared model, the two compared, and the
// dashboards whose dbt exposures depend on the changed dbt models listed. Used by `mode: preview` and by
// `omni-dbt impact`; nothing of the shared model is written.
import type { ImpactConfig } from '../config/types.js';
import type { OmniClient } from '../omni/client.js';
import { OmniBranchRefreshError } from '../omni/errors.js';
import type { ContentValidationOptions } from '../omni/models.js';
import { sleepUnlessAborted } from '../omni/pacer.js';
import {
  type AtRiskModel,
  type ChangedFile,
  compareIssues,
  describeImpactVerdict,
  failsImpact,
  findAtRisk,
  findModelsFolder,
  type IssueComparison,
  type IssueSide,
  modelsFromChangedFiles,
} from '../plan/impact.js';
import { HintedError } from './connection.js';
import { describeUnfinishedRefresh, type RefreshWait, refreshSchema } from './refresh-job.js';

/**
 * What the check said of one connection: plain data, for the report and `result.impact`. Of a preview, its
 * branch against the shared model; of `mode: refresh` (`refresh` set), the shared models before and after
 * the schema refresh (README, "Refresh after a deploy").
 */
export interface ImpactResult {
  /** The shared model; of a refresh, the first listed, whose schema was refreshed. */
  modelId: string;
  /** The preview's branch; absent for a refresh. */
  branchName?: string;
  /** `mode: refresh`: every model validated, and how the front end names the rule (`fail-on-impact`). */
  refresh?: { modelIds: string[]; failOnSetting: string };
  /** The branch the preview is compared with, as the verdict names it (the pull request's base). */
  baseName?: string;
  failOn: ImpactConfig['failOn'];
  /** The verdict line (describeImpactVerdict). */
  verdict: string;
  /** True when `failOn` fails the check on these issues. */
  isFailing: boolean;
  /** The branch's schema was refreshed from the preview environment before the check. */
  isRefreshed: boolean;
  /** Why it was not refreshed, when it was not. */
  refreshNote?: string;
  comparison: IssueComparison;
  /** The content validator's scope. */
  folders: string[];
  labels: string[];
  /** Dashboards at risk, each url one that may be linked (on the Omni instance's host). */
  atRisk: AtRiskModel[];
  /** Why the at-risk list is empty or partial, when it is for a reason other than "nothing changed". */
  atRiskNote?: string;
  /** The changed files of each model in `atRisk`, for the warning annotations. */
  modelFiles: { model: string; files: string[] }[];
  /** The Omni instance's address (without `/api`), where documents are linked. */
  instanceUrl: string;
}

/** The changed files of the change being checked, or why there are none to read. */
export type ChangedFilesRead =
  | { ok: true; files: ChangedFile[]; note?: string }
  | { ok: false; reason: string };

export interface ImpactClock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** The real clock: the poller waits with the run's cancellation. */
export const REAL_CLOCK: ImpactClock = { now: Date.now, sleep: sleepUnlessAborted };

export interface ImpactCheckRequest {
  client: Pick<
    OmniClient,
    'startRefresh' | 'getJobStatus' | 'validateModel' | 'validateContent' | 'listExposures'
  >;
  modelId: string;
  branch: { id: string; name: string };
  config: ImpactConfig;
  baseName?: string;
  /** The connection's dbt project folder (its `projectRootPath`), where models/ is looked for. */
  projectRootPath: string | null;
  /** The changed files (the pull request's, or git's); undefined when there is no way to know them. */
  readChangedFiles?: () => Promise<ChangedFilesRead>;
  /** What no `readChangedFiles` means, said in the report. */
  noChangedFilesNote?: string;
  instanceUrl: string;
  clock: ImpactClock;
  signal: AbortSignal;
  /** Progress for the log: the refresh started, a long wait. */
  onProgress?(message: string): void;
  /** Tells the run about a failure; true when it stopped the run (a 401), which fails the check too. */
  reportFailure(error: unknown): boolean;
}

/** Why the check could not run, with what to do about it (its hint, which describeError carries). */
export class ImpactCheckError extends HintedError {
  constructor(message: string, hint?: string) {
    super(message, hint);
    this.name = 'ImpactCheckError';
  }
}

export type ImpactCheckResult =
  | { ok: true; impact: ImpactResult; warnings: string[] }
  /** `what` says which step failed; `error` is Omni's error or an ImpactCheckError. */
  | { ok: false; error: unknown; what: string; warnings: string[] };

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

/** Where one side is read: a branch (its id) or the shared model (none), and the content validator's scope. */
export interface IssueSideScope {
  branchId?: string;
  folders: readonly string[];
  labels: readonly string[];
}

/**
 * One side's issues of one model: its model validation and its content validator, on a branch or on the
 * shared model. The impact check reads two (branch, shared), `mode: refresh` two per model (before, after).
 */
export async function readIssueSide(
  client: Pick<OmniClient, 'validateModel' | 'validateContent'>,
  modelId: string,
  scope: IssueSideScope,
): Promise<IssueSide> {
  const { branchId } = scope;
  const options: ContentValidationOptions = {
    ...(branchId === undefined ? {} : { branchId }),
    ...(scope.folders.length > 0 ? { folders: scope.folders } : {}),
    ...(scope.labels.length > 0 ? { labels: scope.labels } : {}),
  };
  const [model, content] = await Promise.all([
    client.validateModel(modelId, branchId === undefined ? {} : { branchId }),
    client.validateContent(modelId, options),
  ]);
  return { model, content: content.issues };
}

function readSide(request: ImpactCheckRequest, branchId: string | undefined): Promise<IssueSide> {
  const { folders, labels } = request.config;
  return readIssueSide(request.client, request.modelId, {
    ...(branchId === undefined ? {} : { branchId }),
    folders,
    labels,
  });
}

/** Omni's exposure url when it is http(s) on the instance's host; else the dashboard's own address there. */
export function linkDashboard(url: string | null, identifier: string, instanceUrl: string): string {
  const own = `${instanceUrl}/dashboards/${encodeURIComponent(identifier)}`;
  if (url === null) return own;
  try {
    const parsed = new URL(url);
    const isSameHost = parsed.host.toLowerCase() === new URL(instanceUrl).host.toLowerCase();
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && isSameHost ? parsed.href : own;
  } catch {
    return own;
  }
}

interface AtRiskList {
  atRisk: AtRiskModel[];
  modelFiles: { model: string; files: string[] }[];
  note?: string;
}

/** The dashboards at risk: informational, so any failure but a 401 becomes a note, never the check's failure. */
async function listAtRisk(request: ImpactCheckRequest): Promise<AtRiskList> {
  const { projectRootPath } = request;
  if (request.readChangedFiles === undefined) {
    return { atRisk: [], modelFiles: [], note: request.noChangedFilesNote };
  }
  const read = await request.readChangedFiles();
  if (!read.ok) {
    return { atRisk: [], modelFiles: [], note: `No dashboards are listed at risk: ${read.reason}.` };
  }
  const models = modelsFromChangedFiles(read.files, projectRootPath);
  if (models.length === 0) {
    const none = `No dashboards are at risk: no dbt model changed (no .sql or .py file under ${findModelsFolder(projectRootPath)}).`;
    return { atRisk: [], modelFiles: [], note: read.note === undefined ? none : `${none} ${read.note}` };
  }
  let atRisk: AtRiskModel[];
  try {
    atRisk = findAtRisk(await request.client.listExposures(request.modelId), models);
  } catch (error) {
    if (request.reportFailure(error)) throw error;
    const said = error instanceof Error ? error.message : String(error);
    return {
      atRisk: [],
      modelFiles: [],
      note: `No dashboards are listed at risk: the dbt exposures could not be read (${said}).`,
    };
  }
  const linked = atRisk.map((entry) => ({
    model: entry.model,
    dashboards: entry.dashboards.map((dashboard) => ({
      ...dashboard,
      url: linkDashboard(dashboard.url, dashboard.identifier, request.instanceUrl),
    })),
  }));
  // A renamed file is annotated where it now is; its old path names the model too (plan/impact.ts).
  const modelFiles = linked.map(({ model }) => ({
    model,
    files: read.files
      .filter((file) => modelsFromChangedFiles([file], projectRootPath).includes(model))
      .map((file) => file.filename),
  }));
  return { atRisk: linked, modelFiles, ...(read.note === undefined ? {} : { note: read.note }) };
}

type RefreshStep =
  | { ok: true; isRefreshed: boolean; note?: string; warning?: string }
  | { ok: false; error: unknown; what: string };

/** Refreshes the branch's schema and waits for the job; the refresh always carries the branch's id. */
async function refreshBranch(request: ImpactCheckRequest): Promise<RefreshStep> {
  const { client, modelId, branch, clock, signal, config } = request;
  if (!config.isRefreshing) {
    return {
      ok: true,
      isRefreshed: false,
      note: "Not refreshed (`impact.refresh: false`): the check saw the branch's schema as Omni last refreshed it.",
    };
  }
  const what = `Refreshing the schema of branch "${branch.name}" failed.`;
  let wait: RefreshWait;
  try {
    wait = await refreshSchema({
      client,
      modelId,
      branchId: branch.id,
      subject: `branch "${branch.name}"`,
      timeoutMinutes: config.refreshTimeoutMinutes,
      clock,
      signal,
      ...(request.onProgress === undefined ? {} : { onProgress: request.onProgress }),
    });
  } catch (error) {
    if (error instanceof OmniBranchRefreshError && !error.hasBranchBasedRefresh) {
      const warning = `Omni refused to refresh branch "${branch.name}" on its own: this connection has no branch-based schema refresh. The check saw the branch as it was, which may not be the pull request's schema. Turn on branch-based schema refresh in the connection's settings in Omni, or set \`impact.refresh: false\` to skip the refresh and this warning.`;
      return {
        ok: true,
        isRefreshed: false,
        note: 'Not refreshed: the connection has no branch-based schema refresh in Omni, so the check saw the branch as it was.',
        warning,
      };
    }
    return { ok: false, error, what };
  }
  if (wait.outcome === 'completed') return { ok: true, isRefreshed: true };
  const said = describeUnfinishedRefresh(
    { ...wait, outcome: wait.outcome },
    `schema refresh of branch "${branch.name}"`,
    config.refreshTimeoutMinutes,
  );
  return { ok: false, what, error: new ImpactCheckError(`${said}.`, BRANCH_REFRESH_HINTS[wait.outcome]) };
}

/** What to do when a branch's refresh did not complete (a cancellation needs nothing done). */
const BRANCH_REFRESH_HINTS = {
  failed:
    "Check the branch's dbt environment (the pull request's schema must exist and be readable) and the refresh in Omni, then re-run; or set `impact.refresh: false` to check the branch as it is.",
  'timed-out':
    'Raise `impact.refreshTimeoutMinutes` (up to 60) if refreshes of this model take that long, or look at the refresh in Omni, then re-run.',
  cancelled: undefined,
} as const;

/**
 * Runs the check: the refresh (and its wait), the shared model's side and the dashboards at risk start
 * together (neither depends on the branch's refresh), then the branch's side once its refresh is done.
 */
export async function checkImpact(request: ImpactCheckRequest): Promise<ImpactCheckResult> {
  const warnings: string[] = [];
  const shared = settle(readSide(request, undefined));
  const atRisk = settle(listAtRisk(request));
  const refreshed = await refreshBranch(request);
  if (!refreshed.ok) {
    await Promise.all([shared, atRisk]);
    return { ok: false, error: refreshed.error, what: refreshed.what, warnings };
  }
  if (refreshed.warning !== undefined) warnings.push(refreshed.warning);
  const branchSide = await settle(readSide(request, request.branch.id));
  const [sharedSide, atRiskList] = await Promise.all([shared, atRisk]);
  if (!sharedSide.ok) {
    return { ok: false, error: sharedSide.error, what: 'Validating the shared model failed.', warnings };
  }
  if (!branchSide.ok) {
    return {
      ok: false,
      error: branchSide.error,
      what: `Validating branch "${request.branch.name}" failed.`,
      warnings,
    };
  }
  if (!atRiskList.ok) {
    return { ok: false, error: atRiskList.error, what: 'Reading the dbt exposures failed.', warnings };
  }
  const comparison = compareIssues(sharedSide.value, branchSide.value);
  const { config } = request;
  const impact: ImpactResult = {
    modelId: request.modelId,
    branchName: request.branch.name,
    ...(request.baseName === undefined ? {} : { baseName: request.baseName }),
    failOn: config.failOn,
    verdict: describeImpactVerdict(comparison, request.baseName),
    isFailing: failsImpact(comparison, config.failOn),
    isRefreshed: refreshed.isRefreshed,
    ...(refreshed.note === undefined ? {} : { refreshNote: refreshed.note }),
    comparison,
    folders: [...config.folders],
    labels: [...config.labels],
    atRisk: atRiskList.value.atRisk,
    ...(atRiskList.value.note === undefined ? {} : { atRiskNote: atRiskList.value.note }),
    modelFiles: atRiskList.value.modelFiles,
    instanceUrl: request.instanceUrl,
  };
  return { ok: true, impact, warnings };
}
