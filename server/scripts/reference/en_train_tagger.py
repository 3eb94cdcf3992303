#!/usr/bin/env python3
"""Distils spaCy's `en_core_web_sm` tagger into the small averaged perceptron the Rust G2P uses.

misaki picks heteronyms, 'a'/'in'/'by'/'used' readings, punctuation and currency handling by the
fine-grained (PTB) tags that spaCy gives it, so the Rust tagger is trained to predict *spaCy's* tags,
not gold ones. Input: the JSON lines that `en_reference.py --tags` writes (one sentence per line,
[text, tag, whitespace] triples). Output: the binary model crates/tts-text/src/en/pos.bin.

The feature templates and the FNV-1a hashing below must stay in step with
crates/tts-text/src/en/pos.rs (`features`), which computes the same features at run time.

Usage:
    .venv-ref-en/bin/python scripts/reference/en_reference.py --tags < text.txt > tags.jsonl
    python3 scripts/reference/en_train_tagger.py tags.jsonl crates/tts-text/src/en/pos.bin
Deterministic: same input, same model.
"""
import collections
import json
import random
import struct
import sys

EPOCHS = 6
PRUNE = 1.0  # averaged weights smaller than this (in update units) are dropped: 9 MB → 3.7 MB, -0.3% agreement


def fnv1a(s: str) -> int:
    h = 0xcbf29ce484222325
    for b in s.encode('utf-8'):
        h ^= b
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def shape(w: str) -> str:
    if any(c.isdigit() for c in w):
        return 'd'
    if not any(c.isalpha() for c in w):
        return 'p'
    if w.isupper():
        return 'U'
    if w[0].isupper():
        return 'T'
    if w.islower():
        return 'l'
    return 'm'


def features(words, lowers, i, p1, p2):
    """Feature strings for token i given the two previous predicted tags."""
    w, lw = words[i], lowers[i]
    pw = lowers[i - 1] if i > 0 else '<s>'
    pw2 = lowers[i - 2] if i > 1 else '<s>'
    nw = lowers[i + 1] if i + 1 < len(words) else '</s>'
    nw2 = lowers[i + 2] if i + 2 < len(words) else '</s>'
    sh = shape(w)
    return [
        'b',
        'w=' + lw,
        's3=' + lw[-3:],
        's2=' + lw[-2:],
        'p1=' + lw[:1],
        'sh=' + sh + ('0' if i == 0 else ''),
        'pt=' + p1,
        'pt2=' + p1 + ' ' + p2,
        'ptw=' + p1 + ' ' + lw,
        'pw=' + pw,
        'pw2=' + pw2,
        'nw=' + nw,
        'nw2=' + nw2,
        'ns3=' + nw[-3:],
        'pwn=' + pw + ' ' + lw,
        'wn=' + lw + ' ' + nw,
    ]


def main():
    src, dst = sys.argv[1], sys.argv[2]
    sents = [json.loads(line) for line in open(src, encoding='utf-8')]
    # spaCy's whitespace tokens carry no information for misaki; the Rust tokenizer never makes them.
    sents = [[(t, g) for t, g, _ in s if g != '_SP' and t.strip()] for s in sents]
    sents = [s for s in sents if s]
    tags = sorted({g for s in sents for _, g in s})
    tag_index = {g: i for i, g in enumerate(tags)}

    counts = collections.defaultdict(collections.Counter)
    for s in sents:
        for t, g in s:
            counts[t][g] += 1
    tagdict = {}
    for word, c in counts.items():
        n = sum(c.values())
        tag, top = c.most_common(1)[0]
        if n >= 20 and top / n >= 0.995:
            tagdict[word] = tag

    weights = collections.defaultdict(dict)   # feature -> {tag: w}
    totals = collections.defaultdict(float)    # (feature, tag) -> accumulated
    stamps = collections.defaultdict(int)
    step = 0

    def predict(feats):
        scores = collections.defaultdict(float)
        for f in feats:
            for g, v in weights.get(f, {}).items():
                scores[g] += v
        return max(tags, key=lambda g: (scores[g], g)) if scores else 'NN'

    def update(truth, guess, feats):
        for f in feats:
            for g, d in ((truth, 1.0), (guess, -1.0)):
                key = (f, g)
                w = weights[f].get(g, 0.0)
                totals[key] += (step - stamps[key]) * w
                stamps[key] = step
                weights[f][g] = w + d

    rng = random.Random(1)
    for epoch in range(EPOCHS):
        correct = total = 0
        rng.shuffle(sents)
        for s in sents:
            words = [t for t, _ in s]
            lowers = [t.lower() for t in words]
            p1, p2 = '<s>', '<s>'
            for i, (w, g) in enumerate(s):
                guess = tagdict.get(w)
                if guess is None:
                    feats = features(words, lowers, i, p1, p2)
                    guess = predict(feats)
                    step += 1
                    if guess != g:
                        update(g, guess, feats)
                p2, p1 = p1, guess
                correct += guess == g
                total += 1
        print(f'epoch {epoch}: {correct / total:.4f}', file=sys.stderr)

    averaged = {}
    for f, ws in weights.items():
        out = {}
        for g, w in ws.items():
            key = (f, g)
            tot = totals[key] + (step - stamps[key]) * w
            avg = tot / step
            if abs(avg) >= PRUNE:
                out[g] = avg
        if out:
            averaged[fnv1a(f)] = out

    with open(dst, 'wb') as o:
        o.write(b'POS1')
        o.write(struct.pack('<I', len(tags)))
        for g in tags:
            b = g.encode()
            o.write(struct.pack('<B', len(b)) + b)
        o.write(struct.pack('<I', len(tagdict)))
        for word, g in sorted(tagdict.items()):
            b = word.encode()
            o.write(struct.pack('<B', len(b)) + b + struct.pack('<B', tag_index[g]))
        o.write(struct.pack('<I', len(averaged)))
        for h in sorted(averaged):
            ws = averaged[h]
            o.write(struct.pack('<QB', h, len(ws)))
            for g, w in sorted(ws.items()):
                # Weights are stored as f32 scaled by 1000 so they stay comparable across models.
                o.write(struct.pack('<Bf', tag_index[g], w * 1000))
    print(f'{len(tags)} tags, {len(tagdict)} fixed words, {len(averaged)} features', file=sys.stderr)


if __name__ == '__main__':
    main()
