// A whole OmniClient for unit tests from the few calls a test expects; any other call fails the test loudly.
import type { OmniClient } from '../../src/core/omni/client.js';

export function completeClient(calls: Partial<OmniClient>): OmniClient {
  const unexpected = (name: string) => async () => {
    throw new Error(`The test did not expect a call to ${name}`);
  };
  return {
    getDbtConfig: unexpected('getDbtConfig'),
    putDbtConfig: unexpected('putDbtConfig'),
    listEnvironments: unexpected('listEnvironments'),
    createEnvironment: unexpected('createEnvironment'),
    updateEnvironment: unexpected('updateEnvironment'),
    deleteEnvironment: unexpected('deleteEnvironment'),
    bindBranchEnvironment: unexpected('bindBranchEnvironment'),
    findModel: unexpected('findModel'),
    findBranch: unexpected('findBranch'),
    createBranch: unexpected('createBranch'),
    deleteBranch: unexpected('deleteBranch'),
    startRefresh: unexpected('startRefresh'),
    getJobStatus: unexpected('getJobStatus'),
    validateModel: unexpected('validateModel'),
    validateContent: unexpected('validateContent'),
    listExposures: unexpected('listExposures'),
    listSchedules: unexpected('listSchedules'),
    createSchedule: unexpected('createSchedule'),
    updateSchedule: unexpected('updateSchedule'),
    deleteSchedule: unexpected('deleteSchedule'),
    ...calls,
  };
}
