#!/usr/bin/env python3
"""Traditional-character test pairs: each simplified sentence converted to
traditional characters by OpenCC (`opencc -c s2t.json`, Debian package
`opencc`), written beside misaki's phonemes for the *simplified* original.

misaki reads traditional text character by character (pypinyin's phrase
dictionary is simplified only), so its own output on traditional text is often
wrong (音樂 → yīn lè, 睡覺 → shuì jué); the reading of the simplified sentence is
the target the default mode aims at.

    .venv-ref-zh/bin/python scripts/reference/zh_traditional.py simplified.txt > crates/tts-text/tests/data/zh_traditional.tsv
"""
import subprocess
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from zh_reference import check_versions  # noqa: E402


def main():
    check_versions()
    import jieba
    import logging
    from misaki import zh

    jieba.setLogLevel(logging.WARNING)
    g2p = zh.ZHG2P()
    simplified = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
    converted = subprocess.run(
        ["opencc", "-c", "s2t.json"], input="\n".join(simplified) + "\n",
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    assert len(converted) == len(simplified), "opencc changed the line count"
    print("# Traditional sentence (OpenCC s2t of a simplified one)<TAB>misaki 0.9.4 output for the simplified original.")
    print("# Regenerate: .venv-ref-zh/bin/python scripts/reference/zh_traditional.py SIMPLIFIED.txt")
    for simple, traditional in zip(simplified, converted):
        if traditional == simple or len(traditional) != len(simple):
            continue  # nothing traditional about it, or not character for character
        print(f"{traditional}\t{g2p(simple)[0]}")


if __name__ == "__main__":
    main()
