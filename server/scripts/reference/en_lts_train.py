#!/usr/bin/env python3
"""Trains the English letter-to-sound model (crates/tts-text/src/en/lts.tsv) used for words that
neither misaki's lexicons nor CMUdict know (mostly names: "Priya", "Kubla").

Data: misaki 0.9.4's gold lexicon (Apache-2.0) and CMUdict (BSD-2-Clause) mapped to misaki's
symbols with the same rules as crates/tts-text/src/en/cmudict.rs, for the words gold lacks.

Model: every word is aligned letter by letter to its phonemes (hard EM; a letter gives 0, 1 or 2
phoneme units, a unit being a symbol with the stress mark before it), then for each letter the
output is predicted from the letters around it, backing off along a chain of ever smaller context
windows. A window is kept only when its majority output differs from what the smaller windows
already predict, which keeps the table small. The table is plain text:
    <level> TAB <context> TAB <output units joined by spaces, or "-" for silence>
Usage:
    .venv-ref-en/bin/python scripts/reference/en_lts_train.py [--gb] \
        --misaki ~/.cache/tts-server/text/misaki --cmudict ~/.cache/tts-server/text/cmudict/cmudict.dict \
        > crates/tts-text/src/en/lts.tsv
`--espeak TSV` trains on espeak-ng's readings of the CMUdict words misaki lacks instead (made by
en_espeak_words.py): what misaki itself says for words outside its lexicons (issue 12).
`--eval` holds out every 20th word and prints word and phoneme accuracy instead.
"""
import argparse
import collections
import json
import math
import re
import sys

# Context windows (letters left, letters right), from the most general to the most specific;
# each contains the previous one. Must match LEVELS in crates/tts-text/src/en/lts.rs.
LEVELS = [(0, 0), (0, 1), (1, 1), (1, 2), (2, 2), (2, 3), (3, 3), (4, 4)]
MARKS = 'ˈˌ'


def units(ps):
    """misaki phonemes → units: a symbol with the stress mark before it."""
    out, mark = [], ''
    for c in ps:
        if c in MARKS:
            mark = c
        elif c == ' ':
            continue
        else:
            out.append(mark + c)
            mark = ''
    return out


# --- CMUdict → misaki (the rules of cmudict.rs) -------------------------------------------------
V = dict(AA='ɑ', AE='æ', AO='ɔ', AW='W', AY='I', EH='ɛ', EY='A', IH='ɪ', IY='i', OW='O', OY='Y', UH='ʊ', UW='u')
C = dict(B='b', CH='ʧ', D='d', DH='ð', F='f', G='ɡ', HH='h', JH='ʤ', K='k', L='l', M='m', N='n', NG='ŋ', P='p',
         R='ɹ', S='s', SH='ʃ', T='t', TH='θ', V='v', W='w', Y='j', Z='z', ZH='ʒ')


def isv(p):
    return p[-1] in '012'


def cmu_us(ph):
    n = len(ph)
    base = [p.rstrip('012') for p in ph]
    st = [p[len(b):] for p, b in zip(ph, base)]
    if n and st[-1] == '2' and base[-1] in ('IY', 'OW', 'UW'):
        st[-1] = '0'
    isv_ = [bool(s) for s in st]
    out = []
    for i in range(n):
        b, s = base[i], st[i]
        prv = base[i - 1] if i > 0 else None
        nxt = base[i + 1] if i + 1 < n else None
        rest = ph[i + 2:]
        if s:
            mark = {'1': 'ˈ', '2': 'ˌ'}.get(s, '')
            after_c = i > 0 and not isv_[i - 1] and prv not in ('R', 'Y', 'W')
            if b == 'AH' and s == '0':
                if nxt == 'D' and not rest and i > 0:
                    v = 'ᵻ'
                elif after_c and nxt == 'L' and not rest:
                    v = 'ᵊ'
                elif after_c and nxt == 'N' and prv in ('T', 'D', 'S', 'Z') and not (rest and isv(rest[0])):
                    v = 'ᵊ'
                else:
                    v = 'ə'
            elif b == 'AH':
                v = 'ʌ'
            elif b == 'ER':
                v = 'əɹ' if s == '0' else 'ɜɹ'
            elif b == 'IH' and s == '0':
                if nxt in ('D', 'Z') and not rest:
                    v = 'ᵻ'
                elif nxt is None or nxt == 'NG':
                    v = 'ɪ'
                elif any(isv_[i + 1:]):
                    v = 'ə'
                elif not rest and nxt in ('S', 'T', 'N'):
                    v = 'ə'
                else:
                    v = 'ɪ'
            elif b == 'UW' and s == '0' and i > 0 and nxt and isv_[i + 1]:
                v = 'əw'
            elif b == 'AA' and s == '0' and nxt is None:
                v = 'ə'
            elif b == 'AY' and nxt == 'R':
                v = 'Iə'
            else:
                v = V[b]
            out.append(mark + v)
        else:
            if b == 'T' and i > 0 and (isv_[i - 1] or prv == 'R') and i + 1 < n and st[i + 1] == '0':
                if base[i + 1] == 'AH' and len(rest) == 1 and rest[0] == 'N' and isv_[i - 1]:
                    out.append('ʔn')
                    break
                out.append('ɾ')
            else:
                out.append(C[b])
    return ''.join(out)


