//! misaki's gold and silver lexicons and everything that reads a single word through them:
//! part-of-speech keyed entries, special cases (a, the, to, in, used...), -s/-ed/-ing stemming,
//! capitalisation stress and numbers.
//!
//! The rules are misaki 0.9.4's `Lexicon` class, rewritten; where a rule looks odd (a cents part of
//! "5" reading as "five cents" in "$12.5") it is because misaki does the same and Kokoro was trained on it.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::numbers;
use super::stress::{apply_stress, PRIMARY, SECONDARY};
use super::Dialect;
use crate::{DataError, DataFile};

/// One lexicon value: a pronunciation, or pronunciations keyed by part of speech.
#[derive(Debug)]
pub(crate) enum Entry {
    Plain(Box<str>),
    /// `(tag, phonemes)`; `DEFAULT` is always present, `None` (the tag) marks a phrase-final reading,
    /// and a null value means "no pronunciation for this tag" (misaki then spells the word).
    Tagged(Box<[TaggedReading]>),
}

/// `(tag, phonemes)` of a part-of-speech keyed entry.
pub(crate) type TaggedReading = (Box<str>, Option<Box<str>>);

/// The context misaki carries right to left through a sentence.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Ctx {
    /// Whether the next word starts with a vowel sound; `None` before punctuation or at the end.
    pub future_vowel: Option<bool>,
    /// Whether the next word is "to" (for "used to").
    pub future_to: bool,
}

/// A word as the lexicon sees it.
pub(crate) struct Query<'a> {
    pub text: &'a str,
    pub tag: &'a str,
    pub is_head: bool,
    pub currency: Option<char>,
}

/// Ratings are kept only because misaki's choices depend on whether a lookup succeeded.
type Found = Option<String>;

pub(crate) struct Lexicon {
    golds: Map,
    silvers: Map,
    british: bool,
}

/// FNV-1a: lexicon keys are short words, where SipHash's set-up cost dominates every lookup.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf29ce484222325 } else { self.0 };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
        self.0 = h;
    }
}

type Map = HashMap<Box<str>, Entry, BuildHasherDefault<Fnv>>;

struct RawLexicon(Map);

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntryVisitor;
        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = Entry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a phoneme string or a map from tag to phonemes")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Entry, E> {
                Ok(Entry::Plain(v.into()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entry, A::Error> {
                let mut pairs = Vec::new();
                while let Some((tag, ps)) = map.next_entry::<String, Option<String>>()? {
                    pairs.push((tag.into_boxed_str(), ps.map(String::into_boxed_str)));
                }
                if !pairs.iter().any(|(t, p)| &**t == "DEFAULT" && p.is_some()) {
                    return Err(de::Error::custom("tagged entry without a DEFAULT pronunciation"));
                }
                Ok(Entry::Tagged(pairs.into_boxed_slice()))
            }
        }
        deserializer.deserialize_any(EntryVisitor)
    }
}

impl<'de> Deserialize<'de> for RawLexicon {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor;
        impl<'de> Visitor<'de> for MapVisitor {
            type Value = RawLexicon;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object from words to pronunciations")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawLexicon, A::Error> {
                let mut out =
                    Map::with_capacity_and_hasher(map.size_hint().unwrap_or(100_000) + 40_000, Default::default());
                while let Some((k, v)) = map.next_entry::<String, Entry>()? {
                    out.insert(k.into_boxed_str(), v);
                }
                Ok(RawLexicon(out))
            }
        }
        deserializer.deserialize_map(MapVisitor)
    }
}

fn parse_file(file: DataFile<'_>) -> Result<Map, DataError> {
    let raw: RawLexicon = serde_json::from_str(file.text()?).map_err(|e| DataError::named(file.name, e))?;
    Ok(grow(raw.0))
}

/// Python's `str.capitalize()`: first character upper, the rest lower.
pub(crate) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect(),
        None => String::new(),
    }
}

