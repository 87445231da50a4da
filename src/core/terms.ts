// How each front end names what a core message refers to: the action's inputs, or the CLI's flags and
// environment variables. Core messages are built from these terms, so no front end rewrites another's text.

export interface FrontEndTerms {
  /** The setting that holds the Omni URL, alone: `omni-url` / `OMNI_URL`. */
  omniUrl: string;
  /** The same, as the subject of a sentence: `Input "omni-url"` / `OMNI_URL`. */
  omniUrlSetting: string;
  /** The setting that holds the API token: `api-token` / `OMNI_API_TOKEN`. */
  apiToken: string;
  /** The same, as the subject of a sentence: `The api-token` / `OMNI_API_TOKEN`. */
  theApiToken: string;
  /** As the subject of a sentence about its value: `Input "api-token"` / `OMNI_API_TOKEN`. */
  apiTokenSetting: string;
  /** The selection of connections, as the subject of a sentence: `Input "connections"` / `--connections`. */
  connectionsSetting: string;
  /** The request budget: `max-requests-per-minute` / `--max-requests-per-minute`. */
  maxRequestsPerMinute: string;
  /** What to do to allow a host that is not Omni's: `set allow-custom-host: true` / `pass --allow-custom-host`. */
  allowCustomHostAdvice: string;
  /** Running again: `re-run the job` / `re-run`. */
  rerun: string;
  /** Where requests come from: `the runner` / `this machine`. */
  origin: string;
  /** What to do when the config file is missing. */
  missingConfigAdvice: string;
  /** What to do when the config path was refused (outside the workspace, not a regular file, too large). */
  configPathAdvice: string;
  /** Sending every `fromEnv` secret again: `update-secrets: true` / `--update-secrets`. */
  updateSecrets: string;
  /** Where `fromEnv` values are read: `the step's environment` / `your shell`. */
  fromEnvSource: string;
  /** How to set the `fromEnv` variables named, e.g. through the step's `env:` / `export NAME=…`. */
  describeFromEnvFix(envNames: readonly string[]): string;
  /** What to do with a new API token: `update the secret` / `export it as OMNI_API_TOKEN`. */
  newTokenAdvice: string;
  /** How to give the API token, for a run that needs one and has none. */
  apiTokenAdvice: string;
  /** Why nothing was planned when the front end's own settings are invalid: `the inputs are invalid`. */
  invalidSettings: string;
  /** What decides the exit of a refresh on its issues: `fail-on-impact` / `--fail-on-impact`. */
  failOnImpact: string;
}

export const ACTION_TERMS: FrontEndTerms = {
  omniUrl: 'omni-url',
  omniUrlSetting: 'Input "omni-url"',
  apiToken: 'api-token',
  theApiToken: 'The api-token',
  apiTokenSetting: 'Input "api-token"',
  connectionsSetting: 'Input "connections"',
  maxRequestsPerMinute: 'max-requests-per-minute',
  allowCustomHostAdvice: 'set allow-custom-host: true',
  rerun: 're-run the job',
  origin: 'the runner',
  missingConfigAdvice:
    'no such file in the workspace. Check out the repository first (actions/checkout) and set the "config" input to the path of omni-dbt.yml.',
  configPathAdvice:
    'Set the "config" input to the path of omni-dbt.yml in the repository, relative to the workspace (e.g. `config: analytics/omni-dbt.yml`).',
  updateSecrets: 'update-secrets: true',
  fromEnvSource: "the step's environment",
  describeFromEnvFix: (envNames) => {
    const [first = 'DBT_CLOUD_API_KEY'] = envNames;
    return `Pass ${envNames.length === 1 ? 'it' : 'each one'} to the step with \`env:\`, from a GitHub secret (e.g. \`${first}: \${{ secrets.${first} }}\`).`;
  },
  newTokenAdvice: 'update the secret',
  apiTokenAdvice:
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression for the user to copy, not a template.
    'Pass an Omni API key with Connection Admin, e.g. `api-token: ${{ secrets.OMNI_API_TOKEN }}`.',
  invalidSettings: 'the inputs are invalid',
  failOnImpact: 'fail-on-impact',
};

export const CLI_TERMS: FrontEndTerms = {
  omniUrl: 'OMNI_URL',
  omniUrlSetting: 'OMNI_URL',
  apiToken: 'OMNI_API_TOKEN',
  theApiToken: 'OMNI_API_TOKEN',
  apiTokenSetting: 'OMNI_API_TOKEN',
  connectionsSetting: '--connections',
  maxRequestsPerMinute: '--max-requests-per-minute',
  allowCustomHostAdvice: 'pass --allow-custom-host',
  rerun: 're-run',
  origin: 'this machine',
  missingConfigAdvice: 'no such file. Pass the path of omni-dbt.yml (see --help).',
  configPathAdvice: 'Pass the path of omni-dbt.yml itself (see --help).',
  updateSecrets: '--update-secrets',
  fromEnvSource: 'your shell',
  describeFromEnvFix: (envNames) => {
    const exports = envNames.map((name) => `\`export ${name}=…\``).join(', ');
    const [first = 'DBT_CLOUD_API_KEY'] = envNames;
    return `Set ${envNames.length === 1 ? 'it' : 'each one'} in your shell first: ${exports} (for a secret, \`read -rs ${first} && export ${first}\` keeps it out of the shell history).`;
  },
  newTokenAdvice: 'export it as OMNI_API_TOKEN',
  apiTokenAdvice:
    'Export an Omni API key with Connection Admin as OMNI_API_TOKEN, e.g. `read -rs OMNI_API_TOKEN && export OMNI_API_TOKEN`.',
  invalidSettings: 'the options are invalid',
  failOnImpact: '--fail-on-impact',
};

/** The CLI's terms for one run: `--omni-url` where the flag gave the URL, `OMNI_URL` where the environment did. */
export function describeCliTerms(source: { isOmniUrlFromFlag: boolean }): FrontEndTerms {
  if (!source.isOmniUrlFromFlag) return CLI_TERMS;
  return { ...CLI_TERMS, omniUrl: '--omni-url', omniUrlSetting: '--omni-url' };
}
