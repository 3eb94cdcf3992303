#!/usr/bin/env python3
"""Golden Mandarin phonemes from misaki's v1.0 (legacy) Chinese path.

Reads UTF-8 sentences, one per line (stdin or the files named), and writes
`sentence<TAB>phonemes` lines: the exact string `misaki.zh.ZHG2P()(sentence)[0]`
returns, which is what Kokoro-82M v1.0's Chinese voices were trained on.

Run it in its own pinned environment so the figures can be reproduced:

    python3 -m venv .venv-ref-zh
    .venv-ref-zh/bin/pip install -r scripts/reference/zh-requirements.txt
    .venv-ref-zh/bin/python scripts/reference/zh_reference.py < sentences.txt > out.tsv

Lines that are empty, start with `#`, or already hold a tab (a previous output
being refreshed: only the part before the tab is read) are handled so that a
corpus can be regenerated in place. A sentence misaki cannot process (it raises
on a few inputs, e.g. characters pypinyin has no reading for) is reported on
stderr and left out, because there is no reference to compare against.
"""
import argparse
import importlib.metadata
import logging
import sys

PINNED = {"misaki": "0.9.4", "jieba": "0.42.1", "pypinyin": "0.53.0", "cn2an": "0.5.23"}


def check_versions():
    # A silently different pypinyin or cn2an changes readings; refuse rather than
    # produce golden data that no longer matches the runtime dictionaries.
    for name, want in PINNED.items():
        have = importlib.metadata.version(name)
        if have != want:
            sys.exit(f"{name} {have} installed, {want} pinned: reinstall from zh-requirements.txt")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="input files (default: stdin)")
    args = parser.parse_args()
    check_versions()

    import jieba
    from misaki import zh

    jieba.setLogLevel(logging.WARNING)
    g2p = zh.ZHG2P()
    out = sys.stdout
    failed = 0
    streams = [open(f, encoding="utf-8") for f in args.files] or [sys.stdin]
    for stream in streams:
        for line in stream:
            sentence = line.rstrip("\n").split("\t", 1)[0]
            if not sentence.strip() or sentence.startswith("#"):
                continue
            try:
                phonemes = g2p(sentence)[0]
            except Exception as err:  # noqa: BLE001 - report and keep going
                failed += 1
                print(f"skipped {sentence!r}: {type(err).__name__}: {err}", file=sys.stderr)
                continue
            out.write(f"{sentence}\t{phonemes}\n")
    if failed:
        print(f"{failed} sentence(s) skipped", file=sys.stderr)


if __name__ == "__main__":
    main()
