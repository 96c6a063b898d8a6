#!/usr/bin/env bash
# Puts bgkit on PATH for the GitHub Action (action.yml).
#   BGKIT_VERSION=latest   the newest release (default)
#   BGKIT_VERSION=v0.1.0   that release
#   BGKIT_VERSION=path     the bgkit already on PATH (built or installed by an earlier step)
# A release archive is checked against the release's checksums.txt before it
# is unpacked. BGKIT_DOWNLOAD_BASE replaces https://github.com/bgkit/bgkit/releases
# (a mirror, or a file:// folder in tests).
set -euo pipefail

fail() { echo "::error title=bgkit::$*" >&2; exit 2; }

version="${BGKIT_VERSION:-latest}"
base="${BGKIT_DOWNLOAD_BASE:-https://github.com/bgkit/bgkit/releases}"

if [ "$version" = path ]; then
  command -v bgkit >/dev/null 2>&1 || fail "version: path, but there is no bgkit on PATH"
  echo "bgkit: using $(command -v bgkit): $(bgkit --version)"
  exit 0
fi

case "${RUNNER_OS:-$(uname -s)}" in
  Linux) os=linux ;;
  macOS | Darwin) os=darwin ;;
  Windows | MINGW* | MSYS* | CYGWIN*) os=windows ;;
  *) fail "no bgkit release for the OS ${RUNNER_OS:-$(uname -s)}" ;;
esac
case "${RUNNER_ARCH:-$(uname -m)}" in
  X64 | x86_64 | amd64) arch=amd64 ;;
  ARM64 | arm64 | aarch64) arch=arm64 ;;
  *) fail "no bgkit release for the architecture ${RUNNER_ARCH:-$(uname -m)}" ;;
esac
ext=tar.gz exe=bgkit
if [ "$os" = windows ]; then ext=zip exe=bgkit.exe; fi
archive="bgkit_${os}_${arch}.${ext}"

case "$version" in
  latest) url="$base/latest/download" ;;
  v[0-9]*) url="$base/download/$version" ;;
  [0-9]*) url="$base/download/v$version" ;;
  *) fail "version \"$version\" is not latest, path or a release tag such as v0.1.0" ;;
esac

dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/bgkit-$version-$os-$arch"
rm -rf "$dir"
mkdir -p "$dir/bin"
fetch() { curl -fsSL --retry 3 --retry-delay 2 -o "$2" "$1" || fail "cannot download $1"; }
fetch "$url/$archive" "$dir/$archive"
fetch "$url/checksums.txt" "$dir/checksums.txt"

want=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$dir/checksums.txt")
[ -n "$want" ] || fail "checksums.txt of $url has no line for $archive"
if command -v sha256sum >/dev/null 2>&1; then
  got=$(sha256sum "$dir/$archive" | cut -d' ' -f1)
else
  got=$(shasum -a 256 "$dir/$archive" | cut -d' ' -f1)
fi
[ "$got" = "$want" ] || fail "$archive from $url has SHA-256 $got, but checksums.txt says $want"

if [ "$ext" = zip ]; then
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "$dir/$archive" "$exe" -d "$dir/bin"
  else
    powershell -NoProfile -Command "Expand-Archive -Force -Path '$dir/$archive' -DestinationPath '$dir/unzipped'"
    mv "$dir/unzipped/$exe" "$dir/bin/"
  fi
else
  tar -xzf "$dir/$archive" -C "$dir/bin" "$exe"
fi
chmod +x "$dir/bin/$exe"

if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$dir/bin" >>"$GITHUB_PATH"
fi
echo "bgkit: installed $("$dir/bin/$exe" --version) from $url/$archive into $dir/bin"
