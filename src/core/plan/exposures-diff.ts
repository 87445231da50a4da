// Pure: which exposures a new dbt exposures file adds, removes or changes against the one in the workspace,
// by name (README, "dbt exposures"). Both files are read back as YAML, so a difference of form alone (the
// header, quoting, key order in a hand-edited file) changes no exposure.
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { unquoteForJinja, type WrittenExposure } from './exposures.js';

/** One exposure the new file adds, removes or changes: its name and, when it has one, its dashboard's title. */
export interface ExposureChange {
  name: string;
  label?: string;
}

export interface ExposuresDiff {
  /** Sorted by name. */
  added: ExposureChange[];
  removed: ExposureChange[];
  /** Exposures of the same name whose content differs. */
  updated: ExposureChange[];
  /**
   * False when there was a file that could not be read as a property file of exposures (invalid YAML, no
   * `exposures:` list of named entries): every new exposure then counts as added, and none as removed.
   */
  isPreviousReadable: boolean;
}

/**
 * `previous` is the workspace's file (undefined when there is none); `next` the file built from Omni, and
 * `nextEntries` the values it was written from (buildExposuresFile's `entries`), when its text is exactly
 * their YAML: then `next` is not read back, which would cost about as much memory as building it.
 */
export function diffExposuresFiles(
  previous: string | undefined,
  next: string,
  nextEntries?: readonly WrittenExposure[],
): ExposuresDiff {
  if (previous === next) return { added: [], removed: [], updated: [], isPreviousReadable: true };
  const nextByName =
    nextEntries === undefined
      ? (readExposures(next) ?? new Map<string, Entry>())
      : new Map(nextEntries.map((entry) => [entry.name, entry]));
  const previousEntries = previous === undefined ? new Map<string, Entry>() : readExposures(previous);
  if (previousEntries === undefined) {
    return {
      added: describe([...nextByName.values()]),
      removed: [],
      updated: [],
      isPreviousReadable: false,
    };
  }
  const added: Entry[] = [];
  const updated: Entry[] = [];
  for (const [name, entry] of nextByName) {
    const before = previousEntries.get(name);
    if (before === undefined) added.push(entry);
    else if (!isDeepStrictEqual(before, entry)) updated.push(entry);
  }
  const removed = [...previousEntries.values()].filter((entry) => !nextByName.has(entry.name));
  return {
    added: describe(added),
    removed: describe(removed),
    updated: describe(updated),
    isPreviousReadable: true,
  };
}

type Entry = { name: string; label?: unknown };

function describe(entries: readonly Entry[]): ExposureChange[] {
  return (
    entries
      // The dashboard's title, not the form that keeps dbt's Jinja from reading it.
      .map(({ name, label }) =>
        typeof label === 'string' ? { name, label: unquoteForJinja(label) } : { name },
      )
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  );
}

/** The file's exposures by name, or undefined when it is not a property file with an `exposures:` list. */
function readExposures(text: string): Map<string, Entry> | undefined {
  let document: unknown;
  try {
    document = parse(text, { version: '1.2' });
  } catch {
    return undefined;
  }
  if (typeof document !== 'object' || document === null) return undefined;
  const { exposures } = document as { exposures?: unknown };
  if (!Array.isArray(exposures)) return undefined;
  const entries = new Map<string, Entry>();
  for (const entry of exposures) {
    const name = (entry as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') return undefined;
    entries.set(name, entry as Entry);
  }
  return entries;
}
