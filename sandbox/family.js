// What every endpoint family of the sandbox (settings.js, environments.js, branches.js, models.js,
// schedules.js) shares: the shape server.js routes requests through, and the small pieces of their records
// and answers (copies, ids, path segments, error bodies).
import { createHash } from 'node:crypto';

/**
 * @typedef {{ isValid: true } | { isValid: false, message: string }} ValidationResult
 * @typedef {{ status: number, body: unknown, headers?: Record<string, string> }} Answer
 *
 * @typedef {object} RouteMatch what a family's route made of a path
 * @property {string} route the request log's and fault scripts' name for it, e.g. 'dbt', 'refresh'
 * @property {string | null} [connectionId] as written in the path, when the path names a connection
 * @property {string | null} [modelId] as written in the path, when the path names a model
 *
 * @typedef {object} FamilyRequest
 * @property {string} rawBody
 * @property {string | undefined} contentType
 * @property {URLSearchParams} query
 * @property {boolean} isReadOnly the token lacks Connection Admin
 *
 * @typedef {object} Family one endpoint family, as server.js routes to it (after faults, rate limit, token)
 * @property {(pathname: string) => RouteMatch | null} matchRoute
 * @property {(match: any) => string[]} listMethods the methods its route serves
 * @property {(method: string, match: any, request: FamilyRequest) => Answer} handle applies the request
 * @property {(method: string, match: any, answer: Answer) => ValidationResult} checkAnswer the sandbox's own
 *   answer against the contract
 */

/** @param {unknown} value */
export function clone(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** Ids are compared without case, as UUIDs are. @param {string} id */
export function normalizeId(id) {
  return id.toLowerCase();
}

/** @param {string} segment */
export function decodeSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A stable UUID (name-based, RFC 4122 variant) for seeded records that carry no id. @param {string[]} parts */
export function deriveId(parts) {
  const hex = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 3) | 8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Ids of records made at run time: `<prefix>-0000-4000-8000-<counter>`, sequential, UUID-shaped.
 * @param {string} prefix eight hex digits
 * @param {number} counter
 */
export function sequentialId(prefix, counter) {
  return `${prefix}-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}

/** The dbt endpoints' error body (contract/dbt.openapi.yaml's Error). @param {number} status @param {string} message */
export function errorBody(status, message) {
  return { error: String(status), message };
}

/** @param {number} status @param {string} message */
export function errorAnswer(status, message) {
  return { status, body: errorBody(status, message) };
}

/**
 * The models API's error body, `{ detail, status }` (contract/models.openapi.yaml's header).
 * @param {number} status @param {string} detail
 * @returns {Answer}
 */
export function detailAnswer(status, detail) {
  return { status, body: { detail, status } };
}

/** @param {string} value @param {readonly string[]} allowed @param {string} name */
export function assertOneOf(value, allowed, name) {
  if (!allowed.includes(value))
    throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
}

/** @param {number} value @param {string} name */
export function assertPageSize(value, name) {
  if (!(Number.isInteger(value) && value >= 1 && value <= 100)) {
    throw new Error(`${name} must be an integer from 1 to 100, got ${value}`);
  }
}

/**
 * The 405 a family answers for a method its route does not serve.
 * @param {string} method @param {string[]} allowed
 * @returns {Answer}
 */
export function methodNotAllowed(method, allowed) {
  return {
    status: 405,
    body: errorBody(405, `Method ${method} not allowed`),
    headers: { allow: allowed.join(', ') },
  };
}

/**
 * A JSON request body, or the 400 its refusal answers (`refuse` words it in the family's error shape).
 * @param {FamilyRequest} request @param {(message: string) => Answer} refuse
 * @returns {{ body: unknown } | { answer: Answer }}
 */
export function readJsonRequest(request, refuse) {
  if (!/^application\/json\b/i.test(request.contentType ?? '')) {
    return { answer: refuse('Content-Type must be application/json') };
  }
  try {
    return { body: JSON.parse(request.rawBody) };
  } catch {
    return { answer: refuse('Request body is not valid JSON') };
  }
}
