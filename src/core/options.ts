// The options both front ends parse into: one set of names, bounds, defaults and list rules, so the
// action's inputs and the CLI's flags cannot drift apart. Each front end reads raw text its own way and
// hands it here; messages name the option as that front end spells it.

export const DEFAULT_CONFIG_PATH = 'omni-dbt.yml';

/** Omni allows 60 requests a minute per key (contract/dbt.openapi.yaml); 6000 is 100 a second. */
export const MAX_REQUESTS_PER_MINUTE = { default: 60, min: 1, max: 6000 } as const;

/** What every run takes, whichever front end started it. */
export interface RunSettings {
  configPath: string;
  /** Ids or names to limit the run to; empty means every connection of the file. */
  selection: string[];
  allowCustomHost: boolean;
  maxRequestsPerMinute: number;
}

export type ParsedOption<T> = { ok: true; value: T } | { ok: false; error: string };

/** Splits comma or newline separated lists (the `connections` input, `--connections`), dropping blanks. */
export function splitList(values: string | readonly string[]): string[] {
  return (typeof values === 'string' ? [values] : values)
    .flatMap((value) => value.split(/[,\n]/))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * Reads `max-requests-per-minute`; blank or absent means the default. `label` names the option as the
 * front end spells it; `isValueShown` is false where the value must not be echoed (a pasted token).
 */
export function parseMaxRequestsPerMinute(
  raw: string | undefined,
  label: string,
  isValueShown: boolean,
): ParsedOption<number> {
  const text = raw?.trim() ?? '';
  if (text === '') return { ok: true, value: MAX_REQUESTS_PER_MINUTE.default };
  const value = Number(text);
  const { min, max } = MAX_REQUESTS_PER_MINUTE;
  if (!/^\d+$/.test(text) || value < min || value > max) {
    const got = isValueShown ? `, got "${text}"` : '';
    return { ok: false, error: `${label} must be a whole number from ${min} to ${max}${got}.` };
  }
  return { ok: true, value };
}

/** The config path, or the default when blank. */
export function parseConfigPath(raw: string | undefined): string {
  const text = raw?.trim() ?? '';
  return text === '' ? DEFAULT_CONFIG_PATH : text;
}
