// The outcome of a run: one result per selected connection and the run-wide facts. Plain data, no
// functions, so it serialises into outputs and reports.
import type { ConfigIssue } from '../config/types.js';
import type { EnvironmentAction, EnvironmentChange } from '../plan/environments.js';
import type { FieldChange, PlanAction } from '../plan/types.js';
import type { ExposuresReport } from './exposures.js';

/**
 * `preview` manages pull-request preview environments and nothing else (README, "Preview environments");
 * `exposures` writes the dbt exposures file and reads no connection (README, "dbt exposures").
 */
export type Mode = 'dry-run' | 'apply' | 'preview' | 'exposures';
export type ConnectionStatus = 'applied' | 'planned' | 'unchanged' | 'failed' | 'skipped';
export type EnvironmentStatus = ConnectionStatus | 'unmanaged';

/** One dbt environment of a connection: what the plan said of it and what became of it. */
export interface EnvironmentResult {
  name: string;
  action: EnvironmentAction;
  status: EnvironmentStatus;
  error?: string;
  /** `field` is an environment field or `variables.NAME`; a secret value shows as "(secret)". */
  changes: EnvironmentChange[];
  /** Said of an environment the action leaves alone on purpose (the default one, unmanaged variables). */
  note?: string;
  /** Preview mode: the Omni model branch this environment is (or would be) the dbt environment of. */
  binding?: { modelId: string; branchName: string; status: 'bound' | 'failed' | 'skipped' };
}

export interface ConnectionResult {
  connectionId: string;
  name?: string;
  /** Absent when the live configuration could not be read; `delete` only in preview mode (a closed pull request). */
  action?: PlanAction | 'delete';
  status: ConnectionStatus;
  httpStatus?: number;
  error?: string;
  /** What the user should do about `error` (README, "Troubleshooting"). */
  hint?: string;
  changes: FieldChange[];
  /** True when this run sent (apply) or would send (dry-run) `rotateKeys: true`. */
  rotateKeys: boolean;
  /** The connection's dbt environments; absent when the file lists none for it (they were not read). */
  environments?: EnvironmentResult[];
  /** Things the user should know that do not fail the run (a `fromEnv` unset in a dry-run). */
  warnings?: string[];
  /** Preview mode: this result is about the pull request's preview environment alone. */
  isPreview?: boolean;
}

/** Preview mode: what the event asked for (README, "Preview environments"). */
export interface PreviewReport {
  /** upsert: an open pull request; close: a closed one; sweep: schedule/workflow_dispatch; fork, none: nothing done. */
  kind: 'upsert' | 'close' | 'sweep' | 'fork' | 'none';
  pr?: number;
  /** Why nothing was sent (fork, none, no connection with a `preview` block). */
  note?: string;
}

export interface RunReport {
  mode: Mode;
  /** Dry-run without a token: only the file was validated. */
  isValidationOnly: boolean;
  /** The run is for a pull request from a fork, which GitHub gives no secrets. */
  isForkPullRequest?: boolean;
  configPath: string;
  commit?: string;
  issues: ConfigIssue[];
  connections: ConnectionResult[];
  /** The run was cancelled (SIGTERM/SIGINT) before it finished. */
  isCancelled: boolean;
  /** Set when a run-wide failure (401, bad Omni URL) ended it early. */
  fatalError?: string;
  failOnChanges: boolean;
  /** Preview mode only. */
  preview?: PreviewReport;
  /** `mode: exposures` only, once the file's `exposures` block was read. */
  exposures?: ExposuresReport;
}
