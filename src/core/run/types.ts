// The outcome of a run: one result per selected connection and the run-wide facts. Plain data, no
// functions, so it serialises into outputs and reports.
import type { ConfigIssue } from '../config/types.js';
import type { EnvironmentAction, EnvironmentChange } from '../plan/environments.js';
import type { FieldChange, PlanAction } from '../plan/types.js';
import type { ExposuresReport } from './exposures.js';
import type { ImpactResult } from './impact.js';

/**
 * `preview` manages pull-request preview environments and nothing else (README, "Preview environments");
 * `exposures` writes the dbt exposures file and reads no connection (README, "dbt exposures"); `refresh`
 * refreshes the schema of the connections' shared models after a deploy and reports what that broke
 * (README, "Refresh after a deploy").
 */
export type Mode = 'dry-run' | 'apply' | 'preview' | 'exposures' | 'refresh';
export type ConnectionStatus = 'applied' | 'planned' | 'unchanged' | 'failed' | 'skipped';
export type EnvironmentStatus = ConnectionStatus | 'unmanaged';

/**
 * One part of a connection that the file manages beside its settings (a dbt environment, a schedule):
 * what the plan said of it and what became of it. The connection's own action and every count are made
 * from these (run/parts.ts).
 */
export interface PartResult {
  name: string;
  action: EnvironmentAction;
  status: EnvironmentStatus;
  error?: string;
  /** `field` is one of the part's fields, or `variables.NAME`; a secret value shows as "(secret)". */
  changes: EnvironmentChange[];
  /** Said of a part the action leaves alone on purpose (the default environment, unmanaged variables). */
  note?: string;
}

/** One dbt environment of a connection. */
export interface EnvironmentResult extends PartResult {
  /** Preview mode: the Omni model branch this environment is (or would be) the dbt environment of. */
  binding?: { modelId: string; branchName: string; status: 'bound' | 'failed' | 'skipped' };
}

/** One schema refresh schedule of a connection: its pair, and whether Omni holds it disabled. */
export interface ScheduleResult extends PartResult {
  /** The cron as the plan holds it: the file's in its normal form for a create, Omni's otherwise. */
  schedule: string;
  timezone: string;
  /** Disabled in Omni: it counts as present, and the action never re-enables it. */
  isDisabled: boolean;
}

/** The connection's dbt settings as one of its parts: what the plan said of them and what became of their PUT. */
export interface SettingsResult {
  /** `update` also when the PUT goes out with nothing differing (`force`, `rotate-keys`). */
  action: PlanAction;
  status: ConnectionStatus;
}

/**
 * Preview mode: what became of the Omni branch of `omniModel` (README, "Impact on Omni"): found, created,
 * deleted on close (or already gone), or kept.
 */
export interface BranchResult {
  modelId: string;
  name: string;
  action: 'found' | 'create' | 'delete' | 'keep';
  status: 'applied' | 'unchanged' | 'failed' | 'skipped';
  note?: string;
}

export interface ConnectionResult {
  connectionId: string;
  name?: string;
  /**
   * What happens to the connection as a whole (run/parts.ts): `create` when dbt is not configured yet,
   * `update` when its settings are sent or any of its parts is written, `unchanged` only when nothing is.
   * Absent when the live configuration could not be read. In preview mode, `update` when its preview
   * environment (or branch) is created, updated or deleted.
   */
  action?: PlanAction;
  status: ConnectionStatus;
  /** The settings' own plan and outcome; absent when they were not read (preview mode, a failed read). */
  settings?: SettingsResult;
  httpStatus?: number;
  error?: string;
  /** What the user should do about `error` (README, "Troubleshooting"). */
  hint?: string;
  changes: FieldChange[];
  /** True when this run sent (apply) or would send (dry-run) `rotateKeys: true`. */
  rotateKeys: boolean;
  /** The connection's dbt environments; absent when the file lists none for it (they were not read). */
  environments?: EnvironmentResult[];
  /** The connection's schema refresh schedules; absent when the file lists none for it (they were not read). */
  schedules?: ScheduleResult[];
  /** Things the user should know that do not fail the run (a `fromEnv` unset in a dry-run). */
  warnings?: string[];
  /** Preview mode: this result is about the pull request's preview environment alone. */
  isPreview?: boolean;
  /**
   * `skipped` by design, not by a failure: only validation ran (no token), or `mode: preview` had nothing
   * to do with it (no `preview` block). Such a skip does not fail the run.
   */
  isOutOfScope?: boolean;
  /** Preview mode with `createBranch`, `deleteBranch` or `impact`: the Omni branch, and what was done with it. */
  branches?: BranchResult[];
  /** The impact check (`impact` in the preview block, or `omni-dbt impact`), when it ran. */
  impact?: ImpactResult;
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
  /**
   * The run stopped before asking Omni (an invalid file or setting, no token, nothing for the mode to do):
   * `connections` lists the selection, each `skipped` with why, and reports show no plan.
   */
  isStoppedBeforeOmni?: boolean;
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
