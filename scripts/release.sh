#!/usr/bin/env bash
# Release packaging, run by .github/workflows/release.yml on a version tag (and by the tests):
#
#   scripts/release.sh binary TARGET OUT_DIR   build skyauth for TARGET (cargo --release
#                                              --locked) and pack it: OUT_DIR/skyauth-VERSION-
#                                              TARGET.tar.gz (.zip for Windows), holding skyauth
#                                              and the same binary as kubectl-skyauth (kubectl's
#                                              plugin name), README.md and the licence's name
#   scripts/release.sh site OUT_DIR            pack dist/ as OUT_DIR/skyauth-site-VERSION.zip
#   scripts/release.sh sums OUT_DIR            write OUT_DIR/SHA256SUMS for every archive there
#   scripts/release.sh krew OUT_DIR BASE_URL   print plugins/skyauth.yaml filled with VERSION,
#                                              each platform's archive URL and SHA-256
#
# VERSION is $SKYAUTH_VERSION (the tag, e.g. v0.2.0), else Cargo.toml's. $SKYAUTH_BINARY packs
# that binary instead of building one, and $SKYAUTH_DIST zips another site directory (tests).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

die() { printf 'release: %s\n' "$*" >&2; exit 2; }

version() {
  if [[ -n ${SKYAUTH_VERSION:-} ]]; then
    printf '%s\n' "$SKYAUTH_VERSION"
  else
    printf 'v%s\n' "$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
  fi
}

# SHA-256 of a file, by whichever tool the runner has.
sha256() {
  if command -v sha256sum >/dev/null; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

# Zips DIR's contents into ZIP (Python's zipfile: on every runner, no zip tool needed).
zip_dir() {
  local python
  python=$(command -v python3 || command -v python) || die "python3 is needed to write a zip"
  "$python" - "$1" "$2" <<'PY'
import os, sys, zipfile
source, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
    for folder, _, files in sorted(os.walk(source)):
        for name in sorted(files):
            path = os.path.join(folder, name)
            archive.write(path, os.path.relpath(path, source))
PY
}

binary() {
  local target=$1 out=$2 exe='' binary
  [[ $target == *windows* ]] && exe=.exe
  if [[ -n ${SKYAUTH_BINARY:-} ]]; then
    binary=$SKYAUTH_BINARY
  else
    cargo build --release --locked --target "$target" --bin skyauth
    binary=target/$target/release/skyauth$exe
  fi
  [[ -x $binary ]] || die "no binary at $binary"
  local name
  name="skyauth-$(version)-$target"
  local stage="$out/$name"
  rm -rf "$stage"
  mkdir -p "$stage"
  cp "$binary" "$stage/skyauth$exe"
  cp "$binary" "$stage/kubectl-skyauth$exe"
  cp README.md "$stage/"
  printf 'skyauth is licensed under the Apache License, Version 2.0 (Cargo.toml).\n' >"$stage/LICENSE-NOTICE"
  if [[ -n $exe ]]; then
    zip_dir "$stage" "$out/$name.zip"
  else
    # Members without a directory, so `tar -xz kubectl-skyauth` picks one out.
    tar -C "$stage" -czf "$out/$name.tar.gz" skyauth kubectl-skyauth README.md LICENSE-NOTICE
  fi
  rm -rf "$stage"
}

site() {
  local out=$1 dist=${SKYAUTH_DIST:-dist}
  [[ -f $dist/index.html ]] || die "no site at $dist/ (run make dist first)"
  zip_dir "$dist" "$out/skyauth-site-$(version).zip"
}

sums() {
  local out=$1 file
  : >"$out/SHA256SUMS"
  for file in "$out"/*.tar.gz "$out"/*.zip; do
    [[ -f $file ]] || continue
    printf '%s  %s\n' "$(sha256 "$file")" "$(basename "$file")" >>"$out/SHA256SUMS"
  done
}

# The krew manifest: each platform's archive, by its Rust target.
krew() {
  local out=$1 base=$2 text target key sum
  text=$(<plugins/skyauth.yaml)
  text=${text//'{{VERSION}}'/$(version)}
  for key in linux_amd64:x86_64-unknown-linux-musl linux_arm64:aarch64-unknown-linux-musl \
    darwin_amd64:x86_64-apple-darwin darwin_arm64:aarch64-apple-darwin \
    windows_amd64:x86_64-pc-windows-msvc; do
    target=${key#*:}
    local file
    file="skyauth-$(version)-$target.tar.gz"
    [[ $target == *windows* ]] && file="skyauth-$(version)-$target.zip"
    sum=$(awk -v f="$file" '$2 == f { print $1 }' "$out/SHA256SUMS")
    [[ -n $sum ]] || die "SHA256SUMS has no $file"
    text=${text//"{{URL_${key%%:*}}}"/$base/$file}
    text=${text//"{{SHA256_${key%%:*}}}"/$sum}
  done
  printf '%s\n' "$text"
}

command=${1:-}
case $command in
  binary) [[ $# -eq 3 ]] || die "usage: $0 binary TARGET OUT_DIR"; mkdir -p "$3"; binary "$2" "$3" ;;
  site) [[ $# -eq 2 ]] || die "usage: $0 site OUT_DIR"; mkdir -p "$2"; site "$2" ;;
  sums) [[ $# -eq 2 ]] || die "usage: $0 sums OUT_DIR"; sums "$2" ;;
  krew) [[ $# -eq 3 ]] || die "usage: $0 krew OUT_DIR BASE_URL"; krew "$2" "$3" ;;
  *) die "usage: $0 binary|site|sums|krew ... (see the header)" ;;
esac
