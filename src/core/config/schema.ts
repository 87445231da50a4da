// The zod schemas of `omni-dbt.yml` (format version 1) and of the contract's request bodies.
// Field rules come from contract/dbt.openapi.yaml (updateDbtConfiguration) and
// contract/dbt-environments.openapi.yaml; the JSON Schema for editors is generated from
// `configFileSchema`, so descriptions here are what editors show.
import { z } from 'zod';
import {
  DBT_SETTING_KEYS,
  fileSettingsShape,
  putSettingsShape,
  REQUIRED_DBT_SETTINGS,
} from './dbt-settings.js';

/** 8-4-4-4-12 hex, any case: the contract's `format: uuid`, without an RFC version/variant rule. */
export const CONNECTION_ID_PATTERN =
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export { DBT_VERSIONS, PROJECT_ROOT_PATH_PATTERN } from './dbt-settings.js';

/** The settings the contract's PUT body requires; the merged defaults + connection must have them. */
export const REQUIRED_SETTINGS = REQUIRED_DBT_SETTINGS;

/** The settings of a connection (and of `defaults`), in the table's order (dbt-settings.ts). */
export const SETTING_KEYS = DBT_SETTING_KEYS;

const nonEmptyString = z.string().min(1);

/**
 * The contract's PUT request body, mirrored exactly (checked against ajv by contract-fidelity.test.ts).
 * Loose: the contract does not set `additionalProperties: false`. `dbtVersion` has no null here:
 * the contract writes `type: [string, 'null']` beside an `enum` without null, and JSON Schema applies
 * both, so null is refused.
 */
export const dbtPutBodySchema = z.looseObject({
  ...putSettingsShape,
  rotateKeys: z.boolean().optional(),
});

/** ajv-formats' `uuid` format, verbatim (it allows a `urn:uuid:` prefix): ids the contract bodies carry. */
export const CONTRACT_UUID_PATTERN = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

const contractUuid = z.string().regex(CONTRACT_UUID_PATTERN);
const nullableString = z.string().nullable();

/** The contract's DbtEnvironmentVariable: a variable in a create body, or a new one in an update body. */
export const dbtEnvironmentVariableSchema = z.looseObject({
  isSecret: z.boolean(),
  name: nonEmptyString,
  value: z.string(),
});

/** The contract's DbtEnvironmentVariableUpdate (`additionalProperties: false`): an existing variable by id. */
export const dbtEnvironmentVariableUpdateSchema = z.strictObject({
  id: contractUuid,
  isSecret: z.boolean(),
  value: nullableString.optional(),
});

const environmentBodyShape = {
  name: nonEmptyString,
  ownerId: nullableString.optional(),
  targetDatabase: nullableString.optional(),
  targetName: nullableString.optional(),
  targetRole: nullableString.optional(),
  targetSchema: nonEmptyString,
};

/** The contract's DbtEnvironmentCreateBody, mirrored exactly (checked against ajv by contract-fidelity.test.ts). */
export const dbtEnvironmentCreateBodySchema = z.looseObject({
  ...environmentBodyShape,
  variables: z.array(dbtEnvironmentVariableSchema).optional(),
});

/**
 * The contract's DbtEnvironmentUpdateBody. Its `oneOf` of an update and a new variable is a plain
 * union here: no value matches both (an update refuses `name`, which a new variable requires).
 */
export const dbtEnvironmentUpdateBodySchema = z.looseObject({
  ...environmentBodyShape,
  variables: z.array(z.union([dbtEnvironmentVariableUpdateSchema, dbtEnvironmentVariableSchema])).optional(),
});

/** The contract's ModelsBranchDbtBody (POST /v1/models/{modelId}/branch/{branchName}/dbt). */
export const modelsBranchDbtBodySchema = z.looseObject({
  dbt_environment_id: contractUuid,
  dbt_git_branch: z.string().optional(),
});

export type DbtEnvironmentCreateBody = z.infer<typeof dbtEnvironmentCreateBodySchema>;
export type DbtEnvironmentUpdateBody = z.infer<typeof dbtEnvironmentUpdateBodySchema>;
export type DbtEnvironmentVariableBody = z.infer<typeof dbtEnvironmentVariableSchema>;
export type DbtEnvironmentVariableUpdateBody = z.infer<typeof dbtEnvironmentVariableUpdateSchema>;
export type ModelsBranchDbtBody = z.infer<typeof modelsBranchDbtBodySchema>;

