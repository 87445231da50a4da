// The models endpoint family of contract/models.openapi.yaml over the model world (model-world.js): list and
// create models (branches), delete a branch, refresh a schema and read the job, validate a model, the content
// validator and dbt exposures. Parameters, bodies and the sandbox's own answers are checked against the
// document with ajv; the answer shapes Omni publishes besides the contract's are switches.
import {
  BRANCH_PATH,
  CONTENT_VALIDATOR_PATH,
  EXPOSURES_PATH,
  JOB_STATUS_PATH,
  loadModelsContract,
  MODELS_PATH,
  REFRESH_PATH,
  VALIDATE_PATH,
} from './contract.js';
import {
  assertOneOf,
  assertPageSize,
  decodeSegment,
  detailAnswer,
  methodNotAllowed,
  normalizeId,
  readJsonRequest,
} from './family.js';

export const MODEL_VALIDATION_SHAPES = ['object', 'array'];
export const JOB_STATUS_SPELLINGS = ['contract', 'docs', 'lower'];
export const CONTENT_ISSUE_SHAPES = ['strings', 'objects'];
/** Omni's default is 20 a page (the contract); the sandbox pages sooner so that clients follow the cursor. */
export const DEFAULT_EXPOSURE_PAGE_SIZE = 5;
export const DEFAULT_MODEL_PAGE_SIZE = 3;
/** Omni's default page size for both lists (the contract's). */
const OMNI_DEFAULT_PAGE_SIZE = 20;
/** docs.omni.co's Refresh schema parameters that the contract leaves out. */
const REFRESH_DOCS_PARAMETERS = ['hard_refresh', 'schemas', 'tables'];

const ROUTES = /** @type {const} */ ([
  { route: 'models', pattern: /^\/api\/v1\/models\/?$/, path: MODELS_PATH, methods: ['GET', 'POST'] },
  {
    route: 'branch',
    pattern: /^\/api\/v1\/models\/([^/]+)\/branch\/([^/]+)\/?$/,
    path: BRANCH_PATH,
    methods: ['DELETE'],
  },
  {
    route: 'refresh',
    pattern: /^\/api\/v1\/models\/([^/]+)\/refresh\/?$/,
    path: REFRESH_PATH,
    methods: ['POST'],
  },
  {
    route: 'jobs',
    pattern: /^\/api\/v1\/jobs\/([^/]+)\/status\/?$/,
    path: JOB_STATUS_PATH,
    methods: ['GET'],
  },
  {
    route: 'validate',
    pattern: /^\/api\/v1\/models\/([^/]+)\/validate\/?$/,
    path: VALIDATE_PATH,
    methods: ['GET'],
  },
  {
    route: 'content-validator',
    pattern: /^\/api\/v1\/models\/([^/]+)\/content-validator\/?$/,
    path: CONTENT_VALIDATOR_PATH,
    methods: ['GET'],
  },
  {
    route: 'dbt-exposures',
    pattern: /^\/api\/v1\/models\/([^/]+)\/dbt-exposures\/?$/,
    path: EXPOSURES_PATH,
    methods: ['GET'],
  },
]);

/**
 * @typedef {'models' | 'branch' | 'refresh' | 'jobs' | 'validate' | 'content-validator' | 'dbt-exposures'} ModelsRoute
 * @typedef {object} ModelsMatch
 * @property {ModelsRoute} route
 * @property {string} path the contract's path template
 * @property {string | null} modelId
 * @property {string | null} [branchName]
 * @property {string | null} [jobId]
 * @typedef {import('./family.js').Answer} Answer
 * @typedef {import('./family.js').FamilyRequest} FamilyRequest
 * @typedef {'object' | 'array'} ModelValidationShape
 * @typedef {'contract' | 'docs' | 'lower'} JobStatusSpelling
 * @typedef {'strings' | 'objects'} ContentIssueShape
 *
 * @typedef {object} ModelServiceOptions
 * @property {ReturnType<typeof import('./model-world.js').createModelWorld>} world
 * @property {(connectionId: string) => object | undefined} getConnectionState
 * @property {ModelValidationShape} [modelValidationShape] default 'object' (the contract's)
 * @property {JobStatusSpelling} [jobStatusSpelling] default 'contract' (IN_PROGRESS, REFRESH_SCHEMA)
 * @property {ContentIssueShape} [contentIssueShape] default 'strings' (docs.omni.co's example)
 * @property {number} [exposurePageSize] default DEFAULT_EXPOSURE_PAGE_SIZE
 * @property {number} [modelPageSize] default DEFAULT_MODEL_PAGE_SIZE
 */

