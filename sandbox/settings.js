// The sandbox's connections and their dbt settings: GET/PUT/DELETE /api/v1/connections/{connectionId}/dbt,
// validated against contract/dbt.openapi.yaml. The connections stored here are the ones every other family
// (environments, schedules, models) looks up.
import { loadContract } from './contract.js';
import { clone, decodeSegment, errorAnswer, methodNotAllowed, normalizeId } from './family.js';

const ROUTE = /^\/api\/v1\/connections\/([^/]+)\/dbt\/?$/;
const METHODS = ['GET', 'PUT', 'DELETE'];

/**
 * @typedef {'Auto' | '1.10' | '1.11'} DbtVersion
 * @typedef {object} DbtSettings
 * @property {string} sshUrl
 * @property {string} branch
 * @property {boolean} autogenRelationships
 * @property {boolean} enableVirtualSchemas
 * @property {boolean} enableSemanticLayer
 * @property {string | null} projectRootPath
 * @property {DbtVersion | null} dbtVersion
 *
 * @typedef {object} ConnectionState
 * @property {string} [name] label for humans; Omni's dbt endpoints never show it
 * @property {string} dialect
 * @property {boolean} supportsDbt
 * @property {DbtSettings | null} [dbt] null (or absent) when dbt is not configured
 * @property {number} [keyVersion] bumped by every PUT with rotateKeys: true (starts at 1)
 * @property {import('./environments.js').SeedEnvironment[]} [environments] seed only (kept apart from the
 *   settings; see getEnvironments). Absent on a configured connection: the default environment Omni makes
 *
 * @typedef {{ route: 'dbt', connectionId: string }} SettingsMatch
 * @typedef {import('./family.js').Answer} Answer
 */

/** @param {string} id @param {ConnectionState} state @returns {ConnectionState} */
function normalizeConnection(id, state) {
  if (!state || typeof state.dialect !== 'string' || typeof state.supportsDbt !== 'boolean') {
    throw new Error(`sandbox connection ${id} needs a dialect (string) and supportsDbt (boolean)`);
  }
  const copy = /** @type {ConnectionState} */ (clone(state));
  delete copy.environments;
  copy.keyVersion = state.keyVersion ?? 1;
  copy.dbt = state.supportsDbt ? (copy.dbt ?? null) : null;
  return copy;
}

/** @param {ConnectionState} state */
function renderGet(state) {
  if (!state.supportsDbt) return { message: 'dbt is not supported for this dialect', supportsDbt: false };
  if (!state.dbt) return { message: 'dbt not configured for this connection', supportsDbt: true };
  const dbt = state.dbt;
  return {
    sshUrl: dbt.sshUrl,
    branch: dbt.branch,
    autogenRelationships: dbt.autogenRelationships,
    enableVirtualSchemas: dbt.enableVirtualSchemas,
    enableSemanticLayer: dbt.enableSemanticLayer,
    projectRootPath: dbt.projectRootPath,
    // Omni shows a stored "let Omni choose" as "Auto".
    dbtVersion: dbt.dbtVersion ?? 'Auto',
    supportsDbt: true,
  };
}

/**
 * @typedef {object} SettingsServiceOptions
 * @property {(connectionId: string) => void} onFirstConfigured a PUT configured dbt on a connection that had
 *   none (Omni then makes the default environment)
 */