/// misaki's `grow_dictionary`: "paris" also answers for "Paris" and "Paris" for "paris", without
/// overriding entries that exist.
fn grow(mut d: Map) -> Map {
    let mut extra: Vec<(String, Box<str>)> = Vec::new();
    for k in d.keys() {
        if k.chars().count() < 2 {
            continue;
        }
        let lower = k.to_lowercase();
        if **k == *lower {
            let cap = capitalize(k);
            if cap != **k {
                extra.push((cap, k.clone()));
            }
        } else if **k == capitalize(&lower) {
            extra.push((lower, k.clone()));
        }
    }
    for (new, from) in extra {
        if d.contains_key(new.as_str()) {
            continue;
        }
        let copy = match &d[&from] {
            Entry::Plain(p) => Entry::Plain(p.clone()),
            Entry::Tagged(t) => Entry::Tagged(t.clone()),
        };
        d.insert(new.into_boxed_str(), copy);
    }
    d
}

/// misaki's `get_parent_tag`.
fn parent_tag(tag: &str) -> &str {
    if tag.starts_with("VB") {
        "VERB"
    } else if tag.starts_with("NN") {
        "NOUN"
    } else if tag.starts_with("ADV") || tag.starts_with("RB") {
        "ADV"
    } else if tag.starts_with("ADJ") || tag.starts_with("JJ") {
        "ADJ"
    } else {
        tag
    }
}

/// Characters lexicon keys are made of (`LEXICON_ORDS`): apostrophe, hyphen, ASCII letters.
fn lexicon_char(c: char) -> bool {
    c == '\'' || c == '-' || c.is_ascii_alphabetic()
}

fn is_alpha(s: &str) -> bool {
    !s.is_empty() && s.chars().all(char::is_alphabetic)
}

fn is_ascii_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_upper(s: &str) -> bool {
    s.to_uppercase() == s
}

fn is_lower(s: &str) -> bool {
    s.to_lowercase() == s
}

fn symbol_word(word: &str) -> Option<&'static str> {
    match word {
        "%" => Some("percent"),
        "&" => Some("and"),
        "+" => Some("plus"),
        "@" => Some("at"),
        _ => None,
    }
}

pub(crate) fn currency_units(symbol: char) -> Option<(&'static str, &'static str)> {
    match symbol {
        '$' => Some(("dollar", "cent")),
        '£' => Some(("pound", "pence")),
        '€' => Some(("euro", "cent")),
        _ => None,
    }
}

const ORDINAL_SUFFIXES: [&str; 4] = ["st", "nd", "rd", "th"];

impl Lexicon {
    pub(crate) fn from_files(gold: DataFile<'_>, silver: DataFile<'_>, dialect: Dialect) -> Result<Self, DataError> {
        // The two files are independent; parsing them side by side halves start-up time.
        let (golds, silvers) = crate::join(|| parse_file(gold), || parse_file(silver));
        let golds = golds?;
        let silvers = silvers?;
        for required in ["to", "am", "used", "and"] {
            if !golds.contains_key(required) {
                return Err(DataError::named(gold.name, format!("missing the entry {required:?}")));
            }
        }
        Ok(Self {
            golds,
            silvers,
            british: dialect == Dialect::Gb,
        })
    }

    /// Whether either lexicon has an entry for `word` or its lowercase form.
    pub(crate) fn has(&self, word: &str) -> bool {
        let has = |w: &str| self.golds.contains_key(w) || self.silvers.contains_key(w);
        has(word) || (word.chars().any(char::is_uppercase) && has(&word.to_lowercase()))
    }

    fn gold_plain(&self, word: &str) -> String {
        match self.golds.get(word) {
            Some(Entry::Plain(p)) => p.to_string(),
            Some(Entry::Tagged(t)) => tagged_default(t).to_string(),
            None => String::new(),
        }
    }

    /// misaki's `get_NNP`: spell the letters, all secondary stress but the last letter primary.
    pub(crate) fn spell(&self, word: &str) -> Found {
        let mut ps = String::new();
        for c in word.chars().filter(|c| c.is_alphabetic()) {
            let upper: String = c.to_uppercase().collect();
            match self.golds.get(upper.as_str()) {
                Some(Entry::Plain(p)) => ps.push_str(p),
                Some(Entry::Tagged(t)) => ps.push_str(tagged_default(t)),
                None => return None,
            }
        }
        let ps = apply_stress(&ps, Some(0.0));
        Some(match ps.rfind(SECONDARY) {
            Some(i) => format!("{}{}{}", &ps[..i], PRIMARY, &ps[i + SECONDARY.len_utf8()..]),
            None => ps,
        })
    }

