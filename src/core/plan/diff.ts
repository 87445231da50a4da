// Pure comparison of the desired dbt configuration with the live one (README, "What a run does").
import { DBT_SETTING_KEYS } from '../config/dbt-settings.js';
import type { DbtConfigBody } from '../config/types.js';
import type { LiveDbtConfig } from '../omni/dbt.js';
import type { FieldChange, PlanAction } from './types.js';

/** Fields in the order reports show them: the table's (config/dbt-settings.ts). */
export const DBT_FIELDS = DBT_SETTING_KEYS;

export type ConnectionPlan =
  | { ok: true; action: PlanAction; changes: FieldChange[] }
  | { ok: false; error: string; hint: string };

/**
 * Omni treats some values as one: `projectRootPath` "" and null both mean the repository
 * root, and `dbtVersion` null means "Auto" (README, "What a run does"). Normalising both sides first keeps
 * the diff free of changes that would not change anything.
 */
export function normaliseField(field: keyof DbtConfigBody, value: unknown): unknown {
  if (field === 'projectRootPath' && value === '') return null;
  if (field === 'dbtVersion' && value === null) return 'Auto';
  return value;
}

export function diffDbtConfig(desired: DbtConfigBody, live: LiveDbtConfig): ConnectionPlan {
  if (!live.supportsDbt) {
    return {
      ok: false,
      error: `This connection's database does not support dbt (Omni says: "${live.message}").`,
      hint: 'Remove the connection from omni-dbt.yml, or check that the id is the connection you meant.',
    };
  }
  const changes: FieldChange[] = [];
  for (const field of DBT_FIELDS) {
    // A field the file leaves out and the contract gives no default (dbtVersion) is neither sent nor compared.
    if (!(field in desired)) continue;
    const to = desired[field];
    const from = live.isConfigured ? live[field] : null;
    if (live.isConfigured && normaliseField(field, from) === normaliseField(field, to)) continue;
    changes.push({ field, from, to });
  }
  if (!live.isConfigured) return { ok: true, action: 'create', changes };
  return { ok: true, action: changes.length > 0 ? 'update' : 'unchanged', changes };
}
