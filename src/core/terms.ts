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
};
