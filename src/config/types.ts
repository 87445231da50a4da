// The shapes that leave the config module: a validated config, or every issue found in the file.

/** dbt versions the contract's PUT body accepts (null means "let Omni choose", like "Auto"). */
export type DbtVersion = 'Auto' | '1.10' | '1.11';

/**
 * The PUT body the action sends for one connection: the merged `defaults` and connection
 * settings, with the contract's defaults made explicit (`enableSemanticLayer: false`,
 * `projectRootPath: null`). `dbtVersion` is absent when the file leaves it out: the
 * contract gives it no default, so it is neither sent nor compared (README, "What a run does").
 */
export interface DbtConfigBody {
  sshUrl: string;
  branch: string;
  autogenRelationships: boolean;
  enableVirtualSchemas: boolean;
  enableSemanticLayer: boolean;
  projectRootPath: string | null;
  dbtVersion?: DbtVersion | null;
}

/** Where in the config file something stands (1-based, as editors and GitHub count). */
export interface SourcePosition {
  line: number;
  column: number;
}

export interface ConnectionConfig {
  /** The connection's UUID as written in the file. */
  connectionId: string;
  name?: string;
  body: DbtConfigBody;
  /** Position of the connection's entry in the file, for annotations. */
  position: SourcePosition;
}

export interface OmniDbtConfig {
  version: 1;
  connections: ConnectionConfig[];
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
