//! One pinyin syllable → Kokoro v1.0 phonemes with a tone arrow.
//!
//! Input is a reading exactly as pypinyin's dictionaries store it (`zhōng`, `lüè`, `m̄`, `ê̄`, `er`);
//! output is what misaki's legacy path makes of it: pypinyin's TONE3 form (neutral tone 5) run
//! through the first variant of `pinyin_to_ipa`, `retone`'d into arrows, with the non-syllabic
//! mark U+032F removed. Every distinct reading in pypinyin 0.53.0 is checked against misaki by
//! the test below that reads `tests/data/zh_readings.tsv`.

/// Tone arrows by tone number (index 0 unused); the neutral tone (5) has no mark at all.
const ARROWS: [&str; 6] = ["", "→", "↗", "↓", "↘", ""];

/// Kokoro phonemes for one pypinyin reading, or `None` when it is not a Mandarin syllable.
pub(crate) fn to_phonemes(reading: &str) -> Option<String> {
    let (plain, tone) = split_tone(reading)?;
    let arrow = ARROWS[usize::from(tone)];
    let (initial, head, tail) = decompose(&plain)?;
    let mut out = String::with_capacity(initial.len() + head.len() + arrow.len() + tail.len());
    out.push_str(initial);
    out.push_str(head);
    out.push_str(arrow);
    out.push_str(tail);
    Some(out)
}

/// Separates the tone from a reading: `zhōng` → (`zhong`, 1), `er` → (`er`, 5), `nv3` → (`nü`, 3).
///
/// Accepts both tone marks (what the dictionaries hold) and TONE3 digits, and folds `v` into `ü`.
fn split_tone(reading: &str) -> Option<(String, u8)> {
    let mut plain = String::with_capacity(reading.len());
    let mut tone = 0u8;
    let mut set_tone = |t: u8| {
        // Two tone marks in one syllable is not pinyin.
        if tone != 0 && tone != t {
            return false;
        }
        tone = t;
        true
    };
    for c in reading.chars() {
        let (base, t) = match c {
            'ā' => ('a', 1),
            'á' => ('a', 2),
            'ǎ' => ('a', 3),
            'à' => ('a', 4),
            'ē' => ('e', 1),
            'é' => ('e', 2),
            'ě' => ('e', 3),
            'è' => ('e', 4),
            'ī' => ('i', 1),
            'í' => ('i', 2),
            'ǐ' => ('i', 3),
            'ì' => ('i', 4),
            'ō' => ('o', 1),
            'ó' => ('o', 2),
            'ǒ' => ('o', 3),
            'ò' => ('o', 4),
            'ū' => ('u', 1),
            'ú' => ('u', 2),
            'ǔ' => ('u', 3),
            'ù' => ('u', 4),
            'ǖ' => ('ü', 1),
            'ǘ' => ('ü', 2),
            'ǚ' => ('ü', 3),
            'ǜ' => ('ü', 4),
            'ń' => ('n', 2),
            'ň' => ('n', 3),
            'ǹ' => ('n', 4),
            'ḿ' => ('m', 2),
            'ế' => ('ê', 2),
            'ề' => ('ê', 4),
            // Combining marks, used where no precomposed letter exists (m̄, ê̄, ê̌).
            '\u{304}' => ('\0', 1),
            '\u{301}' => ('\0', 2),
            '\u{30C}' => ('\0', 3),
            '\u{300}' => ('\0', 4),
            '1'..='5' => ('\0', c as u8 - b'0'),
            'v' => ('ü', 0),
            'a'..='z' | 'ü' | 'ê' => (c, 0),
            _ => return None,
        };
        if t != 0 && !set_tone(t) {
            return None;
        }
        if base != '\0' {
            plain.push(base);
        }
    }
    if plain.is_empty() {
        return None;
    }
    Some((plain, if tone == 0 { 5 } else { tone }))
}

