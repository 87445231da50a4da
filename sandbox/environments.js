// The sandbox's dbt environments per connection: state, routes and behaviour of the environment routes of
// contract/dbt-environments.openapi.yaml (the branch binding of the same document is branches.js). What the
// sandbox assumes where Omni's sources are silent is listed in sandbox/README.md ("dbt environments").
import { ENVIRONMENT_PATH, ENVIRONMENTS_PATH, loadEnvironmentsContract } from './contract.js';
import {
  assertOneOf,
  assertPageSize,
  clone,
  decodeSegment,
  deriveId,
  errorBody,
  methodNotAllowed,
  normalizeId,
  readJsonRequest,
  sequentialId,
} from './family.js';

const ENVIRONMENTS_ROUTE = /^\/api\/v1\/connections\/([^/]+)\/dbt\/environments(?:\/([^/]+))?\/?$/;
export const ENVIRONMENT_LIST_SHAPES = ['paged', 'array'];
export const VARIABLE_OMISSION_MODES = ['keep', 'remove'];
/** `keyset`: as the contract says; the others are broken pagings a client must refuse, not take as the end. */
export const ENVIRONMENT_PAGINGS = ['keyset', 'repeat-cursor', 'no-cursor'];
/** Omni's own default page size is 20 (the contract); the sandbox pages sooner so paging gets exercised. */
export const DEFAULT_ENVIRONMENT_PAGE_SIZE = 3;

/**
 * @typedef {{ isValid: true } | { isValid: false, message: string }} ValidationResult
 *
 * @typedef {object} StoredVariable
 * @property {string} id
 * @property {string} name
 * @property {boolean} isSecret
 * @property {string} value the stored value, secrets included (answers show null for a secret)
 *
 * @typedef {object} StoredEnvironment
 * @property {string} id
 * @property {string} name
 * @property {boolean} isDefaultEnvironment
 * @property {string | null} ownerId null: shared; a user id: personal
 * @property {string | null} targetDatabase
 * @property {string | null} targetName
 * @property {string | null} targetRole
 * @property {string} targetSchema
 * @property {StoredVariable[]} variables
 *
 * @typedef {object} SeedVariable
 * @property {string} [id] default: derived from the connection, environment and variable names
 * @property {string} name
 * @property {boolean} [isSecret] default false
 * @property {string} value
 *
 * @typedef {object} SeedEnvironment
 * @property {string} [id] default: derived from the connection id and the name
 * @property {string} name
 * @property {boolean} [isDefaultEnvironment] default false
 * @property {string | null} [ownerId] default null (shared)
 * @property {string | null} [targetDatabase]
 * @property {string | null} [targetName]
 * @property {string | null} [targetRole]
 * @property {string} targetSchema
 * @property {SeedVariable[]} [variables]
 *
 * @typedef {'paged' | 'array'} EnvironmentListShape
 * @typedef {'keep' | 'remove'} VariableOmissionMode
 * @typedef {'keyset' | 'repeat-cursor' | 'no-cursor'} EnvironmentPaging
 *
 * @typedef {{ route: 'environments', connectionId: string, environmentId: string | null }} RouteMatch
 * @typedef {import('./family.js').Answer} Answer
 * @typedef {import('./family.js').FamilyRequest} EnvironmentRequest
 */

/** @param {string} message */
function badRequest(message) {
  return { status: 400, body: errorBody(400, message) };
}

/** @param {string} message */
function notFound(message) {
  return { status: 404, body: errorBody(404, message) };
}

/** @param {StoredEnvironment} environment the answer's form: secret values are null */
function renderEnvironment(environment) {
  return {
    id: environment.id,
    isDefaultEnvironment: environment.isDefaultEnvironment,
    name: environment.name,
    ownerId: environment.ownerId,
    targetDatabase: environment.targetDatabase,
    targetName: environment.targetName,
    targetRole: environment.targetRole,
    targetSchema: environment.targetSchema,
    variables: environment.variables.map((v) => ({
      id: v.id,
      isSecret: v.isSecret,
      name: v.name,
      value: v.isSecret ? null : v.value,
    })),
  };
}

/**
 * @typedef {object} EnvironmentServiceOptions
 * @property {(connectionId: string) => { dialect: string, supportsDbt: boolean, dbt?: object | null } | undefined} getConnectionState
 *   the stored connection by normalized id
 * @property {EnvironmentListShape} [listShape] default 'paged'
 * @property {VariableOmissionMode} [variablesOmittedOnUpdate] default 'keep'
 * @property {number} [pageSize] default DEFAULT_ENVIRONMENT_PAGE_SIZE
 * @property {EnvironmentPaging} [paging] default 'keyset'
 */

