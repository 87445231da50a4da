// The models endpoint family (contract/models.openapi.yaml): model branches, schema refresh jobs, model
// validation, the content validator and dbt exposures, read into the plain shapes below. Omni publishes more
// than one form of several answers (the contract's header); every form is read into one shape here, so
// plan/ and report/ never see Omni's spelling.

import { z } from 'zod';
import { OmniBranchRefreshError, OmniHttpError, OmniListError } from './errors.js';
import { createUnlessFound, type Deletion, deleteUnlessAbsent } from './outcomes.js';
import { DEFAULT_MAX_PAGES, pageInfoSchema, readEveryPage } from './paging.js';
import { type ParseResult, parseSuccessAnswer, parseWithSchema, type Transport } from './transport.js';

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
  /**
   * Documents in Omni's answer: with `documents: 'with-issues'` (the default) those with an issue, with
   * `'all'` every document with a query that the scope covers.
   */
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

/** A model as `GET /v1/models` lists it. */
export interface OmniModel {
  id: string;
  name: string | null;
  /** SHARED, BRANCH, SCHEMA, …; null when Omni names none. */
  modelKind: string | null;
  connectionId: string | null;
  /** For a branch or an extension: the model it belongs to. */
  baseModelId: string | null;
}

export interface ModelBranchOptions {
  /** The branch's id (OmniBranch.id); without it, the shared model. */
  branchId?: string;
}

export interface ContentValidationOptions extends ModelBranchOptions {
  /** Only documents under these folder paths (prefix match; "" is documents in no folder). */
  folders?: readonly string[];
  /** Only documents with one of these labels. A label cannot hold a comma (Omni's parameter is comma-separated). */
  labels?: readonly string[];
  includePersonalFolders?: boolean;
  /**
   * `with-issues` (default): only documents with an issue, all a comparison of issues needs, and the smallest
   * answer. `all`: every document with a query, for a count of what was looked at.
   */
  documents?: 'with-issues' | 'all';
}

export interface CreateBranchRequest {
  /** The shared model the branch belongs to. */
  modelId: string;
  connectionId: string;
  name: string;
}

/** What a deletion did: `absent` when the branch was already gone (a checked 404). */
export type BranchDeletion = Deletion;

export interface ModelsApi {
  /** The model with this id, or undefined when Omni lists none (or only a deleted one). */
  findModel(modelId: string): Promise<OmniModel | undefined>;
  /** The branch of `modelId` named exactly `name` (case-sensitive), or undefined; every page read. */
  findBranch(modelId: string, name: string): Promise<OmniBranch | undefined>;
  /** Creates the branch; after an unknown outcome it is looked up by name before it is sent again. */
  createBranch(request: CreateBranchRequest): Promise<OmniBranch>;
  /** `absent` when Omni answered 404 and the model answers without a branch of that name. */
  deleteBranch(modelId: string, branchName: string): Promise<BranchDeletion>;
  /**
   * Starts a schema refresh of the shared model, or of the branch `branchId`. Never repeated after an
   * unknown outcome. Omni's 400 about `branch_id` is an OmniBranchRefreshError.
   */
  startRefresh(modelId: string, options?: ModelBranchOptions): Promise<RefreshJob>;
  getJobStatus(jobId: string): Promise<RefreshJob>;
  validateModel(modelId: string, options?: ModelBranchOptions): Promise<ModelIssue[]>;
  validateContent(modelId: string, options?: ContentValidationOptions): Promise<ContentValidation>;
  /** Every dbt exposure of the model's published dashboards, across all pages. */
  listExposures(modelId: string, options?: ModelBranchOptions): Promise<ExposureRecord[]>;
}

/** Omni caps dbt-exposures pages at 100 (contract/models.openapi.yaml); its docs' example asks 1000. */
export const EXPOSURE_PAGE_SIZE = 100;
/** The contract gives List models no maximum; 100 keeps one request for any model's branches of a name. */
export const MODEL_PAGE_SIZE = 100;

const CREATE_BRANCH_UNCERTAIN =
  'the branch may or may not have been created, and looking it up by name did not settle it; the next run finds it by name if it was';
const REFRESH_UNCERTAIN =
  'a schema refresh may or may not have started; one that did runs to its end in Omni on its own';

