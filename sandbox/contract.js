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
 * Loads contract/dbt-environments.openapi.yaml (environments of a connection, and the dbt environment of a
 * model branch) and validates against the document itself, as loadContract does for the settings.
 * @returns {EnvironmentsContract}
 */
export function loadEnvironmentsContract() {
  const document = parse(readFileSync(ENVIRONMENTS_CONTRACT_URL, 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addFormat('uuid', UUID_PATTERN);
  ajv.addSchema(document, ENVIRONMENTS_DOCUMENT_ID);
  /** @type {Map<string, import('ajv').ValidateFunction>} */
  const compiled = new Map();
  /** @param {string[]} segments */
  const getValidator = (segments) => {
    const ref = `${ENVIRONMENTS_DOCUMENT_ID}#/${segments.map(escapePointerSegment).join('/')}`;
    let validate = compiled.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: ref });
      compiled.set(ref, validate);
    }
    return validate;
  };
  /** @param {string[]} segments @param {unknown} value @param {string} subject @returns {ValidationResult} */
  const check = (segments, value, subject) => {
    const validate = getValidator(segments);
    return validate(value)
      ? { isValid: true }
      : { isValid: false, message: formatAjvErrors(validate.errors ?? [], subject) };
  };
  /** @param {string} path @param {string} method */
  const getOperation = (path, method) => {
    const operation = document.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`contract/dbt-environments.openapi.yaml has no ${method} ${path}`);
    return operation;
  };
  const arrayValidator = ajv.compile({
    type: 'array',
    items: { $ref: `${ENVIRONMENTS_DOCUMENT_ID}#/components/schemas/DbtEnvironmentItem` },
  });

  return {
    validateParameter(path, method, name, value) {
      const operation = getOperation(path, method);
      const index = (operation.parameters ?? []).findIndex(
        (/** @type {{name: string}} */ p) => p.name === name,
      );
      if (index < 0) return { isValid: true };
      const segments = ['paths', path, method.toLowerCase(), 'parameters', String(index), 'schema'];
      return check(segments, value, name);
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
      return check(segments, body, 'body');
    },
    validateResponse(path, method, status, body) {
      const response = getOperation(path, method).responses?.[String(status)];
      if (!response?.content?.['application/json']) return { isValid: true };
      const segments = ['paths', path, method.toLowerCase(), 'responses', String(status), 'content'];
      return check([...segments, 'application/json', 'schema'], body, 'response');
    },
    validateEnvironmentArray(body) {
      return arrayValidator(body)
        ? { isValid: true }
        : { isValid: false, message: formatAjvErrors(arrayValidator.errors ?? [], 'response') };
    },
  };
}
