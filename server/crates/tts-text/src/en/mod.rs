//! English G2P after misaki 0.9.4, the front end Kokoro-82M v1.0 was trained with.
//!
//! One request goes: [`tokenize`] (spaCy-style tokens, with byte ranges into the input) →
//! [`pos`] (Penn Treebank tags) → misaki's re-tokenisation into words and word groups
//! ("don't", "COVID-19") → a right-to-left pass that looks every word up in the [`lexicon`] with
//! the context of the word after it (for "the", "to", phrase-final stress) → compound stress for
//! word groups → the v1.0 symbol fix-up (flap `ɾ` → `T`, glottal stop `ʔ` → `t`).
//!
//! Layout:
//! - `lexicon`: gold/silver dictionaries, special cases, stemming, numbers as words.
//! - `tokenize`: spaCy's tokenizer rules and misaki's sub-token pattern.
//! - `pos`: the part-of-speech tagger (distilled from spaCy).
//! - `stress`: stress marks.
//! - `numbers`: num2words' English (cardinals, ordinals, years, decimals).
//! - `fallback`: unknown words (times, digits, CMUdict, letter-to-sound, spelling) — never
//!   silently dropped.
//! - `cmudict`: CMUdict mapped to misaki's symbols, for words misaki's lexicons lack.
//! - `lts`: letter-to-sound rules for words CMUdict lacks too.
use std::ops::Range;
use std::path::Path;

use crate::{paths, DataError, EnglishFiles, OwnedFile, Token, Utterance};

mod cmudict;
mod fallback;
mod lexicon;
mod lts;
mod normalize;
mod numbers;
mod pos;
mod stress;
mod tokenize;

use lexicon::{Ctx, Lexicon, Query};
use stress::{apply_stress, is_consonant, is_vowel, stress_weight, PRIMARY};

/// Which English lexicons to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// American English (`us_gold.json`, `us_silver.json`).
    Us,
    /// British English (`gb_gold.json`, `gb_silver.json`).
    Gb,
}

/// Where the reading of a word comes from (see [`G2p::word_source`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordSource {
    /// misaki's gold or silver lexicon (directly; stemming is not looked at).
    Lexicon,
    /// CMUdict mapped to misaki's symbols.
    CmuDict,
    /// The letter-to-sound rules.
    Rules,
    /// Spelled letter by letter (acronyms, words without a vowel letter).
    Spelled,
}

/// The English phonemizer. Loading parses the lexicons once; phonemizing is read-only, so one
/// `G2p` serves every request and thread.
pub struct G2p {
    lexicon: Lexicon,
    tagger: &'static pos::Tagger,
    unknown: fallback::Reader,
    strict: bool,
}

/// A word or sub-token on its way through misaki's pipeline.
#[derive(Debug, Clone)]
struct MTok {
    text: String,
    range: Range<usize>,
    tag: &'static str,
    space_after: bool,
    phonemes: Option<String>,
    is_head: bool,
    alias: Option<&'static str>,
    currency: Option<char>,
    prespace: bool,
    /// Words to say instead (units, ranges, addresses; see `normalize`).
    say: Option<String>,
}

enum Word {
    One(MTok),
    Group(Vec<MTok>),
}

/// Punctuation that ends a phrase (misaki's `NON_QUOTE_PUNCTS`).
fn is_phrase_punct(c: char) -> bool {
    matches!(c, ';' | ':' | ',' | '.' | '!' | '?' | '—' | '…')
}

/// Punctuation Kokoro has symbols for (misaki's `PUNCTS`).
fn is_kept_punct(c: char) -> bool {
    is_phrase_punct(c) || matches!(c, '"' | '“' | '”')
}

/// Tags spaCy gives punctuation (misaki's `PUNCT_TAGS`).
fn is_punct_tag(tag: &str) -> bool {
    matches!(
        tag,
        "." | "," | "-LRB-" | "-RRB-" | "``" | "\"\"" | "''" | ":" | "$" | "#" | "NFP"
    )
}

