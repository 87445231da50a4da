// What a plan says of one resource: the action and the field changes. Plain data, no functions.
import type { DbtConfigBody } from '../config/types.js';

export type PlanAction = 'create' | 'update' | 'unchanged';

export interface FieldChange {
  field: keyof DbtConfigBody | 'rotateKeys';
  from: unknown;
  to: unknown;
}
