#!/usr/bin/env bash
# Build the app in place for running it (the image's build step, and what a host install does):
# install with the dev tools (npm ci's prepare builds the terminal clients' bundles), then drop
# the dev tools. The Dockerfile runs this; test/packaging.test.ts runs it in a temporary copy,
# so the steps are tested where docker cannot run.
set -euo pipefail
cd "${1:-.}"
npm ci --no-audit --no-fund --prefer-offline
npm prune --omit=dev --no-audit --no-fund
node bin/zuoxi.js --version
