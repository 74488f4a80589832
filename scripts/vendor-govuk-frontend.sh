#!/usr/bin/env bash
# Re-creates bot/review/static/govuk/ (the reviewer dashboard's copy of GOV.UK Frontend) from npm.
# Run by hand when upgrading; nothing runs it at build or run time. Needs node + npm.
#
#   scripts/vendor-govuk-frontend.sh            # the pinned versions below
#
# What it does (see bot/review/static/govuk/README.md for why):
#   1. `npm pack govuk-frontend@VERSION` and check the tarball's sha256;
#   2. copy dist/govuk/govuk-frontend.min.js unchanged;
#   3. compile the CSS from the same package's Sass with Arial instead of GDS Transport (the
#      Design System's own `$govuk-font-family` setting): Essex Police is not on GOV.UK, and GDS
#      Transport and the crown may only be used on GOV.UK. No font or crown files are copied.
set -euo pipefail

GOVUK_VERSION=5.14.0
GOVUK_SHA256=5a8469fd9fd9700a8dec8834f4053275710ac1dc12dda82a297a6e7884220569
SASS_VERSION=1.77.8

root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/bot/review/static/govuk"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "govuk-frontend@$GOVUK_VERSION" >/dev/null
echo "$GOVUK_SHA256  govuk-frontend-$GOVUK_VERSION.tgz" | sha256sum -c -
tar xzf "govuk-frontend-$GOVUK_VERSION.tgz"

npm init -y >/dev/null
npm install --silent --no-audit --no-fund "sass@$SASS_VERSION" >/dev/null
cat > review-govuk.scss <<'EOF'
$govuk-font-family: arial, sans-serif;
$govuk-include-default-font-face: false;
$govuk-assets-path: "/static/govuk/assets/";
@import "govuk/index";
EOF
node_modules/.bin/sass --load-path=package/dist --style=compressed --no-source-map --quiet-deps --quiet \
  review-govuk.scss govuk-frontend-arial.min.css

mkdir -p "$dest"
cp package/dist/govuk/govuk-frontend.min.js "$dest/govuk-frontend.min.js"
cp govuk-frontend-arial.min.css "$dest/govuk-frontend-arial.min.css"
( cd "$dest" && sha256sum govuk-frontend.min.js govuk-frontend-arial.min.css )
echo "Updated $dest (govuk-frontend $GOVUK_VERSION). Update the versions and sha256 values in its README.md."
