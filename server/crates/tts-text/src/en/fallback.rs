//! What to say for a word neither the lexicons nor the rules know.
//!
//! misaki hands such words to espeak-ng (GPL, not linked here) and, failing that, drops them. We
//! never drop a word that has letters or digits in it: clock times are read the way misaki's
//! espeak fallback reads them ("7:30" → seven, a colon, thirty), digit runs are read as numbers,
//! letter runs are read by letter-to-sound rules learned from espeak-ng's readings (American
//! English; British looks them up in CMUdict first); only runs without a vowel letter ("mph",
//! "NFL") and acronyms are spelled with the lexicon's letter names.

use super::cmudict::CmuDict;
use super::lexicon::Lexicon;
use super::lts::Lts;
use super::{numbers, Dialect};

/// espeak-ng's readings of 0..=19 after misaki's espeak→misaki symbol mapping and the v1.0 flap
/// fix-up. They differ from the lexicon's for zero, eleven and the teens (stress on the first
/// syllable), and clock times reach misaki through espeak.
const ESPEAK_SMALL: [&str; 20] = [
    "zˈiəɹO",
    "wˈʌn",
    "tˈu",
    "θɹˈi",
    "fˈɔɹ",
    "fˈIv",
    "sˈɪks",
    "sˈɛvən",
    "ˈAt",
    "nˈIn",
    "tˈɛn",
    "ɪlˈɛvən",
    "twˈɛlv",
    "θˈɜɹtin",
    "fˈɔɹtin",
    "fˈɪftin",
    "sˈɪkstin",
    "sˈɛvəntˌin",
    "ˈAtin",
    "nˈIntin",
];
/// espeak-ng's tens, 20..=50.
const ESPEAK_TENS: [&str; 4] = ["twˈɛnti", "θˈɜɹTi", "fˈɔɹTi", "fˈɪfti"];

/// espeak-ng's reading of 0..=59 as in a clock time.
fn espeak_number(n: usize) -> String {
    if n < 20 {
        ESPEAK_SMALL[n].to_string()
    } else if n.is_multiple_of(10) {
        ESPEAK_TENS[n / 10 - 2].to_string()
    } else {
        format!("{} {}", ESPEAK_TENS[n / 10 - 2], ESPEAK_SMALL[n % 10])
    }
}

/// The unknown-word reader: CMUdict (when installed) for the dialect, then letter-to-sound
/// rules, then spelling.
pub(crate) struct Unknown {
    cmudict: Option<CmuDict>,
    lts: &'static Lts,
    dialect: Dialect,
}

impl Unknown {
    pub(crate) fn new(cmudict: Option<CmuDict>, dialect: Dialect) -> Self {
        Self {
            cmudict,
            lts: Lts::get(dialect),
            dialect,
        }
    }

    pub(crate) fn has_cmudict(&self) -> bool {
        self.cmudict.is_some()
    }

    /// Which source reads a single word that is not a number: see [`super::WordSource`].
    pub(crate) fn source(&self, lexicon: &Lexicon, word: &str) -> super::WordSource {
        use super::WordSource;
        let plain: String = word.chars().filter_map(base_letter).collect();
        if lexicon.has(word) || lexicon.has(&plain) {
            WordSource::Lexicon
        } else if is_acronym(word) || !has_vowel_letter(&plain) {
            WordSource::Spelled
        } else if self.rules_first() && self.lts.read(&plain).is_some() {
            WordSource::Rules
        } else if self.dictionary(word).or_else(|| self.dictionary(&plain)).is_some() {
            WordSource::CmuDict
        } else if self.lts.read(&plain).is_some() {
            WordSource::Rules
        } else {
            WordSource::Spelled
        }
    }

    /// American English reads unknown words by the letter-to-sound rules first: they are trained
    /// on espeak-ng's readings (as misaki maps them), which is what misaki says for a word outside
    /// its lexicons, and they agree with it on about 42% of the names CMUdict knows against 28% for
    /// CMUdict's own reading (issue 12, tests/en_web_agreement.rs). British English keeps CMUdict
    /// first (its rules are still trained on the lexicons).
    fn rules_first(&self) -> bool {
        self.dialect == Dialect::Us
    }