    fn special_case(&self, word: &str, tag: &str, stress: Option<f32>, ctx: Ctx) -> Option<Found> {
        if tag == "ADD" && (word == "." || word == "/") {
            let name = if word == "." { "dot" } else { "slash" };
            return Some(self.lookup(name, None, Some(-0.5), Some(ctx)));
        }
        if let Some(name) = symbol_word(word) {
            return Some(self.lookup(name, None, None, Some(ctx)));
        }
        let stripped = word.trim_matches('.');
        let undotted: String = word.chars().filter(|&c| c != '.').collect();
        if stripped.contains('.')
            && is_alpha(&undotted)
            && word.split('.').map(|p| p.chars().count()).max().unwrap_or(0) < 3
        {
            return Some(self.spell(word));
        }
        match word {
            "a" | "A" => return Some(Some(if tag == "DT" { "ɐ" } else { "ˈA" }.to_string())),
            "am" | "Am" | "AM" => {
                if tag.starts_with("NN") {
                    return Some(self.spell(word));
                }
                if ctx.future_vowel.is_none() || word != "am" || stress.is_some_and(|s| s > 0.0) {
                    return Some(Some(self.gold_plain("am")));
                }
                return Some(Some("ɐm".to_string()));
            }
            "an" | "An" | "AN" => {
                if word == "AN" && tag.starts_with("NN") {
                    return Some(self.spell(word));
                }
                return Some(Some("ɐn".to_string()));
            }
            "I" if tag == "PRP" => return Some(Some("ˌI".to_string())),
            "by" | "By" | "BY" if parent_tag(tag) == "ADV" => return Some(Some("bˈI".to_string())),
            _ => {}
        }
        if word == "to" || word == "To" || (word == "TO" && (tag == "TO" || tag == "IN")) {
            return Some(Some(match ctx.future_vowel {
                None => self.gold_plain("to"),
                Some(false) => "tə".to_string(),
                Some(true) => "tʊ".to_string(),
            }));
        }
        if word == "in" || word == "In" || (word == "IN" && tag != "NNP") {
            let mark = if ctx.future_vowel.is_none() || tag != "IN" {
                "ˈ"
            } else {
                ""
            };
            return Some(Some(format!("{mark}ɪn")));
        }
        if word == "the" || word == "The" || (word == "THE" && tag == "DT") {
            return Some(Some(
                if ctx.future_vowel == Some(true) { "ði" } else { "ðə" }.to_string(),
            ));
        }
        if tag == "IN" && (word.eq_ignore_ascii_case("vs") || word.eq_ignore_ascii_case("vs.")) {
            return Some(self.lookup("versus", None, None, Some(ctx)));
        }
        if word == "used" || word == "Used" || word == "USED" {
            let key = if (tag == "VBD" || tag == "JJ") && ctx.future_to {
                "VBD"
            } else {
                "DEFAULT"
            };
            if let Some(Entry::Tagged(t)) = self.golds.get("used") {
                if let Some((_, Some(p))) = t.iter().find(|(k, _)| &**k == key) {
                    return Some(Some(p.to_string()));
                }
            }
            return Some(Some(self.gold_plain("used")));
        }
        None
    }

    fn is_known(&self, word: &str) -> bool {
        if self.golds.contains_key(word) || symbol_word(word).is_some() || self.silvers.contains_key(word) {
            return true;
        }
        if !is_alpha(word) || !word.chars().all(lexicon_char) {
            return false;
        }
        if word.len() == 1 {
            return true;
        }
        if is_upper(word) && self.golds.contains_key(word.to_lowercase().as_str()) {
            return true;
        }
        let rest = &word[1..];
        is_upper(rest)
    }

