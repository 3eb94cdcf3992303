#!/usr/bin/env python3
"""espeak-ng's readings, as misaki 0.9.4 maps them (EspeakFallback, KPipeline's configuration), of
the CMUdict words that misaki's lexicons lack: the words whose misaki reading *is* espeak's. They
are training data for the letter-to-sound rules (en_lts_train.py --espeak), so the rules imitate
what misaki says for unknown words. Only the learned table is shipped, never espeak-ng itself
(GPL-3.0) or this list.

Usage (the pinned reference venv):
    .venv-ref-en/bin/python scripts/reference/en_espeak_words.py \
        --misaki ~/.cache/tts-server/text/misaki --cmudict ~/.cache/tts-server/text/cmudict/cmudict.dict \
        > /tmp/espeak_words.tsv          # word TAB phonemes
"""
import argparse
import json
import re
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--misaki', required=True)
    ap.add_argument('--cmudict', required=True)
    ap.add_argument('--gb', action='store_true')
    ap.add_argument('--all', action='store_true',
                    help="every CMUdict word and every lexicon key of letters, not only the ones misaki lacks "
                         "(more examples of espeak-ng's rules)")
    args = ap.parse_args()
    prefix = 'gb' if args.gb else 'us'
    known = set()
    for kind in ('gold', 'silver'):
        known.update(k.lower() for k in json.load(open(f'{args.misaki}/{prefix}_{kind}.json', encoding='utf-8')))
    words = set()
    for line in open(args.cmudict, encoding='utf-8'):
        w = line.split(' ', 1)[0]
        if re.fullmatch(r'[a-z]{2,}', w) and (args.all or w not in known):
            words.add(w)
    if args.all:
        words.update(k for k in known if re.fullmatch(r'[a-z]{2,}', k))
    from misaki import espeak
    from misaki.token import MToken
    fb = espeak.EspeakFallback(british=args.gb)
    for w in sorted(words):
        ps, _ = fb(MToken(text=w, tag='NN', whitespace=''))
        if ps and ' ' not in ps:
            sys.stdout.write(f'{w}\t{ps}\n')


if __name__ == '__main__':
    main()
