// The zod schemas of `omni-dbt.yml` (format version 1) and of the contract's PUT request body.
// Field rules come from contract/dbt.openapi.yaml (updateDbtConfiguration); the JSON Schema for
// editors is generated from `configFileSchema`, so descriptions here are what editors show.
import { z } from 'zod';

/** 8-4-4-4-12 hex, any case: the contract's `format: uuid`, without an RFC version/variant rule. */
export const CONNECTION_ID_PATTERN =
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The contract's `projectRootPath` pattern, verbatim; `u` because JSON Schema patterns (and ajv) use it. */
export const PROJECT_ROOT_PATH_PATTERN = /^(?!\/)(?!.*\.\.)[\w ./-]+$/u;

export const DBT_VERSIONS = ['Auto', '1.10', '1.11'] as const;

/** The settings the contract's PUT body requires; the merged defaults + connection must have them. */
export const REQUIRED_SETTINGS = [
  'autogenRelationships',
  'branch',
  'enableVirtualSchemas',
  'sshUrl',
] as const;

export const SETTING_KEYS = [
  'sshUrl',
  'branch',
  'autogenRelationships',
  'enableVirtualSchemas',
  'dbtVersion',
  'enableSemanticLayer',
  'projectRootPath',
] as const;

const nonEmptyString = z.string().min(1);
const dbtVersion = z.enum(DBT_VERSIONS);
const projectRootPath = z.union([z.string().regex(PROJECT_ROOT_PATH_PATTERN), z.literal(''), z.null()]);

/**
 * The contract's PUT request body, mirrored exactly (checked against ajv by contract-fidelity.test.ts).
 * Loose: the contract does not set `additionalProperties: false`. `dbtVersion` has no null here:
 * the contract writes `type: [string, 'null']` beside an `enum` without null, and JSON Schema applies
 * both, so null is refused.
 */
export const dbtPutBodySchema = z.looseObject({
  autogenRelationships: z.boolean(),
  branch: nonEmptyString,
  dbtVersion: dbtVersion.optional(),
  enableSemanticLayer: z.boolean().optional(),
  enableVirtualSchemas: z.boolean(),
  projectRootPath: projectRootPath.optional(),
  rotateKeys: z.boolean().optional(),
  sshUrl: nonEmptyString,
});

const ROTATE_KEYS_DOC =
  'Not allowed in the file: committed, it would rotate the deploy key on every apply. ' +
  'Use the action input `rotate-keys: true` for a one-off rotation.';

const settingsShape = {
  sshUrl: nonEmptyString
    .optional()
    .describe(
      'SSH URL of the dbt repository; Omni clones it with a deploy key, e.g. git@github.com:acme/analytics.git',
    ),
  branch: nonEmptyString.optional().describe('Git branch Omni reads the dbt project from, e.g. main'),
  autogenRelationships: z.boolean().optional().describe('Generate relationships from dbt automatically'),
  enableVirtualSchemas: z.boolean().optional().describe('Enable virtual schemas from dbt'),
  dbtVersion: dbtVersion
    .nullable()
    .optional()
    .describe('dbt version: "Auto", "1.10" or "1.11" (quote it). null means "Auto". Left out: not managed'),
  enableSemanticLayer: z
    .boolean()
    .optional()
    .describe('Enable the dbt semantic layer integration (default false)'),
  projectRootPath: projectRootPath
    .optional()
    .describe(
      'Path of the dbt project inside the repository, relative, without ".."; "" or null for the root',
    ),
  rotateKeys: z.never().optional().describe(ROTATE_KEYS_DOC),
};

const defaultsSchema = z
  .strictObject(settingsShape)
  .describe('Settings merged under every connection; a connection overrides them');

const connectionSchema = z
  .strictObject({
    id: z
      .string()
      .regex(CONNECTION_ID_PATTERN)
      .describe("The Omni connection's UUID, e.g. 550e8400-e29b-41d4-a716-446655440000"),
    name: nonEmptyString
      .optional()
      .describe('Label for reports and the `connections` input; never sent to Omni'),
    ...settingsShape,
  })
  .describe('One Omni connection and its dbt settings (overriding `defaults`)');

/**
 * "Each required setting is in `defaults` or else in every connection": zod checks this after the
 * merge (load.ts), editors learn it from these JSON Schema rules.
 */
const requiredAfterMerge = REQUIRED_SETTINGS.map((key) => ({
  if: {
    type: 'object',
    properties: { defaults: { type: 'object', required: [key] } },
    required: ['defaults'],
  },
  else: {
    type: 'object',
    properties: { connections: { type: 'array', items: { type: 'object', required: [key] } } },
  },
}));

export const configFileSchema = z
  .strictObject({
    version: z.literal(1).describe('Format version of this file; always 1'),
    defaults: defaultsSchema.optional(),
    connections: z.array(connectionSchema).min(1).describe('The Omni connections to manage, at least one'),
    rotateKeys: z.never().optional().describe(ROTATE_KEYS_DOC),
  })
  .meta({
    title: 'omni-dbt.yml',
    description: 'dbt configuration of Omni connections, applied by omni-dbt-action (format version 1)',
    allOf: requiredAfterMerge,
  });

export type ConfigFile = z.infer<typeof configFileSchema>;
