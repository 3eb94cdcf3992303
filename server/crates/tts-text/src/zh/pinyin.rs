//! Readings after pypinyin 0.53.0's `lazy_pinyin(word, Style.TONE3, neutral_tone_with_five=True)`,
//! already turned into Kokoro phonemes.
//!
//! pypinyin re-segments each jieba word with its own forward maximum match over the phrase
//! dictionary (`mmseg`, with `no_non_phrases`), reads a matched phrase from `phrases_dict`, and
//! every other character by the first reading in `pinyin_dict`. Because misaki converts each
//! reading independently and joins them without separators, the phonemes of a whole phrase can be
//! computed once at load time; a lookup then appends a ready-made string.
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::syllable;
use crate::{DataError, DataFile};

/// pypinyin's two dictionaries, with every reading already in Kokoro phonemes.
#[derive(Default)]
pub(crate) struct Dict {
    /// First reading of each character, as a range into `arena`.
    chars: FastMap<char, Span>,
    /// Every phrase and every prefix of a phrase; `Some` for real phrases. pypinyin's segmenter
    /// walks prefixes, so both questions ("is this a prefix?", "is it a phrase?") are one lookup.
    phrases: FastMap<Box<str>, Option<Span>>,
    /// All phoneme strings, back to back.
    arena: String,
}

/// A slice of the arena; u32 keeps the maps small (the arena is well under 4 GiB).
#[derive(Clone, Copy, Default)]
struct Span {
    start: u32,
    end: u32,
}

impl Dict {
    /// Parses pypinyin's `pinyin_dict.json` (`chars`) and `phrases_dict.json` (`phrases`).
    pub(crate) fn from_files(chars: DataFile<'_>, phrases: DataFile<'_>) -> Result<Self, DataError> {
        Self::from_json(chars.bytes, phrases.bytes).map_err(|(which, e)| {
            let file = if which == Which::Chars { chars } else { phrases };
            DataError::named(file.name, e)
        })
    }

    fn from_json(chars_json: &[u8], phrases_json: &[u8]) -> Result<Self, (Which, String)> {
        let mut builder = Builder::default();
        // pypinyin 0.53.0 has ~42k characters and ~47k phrases with ~60k distinct prefixes.
        builder.dict.chars.reserve(42_000);
        builder.dict.phrases.reserve(110_000);
        builder.dict.arena.reserve(1 << 20);
        let mut de = serde_json::Deserializer::from_slice(chars_json);
        de.deserialize_map(CharsVisitor(&mut builder))
            .map_err(|e| (Which::Chars, e.to_string()))?;
        de.end().map_err(|e| (Which::Chars, e.to_string()))?;
        let mut de = serde_json::Deserializer::from_slice(phrases_json);
        de.deserialize_map(PhrasesVisitor(&mut builder))
            .map_err(|e| (Which::Phrases, e.to_string()))?;
        de.end().map_err(|e| (Which::Phrases, e.to_string()))?;
        if builder.dict.chars.is_empty() || builder.dict.phrases.is_empty() {
            return Err((Which::Chars, "dictionary is empty".into()));
        }
        builder.dict.arena.shrink_to_fit();
        Ok(builder.dict)
    }

