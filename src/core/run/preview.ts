// `mode: preview` (README, "Preview environments"): for the event's pull request, create or update its
// marked environment and bind it to an Omni model branch; on `closed`, delete it; on a schedule, sweep the
// environments of closed pull requests. Only connections with a `preview` block take part, and nothing
// else of them (their dbt settings, their other environments) is read or written.
import { PREVIEW_MARKER_VARIABLE } from '../config/schema.js';
import type { ConnectionConfig, PreviewConfig } from '../config/types.js';
import type { OmniClient } from '../omni/client.js';
import type { LiveEnvironment } from '../omni/environments.js';
import { OmniCancelledError, OmniError } from '../omni/errors.js';
import type { OmniBranch } from '../omni/models.js';
import {
  groupSweepCandidates,
  parsePreviewMarker,
  planPreview,
  planPreviewDeletes,
  previewMarker,
  renderPreview,
  renderTemplate,
  selectPreviewsOfPr,
} from '../plan/preview.js';
import { planBranchClose, readBranchRecord, withBranchRecord } from '../plan/preview-branch.js';
import type { FrontEndTerms } from '../terms.js';
import { type ConnectionRunContext, describeError } from './connection.js';
import { createRunStop } from './connections.js';
import {
  checkReadBack,
  describeEnvironmentPlan,
  describeUnresolved,
  writeEnvironments,
} from './environments.js';
import { type ChangedFilesRead, checkImpact, type ImpactClock, REAL_CLOCK } from './impact.js';
import { describeNotPlanned } from './not-planned.js';
import { isPartWrite } from './parts.js';
import type { BranchResult, ConnectionResult, EnvironmentResult, PreviewReport } from './types.js';

/** The event's pull request, as the `preview` templates and the marker need it. */
export interface PullRequestPreview {
  pr: number;
  head: string;
  base: string;
  /** The head commit's full SHA. */
  sha: string;
  /** `owner/repo` of the workflow's repository. */
  repository: string;
}

/** A pull request's branches and head commit, as the `preview` templates need them. */
export type PullRequestRefs = Pick<PullRequestPreview, 'head' | 'base' | 'sha'>;

/** What the action read of the event: which preview work this run does. */
export type PreviewRunContext =
  | ({
      kind: 'upsert';
      /** The pull request's changed files (for the dashboards at risk); asked at most once per run. */
      readChangedFiles?: () => Promise<ChangedFilesRead>;
    } & PullRequestPreview)
  | ({ kind: 'close' } & PullRequestPreview)
  | {
      kind: 'sweep';
      repository: string;
      /** The numbers of the repository's open pull requests; asked at most once per run. */
      readOpenPullRequests: () => Promise<Set<number>>;
      /**
       * A closed pull request's branches, to render its `omniBranch` (deleteBranch); undefined when they
       * cannot be asked for, and the branches are then kept.
       */
      readPullRequest?: (pr: number) => Promise<PullRequestRefs>;
    }
  | { kind: 'none'; reason: string }
  | { kind: 'fork' };

/** The sweep could not read the open pull requests with certainty; `hint` says what to do about it. */
export class OpenPullRequestsError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'OpenPullRequestsError';
  }
}

const NO_PREVIEW_BLOCK_REASON =
  'Not part of this run: mode: preview manages only connections with a `preview` block, and this one has none.';

/** The preview contexts that send requests. */
export type PreviewWork = Exclude<PreviewRunContext, { kind: 'none' } | { kind: 'fork' }>;

export interface RunPreviewOptions {
  connections: ConnectionConfig[];
  client: OmniClient;
  preview: PreviewWork;
  configPath: string;
  isUpdatingSecrets: boolean;
  stepEnv: Readonly<Record<string, string | undefined>>;
  terms: FrontEndTerms;
  /** Aborted on cancellation; a 401 aborts it too. */
  stop: AbortController;
  /** The Omni instance's address (without `/api`): where the impact report links documents. */
  instanceUrl: string;
  /** The impact check's clock (the refresh's polling); default the real one. */
  clock?: ImpactClock;
  /** Progress of long steps (a schema refresh), for the log. */
  onProgress?: (message: string) => void;
}

