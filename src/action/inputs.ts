// The only reader of the action's inputs: turns INPUT_* into one typed, validated ActionInputs, with the
// bounds and defaults of the options model the CLI shares (options.ts).
import { IMPACT_FAIL_ON, type ImpactFailOn } from '../core/config/schema.js';
import { parseConfigPath, parseMaxRequestsPerMinute, type RunSettings, splitList } from '../core/options.js';
import type { Redactor } from '../core/secrets.js';
import { readInput } from './workflow-commands.js';

export type ModeInput = 'auto' | 'dry-run' | 'apply' | 'preview' | 'exposures' | 'refresh';

export interface ActionInputs extends RunSettings {
  omniUrl: string;
  apiToken: string;
  mode: ModeInput;
  rotateKeys: boolean;
  force: boolean;
  failOnChanges: boolean;
  updateSecrets: boolean;
  comment: boolean;
  githubToken: string;
  /** `mode: refresh`: which issues the refresh brought fail the check (README, "Refresh after a deploy"). */
  failOnImpact: ImpactFailOn;
}

/** Invalid inputs still give `inputs`, each invalid one at its default (the mode at `dry-run`), for the report. */
export type ReadInputsResult =
  | { ok: true; inputs: ActionInputs }
  | { ok: false; errors: string[]; inputs: ActionInputs };

const MODES: readonly ModeInput[] = ['auto', 'dry-run', 'apply', 'preview', 'exposures', 'refresh'];

/** Reads and checks every input, reporting all problems at once. `getInput` is passed in for tests. */
export function parseInputs(getInput: (name: string) => string): ReadInputsResult {
  const errors: string[] = [];
  const readBoolean = (name: string, fallback: boolean): boolean => {
    const raw = getInput(name).trim();
    if (raw === '') return fallback;
    // The YAML 1.2 core schema booleans, as @actions/core's getBooleanInput accepts them.
    if (['true', 'True', 'TRUE'].includes(raw)) return true;
    if (['false', 'False', 'FALSE'].includes(raw)) return false;
    errors.push(`Input "${name}" must be true or false, got "${raw}".`);
    return fallback;
  };

  const modeRaw = getInput('mode').trim() || 'auto';
  const mode = MODES.find((candidate) => candidate === modeRaw);
  if (mode === undefined) {
    errors.push(`Input "mode" must be one of ${MODES.join(', ')}, got "${modeRaw}".`);
  }

  const failOnImpactRaw = getInput('fail-on-impact').trim() || 'new';
  const failOnImpact = IMPACT_FAIL_ON.find((candidate) => candidate === failOnImpactRaw);
  if (failOnImpact === undefined) {
    errors.push(
      `Input "fail-on-impact" must be one of ${IMPACT_FAIL_ON.join(', ')}, got "${failOnImpactRaw}".`,
    );
  }

  const rate = parseMaxRequestsPerMinute(
    getInput('max-requests-per-minute'),
    'Input "max-requests-per-minute"',
    true,
  );
  if (!rate.ok) errors.push(rate.error);

  const inputs: ActionInputs = {
    configPath: parseConfigPath(getInput('config')),
    omniUrl: getInput('omni-url').trim(),
    apiToken: getInput('api-token').trim(),
    // An invalid mode reports as a dry-run, the safe side: nothing is sent either way.
    mode: mode ?? 'dry-run',
    selection: splitList(getInput('connections')),
    rotateKeys: readBoolean('rotate-keys', false),
    force: readBoolean('force', false),
    failOnChanges: readBoolean('fail-on-changes', false),
    updateSecrets: readBoolean('update-secrets', false),
    comment: readBoolean('comment', true),
    githubToken: getInput('github-token').trim(),
    failOnImpact: failOnImpact ?? 'new',
    maxRequestsPerMinute: rate.ok ? rate.value : 0,
    allowCustomHost: readBoolean('allow-custom-host', false),
  };
  return errors.length > 0 ? { ok: false, errors, inputs } : { ok: true, inputs };
}

/**
 * Reads the action's inputs from the runner; the secret ones are added to the run's redactor (and so
 * masked by the runner) before anything is logged.
 */
export function readActionInputs(redactor: Redactor): ReadInputsResult {
  for (const secretInput of ['api-token', 'github-token']) redactor.add(readInput(process.env, secretInput));
  return parseInputs((name) => readInput(process.env, name));
}
