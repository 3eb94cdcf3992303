//! Mandarin G2P after misaki's v1.0 ("legacy") Chinese path, which Kokoro-82M v1.0's zf_/zm_
//! voices were trained on.
//!
//! The pipeline, one module per step:
//! - [`numbers`]: Arabic numerals → Chinese numerals (cn2an 0.5.23's an2cn transform).
//! - [`punctuation`]: full-width marks → ASCII with misaki's spacing, then strip.
//! - split into Han (U+4E00–U+9FFF) and non-Han runs;
//! - [`segment`]: Han runs → jieba words;
//! - [`pinyin`]: each word → pypinyin readings (phrase dictionary first, then the first reading of
//!   each character), already converted by [`syllable`] into Kokoro phonemes with tone arrows;
//! - words joined by single spaces; non-Han runs copied (strict mode) or read by the English
//!   front end (default).
//!
//! [`traced`] keeps, for every character the passes produce, the span of input it came from, so
//! each token points at the user's own characters even after 2025年 became 二零二五年.
//!
//! Two behaviours: [`Options::strict_misaki`] reproduces `misaki.zh.ZHG2P()(text)[0]` exactly
//! (checked against the reference corpus in `tests/zh_agreement.rs`). The default differs only
//! where misaki produces something the model cannot say: Latin words are read by the English
//! front end instead of being copied letter by letter, digits cn2an leaves alone are read one by
//! one, 〇 is read as líng, line breaks or tabs become spaces, and traditional text is read
//! through its simplified characters ([`traditional`]).
mod numbers;
mod pinyin;
mod punctuation;
mod segment;
mod syllable;
mod traced;
mod traditional;

use std::path::Path;

use jieba_rs::Jieba;

use crate::{paths, DataError, MandarinFiles, OwnedFile, Token, Utterance};
use traced::{is_py_space, source, Ch};

/// The Mandarin phonemizer: pypinyin's dictionaries and jieba's, loaded once.
pub struct G2p {
    dict: pinyin::Dict,
    jieba: Jieba,
    simplifier: traditional::Simplifier,
}

/// How [`G2p::phonemize_with`] treats text misaki handles badly.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Reproduce misaki 0.9.4 exactly, including copying Latin runs through unread (the v1.0
    /// model then drops or mispronounces them). For comparisons with the reference, not for
    /// speech.
    pub strict_misaki: bool,
}

/// What a token is, for deciding where spaces go in the default mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A jieba word.
    Han,
    /// Read by the English front end.
    Latin,
    /// Punctuation or any other symbol, copied as is.
    Mark,
}

impl G2p {
    /// Loads pypinyin 0.53.0's `pinyin_dict.json` and `phrases_dict.json` from `dir`; jieba's
    /// dictionary is the one compiled into jieba-rs (feature `embedded-jieba-dict`).
    pub fn load(dir: &Path) -> Result<Self, DataError> {
        let pinyin = OwnedFile::read(&dir.join(paths::file_name(paths::PINYIN)))?;
        let phrases = OwnedFile::read(&dir.join(paths::file_name(paths::PHRASES)))?;
        Self::from_files(MandarinFiles {
            pinyin: pinyin.file(),
            phrases: phrases.file(),
            jieba: None,
        })
    }

    /// Parses the dictionaries from the files' contents (see [`MandarinFiles`]).
    pub fn from_files(files: MandarinFiles<'_>) -> Result<Self, DataError> {
        // jieba-rs builds its dictionary (~0.1 s) while pypinyin's are parsed; startup takes the
        // longer of the two rather than their sum.
        let (dict, jieba) = crate::join(
            || pinyin::Dict::from_files(files.pinyin, files.phrases),
            || segment::jieba(files.jieba),
        );
        Ok(Self {
            dict: dict?,
            jieba: jieba?,
            simplifier: traditional::Simplifier::new(),
        })
    }

    /// Number of phrases and characters in the loaded pinyin dictionaries.
    pub fn dictionary_sizes(&self) -> (usize, usize) {
        self.dict.sizes()
    }