/// Characters a word group may contain without being "spoken" (misaki's `SUBTOKEN_JUNKS`).
fn is_junk(c: char) -> bool {
    matches!(c, '\'' | ',' | '-' | '.' | '_' | '‘' | '’' | '/')
}

impl G2p {
    /// Loads the misaki lexicons for `dialect` from `dir` (`$TTS_HOME/text/misaki`), and CMUdict
    /// from the sibling folder `cmudict/` (`$TTS_HOME/text/cmudict/cmudict.dict`), which
    /// pronounces words the misaki lexicons lack.
    ///
    /// CMUdict is optional: without it unknown words are read by letter-to-sound rules alone
    /// ([`G2p::has_cmudict`] says which). A CMUdict file that is present but unreadable is an
    /// error.
    pub fn load(dir: &Path, dialect: Dialect) -> Result<Self, DataError> {
        let cmu_dir = dir.parent().map(|p| p.join("cmudict"));
        let cmu_dir = cmu_dir.filter(|d| d.join(paths::file_name(paths::CMUDICT)).is_file());
        Self::load_with(dir, cmu_dir.as_deref(), dialect)
    }

    /// Loads the misaki lexicons from `misaki_dir` and, if `cmudict_dir` is given, CMUdict from
    /// it (an error if it cannot be read).
    pub fn load_with(misaki_dir: &Path, cmudict_dir: Option<&Path>, dialect: Dialect) -> Result<Self, DataError> {
        let (gold, silver) = match dialect {
            Dialect::Us => (paths::US_GOLD, paths::US_SILVER),
            Dialect::Gb => (paths::GB_GOLD, paths::GB_SILVER),
        };
        let gold = OwnedFile::read(&misaki_dir.join(paths::file_name(gold)))?;
        let silver = OwnedFile::read(&misaki_dir.join(paths::file_name(silver)))?;
        let cmudict = cmudict_dir
            .map(|d| OwnedFile::read(&d.join(paths::file_name(paths::CMUDICT))))
            .transpose()?;
        let files = EnglishFiles {
            gold: gold.file(),
            silver: silver.file(),
            cmudict: cmudict.as_ref().map(OwnedFile::file),
        };
        Self::from_files(files, dialect)
    }

    /// Parses the lexicons of `dialect` (and CMUdict, if given) from the files' contents.
    pub fn from_files(files: EnglishFiles<'_>, dialect: Dialect) -> Result<Self, DataError> {
        // CMUdict is indexed, and the letter-to-sound table parsed, while the lexicons parse.
        let (lexicon, (cmudict, _)) = crate::join(
            || Lexicon::from_files(files.gold, files.silver, dialect),
            || {
                crate::join(
                    || files.cmudict.map(cmudict::CmuDict::from_file).transpose(),
                    || lts::Lts::get(dialect),
                )
            },
        );
        Ok(Self {
            lexicon: lexicon?,
            tagger: pos::Tagger::get(),
            unknown: fallback::Reader::new(fallback::with_library!(cmudict)?, dialect),
            strict: false,
        })
    }