def cmu_gb(ph):
    n = len(ph)
    out = []
    seen_primary = False
    for i, p in enumerate(ph):
        b = p.rstrip('012')
        s = p[len(b):]
        nxt = ph[i + 1] if i + 1 < n else None
        nxt2 = ph[i + 2] if i + 2 < n else None
        r_silent = nxt == 'R' and not (nxt2 and isv(nxt2))
        if not s:
            if b == 'R' and not (nxt and isv(nxt)):
                continue
            out.append(C[b])
            continue
        orig = s
        if s == '2' and seen_primary:
            s = '0'
        seen_primary |= s == '1'
        mark = {'1': 'ˈ', '2': 'ˌ'}.get(s, '')
        after_c = i > 0 and not isv(ph[i - 1]) and ph[i - 1] not in ('R', 'Y', 'W')
        if b == 'AH':
            if s != '0':
                v = 'ʌ'
            elif after_c and nxt in ('L', 'N') and not (nxt2 and isv(nxt2)):
                v = 'ᵊ'
            else:
                v = 'ə'
        elif b == 'ER':
            v = ('ə' if s == '0' else 'ɜː') + ('ɹ' if nxt and isv(nxt) else '')
        elif b == 'AA' and r_silent:
            v = 'ɑː'
        elif b == 'AO':
            v = 'ɔː'
        elif b == 'EH' and r_silent:
            v = 'ɛː'
        elif b in ('IH', 'IY') and r_silent:
            v = 'ɪə'
        elif b == 'UH' and r_silent:
            v = 'ʊə'
        elif b == 'IY' and s == '0' and nxt is not None:
            v = 'ɪ'
        else:
            v = dict(AA='ɒ', AE='a', AW='W', AY='I', EH='ɛ', EY='A', IH='ɪ', OW='Q', OY='Y', UH='ʊ').get(b)
            if v is None:
                v = {'IY': 'i', 'UW': 'u'}[b] + ('' if orig == '0' else 'ː')
        out.append(mark + v)
    return ''.join(out)


def load_cmudict(path):
    d = {}
    for line in open(path, encoding='utf-8'):
        parts = line.split('#')[0].split()
        if len(parts) < 2 or parts[0].endswith(')'):
            continue
        d.setdefault(parts[0], parts[1:])
    return d


def training_words(misaki_dir, cmudict_path, gb):
    prefix = 'gb' if gb else 'us'
    gold = json.load(open(f'{misaki_dir}/{prefix}_gold.json', encoding='utf-8'))
    words = {}
    for w, v in gold.items():
        if isinstance(v, dict):
            v = v.get('DEFAULT')
        if v and re.fullmatch(r'[a-z]+', w) and len(w) > 1:
            words[w] = v
    mapper = cmu_gb if gb else cmu_us
    for w, ph in load_cmudict(cmudict_path).items():
        if w not in words and re.fullmatch(r'[a-z]+', w) and len(w) > 1:
            words[w] = mapper(ph)
    return sorted(words.items())


# --- alignment -----------------------------------------------------------------------------------

def align_all(data, iterations=4):
    """Hard EM: each letter emits 0, 1 or 2 units."""
    logp = collections.defaultdict(lambda: -8.0)
    aligned = []
    for it in range(iterations):
        counts = collections.Counter()
        aligned = []
        for w, us in data:
            n, m = len(w), len(us)
            if m > 2 * n:
                continue
            NEG = -1e18
            dp = [[NEG] * (m + 1) for _ in range(n + 1)]
            bp = [[0] * (m + 1) for _ in range(n + 1)]
            dp[0][0] = 0.0
            for i in range(1, n + 1):
                c = w[i - 1]
                lo = max(0, m - 2 * (n - i))
                for j in range(lo, min(m, 2 * i) + 1):
                    best, bk = NEG, 0
                    for k in (0, 1, 2):
                        if j - k < 0 or dp[i - 1][j - k] == NEG:
                            continue
                        out = ' '.join(us[j - k:j]) if k else '-'
                        s = dp[i - 1][j - k] + (logp[(c, out)] if it else (-1.0 if k == 1 else -2.0))
                        if s > best:
                            best, bk = s, k
                    dp[i][j], bp[i][j] = best, bk
            if dp[n][m] == NEG:
                continue
            outs, j = [], m
            for i in range(n, 0, -1):
                k = bp[i][j]
                outs.append(' '.join(us[j - k:j]) if k else '-')
                j -= k
            outs.reverse()
            aligned.append((w, outs))
            for c, o in zip(w, outs):
                counts[(c, o)] += 1
        totals = collections.Counter()
        for (c, o), k in counts.items():
            totals[c] += k
        logp = collections.defaultdict(lambda: -12.0)
        for (c, o), k in counts.items():
            logp[(c, o)] = math.log(k / totals[c])
        print(f'alignment pass {it + 1}: {len(aligned)} words aligned', file=sys.stderr)
    return aligned


