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

/**
 * The `preview` block: templates with `{pr}`, `{head}`, `{base}`, `{sha}`, rendered per pull request
 * by src/core/plan/preview.ts. `omniBranch` is set (default "{head}") exactly when `omniModel` is.
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

export type LoadConfigResult =
  | { ok: true; config: OmniDbtConfig; warnings: ConfigIssue[] }
  | { ok: false; issues: ConfigIssue[] };