    /// Strict misaki mode: reproduce misaki 0.9.4, without the readings added beyond it (units
    /// after numbers as words, "10-12" as "ten to twelve", separators of web and e-mail addresses
    /// spoken). Off by default.
    pub fn with_strict_misaki(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Whether CMUdict was loaded (see [`G2p::load`]).
    pub fn has_cmudict(&self) -> bool {
        self.unknown.has_cmudict()
    }

    /// Which source reads `word` (a single word of letters) when it is not in the lexicons'
    /// special cases: for reports on unknown words, such as the names in tests/en_web_agreement.rs.
    pub fn word_source(&self, word: &str) -> WordSource {
        self.unknown.source(&self.lexicon, word)
    }

    /// Phonemizes English text. Never fails: text with nothing to say gives an empty utterance.
    pub fn phonemize(&self, text: &str) -> Utterance {
        self.phonemize_with(text, self.strict)
    }

    /// [`G2p::phonemize`] with strict-misaki mode chosen for this call (see
    /// [`G2p::with_strict_misaki`]), so one loaded lexicon serves both modes.
    pub fn phonemize_with(&self, text: &str, strict_misaki: bool) -> Utterance {
        let raw = tokenize::tokenize(text);
        if raw.is_empty() {
            return Utterance::default();
        }
        let words: Vec<&str> = raw.iter().map(|t| &text[t.range.clone()]).collect();
        let mut tags = self.tagger.tag(&words);
        // spaCy tags a "[" glued to a following word XX, not -LRB- ("[portable-atomic]", "[u8]",
        // "[9181f3b]"),
        // so misaki reads it with that word as one group, through espeak-ng ("[pˈɔɹTəbᵊlətˈɑmɪk");
        // other "[" ("[ x ]", "[1]") are -LRB-, read "(", and "]" is always -RRB-, read ")".
        for i in 0..raw.len() {
            if words[i] == "[" {
                let glued = !raw[i].space_after
                    && words.get(i + 1).is_some_and(|w| !w.chars().all(|c| c.is_ascii_digit() || c.is_ascii_punctuation()));
                tags[i] = if glued { "XX" } else { "-LRB-" };
            } else if words[i] == "]" {
                tags[i] = "-RRB-";
            }
        }
        let spoken = if strict_misaki { vec![None; raw.len()] } else { normalize::spoken(text, &raw) };
        let mut sentence = retokenize(text, &raw, &tags, spoken);
        self.resolve(&mut sentence, strict_misaki);
        let mut tokens = Vec::with_capacity(sentence.len());
        for word in sentence {
            let tok = match word {
                Word::One(t) => t,
                Word::Group(g) => merge_final(g),
            };
            let phonemes = tok.phonemes.unwrap_or_default().replace('ɾ', "T").replace('ʔ', "t");
            tokens.push(Token {
                phonemes,
                source: tok.range,
                space_after: tok.space_after,
            });
        }
        Utterance { tokens }
    }

    /// misaki's right-to-left pass.
    fn resolve(&self, sentence: &mut [Word], strict: bool) {
        let mut ctx = Ctx::default();
        for word in sentence.iter_mut().rev() {
            match word {
                Word::One(w) => {
                    if let (None, Some(say)) = (&w.phonemes, &w.say) {
                        w.phonemes = Some(self.say(say, ctx));
                    }
                    if w.phonemes.is_none() {
                        let text = w.alias.unwrap_or(&w.text);
                        let q = Query {
                            text,
                            tag: w.tag,
                            is_head: w.is_head,
                            currency: w.currency,
                        };
                        w.phonemes = self.lexicon.word(&q, ctx);
                    }
                    if w.phonemes.is_none() {
                        w.phonemes = self.unknown.read(&self.lexicon, &w.text, strict);
                    }
                    ctx = token_context(ctx, w.phonemes.as_deref(), &w.text, w.tag);
                }
                Word::Group(w) => self.resolve_group(w, &mut ctx, strict),
            }
        }
    }

    /// Reads replacement words one by one, each as a noun at the head of its word.
    fn say(&self, words: &str, mut ctx: Ctx) -> String {
        let mut out: Vec<String> = Vec::new();
        for word in words.split_whitespace().rev() {
            // Separators as misaki says them for spaCy's ADD tokens (weakened stress).
            if word == "." {
                // Kept punctuation after the words ("5 m." at the end of a sentence).
                ctx = token_context(ctx, Some("."), word, ".");
                out.push(".".to_string());
                continue;
            }
            let (text, tag) = match word {
                "dot" => (".", "ADD"),
                "slash" => ("/", "ADD"),
                _ => (word, "NN"),
            };
            let q = Query {
                text,
                tag,
                is_head: true,
                currency: None,
            };
            let ps = self
                .lexicon
                .word(&q, ctx)
                .or_else(|| self.unknown.read(&self.lexicon, word, false))
                .unwrap_or_default();
            ctx = token_context(ctx, Some(&ps), word, "NN");
            if !ps.is_empty() {
                out.push(ps);
            }
        }
        out.reverse();
        out.join(" ").replace(" .", ".")
    }

    /// Finds the longest known spans of a word group from the right; if some piece is unknown,
    /// the whole group goes to the fallback (as misaki sends it to espeak).
    fn resolve_group(&self, w: &mut [MTok], ctx: &mut Ctx, strict: bool) {
        // Bytes of merged text before each piece: a span of two pieces or more whose text is
        // longer than any lexicon key cannot be found, so it is not merged and looked up. misaki
        // tries every span, which is cubic in the pieces of a group ("x&&&…&" of 1,000 characters
        // took 5.5 s here; issue 12's fuzzing found it); the answer is the same.
        let mut offsets = Vec::with_capacity(w.len() + 1);
        offsets.push(0usize);
        for t in w.iter() {
            offsets.push(offsets[offsets.len() - 1] + t.text.len() + usize::from(t.space_after));
        }
        let (mut left, mut right) = (0, w.len());
        let mut should_fallback = false;
        while left < right {
            let span = &w[left..right];
            let too_long = right - left > 1 && offsets[right] - offsets[left] > MAX_SPAN_BYTES;
            let ps = if too_long || span.iter().any(|t| t.alias.is_some() || t.phonemes.is_some()) {
                None
            } else {
                let merged = merge_lookup(span);
                let q = Query {
                    text: &merged.text,
                    tag: merged.tag,
                    is_head: merged.is_head,
                    currency: merged.currency,
                };
                self.lexicon.word(&q, *ctx).map(|ps| (ps, merged))
            };
            if let Some((ps, merged)) = ps {
                *ctx = token_context(*ctx, Some(&ps), &merged.text, merged.tag);
                w[left].phonemes = Some(ps);
                for t in &mut w[left + 1..right] {
                    t.phonemes = Some(String::new());
                }
                right = left;
                left = 0;
            } else if left + 1 < right {
                left += 1;
            } else {
                right -= 1;
                let t = &mut w[right];
                if t.phonemes.is_none() {
                    if t.text.chars().all(is_junk) {
                        t.phonemes = Some(String::new());
                    } else {
                        should_fallback = true;
                        break;
                    }
                }
                left = 0;
            }
        }
        if should_fallback {
            let merged = merge_lookup(w);
            w[0].phonemes = Some(self.unknown.read(&self.lexicon, &merged.text, strict).unwrap_or_default());
            for t in &mut w[1..] {
                t.phonemes = Some(String::new());
            }
        } else {
            resolve_compound(w);
        }
    }
}

/// Longer than the longest key of misaki's lexicons (45 bytes) with room to spare: see
/// `resolve_group`.
const MAX_SPAN_BYTES: usize = 64;

/// misaki's `token_context`: whether the next word starts with a vowel (None at punctuation),
/// and whether it is "to".
fn token_context(ctx: Ctx, ps: Option<&str>, text: &str, tag: &str) -> Ctx {
    let mut vowel = ctx.future_vowel;
    if let Some(c) = ps.and_then(|ps| {
        ps.chars()
            .find(|&c| is_vowel(c) || is_consonant(c) || is_phrase_punct(c))
    }) {
        vowel = if is_phrase_punct(c) { None } else { Some(is_vowel(c)) };
    }
    let future_to = text == "to" || text == "To" || (text == "TO" && (tag == "TO" || tag == "IN"));
    Ctx {
        future_vowel: vowel,
        future_to,
    }
}

/// misaki's `merge_tokens` for a lookup: joined text, the tag of the most capitalised piece.
fn merge_lookup(span: &[MTok]) -> MTok {
    let mut text = String::new();
    for t in span {
        text.push_str(&t.text);
        if t.space_after && !std::ptr::eq(t, &span[span.len() - 1]) {
            text.push(' ');
        }
    }
    let weight = |t: &MTok| {
        t.text
            .chars()
            .map(|c| if c.to_lowercase().eq(std::iter::once(c)) { 1 } else { 2 })
            .sum::<usize>()
    };
    let mut best = &span[0];
    for t in &span[1..] {
        if weight(t) > weight(best) {
            best = t;
        }
    }
    MTok {
        text,
        range: span[0].range.start..span[span.len() - 1].range.end,
        tag: best.tag,
        space_after: span[span.len() - 1].space_after,
        phonemes: None,
        is_head: span[0].is_head,
        alias: None,
        currency: span.iter().filter_map(|t| t.currency).max(),
        prespace: span[0].prespace,
        say: None,
    }
}

/// misaki's final `merge_tokens`: one output token for a word group.
fn merge_final(group: Vec<MTok>) -> MTok {
    let mut ps = String::new();
    for t in &group {
        let p = t.phonemes.as_deref().unwrap_or("");
        if t.prespace && !ps.is_empty() && !ps.ends_with(char::is_whitespace) && !p.is_empty() {
            ps.push(' ');
        }
        ps.push_str(p);
    }
    let mut merged = merge_lookup(&group);
    merged.phonemes = Some(ps);
    merged
}

/// misaki's `resolve_tokens`: spacing and compound stress inside a word group.
fn resolve_compound(tokens: &mut [MTok]) {
    let text: String = tokens.iter().map(|t| t.text.as_str()).collect();
    let kinds = text
        .chars()
        .filter(|&c| !is_junk(c))
        .map(|c| {
            if c.is_alphabetic() {
                0
            } else if c.is_ascii_digit() {
                1
            } else {
                2
            }
        })
        .fold([false; 3], |mut seen, k| {
            seen[k] = true;
            seen
        });
    let prespace = text.contains(' ') || text.contains('/') || kinds.iter().filter(|&&k| k).count() > 1;
    let last = tokens.len() - 1;
    for (i, t) in tokens.iter_mut().enumerate() {
        if t.phonemes.is_none() {
            if i == last && t.text.chars().count() == 1 && t.text.chars().all(is_phrase_punct) {
                t.phonemes = Some(t.text.clone());
            } else if t.text.chars().all(is_junk) {
                t.phonemes = Some(String::new());
            }
        } else if i > 0 {
            t.prespace = prespace;
        }
    }
    if prespace {
        return;
    }
    let mut indices: Vec<(bool, usize, usize)> = tokens
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            t.phonemes
                .as_deref()
                .filter(|p| !p.is_empty())
                .map(|p| (p.contains(PRIMARY), stress_weight(p), i))
        })
        .collect();
    let demote = |t: &mut MTok| {
        if let Some(p) = t.phonemes.as_deref() {
            t.phonemes = Some(apply_stress(p, Some(-0.5)));
        }
    };
    if indices.len() == 2 && tokens[indices[0].2].text.chars().count() == 1 {
        demote(&mut tokens[indices[1].2]);
        return;
    }
    let primaries = indices.iter().filter(|x| x.0).count();
    if indices.len() < 2 || primaries <= indices.len().div_ceil(2) {
        return;
    }
    indices.sort();
    let n = indices.len() / 2;
    for &(_, _, i) in &indices[..n] {
        demote(&mut tokens[i]);
    }
}

