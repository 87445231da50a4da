// The one table of a connection's dbt settings (contract/dbt.openapi.yaml, updateDbtConfiguration and
// getDbtConfiguration), in the order reports show them. The file's schema, the PUT body, the resolved body,
// Omni's GET answer, the validator's messages, the diff and the import are all derived from it: a setting
// is added or changed here, once.
import { z } from 'zod';

/** The contract's `projectRootPath` pattern, verbatim; `u` because JSON Schema patterns (and ajv) use it. */
export const PROJECT_ROOT_PATH_PATTERN = /^(?!\/)(?!.*\.\.)[\w ./-]+$/u;

export const DBT_VERSIONS = ['Auto', '1.10', '1.11'] as const;

const nonEmptyString = z.string().min(1);
const dbtVersion = z.enum(DBT_VERSIONS);
const projectRootPath = z.union([z.string().regex(PROJECT_ROOT_PATH_PATTERN), z.literal(''), z.null()]);

interface DbtSetting<Put extends z.ZodType, File extends z.ZodType, Live extends z.ZodType> {
  /** The PUT body's rule (the contract's, exactly). */
  put: Put;
  /** The file's rule, where it is wider than the PUT body's (`dbtVersion: null` means "Auto"). */
  file: File;
  /** GET's answer for a configured connection. */
  live: Live;
  /** The PUT body requires it: the merged `defaults` and connection must have it. */
  isRequired: boolean;
  /** The contract's default, made explicit in the body the action sends; absent: no default. */
  contractDefault?: z.infer<Put>;
  /** How YAML might mistype it, for the validator's hints. */
  kind: 'string' | 'boolean';
  /** What the validator says is expected. */
  expected: string;
  /** What editors show. */
  description: string;
}

function defineSetting<Put extends z.ZodType, Live extends z.ZodType, File extends z.ZodType = Put>(
  setting: Omit<DbtSetting<Put, File, Live>, 'file'> & { file?: File },
): DbtSetting<Put, File, Live> {
  return { ...setting, file: setting.file ?? (setting.put as unknown as File) };
}

export const DBT_SETTINGS = {
  sshUrl: defineSetting({
    put: nonEmptyString,
    live: z.string(),
    isRequired: true,
    kind: 'string',
    expected: 'a non-empty string, the SSH URL of the dbt repository, like git@github.com:acme/analytics.git',
    description:
      'SSH URL of the dbt repository; Omni clones it with a deploy key, e.g. git@github.com:acme/analytics.git',
  }),
  branch: defineSetting({
    put: nonEmptyString,
    live: z.string(),
    isRequired: true,
    kind: 'string',
    expected: 'a non-empty string, the git branch Omni reads',
    description: 'Git branch Omni reads the dbt project from, e.g. main',
  }),
  projectRootPath: defineSetting({
    put: projectRootPath,
    live: z.string().nullable(),
    isRequired: false,
    contractDefault: null,
    kind: 'string',
    expected:
      'a relative path inside the repository (letters, digits, _, space, ".", "/" and "-"; no leading "/", no ".."), "" or null',
    description:
      'Path of the dbt project inside the repository, relative, without ".."; "" or null for the root',
  }),
  dbtVersion: defineSetting({
    put: dbtVersion,
    file: dbtVersion.nullable(),
    live: z.string(),
    isRequired: false,
    kind: 'string',
    expected: `one of ${DBT_VERSIONS.map((v) => `"${v}"`).join(', ')} or null`,
    description: 'dbt version: "Auto", "1.10" or "1.11" (quote it). null means "Auto". Left out: not managed',
  }),
  autogenRelationships: defineSetting({
    put: z.boolean(),
    live: z.boolean(),
    isRequired: true,
    kind: 'boolean',
    expected: 'true or false',
    description: 'Generate relationships from dbt automatically',
  }),
  enableVirtualSchemas: defineSetting({
    put: z.boolean(),
    live: z.boolean(),
    isRequired: true,
    kind: 'boolean',
    expected: 'true or false',
    description: 'Enable virtual schemas from dbt',
  }),
  enableSemanticLayer: defineSetting({
    put: z.boolean(),
    live: z.boolean(),
    isRequired: false,
    contractDefault: false,
    kind: 'boolean',
    expected: 'true or false',
    description: 'Enable the dbt semantic layer integration (default false)',
  }),
};

export type DbtSettingKey = keyof typeof DBT_SETTINGS;

/** Every setting, in the order reports show them. */
export const DBT_SETTING_KEYS = Object.keys(DBT_SETTINGS) as DbtSettingKey[];

/** The settings the contract's PUT body requires. */
export const REQUIRED_DBT_SETTINGS = DBT_SETTING_KEYS.filter((key) => DBT_SETTINGS[key].isRequired);

type Settings = typeof DBT_SETTINGS;

/** The file's settings, all optional (a connection's own, or `defaults`), with what editors show. */
export const fileSettingsShape = Object.fromEntries(
  DBT_SETTING_KEYS.map((key) => [
    key,
    DBT_SETTINGS[key].file.optional().describe(DBT_SETTINGS[key].description),
  ]),
) as { [K in DbtSettingKey]: z.ZodOptional<Settings[K]['file']> };

/** The PUT body's settings: required where the contract requires them. */
export const putSettingsShape = Object.fromEntries(
  DBT_SETTING_KEYS.map((key) => {
    const { put, isRequired } = DBT_SETTINGS[key];
    return [key, isRequired ? put : put.optional()];
  }),
) as {
  [K in DbtSettingKey]: Settings[K]['isRequired'] extends true
    ? Settings[K]['put']
    : z.ZodOptional<Settings[K]['put']>;
};

/** The configured answer of GET, fields in the table's order. */
export const liveSettingsShape = Object.fromEntries(
  DBT_SETTING_KEYS.map((key) => [key, DBT_SETTINGS[key].live]),
) as { [K in DbtSettingKey]: Settings[K]['live'] };

/**
 * The body the action sends for one connection: the merged settings, the contract's defaults made
 * explicit (`enableSemanticLayer: false`, `projectRootPath: null`). `dbtVersion` stays absent when the
 * file leaves it out: the contract gives it no default, so it is neither sent nor compared.
 */
export const dbtConfigBodySchema = z.object({
  sshUrl: DBT_SETTINGS.sshUrl.put,
  branch: DBT_SETTINGS.branch.put,
  projectRootPath: DBT_SETTINGS.projectRootPath.put,
  dbtVersion: DBT_SETTINGS.dbtVersion.file.optional(),
  autogenRelationships: DBT_SETTINGS.autogenRelationships.put,
  enableVirtualSchemas: DBT_SETTINGS.enableVirtualSchemas.put,
  enableSemanticLayer: DBT_SETTINGS.enableSemanticLayer.put,
} satisfies Record<DbtSettingKey, z.ZodType>);

export type DbtConfigBody = z.infer<typeof dbtConfigBodySchema>;

/** The body of one connection from its merged settings (already valid): defaults explicit, no extras. */
export function resolveDbtConfigBody(merged: Readonly<Record<string, unknown>>): DbtConfigBody {
  const body: Record<string, unknown> = {};
  for (const key of DBT_SETTING_KEYS) {
    const setting: { contractDefault?: unknown } = DBT_SETTINGS[key];
    const value = merged[key] ?? setting.contractDefault;
    if (value !== undefined) body[key] = value;
  }
  return dbtConfigBodySchema.parse(body);
}
