// The dbt environment of an Omni model branch: POST /api/v1/models/{modelId}/branch/{branchName}/dbt
// (contract/dbt-environments.openapi.yaml, modelsBranchDbt), on the branches of the model world. What a
// binding changes is what a branch's next schema refresh reads (model-world.js).
import { BRANCH_DBT_PATH, loadEnvironmentsContract } from './contract.js';
import { decodeSegment, errorAnswer, methodNotAllowed, normalizeId, readJsonRequest } from './family.js';

// A branch name travels as one path segment: a "/" in it must be sent as %2F (a raw "/" finds no route).
const BRANCH_ROUTE = /^\/api\/v1\/models\/([^/]+)\/branch\/([^/]+)\/dbt\/?$/;
const METHODS = ['POST'];

/**
 * @typedef {{ route: 'branch', modelId: string, branchName: string }} BindingMatch
 * @typedef {import('./family.js').Answer} Answer
 *
 * @typedef {object} BranchServiceOptions
 * @property {ReturnType<typeof import('./model-world.js').createModelWorld>} world
 * @property {(id: string) => { connectionId: string, environment: { id: string } } | undefined} findEnvironment
 */

/** @param {BranchServiceOptions} options */
export function createBranchService({ world, findEnvironment }) {
  const contract = loadEnvironmentsContract();
  /** @param {string} message */
  const badRequest = (message) => errorAnswer(400, message);

  /** @param {BindingMatch} match @param {import('./family.js').FamilyRequest} request @returns {Answer} */
  const bind = (match, request) => {
    const idCheck = contract.validateParameter(BRANCH_DBT_PATH, 'POST', 'modelId', match.modelId);
    if (!idCheck.isValid) return badRequest(idCheck.message);
    if (request.isReadOnly) return errorAnswer(403, 'Permission denied');
    const read = readJsonRequest(request, badRequest);
    if ('answer' in read) return read.answer;
    const bodyCheck = contract.validateRequestBody(BRANCH_DBT_PATH, 'POST', read.body);
    if (!bodyCheck.isValid) return badRequest(bodyCheck.message);
    const body = /** @type {Record<string, any>} */ (read.body);
    const model = world.findModel(match.modelId);
    if (!model) return errorAnswer(404, `Model ${match.modelId} not found`);
    const branch = world.findBranchByName(model, match.branchName);
    if (!branch) return errorAnswer(404, `Branch "${match.branchName}" not found in model ${match.modelId}`);
    const found = findEnvironment(body.dbt_environment_id);
    if (!found) return badRequest(`dbt environment ${body.dbt_environment_id} does not exist`);
    if (model.connectionId !== null && model.connectionId !== found.connectionId) {
      return badRequest(
        `dbt environment ${found.environment.id} belongs to connection ${found.connectionId}, not to this model's connection ${model.connectionId}`,
      );
    }
    world.bindBranch(branch, {
      dbtEnvironmentId: normalizeId(found.environment.id),
      dbtGitBranch: typeof body.dbt_git_branch === 'string' ? body.dbt_git_branch : null,
    });
    return { status: 200, body: { success: true } };
  };

  return {
    /** @param {string} pathname @returns {BindingMatch | null} */
    matchRoute(pathname) {
      const match = BRANCH_ROUTE.exec(pathname);
      if (!match) return null;
      return {
        route: 'branch',
        modelId: decodeSegment(match[1] ?? ''),
        branchName: decodeSegment(match[2] ?? ''),
      };
    },
    listMethods: () => METHODS,
    /** @param {string} method @param {BindingMatch} match @param {import('./family.js').FamilyRequest} request */
    handle(method, match, request) {
      if (!METHODS.includes(method)) return methodNotAllowed(method, METHODS);
      return bind(match, request);
    },
    /** @param {string} method @param {BindingMatch} _match @param {Answer} answer */
    checkAnswer(method, _match, answer) {
      return contract.validateResponse(BRANCH_DBT_PATH, method, answer.status, answer.body);
    },
  };
}
