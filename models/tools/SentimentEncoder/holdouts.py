"""Writes the hold-outs train.py keeps back as TSV files `fusion evaluate` reads, so the C# tiers are measured on the
same rows the training run was tuned on (never on a public test split):

    /usr/bin/python3 models/tools/SentimentEncoder/holdouts.py --data ../shared/data/sentiment --out <dir>

  reviews-womens-clothing-holdout.tsv, reviews-yelp-holdout.tsv   label, text   (the stable 20 %)
  targeted-{twitter,restaurants,laptops}-holdout.tsv              label, target, text   (the stable 15 %)
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from encoder import LABELS, read_tsv, held_out  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--review-holdout", type=float, default=0.2)
    p.add_argument("--target-holdout", type=float, default=0.15)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for name in ("reviews-womens-clothing", "reviews-yelp"):
        rows = [r for r in read_tsv(os.path.join(a.data, name + ".tsv")) if held_out(r["text"], a.review_holdout)]
        with open(os.path.join(a.out, name + "-holdout.tsv"), "w", encoding="utf-8") as f:
            f.write("label\ttext\n")
            f.writelines(f"{LABELS[r['label']]}\t{r['text']}\n" for r in rows)
        print(name, len(rows))
    for name in ("twitter", "restaurants", "laptops"):
        rows = [r for r in read_tsv(os.path.join(a.data, "targeted", name + "-train.tsv"))
                if held_out(r["text"], a.target_holdout, seed=91)]
        with open(os.path.join(a.out, f"targeted-{name}-holdout.tsv"), "w", encoding="utf-8") as f:
            f.write("label\ttarget\ttext\n")
            f.writelines(f"{LABELS[r['label']]}\t{r['target']}\t{r['text']}\n" for r in rows)
        print(name, len(rows))


if __name__ == "__main__":
    main()
