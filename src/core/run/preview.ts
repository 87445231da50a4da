// `mode: preview` (README, "Preview environments"): for the event's pull request, create or update its
// marked environment and bind it to an Omni model branch; on `closed`, delete it; on a schedule, sweep the
// environments of closed pull requests. Only connections with a `preview` block take part, and nothing
// else of them (their dbt settings, their other environments) is read or written.
import type { ConnectionConfig, PreviewConfig } from '../config/types.js';
import type { OmniClient } from '../omni/client.js';
import type { LiveEnvironment } from '../omni/environments.js';
import { OmniCancelledError, OmniError } from '../omni/errors.js';
import {
  groupSweepCandidates,
  planPreview,
  planPreviewDeletes,
  previewMarker,
  renderPreview,
  selectPreviewsOfPr,
} from '../plan/preview.js';
import type { FrontEndTerms } from '../terms.js';
import { type ConnectionRunContext, describeError } from './connection.js';
import { createRunStop, describeNotPlanned } from './connections.js';
import {
  checkReadBack,
  describeEnvironmentPlan,
  describeUnresolved,
  isWrite,
  writeEnvironments,
} from './environments.js';
import type { ConnectionResult, EnvironmentResult, PreviewReport } from './types.js';

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

/** What the action read of the event: which preview work this run does. */
export type PreviewRunContext =
  | ({ kind: 'upsert' | 'close' } & PullRequestPreview)
  | {
      kind: 'sweep';
      repository: string;
      /** The numbers of the repository's open pull requests; asked at most once per run. */
      readOpenPullRequests: () => Promise<Set<number>>;
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

export const FORK_PREVIEW_NOTE =
  'This pull request comes from a fork: forks get no preview environment (GitHub gives their runs no secrets), so Omni was not called.';

/** The preview contexts that send requests. */
export type PreviewWork = Exclude<PreviewRunContext, { kind: 'none' } | { kind: 'fork' }>;

/**
 * The work of a preview run, or the report of one that sends nothing (a fork, an event with no preview
 * work, no context at all).
 */
export function readPreviewWork(
  preview: PreviewRunContext | undefined,
): { work: PreviewWork } | { idle: PreviewReport } {
  if (preview === undefined) {
    return { idle: { kind: 'none', note: 'mode: preview was given no pull request or sweep to work on.' } };
  }
  if (preview.kind === 'fork') return { idle: { kind: 'fork', note: FORK_PREVIEW_NOTE } };
  if (preview.kind === 'none') return { idle: { kind: 'none', note: preview.reason } };
  return { work: preview };
}

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
  const runStop = createRunStop(stop);
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
  };
  const connections = await Promise.all(
    options.connections.map((connection) => {
      const config = connection.preview;
      if (config === undefined) return leftOut(connection);
      if (preview.kind === 'upsert') return upsertPreview(connection, config, preview, context);
      if (preview.kind === 'close') {
        return closePreview(connection, previewMarker(preview.repository, preview.pr), context);
      }
      return sweepPreviews(connection, preview.repository, context);
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

/** Reads the connection's environments; a 401 stops the run, a read cut short by cancellation is a skip. */
async function listOrFail(
  result: ConnectionResult,
  context: PreviewStepContext,
): Promise<{ ok: true; live: LiveEnvironment[] } | { ok: false; result: ConnectionResult }> {
  if (context.signal.aborted) return { ok: false, result: { ...result, error: context.describeSkip() } };
  try {
    return { ok: true, live: await context.client.listEnvironments(result.connectionId) };
  } catch (error) {
    const isUnauthorized = context.reportFailure(error);
    if (!isUnauthorized && context.signal.aborted) {
      return { ok: false, result: { ...result, error: context.describeSkip(error) } };
    }
    return { ok: false, result: fail(result, error, context.terms) };
  }
}

/** An open pull request: create, update or leave its environment, then bind it to the model branch. */
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
  const plan = planPreview({
    desired: rendered.environment,
    live: listed.live,
    isUpdatingSecrets: context.isUpdatingSecrets,
  });
  if (!plan.ok) return { ...result, status: 'failed', error: plan.error, hint: plan.hint };
  const [primary] = plan.entries;
  if (primary === undefined) return { ...result, status: 'unchanged' };
  result = { ...result, action: toPlanAction(primary.action) };
  if (plan.unresolved.length > 0) {
    const said = describeUnresolved(plan.unresolved, terms);
    return {
      ...result,
      status: 'failed',
      error: `${said.error}; nothing of this connection was written.`,
      hint: said.hint,
    };
  }

  // write: the pull request's environment, then any duplicate an earlier failed run left
  const outcome = await writeEnvironments(connectionId, plan.entries, client, signal, context.describeSkip);
  const environments: EnvironmentResult[] = outcome.results;
  const primaryResult = environments[0];
  result = { ...result, environments };
  if (outcome.failure !== undefined) {
    const { environment, error } = outcome.failure;
    if (error instanceof OmniCancelledError && !error.wasSent && outcome.written.length === 0) {
      return { ...result, status: 'skipped', error: context.describeSkip(error) };
    }
    context.reportFailure(error);
    return markBindingSkipped(
      fail(result, error, terms, `Writing the preview environment "${environment}" failed.`),
      rendered.binding,
    );
  }
  if (plan.entries.some(isWrite) && outcome.written.length === 0) {
    return markBindingSkipped(
      { ...result, status: 'skipped', error: context.describeSkip() },
      rendered.binding,
    );
  }

  // bind, on every run: a branch someone re-bound by hand is set back to the pull request's environment
  const environmentId =
    outcome.environmentIds.get(primary) ?? ('environmentId' in primary ? primary.environmentId : undefined);
  if (rendered.binding !== undefined && primaryResult !== undefined && environmentId !== undefined) {
    const { modelId, branchName } = rendered.binding;
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

  // read back what was written
  if (outcome.written.length === 0) return { ...result, status: 'unchanged' };
  let readBack: LiveEnvironment[];
  try {
    readBack = await client.listEnvironments(connectionId);
  } catch (error) {
    context.reportFailure(error);
    return fail(
      result,
      error,
      terms,
      'The preview environment was written, but reading it back to check failed.',
    );
  }
  const differences = checkReadBack(outcome.written, readBack, environments);
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

function toPlanAction(action: string): 'create' | 'update' | 'unchanged' {
  return action === 'create' || action === 'update' ? action : 'unchanged';
}

function markBindingSkipped(
  result: ConnectionResult,
  binding: { modelId: string; branchName: string } | undefined,
): ConnectionResult {
  const primary = result.environments?.[0];
  if (binding !== undefined && primary !== undefined) primary.binding = { ...binding, status: 'skipped' };
  return result;
}

/** A closed pull request: delete every environment marked for it. */
async function closePreview(
  connection: ConnectionConfig,
  marker: string,
  context: PreviewStepContext,
): Promise<ConnectionResult> {
  const result = startResult(connection);
  const listed = await listOrFail(result, context);
  if (!listed.ok) return listed.result;
  return deleteEnvironments(result, selectPreviewsOfPr(listed.live, marker), context);
}

/** A schedule: delete the marked environments of this repository whose pull request is no longer open. */
async function sweepPreviews(
  connection: ConnectionConfig,
  repository: string,
  context: PreviewStepContext,
): Promise<ConnectionResult> {
  const result = startResult(connection);
  const listed = await listOrFail(result, context);
  if (!listed.ok) return listed.result;
  const candidates = groupSweepCandidates(listed.live, repository);
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
  return deleteEnvironments(
    result,
    closed.flatMap((candidate) => candidate.environments),
    context,
  );
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
  const deleted: ConnectionResult = { ...result, action: 'delete', environments: outcome.results };
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