def context(w, i, left, right):
    padded = '#' * 4 + w + '#' * 4
    j = i + 4
    return padded[j - left:j] + '[' + padded[j] + ']' + padded[j + 1:j + 1 + right]


def train(aligned):
    tables = []
    for left, right in LEVELS:
        t = collections.defaultdict(collections.Counter)
        for w, outs in aligned:
            for i, o in enumerate(outs):
                t[context(w, i, left, right)][o] += 1
        tables.append(t)
    model = []
    for level, (left, right) in enumerate(LEVELS):
        kept = 0
        for ctx, counter in tables[level].items():
            best, n = counter.most_common(1)[0]
            if level == 0:
                model.append((level, ctx, best))
                kept += 1
                continue
            # A context seen once is an accident of one word (often a spelled-out acronym).
            if n < 2:
                continue
            # What the smaller windows predict for this context.
            w = ctx.replace('[', '').replace(']', '')
            centre = ctx.index('[')
            below = None
            for lv in range(level - 1, -1, -1):
                l2, r2 = LEVELS[lv]
                sub = ctx[centre - l2:centre] + ctx[centre:centre + 3] + ctx[centre + 3:centre + 3 + r2]
                if sub in pruned[lv]:
                    below = pruned[lv][sub]
                    break
            if best != below:
                model.append((level, ctx, best))
                kept += 1
        pruned_level = {ctx: out for lv, ctx, out in model if lv == level}
        pruned.append(pruned_level)
        print(f'level {level} {LEVELS[level]}: {len(tables[level])} contexts, {kept} kept', file=sys.stderr)
    return model


pruned = []


def predict(model_by_level, w):
    out = []
    for i in range(len(w)):
        for level in range(len(LEVELS) - 1, -1, -1):
            left, right = LEVELS[level]
            o = model_by_level[level].get(context(w, i, left, right))
            if o is not None:
                break
        else:
            o = '-'
        if o != '-':
            out.extend(o.split(' '))
    return out


def edit(a, b):
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a):
        cur = [i + 1]
        for j, y in enumerate(b):
            cur.append(min(prev[j] + (x != y), prev[j + 1] + 1, cur[j] + 1))
        prev = cur
    return prev[-1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--gb', action='store_true')
    ap.add_argument('--misaki', required=True)
    ap.add_argument('--cmudict', required=True)
    ap.add_argument('--eval', action='store_true')
    ap.add_argument('--espeak', metavar='TSV',
                    help='train on these readings (word TAB phonemes, from en_espeak_words.py) instead')
    args = ap.parse_args()
    if args.espeak:
        words = sorted(tuple(l.rstrip('\n').split('\t')) for l in open(args.espeak, encoding='utf-8') if '\t' in l)
    else:
        words = training_words(args.misaki, args.cmudict, args.gb)
    # Words read letter by letter ("ieee" → I triple E) would teach letters odd sounds.
    data = [(w, us) for w, us in ((w, units(ps)) for w, ps in words) if len(us) <= 1.5 * len(w) + 1]
    test = []
    if args.eval:
        test = data[::20]
        data = [x for i, x in enumerate(data) if i % 20]
    aligned = align_all(data)
    model = train(aligned)
    if args.eval:
        by_level = [dict() for _ in LEVELS]
        for lv, ctx, o in model:
            by_level[lv][ctx] = o
        ok = errs = total = 0
        for w, us in test:
            got = predict(by_level, w)
            ok += got == us
            a = ''.join(got)
            b = ''.join(us)
            errs += edit(a, b)
            total += len(b)
        print(f'held-out words: {len(test)}, exact {ok / len(test):.3f}, phoneme error rate {errs / total:.3f}')
        return
    out = sys.stdout
    out.write('# English letter-to-sound table, made by scripts/reference/en_lts_train.py'
              f' ({"gb" if args.gb else "us"}); level TAB context TAB output\n')
    for lv, ctx, o in sorted(model):
        out.write(f'{lv}\t{ctx}\t{o}\n')


if __name__ == '__main__':
    main()
