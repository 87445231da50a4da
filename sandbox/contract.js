// The Omni contract as the sandbox enforces it: loads contract/dbt.openapi.yaml and validates requests and
// responses against the OpenAPI document itself (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses).
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
