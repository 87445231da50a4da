// The warning rules: SSH URLs Omni can clone with a deploy key, branch names git accepts.
import { describe, expect, it } from 'vitest';
import { checkBranchName, checkSshUrl } from '../../../../src/core/config/warnings.js';

describe('checkSshUrl', () => {
  it.each([
    'git@github.com:acme/analytics.git',
    'git@gitlab.example.com:group/sub/repo.git',
    'org-123@ssh.dev.azure.com:v3/org/project/repo',
    'ssh://git@bitbucket.org/acme/analytics.git',
    'SSH://git@host:2222/acme/repo.git',
  ])('accepts %s', (url) => {
    expect(checkSshUrl(url)).toBeUndefined();
  });

  it.each([
    ['https://github.com/acme/analytics.git', 'git@github.com:acme/analytics.git'],
    ['https://github.com/acme/analytics', 'git@github.com:acme/analytics.git'],
    ['http://user@gitlab.example.com/group/repo/', 'git@gitlab.example.com:group/repo.git'],
    ['github.com/acme/analytics', 'git@github.com:acme/analytics.git'],
    ['git://github.com/acme/analytics.git', 'git@github.com:acme/analytics.git'],
  ])('warns about %s and suggests %s', (url, suggestion) => {
    expect(checkSshUrl(url)).toContain(`\`${suggestion}\``);
  });
});

describe('checkBranchName', () => {
  it.each(['main', 'release/2024.1', 'feature/ABC-12_x', 'v1.0', '@x', 'a@b'])('accepts %s', (branch) => {
    expect(checkBranchName(branch)).toBeUndefined();
  });

  it.each([
    ['my branch', 'a space'],
    ['feat~1', '"~"'],
    ['a^b', '"^"'],
    ['a:b', '":"'],
    ['what?', '"?"'],
    ['wild*', '"*"'],
    ['a[0]', '"["'],
    ['back\\slash', '"\\"'],
    ['a..b', '".."'],
    ['a@{b', '"@{"'],
    ['@', '"@"'],
    ['-dash', '"-"'],
    ['/lead', '"/"'],
    ['trail/', '"/"'],
    ['a//b', '"/"'],
    ['end.', 'ends with "."'],
    ['a/.hidden', 'starts with "."'],
    ['main.lock', '".lock"'],
    ['tab\there', 'control character'],
  ])('refuses %s (%s)', (branch, reason) => {
    const warning = checkBranchName(branch);
    expect(warning).toContain('git refuses this branch name');
    expect(warning).toContain(reason);
  });
});