export interface RunPreviewResult {
  connections: ConnectionResult[];
  fatalError?: string;
  preview: PreviewReport;
}

interface PreviewStepContext
  extends Pick<
    ConnectionRunContext,
    'client' | 'isUpdatingSecrets' | 'stepEnv' | 'terms' | 'signal' | 'reportFailure' | 'describeSkip'
  > {
  /** The sweep's open pull requests, read once for all connections. */
  readOpenPullRequests(): Promise<Set<number>>;
  /** The pull request's changed files, read once for all connections. */
  readChangedFiles?: () => Promise<ChangedFilesRead>;
  /** A closed pull request's refs, for the sweep's branch deletions; each asked once. */
  readPullRequest?: (pr: number) => Promise<PullRequestRefs>;
  instanceUrl: string;
  clock: ImpactClock;
  onProgress(message: string): void;
}

export async function runPreview(options: RunPreviewOptions): Promise<RunPreviewResult> {
  const { preview, stop } = options;
  const pr = preview.kind === 'sweep' ? undefined : preview.pr;
  const report: PreviewReport = { kind: preview.kind, ...(pr === undefined ? {} : { pr }) };
  const taking = options.connections.flatMap((connection) =>
    connection.preview === undefined ? [] : [{ connection, config: connection.preview }],
  );
  // README, "Outputs": every selected connection is listed; one without a `preview` block takes no part.
  const leftOut = (connection: ConnectionConfig) =>
    describeNotPlanned(connection, NO_PREVIEW_BLOCK_REASON, true);
  if (taking.length === 0) {
    return {
      connections: options.connections.map(leftOut),
      preview: {
        ...report,
        note: `No connection in ${options.configPath} has a \`preview\` block, so there is no preview to manage.`,
      },
    };
  }
  let openPullRequests: Promise<Set<number>> | undefined;
  let changedFiles: Promise<ChangedFilesRead> | undefined;
  const pullRequests = new Map<number, Promise<PullRequestRefs>>();
  const runStop = createRunStop(stop);
  const readChangedFiles = preview.kind === 'upsert' ? preview.readChangedFiles : undefined;
  const readPullRequest = preview.kind === 'sweep' ? preview.readPullRequest : undefined;
  const context: PreviewStepContext = {
    client: options.client,
    isUpdatingSecrets: options.isUpdatingSecrets,
    stepEnv: options.stepEnv,
    terms: options.terms,
    signal: stop.signal,
    reportFailure: runStop.reportFailure,
    describeSkip: runStop.describeSkip,
    readOpenPullRequests() {
      if (preview.kind !== 'sweep') return Promise.resolve(new Set<number>());
      openPullRequests ??= preview.readOpenPullRequests();
      return openPullRequests;
    },
    ...(readChangedFiles === undefined
      ? {}
      : {
          readChangedFiles() {
            changedFiles ??= readChangedFiles();
            return changedFiles;
          },
        }),
    ...(readPullRequest === undefined
      ? {}
      : {
          readPullRequest(pr: number) {
            const known = pullRequests.get(pr) ?? readPullRequest(pr);
            pullRequests.set(pr, known);
            return known;
          },
        }),
    instanceUrl: options.instanceUrl,
    clock: options.clock ?? REAL_CLOCK,
    onProgress: options.onProgress ?? (() => undefined),
  };
  const connections = await Promise.all(
    options.connections.map((connection) => {
      const config = connection.preview;
      if (config === undefined) return leftOut(connection);
      if (preview.kind === 'upsert') return upsertPreview(connection, config, preview, context);
      if (preview.kind === 'close') return closePreview(connection, config, preview, context);
      return sweepPreviews(connection, config, preview.repository, context);
    }),
  );
  return { connections, fatalError: runStop.fatalError, preview: report };
}

function startResult(connection: ConnectionConfig): ConnectionResult {
  return {
    connectionId: connection.connectionId,
    name: connection.name,
    status: 'skipped',
    changes: [],
    rotateKeys: false,
    isPreview: true,
  };
}

