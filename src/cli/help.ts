// The `--help` text of `omni-dbt` and of each of its commands; each command lists only its own exit statuses.

export const COMMAND_NAMES = [
  'validate',
  'plan',
  'apply',
  'import',
  'impact',
  'refresh',
  'exposures',
  'schema',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

const ENVIRONMENT = `Environment:
  OMNI_URL          the Omni instance, e.g. https://acme.omniapp.co (or pass --omni-url)
  OMNI_API_TOKEN    an Omni organization API key or personal access token with Connection Admin.
                    There is deliberately no token option: a token on the command line leaks
                    into shell history and process lists.
  NO_COLOR          any non-empty value turns colour off, unless FORCE_COLOR is set
  FORCE_COLOR       wins over NO_COLOR: 0 or false turns colour off, any other value on (in a pipe too)`;

/** An `Exit status:` section: each status that applies to the command, with what gives it. */
function describeExits(exits: readonly (readonly [status: number, meaning: string])[]): string {
  return ['Exit status:', ...exits.map(([status, meaning]) => `  ${status}  ${meaning}`)].join('\n');
}

const REMOTE_USAGE_ERROR =
  'usage error: an unknown option or a missing value, OMNI_URL or OMNI_API_TOKEN\n     not set or not allowed';

const EXIT_CODES = describeExits([
  [0, 'success (a plan with pending changes succeeds)'],
  [
    1,
    "failure, as in the action: an error in the file, a 4xx from Omni, a connection that\n     failed, pending changes with --fail-on-changes, or an issue the impact check or the\n     refresh fails on (each command's --help lists its own)",
  ],
  [2, 'usage error: unknown command or option, a missing argument or environment variable'],
]);

const EXITS: Record<CommandName, string> = {
  validate: describeExits([
    [0, 'every file is valid (warnings allowed)'],
    [1, 'a file has an error, or cannot be read'],
    [2, 'usage error: an unknown option'],
  ]),
  plan: describeExits([
    [0, 'the plan was made, pending changes or not'],
    [
      1,
      'an error in the file (or it cannot be read), a 4xx from Omni, a connection that failed,\n     pending changes with --fail-on-changes, or Ctrl-C',
    ],
    [2, REMOTE_USAGE_ERROR],
  ]),
  apply: describeExits([
    [0, 'applied, or nothing to apply'],
    [
      1,
      'an error in the file (or it cannot be read), a 4xx from Omni, a connection that failed,\n     an answer other than "yes", or Ctrl-C',
    ],
    [2, `${REMOTE_USAGE_ERROR}, or --yes missing where stdin is not a terminal`],
  ]),
  import: describeExits([
    [0, 'the file was written (or printed, with --output -)'],
    [
      1,
      'nothing was written: a connection could not be read, has no dbt configuration or\n     cannot use dbt, or the output file exists and --force is not given',
    ],
    [2, `${REMOTE_USAGE_ERROR}, an argument that is not a connection id, a malformed --name`],
  ]),
  impact: describeExits([
    [0, 'no new issue on the branch'],
    [
      1,
      'a new content or model issue (as failOn: new), an error in the file, or a connection\n     whose check could not run (a 4xx from Omni, the branch missing, a failed refresh)',
    ],
    [2, `${REMOTE_USAGE_ERROR}, --branch missing, or no connection whose preview names an\n     omniModel`],
  ]),
  refresh: describeExits([
    [
      0,
      'refreshed, with no issue that --fail-on-impact fails on; or a connection Omni refreshes\n     per branch, left as a warning',
    ],
    [
      1,
      'an issue --fail-on-impact fails on (new ones, by default), an error in the file, no\n     connection that lists omniModels, a refresh that failed or did not finish, a 4xx from\n     Omni, an answer other than "yes", or Ctrl-C',
    ],
    [
      2,
      `${REMOTE_USAGE_ERROR}, a --fail-on-impact other than new, any or none, or --yes\n     missing where stdin is not a terminal`,
    ],
  ]),
  exposures: describeExits([
    [0, 'the file was written, or was up to date (or printed, with --stdout)'],
    [
      1,
      "failure: an error in the file (or no exposures block), a model Omni would not give, a\n     file that could not be written, or with --check a file that differs from Omni's",
    ],
    [2, `${REMOTE_USAGE_ERROR}, or --stdout with --check or --json`],
  ]),
  schema: describeExits([
    [0, 'the schema was printed'],
    [2, 'usage error: an unknown option or an argument'],
  ]),
};

const REMOTE_OPTIONS = `  --omni-url <url>          the Omni instance (default: $OMNI_URL)
  --allow-custom-host       allow an --omni-url host that is not an Omni domain (plain http
                            works only on loopback hosts: 127.0.0.1, ::1, localhost)
  --max-requests-per-minute <n>
                            client-side budget for calls to Omni (default 60, Omni's limit)`;

const SELECTION_OPTIONS = `  -c, --config <file>       the config file (default omni-dbt.yml)
  --connections <list>      ids or names (comma separated, or the option repeated) to limit the run to`;

export const TOP_LEVEL_HELP = `omni-dbt: keep the dbt configuration of Omni connections in git.

Usage: omni-dbt <command> [options]

Commands:
  validate [file...]   check omni-dbt.yml without contacting Omni (works as a pre-commit hook)
  plan                 show what apply would change (reads Omni, writes nothing)
  apply                push the file's configuration to Omni
  import <id...>       write omni-dbt.yml from the live configuration of existing connections
  impact --branch NAME which Omni dashboards an Omni branch breaks, against its shared model
  refresh              refresh Omni's schema after a dbt deploy, and say what that broke and fixed
  exposures            write the dbt exposures file of the "exposures" block from Omni's dashboards
  schema               print the JSON Schema of omni-dbt.yml

Options:
  -h, --help           show help (also: omni-dbt <command> --help, omni-dbt help <command>)
  --version            print the version

${ENVIRONMENT}

${EXIT_CODES}
`;

export const COMMAND_HELP: Record<CommandName, string> = {
  validate: `Usage: omni-dbt validate [file...] [--json]

Checks each file (default omni-dbt.yml) the way the action does, without contacting Omni.
Every error and warning is printed to stderr as "file:line:column: field: message".
Several files may be given, so it can run as a pre-commit hook with pass_filenames.

Options:
  --json        print {"files":[{"file","isValid","issues","error"}]} on stdout instead of a summary
                ("error": why a file could not be read)
  -h, --help    show this help

${EXITS.validate}
`,
  plan: `Usage: omni-dbt plan [options]

Validates the file, reads each connection's live dbt configuration (and its dbt
environments and schema refresh schedules, where the file lists them) from Omni and shows
what apply would change: + create, ~ update, - delete, or unchanged. Nothing is written.

Options:
${SELECTION_OPTIONS}
  --fail-on-changes         exit 1 when anything would change (drift checks)
  --update-secrets          show every fromEnv secret as changed (apply would send them again)
  --json                    print the action's "result" JSON on stdout instead of the plan
${REMOTE_OPTIONS}
  -h, --help                show this help

${ENVIRONMENT}

${EXITS.plan}
`,
  apply: `Usage: omni-dbt apply [options]

Shows the plan, asks for confirmation, then writes what would change: each connection's
dbt settings (a PUT), then its dbt environments and schema refresh schedules, where the
file lists them, read back afterwards. On a terminal it asks before applying; elsewhere
(CI, scripts) it refuses to run without --yes.

Options:
${SELECTION_OPTIONS}
  -y, --yes                 apply without asking
  --force                   PUT even where the live configuration already matches
  --rotate-keys             also rotate the deploy key of the selected connections (you then
                            replace the deploy key on your git host)
  --update-secrets          send every fromEnv secret again, even where Omni has a value
  --json                    print the action's "result" JSON on stdout; the preview goes to stderr
${REMOTE_OPTIONS}
  -h, --help                show this help

${ENVIRONMENT}

${EXITS.apply}
`,
  import: `Usage: omni-dbt import <connection-id>... [options]

Reads the live dbt configuration of each connection and writes an omni-dbt.yml that
"omni-dbt plan" then reports as unchanged, so an existing setup can be adopted as is.
Settings shared by every connection go into "defaults". Shared dbt environments are
written under each connection; secret variables as { fromEnv: NAME }, to be set in the
step's env: from a GitHub secret (Omni never returns secret values); personal
environments are left out. Schema refresh schedules are written as schemaRefreshSchedules,
a disabled one too (with a comment: it counts as present, and is never re-enabled).
Nothing is written if any connection, its environments or its schedules cannot be read,
has no dbt configuration yet, or cannot use dbt.

Options:
  -o, --output <file>       where to write (default omni-dbt.yml; "-" for stdout)
  --name <id>=<name>        a label for a connection (repeatable); Omni's dbt API gives none
  --force                   overwrite the output file if it exists
${REMOTE_OPTIONS}
  -h, --help                show this help

${ENVIRONMENT}

${EXITS.import}
`,
  impact: `Usage: omni-dbt impact --branch NAME [options]

Runs the impact check of "mode: preview" from a terminal, for each connection whose preview
block names an omniModel: the model and its content (the content validator) are validated on
the Omni branch NAME and on the shared model, and what the branch has that the shared model
does not is new. Dashboards whose dbt exposures use a dbt model changed since --base are
listed as at risk (git diff --name-status <base>...HEAD, when run in a git checkout). The
preview block's impact.folders and impact.labels scope the check. Nothing is written, except
with --refresh, which refreshes the branch's schema in Omni first (never the shared model's).

Options:
  -b, --branch <name>       the Omni branch of each connection's omniModel to check (required)
  --refresh                 refresh the branch's schema first, waiting up to the preview block's
                            impact.refreshTimeoutMinutes (default 15); off by default here
  --base <ref>              what the changed files are counted from (default: the remote's
                            default branch, origin/HEAD, else main)
${SELECTION_OPTIONS}
  --json                    print {"mode":"impact","branch","base","connections":[{"id","name",
                            "status","error","impact"}]} on stdout instead of the report
${REMOTE_OPTIONS}
  -h, --help                show this help

${ENVIRONMENT}

${EXITS.impact}
`,
  refresh: `Usage: omni-dbt refresh [options]

Runs "mode: refresh" from a terminal, after a production dbt deploy: for each connection
that lists omniModels, every listed model and its content (the content validator) are
validated, the first model's schema is refreshed once (a shared-model refresh, never on a
branch), its job is read every 2 to 5 s for up to 15 min, and the models are validated again.
What is new after the refresh was broken by the deploy; what is gone, fixed. A connection
whose Omni refreshes per branch is left as a warning, never refreshed. Nothing else is
written. The refresh changes the shared model that everyone in Omni uses, so it shows what
it will refresh and asks first; elsewhere (CI, scripts) it refuses to run without --yes.

Options:
${SELECTION_OPTIONS}
  -y, --yes                 refresh without asking
  --fail-on-impact <rule>   new (default): exit 1 on issues the refresh brought; any: on any
                            issue after it; none: never for issues
  --json                    print the action's "result" JSON (with each connection's "impact")
                            on stdout instead of the report
${REMOTE_OPTIONS}
  -h, --help                show this help

${ENVIRONMENT}

${EXITS.refresh}
`,
  exposures: `Usage: omni-dbt exposures [options]

Reads every page of the dbt exposures Omni computes for the dashboards of each model in the
file's "exposures" block and writes them as a dbt property file at exposures.path, relative
to the current directory (run it from the repository's root, as the action runs in its
workspace): the same bytes as the action's mode: exposures, sorted, stable from run to run.
Nothing is written when a model cannot be read. No folder on the way, nor the file, may be
a symbolic link. Omni needs Connection Admin on each model's connection.

Options:
  -c, --config <file>       the config file (default omni-dbt.yml)
  --check                   write nothing; exit 1 when the file differs from Omni's (drift checks)
  --stdout                  print the file instead of writing it (the current file is not read)
  --json                    print the action's "result" JSON (with its "exposures") on stdout
${REMOTE_OPTIONS}
  -h, --help                show this help

${ENVIRONMENT}

${EXITS.exposures}
`,
  schema: `Usage: omni-dbt schema

Prints the JSON Schema of omni-dbt.yml, for editors (yaml-language-server) and other tools.

Options:
  -h, --help    show this help

${EXITS.schema}
`,
};