    fn dictionary(&self, word: &str) -> Option<String> {
        self.cmudict.as_ref()?.get(word, self.dialect)
    }

    /// Phonemes for an unknown token, or `None` when it has nothing to pronounce.
    pub(crate) fn read(&self, lexicon: &Lexicon, text: &str) -> Option<String> {
        if let Some(ps) = clock_time(text) {
            return Some(ps);
        }
        // The whole token first: CMUdict has apostrophes and hyphens ("o'brien", "should've").
        let whole: String = text
            .chars()
            .map(|c| if matches!(c, '‘' | '’') { '\'' } else { c })
            .collect();
        if !self.rules_first() && whole.chars().any(char::is_alphabetic) && !is_acronym(&whole) && has_vowel_letter(&whole) {
            if let Some(ps) = self.dictionary(&whole) {
                return Some(ps);
            }
        }
        let mut parts: Vec<String> = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find(|c: char| c.is_alphanumeric()) {
            rest = &rest[start..];
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 {
                parts.push(cardinal(lexicon, &rest[..digits]));
                rest = &rest[digits..];
                continue;
            }
            let len = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
            let len = len.max(rest.chars().next().map_or(1, char::len_utf8));
            let run = &rest[..len];
            rest = &rest[len..];
            if let Some(ps) = self.letters(lexicon, run).filter(|p| !p.is_empty()) {
                parts.push(ps);
            }
        }
        let joined = parts
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        (!joined.is_empty()).then_some(joined)
    }

    /// A run of letters: the lexicons, then CMUdict (both also without accents: "café" →
    /// "cafe"), then letter-to-sound rules. Acronyms (all caps) and runs without a vowel letter
    /// ("mph", "shh") are spelled, as misaki and espeak spell them.
    fn letters(&self, lexicon: &Lexicon, run: &str) -> Option<String> {
        let plain: String = run.chars().filter_map(base_letter).collect();
        for word in [run, plain.as_str()] {
            if lexicon.has(word) {
                return lexicon.lookup(word, None, None, None);
            }
        }
        if !is_acronym(run) && has_vowel_letter(&plain) {
            let read = if self.rules_first() {
                self.lts.read(&plain).or_else(|| self.dictionary(run))
            } else {
                self.dictionary(run)
                    .or_else(|| self.dictionary(&plain))
                    .or_else(|| self.lts.read(&plain))
            };
            if let Some(ps) = read {
                return Some(ps);
            }
        }
        lexicon.spell(&plain)
    }
}

/// Whether a word has a vowel letter to read it by (one letter alone is read by name).
fn has_vowel_letter(word: &str) -> bool {
    word.chars().count() == 1
        || word
            .chars()
            .any(|c| matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y'))
}

/// All-caps words ("NATO", "MIT") are acronyms: spelled, not read from CMUdict.
fn is_acronym(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() > 1 && word.chars().all(|c| !c.is_lowercase())
}

/// The ASCII letter an accented Latin letter is built on.
fn base_letter(c: char) -> Option<char> {
    use unicode_normalization::UnicodeNormalization;
    std::iter::once(c).nfd().find(char::is_ascii_alphabetic)
}

fn cardinal(lexicon: &Lexicon, digits: &str) -> String {
    let words = if numbers::fits(digits) {
        numbers::cardinal(digits)
    } else {
        digits
            .bytes()
            .map(|b| numbers::cardinal(&((b - b'0') as u32).to_string())[0])
            .collect()
    };
    words
        .iter()
        .filter(|&&w| w != "and")
        .filter_map(|w| lexicon.lookup(w, None, None, None))
        .collect::<Vec<_>>()
        .join(" ")
}

/// "H:MM" → hour, a colon, minutes (a leading zero read as "zero"), as misaki's espeak fallback
/// produces it.
fn clock_time(text: &str) -> Option<String> {
    let (h, m) = text.split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (hours, mins): (usize, usize) = (h.parse().ok()?, m.parse().ok()?);
    if hours > 59 || mins > 59 {
        return None;
    }
    let minutes = if m.starts_with('0') {
        format!("{} {}", ESPEAK_SMALL[0], ESPEAK_SMALL[mins])
    } else {
        espeak_number(mins)
    };
    Some(format!("{}:{minutes}", espeak_number(hours)))
}