function fail(
  result: ConnectionResult,
  error: unknown,
  terms: FrontEndTerms,
  what = '',
  hint?: string,
): ConnectionResult {
  return { ...result, status: 'failed', ...describeError(error, terms, what), ...(hint ? { hint } : {}) };
}

/**
 * Reads what a preview step needs from Omni; a 401 stops the run, a read cut short by cancellation is a skip
 * (in flight, if it was). `what` says which read failed.
 */
async function readOrFail<T>(
  result: ConnectionResult,
  context: PreviewStepContext,
  read: () => Promise<T>,
  what = '',
): Promise<{ ok: true; value: T } | { ok: false; result: ConnectionResult }> {
  if (context.signal.aborted) return { ok: false, result: { ...result, error: context.describeSkip() } };
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    const isUnauthorized = context.reportFailure(error);
    if (!isUnauthorized && context.signal.aborted) {
      return { ok: false, result: { ...result, error: context.describeSkip(error) } };
    }
    return { ok: false, result: fail(result, error, context.terms, what) };
  }
}

/** Reads the connection's environments (readOrFail). */
function listOrFail(result: ConnectionResult, context: PreviewStepContext) {
  return readOrFail(result, context, () => context.client.listEnvironments(result.connectionId));
}

/** Whether the preview works on its Omni branch beyond binding it: it looks the branch up first. */
function needsBranch(config: PreviewConfig): boolean {
  return config.isCreatingBranch || config.impact !== undefined;
}

/**
 * An open pull request: find (or create) its Omni branch when the block asks for it, create, update or leave
 * its environment, bind it to the branch, read it back, then check the impact (README, "Impact on Omni").
 */
