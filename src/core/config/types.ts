// The shapes that leave the config module: a validated config, or every issue found in the file.

import type { DbtConfigBody } from './dbt-settings.js';

export type { DbtConfigBody } from './dbt-settings.js';

/** Where in the config file something stands (1-based, as editors and GitHub count). */
export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * A dbt variable of an environment: a plain value committed in the file (never secret), or the
 * name of the step's environment variable that holds it (secret unless `secret: false`).
 */
export type VariableConfig = {
  name: string;
  isSecret: boolean;
  /** Position of the variable's key in the file. */
  position: SourcePosition;
} & ({ source: 'plain'; value: string } | { source: 'env'; envName: string });

/** One shared dbt environment the file manages; null overrides mean "no override". */
export interface EnvironmentConfig {
  name: string;
  targetSchema: string;
  targetDatabase: string | null;
  targetRole: string | null;
  targetName: string | null;
  variables: VariableConfig[];
  position: SourcePosition;
}

/** The `impact` block of a preview, its defaults filled in (README, "Impact on Omni"). */
export interface ImpactConfig {
  /** Refresh the branch's schema before the check. */
  isRefreshing: boolean;
  failOn: 'new' | 'any' | 'none';
  /** Folder paths the content validator is scoped to; empty: every folder. */
  folders: string[];
  /** Labels the content validator is scoped to; empty: any content. */
  labels: string[];
  refreshTimeoutMinutes: number;
}

/**
 * The `preview` block: templates with `{pr}`, `{head}`, `{base}`, `{sha}`, rendered per pull request
 * by src/core/plan/preview.ts. `omniBranch` is set (default "{head}") exactly when `omniModel` is;
 * `createBranch`, `deleteBranch` and `impact` only come with `omniModel` (load.ts refuses them otherwise).
 */
export interface PreviewConfig {
  name: string;
  targetSchema: string;
  targetDatabase: string | null;
  targetRole: string | null;
  targetName: string | null;
  variables: VariableConfig[];
  omniModel?: string;
  omniBranch?: string;
  /** Create the Omni branch when it does not exist, and record that in OMNI_DBT_PREVIEW_BRANCH. */
  isCreatingBranch: boolean;
  /** On close (or in the sweep), delete the branch the action created. */
  isDeletingBranch: boolean;
  impact?: ImpactConfig;
  position: SourcePosition;
}

/** One schema refresh schedule of the file (README, "Schema refresh schedules"): the pair as written. */
export interface ScheduleConfig {
  /** An AWS EventBridge cron of six fields, checked by checkEventBridgeCron (cron.ts). */
  schedule: string;
  /** An IANA time zone, checked by checkTimeZone (cron.ts). */
  timezone: string;
  position: SourcePosition;
}

export interface ConnectionConfig {
  /** The connection's UUID as written in the file. */
  connectionId: string;
  name?: string;
  body: DbtConfigBody;
  /** Absent when the file has no `environments` for this connection: they are then not read at all. */
  environments?: EnvironmentConfig[];
  /** Delete shared environments the file does not list (connection, else `defaults`, else false). */
  pruneEnvironments: boolean;
  preview?: PreviewConfig;
  /**
   * The Omni shared models built on this connection, in lower case (Omni's form), in the file's order; absent
   * when the file lists none: `mode: refresh` then does not read the connection (README, "Refresh after a deploy").
   */
  omniModels?: string[];
  /** Absent when the file has no `schemaRefreshSchedules` for this connection: they are then not read at all. */
  schemaRefreshSchedules?: ScheduleConfig[];
  /** Delete schedules the file does not list (connection, else `defaults`, else false). */
  pruneSchemaRefreshSchedules: boolean;
  /** Position of the connection's entry in the file, for annotations. */
  position: SourcePosition;
}

/** The top-level `exposures` block: where `mode: exposures` writes the dbt exposures file, and from what. */
export interface ExposuresConfig {
  /** Relative to the workspace, as written (checked by checkExposuresPath). */
  path: string;
  /** The Omni shared models' UUIDs, in lower case (Omni's form, so that the file does not change with the case), in the file's order. */
  modelIds: string[];
  maturity?: 'high' | 'medium' | 'low';
  position: SourcePosition;
}

export interface OmniDbtConfig {
  version: 1;
  connections: ConnectionConfig[];
  /** Absent when the file has no `exposures` block. */
  exposures?: ExposuresConfig;
}

export interface ConfigIssue {
  severity: 'error' | 'warning';
  /** The config path as given (relative to the workspace). */
  file: string;
  line: number;
  column: number;
  /** Dotted path of the offending field, e.g. `connections[1].dbtVersion`; `(file)` for the document. */
  field: string;
  /** What was expected and how to fix it. */
  message: string;
}

/** A connection an invalid file lists: its `id` (a non-empty string, as written) and its `name`, if any. */
export interface ListedConnection {
  connectionId: string;
  name?: string;
}

export type LoadConfigResult =
  | { ok: true; config: OmniDbtConfig; warnings: ConfigIssue[] }
  /** `listed`: the connections an invalid file lists that can be read; none when the YAML cannot be. */
  | { ok: false; issues: ConfigIssue[]; listed: ListedConnection[] };