/** A record of List models; only the fields read here (the contract has more). */
const modelRecordSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  modelKind: z.string().nullable(),
  baseModelId: z.string().nullable(),
  connectionId: z.string().nullable(),
  deletedAt: z.string().nullable().optional(),
});
const modelListPageSchema = z.object({ pageInfo: pageInfoSchema, records: z.array(modelRecordSchema) });
type ModelRecord = z.infer<typeof modelRecordSchema>;

/** ModelsCreateResponse. */
const createModelResponseSchema = z.object({
  success: z.boolean(),
  model: z.object({ id: z.string(), modelKind: z.string(), name: z.string().nullable() }).optional(),
  error: z.string().optional(),
  message: z.string().optional(),
});

/** Every published spelling of a job's state: the refresh answer's, the contract's and docs.omni.co's. */
const jobStateSchema = z
  .enum(['running', 'completed', 'failed', 'IN_PROGRESS', 'RUNNING', 'COMPLETED', 'FAILED'])
  .transform((status): JobState => {
    if (status === 'COMPLETED' || status === 'completed') return 'completed';
    if (status === 'FAILED' || status === 'failed') return 'failed';
    return 'running';
  });

const refreshResponseSchema = z.object({
  jobId: z.string().min(1),
  modelId: z.string(),
  status: jobStateSchema,
});

/** The contract says job_type REFRESH_SCHEMA, docs.omni.co refresh_schema; both are the one job type read. */
const jobStatusSchema = z.object({
  job_id: z.string(),
  job_type: z.enum(['REFRESH_SCHEMA', 'refresh_schema']),
  status: jobStateSchema,
});

/** docs.omni.co's form of Validate model: a plain array. */
const validationArraySchema = z.array(
  z.object({
    message: z.string(),
    is_warning: z.boolean(),
    yaml_path: z.string().nullish(),
    auto_fix: z.unknown().optional(),
  }),
);
/** The contract's form of Validate model. */
const validationObjectSchema = z.object({
  valid: z.boolean(),
  issues: z.array(
    z.object({
      message: z.string(),
      severity: z.enum(['error', 'warning']),
      field: z.string().nullish(),
      view: z.string().nullish(),
    }),
  ),
});
const validationSchema = z.union([validationArraySchema, validationObjectSchema]);

/** A content issue: a string in docs.omni.co's example, an object with a message in other answers. */
const contentIssueEntrySchema = z.union([
  z.string(),
  z.object({ message: z.string() }).transform((entry) => entry.message),
]);
/** A content item, which the contract leaves untyped: the fields of docs.omni.co's example that are read. */
const contentDocumentSchema = z.object({
  document_id: z.string().optional(),
  identifier: z.string().min(1),
  name: z.string(),
  folder: z.object({ path: z.string().nullish() }).nullish(),
  queries_and_issues: z
    .array(
      z.object({
        query_name: z.string().nullish(),
        query_presentation_id: z.string().nullish(),
        query_id_map_key: z.string().nullish(),
        issues: z.array(contentIssueEntrySchema).optional(),
      }),
    )
    .optional(),
  dashboard_filter_issues: z.array(contentIssueEntrySchema).optional(),
});
const contentValidationSchema = z.object({
  branch: z.object({ id: z.string(), name: z.string() }).nullable(),
  content: z.array(contentDocumentSchema),
  model_id: z.string(),
});

const exposureSchema = z.object({
  name: z.string(),
  label: z.string().nullish(),
  type: z.enum(['dashboard', 'notebook', 'analysis', 'ml', 'application']),
  owner: z.object({ name: z.string(), email: z.string() }),
  depends_on: z.array(z.string()),
  url: z.string().nullish(),
  description: z.string().nullish(),
});
const exposurePageSchema = z.object({
  pageInfo: pageInfoSchema,
  records: z.array(
    z.object({
      dashboard_identifier: z.string(),
      deduplication_name: z.string(),
      // null when the dashboard uses no dbt model (docs.omni.co), although the contract types it an object.
      exposure: exposureSchema.nullable(),
    }),
  ),
});

/** Said of a document that WITH_ISSUES returned with neither a query nor a filter issue: a document error. */
export const DOCUMENT_ERROR_MESSAGE =
  'Omni reports an error in this document itself (its answer does not describe it)';

function isSameId(a: string | null | undefined, b: string): boolean {
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}

function presentOrNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value.trim() === '' ? null : value;
}

/** Where a model issue of the contract's form points: `view.field`, the view, the field, or nothing. */
function describeIssueTarget(view: string | null, field: string | null): string | null {
  if (view !== null && field !== null) return field.includes('.') ? field : `${view}.${field}`;
  return view ?? field;
}

/** Validate model's answer, either published form, as ModelIssues. */
export function parseModelValidation(value: unknown): ParseResult<ModelIssue[]> {
  const parsed = parseWithSchema(validationSchema, 'the model validation')(value);
  if (!parsed.ok) return parsed;
  if (Array.isArray(parsed.value)) {
    return {
      ok: true,
      value: parsed.value.map((issue) => ({
        message: issue.message,
        where: presentOrNull(issue.yaml_path),
        isWarning: issue.is_warning,
      })),
    };
  }
  return {
    ok: true,
    value: parsed.value.issues.map((issue) => ({
      message: issue.message,
      where: describeIssueTarget(presentOrNull(issue.view), presentOrNull(issue.field)),
      isWarning: issue.severity === 'warning',
    })),
  };
}

/**
 * The content validator's answer as ContentIssues. `expectedBranchId` guards against an answer for another
 * branch (or for the shared model when a branch was asked): compared as is, it would hide every issue.
 */
export function parseContentValidation(
  value: unknown,
  expected: { branchId: string | undefined; isWithIssuesOnly: boolean },
): ParseResult<ContentValidation> {
  const parsed = parseWithSchema(contentValidationSchema, 'the content validation')(value);
  if (!parsed.ok) return parsed;
  const { branch, content } = parsed.value;
  if (expected.branchId === undefined ? branch !== null : !isSameId(branch?.id, expected.branchId)) {
    const asked = expected.branchId === undefined ? 'the shared model' : `branch ${expected.branchId}`;
    const answered = branch === null ? 'the shared model' : `branch ${branch.id}`;
    return { ok: false, reason: `the answer is about ${answered}, not ${asked}` };
  }
  const issues: ContentIssue[] = [];
  for (const document of content) {
    const about = {
      documentId: document.document_id ?? document.identifier,
      identifier: document.identifier,
      documentName: document.name,
      folderPath: presentOrNull(document.folder?.path),
    };
    const before = issues.length;
    for (const query of document.queries_and_issues ?? []) {
      for (const message of query.issues ?? []) {
        issues.push({
          ...about,
          kind: 'query',
          queryName: presentOrNull(query.query_name),
          queryId: presentOrNull(query.query_presentation_id) ?? presentOrNull(query.query_id_map_key),
          message,
        });
      }
    }
    for (const message of document.dashboard_filter_issues ?? []) {
      issues.push({ ...about, kind: 'filter', queryName: null, queryId: null, message });
    }
    // WITH_ISSUES returns a document only for a query issue, a filter issue or a document error (the
    // contract); with neither of the first two, it is the third, which the answer does not describe.
    if (expected.isWithIssuesOnly && issues.length === before) {
      issues.push({
        ...about,
        kind: 'document',
        queryName: null,
        queryId: null,
        message: DOCUMENT_ERROR_MESSAGE,
      });
    }
  }
  return { ok: true, value: { issues, documentCount: content.length } };
}

/** A job's status answer, which must be about the job asked for. */
export function parseJobStatus(value: unknown, jobId: string): ParseResult<RefreshJob> {
  const parsed = parseWithSchema(jobStatusSchema, 'the job status')(value);
  if (!parsed.ok) return parsed;
  if (parsed.value.job_id !== jobId) {
    return { ok: false, reason: `the answer is about job ${parsed.value.job_id}, not ${jobId}` };
  }
  return { ok: true, value: { jobId, state: parsed.value.status } };
}

/** An exposure record in the project's shape. */
function toExposureRecord(record: z.infer<typeof exposurePageSchema>['records'][number]): ExposureRecord {
  const { exposure } = record;
  return {
    dashboardIdentifier: record.dashboard_identifier,
    deduplicationName: record.deduplication_name,
    exposure:
      exposure === null
        ? null
        : {
            name: exposure.name,
            label: exposure.label ?? null,
            type: exposure.type,
            owner: exposure.owner,
            dependsOn: exposure.depends_on,
            url: exposure.url ?? null,
            description: exposure.description ?? null,
          },
  };
}

