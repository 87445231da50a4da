// The Omni contracts as the sandbox enforces them: loads contract/dbt.openapi.yaml (settings) and
// contract/dbt-environments.openapi.yaml (environments, branch dbt environment) and validates requests and
// responses against the OpenAPI documents themselves (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses).
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

const CONTRACT_URL = new URL('../contract/dbt.openapi.yaml', import.meta.url);
const DOCUMENT_ID = 'https://omni-sandbox.invalid/dbt.openapi.json';
export const DBT_PATH = '/v1/connections/{connectionId}/dbt';

// JSON Schema 2020-12 §7.3.5: "uuid" is the RFC 4122 string form. ajv-formats also accepts a
// "urn:uuid:" prefix, which no Omni path would carry, so the plain 8-4-4-4-12 form is enforced here.
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * @typedef {{ isValid: true } | { isValid: false, message: string }} ValidationResult
 * @typedef {object} Contract
 * @property {(method: string, value: string) => ValidationResult} validateConnectionId
 * @property {(body: unknown) => ValidationResult} validatePutBody
 * @property {(method: string, status: number) => boolean} isDocumentedStatus
 * @property {(method: string, status: number, body: unknown) => ValidationResult} validateResponse
 */

/** @param {string} segment */
function escapePointerSegment(segment) {
  return encodeURIComponent(segment.replaceAll('~', '~0').replaceAll('/', '~1'));
}

/** @param {string[]} segments */
function toRef(segments) {
  return `${DOCUMENT_ID}#/${segments.map(escapePointerSegment).join('/')}`;
}

/**
 * Turns ajv errors into one readable line; the branches of an anyOf are folded into "… or …".
 * @param {import('ajv').ErrorObject[]} errors
 * @param {string} subject
 */
export function formatAjvErrors(errors, subject) {
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath);
  /** @param {import('ajv').ErrorObject} e */
  const describe = (e) => {
    const allowed = /** @type {{allowedValues?: unknown[]}} */ (e.params).allowedValues;
    return allowed ? `${e.message} (${allowed.map((v) => JSON.stringify(v)).join(', ')})` : (e.message ?? '');
  };
  const parts = [];
  for (const error of errors) {
    if (anyOfPaths.some((p) => error.schemaPath.startsWith(`${p}/`))) continue;
    const where = error.instancePath ? `${subject}${error.instancePath.replaceAll('/', '.')}` : subject;
    if (error.keyword === 'anyOf') {
      const branches = errors.filter((e) => e.schemaPath.startsWith(`${error.schemaPath}/`)).map(describe);
      parts.push(`${where} ${branches.join(' or ')}`);
    } else {
      parts.push(`${where} ${describe(error)}`);
    }
  }
  return parts.join('; ');
}

/** @returns {Contract} */
export function loadContract() {
  const document = parse(readFileSync(CONTRACT_URL, 'utf8'));
  // Validated exactly as published. Note: the PUT body's dbtVersion is `type: [string, null]` with an enum
  // that lacks null, so null is refused; the action sends "Auto" for a null in the file (README, "What a run does").
  // strict: false because the document also holds OpenAPI keywords (example, openapi, paths…) that are
  // not JSON Schema; the schemas themselves are compiled exactly as published.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addFormat('uuid', UUID_PATTERN);
  ajv.addSchema(document, DOCUMENT_ID);

  /** @type {Record<string, any>} */
  const pathItem = document.paths[DBT_PATH];
  /** @type {Map<string, import('ajv').ValidateFunction>} */
  const compiled = new Map();
  /** @param {string[]} segments */
  const getValidator = (segments) => {
    const ref = toRef(segments);
    let validate = compiled.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: ref });
      compiled.set(ref, validate);
    }
    return validate;
  };
  /**
   * @param {import('ajv').ValidateFunction} validate
   * @param {unknown} value
   * @param {string} subject
   * @returns {ValidationResult}
   */
  const check = (validate, value, subject) =>
    validate(value)
      ? { isValid: true }
      : { isValid: false, message: formatAjvErrors(validate.errors ?? [], subject) };

  /** @param {string} method @param {number} status @returns {string[] | undefined} */
  const responseSchemaSegments = (method, status) => {
    const operation = pathItem[method.toLowerCase()];
    const response = operation?.responses?.[String(status)];
    if (!response) return undefined;
    const base =
      typeof response.$ref === 'string'
        ? response.$ref.replace(/^#\//, '').split('/')
        : ['paths', DBT_PATH, method.toLowerCase(), 'responses', String(status)];
    return [...base, 'content', 'application/json', 'schema'];
  };

  return {
    validateConnectionId(method, value) {
      const operation = pathItem[method.toLowerCase()];
      const index = operation.parameters.findIndex(
        (/** @type {{name: string}} */ p) => p.name === 'connectionId',
      );
      const segments = ['paths', DBT_PATH, method.toLowerCase(), 'parameters', String(index), 'schema'];
      return check(getValidator(segments), value, 'connectionId');
    },
    validatePutBody(body) {
      const segments = ['paths', DBT_PATH, 'put', 'requestBody', 'content', 'application/json', 'schema'];
      return check(getValidator(segments), body, 'body');
    },
    isDocumentedStatus(method, status) {
      return responseSchemaSegments(method, status) !== undefined;
    },
    validateResponse(method, status, body) {
      const segments = responseSchemaSegments(method, status);
      if (!segments) return { isValid: true };
      return check(getValidator(segments), body, 'response');
    },
  };
}