    /// Appends the phonemes of one jieba word (Han characters only) to `out`, syllables joined
    /// without separators as misaki joins them.
    ///
    /// Returns false if some character had no reading; it contributes nothing (misaki itself
    /// raises on such a character).
    pub(crate) fn word(&self, word: &str, out: &mut String) -> bool {
        let mut complete = true;
        let mut remain = word;
        'pieces: while !remain.is_empty() {
            // pypinyin's `Seg.cut`: extend the match while it is still a prefix of some phrase; at
            // the first character that is not, take the match if it is a whole phrase, else emit
            // one character and start again right after it.
            let mut matched = 0;
            for (index, c) in remain.char_indices() {
                let end = index + c.len_utf8();
                if self.phrases.contains_key(&remain[..end]) {
                    matched = end;
                    continue;
                }
                match self.phrase(&remain[..matched]) {
                    Some(span) if matched > 0 => {
                        out.push_str(self.text(span));
                        remain = &remain[matched..];
                    }
                    _ => {
                        let first = remain.chars().next().map_or(0, char::len_utf8);
                        complete &= self.char(&remain[..first], out);
                        remain = &remain[first..];
                    }
                }
                continue 'pieces;
            }
            // The whole rest is a prefix. pypinyin takes it if it is a phrase, and otherwise reads
            // every remaining character on its own, even where a shorter phrase would have matched.
            match self.phrase(remain) {
                Some(span) => out.push_str(self.text(span)),
                None => {
                    for (i, c) in remain.char_indices() {
                        complete &= self.char(&remain[i..i + c.len_utf8()], out);
                    }
                }
            }
            break;
        }
        complete
    }

    /// Number of phrases and characters, for load reports.
    pub(crate) fn sizes(&self) -> (usize, usize) {
        (
            self.phrases.values().filter(|v| v.is_some()).count(),
            self.chars.len(),
        )
    }

    fn phrase(&self, text: &str) -> Option<Span> {
        self.phrases.get(text).copied().flatten()
    }

    fn char(&self, one: &str, out: &mut String) -> bool {
        match one.chars().next().and_then(|c| self.chars.get(&c)) {
            Some(&span) => {
                out.push_str(self.text(span));
                true
            }
            None => false,
        }
    }

    fn text(&self, span: Span) -> &str {
        &self.arena[span.start as usize..span.end as usize]
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Which {
    Chars,
    Phrases,
}

/// Load-time state: the dictionary being filled plus a cache of converted syllables (there are
/// only ~1,550 distinct readings but ~150,000 syllable occurrences).
#[derive(Default)]
struct Builder {
    dict: Dict,
    syllables: FastMap<String, Option<Range<usize>>>,
}

impl Builder {
    /// Appends the phonemes of `reading` to the arena (copying a cached earlier conversion).
    fn push_syllable(&mut self, reading: &str) {
        let cached = match self.syllables.get(reading) {
            Some(range) => range.clone(),
            None => {
                let range = syllable::to_phonemes(reading).map(|p| {
                    let start = self.dict.arena.len();
                    self.dict.arena.push_str(&p);
                    start..self.dict.arena.len()
                });
                self.syllables.insert(reading.to_string(), range.clone());
                // Freshly pushed: already in place at the end of the arena.
                return;
            }
        };
        if let Some(range) = cached {
            self.dict.arena.extend_from_within(range);
        }
    }

    fn span_since(&self, start: usize) -> Result<Span, String> {
        let end = self.dict.arena.len();
        let fits = |n: usize| u32::try_from(n).map_err(|_| "phoneme data over 4 GiB".to_string());
        Ok(Span {
            start: fits(start)?,
            end: fits(end)?,
        })
    }

    fn add_char(&mut self, codepoint: &str, readings: &str) -> Result<(), String> {
        let c = codepoint
            .parse::<u32>()
            .ok()
            .and_then(char::from_u32)
            .ok_or_else(|| format!("key {codepoint:?} is not a code point"))?;
        // lazy_pinyin without heteronyms takes the first listed reading.
        let first = readings.split(',').next().unwrap_or_default();
        let start = self.dict.arena.len();
        self.push_syllable(first);
        let span = self.span_since(start)?;
        self.dict.chars.insert(c, span);
        Ok(())
    }

    fn add_phrase(&mut self, phrase: &str, readings: &[Cow<'_, str>]) -> Result<(), String> {
        // pypinyin pairs readings with characters by position; a mismatch means corrupt data.
        let chars = phrase.chars().count();
        if chars < 2 || readings.len() != chars {
            return Err(format!(
                "phrase {phrase:?} has {} readings for {chars} characters",
                readings.len()
            ));
        }
        let start = self.dict.arena.len();
        for reading in readings {
            self.push_syllable(reading);
        }
        let span = self.span_since(start)?;
        for (i, _) in phrase.char_indices().skip(1) {
            // Most prefixes are already there; look before allocating a key.
            if !self.dict.phrases.contains_key(&phrase[..i]) {
                self.dict.phrases.insert(phrase[..i].into(), None);
            }
        }
        self.dict.phrases.insert(phrase.into(), Some(span));
        Ok(())
    }
}

/// A JSON string that borrows from the input when it has no escapes.
struct Str<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Str<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

/// `[["zhōng"], ["guó"]]` → the first reading of each syllable.
struct FirstReadings<'de>(Vec<Cow<'de, str>>);

impl<'de> de::Deserialize<'de> for FirstReadings<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Outer;
        impl<'de> Visitor<'de> for Outer {
            type Value = FirstReadings<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of reading lists")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::with_capacity(4);
                while let Some(Alternatives(first)) = seq.next_element()? {
                    out.push(first);
                }
                Ok(FirstReadings(out))
            }
        }
        d.deserialize_seq(Outer)
    }
}

