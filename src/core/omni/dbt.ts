// The dbt settings endpoint family: GET and PUT /v1/connections/{connectionId}/dbt (contract/dbt.openapi.yaml),
// their answers as zod schemas, and which of the calls are safe to repeat.
import { z } from 'zod';
import { liveSettingsShape } from '../config/dbt-settings.js';
import type { DbtConfigBody } from '../config/types.js';
import { listIssuePaths, type ParseResult, type Transport } from './transport.js';

/** Said of a rotateKeys PUT whose fate is unknown; callers show it as is. */
export const ROTATION_UNCERTAIN_MESSAGE =
  "the key rotation may or may not have happened; check the connection's dbt settings in Omni";

/** GET's DbtConfiguredResponse, fields in the order a mismatch names them (config/dbt-settings.ts). */
const configuredSchema = z.object({ supportsDbt: z.literal(true), ...liveSettingsShape });

/** GET's DbtNotConfiguredResponse. */
const notConfiguredSchema = z.object({ supportsDbt: z.boolean(), message: z.string() });

const putResponseSchema = z.object({ success: z.boolean(), message: z.string().optional() });

/** GET /v1/connections/{connectionId}/dbt, the contract's two 200 shapes. */
export type LiveDbtConfig =
  | ({ isConfigured: true } & z.infer<typeof configuredSchema>)
  | { isConfigured: false; supportsDbt: boolean; message: string };

/** The body of PUT /v1/connections/{connectionId}/dbt. */
export type DbtPutBody = DbtConfigBody & { rotateKeys?: boolean };

export interface DbtApi {
  getDbtConfig(connectionId: string): Promise<LiveDbtConfig>;
  /** Resolves only on 2xx with `success: true`; otherwise throws an OmniError. */
  putDbtConfig(connectionId: string, body: DbtPutBody): Promise<{ message: string }>;
}

const CONFIGURED_FIELDS = Object.keys(configuredSchema.shape).filter((key) => key !== 'supportsDbt');

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The contract's two 200 shapes of GET: DbtConfiguredResponse or DbtNotConfiguredResponse. */
export function parseLiveDbtConfig(value: unknown): ParseResult<LiveDbtConfig> {
  if (!isRecord(value)) return { ok: false, reason: 'the body is not a JSON object' };
  if (typeof value.supportsDbt !== 'boolean') {
    return { ok: false, reason: 'the body has no boolean supportsDbt' };
  }
  if (!CONFIGURED_FIELDS.some((name) => name in value)) {
    const notConfigured = notConfiguredSchema.safeParse(value);
    if (!notConfigured.success) {
      return { ok: false, reason: 'the body has neither the dbt configuration fields nor a message' };
    }
    return { ok: true, value: { isConfigured: false, ...notConfigured.data } };
  }
  const configured = configuredSchema.safeParse(value);
  if (!configured.success) {
    return {
      ok: false,
      reason: `the dbt configuration has missing or mistyped fields: ${listIssuePaths(configured.error)}`,
    };
  }
  return { ok: true, value: { isConfigured: true, ...configured.data } };
}

/** PUT succeeds only on `success: true` (README, "What a run does"). */
export function parsePutResponse(value: unknown): ParseResult<{ message: string }> {
  const parsed = putResponseSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: 'the body has no boolean success' };
  const message = parsed.data.message ?? '';
  if (!parsed.data.success) {
    // Quoted (redacted, then cut) by the transport.
    return { ok: false, reason: 'success: false', detail: message.trim() || undefined };
  }
  return { ok: true, value: { message } };
}

function dbtPath(connectionId: string): string {
  return `/v1/connections/${encodeURIComponent(connectionId)}/dbt`;
}

export function createDbtApi(transport: Transport): DbtApi {
  return {
    getDbtConfig(connectionId) {
      return transport.request({
        method: 'GET',
        path: dbtPath(connectionId),
        parse: parseLiveDbtConfig,
        isIdempotent: true,
      });
    },
    putDbtConfig(connectionId, body) {
      // A plain PUT sends the full desired state: repeating it is harmless. One with rotateKeys rotates
      // the deploy key again each time it lands.
      const isRotation = body.rotateKeys === true;
      return transport.request({
        method: 'PUT',
        path: dbtPath(connectionId),
        body,
        parse: parsePutResponse,
        isIdempotent: !isRotation,
        uncertainOutcome: ROTATION_UNCERTAIN_MESSAGE,
      });
    },
  };
}