/** The variable the action sets on every preview environment; a file may not set it. */
export const PREVIEW_MARKER_VARIABLE = 'OMNI_DBT_PREVIEW';

/**
 * The variable that records, on a preview environment, the name of the Omni branch the action created for
 * it (`createBranch`), so that a close deletes only that branch (`deleteBranch`); a file may not set it.
 */
export const PREVIEW_BRANCH_VARIABLE = 'OMNI_DBT_PREVIEW_BRANCH';

/** The variables the action sets on preview environments, which a file may not name. */
export const RESERVED_VARIABLES = [PREVIEW_MARKER_VARIABLE, PREVIEW_BRANCH_VARIABLE] as const;

/** `impact.failOn` (README "Impact on Omni") and the `fail-on-impact` input: what fails the check. */
export const IMPACT_FAIL_ON = ['new', 'any', 'none'] as const;
export type ImpactFailOn = (typeof IMPACT_FAIL_ON)[number];

/** `impact.refreshTimeoutMinutes`: its default and bounds. */
export const REFRESH_TIMEOUT_MINUTES = { default: 15, min: 1, max: 60 } as const;

/** An Omni folder path: absolute, as Omni shows it (`/Finance`, `/Finance/Reports`). */
export const FOLDER_PATH_PATTERN = /^\//;

/**
 * A label's name: not blank, and without a comma, since the content validator's `labels` query is
 * comma-separated (contract/models.openapi.yaml) and a comma would split it in two.
 */
export const LABEL_PATTERN = /^[^,]*[^,\s][^,]*$/;

export const TEMPLATE_PLACEHOLDERS = ['pr', 'head', 'base', 'sha'] as const;

/** Text with only the known `{placeholder}`s, and no other brace. */
export const TEMPLATE_PATTERN = /^(?:[^{}]|\{(?:pr|head|base|sha)\})*$/;

/** A name a shell and GitHub's `env:` accept for an environment variable. */
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

const variableNameSchema = nonEmptyString.regex(new RegExp(`^(?!(?:${RESERVED_VARIABLES.join('|')})$)`));

const variableSchema = z
  .union([
    z.string().describe('A plain value: committed, stored in Omni as not secret'),
    z
      .strictObject({
        fromEnv: z
          .string()
          .regex(ENV_NAME_PATTERN)
          .describe(
            "Name of the step's environment variable holding the value (feed it from a GitHub secret)",
          ),
        secret: z.boolean().optional().describe('Store the value as a secret in Omni (default true)'),
      })
      .describe("A value read at run time from the step's environment; secret unless `secret: false`"),
  ])
  .describe('A plain string, or `{ fromEnv: NAME }`; a secret value is never written in the file');