/// `["zhōng", "zhòng"]` → `zhōng` (heteronym lists are rare; lazy_pinyin takes the first).
struct Alternatives<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Alternatives<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Inner;
        impl<'de> Visitor<'de> for Inner {
            type Value = Alternatives<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a non-empty list of readings")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let Some(Str(first)) = seq.next_element()? else {
                    return Err(de::Error::invalid_length(0, &self));
                };
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(Alternatives(first))
            }
        }
        d.deserialize_seq(Inner)
    }
}

struct CharsVisitor<'b>(&'b mut Builder);

impl<'de> Visitor<'de> for CharsVisitor<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of code point → readings")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some((Str(key), Str(value))) = map.next_entry()? {
            self.0.add_char(&key, &value).map_err(de::Error::custom)?;
        }
        Ok(())
    }
}

struct PhrasesVisitor<'b>(&'b mut Builder);

impl<'de> Visitor<'de> for PhrasesVisitor<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of phrase → readings")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some((Str(key), FirstReadings(readings))) = map.next_entry()? {
            self.0
                .add_phrase(&key, &readings)
                .map_err(de::Error::custom)?;
        }
        Ok(())
    }
}

/// Maps keyed by short strings and chars are the hot path of the Chinese front end; SipHash's
/// DoS resistance buys nothing for a fixed dictionary, so use a multiply-rotate hash (FxHash's).
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

#[derive(Default)]
struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        self.0 = (self.0.rotate_left(26) ^ word).wrapping_mul(K);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict() -> Dict {
        // A tiny dictionary that exercises each branch of pypinyin's segmenter.
        let chars = r#"{"20013": "zhōng,zhòng", "22269": "guó", "20154": "rén", "27665": "mín",
            "38134": "yín", "34892": "xíng,háng", "38271": "cháng,zhǎng", "21326": "huá"}"#;
        let phrases = r#"{"中国": [["zhōng"], ["guó"]], "中华人民": [["zhōng"], ["huá"], ["rén"], ["mín"]],
            "银行": [["yín"], ["háng"]], "行长": [["háng"], ["zhǎng"]], "中华": [["zhōng"], ["huá"]]}"#;
        Dict::from_json(chars.as_bytes(), phrases.as_bytes()).expect("test dictionary parses")
    }

    fn check(word: &str, expected: &str) {
        let mut out = String::new();
        dict().word(word, &mut out);
        assert_eq!(out, expected, "word {word}");
    }

    #[test]
    fn phrases_win_over_first_readings() {
        check("银行", "i↗nxa↗ŋ");
        check("行", "ɕi↗ŋ");
        check("中国人", "ꭧʊ→ŋkwo↗ɻə↗n");
    }

    #[test]
    fn a_longest_prefix_that_is_no_phrase_gives_up_one_character() {
        // 银行长: 银行 is a prefix of nothing longer, so it matches; then 长 alone.
        check("银行长", "i↗nxa↗ŋꭧʰa↗ŋ");
        // 中华人国: 中华人 is only a prefix (of 中华人民), so 中 is read alone and matching restarts.
        check("中华人国", "ꭧʊ→ŋxwa↗ɻə↗nkwo↗");
    }

    #[test]
    fn a_whole_word_that_is_only_a_prefix_is_read_character_by_character() {
        // pypinyin's quirk: 中华人 is a prefix but no phrase, so even 中华 is not used.
        check("中华人", "ꭧʊ→ŋxwa↗ɻə↗n");
    }

    #[test]
    fn unknown_characters_are_reported_and_skipped() {
        let mut out = String::new();
        assert!(!dict().word("中x国", &mut out));
        assert_eq!(out, "ꭧʊ→ŋkwo↗");
    }

    #[test]
    fn malformed_data_is_an_error_not_a_panic() {
        let cases = [
            ("[]", "{}"),
            ("{\"x\": \"a\"}", "{\"中国\": [[\"a\"], [\"b\"]]}"),
            ("{\"20013\": \"zhōng\"}", "{\"中国\": [[\"zhōng\"]]}"),
            ("{\"20013\": \"zhōng\"}", "{\"中国\": [[\"zhōng\"], []]}"),
            ("{\"20013\": \"zhōng\"}", "{\"中国\": "),
        ];
        for (chars, phrases) in cases {
            assert!(
                Dict::from_json(chars.as_bytes(), phrases.as_bytes()).is_err(),
                "{chars} {phrases}"
            );
        }
    }
}