    /// Phonemizes Chinese text; `english` reads Latin runs.
    pub fn phonemize(&self, text: &str, english: &dyn Fn(&str) -> Utterance) -> Utterance {
        self.phonemize_with(text, english, Options::default())
    }

    /// Phonemizes Chinese text with explicit [`Options`].
    pub fn phonemize_with(
        &self,
        text: &str,
        english: &dyn Fn(&str) -> Utterance,
        options: Options,
    ) -> Utterance {
        let strict = options.strict_misaki;
        if text.chars().all(is_py_space) {
            return Utterance::default();
        }
        let mut chars = numbers::transform(&traced::trace(text));
        if !strict {
            chars = numbers::spell_leftover_digits(&chars);
            self.simplifier.simplify(&mut chars);
        }
        let chars = punctuation::map(&chars);

        let is_han = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c) || (!strict && c == '〇');
        let mut out = Output {
            tokens: Vec::new(),
            kinds: Vec::new(),
            strict,
        };
        let mut start = 0;
        while start < chars.len() {
            let han = is_han(chars[start].c);
            let end = chars[start..]
                .iter()
                .position(|ch| is_han(ch.c) != han)
                .map_or(chars.len(), |n| start + n);
            let run = &chars[start..end];
            if han {
                self.han_run(run, &mut out);
            } else {
                other_run(run, english, &mut out);
            }
            start = end;
        }
        if !strict {
            out.space_latin_words();
        }
        Utterance { tokens: out.tokens }
    }

    /// A run of Han characters: jieba words, each one token, separated by single spaces.
    fn han_run(&self, run: &[Ch], out: &mut Output) {
        let letters: Vec<char> = run.iter().map(|ch| ch.c).collect();
        let words = segment::words(&self.jieba, &letters);
        let mut word = String::new();
        for (n, range) in words.iter().enumerate() {
            word.clear();
            word.extend(&letters[range.clone()]);
            let mut phonemes = String::with_capacity(word.len() * 2);
            // A character without any reading adds nothing (misaki raises on it).
            self.dict.word(&word, &mut phonemes);
            out.push(
                phonemes,
                source(&run[range.clone()]),
                n + 1 < words.len(),
                Kind::Han,
            );
        }
    }
}

/// Tokens being built, with their kinds alongside.
struct Output {
    tokens: Vec<Token>,
    kinds: Vec<Kind>,
    strict: bool,
}

impl Output {
    fn push(
        &mut self,
        phonemes: String,
        source: std::ops::Range<usize>,
        space_after: bool,
        kind: Kind,
    ) {
        self.tokens.push(Token {
            phonemes,
            source,
            space_after,
        });
        self.kinds.push(kind);
    }

    /// Whitespace between tokens. misaki keeps it verbatim and the model was trained on that, so
    /// runs of plain spaces are kept in both modes (a single one as `space_after`, more inside the
    /// previous token). Other whitespace (line breaks, tabs) is kept in strict mode only; by default
    /// it becomes one space, since the vocabulary has no symbol for it.
    fn whitespace(&mut self, ws: &[Ch]) {
        let spaces = ws.iter().all(|ch| ch.c == ' ');
        let text = if spaces || self.strict {
            traced::string(ws)
        } else {
            " ".to_string()
        };
        match self.tokens.last_mut() {
            Some(last) if !last.space_after && text == " " => last.space_after = true,
            Some(last) => last.phonemes.push_str(&text),
            None if self.strict => self.push(text, source(ws), false, Kind::Mark),
            None => {}
        }
    }

    /// In the default mode an English word needs spaces on both sides wherever it touches another
    /// word, or the model runs it into its Chinese neighbours.
    fn space_latin_words(&mut self) {
        for i in 1..self.tokens.len() {
            let (before, after) = (self.kinds[i - 1], self.kinds[i]);
            let words = before != Kind::Mark && after != Kind::Mark;
            if words && (before == Kind::Latin || after == Kind::Latin) {
                self.tokens[i - 1].space_after = true;
            }
        }
    }
}