async function upsertPreview(
  connection: ConnectionConfig,
  config: PreviewConfig,
  preview: PullRequestPreview,
  context: PreviewStepContext,
): Promise<ConnectionResult> {
  const { client, terms, signal } = context;
  const { connectionId } = connection;
  let result = startResult(connection);
  const rendered = renderPreview(config, preview, context.stepEnv);
  if (rendered.problems.length > 0) {
    return {
      ...result,
      status: 'failed',
      error: `${rendered.problems.join('; ')}. Nothing was sent for this connection.`,
      hint: 'Change the `preview` block in the config file so that every rendered value is one Omni accepts.',
    };
  }
  const listed = await listOrFail(result, context);
  if (!listed.ok) return listed.result;

  // the branch, by name, before anything is written: its id, and whether the action has to create it
  const { binding } = rendered;
  let branch: OmniBranch | undefined;
  if (binding !== undefined && needsBranch(config)) {
    const found = await findBranchOrFail(result, binding, context);
    if (!found.ok) return found.result;
    branch = found.value;
  }
  const isCreatingNow = binding !== undefined && needsBranch(config) && branch === undefined;
  const [current] = selectPreviewsOfPr(listed.value, rendered.marker).filter((e) => !e.isDefaultEnvironment);
  // Kept on later runs, so that the close still knows the action made the branch.
  const record = isCreatingNow ? binding?.branchName : current && readBranchRecord(current);
  const desired =
    record === undefined ? rendered.environment : withBranchRecord(rendered.environment, record);

  const plan = planPreview({ desired, live: listed.value, isUpdatingSecrets: context.isUpdatingSecrets });
  if (!plan.ok) return { ...result, status: 'failed', error: plan.error, hint: plan.hint };
  const [primary] = plan.entries;
  if (primary === undefined) return { ...result, status: 'unchanged' };
  // The connection is updated as a whole when any of its preview's entries writes (run/parts.ts), a
  // duplicate's delete too; the environment's own action says which.
  result = { ...result, action: plan.entries.some(isPartWrite) ? 'update' : 'unchanged' };
  if (plan.unresolved.length > 0) {
    const said = describeUnresolved(plan.unresolved, terms);
    return {
      ...result,
      status: 'failed',
      error: `${said.error}; nothing of this connection was written.`,
      hint: said.hint,
    };
  }
  let branchNote = '';
  if (binding !== undefined && isCreatingNow) {
    if (!config.isCreatingBranch) {
      return {
        ...result,
        status: 'failed',
        branches: [{ ...describeBranch(binding), action: 'found', status: 'failed' }],
        error: `Omni has no branch "${binding.branchName}" of model ${binding.modelId}, and \`createBranch\` is not set; nothing of this connection was written.`,
        hint: `Create the branch "${binding.branchName}" in Omni (named like the git branch when \`omniBranch\` is "{head}"), or set \`createBranch: true\` in the preview block so that the action creates it.`,
      };
    }
    if (signal.aborted) return { ...result, error: context.describeSkip() };
    try {
      branch = await client.createBranch({
        modelId: binding.modelId,
        connectionId,
        name: binding.branchName,
      });
    } catch (error) {
      context.reportFailure(error);
      return fail(
        { ...result, branches: [{ ...describeBranch(binding), action: 'create', status: 'failed' }] },
        error,
        terms,
        `Creating the branch "${binding.branchName}" of model ${binding.modelId} failed; nothing of this connection was written.`,
      );
    }
    result = { ...result, branches: [{ ...describeBranch(binding), action: 'create', status: 'applied' }] };
    branchNote = ` The branch "${binding.branchName}" was created and remains in Omni; the next run records it.`;
  } else if (binding !== undefined && branch !== undefined) {
    result = { ...result, branches: [{ ...describeBranch(binding), action: 'found', status: 'unchanged' }] };
  }

  // write: the pull request's environment, then any duplicate an earlier failed run left
  const outcome = await writeEnvironments(connectionId, plan.entries, client, signal, context.describeSkip);
  const environments: EnvironmentResult[] = outcome.results;
  const primaryResult = environments[0];
  result = { ...result, environments };
  if (outcome.failure !== undefined) {
    const { environment, error } = outcome.failure;
    if (
      error instanceof OmniCancelledError &&
      !error.wasSent &&
      outcome.written.length === 0 &&
      !branchNote
    ) {
      return { ...result, status: 'skipped', error: context.describeSkip(error) };
    }
    context.reportFailure(error);
    return markBindingSkipped(
      fail(result, error, terms, `Writing the preview environment "${environment}" failed.${branchNote}`),
      binding,
    );
  }
  if (plan.entries.some(isPartWrite) && outcome.written.length === 0) {
    return markBindingSkipped(
      {
        ...result,
        status: branchNote ? 'failed' : 'skipped',
        error: `${context.describeSkip()}${branchNote}`,
      },
      binding,
    );
  }

  // bind, on every run: a branch someone re-bound by hand is set back to the pull request's environment
  const environmentId =
    outcome.environmentIds.get(primary) ?? ('environmentId' in primary ? primary.environmentId : undefined);
  if (binding !== undefined && primaryResult !== undefined && environmentId !== undefined) {
    const { modelId, branchName } = binding;
    try {
      if (signal.aborted) throw new Error(context.describeSkip());
      await client.bindBranchEnvironment({ modelId, branchName, environmentId, gitBranch: preview.head });
      primaryResult.binding = { modelId, branchName, status: 'bound' };
    } catch (error) {
      primaryResult.binding = { modelId, branchName, status: 'failed' };
      context.reportFailure(error);
      const isMissing = error instanceof OmniError && error.status === 404;
      const hint = isMissing
        ? `Create the branch "${branchName}" of the model ${modelId} in Omni first (or fix preview.omniBranch / preview.omniModel in the config file); the next run binds it.`
        : undefined;
      const written = outcome.written.length > 0 ? ' The environment itself was written.' : '';
      return fail(
        result,
        error,
        terms,
        `Binding the environment to the branch "${branchName}" of model ${modelId} failed.${written}`,
        hint,
      );
    }
  }

  const settled = await readBackPreview(result, outcome, context);
  if (config.impact === undefined || branch === undefined || binding === undefined) return settled;
  if (settled.status === 'failed' || settled.status === 'skipped') return settled;
  return checkPreviewImpact(
    settled,
    connection,
    { ...config, impact: config.impact },
    branch,
    preview,
    context,
  );
}