/** @param {unknown} value */
function encodeCursor(value) {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** @param {string} cursor @returns {Record<string, unknown> | null} */
function decodeCursor(cursor) {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? value : null;
  } catch {
    return null;
  }
}

/** @param {string} a @param {string} b */
function compareText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The answer of one page of `sorted`, after the record whose key the cursor names: `{ pageInfo, records }`,
 * at most `maxPageSize` records whatever `pageSize` asks (Omni's default 20 when it asks nothing), or a 400
 * for a cursor this list did not give.
 * @template T
 * @param {T[]} sorted @param {(record: T) => string} keyOf unique
 * @param {URLSearchParams} query @param {number} maxPageSize
 * @param {Record<string, unknown>} order what the cursor must have been made for (sort field, direction)
 * @param {(record: T) => unknown} [render]
 * @returns {import('./family.js').Answer}
 */
function answerPage(sorted, keyOf, query, maxPageSize, order, render = (record) => record) {
  const requested = query.has('pageSize')
    ? Math.floor(Number(query.get('pageSize')))
    : OMNI_DEFAULT_PAGE_SIZE;
  const pageSize = Math.min(requested, maxPageSize);
  const cursor = query.get('cursor');
  let start = 0;
  if (cursor !== null) {
    const after = decodeCursor(cursor);
    const index = sorted.findIndex((record) => keyOf(record) === after?.after);
    const isSameOrder = after !== null && Object.entries(order).every(([key, value]) => after[key] === value);
    if (index < 0 || !isSameOrder) {
      return detailAnswer(400, `cursor "${cursor}" is not one this list gave (or the order changed)`);
    }
    start = index + 1;
  }
  const page = sorted.slice(start, start + pageSize);
  const last = page.at(-1);
  const nextCursor =
    start + pageSize < sorted.length && last !== undefined
      ? encodeCursor({ after: keyOf(last), ...order })
      : null;
  return {
    status: 200,
    body: {
      pageInfo: { hasNextPage: nextCursor !== null, nextCursor, pageSize, totalRecords: sorted.length },
      records: page.map(render),
    },
  };
}

/** @param {{ route: string }} match @returns {string[]} */
function listMethods(match) {
  return [...(ROUTES.find((r) => r.route === match.route)?.methods ?? [])];
}

/** @param {ModelServiceOptions} options */
export function createModelService(options) {
  const { world } = options;
  const contract = loadModelsContract();
  const initial = {
    modelValidationShape: options.modelValidationShape ?? 'object',
    jobStatusSpelling: options.jobStatusSpelling ?? 'contract',
    contentIssueShape: options.contentIssueShape ?? 'strings',
    exposurePageSize: options.exposurePageSize ?? DEFAULT_EXPOSURE_PAGE_SIZE,
    modelPageSize: options.modelPageSize ?? DEFAULT_MODEL_PAGE_SIZE,
  };
  assertSwitches(initial);
  let switches = { ...initial };
  /**
   * A setter of one switch, checked like the options, until reset().
   * @template {keyof typeof initial} K
   * @param {K} key @returns {(value: (typeof initial)[K]) => void}
   */
  const setSwitch = (key) => (value) => {
    const next = { ...switches, [key]: value };
    assertSwitches(next);
    switches = next;
  };

  /** @param {string} message */
  const badRequest = (message) => detailAnswer(400, message);
  /** @param {string} message */
  const notFound = (message) => detailAnswer(404, message);
  const forbidden = () => detailAnswer(403, 'Permission denied - connection admin role required');

  /** @param {string} modelId */
  const requireModel = (modelId) => {
    const model = world.findModel(modelId);
    return model ? { model } : { answer: notFound(`Model ${modelId} not found`) };
  };

  /**
   * A branch of the model by id, from a query parameter (absent: the shared model).
   * @param {NonNullable<ReturnType<typeof world.findModel>>} model @param {string | null} branchId
   */
  const requireBranch = (model, branchId) => {
    if (branchId === null) return { branch: undefined };
    const branch = world.findBranchById(model, branchId);
    return branch ? { branch } : { answer: notFound(`Branch ${branchId} not found in model ${model.id}`) };
  };

  /** @param {URLSearchParams} query */
  const listModels = (query) => {
    const includeDeleted = ['1', 'true'].includes(query.get('includeDeleted') ?? '');
    const name = query.get('name');
    const sortField = query.get('sortField') ?? 'name';
    const direction = query.get('sortDirection') ?? 'asc';
    const sign = direction === 'desc' ? -1 : 1;
    /** @param {string | null} filter @param {string | null} value */
    const isSame = (filter, value) =>
      filter === null || (value !== null && normalizeId(filter) === normalizeId(value));
    const records = world
      .listModelRecords()
      .filter((r) => includeDeleted || r.deletedAt === null)
      .filter((r) => query.get('modelKind') === null || r.modelKind === query.get('modelKind'))
      .filter((r) => isSame(query.get('baseModelId'), r.baseModelId))
      .filter((r) => isSame(query.get('connectionId'), r.connectionId))
      .filter((r) => isSame(query.get('modelId'), r.id))
      // Assumed (Omni's sources do not say): the name filter matches a part of the name, in any case.
      .filter((r) => name === null || (r.name ?? '').toLowerCase().includes(name.toLowerCase()))
      .sort(
        (a, b) =>
          sign *
            compareText(
              String(a[/** @type {'name'} */ (sortField)] ?? ''),
              String(b[/** @type {'name'} */ (sortField)] ?? ''),
            ) || compareText(a.id, b.id),
      );
    const withBranches = (query.get('include') ?? '').split(',').includes('activeBranches');
    return answerPage(
      records,
      (r) => r.id,
      query,
      switches.modelPageSize,
      { sortField, direction },
      (record) =>
        withBranches && record.modelKind === 'SHARED'
          ? {
              ...record,
              branches: world
                .listModelRecords()
                .filter((r) => r.baseModelId === record.id && r.deletedAt === null)
                .map((r) => ({ id: r.id, name: r.name ?? '' })),
            }
          : record,
    );
  };

  /** @param {FamilyRequest} request @returns {Answer} */
  const createModel = (request) => {
    if (request.isReadOnly) return forbidden();
    const read = readJsonRequest(request, badRequest);
    if ('answer' in read) return read.answer;
    const check = contract.validateRequestBody(MODELS_PATH, 'POST', read.body);
    if (!check.isValid) return badRequest(check.message);
    const body = /** @type {Record<string, any>} */ (read.body);
    if ((body.modelKind ?? 'SCHEMA') !== 'BRANCH') {
      return badRequest(
        `The sandbox creates branches only (modelKind BRANCH), not ${body.modelKind ?? 'SCHEMA'}`,
      );
    }
    if (typeof body.baseModelId !== 'string') return badRequest('baseModelId is required for a branch');
    if (typeof body.modelName !== 'string' || body.modelName.trim() === '') {
      return badRequest('modelName is required for a branch');
    }
    if (!options.getConnectionState(body.connectionId)) return notFound('Connection not found');
    const base = world.findModel(body.baseModelId);
    if (!base) return notFound(`Base model ${body.baseModelId} not found`);
    if (base.connectionId !== null && base.connectionId !== normalizeId(body.connectionId)) {
      return badRequest(`connectionId ${body.connectionId} is not the connection of model ${base.id}`);
    }
    if (world.findBranchByName(base, body.modelName)) {
      return badRequest(`A branch named "${body.modelName}" already exists in model ${base.id}`);
    }
    const branch = world.createBranch(base, body.modelName);
    return {
      status: 200,
      body: { success: true, model: { id: branch.id, modelKind: 'BRANCH', name: branch.name } },
    };
  };

  /** @param {ModelsMatch} match @param {FamilyRequest} request @returns {Answer} */
  const deleteBranch = (match, request) => {
    if (request.isReadOnly) return forbidden();
    const found = requireModel(match.modelId ?? '');
    if ('answer' in found) return found.answer;
    const branch = world.findBranchByName(found.model, match.branchName ?? '');
    if (!branch) return notFound(`Branch "${match.branchName}" not found in model ${found.model.id}`);
    world.deleteBranch(branch);
    return { status: 200, body: { success: true } };
  };

  /** @param {ModelsMatch} match @param {FamilyRequest} request @returns {Answer} */
  const refresh = (match, request) => {
    if (request.isReadOnly) return forbidden();
    const found = requireModel(match.modelId ?? '');
    if ('answer' in found) return found.answer;
    const { model } = found;
    const branchId = request.query.get('branch_id');
    const isPerBranch = model.connectionId !== null && world.hasBranchSchemaRefresh(model.connectionId);
    // The contract's 400: "branch_id required when branch-based schema refresh is enabled, or branch_id not
    // allowed when it is not enabled"; worded the same way here.
    if (isPerBranch && branchId === null) {
      return badRequest('branch_id is required: branch-based schema refresh is enabled for this connection');
    }
    if (!isPerBranch && branchId !== null) {
      return badRequest(
        'branch_id is not allowed: branch-based schema refresh is not enabled for this connection',
      );
    }
    const resolved = requireBranch(model, branchId);
    if ('answer' in resolved) return resolved.answer;
    const job = world.startRefresh(model, resolved.branch);
    return { status: 200, body: { jobId: job.id, modelId: match.modelId, status: 'running' } };
  };

  /** @param {ModelsMatch} match @returns {Answer} */
  const readJob = (match) => {
    const job = world.getJob(match.jobId ?? '');
    if (!job) return notFound(`Job ${match.jobId} not found`);
    const spelled = {
      contract: { running: 'IN_PROGRESS', completed: 'COMPLETED', failed: 'FAILED' },
      docs: { running: 'RUNNING', completed: 'COMPLETED', failed: 'FAILED' },
      lower: { running: 'running', completed: 'completed', failed: 'failed' },
    }[switches.jobStatusSpelling];
    return {
      status: 200,
      body: {
        job_id: job.id,
        job_type: switches.jobStatusSpelling === 'contract' ? 'REFRESH_SCHEMA' : 'refresh_schema',
        status: spelled[job.state],
      },
    };
  };

  /** @param {ModelsMatch} match @param {FamilyRequest} request @returns {Answer} */
  const validate = (match, request) => {
    const found = requireModel(match.modelId ?? '');
    if ('answer' in found) return found.answer;
    const resolved = requireBranch(found.model, request.query.get('branchId'));
    if ('answer' in resolved) return resolved.answer;
    const limit = request.query.has('limit') ? Number(request.query.get('limit')) : Number.POSITIVE_INFINITY;
    const issues = world.validateModel(found.model, resolved.branch).slice(0, limit);
    if (switches.modelValidationShape === 'array') {
      return {
        status: 200,
        body: issues.map((i) => ({
          message: i.message,
          is_warning: i.isWarning,
          yaml_path: i.yamlPath,
          auto_fix: null,
        })),
      };
    }
    return {
      status: 200,
      body: {
        valid: !issues.some((i) => !i.isWarning),
        issues: issues.map((i) => ({
          message: i.message,
          severity: i.isWarning ? 'warning' : 'error',
          ...(i.field === null ? {} : { field: i.field }),
          ...(i.view === null ? {} : { view: i.view }),
        })),
      },
    };
  };

  /** @param {ModelsMatch} match @param {FamilyRequest} request @returns {Answer} */
  const validateContent = (match, request) => {
    const { query } = request;
    if (query.has('find') !== query.has('find_type')) return badRequest('find and find_type go together');
    if (query.has('find')) return badRequest('The sandbox does not model find / find_type');
    const found = requireModel(match.modelId ?? '');
    if ('answer' in found) return found.answer;
    const resolved = requireBranch(found.model, query.get('branch_id'));
    if ('answer' in resolved) return resolved.answer;
    const labels = query.has('labels') ? (query.get('labels') ?? '').split(',').map((l) => l.trim()) : null;
    const known = world.listLabels();
    const unknown = (labels ?? []).filter((label) => !known.has(label));
    if (unknown.length > 0) return badRequest(`Unknown labels: ${unknown.join(', ')}`);
    const mode = query.get('content_filter_mode') ?? 'ALL';
    const computed = world
      .validateContent(found.model, resolved.branch, {
        folderPaths: query.has('folder_paths') ? query.getAll('folder_paths') : null,
        labels,
        includePersonalFolders: query.get('include_personal_folders') === 'true',
      })
      .filter((c) => {
        const hasIssues = c.filterIssues.length > 0 || c.queries.some((q) => q.issues.length > 0);
        if (mode === 'WITH_ISSUES') return hasIssues;
        if (mode === 'NO_ISSUES') return !hasIssues && c.queries.length > 0;
        return c.queries.length > 0;
      });
    /** @param {string} message */
    const shape = (message) => (switches.contentIssueShape === 'objects' ? { message } : message);
    return {
      status: 200,
      body: {
        branch: resolved.branch ? { id: resolved.branch.id, name: resolved.branch.name } : null,
        content: computed.map(({ document, queries, filterIssues }) => ({
          document_id: document.id,
          identifier: document.identifier,
          name: document.name,
          type: document.isPublished ? 'Published' : 'Draft',
          updated_at: document.updatedAt ?? '2026-01-05T09:00:00.000Z',
          folder: document.folder ? { name: document.folder.name, path: document.folder.path } : null,
          owner: { email: document.owner.email, name: document.owner.name },
          require_pull_request_to_publish: false,
          queries_and_issues: queries.map(({ query: q, issues }) => ({
            query_name: q.name,
            query_presentation_id: q.id,
            query_id_map_key: `${document.identifier}:${q.id}`,
            issues: issues.map(shape),
          })),
          dashboard_filter_issues: filterIssues.map(shape),
        })),
        model_id: found.model.id,
      },
    };
  };

  /** @param {ModelsMatch} match @param {FamilyRequest} request @returns {Answer} */
  const listExposures = (match, request) => {
    // docs.omni.co: the dbt exposures need Connection Admin.
    if (request.isReadOnly) return forbidden();
    const { query } = request;
    const found = requireModel(match.modelId ?? '');
    if ('answer' in found) return found.answer;
    const resolved = requireBranch(found.model, query.get('branch_id'));
    if ('answer' in resolved) return resolved.answer;
    const direction = query.get('sortDirection') ?? 'desc';
    // Sorted by dashboard identifier whatever sortField names (the contract lists no fields to sort by).
    const records = world.listExposures(found.model);
    if (direction === 'desc') records.reverse();
    return answerPage(records, (r) => r.dashboard_identifier, query, switches.exposurePageSize, {
      direction,
    });
  };

  /** @param {string} method @param {ModelsMatch} match @param {FamilyRequest} request @returns {Answer} */
  const serve = (method, match, request) => {
    for (const [name, value] of [
      ['modelId', match.modelId],
      ['branchName', match.branchName],
      ['jobId', match.jobId],
    ]) {
      if (value === null || value === undefined) continue;
      const check = contract.validateParameter(match.path, method, String(name), value);
      if (!check.isValid) return badRequest(check.message);
    }
    const extra = match.route === 'refresh' ? REFRESH_DOCS_PARAMETERS : [];
    const queryCheck = contract.validateQuery(match.path, method, request.query, extra);
    if (!queryCheck.isValid) return badRequest(queryCheck.message);
    switch (match.route) {
      case 'models':
        return method === 'GET' ? listModels(request.query) : createModel(request);
      case 'branch':
        return deleteBranch(match, request);
      case 'refresh':
        return refresh(match, request);
      case 'jobs':
        return readJob(match);
      case 'validate':
        return validate(match, request);
      case 'content-validator':
        return validateContent(match, request);
      case 'dbt-exposures':
        return listExposures(match, request);
    }
  };

  /** @param {string} method @param {ModelsMatch} match @param {Answer} answer */
  const checkAnswer = (method, match, answer) => {
    if (answer.status !== 200)
      return contract.validateResponse(match.path, method, answer.status, answer.body);
    if (match.route === 'validate' && Array.isArray(answer.body)) {
      return contract.validateDocsForm('model-validation-array', answer.body);
    }
    if (match.route === 'jobs' && switches.jobStatusSpelling !== 'contract') {
      return contract.validateDocsForm(
        switches.jobStatusSpelling === 'docs' ? 'job-status-docs' : 'job-status-lower',
        answer.body,
      );
    }
    const body = /** @type {Record<string, any>} */ (answer.body);
    if (
      match.route === 'dbt-exposures' &&
      body.records?.some((/** @type {any} */ r) => r.exposure === null)
    ) {
      return contract.validateDocsForm('exposures-with-null', answer.body);
    }
    const check = contract.validateResponse(match.path, method, answer.status, answer.body);
    if (!check.isValid || match.route !== 'content-validator') return check;
    for (const item of body.content ?? []) {
      const itemCheck = contract.validateDocsForm('content-item', item);
      if (!itemCheck.isValid) return itemCheck;
    }
    return check;
  };

  return {
    /** @param {string} pathname @returns {ModelsMatch | null} */
    matchRoute(pathname) {
      for (const { route, pattern, path } of ROUTES) {
        const found = pattern.exec(pathname);
        if (!found) continue;
        const first = found[1] === undefined ? null : decodeSegment(found[1]);
        if (route === 'jobs') return { route, path, modelId: null, jobId: first };
        const branchName = found[2] === undefined ? null : decodeSegment(found[2]);
        return { route, path, modelId: first, ...(route === 'branch' ? { branchName } : {}) };
      }
      return null;
    },
    listMethods,
    /** @param {string} method @param {ModelsMatch} match @param {FamilyRequest} request @returns {Answer} */
    handle(method, match, request) {
      const methods = listMethods(match);
      if (!methods.includes(method)) return methodNotAllowed(method, methods);
      return serve(method, match, request);
    },
    checkAnswer,
    /** Restores the switches of the options (reset()). */
    resetSwitches() {
      switches = { ...initial };
    },
    setModelValidationShape: setSwitch('modelValidationShape'),
    setJobStatusSpelling: setSwitch('jobStatusSpelling'),
    setContentIssueShape: setSwitch('contentIssueShape'),
    setExposurePageSize: setSwitch('exposurePageSize'),
    setModelPageSize: setSwitch('modelPageSize'),
  };
}

/**
 * @param {{ modelValidationShape: string, jobStatusSpelling: string, contentIssueShape: string,
 *   exposurePageSize: number, modelPageSize: number }} switches
 */
function assertSwitches(switches) {
  assertOneOf(switches.modelValidationShape, MODEL_VALIDATION_SHAPES, 'modelValidationShape');
  assertOneOf(switches.jobStatusSpelling, JOB_STATUS_SPELLINGS, 'jobStatusSpelling');
  assertOneOf(switches.contentIssueShape, CONTENT_ISSUE_SHAPES, 'contentIssueShape');
  assertPageSize(switches.exposurePageSize, 'exposurePageSize');
  assertPageSize(switches.modelPageSize, 'modelPageSize');
}
