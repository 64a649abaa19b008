#!/usr/bin/env bash
# Refresh the staff pages' vendored assets from npm at the pinned versions (`make assets`).
# Nothing is built: files are copied out of the packages as published, with their licences.
set -euo pipefail
PICO=@picocss/pico@2.1.1
SARABUN=@fontsource/sarabun@5.3.0
HTMX=htmx.org@2.0.11

here=$(cd "$(dirname "$0")" && pwd)
out=$here/static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

unpack() {  # unpack <package@version> <folder>: npm pack, then extract into the folder
  mkdir -p "$work/$2"
  (cd "$work" && npm pack --silent "$1" >"$2.name")
  tar -xzf "$work/$(cat "$work/$2.name")" -C "$work/$2" --strip-components=1
}

unpack "$PICO" pico
unpack "$SARABUN" sarabun
unpack "$HTMX" htmx

rm -rf "$out" && mkdir -p "$out/fonts"
cp "$work/pico/css/pico.min.css" "$out/pico.min.css"
cp "$work/pico/LICENSE.md" "$out/pico.LICENSE.md"
for subset in thai latin; do
  for weight in 400 700; do
    cp "$work/sarabun/files/sarabun-$subset-$weight-normal.woff2" "$out/fonts/"
  done
done
cp "$work/sarabun/LICENSE" "$out/fonts/sarabun.LICENSE"
cp "$work/htmx/dist/htmx.min.js" "$out/htmx.min.js"
cp "$work/htmx/LICENSE" "$out/htmx.LICENSE"

cat >"$out/LICENSES.md" <<NOTE
# Vendored assets (from npm, copied as published; refresh with \`make assets\`)

| file | package | licence |
| --- | --- | --- |
| pico.min.css | $PICO | MIT (pico.LICENSE.md) |
| fonts/sarabun-{thai,latin}-{400,700}-normal.woff2 | $SARABUN | SIL Open Font License 1.1 (fonts/sarabun.LICENSE) |
| htmx.min.js | $HTMX | Zero-Clause BSD (htmx.LICENSE) |
NOTE
echo "assets refreshed in $out"