function describeBranch(binding: {
  modelId: string;
  branchName: string;
}): Pick<BranchResult, 'modelId' | 'name'> {
  return { modelId: binding.modelId, name: binding.branchName };
}

/** Looks the pull request's Omni branch up (readOrFail); undefined when Omni has none of that name. */
function findBranchOrFail(
  result: ConnectionResult,
  binding: { modelId: string; branchName: string },
  context: PreviewStepContext,
) {
  return readOrFail(
    result,
    context,
    () => context.client.findBranch(binding.modelId, binding.branchName),
    `Looking up the branch "${binding.branchName}" of model ${binding.modelId} failed; nothing of this connection was written.`,
  );
}

/** After the writes: read the environments back and report what Omni did not keep. */
async function readBackPreview(
  result: ConnectionResult,
  outcome: Awaited<ReturnType<typeof writeEnvironments>>,
  context: PreviewStepContext,
): Promise<ConnectionResult> {
  if (outcome.written.length === 0) return { ...result, status: 'unchanged' };
  let readBack: LiveEnvironment[];
  try {
    readBack = await context.client.listEnvironments(result.connectionId);
  } catch (error) {
    context.reportFailure(error);
    return fail(
      result,
      error,
      context.terms,
      'The preview environment was written, but reading it back to check failed.',
    );
  }
  const differences = checkReadBack(outcome.written, readBack, outcome.results);
  if (differences.length > 0) {
    return {
      ...result,
      status: 'failed',
      error: `Omni did not keep what was written: ${differences.join('; ')}.`,
      hint: 'Check the environment in Omni (Settings → Connections → dbt), then run again.',
    };
  }
  return { ...result, status: 'applied' };
}

/** The impact check on the pull request's branch; a check that could not run fails the connection. */
async function checkPreviewImpact(
  result: ConnectionResult,
  connection: ConnectionConfig,
  config: PreviewConfig & { impact: NonNullable<PreviewConfig['impact']> },
  branch: OmniBranch,
  preview: PullRequestPreview,
  context: PreviewStepContext,
): Promise<ConnectionResult> {
  const who = connection.name ?? connection.connectionId;
  const checked = await checkImpact({
    client: context.client,
    modelId: branch.baseModelId,
    branch: { id: branch.id, name: branch.name },
    config: config.impact,
    baseName: preview.base,
    projectRootPath: connection.body.projectRootPath,
    ...(context.readChangedFiles === undefined ? {} : { readChangedFiles: context.readChangedFiles }),
    noChangedFilesNote:
      "No dashboards are listed at risk: the pull request's changed files were not available.",
    instanceUrl: context.instanceUrl,
    clock: context.clock,
    signal: context.signal,
    onProgress: (message) => context.onProgress(`${who}: ${message}`),
    reportFailure: (error) => context.reportFailure(error),
  });
  const warnings = [...(result.warnings ?? []), ...checked.warnings];
  const withWarnings = warnings.length === 0 ? result : { ...result, warnings };
  if (checked.ok) return { ...withWarnings, impact: checked.impact };
  context.reportFailure(checked.error);
  const written = result.status === 'applied' ? ' (the preview environment was written and bound)' : '';
  return fail(
    withWarnings,
    checked.error,
    context.terms,
    `The impact check could not run${written}: ${checked.what}`,
  );
}

function markBindingSkipped(
  result: ConnectionResult,
  binding: { modelId: string; branchName: string } | undefined,
): ConnectionResult {
  const primary = result.environments?.[0];
  if (binding !== undefined && primary !== undefined) primary.binding = { ...binding, status: 'skipped' };
  return result;
}

/** A closed pull request: delete its Omni branch when the action made it (deleteBranch), then its environments. */
async function closePreview(
  connection: ConnectionConfig,
  config: PreviewConfig,
  preview: PullRequestPreview,
  context: PreviewStepContext,
): Promise<ConnectionResult> {
  const result = startResult(connection);
  const listed = await listOrFail(result, context);
  if (!listed.ok) return listed.result;
  const doomed = selectPreviewsOfPr(listed.value, previewMarker(preview.repository, preview.pr));
  const closed = await closeBranch(result, config, doomed, preview, context);
  if (!closed.ok) return closed.result;
  return deleteEnvironments(closed.result, doomed, context);
}