/**
 * The environment and branch state of one sandbox, and its behaviour.
 * @param {EnvironmentServiceOptions} options
 */
export function createEnvironmentService(options) {
  const contract = loadEnvironmentsContract();
  const initial = {
    listShape: options.listShape ?? 'paged',
    variablesOmittedOnUpdate: options.variablesOmittedOnUpdate ?? 'keep',
    pageSize: options.pageSize ?? DEFAULT_ENVIRONMENT_PAGE_SIZE,
    paging: options.paging ?? 'keyset',
  };
  assertOneOf(initial.listShape, ENVIRONMENT_LIST_SHAPES, 'environmentListShape');
  assertOneOf(initial.paging, ENVIRONMENT_PAGINGS, 'environmentPaging');
  assertOneOf(initial.variablesOmittedOnUpdate, VARIABLE_OMISSION_MODES, 'variablesOmittedOnUpdate');
  assertPageSize(initial.pageSize, 'environment page size');
  let switches = { ...initial };
  /** @type {Map<string, StoredEnvironment[]>} by normalized connection id */
  const environments = new Map();
  let counter = 0;

  /** Ids of records made at run time: sequential, UUID-shaped, unused. @param {'environment' | 'variable'} kind */
  const makeId = (kind) => {
    const used = new Set(
      [...environments.values()].flatMap((list) =>
        list.flatMap((e) => [e.id, ...e.variables.map((v) => v.id)]),
      ),
    );
    for (;;) {
      counter += 1;
      const id = sequentialId(kind === 'environment' ? 'e0000000' : 'fa000000', counter);
      if (!used.has(id)) return id;
    }
  };

  /** @param {string} connectionId normalized @param {SeedEnvironment} seed @returns {StoredEnvironment} */
  const toStored = (connectionId, seed) => {
    if (!seed || typeof seed.name !== 'string' || typeof seed.targetSchema !== 'string') {
      throw new Error(`sandbox environment of connection ${connectionId} needs a name and a targetSchema`);
    }
    const id = normalizeId(seed.id ?? deriveId([connectionId, seed.name]));
    return {
      id,
      name: seed.name,
      isDefaultEnvironment: seed.isDefaultEnvironment === true,
      ownerId: seed.ownerId ?? null,
      targetDatabase: seed.targetDatabase ?? null,
      targetName: seed.targetName ?? null,
      targetRole: seed.targetRole ?? null,
      targetSchema: seed.targetSchema,
      variables: (seed.variables ?? []).map((v) => {
        if (typeof v?.name !== 'string' || typeof v.value !== 'string') {
          throw new Error(`sandbox variable of environment "${seed.name}" needs a name and a string value`);
        }
        return {
          id: normalizeId(v.id ?? deriveId([connectionId, seed.name, v.name])),
          name: v.name,
          isSecret: v.isSecret === true,
          value: v.value,
        };
      }),
    };
  };

  /** docs.omni.co: "A production environment is created automatically when you set up the dbt integration". */
  const buildDefault = (/** @type {string} */ id) => ({
    id,
    name: 'Production',
    isDefaultEnvironment: true,
    ownerId: null,
    targetDatabase: null,
    targetName: null,
    targetRole: null,
    targetSchema: 'public',
    variables: [],
  });

  /** @param {string} connectionId @param {SeedEnvironment[]} list */
  const setEnvironments = (connectionId, list) => {
    if (!Array.isArray(list)) throw new Error(`sandbox environments of ${connectionId} must be a list`);
    const id = normalizeId(connectionId);
    environments.set(
      id,
      list.map((seed) => toStored(id, seed)),
    );
  };

  /**
   * A connection's `environments` in the seed are its environments; a connection with dbt configured and no
   * `environments` key has the default one Omni would have made (`environments: []` means none at all).
   * @param {{ connections: Record<string, any> }} seed
   */
  const load = (seed) => {
    environments.clear();
    counter = 0;
    switches = { ...initial };
    for (const [connectionId, state] of Object.entries(seed.connections)) {
      const id = normalizeId(connectionId);
      if (state?.environments !== undefined) setEnvironments(id, state.environments);
      else if (state?.supportsDbt && state.dbt)
        environments.set(id, [buildDefault(deriveId([id, 'Production']))]);
    }
  };

  /** After a PUT .../dbt configured dbt on a connection that had none: the default environment, once. */
  const createDefaultEnvironment = (/** @type {string} */ connectionId) => {
    const id = normalizeId(connectionId);
    const list = environments.get(id) ?? [];
    if (list.some((e) => e.isDefaultEnvironment)) return;
    environments.set(id, [...list, buildDefault(makeId('environment'))]);
  };

  /** @param {string} pathname @returns {RouteMatch | null} */
  const matchRoute = (pathname) => {
    const environmentsMatch = ENVIRONMENTS_ROUTE.exec(pathname);
    if (!environmentsMatch) return null;
    return {
      route: 'environments',
      connectionId: decodeSegment(environmentsMatch[1] ?? ''),
      environmentId: environmentsMatch[2] === undefined ? null : decodeSegment(environmentsMatch[2]),
    };
  };

  /** @param {RouteMatch} match */
  const describePath = (match) => (match.environmentId === null ? ENVIRONMENTS_PATH : ENVIRONMENT_PATH);

  /** @param {RouteMatch} match @returns {string[]} */
  const listMethods = (match) => (match.environmentId === null ? ['GET', 'POST'] : ['PUT', 'DELETE']);

  /**
   * @param {string} path @param {string} method @param {EnvironmentRequest} request
   * @returns {{ body: Record<string, any> } | { answer: Answer }}
   */
  const readJsonBody = (path, method, request) => {
    const read = readJsonRequest(request, badRequest);
    if ('answer' in read) return read;
    const check = contract.validateRequestBody(path, method, read.body);
    if (!check.isValid) return { answer: badRequest(check.message) };
    return { body: /** @type {Record<string, any>} */ (read.body) };
  };

  /** @param {StoredEnvironment[]} list @param {string} direction */
  const sortEnvironments = (list, direction) => {
    const sign = direction === 'asc' ? 1 : -1;
    /** @param {string} a @param {string} b */
    const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
    return [...list].sort((a, b) => sign * (compare(a.name, b.name) || compare(a.id, b.id)));
  };

  /** @param {StoredEnvironment[]} list @param {URLSearchParams} query @returns {Answer} */
  const listEnvironments = (list, query) => {
    const direction = query.get('sortDirection') ?? 'desc';
    const sorted = sortEnvironments(list, direction);
    if (switches.listShape === 'array') return { status: 200, body: sorted.map(renderEnvironment) };
    const requested = query.has('pageSize') ? Number(query.get('pageSize')) : switches.pageSize;
    // The sandbox answers at most its page size, whatever the request asks (a client must follow the cursor).
    const pageSize = Math.min(Math.floor(requested), switches.pageSize);
    let start = 0;
    const cursor = query.get('cursor');
    if (cursor !== null) {
      /** @type {{ name?: unknown, id?: unknown, direction?: unknown } | null} */
      let after = null;
      try {
        after = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        after = null;
      }
      if (
        !after ||
        typeof after.name !== 'string' ||
        typeof after.id !== 'string' ||
        after.direction !== direction
      ) {
        return badRequest(`cursor "${cursor}" is not one this list gave (or sortDirection changed)`);
      }
      const afterName = after.name;
      const afterId = after.id;
      const sign = direction === 'asc' ? 1 : -1;
      // Keyset paging: the first record after the cursor's (name, id) in the sort order.
      start = sorted.findIndex(
        (e) =>
          sign *
            (e.name < afterName
              ? -1
              : e.name > afterName
                ? 1
                : e.id < afterId
                  ? -1
                  : e.id > afterId
                    ? 1
                    : 0) >
          0,
      );
      if (start < 0) start = sorted.length;
    }
    const page = sorted.slice(start, start + pageSize);
    const last = page.at(-1);
    let hasNextPage = start + pageSize < sorted.length && last !== undefined;
    let nextCursor = hasNextPage
      ? Buffer.from(JSON.stringify({ name: last.name, id: last.id, direction })).toString('base64url')
      : null;
    if (switches.paging === 'repeat-cursor' && cursor !== null) {
      // Stuck: every page after the first gives back the cursor it was asked with.
      hasNextPage = true;
      nextCursor = cursor;
    } else if (switches.paging === 'no-cursor' && hasNextPage) {
      nextCursor = null;
    }
    return {
      status: 200,
      body: {
        pageInfo: { hasNextPage, nextCursor, pageSize, totalRecords: sorted.length },
        records: page.map(renderEnvironment),
      },
    };
  };

  /** @param {StoredEnvironment[]} list @param {string} name @param {string | null} exceptId */
  const findNameClash = (list, name, exceptId) =>
    list.find((e) => e.id !== exceptId && e.name.toLowerCase() === name.toLowerCase());

  /** @param {string} connectionId @param {StoredEnvironment[]} list @param {Record<string, any>} body @returns {Answer} */
  const createEnvironment = (connectionId, list, body) => {
    const clash = findNameClash(list, body.name, null);
    if (clash) {
      return badRequest(
        `A dbt environment named "${clash.name}" already exists on this connection (id ${clash.id})`,
      );
    }
    /** @type {Array<{ name: string, isSecret: boolean, value: string }>} */
    const variables = body.variables ?? [];
    const names = new Set();
    for (const variable of variables) {
      if (names.has(variable.name)) return badRequest(`Variable "${variable.name}" appears more than once`);
      names.add(variable.name);
    }
    /** @type {StoredEnvironment} */
    const environment = {
      id: makeId('environment'),
      name: body.name,
      isDefaultEnvironment: false,
      ownerId: body.ownerId ?? null,
      targetDatabase: body.targetDatabase ?? null,
      targetName: body.targetName ?? null,
      targetRole: body.targetRole ?? null,
      targetSchema: body.targetSchema,
      variables: [],
    };
    environment.variables = variables.map((v) => ({
      id: makeId('variable'),
      name: v.name,
      isSecret: v.isSecret,
      value: v.value,
    }));
    environments.set(connectionId, [...list, environment]);
    return { status: 201, body: renderEnvironment(environment) };
  };

  /**
   * Every check runs before anything changes: a refused update leaves the environment as it was.
   * @param {string} connectionId @param {StoredEnvironment[]} list @param {StoredEnvironment} environment
   * @param {Record<string, any>} body
   * @returns {Answer}
   */
  const updateEnvironment = (connectionId, list, environment, body) => {
    const clash = findNameClash(list, body.name, environment.id);
    if (clash) {
      return badRequest(
        `A dbt environment named "${clash.name}" already exists on this connection (id ${clash.id})`,
      );
    }
    const stored = new Map(environment.variables.map((v) => [v.id, v]));
    /** @type {Map<string, StoredVariable>} */
    const updated = new Map();
    /** @type {StoredVariable[]} */
    const created = [];
    /** @type {Array<Record<string, any>>} */
    const items = body.variables ?? [];
    for (const item of items) {
      if (typeof item.id === 'string') {
        const id = normalizeId(item.id);
        const current = stored.get(id);
        if (!current) {
          return badRequest(`Variable ${item.id} is not a variable of dbt environment ${environment.id}`);
        }
        if (updated.has(id)) return badRequest(`Variable ${item.id} appears more than once`);
        if (typeof item.name === 'string' && item.name !== current.name) {
          return badRequest(
            `Variable names cannot be changed after creation: variable ${item.id} is "${current.name}", not "${item.name}"`,
          );
        }
        // The contract: "Omit or set to null to keep the existing value for secret variables."
        const value = typeof item.value === 'string' ? item.value : current.value;
        updated.set(id, { ...current, isSecret: item.isSecret, value });
      } else {
        const isTaken =
          environment.variables.some((v) => v.name === item.name) ||
          created.some((v) => v.name === item.name);
        if (isTaken) {
          return badRequest(
            `Variable "${item.name}" already exists in dbt environment ${environment.id}: update it by its id`,
          );
        }
        created.push({ id: '', name: item.name, isSecret: item.isSecret, value: item.value });
      }
    }
    for (const variable of created) variable.id = makeId('variable');
    const isKept = switches.variablesOmittedOnUpdate === 'keep';
    /** @type {StoredEnvironment} */
    const next = {
      ...environment,
      name: body.name,
      targetSchema: body.targetSchema,
      // docs.omni.co: "only the provided fields will be updated"; a field left out keeps its value.
      ownerId: 'ownerId' in body ? body.ownerId : environment.ownerId,
      targetDatabase: 'targetDatabase' in body ? body.targetDatabase : environment.targetDatabase,
      targetName: 'targetName' in body ? body.targetName : environment.targetName,
      targetRole: 'targetRole' in body ? body.targetRole : environment.targetRole,
      variables: [
        ...environment.variables.flatMap((v) => {
          const change = updated.get(v.id);
          return change ? [change] : isKept ? [v] : [];
        }),
        ...created,
      ],
    };
    environments.set(
      connectionId,
      list.map((e) => (e.id === environment.id ? next : e)),
    );
    return { status: 200, body: renderEnvironment(next) };
  };

  /** @param {string} method @param {Extract<RouteMatch, { route: 'environments' }>} match @param {EnvironmentRequest} request @returns {Answer} */
  const handleEnvironments = (method, match, request) => {
    const path = describePath(match);
    const idCheck = contract.validateParameter(path, method, 'connectionId', match.connectionId);
    if (!idCheck.isValid) return badRequest(idCheck.message);
    if (match.environmentId !== null) {
      const check = contract.validateParameter(path, method, 'environmentId', match.environmentId);
      if (!check.isValid) return badRequest(check.message);
    }
    if (method === 'GET') {
      for (const name of ['cursor', 'pageSize', 'sortDirection', 'sortField']) {
        const raw = request.query.get(name);
        if (raw === null) continue;
        const value =
          name === 'pageSize' && raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
        const check = contract.validateParameter(path, method, name, value);
        if (!check.isValid) return badRequest(check.message);
      }
    }
    if (request.isReadOnly && method !== 'GET') {
      return { status: 403, body: errorBody(403, 'Permission denied - connection admin role required') };
    }
    /** @type {Record<string, any>} */
    let body = {};
    if (method === 'POST' || method === 'PUT') {
      const read = readJsonBody(path, method, request);
      if ('answer' in read) return read.answer;
      body = read.body;
    }
    const connectionId = normalizeId(match.connectionId);
    const connection = options.getConnectionState(connectionId);
    if (!connection) return notFound('Connection not found');
    if (!connection.supportsDbt) {
      return {
        status: 403,
        body: errorBody(403, `dbt is not supported for the ${connection.dialect} dialect`),
      };
    }
    if (!connection.dbt) return notFound('dbt not configured for this connection');
    const list = environments.get(connectionId) ?? [];
    if (match.environmentId === null) {
      return method === 'GET'
        ? listEnvironments(list, request.query)
        : createEnvironment(connectionId, list, body);
    }
    const environment = list.find((e) => e.id === normalizeId(match.environmentId ?? ''));
    if (!environment) return notFound(`dbt environment ${match.environmentId} not found on this connection`);
    if (method === 'PUT') return updateEnvironment(connectionId, list, environment, body);
    if (environment.isDefaultEnvironment) {
      return badRequest(
        `The default dbt environment "${environment.name}" cannot be deleted; update it instead`,
      );
    }
    environments.set(
      connectionId,
      list.filter((e) => e.id !== environment.id),
    );
    return { status: 200, body: { message: 'dbt environment deleted successfully', success: true } };
  };

  /**
   * The environment with this id on any connection, and its connection (normalized id).
   * @param {string} id @returns {{ connectionId: string, environment: StoredEnvironment } | undefined}
   */
  const findEnvironment = (id) => {
    for (const [connectionId, list] of environments) {
      const environment = list.find((e) => e.id === normalizeId(id));
      if (environment) return { connectionId, environment };
    }
    return undefined;
  };

  return {
    matchRoute,
    listMethods,
    load,
    createDefaultEnvironment,
    /** @param {string} method @param {RouteMatch} match @param {EnvironmentRequest} request @returns {Answer} */
    handle(method, match, request) {
      if (!listMethods(match).includes(method)) return methodNotAllowed(method, listMethods(match));
      return handleEnvironments(method, match, request);
    },
    /** The sandbox's own answer against the contract. @param {string} method @param {RouteMatch} match @param {Answer} answer */
    checkAnswer(method, match, answer) {
      if (!listMethods(match).includes(method)) return /** @type {ValidationResult} */ ({ isValid: true });
      if (method === 'GET' && answer.status === 200 && Array.isArray(answer.body)) {
        return contract.validateEnvironmentArray(answer.body);
      }
      return contract.validateResponse(describePath(match), method, answer.status, answer.body);
    },
    /** @param {string} connectionId @returns {StoredEnvironment[]} stored values, secrets included */
    getEnvironments(connectionId) {
      return /** @type {StoredEnvironment[]} */ (clone(environments.get(normalizeId(connectionId)) ?? []));
    },
    setEnvironments,
    findEnvironment,
    /** @param {EnvironmentListShape} shape */
    setListShape(shape) {
      assertOneOf(shape, ENVIRONMENT_LIST_SHAPES, 'environmentListShape');
      switches.listShape = shape;
    },
    /** @param {VariableOmissionMode} mode */
    setVariablesOmittedOnUpdate(mode) {
      assertOneOf(mode, VARIABLE_OMISSION_MODES, 'variablesOmittedOnUpdate');
      switches.variablesOmittedOnUpdate = mode;
    },
    /** @param {number} size */
    setPageSize(size) {
      assertPageSize(size, 'environment page size');
      switches.pageSize = size;
    },
    /** @param {EnvironmentPaging} paging */
    setPaging(paging) {
      assertOneOf(paging, ENVIRONMENT_PAGINGS, 'environmentPaging');
      switches.paging = paging;
    },
  };
}