const variablesSchema = z
  .record(variableNameSchema, variableSchema)
  .describe(
    `dbt variables, NAME: value; ${RESERVED_VARIABLES.map((name) => `\`${name}\``).join(' and ')} are reserved for preview environments`,
  );

const overrideDoc = (what: string) => `${what} override; left out or null: no override`;

const environmentSchema = z
  .strictObject({
    name: nonEmptyString.describe("The environment's name; matched to Omni's environment of the same name"),
    targetSchema: nonEmptyString.describe('Schema the dbt models are built in'),
    targetDatabase: nullableString.optional().describe(overrideDoc('Target database')),
    targetRole: nullableString.optional().describe(overrideDoc('Target role')),
    targetName: nullableString.optional().describe(overrideDoc('dbt target name')),
    variables: variablesSchema.optional(),
  })
  .describe('One shared dbt environment of the connection');

const templateDoc = 'may use {pr}, {head}, {base} and {sha} (first 7 characters of the head commit)';
const template = z.string().regex(TEMPLATE_PATTERN);
const nonEmptyTemplate = nonEmptyString.regex(TEMPLATE_PATTERN);

const impactSchema = z
  .strictObject({
    refresh: z
      .boolean()
      .optional()
      .describe("Refresh the branch's schema from the preview environment before the check (default true)"),
    failOn: z
      .enum(IMPACT_FAIL_ON)
      .optional()
      .describe(
        'What fails the check: `new` (default) content or model issues the pull request brings, `any` issue, or `none`',
      ),
    folders: z
      .array(z.string().regex(FOLDER_PATH_PATTERN).describe('A folder path as Omni shows it, e.g. /Finance'))
      .optional()
      .describe('Only content under these folder paths (default: every folder the token can see)'),
    labels: z
      .array(z.string().regex(LABEL_PATTERN).describe("A label's name, without commas"))
      .optional()
      .describe('Only content with one of these labels (default: any content)'),
    refreshTimeoutMinutes: z
      .number()
      .int()
      .min(REFRESH_TIMEOUT_MINUTES.min)
      .max(REFRESH_TIMEOUT_MINUTES.max)
      .optional()
      .describe(
        `How long to wait for the branch's schema refresh, in minutes (default ${REFRESH_TIMEOUT_MINUTES.default}, ${REFRESH_TIMEOUT_MINUTES.min}-${REFRESH_TIMEOUT_MINUTES.max})`,
      ),
  })
  .describe(
    'Check Omni\'s content against the preview: which dashboards and queries the pull request breaks (README, "Impact on Omni")',
  );

const previewSchema = z
  .strictObject({
    name: nonEmptyTemplate.describe(`Name of each pull request's environment; ${templateDoc}`),
    targetSchema: nonEmptyTemplate.describe(`Schema dbt CI built the pull request in; ${templateDoc}`),
    targetDatabase: template.nullable().optional().describe(overrideDoc('Target database')),
    targetRole: template.nullable().optional().describe(overrideDoc('Target role')),
    targetName: template.nullable().optional().describe(overrideDoc('dbt target name')),
    variables: variablesSchema.optional(),
    omniModel: z
      .string()
      .regex(CONNECTION_ID_PATTERN)
      .optional()
      .describe('UUID of the Omni shared model whose branch shows the preview'),
    omniBranch: nonEmptyTemplate
      .optional()
      .describe(`Branch of \`omniModel\` to bind the environment to (default "{head}"); ${templateDoc}`),
    createBranch: z
      .boolean()
      .optional()
      .describe('Create the Omni branch when it does not exist (default false); needs `omniModel`'),
    deleteBranch: z
      .boolean()
      .optional()
      .describe(
        'On close, delete the Omni branch the action created (default false); needs `createBranch: true`',
      ),
    impact: impactSchema.optional(),
  })
  .meta({
    description: 'A dbt environment per pull request, for `mode: preview`',
    dependentRequired: {
      omniBranch: ['omniModel'],
      createBranch: ['omniModel'],
      deleteBranch: ['omniModel'],
      impact: ['omniModel'],
    },
    // deleteBranch: true needs createBranch: true (load.ts says so at the line; editors learn it here).
    allOf: [
      {
        if: { properties: { deleteBranch: { const: true } }, required: ['deleteBranch'] },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a thenable.
        then: { properties: { createBranch: { const: true } }, required: ['createBranch'] },
      },
    ],
  });

const PRUNE_DOC = 'Delete shared environments that Omni has and the file does not list (default false)';

const PRUNE_SCHEDULES_DOC =
  "Delete the connection's schema refresh schedules that Omni has and `schemaRefreshSchedules` does not list (default false)";

/**
 * Six fields separated by white space: what an editor can see of an EventBridge cron. loadConfig judges each
 * field with checkEventBridgeCron (cron.ts), whose messages say what to fix.
 */
export const SIX_FIELD_CRON_PATTERN = '^\\s*\\S+(?:\\s+\\S+){5}\\s*$';

const refreshScheduleSchema = z
  .strictObject({
    schedule: z
      .string()
      .meta({ pattern: SIX_FIELD_CRON_PATTERN })
      .describe(
        'An AWS EventBridge cron of six fields, `minutes hours day-of-month month day-of-week year`, with `?` in one of the day fields, e.g. `0 6 * * ? *` (README, "Schema refresh schedules")',
      ),
    timezone: z.string().describe('The IANA time zone the cron runs in, e.g. `Europe/Berlin` or `UTC`'),
  })
  .describe('One schema refresh schedule of the connection: the pair (schedule, timezone)');