const ENVIRONMENTS_CONTRACT_URL = new URL('../contract/dbt-environments.openapi.yaml', import.meta.url);
const ENVIRONMENTS_DOCUMENT_ID = 'https://omni-sandbox.invalid/dbt-environments.openapi.json';
export const ENVIRONMENTS_PATH = '/v1/connections/{connectionId}/dbt/environments';
export const ENVIRONMENT_PATH = '/v1/connections/{connectionId}/dbt/environments/{environmentId}';
export const BRANCH_DBT_PATH = '/v1/models/{modelId}/branch/{branchName}/dbt';

/**
 * @typedef {object} EnvironmentsContract
 * @property {(path: string, method: string, name: string, value: unknown) => ValidationResult} validateParameter
 *   a path or query parameter, by name, against its schema in the document
 * @property {(path: string, method: string, body: unknown) => ValidationResult} validateRequestBody
 * @property {(path: string, method: string, status: number, body: unknown) => ValidationResult} validateResponse
 *   statuses the operation documents without a body schema (and undocumented ones) pass
 * @property {(body: unknown) => ValidationResult} validateEnvironmentArray
 *   the list answer as docs.omni.co shows it: a plain array of DbtEnvironmentItem
 */

/**
 * @typedef {object} DocumentContract
 * @property {(path: string, method: string, name: string, value: unknown) => ValidationResult} validateParameter
 *   a path or query parameter, by name, against its schema in the document (a name it lists not: valid)
 * @property {(path: string, method: string, body: unknown) => ValidationResult} validateRequestBody
 * @property {(path: string, method: string, status: number, body: unknown) => ValidationResult} validateResponse
 *   statuses the operation documents without a body schema (and undocumented ones) pass
 * @property {(path: string, method: string) => Record<string, any>} getOperation
 * @property {(schema: object) => (value: unknown, subject: string) => ValidationResult} compile
 *   a schema of our own, which may `$ref` the document's (`ref(...)` builds the reference)
 * @property {(segments: string[]) => string} ref
 */

/**
 * Loads one OpenAPI document of contract/ and validates against the document itself (ajv, strict: false for
 * the OpenAPI keywords around the schemas, formats as in loadContract).
 * @param {URL} url @param {string} documentId
 * @returns {DocumentContract}
 */
function loadDocumentContract(url, documentId) {
  const document = parse(readFileSync(url, 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addFormat('uuid', UUID_PATTERN);
  ajv.addSchema(document, documentId);
  /** @type {Map<string, import('ajv').ValidateFunction>} */
  const compiled = new Map();
  /** @param {string[]} segments */
  const ref = (segments) => `${documentId}#/${segments.map(escapePointerSegment).join('/')}`;
  /** @param {string[]} segments */
  const getValidator = (segments) => {
    const key = ref(segments);
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile({ $ref: key });
      compiled.set(key, validate);
    }
    return validate;
  };
  /** @param {import('ajv').ValidateFunction} validate @param {unknown} value @param {string} subject @returns {ValidationResult} */
  const run = (validate, value, subject) =>
    validate(value)
      ? { isValid: true }
      : { isValid: false, message: formatAjvErrors(validate.errors ?? [], subject) };
  /** @param {string} path @param {string} method */
  const getOperation = (path, method) => {
    const operation = document.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`${url.pathname.split('/').pop()} has no ${method} ${path}`);
    return operation;
  };
  return {
    getOperation,
    ref,
    compile(schema) {
      const validate = ajv.compile(schema);
      return (value, subject) => run(validate, value, subject);
    },
    validateParameter(path, method, name, value) {
      const operation = getOperation(path, method);
      const index = (operation.parameters ?? []).findIndex(
        (/** @type {{name: string}} */ p) => p.name === name,
      );
      if (index < 0) return { isValid: true };
      const segments = ['paths', path, method.toLowerCase(), 'parameters', String(index), 'schema'];
      return run(getValidator(segments), value, name);
    },
    validateRequestBody(path, method, body) {
      getOperation(path, method);
      const segments = [
        'paths',
        path,
        method.toLowerCase(),
        'requestBody',
        'content',
        'application/json',
        'schema',
      ];
      return run(getValidator(segments), body, 'body');
    },
    validateResponse(path, method, status, body) {
      const response = getOperation(path, method).responses?.[String(status)];
      if (!response?.content?.['application/json']) return { isValid: true };
      const segments = ['paths', path, method.toLowerCase(), 'responses', String(status), 'content'];
      return run(getValidator([...segments, 'application/json', 'schema']), body, 'response');
    },
  };
}