    /// misaki's `lookup`: gold, then silver (not for proper-noun acronyms), tag choice, spelling.
    pub(crate) fn lookup(&self, word: &str, tag: Option<&str>, stress: Option<f32>, ctx: Option<Ctx>) -> Found {
        let mut is_nnp = false;
        let lowered;
        let mut word = word;
        if is_upper(word) && !self.golds.contains_key(word) {
            lowered = word.to_lowercase();
            word = &lowered;
            is_nnp = tag == Some("NNP");
        }
        let mut entry = self.golds.get(word);
        if entry.is_none() && !is_nnp {
            entry = self.silvers.get(word);
        }
        let ps: Option<&str> = match entry {
            None => None,
            Some(Entry::Plain(p)) => Some(p),
            Some(Entry::Tagged(pairs)) => {
                let find = |t: &str| pairs.iter().find(|(k, _)| &**k == t).map(|(_, p)| p.as_deref());
                let chosen = if ctx.is_some_and(|c| c.future_vowel.is_none()) && find("None").is_some() {
                    find("None")
                } else {
                    let t = tag.unwrap_or("");
                    find(t).or_else(|| find(parent_tag(t)))
                };
                match chosen {
                    Some(p) => p,
                    None => Some(tagged_default(pairs)),
                }
            }
        };
        match ps {
            Some(p) if !is_nnp || p.contains(PRIMARY) => Some(apply_stress(p, stress)),
            _ => self.spell(word),
        }
    }

    fn suffix_s(&self, stem: &str) -> Found {
        let last = stem.chars().last()?;
        Some(if matches!(last, 'p' | 't' | 'k' | 'f' | 'θ') {
            format!("{stem}s")
        } else if matches!(last, 's' | 'z' | 'ʃ' | 'ʒ' | 'ʧ' | 'ʤ') {
            format!("{stem}{}z", if self.british { 'ɪ' } else { 'ᵻ' })
        } else {
            format!("{stem}z")
        })
    }

    fn stem_s(&self, word: &str, tag: &str, stress: Option<f32>, ctx: Option<Ctx>) -> Found {
        if word.len() < 3 || !word.ends_with('s') {
            return None;
        }
        let stem: String = if !word.ends_with("ss") && self.is_known(&word[..word.len() - 1]) {
            word[..word.len() - 1].to_string()
        } else if (word.ends_with("'s") || (word.len() > 4 && word.ends_with("es") && !word.ends_with("ies")))
            && self.is_known(&word[..word.len() - 2])
        {
            word[..word.len() - 2].to_string()
        } else if word.len() > 4 && word.ends_with("ies") && self.is_known(&format!("{}y", &word[..word.len() - 3])) {
            format!("{}y", &word[..word.len() - 3])
        } else {
            return None;
        };
        let ps = self.lookup(&stem, Some(tag), stress, ctx)?;
        self.suffix_s(&ps)
    }

    fn suffix_ed(&self, stem: &str) -> Found {
        let mut chars = stem.chars().rev();
        let last = chars.next()?;
        let before = chars.next();
        let weak = if self.british { 'ɪ' } else { 'ᵻ' };
        Some(if matches!(last, 'p' | 'k' | 'f' | 'θ' | 'ʃ' | 's' | 'ʧ') {
            format!("{stem}t")
        } else if last == 'd' {
            format!("{stem}{weak}d")
        } else if last != 't' {
            format!("{stem}d")
        } else if self.british || before.is_none() {
            format!("{stem}ɪd")
        } else if before.is_some_and(us_tau) {
            format!("{}ɾᵻd", &stem[..stem.len() - 1])
        } else {
            format!("{stem}ᵻd")
        })
    }

    fn stem_ed(&self, word: &str, tag: &str, stress: Option<f32>, ctx: Option<Ctx>) -> Found {
        if word.len() < 4 || !word.ends_with('d') {
            return None;
        }
        let stem = if !word.ends_with("dd") && self.is_known(&word[..word.len() - 1]) {
            &word[..word.len() - 1]
        } else if word.len() > 4
            && word.ends_with("ed")
            && !word.ends_with("eed")
            && self.is_known(&word[..word.len() - 2])
        {
            &word[..word.len() - 2]
        } else {
            return None;
        };
        let ps = self.lookup(stem, Some(tag), stress, ctx)?;
        self.suffix_ed(&ps)
    }

