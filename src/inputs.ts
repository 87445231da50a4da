// The only reader of the action's inputs: turns INPUT_* into one typed, validated ActionInputs.
import * as core from '@actions/core';

export type ModeInput = 'auto' | 'dry-run' | 'apply';

export interface ActionInputs {
  configPath: string;
  omniUrl: string;
  apiToken: string;
  mode: ModeInput;
  /** Ids or names to limit the run to; empty means every connection of the file. */
  connections: string[];
  rotateKeys: boolean;
  force: boolean;
  failOnChanges: boolean;
  comment: boolean;
  githubToken: string;
  maxRequestsPerMinute: number;
  allowCustomHost: boolean;
}

export type ReadInputsResult = { ok: true; inputs: ActionInputs } | { ok: false; errors: string[] };

const MODES: readonly ModeInput[] = ['auto', 'dry-run', 'apply'];

/** Splits the `connections` input on commas and newlines, dropping blanks. */
export function parseConnectionSelection(raw: string): string[] {
  return raw
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/**
 * Reads and checks every input, reporting all problems at once. `getInput` is passed in so
 * the CLI can reuse the checks with its own flags.
 */
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

  const rpmRaw = getInput('max-requests-per-minute').trim() || '60';
  const maxRequestsPerMinute = Number(rpmRaw);
  if (!/^\d+$/.test(rpmRaw) || maxRequestsPerMinute < 1 || maxRequestsPerMinute > 6000) {
    errors.push(`Input "max-requests-per-minute" must be a whole number from 1 to 6000, got "${rpmRaw}".`);
  }

  const inputs: ActionInputs = {
    configPath: getInput('config').trim() || 'omni-dbt.yml',
    omniUrl: getInput('omni-url').trim(),
    apiToken: getInput('api-token').trim(),
    mode: mode ?? 'auto',
    connections: parseConnectionSelection(getInput('connections')),
    rotateKeys: readBoolean('rotate-keys', false),
    force: readBoolean('force', false),
    failOnChanges: readBoolean('fail-on-changes', false),
    comment: readBoolean('comment', true),
    githubToken: getInput('github-token').trim(),
    maxRequestsPerMinute,
    allowCustomHost: readBoolean('allow-custom-host', false),
  };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, inputs };
}

/** Reads the action's inputs from the runner and masks the secrets before anything is logged. */
export function readActionInputs(): ReadInputsResult {
  for (const secretInput of ['api-token', 'github-token']) {
    const value = core.getInput(secretInput).trim();
    if (value !== '') core.setSecret(value);
  }
  return parseInputs((name) => core.getInput(name));
}