/// A run without Han characters: punctuation, spaces, Latin words, anything else.
fn other_run(run: &[Ch], english: &dyn Fn(&str) -> Utterance, out: &mut Output) {
    let mut i = 0;
    while i < run.len() {
        let c = run[i].c;
        if is_py_space(c) {
            let end = run[i..]
                .iter()
                .position(|ch| !is_py_space(ch.c))
                .map_or(run.len(), |n| i + n);
            out.whitespace(&run[i..end]);
            i = end;
        } else if !out.strict && is_latin_letter(c) {
            let end = latin_stretch(run, i);
            read_latin(&run[i..end], english, out);
            i = end;
        } else if c.is_alphanumeric() {
            let end = run[i..]
                .iter()
                .position(|ch| !ch.c.is_alphanumeric())
                .map_or(run.len(), |n| i + n);
            push_verbatim(&run[i..end], out);
            i = end;
        } else {
            push_verbatim(&run[i..i + 1], out);
            i += 1;
        }
    }
}

/// Copies characters through as one token. misaki's final `.replace(chr(815), '')` removes the
/// non-syllabic mark U+032F everywhere, copied text included.
fn push_verbatim(chars: &[Ch], out: &mut Output) {
    let text: String = chars
        .iter()
        .map(|ch| ch.c)
        .filter(|&c| c != '\u{32F}')
        .collect();
    if text.is_empty() {
        return;
    }
    out.push(text, source(chars), false, Kind::Mark);
}

/// Letters the English front end can read.
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (('\u{C0}'..='\u{24F}').contains(&c) && c.is_alphabetic())
}

/// End of the English stretch starting at `start`: Latin words with the digits, apostrophes,
/// hyphens, dots and single spaces between them ("Mr. Smith", "don't", "GPT-4"), ending on a
/// letter or digit so trailing punctuation stays a mark.
fn latin_stretch(run: &[Ch], start: usize) -> usize {
    let mut end = start;
    for (i, ch) in run.iter().enumerate().skip(start) {
        let c = ch.c;
        if is_latin_letter(c) || c.is_ascii_digit() {
            end = i + 1;
        } else if !matches!(c, ' ' | '\'' | '’' | '-' | '.' | '&' | '_') {
            break;
        }
    }
    end
}

/// Sends an English stretch to the English front end, mapping its token spans back to the input.
fn read_latin(chars: &[Ch], english: &dyn Fn(&str) -> Utterance, out: &mut Output) {
    let text = traced::string(chars);
    let read = english(&text);
    if read.tokens.iter().all(|t| t.phonemes.is_empty()) {
        // Nothing came back (no English front end): keep the words as misaki would rather than
        // dropping them silently.
        let mut words = split_words(chars).peekable();
        while let Some(word) = words.next() {
            let text: String = word.iter().map(|ch| ch.c).collect();
            out.push(text, source(word), words.peek().is_some(), Kind::Latin);
        }
        return;
    }
    let last = read.tokens.len() - 1;
    // Byte offset in `text` of each character, to turn English spans back into input spans.
    let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let to_chars = |byte: usize| offsets.partition_point(|&o| o < byte);
    for (n, token) in read.tokens.into_iter().enumerate() {
        let (from, to) = (
            to_chars(token.source.start),
            to_chars(token.source.end).max(to_chars(token.source.start) + 1),
        );
        let span = source(&chars[from.min(chars.len())..to.min(chars.len())]);
        let span = if span.is_empty() { source(chars) } else { span };
        // What follows the stretch decides the space after its last word (see space_latin_words).
        out.push(
            token.phonemes,
            span,
            token.space_after && n < last,
            Kind::Latin,
        );
    }
}

