#!/usr/bin/env bash
# Trains the sentiment model of each further language (models/sentiment-{ar,de,es,fr,hi,it,pt}.zip) from the UMSAB
# tweets in ../shared/data/sentiment/multilingual/, with the settings chosen on their validation splits
# (docs/sentiment.md, "Other languages"): hashed word 1-2-grams and character 3-5-grams, the lexicon features over
# VADER + the emoji table + the language's own lexicon, no word vectors (GloVe and MiniLM are English), no CNN,
# L2 0.1, balanced classes.
#
#   models/tools/train-language-models.sh check   # train on train, report validation (how the settings were chosen)
#   models/tools/train-language-models.sh ship    # train on train + validation, write models/sentiment-xx.zip
#
# Needs node and npm (for the lexicons, see fetch-language-lexicons.sh and fetch-emoji-valence.sh) and the .NET SDK.
# About a minute per language on 2 cores. Honour the shared training lock where there is one:
#   flock /tmp/fm-train.lock nice -n 15 models/tools/train-language-models.sh ship
set -euo pipefail
mode="${1:-check}"
here="$(cd "$(dirname "$0")/../.." && pwd)"
data="${DATA:-$here/../shared/data/sentiment/multilingual}"
vader="${VADER:-$here/../shared/data/lexicons/vader_lexicon.txt}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$here/models/tools/fetch-emoji-valence.sh" "$work/emoji.tsv"
"$here/models/tools/fetch-language-lexicons.sh" "$work"
dotnet build -c Release "$here/src/FusionMonitor.Cli" -v q -nologo >/dev/null
fusion="$here/src/FusionMonitor.Cli/bin/Release/net10.0/fusion"
declare -A names=([ar]=arabic [de]=german [es]=spanish [fr]=french [hi]=hindi [it]=italian [pt]=portuguese)
for code in ar de es fr hi it pt; do
  name="${names[$code]}"
  common=(--embedding-weight 0 --cluster-weight 0 --cnn-filters 0 --bits 18 --l2 0.1
          --lexicon "$vader,$work/emoji.tsv,$work/lexicon-$code.tsv" --name "fusion-sentiment-$code")
  if [ "$mode" = ship ]; then
    "$fusion" train --train "$data/$name-train.tsv,$data/$name-val.tsv" "${common[@]}" --out "$here/models/sentiment-$code.zip"
  else
    echo -n "$code: "
    "$fusion" train --train "$data/$name-train.tsv" --val "$data/$name-val.tsv" "${common[@]}" --out "$work/sentiment-$code.zip" 2>/dev/null
  fi
done
