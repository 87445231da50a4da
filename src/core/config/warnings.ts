// Values the contract accepts but that will not work in practice: a repository URL Omni cannot
// clone with its deploy key, a branch name git refuses. The file stays valid; these are warnings.

const SSH_URL_EXAMPLE = 'git@github.com:acme/analytics.git';

/** `ssh://…`, or scp-like `user@host:path` (what GitHub, GitLab and Bitbucket show for SSH clones). */
function isSshUrl(url: string): boolean {
  return /^ssh:\/\/\S+$/i.test(url) || /^[^\s@/:]+@[^\s/:]+:\S+$/.test(url);
}

/** A warning for an `sshUrl` that is not an SSH URL, with the SSH form when it can be derived. */
export function checkSshUrl(url: string): string | undefined {
  if (isSshUrl(url)) return undefined;
  const https = /^https?:\/\/(?:[^@/]+@)?([^/:]+)\/(.+?)(?:\.git)?\/?$/i.exec(url);
  const suggestion = https ? `git@${https[1]}:${https[2]}.git` : SSH_URL_EXAMPLE;
  return `expected an SSH URL: Omni clones the repository with a deploy key over SSH; write it like \`${suggestion}\``;
}

/**
 * Why git would refuse `branch` as a branch name, per git-check-ref-format(1) (rules 1, 3-10, and
 * `--branch`, which refuses a leading "-"), or undefined when it is fine.
 */
export function checkBranchName(branch: string): string | undefined {
  const reason = findRefNameProblem(branch);
  return reason
    ? `git refuses this branch name (${reason}, see git check-ref-format); use the branch name as git shows it`
    : undefined;
}

function findRefNameProblem(branch: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what git refuses.
  if (/[\u0000-\u001f\u007f]/.test(branch)) return 'it contains a control character or newline';
  if (branch.includes(' ')) return 'it contains a space';
  const forbidden = ['~', '^', ':', '?', '*', '[', '\\'].find((char) => branch.includes(char));
  if (forbidden) return `it contains "${forbidden}"`;
  if (branch.includes('..')) return 'it contains ".."';
  if (branch.includes('@{')) return 'it contains "@{"';
  if (branch === '@') return 'it is "@"';
  if (branch.startsWith('-')) return 'it starts with "-"';
  if (branch.startsWith('/') || branch.endsWith('/') || branch.includes('//')) {
    return 'it has a leading, trailing or doubled "/"';
  }
  if (branch.endsWith('.')) return 'it ends with "."';
  const components = branch.split('/');
  if (components.some((component) => component.startsWith('.'))) return 'a part of it starts with "."';
  if (components.some((component) => component.endsWith('.lock'))) return 'a part of it ends with ".lock"';
  return undefined;
}
