#!/bin/sh
# Xcode Cloud runs ci_scripts/ci_post_clone.sh after it clones the repository.
# This one checks the iOS side of the app's background-work configuration
# before Xcode builds it, and fails the build on errors.
set -eu

# The repository's root (Xcode Cloud starts this script in ci_scripts/).
cd "${CI_PRIMARY_REPOSITORY_PATH:-$(dirname "$0")/..}"

if ! command -v bgkit >/dev/null 2>&1; then
  # Homebrew is on Xcode Cloud's macOS images; the tap has a cask once bgkit
  # has a release. (In an npm project: npm ci, then use npx bgkit.)
  brew install --quiet bgkit/tap/bgkit
fi

bgkit doctor --platform ios --format gcc
