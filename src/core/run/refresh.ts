// `mode: refresh` (README, "Refresh after a deploy"): for each selected connection that lists `omniModels`, every
// listed model validated (the model and its content), the first one's schema refreshed once without a branch
// id (so Omni reads the warehouse as the deploy left it), the job polled as the impact check polls it, the
// models validated again, and what the deploy broke and fixed compared as the impact check compares a pull
// request (run/impact.ts, plan/impact.ts). Nothing else is written.
import { REFRESH_TIMEOUT_MINUTES } from '../config/schema.js';
import type { ConnectionConfig } from '../config/types.js';
import type { OmniClient } from '../omni/client.js';
import { OmniBranchRefreshError } from '../omni/errors.js';
import type { ModelIssue } from '../omni/models.js';
import {
  compareIssues,
  describeImpactVerdict,
  failsImpact,
  type ImpactFailOn,
  type IssueSide,
} from '../plan/impact.js';
import type { FrontEndTerms } from '../terms.js';
import { describeError } from './connection.js';
import { createRunStop, type RunStop } from './connections.js';
import {
  ImpactCheckError,
  type ImpactClock,
  type ImpactResult,
  REAL_CLOCK,
  readIssueSide,
} from './impact.js';
import { describeNotPlanned, NO_MODELS_REASON } from './not-planned.js';
import { describeUnfinishedRefresh, type RefreshWait, refreshSchema } from './refresh-job.js';
import type { ConnectionResult } from './types.js';

export interface RunRefreshOptions {
  /** The selected connections, in the file's order. */
  connections: ConnectionConfig[];
  client: Pick<OmniClient, 'startRefresh' | 'getJobStatus' | 'validateModel' | 'validateContent'>;
  failOnImpact: ImpactFailOn;
  terms: FrontEndTerms;
  /** Aborted on cancellation; a 401 aborts it too. */
  stop: AbortController;
  /** The Omni instance's address (without `/api`), where the report links documents. */
  instanceUrl: string;
  /** The clock of the refresh's polling; default the real one (tests pass a fake). */
  clock?: ImpactClock;
  /** How long to wait for a refresh job; default REFRESH_TIMEOUT_MINUTES.default. */
  timeoutMinutes?: number;
  /** Progress of the refresh (started, a long wait), for the log. */
  onProgress?: (message: string) => void;
}

export interface RunRefreshResult {
  connections: ConnectionResult[];
  /** Set when Omni refused the token: the run stopped. */
  fatalError?: string;
}

/** Why a selected connection without `omniModels` takes no part (README, "Outputs": every one is listed). */
export async function runRefresh(options: RunRefreshOptions): Promise<RunRefreshResult> {
  const runStop = createRunStop(options.stop);
  const connections = await Promise.all(
    options.connections.map((connection) =>
      (connection.omniModels ?? []).length === 0
        ? describeNotPlanned(connection, NO_MODELS_REASON, true)
        : refreshConnection(connection, options, runStop),
    ),
  );
  return { connections, ...(runStop.fatalError === undefined ? {} : { fatalError: runStop.fatalError }) };
}

/**
 * One model's side, read for the comparison. Where a connection lists several models, each model issue's
 * place names its model: the same message at the same place in two models is two issues.
 */
async function readModelSide(
  client: RunRefreshOptions['client'],
  modelId: string,
  isNamingModel: boolean,
): Promise<IssueSide> {
  const side = await readIssueSide(client, modelId, { folders: [], labels: [] });
  if (!isNamingModel) return side;
  const named = (issue: ModelIssue): ModelIssue => ({
    ...issue,
    where: issue.where === null ? `model ${modelId}` : `model ${modelId}: ${issue.where}`,
  });
  return { content: side.content, model: side.model.map(named) };
}

/** Every listed model's side, as one: content issues are told apart by their document, model issues by their model. */
async function readSides(
  client: RunRefreshOptions['client'],
  modelIds: readonly string[],
): Promise<IssueSide> {
  const sides = await Promise.all(
    modelIds.map((modelId) => readModelSide(client, modelId, modelIds.length > 1)),
  );
  return { content: sides.flatMap((side) => side.content), model: sides.flatMap((side) => side.model) };
}

function describePerBranchWarning(who: string, modelId: string): string {
  return (
    `Omni refreshes the schema of ${who} per branch (branch-based schema refresh is on for the connection), so it refused to refresh the shared model ${modelId} without a branch, ` +
    'and mode: refresh never refreshes with a branch id. Its schema was not refreshed and nothing was compared. ' +
    'To bring the deploy into Omni, refresh the schema on a branch of the model in Omni and merge the branch there; ' +
    'or remove `omniModels` from this connection to leave it out of this step.'
  );
}

