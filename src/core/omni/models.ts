// The models endpoint family (contract/models.openapi.yaml): model branches, schema refresh jobs, model
// validation, the content validator and dbt exposures, read into the plain shapes below. Omni publishes more
// than one form of several answers (the contract's header); every form is read into one shape here, so
// plan/ and report/ never see Omni's spelling.

/** An Omni model branch: found by name under its shared model (`GET /v1/models`), or just created. */
export interface OmniBranch {
  id: string;
  name: string;
  /** The shared model the branch belongs to. */
  baseModelId: string;
}

/** A schema refresh job's state, whichever spelling Omni used (RUNNING/IN_PROGRESS/running, …). */
export type JobState = 'running' | 'completed' | 'failed';

export interface RefreshJob {
  jobId: string;
  state: JobState;
}

/** One issue of model validation: either published answer shape (the contract's header) read alike. */
export interface ModelIssue {
  message: string;
  /** Where it points: the YAML path, or `view.field`, `view` or `field`; null when Omni names nothing. */
  where: string | null;
  isWarning: boolean;
}

/** One issue the content validator found in a document (a dashboard or workbook). */
export interface ContentIssue {
  documentId: string;
  /** The document's identifier: its URL is `<omni-url>/dashboards/<identifier>`. */
  identifier: string;
  documentName: string;
  /** The folder path, e.g. `/Finance`; null for a document in no folder. */
  folderPath: string | null;
  /** `query`: an issue of one query; `filter`: of a dashboard filter; `document`: of the document itself. */
  kind: 'query' | 'filter' | 'document';
  /** The query's (or filter's) name as shown; null for a document issue. */
  queryName: string | null;
  /** A stable id of the query when Omni gives one (it survives a rename); null otherwise. */
  queryId: string | null;
  message: string;
}

export interface ContentValidation {
  issues: ContentIssue[];
  /** Documents the validator looked at (with and without issues). */
  documentCount: number;
}

/** One dbt exposure as Omni computes it for a published dashboard. */
export interface DbtExposure {
  name: string;
  label: string | null;
  type: 'dashboard' | 'notebook' | 'analysis' | 'ml' | 'application';
  owner: { name: string; email: string };
  /** As Omni writes them: `ref('orders')`, … */
  dependsOn: string[];
  url: string | null;
  description: string | null;
}

/** One record of `GET /v1/models/{id}/dbt-exposures`: one per published dashboard. */
export interface ExposureRecord {
  dashboardIdentifier: string;
  /** Unique among the model's records, unlike `exposure.name`. */
  deduplicationName: string;
  /** Null when the dashboard uses no dbt model. */
  exposure: DbtExposure | null;
}