    fn suffix_ing(&self, stem: &str) -> Found {
        let mut chars = stem.chars().rev();
        let last = chars.next()?;
        let before = chars.next();
        if self.british {
            if last == 'ə' || last == 'ː' {
                return None;
            }
        } else if last == 't' && before.is_some_and(us_tau) {
            return Some(format!("{}ɾɪŋ", &stem[..stem.len() - 1]));
        }
        Some(format!("{stem}ɪŋ"))
    }

    fn stem_ing(&self, word: &str, tag: &str, stress: Option<f32>, ctx: Option<Ctx>) -> Found {
        if word.len() < 5 || !word.ends_with("ing") {
            return None;
        }
        let base = &word[..word.len() - 3];
        let stem: String = if word.len() > 5 && self.is_known(base) {
            base.to_string()
        } else if self.is_known(&format!("{base}e")) {
            format!("{base}e")
        } else if word.len() > 5 && doubled_before_ing(word) && self.is_known(&word[..word.len() - 4]) {
            word[..word.len() - 4].to_string()
        } else {
            return None;
        };
        let ps = self.lookup(&stem, Some(tag), stress, ctx)?;
        self.suffix_ing(&ps)
    }

    fn get_word(&self, word: &str, tag: &str, stress: Option<f32>, ctx: Ctx) -> Found {
        if let Some(found) = self.special_case(word, tag, stress, ctx) {
            return found;
        }
        let lower = word.to_lowercase();
        let mut word: &str = word;
        let unapostrophed: String = word.chars().filter(|&c| c != '\'').collect();
        if word.chars().count() > 1
            && is_alpha(&unapostrophed)
            && word != lower
            && (tag != "NNP" || word.chars().count() > 7)
            && !self.golds.contains_key(word)
            && !self.silvers.contains_key(word)
            && (is_upper(word) || is_lower(word.get(1..).unwrap_or("")))
            && (self.golds.contains_key(lower.as_str())
                || self.silvers.contains_key(lower.as_str())
                || self.stem_s(&lower, tag, stress, Some(ctx)).is_some()
                || self.stem_ed(&lower, tag, stress, Some(ctx)).is_some()
                || self.stem_ing(&lower, tag, stress, Some(ctx)).is_some())
        {
            word = &lower;
        }
        if self.is_known(word) {
            return self.lookup(word, Some(tag), stress, Some(ctx));
        }
        if let Some(stem) = word.strip_suffix("s'") {
            let possessive = format!("{stem}'s");
            if self.is_known(&possessive) {
                return self.lookup(&possessive, Some(tag), stress, Some(ctx));
            }
        }
        if let Some(stem) = word.strip_suffix('\'') {
            if self.is_known(stem) {
                return self.lookup(stem, Some(tag), stress, Some(ctx));
            }
        }
        if let Some(ps) = self.stem_s(word, tag, stress, Some(ctx)) {
            return Some(ps);
        }
        if let Some(ps) = self.stem_ed(word, tag, stress, Some(ctx)) {
            return Some(ps);
        }
        self.stem_ing(word, tag, Some(stress.unwrap_or(0.5)), Some(ctx))
    }

    fn words_to_phonemes(&self, words: &[&str], out: &mut Vec<String>, flags_and: bool) {
        for &w in words {
            if w == "and" && !flags_and {
                continue;
            }
            let stress = if w == "point" { Some(-2.0) } else { None };
            if let Some(ps) = self.lookup(w, None, stress, None) {
                out.push(ps);
            }
        }
    }

    fn digits_each(&self, digits: &str, out: &mut Vec<String>) {
        for b in digits.bytes() {
            let d = [b];
            let s = std::str::from_utf8(&d).unwrap_or("0");
            self.words_to_phonemes(&numbers::cardinal(s), out, false);
        }
    }

    fn cardinal_into(&self, digits: &str, out: &mut Vec<String>) {
        if numbers::fits(digits) {
            self.words_to_phonemes(&numbers::cardinal(digits), out, false);
        } else {
            self.digits_each(digits, out);
        }
    }