/**
 * The branch of a closed pull request whose preview binds one: deleted (by name) when `deleteBranch` is set
 * and its environments record that the action created it, else kept with a note. It goes before the
 * environments, which hold the record: a branch that could not be deleted keeps it for the next run.
 */
async function closeBranch(
  result: ConnectionResult,
  config: PreviewConfig,
  environments: readonly LiveEnvironment[],
  refs: PullRequestRefs | undefined,
  context: PreviewStepContext,
  whyNotRendered?: string,
): Promise<{ ok: true; result: ConnectionResult } | { ok: false; result: ConnectionResult }> {
  const modelId = config.omniModel;
  if (modelId === undefined || environments.length === 0) return { ok: true, result };
  const records = environments.flatMap((environment) => readBranchRecord(environment) ?? []);
  const expectedName =
    refs === undefined || environments[0] === undefined
      ? undefined
      : renderBranchName(config, environments[0], refs);
  const plan = planBranchClose({
    isDeletingBranch: config.isDeletingBranch,
    records,
    expectedName,
    ...(whyNotRendered === undefined ? {} : { whyNotRendered }),
  });
  const branches = result.branches ?? [];
  if (plan.action === 'wait') {
    const waiting: BranchResult = {
      modelId,
      name: plan.branchName,
      action: 'keep',
      status: 'skipped',
      note: plan.note,
    };
    return {
      ok: false,
      result: {
        ...result,
        status: 'failed',
        branches: [...branches, waiting],
        error: plan.note,
        hint: 'Give the job `pull-requests: read` (or write) and the `github-token` input; the next sweep tries again.',
      },
    };
  }
  if (plan.action === 'keep') {
    if (plan.branchName === undefined && records.length === 0) return { ok: true, result };
    const kept: BranchResult = {
      modelId,
      name: plan.branchName ?? '',
      action: 'keep',
      status: 'unchanged',
      note: plan.note,
    };
    return { ok: true, result: { ...result, branches: [...branches, kept] } };
  }
  const branch = { modelId, name: plan.branchName };
  if (context.signal.aborted) {
    return { ok: false, result: { ...result, error: context.describeSkip() } };
  }
  try {
    const deletion = await context.client.deleteBranch(modelId, plan.branchName);
    const note = deletion === 'absent' ? 'It was already gone from Omni.' : undefined;
    const deleted: BranchResult = {
      ...branch,
      action: 'delete',
      status: 'applied',
      ...(note === undefined ? {} : { note }),
    };
    return { ok: true, result: { ...result, branches: [...branches, deleted] } };
  } catch (error) {
    context.reportFailure(error);
    const failed: BranchResult = { ...branch, action: 'delete', status: 'failed' };
    return {
      ok: false,
      result: fail(
        { ...result, action: 'update', branches: [...branches, failed] },
        error,
        context.terms,
        `Deleting the Omni branch "${plan.branchName}" of model ${modelId} failed; its preview environment was kept (it records the branch), so the next run tries again.`,
      ),
    };
  }
}

/** The branch name the preview block gives a pull request: its `omniBranch` rendered with the pull request's refs. */
function renderBranchName(
  config: PreviewConfig,
  environment: LiveEnvironment,
  refs: PullRequestRefs,
): string {
  const marker = environment.variables.find((variable) => variable.name === PREVIEW_MARKER_VARIABLE)?.value;
  const parsed = parsePreviewMarker(marker);
  return renderTemplate(config.omniBranch ?? '{head}', {
    pr: parsed?.pr ?? 0,
    ...refs,
    repository: parsed?.repository ?? '',
  });
}