/**
 * Whether a 400 of Refresh model schema is Omni's refusal about `branch_id`, and which: the contract's 400
 * is "branch_id required when branch-based schema refresh is enabled, or branch_id not allowed when it is
 * not enabled". Assumed: Omni's detail names the branch and says required / not allowed in words like
 * those (sandbox/README.md, "Model world"). Returns `hasBranchBasedRefresh`, or undefined for another 400.
 */
export function readBranchRefreshRefusal(
  status: number | undefined,
  detail: string | undefined,
  wasBranchIdSent: boolean,
): boolean | undefined {
  if (status !== 400 || detail === undefined || !/branch/i.test(detail)) return undefined;
  if (wasBranchIdSent) {
    return /not (?:be )?(?:allowed|enabled|supported|permitted|provided)|must not|disabled/i.test(detail)
      ? false
      : undefined;
  }
  return /required|requires|must be (?:provided|specified|given)|missing|is enabled/i.test(detail)
    ? true
    : undefined;
}

function modelPath(modelId: string, rest = ''): string {
  return `/v1/models/${encodeURIComponent(modelId)}${rest}`;
}

function toModel(record: ModelRecord): OmniModel {
  return {
    id: record.id,
    name: record.name,
    modelKind: record.modelKind,
    connectionId: record.connectionId,
    baseModelId: record.baseModelId,
  };
}