/**
 * @typedef {Omit<DocumentContract, 'getOperation' | 'compile' | 'ref'> & {
 *   validateEnvironmentArray: (body: unknown) => ValidationResult
 * }} EnvironmentsContract
 *   validateEnvironmentArray: the list answer as docs.omni.co shows it, a plain array of DbtEnvironmentItem
 */

/**
 * Loads contract/dbt-environments.openapi.yaml (environments of a connection, and the dbt environment of a
 * model branch) and validates against the document itself, as loadContract does for the settings.
 * @returns {EnvironmentsContract}
 */
export function loadEnvironmentsContract() {
  const contract = loadDocumentContract(ENVIRONMENTS_CONTRACT_URL, ENVIRONMENTS_DOCUMENT_ID);
  const validateArray = contract.compile({
    type: 'array',
    items: { $ref: contract.ref(['components', 'schemas', 'DbtEnvironmentItem']) },
  });
  return {
    validateParameter: contract.validateParameter,
    validateRequestBody: contract.validateRequestBody,
    validateResponse: contract.validateResponse,
    validateEnvironmentArray: (body) => validateArray(body, 'response'),
  };
}

const MODELS_CONTRACT_URL = new URL('../contract/models.openapi.yaml', import.meta.url);
const MODELS_DOCUMENT_ID = 'https://omni-sandbox.invalid/models.openapi.json';
export const MODELS_PATH = '/v1/models';
export const BRANCH_PATH = '/v1/models/{modelId}/branch/{branchName}';
export const REFRESH_PATH = '/v1/models/{modelId}/refresh';
export const JOB_STATUS_PATH = '/v1/jobs/{jobId}/status';
export const VALIDATE_PATH = '/v1/models/{modelId}/validate';
export const CONTENT_VALIDATOR_PATH = '/v1/models/{modelId}/content-validator';
export const EXPOSURES_PATH = '/v1/models/{modelId}/dbt-exposures';
export const SCHEDULES_PATH = '/v1/connections/{connectionId}/schedules';
export const SCHEDULE_PATH = '/v1/connections/{connectionId}/schedules/{scheduleId}';

/**
 * docs.omni.co's forms of answers the contract types otherwise (contract/models.openapi.yaml's header):
 * the sandbox answers them when a switch says so, and checks them against these instead.
 * @typedef {'model-validation-array' | 'job-status-docs' | 'job-status-lower' | 'exposures-with-null' | 'content-item'} DocsForm
 */

/**
 * @typedef {object} ModelsContract
 * @property {DocumentContract['validateParameter']} validateParameter
 * @property {DocumentContract['validateRequestBody']} validateRequestBody
 * @property {DocumentContract['validateResponse']} validateResponse
 * @property {(path: string, method: string, query: URLSearchParams, extra?: string[]) => ValidationResult} validateQuery
 *   every query parameter against the operation's; a name it does not list (nor `extra`) is refused
 * @property {(form: DocsForm, body: unknown) => ValidationResult} validateDocsForm
 */

/**
 * Loads contract/models.openapi.yaml (models, branches, refresh jobs, validation, the content validator, dbt
 * exposures and schedules) and validates against the document itself, plus docs.omni.co's other forms.
 * @returns {ModelsContract}
 */
