#!/usr/bin/env bash
# Runs this repository's pre-commit hook (.pre-commit-hooks.yaml) the way pre-commit users get it, against
# a throwaway repository with a valid and an invalid omni-dbt.yml: the first run must pass, the second fail
# with the located message. Needs pre-commit (scripts/install-pre-commit.sh) and node/npm on the PATH;
# __tests__/e2e/pre-commit.test.ts runs it in CI. CONTRIBUTING.md, "The pre-commit hook".
# pre-commit try-repo installs the repository at HEAD (plus uncommitted changes to tracked files): commit
# or `git add` new files first.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"

if ! command -v pre-commit >/dev/null; then
  echo "pre-commit is not installed: run 'bash scripts/install-pre-commit.sh' (pip, else apt-get), then again." >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/pre-commit-home"
sample="$work/sample"
mkdir -p "$sample/warehouse"
cd "$sample"
git init -q
cp "$repo/examples/omni-dbt.yml" omni-dbt.yml
cat > warehouse/omni-dbt.yaml <<'YAML'
version: 1
defaults:
  sshUrl: git@github.com:acme/analytics.git
  branch: main
  autogenRelationships: true
  enableVirtualSchemas: true
connections:
  - id: 550e8400-e29b-41d4-a716-44665544000
YAML
git add -A
git -c user.name=check -c user.email=check@example.com commit -qm sample

echo "==> pre-commit $(pre-commit --version | cut -d' ' -f2), node $(node --version): the valid file must pass"
pre-commit try-repo "$repo" omni-dbt-validate --files omni-dbt.yml

echo "==> the invalid file must fail with a located message"
set +e
output="$(pre-commit try-repo "$repo" omni-dbt-validate --files omni-dbt.yml warehouse/omni-dbt.yaml 2>&1)"
status=$?
set -e
printf '%s\n' "$output"
if [ "$status" -eq 0 ]; then
  echo "FAILED: the hook passed an invalid warehouse/omni-dbt.yaml." >&2
  exit 1
fi
if ! grep -q '^warehouse/omni-dbt.yaml:8:9: connections\[0\]\.id: ' <<<"$output"; then
  echo "FAILED: no 'warehouse/omni-dbt.yaml:8:9: connections[0].id: ...' message in the hook's output." >&2
  exit 1
fi
echo "==> pre-commit check passed: the valid file passed, the invalid one failed at warehouse/omni-dbt.yaml:8:9."