/// misaki's `retokenize`: sub-tokens, punctuation phonemes, currency, word groups.
fn retokenize(text: &str, raw: &[tokenize::RawToken], tags: &[&'static str], mut spoken: Vec<Option<String>>) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut currency: Option<char> = None;
    for (i, token) in raw.iter().enumerate() {
        let base = token.range.start;
        let token_text = &text[token.range.clone()];
        let tag = tags[i];
        if let Some(say) = spoken.get_mut(i).and_then(Option::take) {
            // A replaced token is one word of its own, never part of a word group.
            // Its words are spoken apart from their neighbours ("5km" → "five kilometers").
            match words.last_mut() {
                Some(Word::Group(g)) => {
                    if let Some(last) = g.last_mut() {
                        last.space_after = true;
                    }
                }
                Some(Word::One(last)) if last.phonemes.as_deref().is_none_or(|p| !p.is_empty()) => {
                    last.space_after = true;
                }
                _ => {}
            }
            currency = None;
            let before_word = raw
                .get(i + 1)
                .and_then(|r| text[r.range.clone()].chars().next())
                .is_some_and(char::is_alphanumeric);
            words.push(Word::One(MTok {
                text: token_text.to_string(),
                range: token.range.clone(),
                tag,
                space_after: token.space_after || before_word,
                phonemes: None,
                is_head: true,
                alias: None,
                currency: None,
                prespace: false,
                say: Some(say),
            }));
            continue;
        }
        let subs = tokenize::subtokenize(token_text);
        let n = subs.len();
        let sub_texts: Vec<&str> = subs.iter().map(|r| &token_text[r.clone()]).collect();
        for (j, r) in subs.iter().enumerate() {
            let sub = sub_texts[j];
            let mut tk = MTok {
                text: sub.to_string(),
                range: base + r.start..base + r.end,
                tag,
                space_after: j + 1 == n && token.space_after,
                phonemes: None,
                is_head: true,
                alias: None,
                currency: None,
                prespace: false,
                say: None,
            };
            let single = {
                let mut cs = sub.chars();
                match (cs.next(), cs.next()) {
                    (Some(c), None) => Some(c),
                    _ => None,
                }
            };
            if tag == "$" && single.is_some_and(|c| lexicon::currency_units(c).is_some()) {
                currency = single;
                tk.phonemes = Some(String::new());
            } else if tag == ":" && (sub == "-" || sub == "–") {
                tk.phonemes = Some("—".to_string());
            } else if is_punct_tag(tag) && !sub.chars().all(|c| c.to_lowercase().all(|l| l.is_ascii_lowercase())) {
                let ps = match tag {
                    "-LRB-" => "(".to_string(),
                    "-RRB-" => ")".to_string(),
                    "``" => "“".to_string(),
                    "\"\"" | "''" => "”".to_string(),
                    _ => sub.chars().filter(|&c| is_kept_punct(c)).collect(),
                };
                tk.phonemes = Some(ps);
            } else if currency.is_some() {
                if tag != "CD" {
                    currency = None;
                } else if j + 1 == n && (i + 1 == raw.len() || tags[i + 1] != "CD") {
                    tk.currency = currency;
                }
            } else if j > 0 && j + 1 < n && sub == "2" {
                let prev_last = sub_texts[j - 1].chars().next_back();
                let next_first = sub_texts[j + 1].chars().next();
                if prev_last.is_some_and(char::is_alphabetic) && next_first.is_some_and(char::is_alphabetic) {
                    tk.alias = Some("to");
                }
            }
            if tk.alias.is_some() || tk.phonemes.is_some() {
                words.push(Word::One(tk));
            } else if let Some(Word::Group(g)) = words
                .last_mut()
                .filter(|w| matches!(w, Word::Group(g) if !g.last().is_some_and(|t| t.space_after)))
            {
                tk.is_head = false;
                g.push(tk);
            } else if tk.space_after {
                words.push(Word::One(tk));
            } else {
                words.push(Word::Group(vec![tk]));
            }
        }
    }
    words
        .into_iter()
        .map(|w| match w {
            Word::Group(mut g) if g.len() == 1 => Word::One(g.pop().expect("group of one")),
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn misaki_dir() -> std::path::PathBuf {
        let home = std::env::var_os("TTS_HOME")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/tts-server")
            });
        home.join("text/misaki")
    }

    pub(crate) fn g2p() -> &'static G2p {
        static G2P: OnceLock<G2p> = OnceLock::new();
        G2P.get_or_init(|| {
            G2p::load(&misaki_dir(), Dialect::Us)
                .unwrap_or_else(|e| panic!("{e}; run `make setup` to fetch the misaki lexicons"))
        })
    }

    fn check(input: &str, expected: &str) {
        assert_eq!(g2p().phonemize(input).phonemes(), expected, "phonemize({input:?})");
    }

    #[test]
    fn ordinary_sentences_match_misaki() {
        check("Hello world.", "həlˈO wˈɜɹld.");
        check("\"Where are you going?\" she asked.", "“wˌɛɹ ɑɹ ju ɡˈOɪŋ?” ʃi ˈæskt.");
        check("It costs $5.", "ˌɪt kˈɔsts fˈIv dˈɑləɹz.");
    }

    #[test]
    fn sources_point_at_the_original_text() {
        let text = "It costs $5.";
        let u = g2p().phonemize(text);
        let five = u
            .tokens
            .iter()
            .find(|t| t.phonemes.starts_with("fˈIv"))
            .expect("a token for $5");
        assert_eq!(&text[five.source.clone()], "5");
    }

    #[test]
    fn extended_readings_and_their_sources() {
        check("It is 5 km long.", "ˌɪt ɪz fˈIv kəlˈɑməTəɹz lˈɔŋ.");
        check("It is 5 m.", "ˌɪt ɪz fˈIv mˈiTəɹz.");
        check("Pages 10-20 are missing.", "pˈAʤᵻz tˈɛn tə twˈɛnti ɑɹ mˈɪsɪŋ.");
        check("Mail bob@example.org.", "mˈAl bˈɑb æt ɪɡzˈæmpəl dˌɑt ˈɔɹɡ.");
        let text = "It is 5km, 10-12 m long.";
        let u = g2p().phonemize(text);
        let sources: Vec<(&str, &str)> = u
            .tokens
            .iter()
            .map(|t| (&text[t.source.clone()], t.phonemes.as_str()))
            .collect();
        assert!(sources.contains(&("km", "kəlˈɑməTəɹz")), "{sources:?}");
        assert!(sources.contains(&("-", "tə")), "{sources:?}");
        assert!(sources.contains(&("m", "mˈiTəɹz")), "{sources:?}");
        // Strict-misaki mode keeps misaki's readings.
        let strict = G2p::load_with(&misaki_dir(), None, Dialect::Us)
            .unwrap_or_else(|e| panic!("{e}; run `make setup` to fetch the misaki lexicons"))
            .with_strict_misaki(true);
        assert_eq!(strict.phonemize("It is 5 km long.").phonemes(), "ˌɪt ɪz fˈIv kˌAˈɛm lˈɔŋ.");
        assert_eq!(strict.phonemize("Pages 10-20.").phonemes(), "pˈAʤᵻz tˌɛntwˈɛnti.");
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "   ",
            "\u{0}",
            "ééé",
            "''''",
            "-",
            "$",
            "1e999",
            "9999999999999999999999999999999999999999",
            "a\u{301}b",
            "🙂🙂",
            "x2y",
            "5 °",
            "5 km/",
            "1-",
            "-1-2",
            "10-12-",
            "@",
            "a@b",
            "http://",
            "www.",
            "9999999999-99999999999",
            "5 in",
            "°C",
            "3 ° C",
        ] {
            let _ = g2p().phonemize(text);
        }
    }
}

// The `espeak` feature (off by default): libespeak-ng instead of the rules, as misaki calls it. Its
// hooks are at the ends of this file and of fallback.rs, and the lines above are edited only in
// place, through a type alias and a macro that are the identity without the feature: the default
// build, the wasm G2P's included, stays byte-identical (panic locations carry file:line).
#[cfg(feature = "espeak")]
mod espeak;
