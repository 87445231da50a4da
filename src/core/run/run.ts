// The core shared by the action and the CLI: config text → validation → plan → apply → RunReport.
// It reads no inputs and publishes nothing; the caller passes the Omni client factory and its terms in.
import { loadConfig } from '../config/load.js';
import type { ConfigIssue, ConnectionConfig, ListedConnection } from '../config/types.js';
import type { OmniClient } from '../omni/client.js';
import { checkApiToken } from '../omni/token.js';
import { resolveOmniBaseUrl } from '../omni/url.js';
import type { ImpactFailOn } from '../plan/impact.js';
import { type SelectConnectionsResult, selectConnections } from '../plan/select.js';
import { plural } from '../plural.js';
import type { Redactor } from '../secrets.js';
import type { FrontEndTerms } from '../terms.js';
import type { ExposuresRunContext } from './exposures.js';
import type { ImpactClock } from './impact.js';
import {
  describeNotPlanned,
  describeUnselected,
  listRefreshable,
  NO_MODELS_REASON,
  readPreviewWork,
} from './not-planned.js';
import type { PreviewRunContext, PreviewWork } from './preview.js';
import type { Mode, RunReport } from './types.js';

export interface RunOptions {
  configPath: string;
  configText: string;
  mode: Mode;
  omniUrl: string;
  apiToken: string;
  allowCustomHost: boolean;
  selection: string[];
  force: boolean;
  rotateKeys: boolean;
  failOnChanges: boolean;
  commit?: string;
  /** Send every `fromEnv` secret of the file's environments again (`update-secrets`). */
  isUpdatingSecrets: boolean;
  /** The step's environment, where `fromEnv` variables are read. */
  stepEnv: Readonly<Record<string, string | undefined>>;
  /**
   * The run's one redactor, through which the front end writes everything it prints: each secret
   * `fromEnv` value is added to it before the first request (the action's also masks it with the
   * runner: `add-mask`), and the client quotes through it.
   */
  redactor: Redactor;
  /** How messages name the front end's settings. */
  terms: FrontEndTerms;
  /** Aborted on cancellation; a 401 aborts it too. */
  stop: AbortController;
  /**
   * The run's Omni client, or a promise of it: a front end loads the client's code (its transport, undici)
   * only when a run gets this far, so that a validation never does.
   */
  createClient: (settings: {
    apiBaseUrl: string;
    token: string;
    signal: AbortSignal;
    redactor: Redactor;
  }) => OmniClient | Promise<OmniClient>;
  /** `mode: preview` only: the pull request (or sweep) of the event, built by the front end. */
  preview?: PreviewRunContext;
  /**
   * Set when the front end's own settings are invalid (the action's inputs): the file is still validated and
   * its connections listed, `skipped` with this as why, and nothing is sent.
   */
  settingsError?: string;
  /** Progress of long steps (the impact check's schema refresh), for the log. */
  onProgress?: (message: string) => void;
  /** The impact check's clock; default the real one (tests pass a fake, with the sandbox's). */
  impactClock?: ImpactClock;
  /** `mode: exposures` only: where the file is read and written, and what to do with it. */
  exposures?: ExposuresRunContext;
  /** `mode: refresh` only: which issues fail the run (`fail-on-impact`); default `new`. */
  failOnImpact?: ImpactFailOn;
}

/** A report of a run that has not reached Omni (yet): no connections, nothing cancelled. */
export function createRunReport(
  options: Pick<RunOptions, 'mode' | 'configPath' | 'commit' | 'failOnChanges'>,
  issues: ConfigIssue[],
): RunReport {
  return {
    mode: options.mode,
    isValidationOnly: false,
    configPath: options.configPath,
    commit: options.commit,
    issues,
    connections: [],
    isCancelled: false,
    failOnChanges: options.failOnChanges,
  };
}

