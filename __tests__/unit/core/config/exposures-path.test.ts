// checkExposuresPath: relative, inside the workspace on every runner, a YAML file dbt reads; each
// problem says how to fix it, all at once.
import { describe, expect, it } from 'vitest';
import { checkExposuresPath } from '../../../../src/core/config/exposures-path.js';

describe('checkExposuresPath', () => {
  it.each([
    'models/omni_exposures/omni_exposures.yml',
    'models/omni_exposures.yaml',
    'omni_exposures.yml',
    './models/exposures.yml',
    'transform/models/marts/exposures.yml',
    'models/.hidden.yml',
    'models/my exposures.yml',
    'models/..exposures.yml', // a name that starts with two dots is not a `..` segment
  ])('%s is fine', (path) => {
    expect(checkExposuresPath(path)).toEqual([]);
  });

  it.each<[string, string, string[]]>([
    ['empty', '', ['the path is empty']],
    ['blank', '   ', ['the path is empty']],
    ['absolute', '/home/runner/work/models/exposures.yml', ['the path is absolute']],
    ['a Windows drive', 'C:/work/models/exposures.yml', ['the path is absolute']],
    ['a drive without a slash', 'C:exposures.yml', ['the path is absolute']],
    ['a Windows path', 'C:\\work\\exposures.yml', ['not `\\`', 'the path is absolute']],
    ['a UNC path', '\\\\server\\share\\exposures.yml', ['not `\\`', 'the path is absolute']],
    ['a backslash inside', 'models\\exposures.yml', ['not `\\`']],
    ['a backslash climbing out', 'models\\..\\..\\exposures.yml', ['not `\\`', '`..` segment']],
    ['home', '~/exposures.yml', ['`~` is not expanded']],
    ['climbing out', '../exposures.yml', ['`..` segment']],
    ['climbing out midway', 'models/../../exposures.yml', ['`..` segment']],
    ['into .git', '.git/hooks/exposures.yml', ['inside `.git`']],
    ['into .GIT', 'models/.GIT/exposures.yml', ['inside `.git`']],
    ['a line break', 'models/expo\nsures.yml', ['a control character']],
    ['a folder', 'models/omni/', ['ends in `/`']],
    ['not YAML', 'models/exposures.json', ['`exposures.json` is not a YAML file name']],
    ['no extension', 'models/exposures', ['is not a YAML file name']],
    ['only an extension', 'models/.yml', ['`.yml` is not a YAML file name']],
    ['an upper-case extension', 'models/exposures.YML', ['is not a YAML file name']],
    [
      'absolute, climbing and not YAML',
      '/tmp/../x.txt',
      ['the path is absolute', '`..` segment', 'is not a YAML file name'],
    ],
  ])('%s: %j', (_name, path, expected) => {
    const problems = checkExposuresPath(path);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((fragment, index) => {
      expect(problems[index]).toContain(fragment);
    });
  });

  it('says how to fix it', () => {
    expect(checkExposuresPath('../x.yml')).toEqual([
      'the path has a `..` segment: it must stay inside the workspace; write it without `..`',
    ]);
  });
});
