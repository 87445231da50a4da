// The outcome of a run: one result per selected connection and the run-wide facts. Plain data, no
// functions, so it serialises into outputs and reports.
import type { ConfigIssue } from '../config/types.js';
import type { FieldChange, PlanAction } from '../plan/types.js';

export type Mode = 'dry-run' | 'apply';
export type ConnectionStatus = 'applied' | 'planned' | 'unchanged' | 'failed' | 'skipped';

export interface ConnectionResult {
  connectionId: string;
  name?: string;
  /** Absent when the live configuration could not be read. */
  action?: PlanAction;
  status: ConnectionStatus;
  httpStatus?: number;
  error?: string;
  /** What the user should do about `error` (README, "Troubleshooting"). */
  hint?: string;
  changes: FieldChange[];
  /** True when this run sent (apply) or would send (dry-run) `rotateKeys: true`. */
  rotateKeys: boolean;
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
}
