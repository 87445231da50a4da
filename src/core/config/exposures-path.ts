// Checks `exposures.path`, where the dbt exposures file is written: a relative path that stays inside
// the workspace on every runner (Linux, macOS, Windows) and names a YAML file dbt reads.

/**
 * Every problem of the path at once, each saying how to fix it; empty when it is fine. Refused: an
 * empty path; an absolute one (`/x`, `C:/x`, `C:x`, `\\server\x`) or one starting with `~` (no shell
 * expands it); any backslash (a separator on Windows, a plain character on Linux: the same path would
 * mean two files); a `..` segment; a `.git` segment; control characters; a path ending in `/`; a name
 * other than `<something>.yml` or `.yaml` (lower case, as dbt looks for them).
 */
export function checkExposuresPath(path: string): string[] {
  if (path.trim() === '') {
    return ['the path is empty: write where the file goes, e.g. `models/omni_exposures/omni_exposures.yml`'];
  }
  const problems: string[] = [];
  if (path.includes('\\')) {
    problems.push(
      'write the path with `/` between folders, not `\\`: it must mean the same file on every runner',
    );
  }
  const slashed = path.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) {
    problems.push(
      'the path is absolute: write it relative to the workspace (the repository checkout), e.g. `models/omni_exposures.yml`',
    );
  } else if (slashed.startsWith('~')) {
    problems.push(
      '`~` is not expanded: write the path relative to the workspace, e.g. `models/omni_exposures.yml`',
    );
  }
  const segments = slashed.split('/');
  if (segments.includes('..')) {
    problems.push('the path has a `..` segment: it must stay inside the workspace; write it without `..`');
  }
  if (segments.some((segment) => segment.toLowerCase() === '.git')) {
    problems.push("the path is inside `.git`: write the file into the dbt project's folders instead");
  }
  if (/\p{Cc}/u.test(path)) {
    problems.push('the path has a control character (a tab or a line break, say): remove it');
  }
  const fileName = segments.at(-1) ?? '';
  if (fileName === '') {
    problems.push('the path ends in `/`, a folder: add the file name, e.g. `omni_exposures.yml`');
  } else if (!/^.+\.(?:yml|yaml)$/s.test(fileName)) {
    problems.push(
      `\`${fileName}\` is not a YAML file name: end it in \`.yml\` or \`.yaml\` (lower case), e.g. \`omni_exposures.yml\`, so that dbt reads it`,
    );
  }
  return problems;
}
