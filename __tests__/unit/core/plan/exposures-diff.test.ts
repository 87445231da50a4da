// diffExposuresFiles: which exposures a new file adds, removes and changes against the workspace's, by
// name and by what the YAML says, not by its bytes.
import { describe, expect, it } from 'vitest';
import { diffExposuresFiles } from '../../../../src/core/plan/exposures-diff.js';

const file = (...entries: string[]) => `# header\nversion: 2\nexposures:\n${entries.join('')}`;
const entry = (name: string, label: string, dependsOn = "ref('orders')") =>
  `  - name: ${name}\n    label: ${label}\n    type: dashboard\n    owner: { name: Ann }\n    depends_on: ["${dependsOn}"]\n`;

describe('diffExposuresFiles', () => {
  it('finds added, removed and changed exposures, sorted by name, with their titles', () => {
    const previous = file(entry('revenue', 'Revenue'), entry('old_board', 'Old board'), entry('mix', 'Mix'));
    const next = file(
      entry('mix', 'Mix', "ref('payments')"),
      entry('churn', 'Churn'),
      entry('revenue', 'Revenue'),
      entry('arr', 'ARR'),
    );
    expect(diffExposuresFiles(previous, next)).toEqual({
      added: [
        { name: 'arr', label: 'ARR' },
        { name: 'churn', label: 'Churn' },
      ],
      removed: [{ name: 'old_board', label: 'Old board' }],
      updated: [{ name: 'mix', label: 'Mix' }],
      isPreviousReadable: true,
    });
  });

  it('counts nothing when only the form differs: header, quoting, key order, flow or block style', () => {
    const previous =
      'version: 2\nexposures:\n  - { type: dashboard, name: revenue, label: "Revenue", owner: { name: Ann }, depends_on: ["ref(\'orders\')"] }\n';
    const next = file(entry('revenue', 'Revenue'));
    expect(previous).not.toBe(next);
    expect(diffExposuresFiles(previous, next)).toEqual({
      added: [],
      removed: [],
      updated: [],
      isPreviousReadable: true,
    });
  });

  it('counts every exposure as added when there was no file', () => {
    expect(diffExposuresFiles(undefined, file(entry('b', 'B'), entry('a', 'A')))).toEqual({
      added: [
        { name: 'a', label: 'A' },
        { name: 'b', label: 'B' },
      ],
      removed: [],
      updated: [],
      isPreviousReadable: true,
    });
  });

  it.each([
    ['not YAML', 'exposures: [unclosed\n'],
    ['another property file', 'version: 2\nmodels:\n  - name: orders\n'],
    ['an exposure without a name', 'version: 2\nexposures:\n  - label: No name\n'],
    ['a scalar', 'just text\n'],
  ])('counts every new exposure as added, and none removed, when the file there is %s', (_what, previous) => {
    expect(diffExposuresFiles(previous, file(entry('revenue', 'Revenue')))).toEqual({
      added: [{ name: 'revenue', label: 'Revenue' }],
      removed: [],
      updated: [],
      isPreviousReadable: false,
    });
  });

  it("gives a dashboard's title, not the raw block that keeps dbt's Jinja from reading it", () => {
    const next = `version: 2\nexposures:\n  - name: plan\n    label: "{% raw %}Plan {{ x }}{% endraw %}"\n`;
    expect(diffExposuresFiles(undefined, next).added).toEqual([{ name: 'plan', label: 'Plan {{ x }}' }]);
  });

  it('leaves out a label that is not a string', () => {
    const next = 'version: 2\nexposures:\n  - name: revenue\n    type: dashboard\n';
    expect(diffExposuresFiles(undefined, next).added).toEqual([{ name: 'revenue' }]);
  });
});
