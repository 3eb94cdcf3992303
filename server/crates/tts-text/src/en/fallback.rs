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
use super::Dialect;

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
/// espeak-ng's tens, 20..=90.
const ESPEAK_TENS: [&str; 8] = ["twˈɛnti", "θˈɜɹTi", "fˈɔɹTi", "fˈɪfti", "sˈɪksti", "sˈɛvənti", "ˈATi", "nˈInti"];

/// espeak-ng's reading of 0..=99 (as in a clock time).
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

    /// Phonemes for an unknown token, or `None` when it has nothing to pronounce. `all_marks`
    /// (strict-misaki mode) keeps every punctuation mark espeak-ng keeps, `[]{}«»¡¿` included,
    /// which Kokoro has no symbols for; otherwise only those it has.
    pub(crate) fn read(&self, lexicon: &Lexicon, text: &str, all_marks: bool) -> Option<String> {
        let kept = |c: &char| is_kept_mark(*c) || (all_marks && "[]{}«»¡¿".contains(*c));
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
        // Runs of letters and digits, joined the way espeak-ng joins the parts of one word (misaki
        // sends a whole unknown word group to it, "cert.patch", "usr/share", "Jr.").
        let mut out = String::new();
        let mut rest = text;
        let mut first = true;
        while let Some(start) = rest.find(|c: char| c.is_alphanumeric()) {
            let sep = &rest[..start];
            rest = &rest[start..];
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let before = if first { String::new() } else { joiner(sep, &kept, digits > 0) };
            let ps = if digits > 0 {
                let ps = cardinal(&rest[..digits]);
                rest = &rest[digits..];
                ps
            } else {
                let len = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
                let len = len.max(rest.chars().next().map_or(1, char::len_utf8));
                let run = &rest[..len];
                rest = &rest[len..];
                // A possessive or plural "'s" ("Hitchhiker's", "goto's"): espeak-ng voices it as
                // the end of the word, not the letter S.
                if matches!(run, "s" | "S") && !out.is_empty() && matches!(sep, "'" | "’") {
                    out.push_str(possessive_s(&out));
                    continue;
                }
                match self.letters(lexicon, run) {
                    Some(ps) if !ps.is_empty() => ps,
                    _ => continue,
                }
            };
            if first {
                out.extend(sep.chars().filter(kept));
                for name in sep.chars().filter_map(symbol_name) {
                    out.push_str(name);
                    out.push(' ');
                }
                first = false;
            } else {
                out.push_str(&before);
            }
            out.push_str(&ps);
        }
        if out.is_empty() {
            return None;
        }
        for name in rest.chars().filter_map(symbol_name) {
            out.push(' ');
            out.push_str(name);
        }
        out.extend(rest.chars().filter(kept));
        Some(out)
    }

    /// A run of letters: the lexicons, then CMUdict (both also without accents: "café" →
    /// "cafe"), then letter-to-sound rules. Acronyms (all caps) and runs without a vowel letter
    /// ("mph", "shh") are spelled, as misaki and espeak spell them.
    fn letters(&self, lexicon: &Lexicon, run: &str) -> Option<String> {
        let plain: String = run.chars().filter_map(base_letter).collect();
        // One letter alone inside a group ("u8", "x86") is said by its name, as espeak-ng does.
        if plain.len() == 1 && run.chars().count() == 1 {
            return lexicon.spell(&plain);
        }
        for word in [run, plain.as_str()] {
            if lexicon.has(word) {
                return lexicon.lookup(word, None, None, None);
            }
        }
        if !is_acronym(run) && has_vowel_letter(&plain) {
            let read = if self.rules_first() {
                particle(&plain)
                    .map(str::to_string)
                    .or_else(|| self.lts.read(&plain))
                    .or_else(|| self.dictionary(run))
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

/// Short words outside misaki's lexicons that the letter-to-sound rules misread and espeak-ng
/// reads from its own word list: name particles, frequent in attributions ("Antoine de
/// Saint-Exupery"), and the day and month abbreviations of dates ("Thu, 05 Feb 2023"). Their
/// readings are espeak-ng's, as misaki maps them.
fn particle(word: &str) -> Option<&'static str> {
    Some(match word.to_ascii_lowercase().as_str() {
        "thu" | "thur" => "θˈɜɹ",
        "fri" => "fɹˈI",
        "feb" => "fˈɛb",
        "apr" => "ˈæpɹə",
        "jul" => "ʤˈʌl",
        "de" => "də",
        "der" => "dˈɛɹ",
        "di" => "di",
        "das" => "dˈæs",
        "des" => "dˈɛs",
        "af" => "ˈæf",
        "ibn" => "ˈɪbən",
        _ => return None,
    })
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

/// A digit run as espeak-ng reads it inside a word misaki sends to it ("x86_64", "2.13.0",
/// "19:58:36"): "hundred" glued to its digit, no "and"; leading zeros read as "zero", glued.
/// Past the millions, digit by digit.
fn cardinal(digits: &str) -> String {
    let zeros = digits.bytes().take_while(|&b| b == b'0').count();
    let rest = &digits[zeros..];
    if rest.is_empty() {
        // All zeros: one "zero" each, apart ("00").
        return vec![ESPEAK_SMALL[0]; zeros].join(" ");
    }
    // Leading zeros are glued together ("007": zˈiəɹOzˈiəɹO sˈɛvən).
    let mut out = ESPEAK_SMALL[0].repeat(zeros);
    let words = match rest.parse::<u64>() {
        Ok(n) if n < 1_000_000_000 => espeak_cardinal(n),
        _ => rest.bytes().map(|b| ESPEAK_SMALL[usize::from(b - b'0')]).collect::<Vec<_>>().join(" "),
    };
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(&words);
    out
}

fn espeak_cardinal(n: u64) -> String {
    let (millions, thousands, units) = (n / 1_000_000, n / 1000 % 1000, n % 1000);
    let mut parts: Vec<String> = Vec::new();
    if millions > 0 {
        parts.push(format!("{} mˈɪliən", espeak_below_1000(millions)));
    }
    if thousands > 0 {
        parts.push(format!("{} θˈWzənd", espeak_below_1000(thousands)));
    }
    if units > 0 || parts.is_empty() {
        parts.push(espeak_below_1000(units));
    }
    parts.join(" ")
}

fn espeak_below_1000(n: u64) -> String {
    let (hundreds, rest) = ((n / 100) as usize, (n % 100) as usize);
    match (hundreds, rest) {
        (0, r) => espeak_number(r),
        (h, 0) => format!("{}hˈʌndɹɪd", ESPEAK_SMALL[h]),
        (h, r) => format!("{}hˈʌndɹɪd {}", ESPEAK_SMALL[h], espeak_number(r)),
    }
}

/// The sound of "'s" after `ps`, as misaki's -s stemming gives it: s after a voiceless consonant,
/// ᵻz after a sibilant, z otherwise.
fn possessive_s(ps: &str) -> &'static str {
    match ps.chars().rev().find(|&c| c != 'ˈ' && c != 'ˌ') {
        Some('p' | 't' | 'k' | 'f' | 'θ') => "s",
        Some('s' | 'z' | 'ʃ' | 'ʒ' | 'ʧ' | 'ʤ') => "ᵻz",
        _ => "z",
    }
}

/// Punctuation that espeak-ng, called by misaki through phonemizer with `preserve_punctuation`,
/// keeps in its output, glued where it was. phonemizer keeps `[]{}«»¡¿` too, but Kokoro has no
/// symbol for them (they are dropped before the model either way), so we leave them out.
fn is_kept_mark(c: char) -> bool {
    ";:,.!?—…\"“”()".contains(c)
}

/// misaki's English phonemes (US and GB), v1.0's `T` and the stress marks: what the front end
/// speaks with everywhere else, all of them in Kokoro's vocabulary.
#[cfg(any(feature = "espeak", test))]
fn is_english_phoneme(c: char) -> bool {
    "AIOQWYTabdfhijklmnpstuvwzæðŋɑɐɒɔəɛɜɡɪɹɾʃʊʌʒʔʤʧˈˌːθᵊᵻ".contains(c)
}

/// A reading by libespeak-ng (feature `espeak`, its language flags already left out) kept to what
/// Kokoro can say in English, for the default mode. misaki keeps whatever espeak-ng gives, and for
/// letters of other scripts that is the letter's name with leftovers Kokoro has no symbol for
/// ("dˈæl1" for the Arabic د) or another language's phonemes ("sɪmbʧʰ" in the Armenian voice);
/// every symbol that is no English phoneme, space or kept mark goes (`[]{}«»¡¿` too).
#[cfg(any(feature = "espeak", test))]
fn kokoro_english(ps: &str) -> String {
    ps.chars()
        .filter(|&c| is_english_phoneme(c) || c == ' ' || is_kept_mark(c))
        .collect()
}

/// Symbols espeak-ng names inside a word, as misaki maps its readings.
fn symbol_name(c: char) -> Option<&'static str> {
    Some(match c {
        '/' => "slˈæʃ",
        '@' => "æt",
        '+' => "plˈʌs",
        '=' => "ˈikwᵊlz",
        '#' => "hˈæʃ",
        '*' => "ˈæstəɹɹˌɪsk",
        '&' => "ənd",
        '~' => "tˈɪldə",
        _ => return None,
    })
}

/// What espeak-ng puts between two runs of letters or digits for the characters `sep` between
/// them: named symbols with spaces around, kept punctuation glued, nothing for a hyphen or an
/// apostrophe (one word) unless digits follow, a space otherwise (between letters and digits,
/// "_").
fn joiner(sep: &str, kept: &impl Fn(&char) -> bool, digits_next: bool) -> String {
    let names: Vec<&str> = sep.chars().filter_map(symbol_name).collect();
    if !names.is_empty() {
        return format!(" {} ", names.join(" "));
    }
    let marks: String = sep.chars().filter(kept).collect();
    if !marks.is_empty() {
        return marks;
    }
    if !sep.is_empty() && !digits_next && sep.chars().all(|c| matches!(c, '-' | '\'' | '‘' | '’')) {
        String::new()
    } else {
        " ".to_string()
    }
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

// The `espeak` feature's hooks, at the end of the file (see the end of mod.rs for why).

/// What `G2p` reads unknown words with: [`Unknown`] itself, or with the `espeak` feature
/// libespeak-ng first.
#[cfg(not(feature = "espeak"))]
pub(crate) type Reader = Unknown;

/// Loading the English G2P: the identity, or with the `espeak` feature, also libespeak-ng (an error
/// if it is missing, rather than a silent difference later). `$cmudict` is the loaded CMUdict.
#[cfg(not(feature = "espeak"))]
macro_rules! with_library {
    ($cmudict:expr) => {
        $cmudict
    };
}
#[cfg(feature = "espeak")]
macro_rules! with_library {
    ($cmudict:expr) => {
        $cmudict.and_then(|c| {
            crate::en::espeak::Espeak::get()
                .map(|_| c)
                .map_err(|e| crate::DataError::named("libespeak-ng", e))
        })
    };
}
pub(crate) use with_library;

/// [`Unknown`], asking libespeak-ng first, as misaki does (feature `espeak`).
#[cfg(feature = "espeak")]
pub(crate) struct Reader {
    rules: Unknown,
    espeak: &'static super::espeak::Espeak,
}

#[cfg(feature = "espeak")]
impl Reader {
    /// Called after [`with_library`] has loaded the library.
    pub(crate) fn new(cmudict: Option<CmuDict>, dialect: Dialect) -> Self {
        Self {
            rules: Unknown::new(cmudict, dialect),
            espeak: super::espeak::Espeak::get().expect("loaded by with_library! first"),
        }
    }

    pub(crate) fn has_cmudict(&self) -> bool {
        self.rules.has_cmudict()
    }

    /// Which reader the rules would use (the names report); espeak reads every word these name.
    pub(crate) fn source(&self, lexicon: &Lexicon, word: &str) -> super::WordSource {
        self.rules.source(lexicon, word)
    }

    /// misaki's fallback: libespeak-ng's reading as misaki makes it. Strict mode takes that as it
    /// is (also nothing); otherwise only what the English front end speaks with stays (see
    /// [`kokoro_english`]), and a token espeak says nothing for is read by the rules, never dropped.
    pub(crate) fn read(&self, lexicon: &Lexicon, text: &str, all_marks: bool) -> Option<String> {
        let ps = self.espeak.fallback(text, self.rules.dialect, all_marks);
        if all_marks {
            return ps;
        }
        ps.map(|ps| kokoro_english(&ps))
            .filter(|ps| ps.chars().any(char::is_alphabetic))
            .or_else(|| self.rules.read(lexicon, text, all_marks))
    }
}

#[cfg(test)]
mod tests {
    use super::kokoro_english;

    #[test]
    fn espeak_readings_keep_only_what_kokoro_says_in_english() {
        // The digit of espeak-ng's name for the Arabic letter د.
        assert_eq!(kokoro_english("ˈæɹəbɪkdˈæl1"), "ˈæɹəbɪkdˈæl");
        // The Armenian voice's phonemes English has not.
        assert_eq!(kokoro_english("ˌɑɹmˈiniənsɪmbʧʰfˈIv"), "ˌɑɹmˈiniənsɪmbʧfˈIv");
        // Parentheses around a reading stay, and so do the marks Kokoro has; `[]{}` go.
        assert_eq!(kokoro_english("(ˈækmɛd ˌɛlmˈɑmWdi)"), "(ˈækmɛd ˌɛlmˈɑmWdi)");
        assert_eq!(kokoro_english("[lˈɛvənʃtˌin], {a} (b"), "lˈɛvənʃtˌin, a (b");
    }
}
