// The model branch endpoint family: POST /v1/models/{modelId}/branch/{branchName}/dbt sets the dbt environment
// (and the git branch) an Omni model branch uses (contract/dbt-environments.openapi.yaml, modelsBranchDbt).
import { parseSuccessAnswer, type Transport } from './transport.js';

export interface BranchBinding {
  modelId: string;
  branchName: string;
  environmentId: string;
  /** The git branch dbt reads for this Omni branch (the pull request's head branch). */
  gitBranch: string;
}

export interface BranchesApi {
  bindBranchEnvironment(binding: BranchBinding): Promise<void>;
}

export function createBranchesApi(transport: Transport): BranchesApi {
  return {
    async bindBranchEnvironment({ modelId, branchName, environmentId, gitBranch }) {
      await transport.request({
        method: 'POST',
        path: `/v1/models/${encodeURIComponent(modelId)}/branch/${encodeURIComponent(branchName)}/dbt`,
        body: { dbt_environment_id: environmentId, dbt_git_branch: gitBranch },
        parse: parseSuccessAnswer,
        // Setting the same environment on the same branch twice leaves it as once.
        isIdempotent: true,
      });
    },
  };
}