/// Splits a toneless syllable into (initial, final before the tone, final after the tone).
fn decompose(plain: &str) -> Option<(&'static str, &'static str, &'static str)> {
    // Interjections and syllabic consonants are whole-syllable entries in misaki's tables and are
    // looked up before any initial/final split.
    let whole = match plain {
        "io" => Some(("jɔ", "")),
        "ê" => Some(("ɛ", "")),
        "er" => Some(("ɚ", "")),
        "o" => Some(("ɔ", "")),
        "hm" => Some(("hm", "")),
        "hng" => Some(("hŋ", "")),
        "m" => Some(("m", "")),
        "n" => Some(("n", "")),
        "ng" => Some(("ŋ", "")),
        _ => None,
    };
    if let Some((head, tail)) = whole {
        return Some(("", head, tail));
    }

    let (initial, rest) = split_initial(plain);
    let final_ = strict_final(initial, rest)?;
    let ipa_initial = match initial {
        "" => "",
        "b" => "p",
        "p" => "pʰ",
        "m" => "m",
        "f" => "f",
        "d" => "t",
        "t" => "tʰ",
        "n" => "n",
        "l" => "l",
        "g" => "k",
        "k" => "kʰ",
        "h" => "x",
        "j" => "ʨ",
        "q" => "ʨʰ",
        "x" => "ɕ",
        "zh" => "ꭧ",
        "ch" => "ꭧʰ",
        "sh" => "ʂ",
        "r" => "ɻ",
        "z" => "ʦ",
        "c" => "ʦʰ",
        "s" => "s",
        _ => return None,
    };
    // The apical vowels of zhi/chi/shi/ri and zi/ci/si: misaki writes ɻ̩ / ɹ̩ and `retone` turns
    // both into ɨ.
    if final_ == "i" && matches!(initial, "zh" | "ch" | "sh" | "r" | "z" | "c" | "s") {
        return Some((ipa_initial, "ɨ", ""));
    }
    let (head, tail) = match final_.as_str() {
        "a" => ("a", ""),
        "ai" => ("ai", ""),
        "an" => ("a", "n"),
        "ang" => ("a", "ŋ"),
        "ao" => ("au", ""),
        "e" => ("ɤ", ""),
        "ei" => ("ei", ""),
        "en" => ("ə", "n"),
        "eng" => ("ə", "ŋ"),
        "i" => ("i", ""),
        "ia" => ("ja", ""),
        "ian" => ("jɛ", "n"),
        "iang" => ("ja", "ŋ"),
        "iao" => ("jau", ""),
        "ie" => ("je", ""),
        "in" => ("i", "n"),
        "iou" => ("jou", ""),
        "ing" => ("i", "ŋ"),
        "iong" => ("jʊ", "ŋ"),
        "ong" => ("ʊ", "ŋ"),
        "ou" => ("ou", ""),
        "u" => ("u", ""),
        "uei" => ("wei", ""),
        "ua" => ("wa", ""),
        "uai" => ("wai", ""),
        "uan" => ("wa", "n"),
        "uen" => ("wə", "n"),
        "uang" => ("wa", "ŋ"),
        "ueng" => ("wə", "ŋ"),
        "uo" | "o" => ("wo", ""),
        "ü" => ("y", ""),
        "üe" => ("ɥe", ""),
        "üan" => ("ɥɛ", "n"),
        "ün" => ("y", "n"),
        _ => return None,
    };
    Some((ipa_initial, head, tail))
}

/// The initial as the pinyin scheme counts it (y and w are spelling, not initials).
fn split_initial(plain: &str) -> (&str, &str) {
    for two in ["zh", "ch", "sh"] {
        if let Some(rest) = plain.strip_prefix(two) {
            return (two, rest);
        }
    }
    match plain.chars().next() {
        Some(c) if "bpmfdtnlgkhjqxrzcs".contains(c) => plain.split_at(1),
        _ => ("", plain),
    }
}

