#!/usr/bin/env bash
# Vendor the query page's editor: fetch CodeMirror 6 (with its SPARQL mode) and SPARQL.js
# from the npm registry at the versions pinned in scripts/vendor_editor/package.json, bundle
# what scripts/vendor_editor/entry.js exports into one minified script (global NqsEditor),
# and write it with the versions and licences to server/static/vendor/codemirror/.
# Only needed to update the editor: installing or running the project needs no npm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
out="$repo/server/static/vendor/codemirror"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cp "$here/vendor_editor/package.json" "$here/vendor_editor/entry.js" "$work/"
(cd "$work" && npm install --no-audit --no-fund --save-exact >/dev/null)
# The app's pages allow styles from their own files only (CSP style-src 'self'): a <style>
# element, which style-mod adds for CodeMirror's themes when the root is a document, would
# be refused. Its other way, a constructed style sheet adopted by the root (as it does for
# shadow roots), is not inline markup: use it for documents too.
mod="$work/node_modules/style-mod/src/style-mod.js"
grep -q 'if (!root.head && root.adoptedStyleSheets && win.CSSStyleSheet)' "$mod" ||
  { echo "style-mod changed: review the CSP patch in $0" >&2; exit 1; }
sed -i 's/if (!root.head \&\& root.adoptedStyleSheets \&\& win.CSSStyleSheet)/if (root.adoptedStyleSheets \&\& win.CSSStyleSheet)/' "$mod"
mkdir -p "$out"
"$work/node_modules/.bin/esbuild" "$work/entry.js" --bundle --minify --format=iife \
  --global-name=NqsEditor --target=es2020 --legal-comments=none --charset=utf8 \
  --outfile="$out/editor.min.js"

# the versions of every package in the bundle, and their licences
node - "$work" "$out" <<'JS'
const fs = require("fs"), path = require("path");
const [work, out] = process.argv.slice(2);
const nm = path.join(work, "node_modules");
const names = [];
for (const entry of fs.readdirSync(nm)) {
  if (entry.startsWith(".")) continue;
  if (entry.startsWith("@")) {
    for (const sub of fs.readdirSync(path.join(nm, entry))) names.push(entry + "/" + sub);
  } else names.push(entry);
}
names.sort();
const versions = [], licences = [];
for (const name of names) {
  const dir = path.join(nm, name);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  if (name === "esbuild" || name.startsWith("@esbuild/")) continue; // the bundler, not bundled
  versions.push(`${name}\t${pkg.version}\t${pkg.license || ""}`);
  const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  const text = file ? fs.readFileSync(path.join(dir, file), "utf8").trim() : `License: ${pkg.license}`;
  licences.push(`== ${name} ${pkg.version} ==\n\n${text}\n`);
}
fs.writeFileSync(path.join(out, "VERSIONS.txt"),
  "# The packages bundled in editor.min.js (name, version, licence), from the npm registry\n" +
  "# by scripts/vendor_editor.sh.\n" + versions.join("\n") + "\n");
fs.writeFileSync(path.join(out, "LICENSES.txt"), licences.join("\n"));
JS
echo "wrote $out: $(wc -c <"$out/editor.min.js") bytes"
