// Pure: the action's `result` output within what GitHub keeps of a job's outputs (README, "Outputs"). GitHub
// takes at most 1 MiB of a job's outputs, its size counted in UTF-16
// (https://docs.github.com/en/actions/using-jobs/defining-outputs-for-jobs),
// and a workflow that reads a larger `result` with fromJSON fails. Only the lists that grow with Omni's
// content are cut, from their end; every connection stays, and the object that held a cut list counts what
// it left out in `omitted`.

/** UTF-16 code units `result` may take: GitHub's 1 MiB at 2 bytes each, less 16 KiB for the other outputs. */
export const RESULT_LIMIT_UNITS = (1024 * 1024 - 16 * 1024) / 2;

type JsonObject = Record<string, unknown>;

/** A list that may be cut: `holder[key]`, and where its `omitted` count goes (the holder itself). */
interface CuttableList {
  holder: JsonObject;
  key: string;
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const objectsOf = (value: unknown): JsonObject[] => (Array.isArray(value) ? value.filter(isObject) : []);

/** The lists Omni's content makes long: each impact's issues and dashboards at risk, the exposures' names. */
function listCuttable(result: JsonObject): CuttableList[] {
  const lists: CuttableList[] = [];
  for (const connection of objectsOf(result.connections)) {
    const impact = connection.impact;
    if (!isObject(impact)) continue;
    for (const entry of objectsOf(impact.atRisk)) lists.push({ holder: entry, key: 'dashboards' });
    lists.push(
      { holder: impact, key: 'newIssues' },
      { holder: impact, key: 'newModelIssues' },
      { holder: impact, key: 'atRisk' },
    );
  }
  const exposures = result.exposures;
  if (isObject(exposures)) {
    for (const key of ['added', 'removed', 'updated']) lists.push({ holder: exposures, key });
  }
  return lists.filter(({ holder, key }) => Array.isArray(holder[key]));
}

const lengthOf = ({ holder, key }: CuttableList): number => (holder[key] as unknown[]).length;

/**
 * `result` as JSON in at most `limit` UTF-16 code units where cutting lists can get it there: the longest
 * list first, by about as many entries as the excess takes, until it fits. `omitted` counts the entries
 * left out in all (0 when nothing was cut). `result` is changed in place.
 */
export function fitResultOutput(
  result: JsonObject,
  limit: number = RESULT_LIMIT_UNITS,
): { text: string; omitted: number } {
  let text = JSON.stringify(result);
  const lists = listCuttable(result);
  let omitted = 0;
  while (text.length > limit) {
    const longest = lists.reduce<CuttableList | undefined>(
      (found, list) => (found === undefined || lengthOf(list) > lengthOf(found) ? list : found),
      undefined,
    );
    if (longest === undefined || lengthOf(longest) === 0) break;
    const list = longest.holder[longest.key] as unknown[];
    const unitsPerEntry = JSON.stringify(list).length / list.length;
    const cut = Math.min(list.length, Math.ceil((text.length - limit) / unitsPerEntry) + 1);
    longest.holder[longest.key] = list.slice(0, list.length - cut);
    const earlier = isObject(longest.holder.omitted) ? longest.holder.omitted : {};
    longest.holder.omitted = { ...earlier, [longest.key]: (Number(earlier[longest.key]) || 0) + cut };
    omitted += cut;
    text = JSON.stringify(result);
  }
  return { text, omitted };
}
