#!/usr/bin/env python3
"""Every distinct reading in pypinyin's dictionaries → misaki's phonemes for it.

Writes `reading<TAB>tone3<TAB>phonemes` for each reading that occurs in
`pinyin_dict.json` or `phrases_dict.json`, converted the way misaki's legacy
Chinese path converts it (lazy_pinyin TONE3 with neutral tone 5, then
`ZHG2P.py2ipa`, then the U+032F removal that `legacy_call` applies). The Rust
syllable table is tested against this file exhaustively.

    .venv-ref-zh/bin/python scripts/reference/zh_readings.py > crates/tts-text/tests/data/zh_readings.tsv
"""
import json
import os

import pypinyin
from pypinyin import Style
from pypinyin.converter import UltimateConverter
from misaki.zh import ZHG2P


def main():
    folder = os.path.dirname(pypinyin.__file__)
    readings = set()
    with open(os.path.join(folder, "pinyin_dict.json"), encoding="utf-8") as f:
        for value in json.load(f).values():
            readings.update(value.split(","))
    with open(os.path.join(folder, "phrases_dict.json"), encoding="utf-8") as f:
        for value in json.load(f).values():
            for syllable in value:
                readings.update(syllable)
    # The converter lazy_pinyin builds for neutral_tone_with_five=True.
    converter = UltimateConverter(neutral_tone_with_five=True)
    for reading in sorted(readings):
        tone3 = converter.convert_style("", reading, style=Style.TONE3, strict=True)
        phonemes = ZHG2P.py2ipa(tone3).replace(chr(815), "")
        print(reading, tone3, phonemes, sep="\t")


if __name__ == "__main__":
    main()