export function createModelsApi(transport: Transport): ModelsApi {
  /** Every live record List models answers for `query`, every page read. */
  const listModels = async (query: Record<string, string>, what: string): Promise<ModelRecord[]> => {
    const records = await readEveryPage(
      async (cursor) => {
        const page = await transport.request({
          method: 'GET',
          path: '/v1/models',
          query: { ...query, pageSize: MODEL_PAGE_SIZE, cursor },
          parse: parseWithSchema(modelListPageSchema, 'the model list'),
          isIdempotent: true,
        });
        return { ...page.pageInfo, records: page.records };
      },
      { method: 'GET', path: '/v1/models', what, maxPages: DEFAULT_MAX_PAGES },
    );
    return records.filter((record) => (record.deletedAt ?? null) === null);
  };

  const findModel: ModelsApi['findModel'] = async (modelId) => {
    const records = await listModels({ modelId }, 'the models');
    const found = records.find((record) => isSameId(record.id, modelId));
    return found === undefined ? undefined : toModel(found);
  };

  const findBranch: ModelsApi['findBranch'] = async (modelId, name) => {
    const records = await listModels({ modelKind: 'BRANCH', baseModelId: modelId, name }, 'the branches');
    // Omni's `name` filter may match more than the name (its sources do not say how): only the exact,
    // case-sensitive name of a branch of this model counts.
    const matches = records.filter(
      (record) =>
        record.name === name && isSameId(record.baseModelId, modelId) && record.modelKind === 'BRANCH',
    );
    if (matches.length > 1) {
      throw new OmniListError({
        method: 'GET',
        path: '/v1/models',
        reason: `model ${modelId} has ${matches.length} branches named "${name}"; which one is meant is unclear`,
      });
    }
    const [match] = matches;
    return match === undefined ? undefined : { id: match.id, name, baseModelId: modelId };
  };

  return {
    findModel,
    findBranch,
    createBranch({ modelId, connectionId, name }) {
      const create = () =>
        transport.request({
          method: 'POST',
          path: '/v1/models',
          body: { modelKind: 'BRANCH', baseModelId: modelId, connectionId, modelName: name },
          parse: (value): ParseResult<OmniBranch> => {
            const parsed = parseWithSchema(createModelResponseSchema, 'the answer')(value);
            if (!parsed.ok) return parsed;
            const { success, model, error, message } = parsed.value;
            if (!success) return { ok: false, reason: 'success: false', detail: error ?? message };
            if (model === undefined)
              return { ok: false, reason: 'the answer has success: true but no model' };
            return { ok: true, value: { id: model.id, name: model.name ?? name, baseModelId: modelId } };
          },
          // Each create that lands makes a branch: not repeated blindly (outcomes.ts looks it up first).
          isIdempotent: false,
          uncertainOutcome: CREATE_BRANCH_UNCERTAIN,
        });
      return createUnlessFound(create, () => findBranch(modelId, name));
    },
    deleteBranch(modelId, branchName) {
      return deleteUnlessAbsent(
        async () => {
          await transport.request({
            method: 'DELETE',
            // The name is one path segment: a "/" in it travels as %2F.
            path: modelPath(modelId, `/branch/${encodeURIComponent(branchName)}`),
            parse: parseSuccessAnswer,
            isIdempotent: true,
          });
        },
        // Gone only when the model answers and lists no branch of that name; a missing model keeps the 404.
        async () =>
          (await findModel(modelId)) !== undefined && (await findBranch(modelId, branchName)) === undefined,
      );
    },
    async startRefresh(modelId, options = {}) {
      const { branchId } = options;
      try {
        const answer = await transport.request({
          method: 'POST',
          path: modelPath(modelId, '/refresh'),
          query: { branch_id: branchId },
          parse: parseWithSchema(refreshResponseSchema, 'the refresh answer'),
          // A refresh that landed runs as a job; another one would run it again. There is no list of jobs to
          // look it up in, so it is never repeated once it may have reached Omni.
          isIdempotent: false,
          uncertainOutcome: REFRESH_UNCERTAIN,
        });
        return { jobId: answer.jobId, state: answer.status };
      } catch (error) {
        if (error instanceof OmniHttpError) {
          const hasBranchBasedRefresh = readBranchRefreshRefusal(
            error.status,
            error.detail,
            branchId !== undefined,
          );
          if (hasBranchBasedRefresh !== undefined) {
            throw new OmniBranchRefreshError({ ...error.init, status: error.status, hasBranchBasedRefresh });
          }
        }
        throw error;
      }
    },
    getJobStatus(jobId) {
      return transport.request({
        method: 'GET',
        path: `/v1/jobs/${encodeURIComponent(jobId)}/status`,
        parse: (value) => parseJobStatus(value, jobId),
        isIdempotent: true,
      });
    },
    validateModel(modelId, options = {}) {
      return transport.request({
        method: 'GET',
        path: modelPath(modelId, '/validate'),
        // This endpoint spells it branchId; the content validator and exposures, branch_id (the contract).
        query: { branchId: options.branchId },
        parse: parseModelValidation,
        isIdempotent: true,
      });
    },
    async validateContent(modelId, options = {}) {
      const isWithIssuesOnly = (options.documents ?? 'with-issues') === 'with-issues';
      const labels = options.labels ?? [];
      const withComma = labels.find((label) => label.includes(','));
      if (withComma !== undefined) {
        throw new TypeError(
          `The label "${withComma}" holds a comma, which Omni's comma-separated labels cannot carry`,
        );
      }
      return transport.request({
        method: 'GET',
        path: modelPath(modelId, '/content-validator'),
        query: {
          branch_id: options.branchId,
          content_filter_mode: isWithIssuesOnly ? 'WITH_ISSUES' : 'ALL',
          folder_paths: options.folders?.length ? options.folders : undefined,
          labels: labels.length > 0 ? labels.join(',') : undefined,
          include_personal_folders: options.includePersonalFolders,
        },
        parse: (value) => parseContentValidation(value, { branchId: options.branchId, isWithIssuesOnly }),
        isIdempotent: true,
      });
    },
    async listExposures(modelId, options = {}) {
      const path = modelPath(modelId, '/dbt-exposures');
      const records = await readEveryPage(
        async (cursor) => {
          const page = await transport.request({
            method: 'GET',
            path,
            query: { pageSize: EXPOSURE_PAGE_SIZE, cursor, branch_id: options.branchId },
            parse: parseWithSchema(exposurePageSchema, 'the dbt exposures'),
            isIdempotent: true,
          });
          return { ...page.pageInfo, records: page.records.map(toExposureRecord) };
        },
        { method: 'GET', path, what: 'the dbt exposures', maxPages: DEFAULT_MAX_PAGES },
      );
      // One record per dashboard (the contract): one listed twice means the pages overlapped.
      const seen = new Set<string>();
      for (const record of records) {
        if (seen.has(record.dashboardIdentifier)) {
          throw new OmniListError({
            method: 'GET',
            path,
            reason: `dashboard ${record.dashboardIdentifier} is listed twice, so the pages overlap`,
          });
        }
        seen.add(record.dashboardIdentifier);
      }
      return records;
    },
  };
}
