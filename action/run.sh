#!/usr/bin/env bash
# The GitHub Action's script (action.yml): installs a released skyauth and runs one check on
# files of the repository, writing SARIF for code scanning.
#
#   action/run.sh
#
# Inputs, as the action passes them (environment):
#   SKYAUTH_ACTION_VERSION   the release tag to install (v1.2.3)
#   SKYAUTH_ACTION_COMMAND   doctor or audit
#   SKYAUTH_ACTION_FILES     the files to check, one per line or space-separated
#   SKYAUTH_ACTION_ARGS      more flags for every run (e.g. --api-server, --fail-on warning)
#   SKYAUTH_ACTION_SARIF     where to write the SARIF log (one run per file, merged)
#   SKYAUTH_RELEASES         where releases are downloaded from (default: this repository's
#                            GitHub releases; the tests point it at a local directory)
# Exit status: skyauth's: 0, or 1 when a file's findings fail (--fail-on), 2 on bad input.
set -euo pipefail

die() { printf 'skyauth action: %s\n' "$*" >&2; exit 2; }

version=${SKYAUTH_ACTION_VERSION:?set the version input (a release tag such as v1.2.3)}
command=${SKYAUTH_ACTION_COMMAND:-doctor}
[[ $command == doctor || $command == audit ]] || die "command must be doctor or audit, not $command"
sarif=${SKYAUTH_ACTION_SARIF:-skyauth.sarif}
releases=${SKYAUTH_RELEASES:-https://github.com/${GITHUB_ACTION_REPOSITORY:-skyauth/skyauth}/releases/download}

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) target=x86_64-unknown-linux-musl ;;
  Linux-aarch64 | Linux-arm64) target=aarch64-unknown-linux-musl ;;
  Darwin-x86_64) target=x86_64-apple-darwin ;;
  Darwin-arm64) target=aarch64-apple-darwin ;;
  *) die "no skyauth release for $(uname -s) $(uname -m)" ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
archive="skyauth-$version-$target.tar.gz"
curl -fsSL "$releases/$version/$archive" -o "$work/$archive" || die "could not download $archive"
curl -fsSL "$releases/$version/SHA256SUMS" -o "$work/SHA256SUMS" || die "could not download SHA256SUMS"
expected=$(awk -v f="$archive" '$2 == f { print $1 }' "$work/SHA256SUMS")
if command -v sha256sum >/dev/null; then
  actual=$(sha256sum "$work/$archive" | cut -d' ' -f1)
else
  actual=$(shasum -a 256 "$work/$archive" | cut -d' ' -f1)
fi
[[ -n $expected && $expected == "$actual" ]] || die "$archive does not match its SHA-256 in SHA256SUMS"
tar -xzf "$work/$archive" -C "$work"
skyauth="$work/skyauth"
"$skyauth" --version >&2

read -r -a extra <<<"${SKYAUTH_ACTION_ARGS:-}"
status=0
logs=()
for file in ${SKYAUTH_ACTION_FILES:?set the files input}; do
  log="$work/$(printf '%s' "$file" | tr '/' '_').sarif"
  set +e
  "$skyauth" "$command" "$file" "${extra[@]}" --format sarif >"$log"
  code=$?
  set -e
  [[ $code -le $status ]] || status=$code
  [[ $code -eq 2 ]] && { printf 'skyauth action: %s could not be read\n' "$file" >&2; continue; }
  logs+=("$log")
done

# One SARIF log with a run per file (code scanning takes several runs of one tool).
python3 - "$sarif" "${logs[@]}" <<'PY'
import json, sys
out, paths = sys.argv[1], sys.argv[2:]
runs = []
for path in paths:
    with open(path, encoding="utf-8") as handle:
        runs.extend(json.load(handle)["runs"])
log = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": runs}
with open(out, "w", encoding="utf-8") as handle:
    json.dump(log, handle, indent=2)
PY
printf 'skyauth action: %d file(s) checked, SARIF in %s\n' "${#logs[@]}" "$sarif" >&2
exit "$status"