export function loadModelsContract() {
  const contract = loadDocumentContract(MODELS_CONTRACT_URL, MODELS_DOCUMENT_ID);
  /** @param {string} path @param {string} method @param {number} status */
  const responseRef = (path, method, status) => [
    'paths',
    path,
    method,
    'responses',
    String(status),
    'content',
    'application/json',
    'schema',
  ];
  const jobStatus = contract.getOperation(JOB_STATUS_PATH, 'get').responses['200'].content['application/json']
    .schema;
  const exposures = contract.getOperation(EXPOSURES_PATH, 'get').responses['200'].content['application/json']
    .schema;
  const exposureRef = [...responseRef(EXPOSURES_PATH, 'get', 200), 'properties', 'records', 'items'];
  const exposureItem = exposures.properties.records.items;
  const issueEntry = {
    anyOf: [
      { type: 'string' },
      { type: 'object', required: ['message'], properties: { message: { type: 'string' } } },
    ],
  };
  /** The contract's job status with docs.omni.co's job_type and another spelling of its states. @param {string[]} states */
  const compileJobStatus = (states) =>
    contract.compile({
      ...jobStatus,
      properties: {
        ...jobStatus.properties,
        job_type: { const: 'refresh_schema' },
        status: { enum: states },
      },
    });
  /** @type {Record<DocsForm, (value: unknown, subject: string) => ValidationResult>} */
  const forms = {
    // docs.omni.co/api/models/validate-model: a plain array of { message, is_warning, yaml_path, auto_fix }.
    'model-validation-array': contract.compile({
      type: 'array',
      items: {
        type: 'object',
        required: ['message', 'is_warning', 'yaml_path', 'auto_fix'],
        properties: {
          message: { type: 'string' },
          is_warning: { type: 'boolean' },
          yaml_path: { type: ['string', 'null'] },
        },
      },
    }),
    // docs.omni.co/api/jobs: RUNNING | COMPLETED | FAILED, job_type "refresh_schema".
    'job-status-docs': compileJobStatus(['RUNNING', 'COMPLETED', 'FAILED']),
    // The refresh answer's own spelling (running | completed | failed), which a status answer may share.
    'job-status-lower': compileJobStatus(['running', 'completed', 'failed']),
    // docs.omni.co/api/dbt/get-dbt-exposures: a record's exposure is null for a dashboard without dbt models.
    'exposures-with-null': contract.compile({
      ...exposures,
      properties: {
        ...exposures.properties,
        records: {
          type: 'array',
          items: {
            ...exposureItem,
            properties: {
              ...exposureItem.properties,
              exposure: {
                anyOf: [{ $ref: contract.ref([...exposureRef, 'properties', 'exposure']) }, { type: 'null' }],
              },
            },
          },
        },
      },
    }),
    // docs.omni.co/api/content-validator/validate-content's example item (the contract leaves items untyped).
    'content-item': contract.compile({
      type: 'object',
      required: [
        'document_id',
        'identifier',
        'name',
        'type',
        'folder',
        'owner',
        'queries_and_issues',
        'dashboard_filter_issues',
      ],
      properties: {
        document_id: { type: 'string' },
        identifier: { type: 'string', minLength: 1 },
        name: { type: 'string' },
        type: { type: 'string' },
        updated_at: { type: 'string' },
        folder: {
          type: ['object', 'null'],
          required: ['name', 'path'],
          properties: { name: { type: 'string' }, path: { type: 'string' } },
        },
        owner: {
          type: 'object',
          required: ['email', 'name'],
          properties: { email: { type: 'string' }, name: { type: 'string' } },
        },
        require_pull_request_to_publish: { type: 'boolean' },
        queries_and_issues: {
          type: 'array',
          items: {
            type: 'object',
            required: ['query_name', 'query_presentation_id', 'query_id_map_key', 'issues'],
            properties: {
              query_name: { type: 'string' },
              query_presentation_id: { type: 'string' },
              query_id_map_key: { type: 'string' },
              issues: { type: 'array', items: issueEntry },
            },
          },
        },
        dashboard_filter_issues: { type: 'array', items: issueEntry },
      },
    }),
  };
  return {
    validateParameter: contract.validateParameter,
    validateRequestBody: contract.validateRequestBody,
    validateResponse: contract.validateResponse,
    validateQuery(path, method, query, extra = []) {
      const parameters = (contract.getOperation(path, method).parameters ?? []).filter(
        (/** @type {{ in: string }} */ p) => p.in === 'query',
      );
      for (const name of new Set(query.keys())) {
        const parameter = parameters.find((/** @type {{ name: string }} */ p) => p.name === name);
        if (!parameter) {
          if (extra.includes(name)) continue;
          return { isValid: false, message: `${name} is not a query parameter of ${method} ${path}` };
        }
        const check = contract.validateParameter(
          path,
          method,
          name,
          coerceQueryValue(parameter.schema, query.getAll(name)),
        );
        if (!check.isValid) return check;
      }
      return { isValid: true };
    },
    validateDocsForm(form, body) {
      return forms[form](body, 'response');
    },
  };
}

/**
 * A query parameter's text as its schema types it: numbers and booleans parsed, an array from every
 * occurrence (form style, exploded); text that does not parse stays text, so the schema refuses it.
 * @param {{ type?: string | string[] }} schema @param {string[]} values
 */
function coerceQueryValue(schema, values) {
  if (schema.type === 'array') return values;
  const value = values.length === 1 ? (values[0] ?? '') : values;
  if (typeof value !== 'string') return value;
  if (
    (schema.type === 'integer' || schema.type === 'number') &&
    value.trim() !== '' &&
    Number.isFinite(Number(value))
  ) {
    return Number(value);
  }
  if (schema.type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}
