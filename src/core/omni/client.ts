// The Omni client of a run: one transport (pacing, retries, typed errors) shared by every endpoint family.
// A new family is one module beside dbt.ts and one line here.
import { type BranchesApi, createBranchesApi } from './branches.js';
import { createDbtApi, type DbtApi } from './dbt.js';
import { createEnvironmentsApi, type EnvironmentsApi } from './environments.js';
import { createModelsApi, type ModelsApi } from './models.js';
import { createSchedulesApi, type SchedulesApi } from './schedules.js';
import { type CreateTransportOptions, createTransport } from './transport.js';

export type OmniClient = DbtApi & EnvironmentsApi & BranchesApi & ModelsApi & SchedulesApi;

export type CreateOmniClientOptions = CreateTransportOptions;

/** Creates the client for one run. Throws a TypeError when the token cannot be sent in a header. */
export function createOmniClient(options: CreateOmniClientOptions): OmniClient {
  const transport = createTransport(options);
  return {
    ...createDbtApi(transport),
    ...createEnvironmentsApi(transport),
    ...createBranchesApi(transport),
    ...createModelsApi(transport),
    ...createSchedulesApi(transport),
  };
}