/// The space-separated words of a stretch.
fn split_words(chars: &[Ch]) -> impl Iterator<Item = &[Ch]> {
    chars.split(|ch| ch.c == ' ').filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::OnceLock;

    use super::*;

    /// The real dictionaries, from the asset folder `make setup` fills.
    fn g2p() -> &'static G2p {
        static G2P: OnceLock<G2p> = OnceLock::new();
        G2P.get_or_init(|| {
            let home = std::env::var_os("TTS_HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|| {
                    PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                        .join(".cache/tts-server")
                });
            let dir = home.join("text/pypinyin");
            G2p::load(&dir).unwrap_or_else(|e| panic!("{e}: run make setup"))
        })
    }

    fn no_english(_: &str) -> Utterance {
        Utterance::default()
    }

    fn fake_english(text: &str) -> Utterance {
        let tokens = text
            .split(' ')
            .scan(0, |at, word| {
                let start = *at;
                *at += word.len() + 1;
                Some(Token {
                    phonemes: format!("<{word}>"),
                    source: start..start + word.len(),
                    space_after: true,
                })
            })
            .collect();
        Utterance { tokens }
    }

    fn strict(text: &str) -> String {
        g2p()
            .phonemize_with(
                text,
                &no_english,
                Options {
                    strict_misaki: true,
                },
            )
            .phonemes()
    }

    fn check(input: &str, expected: &str) {
        assert_eq!(strict(input), expected, "input {input:?}");
    }

    fn check_default(input: &str, expected: &str) {
        assert_eq!(
            g2p().phonemize(input, &fake_english).phonemes(),
            expected,
            "input {input:?}"
        );
    }

    // Expected strings below are misaki 0.9.4's output (scripts/reference/zh_reference.py).
    #[test]
    fn hello_world() {
        check("你好，世界。", "ni↓xau↓, ʂɨ↘ʨje↘.");
    }

    #[test]
    fn words_are_separated_by_single_spaces() {
        // jieba: 中国人民银行 / 行长; pypinyin reads 行长 as a phrase: xíng zhǎng.
        check("中国人民银行行长", "ꭧʊ→ŋkwo↗ɻə↗nmi↗ni↗nxa↗ŋ ɕi↗ŋꭧa↓ŋ");
    }

    #[test]
    fn numbers_are_read_in_chinese() {
        check("2025年3月15日", "ɚ↘li↗ŋɚ↘ u↓njɛ↗n sa→nɥe↘ ʂɨ↗u↓ɻɨ↘");
    }

    #[test]
    fn latin_is_copied_in_strict_mode() {
        check("我用Debian写代码。", "wo↓jʊ↘ŋDebianɕje↓ tai↘ma↓.");
    }

    #[test]
    fn latin_is_read_in_english_by_default() {
        check_default(
            "我在用 Debian 和 GitHub 写代码。",
            "wo↓ ʦai↘ jʊ↘ŋ <Debian> xɤ↗ <GitHub> ɕje↓ tai↘ma↓.",
        );
        check_default("我用Debian写。", "wo↓jʊ↘ŋ <Debian> ɕje↓.");
        check_default("他说Hello world。", "tʰa→ ʂwo→ <Hello> <world>.");
    }

    #[test]
    fn traditional_text_reads_like_simplified_by_default() {
        // misaki reads 樂 as lè and 覺 as jué here; through 音乐 / 睡觉 the phrases are found.
        check("我聽音樂睡覺。", "wo↓ tʰi→ŋ i→nlɤ↘ ʂwei↘ʨɥe↗.");
        check_default("我聽音樂睡覺。", "wo↓ tʰi→ŋ i→nɥe↘ ʂwei↘ʨjau↘.");
    }

    #[test]
    fn whitespace_only_and_empty_input_give_nothing() {
        for input in ["", " ", "\u{3000}\n"] {
            assert!(g2p().phonemize(input, &no_english).tokens.is_empty());
            assert_eq!(strict(input), "");
        }
    }

    #[test]
    fn tokens_point_at_the_original_characters() {
        let text = "今年是2025年，好！";
        let utterance = g2p().phonemize(text, &no_english);
        for token in &utterance.tokens {
            assert!(text.get(token.source.clone()).is_some(), "{token:?}");
        }
        // jieba cuts 二零二五年 as 二零二 / 五年; the spans still tile the input in order.
        let covered: Vec<&str> = utterance
            .tokens
            .iter()
            .map(|t| &text[t.source.clone()])
            .collect();
        assert_eq!(covered, ["今年", "是", "202", "5年", "，", "好", "！"]);
    }
}