/** The connections of one sandbox and the dbt settings route. @param {SettingsServiceOptions} options */
export function createSettingsService(options) {
  const contract = loadContract();
  /** @type {Map<string, ConnectionState>} by normalized id */
  const connections = new Map();

  /**
   * The contract's behaviour for one request on the dbt route, applying any change.
   * @param {string} method @param {string} connectionId @param {import('./family.js').FamilyRequest} request
   * @returns {Answer}
   */
  const handleDbt = (method, connectionId, request) => {
    const idCheck = contract.validateConnectionId(method, connectionId);
    if (!idCheck.isValid) return errorAnswer(400, idCheck.message);
    if (request.isReadOnly && method !== 'GET') {
      return errorAnswer(403, 'Permission denied - connection admin role required');
    }
    /** @type {Record<string, unknown> | undefined} */
    let putBody;
    if (method === 'PUT') {
      if (!/^application\/json\b/i.test(request.contentType ?? '')) {
        return errorAnswer(400, 'Content-Type must be application/json');
      }
      try {
        putBody = JSON.parse(request.rawBody);
      } catch {
        return errorAnswer(400, 'Request body is not valid JSON');
      }
      const bodyCheck = contract.validatePutBody(putBody);
      if (!bodyCheck.isValid) return errorAnswer(400, bodyCheck.message);
    }
    const id = normalizeId(connectionId);
    const state = connections.get(id);
    if (!state) return errorAnswer(404, 'Connection not found');
    if (method === 'GET') return { status: 200, body: renderGet(state) };
    if (method === 'DELETE') {
      if (!state.dbt) return errorAnswer(404, 'dbt not configured for this connection');
      connections.set(id, { ...state, dbt: null });
      return { status: 200, body: { message: 'dbt repository unlinked successfully', success: true } };
    }
    if (!state.supportsDbt) return errorAnswer(400, `dbt is not supported for the ${state.dialect} dialect`);
    const body = /** @type {Record<string, any>} */ (putBody);
    // docs.omni.co: Omni makes the default environment when the dbt integration is first set up.
    if (!state.dbt) options.onFirstConfigured(id);
    connections.set(id, {
      ...state,
      keyVersion: (state.keyVersion ?? 1) + (body.rotateKeys === true ? 1 : 0),
      dbt: {
        sshUrl: body.sshUrl,
        branch: body.branch,
        autogenRelationships: body.autogenRelationships,
        enableVirtualSchemas: body.enableVirtualSchemas,
        enableSemanticLayer: body.enableSemanticLayer ?? false,
        projectRootPath: body.projectRootPath ?? null,
        // Absent leaves the stored version as it was (the contract gives dbtVersion no default).
        dbtVersion: 'dbtVersion' in body ? body.dbtVersion : (state.dbt?.dbtVersion ?? null),
      },
    });
    return { status: 200, body: { message: 'dbt configuration updated successfully', success: true } };
  };

  return {
    /** @param {{ connections: Record<string, ConnectionState> }} seed */
    load(seed) {
      connections.clear();
      for (const [id, state] of Object.entries(seed.connections)) {
        connections.set(normalizeId(id), normalizeConnection(id, state));
      }
    },
    /** The stored state itself (not a copy), for the other families. @param {string} connectionId */
    getConnectionState(connectionId) {
      return connections.get(normalizeId(connectionId));
    },
    /** @param {string} id @returns {ConnectionState | undefined} a copy */
    getConnection(id) {
      return /** @type {ConnectionState | undefined} */ (clone(connections.get(normalizeId(id))));
    },
    /** @param {string} id @param {ConnectionState} state */
    setConnection(id, state) {
      connections.set(normalizeId(id), normalizeConnection(id, state));
    },
    /**
     * The whole answer a `truncated-json` fault cuts in half: the settings for a GET of a known connection,
     * else the PUT's success body.
     * @param {string} method @param {string | null} connectionId
     */
    renderWhole(method, connectionId) {
      const state = connectionId === null ? undefined : connections.get(normalizeId(connectionId));
      return method === 'GET' && state
        ? renderGet(state)
        : { message: 'dbt configuration updated successfully', success: true };
    },
    /** @param {string} pathname @returns {SettingsMatch | null} */
    matchRoute(pathname) {
      const match = ROUTE.exec(pathname);
      return match ? { route: 'dbt', connectionId: decodeSegment(match[1] ?? '') } : null;
    },
    listMethods: () => METHODS,
    /** @param {string} method @param {SettingsMatch} match @param {import('./family.js').FamilyRequest} request */
    handle(method, match, request) {
      if (!METHODS.includes(method)) return methodNotAllowed(method, METHODS);
      return handleDbt(method, match.connectionId, request);
    },
    /** @param {string} method @param {SettingsMatch} _match @param {Answer} answer */
    checkAnswer(method, _match, answer) {
      return contract.validateResponse(method, answer.status, answer.body);
    },
  };
}