    /// misaki's `get_number` for a token that `is_number` accepted.
    fn get_number(&self, word: &str, currency: Option<char>, is_head: bool) -> Found {
        let suffix_len = word
            .bytes()
            .rev()
            .take_while(|&b| b.is_ascii_lowercase() || b == b'\'')
            .count();
        let (word, suffix) = word.split_at(word.len() - suffix_len);
        let suffix = (!suffix.is_empty()).then_some(suffix);
        let mut out: Vec<String> = Vec::new();
        let mut word = word;
        if let Some(rest) = word.strip_prefix('-') {
            out.extend(self.lookup("minus", None, None, None));
            word = rest;
        }
        let is_ordinal = suffix.is_some_and(|s| ORDINAL_SUFFIXES.contains(&s));
        let currency_units = currency.and_then(currency_units);
        if is_ascii_digits(word) && is_ordinal {
            if numbers::fits(word) {
                let words = numbers::ordinal(word);
                let refs: Vec<&str> = words.iter().map(String::as_str).collect();
                self.words_to_phonemes(&refs, &mut out, false);
            } else {
                self.digits_each(word, &mut out);
            }
        } else if out.is_empty() && word.len() == 4 && currency_units.is_none() && is_ascii_digits(word) {
            let n: u32 = word.parse().unwrap_or(0);
            self.words_to_phonemes(&numbers::year(n), &mut out, false);
        } else if !is_head && !word.contains('.') {
            let num: String = word.chars().filter(|&c| c != ',').collect();
            if num.is_empty() {
                return None;
            }
            if num.starts_with('0') || num.len() > 3 {
                self.digits_each(&num, &mut out);
            } else if num.len() == 3 && !num.ends_with("00") {
                self.cardinal_into(&num[..1], &mut out);
                if &num[1..2] == "0" {
                    out.extend(self.lookup("O", None, Some(-2.0), None));
                    self.digits_each(&num[2..], &mut out);
                } else {
                    self.cardinal_into(&num[1..], &mut out);
                }
            } else {
                self.cardinal_into(&num, &mut out);
            }
        } else if word.matches('.').count() > 1 || !is_head {
            for part in word.replace(',', "").split('.') {
                if part.is_empty() {
                    continue;
                }
                if part.starts_with('0') || (part.len() != 2 && part[1..].bytes().any(|b| b != b'0')) {
                    self.digits_each(part, &mut out);
                } else {
                    self.cardinal_into(part, &mut out);
                }
            }
        } else if let Some(units) = currency_units.filter(|_| is_currency_amount(word)) {
            let plain = word.replace(',', "");
            let mut pairs: Vec<(String, &str)> = plain
                .split('.')
                .zip([units.0, units.1])
                .map(|(n, unit)| (n.trim_start_matches('0').to_string(), unit))
                .collect();
            if pairs.len() > 1 {
                if pairs[1].0.is_empty() {
                    pairs.truncate(1);
                } else if pairs[0].0.is_empty() {
                    pairs.remove(0);
                }
            }
            for (i, (num, unit)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.extend(self.lookup("and", None, None, None));
                }
                let digits = if num.is_empty() { "0" } else { num.as_str() };
                self.cardinal_into(digits, &mut out);
                let one = digits == "1";
                let ps = if !one && *unit != "pence" {
                    self.stem_s(&format!("{unit}s"), "", None, None)
                } else {
                    self.lookup(unit, None, None, None)
                };
                out.extend(ps);
            }
        } else if is_ascii_digits(word) {
            self.cardinal_into(word, &mut out);
        } else if !word.contains('.') {
            let digits: String = word.chars().filter(|&c| c != ',').collect();
            if !is_ascii_digits(&digits) {
                return None;
            }
            if is_ordinal && numbers::fits(&digits) {
                let words = numbers::ordinal(&digits);
                let refs: Vec<&str> = words.iter().map(String::as_str).collect();
                self.words_to_phonemes(&refs, &mut out, false);
            } else {
                self.cardinal_into(&digits, &mut out);
            }
        } else {
            let plain = word.replace(',', "");
            if let Some(frac) = plain.strip_prefix('.') {
                out.extend(self.lookup("point", None, Some(-2.0), None));
                for part in frac.split('.') {
                    self.digits_each(part, &mut out);
                }
            } else {
                let (int_part, frac) = plain.split_once('.').unwrap_or((&plain, ""));
                if !is_ascii_digits(int_part) || !frac.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                if numbers::fits(int_part) {
                    self.words_to_phonemes(&numbers::decimal(int_part, frac), &mut out, false);
                } else {
                    self.digits_each(int_part, &mut out);
                }
            }
        }
        if out.is_empty() {
            return None;
        }
        let result = out.join(" ");
        match suffix {
            Some("s") | Some("'s") => self.suffix_s(&result),
            Some("ed") | Some("'d") => self.suffix_ed(&result),
            Some("ing") => self.suffix_ing(&result),
            _ => Some(result),
        }
    }

    fn append_currency(&self, ps: String, currency: Option<char>) -> String {
        let Some(units) = currency.and_then(currency_units) else {
            return ps;
        };
        match self.stem_s(&format!("{}s", units.0), "", None, None) {
            Some(unit) => format!("{ps} {unit}"),
            None => ps,
        }
    }

    /// misaki's `Lexicon.__call__`: one token (or merged group of sub-tokens) to phonemes.
    pub(crate) fn word(&self, q: &Query<'_>, ctx: Ctx) -> Found {
        let word = normalize(q.text);
        let stress = if is_lower(&word) {
            None
        } else if is_upper(&word) {
            Some(2.0)
        } else {
            Some(0.5)
        };
        if let Some(ps) = self.get_word(&word, q.tag, stress, ctx) {
            return Some(self.append_currency(ps, q.currency));
        }
        if is_number(&word, q.is_head) {
            return self.get_number(&word, q.currency, q.is_head);
        }
        None
    }
}

