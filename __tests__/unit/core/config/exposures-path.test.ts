// checkExposuresPath: relative, inside the workspace on every runner, a YAML file dbt reads; each
// problem says how to fix it, all at once. The JSON Schema's pattern for editors gives the same answers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkExposuresPath } from '../../../../src/core/config/exposures-path.js';
import { EXPOSURES_PATH_PATTERN } from '../../../../src/core/config/schema.js';

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

describe('EXPOSURES_PATH_PATTERN, the JSON Schema form of checkExposuresPath', () => {
  // As ajv and editors compile a JSON Schema pattern: with the `u` flag.
  const pattern = new RegExp(EXPOSURES_PATH_PATTERN, 'u');
  const agrees = (path: string) => pattern.test(path) === (checkExposuresPath(path).length === 0);

  it.each([
    'models/omni_exposures/omni_exposures.yml',
    'models/omni_exposures.yaml',
    './models/exposures.yml',
    'models/..exposures.yml',
    '..yml',
    ' .yml',
    'models/my exposures.yml',
    'models/.git.yml',
    'models/git/x.yml',
    '',
    '   ',
    '/x.yml',
    'C:/x.yml',
    'C:x.yml',
    'c:x.yml',
    '\\\\server\\share\\x.yml',
    'models\\x.yml',
    '~/x.yml',
    '../x.yml',
    'models/../x.yml',
    'models/..',
    '.git/x.yml',
    'a/.GiT/x.yml',
    'a/.git',
    'models/x\ny.yml',
    'models/x\u0085.yml',
    'models/',
    'models/x.json',
    'models/.yml',
    '.yml',
    'models/x.YML',
    'models/x.yml/',
    'models/x.yml\n',
  ])('agrees on %j', (path) => {
    expect(agrees(path)).toBe(true);
  });

  it('agrees on any path built from the characters that matter', () => {
    const pieces = [
      'a',
      'b',
      '.',
      '..',
      '/',
      '\\',
      '~',
      'C:',
      '.git',
      '.GIT',
      ' ',
      '\n',
      '\u009b',
      'x',
      '.yml',
      '.yaml',
      '.YML',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 8 }), (parts) => agrees(parts.join(''))),
      { numRuns: 5000 },
    );
  });
});
