#!/usr/bin/env bash
# Installs pre-commit for __tests__/e2e/pre-commit.test.ts, which fails in CI when pre-commit is missing:
# `pip install pre-commit` first (PyPI, or the machine's package mirror), then Debian's package through
# apt-get. Fails loudly when neither gives a working `pre-commit`. Used by .ci/run and
# .github/workflows/ci.yml; CONTRIBUTING.md, "The pre-commit hook".
set -uo pipefail

if command -v pre-commit >/dev/null 2>&1; then
  echo "pre-commit $(pre-commit --version | cut -d' ' -f2) is already installed."
  exit 0
fi

# Where pip installs console scripts for --user (~/.local/bin) must be on the PATH of the steps after this.
user_bin="$(python3 -m site --user-base 2>/dev/null)/bin"

try_pip() {
  command -v python3 >/dev/null 2>&1 || return 1
  echo "==> python3 -m pip install pre-commit"
  python3 -m pip install --quiet pre-commit && return 0
  # A Python managed by the OS (PEP 668) refuses system-wide installs; the user's site is allowed.
  echo "==> python3 -m pip install --user pre-commit"
  python3 -m pip install --quiet --user pre-commit || return 1
  export PATH="$user_bin:$PATH"
  if [ -n "${GITHUB_PATH:-}" ]; then echo "$user_bin" >>"$GITHUB_PATH"; fi
}

try_apt() {
  command -v apt-get >/dev/null 2>&1 || return 1
  local sudo=''
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || return 1
    sudo='sudo'
  fi
  echo "==> apt-get install pre-commit"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq pre-commit
}

if { try_pip && command -v pre-commit >/dev/null 2>&1; } ||
  { try_apt && command -v pre-commit >/dev/null 2>&1; }; then
  echo "pre-commit $(pre-commit --version | cut -d' ' -f2) installed."
  exit 0
fi

cat >&2 <<'EOF'
::error::Could not install pre-commit: neither `pip install pre-commit` nor `apt-get install pre-commit`
gave a working `pre-commit` command. The pre-commit hook's end-to-end test (__tests__/e2e/pre-commit.test.ts)
fails in CI without it. Install it by hand (https://pre-commit.com/#install) and run again.
EOF
exit 1