/** A schedule: delete the marked environments of this repository whose pull request is no longer open. */
async function sweepPreviews(
  connection: ConnectionConfig,
  config: PreviewConfig,
  repository: string,
  context: PreviewStepContext,
): Promise<ConnectionResult> {
  const result = startResult(connection);
  const listed = await listOrFail(result, context);
  if (!listed.ok) return listed.result;
  const candidates = groupSweepCandidates(listed.value, repository);
  if (candidates.length === 0)
    return { ...result, action: 'unchanged', status: 'unchanged', environments: [] };
  let open: Set<number>;
  try {
    open = await context.readOpenPullRequests();
  } catch (error) {
    // Anything short of the whole, checked list: the sweep deletes nothing.
    const message = error instanceof Error ? error.message : String(error);
    return {
      ...result,
      status: 'failed',
      error: `Could not read which pull requests of ${repository} are open from GitHub: ${message}. Nothing was deleted.`,
      hint:
        error instanceof OpenPullRequestsError
          ? error.hint
          : 'Give the job `pull-requests: read` (or write) and the `github-token` input; the next sweep tries again.',
    };
  }
  const closed = candidates.filter((candidate) => !open.has(candidate.pr));
  // Each closed pull request's branch first (its environments hold the record); one that fails keeps them.
  let swept = result;
  const doomed: LiveEnvironment[] = [];
  let failure: ConnectionResult | undefined;
  for (const candidate of closed) {
    const refs = await readSweptRefs(config, candidate.environments, candidate.pr, context);
    const branch = await closeBranch(swept, config, candidate.environments, refs.refs, context, refs.why);
    swept = branch.result;
    if (branch.ok) doomed.push(...candidate.environments);
    else failure ??= branch.result;
  }
  const deleted = await deleteEnvironments(swept, doomed, context);
  if (failure === undefined) return deleted;
  return {
    ...deleted,
    status: 'failed',
    error: failure.error,
    hint: failure.hint,
    httpStatus: failure.httpStatus,
  };
}

/** A swept pull request's refs, asked of GitHub only when a branch the action made may be deleted. */
async function readSweptRefs(
  config: PreviewConfig,
  environments: readonly LiveEnvironment[],
  pr: number,
  context: PreviewStepContext,
): Promise<{ refs?: PullRequestRefs; why?: string }> {
  const hasRecord = environments.some((environment) => readBranchRecord(environment) !== undefined);
  if (!config.isDeletingBranch || !hasRecord) return {};
  if (context.readPullRequest === undefined) {
    return { why: `pull request #${pr}'s branches could not be asked of GitHub` };
  }
  try {
    return { refs: await context.readPullRequest(pr) };
  } catch (error) {
    const said = error instanceof Error ? error.message : String(error);
    return { why: `pull request #${pr}'s branches could not be read from GitHub (${said})` };
  }
}

/**
 * Deletes each environment (a 404 counts once the list shows it gone); stops at the first failure. Omni's
 * default environment is kept, with a note, whatever marker it carries.
 */
async function deleteEnvironments(
  result: ConnectionResult,
  doomed: readonly LiveEnvironment[],
  context: PreviewStepContext,
): Promise<ConnectionResult> {
  const planned = planPreviewDeletes(doomed);
  const entries = planned.filter((entry) => entry.action === 'delete');
  if (entries.length === 0) {
    const kept = describeEnvironmentPlan(planned, 'apply');
    return { ...result, action: 'unchanged', status: 'unchanged', environments: kept };
  }
  const outcome = await writeEnvironments(
    result.connectionId,
    planned,
    context.client,
    context.signal,
    context.describeSkip,
  );
  const deleted: ConnectionResult = { ...result, action: 'update', environments: outcome.results };
  if (outcome.failure !== undefined) {
    const { environment, error } = outcome.failure;
    context.reportFailure(error);
    const done = outcome.written.length === 0 ? '' : ` ${outcome.written.length} other(s) were deleted.`;
    return fail(
      deleted,
      error,
      context.terms,
      `Deleting the preview environment "${environment}" failed.${done}`,
    );
  }
  if (outcome.written.length < entries.length) {
    return {
      ...deleted,
      status: outcome.written.length === 0 ? 'skipped' : 'failed',
      error: context.describeSkip(),
    };
  }
  return { ...deleted, status: 'applied' };
}
