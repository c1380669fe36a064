#!/usr/bin/env bash
# Refreshes the vendored front-end libraries from the npm registry (versions in package.json).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fetch() {  # package version file-in-package destination
  (cd "$tmp" && npm pack --silent "$1@$2" >/dev/null && mkdir -p "x-$1" && tar xzf ./*"$2".tgz -C "x-$1" && rm ./*.tgz)
  mkdir -p "$(dirname "$4")"
  # Source maps are not shipped: drop the reference, or collectstatic's manifest storage fails on it.
  sed '/^\/\/# sourceMappingURL=/d' "$tmp/x-$1/package/$3" > "$4"
  cp "$tmp/x-$1/package/LICENSE"* "$(dirname "$4")/" 2>/dev/null || true
}
version() { python3 -c "import json,sys; print(json.load(open('package.json'))['dependencies'][sys.argv[1]])" "$1"; }
fetch htmx.org "$(version htmx.org)" dist/htmx.min.js praxis/core/static/vendor/htmx/htmx.min.js
fetch scorm-again "$(version scorm-again)" dist/scorm12.min.js praxis/learning/static/vendor/scorm-again/scorm12.min.js
fetch scorm-again "$(version scorm-again)" dist/scorm2004.min.js praxis/learning/static/vendor/scorm-again/scorm2004.min.js
echo "vendored assets refreshed"
