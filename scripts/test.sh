#!/bin/sh
# The one test command (README, .ci/run): lint + format check, type check, then every test with node's runner.
set -e
cd "$(dirname "$0")/.."
npx biome check .
npx tsc -p tsconfig.json --noEmit
npx tsc -p web/tsconfig.json --noEmit
export TZ=UTC
# shellcheck disable=SC2046
exec node --import tsx --test --test-concurrency=2 $(find src test -name '*.test.ts' | sort)