async function refreshConnection(
  connection: ConnectionConfig,
  options: RunRefreshOptions,
  runStop: RunStop,
): Promise<ConnectionResult> {
  const { client, terms } = options;
  const clock = options.clock ?? REAL_CLOCK;
  const { signal } = options.stop;
  const modelIds = connection.omniModels ?? [];
  const [modelId = ''] = modelIds;
  const who = connection.name ?? connection.connectionId;
  const base: ConnectionResult = {
    connectionId: connection.connectionId,
    ...(connection.name === undefined ? {} : { name: connection.name }),
    status: 'skipped',
    changes: [],
    rotateKeys: false,
  };
  const timeoutMinutes = options.timeoutMinutes ?? REFRESH_TIMEOUT_MINUTES.default;
  /** A failure: a 401 stops the run; a read cut short by cancellation is a skip, not a failure. */
  const fail = (result: ConnectionResult, error: unknown, what: string): ConnectionResult => {
    const isUnauthorized = runStop.reportFailure(error);
    if (!isUnauthorized && signal.aborted && !(error instanceof ImpactCheckError)) {
      return { ...result, status: 'skipped', error: runStop.describeSkip(error) };
    }
    return { ...result, status: 'failed', ...describeError(error, terms, what) };
  };
  if (signal.aborted) return { ...base, error: runStop.describeSkip() };

  // before: every listed model, as the deploy found it in Omni
  let before: IssueSide;
  try {
    before = await readSides(client, modelIds);
  } catch (error) {
    return fail(
      base,
      error,
      'Validating the models before the schema refresh failed; nothing was refreshed.',
    );
  }
  if (signal.aborted) return { ...base, error: runStop.describeSkip() };

  // the refresh: once, of the first model, never with a branch id (README, "Refresh after a deploy")
  const refreshing: ConnectionResult = { ...base, action: 'update' };
  const what = `Refreshing the schema of model ${modelId} failed.`;
  let wait: RefreshWait;
  try {
    wait = await refreshSchema({
      client,
      modelId,
      subject: `model ${modelId}`,
      timeoutMinutes,
      clock,
      signal,
      onProgress: (message) => options.onProgress?.(`${who}: ${message}`),
    });
  } catch (error) {
    if (error instanceof OmniBranchRefreshError && error.hasBranchBasedRefresh) {
      return {
        ...base,
        action: 'unchanged',
        isOutOfScope: true,
        error: `Not refreshed: Omni refreshes this connection's schema per branch, and mode: refresh never sends a branch id.`,
        warnings: [describePerBranchWarning(who, modelId)],
      };
    }
    return fail({ ...base }, error, `${what} Nothing was refreshed.`);
  }
  if (wait.outcome !== 'completed') {
    const said = describeUnfinishedRefresh(
      { ...wait, outcome: wait.outcome },
      `schema refresh of model ${modelId}`,
      timeoutMinutes,
    );
    if (wait.outcome === 'cancelled') {
      return { ...refreshing, status: 'failed', error: `${said}, and nothing was compared.` };
    }
    const hint =
      wait.outcome === 'failed'
        ? "Look at the refresh in Omni (the connection's credentials, the schemas dbt deployed to), then re-run this step."
        : `Look at the refresh in Omni. The step waits ${timeoutMinutes} min for it; once it has finished, Omni's content validator shows what the deploy broke.`;
    const ending = wait.outcome === 'failed' ? '; nothing was compared.' : ', and nothing was compared.';
    return fail(refreshing, new ImpactCheckError(`${said}${ending}`, hint), '');
  }

  // after: the same models, as the refresh left them
  let after: IssueSide;
  try {
    after = await readSides(client, modelIds);
  } catch (error) {
    return fail(refreshing, error, 'The schema was refreshed, but validating the models after it failed.');
  }
  const comparison = compareIssues(before, after);
  const impact: ImpactResult = {
    modelId,
    refresh: { modelIds: [...modelIds], failOnSetting: terms.failOnImpact },
    failOn: options.failOnImpact,
    // No base name: the verdict says "already broken before".
    verdict: describeImpactVerdict(comparison),
    isFailing: failsImpact(comparison, options.failOnImpact),
    isRefreshed: true,
    comparison,
    folders: [],
    labels: [],
    atRisk: [],
    modelFiles: [],
    instanceUrl: options.instanceUrl,
  };
  return { ...refreshing, status: 'applied', impact };
}
