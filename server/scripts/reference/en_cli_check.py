#!/usr/bin/env python3
"""Checks the English held-out corpus from outside, as issue 3 asks: feeds the sentences of a
`sentence<TAB>misaki phonemes` file to `tts-server phonemize --lang en-us` (one output line per
input line) and prints the phoneme error rate (character edit distance over the reference
phonemes, spaces ignored) and the share of identical lines.

    cargo build --release -p tts-server
    python3 scripts/reference/en_cli_check.py crates/tts-text/tests/data/en_heldout.tsv
"""
import argparse
import subprocess
import sys


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a):
        cur = [i + 1]
        for j, y in enumerate(b):
            cur.append(min(prev[j] + (x != y), prev[j + 1] + 1, cur[j] + 1))
        prev = cur
    return prev[-1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('tsv')
    ap.add_argument('--binary', default='target/release/tts-server')
    ap.add_argument('--lang', default='en-us')
    ap.add_argument('--max-per', type=float, default=0.01)
    ap.add_argument('--min-identical', type=float, default=0.85)
    args = ap.parse_args()
    pairs = [l.rstrip('\n').split('\t', 1) for l in open(args.tsv, encoding='utf-8') if '\t' in l]
    text = ''.join(s + '\n' for s, _ in pairs)
    run = subprocess.run([args.binary, 'phonemize', '--lang', args.lang], input=text,
                         capture_output=True, text=True)
    if run.returncode != 0:
        print(f'{args.binary} failed ({run.returncode}): {run.stderr.strip()}', file=sys.stderr)
        return 1
    got = run.stdout.split('\n')
    if got and got[-1] == '':
        got.pop()
    if len(got) != len(pairs):
        print(f'{len(pairs)} lines in, {len(got)} lines out', file=sys.stderr)
        return 1
    edits = chars = same = 0
    for (_, ref), ours in zip(pairs, got):
        r, o = ref.replace(' ', ''), ours.replace(' ', '')
        same += ref == ours
        edits += edit_distance(r, o) if r != o else 0
        chars += len(r)
    per, identical = edits / max(chars, 1), same / max(len(pairs), 1)
    print(f'{args.tsv}: {len(pairs)} lines, PER {per * 100:.3f}% ({edits}/{chars}), '
          f'identical {identical * 100:.1f}% ({same}/{len(pairs)})')
    return 0 if per <= args.max_per and identical >= args.min_identical else 1


if __name__ == '__main__':
    sys.exit(main())