const ROTATE_KEYS_DOC =
  'Not allowed in the file: committed, it would rotate the deploy key on every apply. ' +
  'Use the action input `rotate-keys: true` for a one-off rotation.';

const settingsShape = {
  ...fileSettingsShape,
  rotateKeys: z.never().optional().describe(ROTATE_KEYS_DOC),
};

const defaultsSchema = z
  .strictObject({
    ...settingsShape,
    pruneEnvironments: z.boolean().optional().describe(PRUNE_DOC),
    pruneSchemaRefreshSchedules: z.boolean().optional().describe(PRUNE_SCHEDULES_DOC),
  })
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
    environments: z
      .array(environmentSchema)
      .optional()
      .describe("The connection's shared dbt environments; left out: not managed"),
    pruneEnvironments: z.boolean().optional().describe(PRUNE_DOC),
    preview: previewSchema.optional(),
    omniModels: z
      .array(z.string().regex(CONNECTION_ID_PATTERN))
      .min(1)
      .meta({ uniqueItems: true })
      .optional()
      .describe(
        'UUIDs of the Omni shared models built on this connection, for `mode: refresh`: the first one\'s schema is refreshed, and each one is validated before and after (README, "Refresh after a deploy")',
      ),
    schemaRefreshSchedules: z
      .array(refreshScheduleSchema)
      .optional()
      .describe(
        'The connection\'s schema refresh schedules in Omni; left out: not read at all (README, "Schema refresh schedules")',
      ),
    pruneSchemaRefreshSchedules: z.boolean().optional().describe(PRUNE_SCHEDULES_DOC),
  })
  .describe('One Omni connection and its dbt settings (overriding `defaults`)');

/** dbt's exposure maturities (https://docs.getdbt.com/reference/exposure-properties). */
export const EXPOSURE_MATURITIES = ['high', 'medium', 'low'] as const;

/**
 * What checkExposuresPath (exposures-path.ts) accepts, as one JSON Schema pattern for editors: relative
 * (no `/`, `~` or drive letter first), no backslash or control character, no `..` or `.git` segment, a
 * file name ending in `.yml` or `.yaml`. loadConfig judges the path with checkExposuresPath itself, whose
 * messages say what to fix; a test holds the two to the same answers.
 */
export const EXPOSURES_PATH_PATTERN =
  '^(?![/~])(?![A-Za-z]:)(?!(?:.*/)?\\.\\.(?:/|$))(?!(?:.*/)?\\.[Gg][Ii][Tt](?:/|$))' +
  '[^\\\\\\u0000-\\u001f\\u007f-\\u009f]*[^/\\\\\\u0000-\\u001f\\u007f-\\u009f]\\.ya?ml$';

const exposuresSchema = z
  .strictObject({
    path: z
      .string()
      .meta({ pattern: EXPOSURES_PATH_PATTERN })
      .describe(
        'Where the dbt exposures file is written, relative to the workspace (the repository root), e.g. `models/omni_exposures/omni_exposures.yml`',
      ),
    models: z
      .array(z.string().regex(CONNECTION_ID_PATTERN))
      .min(1)
      .meta({ uniqueItems: true })
      .describe('UUIDs of the Omni shared models whose published dashboards become dbt exposures'),
    maturity: z
      .enum(EXPOSURE_MATURITIES)
      .optional()
      .describe("dbt's `maturity` of every exposure: high, medium or low; left out, none is written"),
  })
  .describe(
    'The dbt exposures file that `mode: exposures` and `omni-dbt exposures` write (README, "dbt exposures")',
  );

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
    exposures: exposuresSchema.optional(),
    rotateKeys: z.never().optional().describe(ROTATE_KEYS_DOC),
  })
  .meta({
    title: 'omni-dbt.yml',
    description: 'dbt configuration of Omni connections, applied by omni-dbt-action (format version 1)',
    allOf: requiredAfterMerge,
  });

export type ConfigFile = z.infer<typeof configFileSchema>;