export async function executeRun(options: RunOptions): Promise<RunReport> {
  const loaded = loadConfig(options.configText, options.configPath);
  const report = createRunReport(options, loaded.ok ? loaded.warnings : loaded.issues);
  const { terms } = options;

  // README, "Outputs": `result` lists every selected connection whatever stops the run; of an invalid file,
  // those it lists that can be read (none when its YAML cannot be read), selected as usual.
  const listed = loaded.ok ? loaded.config.connections : loaded.listed;
  const chosen = readSelected(selectConnections<ListedConnection>(listed, options.selection, terms));
  /** A run that stops before asking Omni: each selected connection `skipped`, saying why. */
  const stopBefore = (why: string, facts: Partial<RunReport> = {}, isOutOfScope = false): RunReport => ({
    ...report,
    ...facts,
    isStoppedBeforeOmni: true,
    connections: chosen.map((connection) => describeNotPlanned(connection, why, isOutOfScope)),
  });

  if (options.settingsError !== undefined) {
    return stopBefore(`Not planned: ${terms.invalidSettings}, so nothing was sent to Omni.`, {
      fatalError: options.settingsError,
    });
  }
  if (!loaded.ok) {
    const errors = loaded.issues.filter((issue) => issue.severity === 'error').length;
    return stopBefore(
      `Not planned: ${options.configPath} has ${plural(errors, 'error')}, so nothing was sent to Omni.`,
    );
  }
  const selected = selectConnections(loaded.config.connections, options.selection, terms);
  if (!selected.ok) return stopBefore(`Not planned: ${selected.error}`, { fatalError: selected.error });

  // A fork's pull request, or an event with no preview work: nothing is sent, not even with a token.
  let previewWork: PreviewWork | undefined;
  if (options.mode === 'preview') {
    const read = readPreviewWork(options.preview);
    if ('idle' in read) {
      return stopBefore(
        `Not part of this run: ${read.idle.note ?? 'mode: preview had nothing to do.'}`,
        {
          preview: read.idle,
        },
        true,
      );
    }
    previewWork = read.work;
  }

  // mode: exposures reads no connection: each is listed as skipped, saying why (README, "Outputs").
  const exposuresBlock = loaded.config.exposures;
  if (options.mode === 'exposures' && exposuresBlock === undefined) {
    return {
      ...report,
      connections: describeUnselected(selected.connections),
      fatalError: `${options.configPath} has no \`exposures\` block, and mode: exposures writes the file it describes. Add one, e.g. \`exposures: { path: models/omni_exposures/omni_exposures.yml, models: [<Omni model UUID>] }\` (README, "dbt exposures").`,
    };
  }

  // mode: refresh with no connection listing `omniModels` has nothing to refresh: a setup error, said before
  // anything is sent (README, "Refresh after a deploy").
  if (options.mode === 'refresh' && listRefreshable(selected.connections).length === 0) {
    return stopBefore(
      NO_MODELS_REASON,
      {
        fatalError: `No selected connection in ${options.configPath} lists \`omniModels\`, and mode: refresh refreshes the schema of those models. Add the UUIDs of the Omni shared models built on the connection your dbt deploy changes, e.g. \`omniModels: [<Omni model UUID>]\` (README, "Refresh after a deploy").`,
      },
      true,
    );
  }

  if (options.apiToken === '') {
    if (options.mode !== 'dry-run') {
      const needs = {
        apply: 'an apply',
        preview: 'a preview',
        exposures: 'mode: exposures (it reads Omni)',
        refresh: "mode: refresh (it refreshes Omni's schema)",
      }[options.mode];
      const fatalError = `${terms.apiTokenSetting} is empty, and ${needs} needs it. ${terms.apiTokenAdvice}`;
      return stopBefore(`Not attempted: ${terms.apiTokenSetting} is empty.`, { fatalError });
    }
    // README, "What a run does": a dry-run without a token validates only, and says so.
    return stopBefore(
      `Not planned: there is no ${terms.apiToken}, so only the file was validated.`,
      { isValidationOnly: true },
      true,
    );
  }
  const tokenProblem = checkApiToken(options.apiToken);
  if (tokenProblem !== undefined) {
    const fatalError = `${terms.apiTokenSetting} ${tokenProblem}.`;
    return stopBefore(`Not attempted: ${fatalError}`, { fatalError });
  }

  if (options.omniUrl === '') {
    const fatalError = `${terms.omniUrlSetting} is empty. Set it to your Omni instance, e.g. \`${terms.omniUrl}: https://acme.omniapp.co\`.`;
    return stopBefore(`Not attempted: ${terms.omniUrlSetting} is empty.`, { fatalError });
  }
  const base = resolveOmniBaseUrl(options.omniUrl, { allowCustomHost: options.allowCustomHost, terms });
  if (!base.ok) return stopBefore(`Not attempted: ${base.error}`, { fatalError: base.error });

  const connections = selected.connections;
  // mode: exposures and mode: refresh send no variable: none of their values is read.
  if (options.mode !== 'exposures' && options.mode !== 'refresh') {
    maskSecretValues(connections, options.stepEnv, options.redactor);
  }
  const client = await options.createClient({
    apiBaseUrl: base.apiBaseUrl,
    token: options.apiToken,
    signal: options.stop.signal,
    redactor: options.redactor,
  });
  // Each mode's steps are loaded here, past every check that needs nothing from Omni, and only those of the
  // run's mode: a validation, or a run stopped before Omni, loads none (docs/benchmarks.md, "Cold start").
  if (options.mode === 'exposures') {
    if (exposuresBlock === undefined || options.exposures === undefined) {
      throw new Error("mode: exposures needs the file's exposures block and the front end's context");
    }
    const { runExposures } = await import('./exposures.js');
    const written = await runExposures({
      exposures: exposuresBlock,
      client,
      context: options.exposures,
      terms,
      stop: options.stop,
      redactor: options.redactor,
    });
    return {
      ...report,
      connections: describeUnselected(connections),
      ...written,
      isCancelled: options.stop.signal.aborted && written.fatalError === undefined,
    };
  }
  // What the impact check and mode: refresh need to refresh, wait and link (refresh-job.ts).
  const refreshContext = {
    terms,
    stop: options.stop,
    instanceUrl: base.instanceUrl,
    ...(options.impactClock === undefined ? {} : { clock: options.impactClock }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  };
  if (previewWork !== undefined) {
    const { runPreview } = await import('./preview.js');
    const previewed = await runPreview({
      connections,
      client,
      preview: previewWork,
      configPath: options.configPath,
      isUpdatingSecrets: options.isUpdatingSecrets,
      stepEnv: options.stepEnv,
      ...refreshContext,
    });
    return {
      ...report,
      connections: previewed.connections,
      fatalError: previewed.fatalError,
      isCancelled: options.stop.signal.aborted && previewed.fatalError === undefined,
      preview: previewed.preview,
      // No connection with a `preview` block: nothing was asked of Omni.
      ...(previewed.connections.every((c) => c.isOutOfScope) ? { isStoppedBeforeOmni: true } : {}),
    };
  }
  if (options.mode === 'refresh') {
    const { runRefresh } = await import('./refresh.js');
    const refreshed = await runRefresh({
      connections,
      client,
      failOnImpact: options.failOnImpact ?? 'new',
      ...refreshContext,
    });
    return {
      ...report,
      connections: refreshed.connections,
      fatalError: refreshed.fatalError,
      isCancelled: options.stop.signal.aborted && refreshed.fatalError === undefined,
    };
  }
  const { runConnections } = await import('./connections.js');
  const result = await runConnections({
    connections,
    client,
    mode: options.mode,
    force: options.force,
    rotateKeys: options.rotateKeys,
    isUpdatingSecrets: options.isUpdatingSecrets,
    stepEnv: options.stepEnv,
    terms,
    stop: options.stop,
  });
  return {
    ...report,
    connections: result.connections,
    fatalError: result.fatalError,
    isCancelled: options.stop.signal.aborted && result.fatalError === undefined,
  };
}

/** The selection, or when a selector names no connection, the connections the others named. */
function readSelected<T>(selected: SelectConnectionsResult<T>): T[] {
  return selected.ok ? selected.connections : selected.named;
}

/** Every secret `fromEnv` value the run may send is masked before the first request (and so before any log). */
function maskSecretValues(
  connections: readonly ConnectionConfig[],
  stepEnv: Readonly<Record<string, string | undefined>>,
  redactor: Redactor,
): void {
  for (const connection of connections) {
    const variables = [
      ...(connection.environments ?? []).flatMap((environment) => environment.variables),
      ...(connection.preview?.variables ?? []),
    ];
    for (const variable of variables) {
      if (variable.source !== 'env' || !variable.isSecret) continue;
      const value = stepEnv[variable.envName];
      if (value !== undefined && value !== '') redactor.add(value);
    }
  }
}
