// The dbt environments endpoint family (contract/dbt-environments.openapi.yaml): list (paged by cursor,
// or the plain array docs.omni.co shows), create, update and delete (a 404 counted as gone only once the list
// shows it: outcomes.ts) under /v1/connections/{id}/dbt/environments.
import { z } from 'zod';
import type { DbtEnvironmentCreateBody, DbtEnvironmentUpdateBody } from '../config/schema.js';
import { type Deletion, deleteUnlessAbsent } from './outcomes.js';
import { pageInfoSchema, readEveryPage } from './paging.js';
import { parseWithSchema, type Transport } from './transport.js';

const liveVariableSchema = z.object({
  id: z.string(),
  isSecret: z.boolean(),
  name: z.string(),
  // Omni answers null for a secret's value: it is write-only.
  value: z.string().nullable(),
});

/** DbtEnvironmentItem. */
const liveEnvironmentSchema = z.object({
  id: z.string(),
  isDefaultEnvironment: z.boolean(),
  name: z.string(),
  ownerId: z.string().nullable(),
  targetDatabase: z.string().nullable(),
  targetName: z.string().nullable(),
  targetRole: z.string().nullable(),
  targetSchema: z.string(),
  variables: z.array(liveVariableSchema),
});

/** DbtEnvironmentListResponse, or the plain array of docs.omni.co's "List dbt environments" page. */
const listPageSchema = z.union([
  z.object({
    pageInfo: pageInfoSchema,
    records: z.array(liveEnvironmentSchema),
  }),
  z.array(liveEnvironmentSchema),
]);

const deleteResponseSchema = z.object({ message: z.string(), success: z.boolean() });

export type LiveEnvironment = z.infer<typeof liveEnvironmentSchema>;
export type LiveVariable = z.infer<typeof liveVariableSchema>;

export interface EnvironmentsApi {
  /** Every environment of the connection, personal ones included, across all pages. */
  listEnvironments(connectionId: string): Promise<LiveEnvironment[]>;
  createEnvironment(connectionId: string, body: DbtEnvironmentCreateBody): Promise<LiveEnvironment>;
  updateEnvironment(
    connectionId: string,
    environmentId: string,
    body: DbtEnvironmentUpdateBody,
  ): Promise<LiveEnvironment>;
  /** `absent` when Omni answered 404 and the connection's list no longer holds the environment. */
  deleteEnvironment(connectionId: string, environmentId: string): Promise<Deletion>;
}

/** The contract's largest page: one request for any connection with up to 100 environments. */
export const ENVIRONMENT_PAGE_SIZE = 100;
/** A guard against a list that never ends: 1000 pages of 100 is far beyond any connection (then it fails). */
const MAX_PAGES = 1000;

const CREATE_UNCERTAIN =
  'the environment may or may not have been created; the next plan shows whether it exists';
const UPDATE_UNCERTAIN =
  'the new variables may or may not have been added; the next plan shows what Omni has';

function environmentsPath(connectionId: string, environmentId?: string): string {
  const base = `/v1/connections/${encodeURIComponent(connectionId)}/dbt/environments`;
  return environmentId === undefined ? base : `${base}/${encodeURIComponent(environmentId)}`;
}

export function createEnvironmentsApi(transport: Transport): EnvironmentsApi {
  const parseEnvironment = parseWithSchema(liveEnvironmentSchema, 'the environment');
  const listEnvironments: EnvironmentsApi['listEnvironments'] = (connectionId) => {
    const path = environmentsPath(connectionId);
    return readEveryPage(
      async (cursor) => {
        const answer = await transport.request({
          method: 'GET',
          path,
          query: { pageSize: ENVIRONMENT_PAGE_SIZE, cursor },
          parse: parseWithSchema(listPageSchema, 'the environment list'),
          isIdempotent: true,
        });
        // docs.omni.co's plain array is the whole list.
        if (Array.isArray(answer)) return { records: answer, hasNextPage: false, nextCursor: null };
        return { records: answer.records, ...answer.pageInfo };
      },
      { method: 'GET', path, what: 'the environments', maxPages: MAX_PAGES },
    );
  };
  return {
    listEnvironments,
    createEnvironment(connectionId, body) {
      // Each POST that lands creates one more environment: repeated only when it surely never landed.
      return transport.request({
        method: 'POST',
        path: environmentsPath(connectionId),
        body,
        parse: parseEnvironment,
        isIdempotent: false,
        uncertainOutcome: CREATE_UNCERTAIN,
      });
    },
    updateEnvironment(connectionId, environmentId, body) {
      // Updates by id set the same state again; a variable without an id is created by each PUT that lands.
      const isCreatingVariables = (body.variables ?? []).some((variable) => !('id' in variable));
      return transport.request({
        method: 'PUT',
        path: environmentsPath(connectionId, environmentId),
        body,
        parse: parseEnvironment,
        isIdempotent: !isCreatingVariables,
        uncertainOutcome: UPDATE_UNCERTAIN,
      });
    },
    deleteEnvironment(connectionId, environmentId) {
      return deleteUnlessAbsent(
        async () => {
          await transport.request({
            method: 'DELETE',
            path: environmentsPath(connectionId, environmentId),
            parse: (value) => {
              const parsed = parseWithSchema(deleteResponseSchema, 'the answer')(value);
              if (parsed.ok && !parsed.value.success) {
                return { ok: false, reason: 'success: false', detail: parsed.value.message };
              }
              return parsed;
            },
            isIdempotent: true,
          });
        },
        // Gone already (a retried DELETE whose first answer was lost) is what the plan wanted; but a wrong
        // connection, or dbt no longer configured, answers 404 too, and then the list fails: the DELETE's own
        // 404 is the error to report.
        async () => {
          try {
            const live = await listEnvironments(connectionId);
            return !live.some((environment) => environment.id === environmentId);
          } catch {
            return false;
          }
        },
      );
    },
  };
}