/// The final in the scheme's full spelling (`iou`, `uei`, `uen`, `ü`…), undoing the written
/// abbreviations: y/w spellings, `u` for ü after j/q/x, and `iu`/`ui`/`un`.
fn strict_final(initial: &str, rest: &str) -> Option<String> {
    if rest.is_empty() {
        return None;
    }
    let full = if initial.is_empty() {
        if let Some(after) = rest.strip_prefix('y') {
            if after.starts_with('i') {
                after.to_string()
            } else if let Some(u) = after.strip_prefix('u') {
                format!("ü{u}")
            } else if after == "o" {
                // pypinyin reads `yo` as the bare final o.
                "o".to_string()
            } else {
                format!("i{after}")
            }
        } else if let Some(after) = rest.strip_prefix('w') {
            if after.starts_with('u') || after == "ong" {
                // `wong` (an old spelling in a few readings) is the bare final ong in pypinyin.
                after.to_string()
            } else {
                format!("u{after}")
            }
        } else {
            rest.to_string()
        }
    } else if matches!(initial, "j" | "q" | "x") && rest.starts_with('u') {
        format!("ü{}", &rest[1..])
    } else {
        rest.to_string()
    };
    Some(match full.as_str() {
        "iu" => "iou".to_string(),
        "ui" => "uei".to_string(),
        "un" => "uen".to_string(),
        _ => full,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(reading: &str, expected: &str) {
        assert_eq!(
            to_phonemes(reading).as_deref(),
            Some(expected),
            "reading {reading}"
        );
    }

    #[test]
    fn tone_arrow_sits_after_the_nucleus() {
        check("nǐ", "ni↓");
        check("hǎo", "xau↓");
        check("zhōng", "ꭧʊ→ŋ");
        check("guó", "kwo↗");
        check("rén", "ɻə↗n");
        check("shì", "ʂɨ↘");
        check("jiè", "ʨje↘");
        check("men", "mən");
    }

    #[test]
    fn spelling_rules_map_to_the_full_finals() {
        check("nǚ", "ny↓");
        check("xué", "ɕɥe↗");
        check("yuán", "ɥɛ↗n");
        check("xióng", "ɕjʊ↗ŋ");
        check("liù", "ljou↘");
        check("duì", "twei↘");
        check("lùn", "lwə↘n");
        check("jūn", "ʨy→n");
        check("wēng", "wə→ŋ");
        check("yō", "wo→");
        check("yī", "i→");
        check("wǔ", "u↓");
        check("zì", "ʦɨ↘");
    }

    #[test]
    fn interjections_and_syllabic_consonants() {
        check("er", "ɚ");
        check("ér", "ɚ↗");
        check("ó", "ɔ↗");
        check("ê̄", "ɛ→");
        check("ế", "ɛ↗");
        check("m̄", "m→");
        check("ḿ", "m↗");
        check("ňg", "ŋ↓");
        check("hm", "hm");
        check("hng", "hŋ");
    }

    #[test]
    fn tone3_digits_are_accepted_too() {
        check("nv3", "ny↓");
        check("lve4", "lɥe↘");
        check("ma5", "ma");
    }

    /// All 1,550 readings that occur in pypinyin 0.53.0's dictionaries, with misaki's phonemes
    /// (scripts/reference/zh_readings.py).
    #[test]
    fn agrees_with_misaki_on_every_dictionary_reading() {
        let table = include_str!("../../tests/data/zh_readings.tsv");
        let mut wrong = Vec::new();
        for line in table.lines() {
            let mut fields = line.split('\t');
            let (Some(reading), Some(tone3), Some(expected)) =
                (fields.next(), fields.next(), fields.next())
            else {
                panic!("malformed line {line:?}");
            };
            for input in [reading, tone3] {
                if to_phonemes(input).as_deref() != Some(expected) {
                    wrong.push(format!(
                        "{input} → {:?}, misaki {expected}",
                        to_phonemes(input)
                    ));
                }
            }
        }
        assert!(table.lines().count() > 1500);
        assert!(
            wrong.is_empty(),
            "{} disagreements:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }

    #[test]
    fn rejects_what_is_not_a_syllable() {
        for bad in ["", "x", "q1", "abc", "ní4", "好"] {
            assert_eq!(to_phonemes(bad), None, "{bad}");
        }
    }
}