fn tagged_default(pairs: &[TaggedReading]) -> &str {
    pairs
        .iter()
        .find(|(k, _)| &**k == "DEFAULT")
        .and_then(|(_, p)| p.as_deref())
        .unwrap_or("")
}

/// Vowel-like sounds after which an American `t` flaps (misaki's `US_TAUS`).
fn us_tau(c: char) -> bool {
    matches!(
        c,
        'A' | 'I' | 'O' | 'W' | 'Y' | 'i' | 'u' | 'æ' | 'ɑ' | 'ə' | 'ɛ' | 'ɪ' | 'ɹ' | 'ʊ' | 'ʌ'
    )
}

/// `([bcdgklmnprstvxz])\1ing$|cking$`.
fn doubled_before_ing(word: &str) -> bool {
    let b = word.as_bytes();
    if word.ends_with("cking") {
        return true;
    }
    b.len() >= 5 && b[b.len() - 4] == b[b.len() - 5] && b"bcdgklmnprstvxz".contains(&b[b.len() - 4])
}

/// Curly apostrophes to straight ones, NFKC, and other Unicode digits to ASCII (misaki does the
/// same before looking anything up).
fn normalize(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    // NFKC leaves ASCII alone; most words are ASCII.
    if text.is_ascii() {
        return text.to_string();
    }
    let straight = text.replace(['\u{2018}', '\u{2019}'], "'");
    let nfkc: String = straight.nfkc().collect();
    nfkc.chars()
        .map(|c| {
            if !c.is_ascii_digit() {
                c.to_digit(10).map_or(c, |d| char::from(b'0' + d as u8))
            } else {
                c
            }
        })
        .collect()
}

/// misaki's `is_currency`: at most two decimals (a cents part) or none.
fn is_currency_amount(word: &str) -> bool {
    match word.split_once('.') {
        None => true,
        Some((_, cents)) => !cents.contains('.') && cents.len() < 3,
    }
}

/// misaki's `is_number`: digits with `,` and `.`, an optional leading `-` at the head, and an
/// optional suffix (`st nd rd th s 's ed 'd ing`).
pub(crate) fn is_number(word: &str, is_head: bool) -> bool {
    if !word.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut w = word;
    for s in ["ing", "'d", "ed", "'s", "st", "nd", "rd", "th", "s"] {
        if let Some(stem) = w.strip_suffix(s) {
            w = stem;
            break;
        }
    }
    w.char_indices()
        .all(|(i, c)| c.is_ascii_digit() || c == ',' || c == '.' || (is_head && i == 0 && c == '-'))
}
