//! Letter-to-sound rules for words outside misaki's lexicons (mostly names: "Priya", "Kubla"),
//! so that they are read as words rather than spelled letter by letter.
//!
//! The model is a table trained by scripts/reference/en_lts_train.py: each letter's output (0–2
//! phoneme units, a unit being a symbol with its stress mark) is looked up by the letters around
//! it, in the widest context window the table has, down to the letter alone.
//!
//! American English (`lts_us.tsv`) is trained on espeak-ng's readings, mapped to misaki's symbols
//! exactly as misaki's espeak fallback maps them, of ~243k words (CMUdict's and the lexicons' keys;
//! scripts/reference/en_espeak_words.py): what misaki itself says for a word it does not know.
//! Only the learned table ships; espeak-ng is not linked. On every 20th word held out from
//! training it gets 57.5% of words exactly and 8.6% of phonemes wrong against espeak (issue 12).
//! British English (`lts_gb.tsv`) is still trained on the gold lexicon and CMUdict.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use super::lexicon::Fnv;
use super::stress::{is_vowel, PRIMARY, SECONDARY};
use super::Dialect;

/// Context windows (letters left, letters right), most general first; must match `LEVELS` in
/// en_lts_train.py.
const LEVELS: [(usize, usize); 8] = [(0, 0), (0, 1), (1, 1), (1, 2), (2, 2), (2, 3), (3, 3), (4, 4)];
/// Padding on either side of the word, as wide as the widest window.
const PAD: usize = 4;

static US_TABLE: &str = include_str!("lts_us.tsv");
static GB_TABLE: &str = include_str!("lts_gb.tsv");

type Table = HashMap<&'static str, &'static str, BuildHasherDefault<Fnv>>;

/// A trained table: for each level, context (`ab[c]de`) → output units (`-` for silence).
pub(crate) struct Lts {
    levels: Vec<Table>,
    /// Trained on espeak-ng's readings (American English): short words lose secondary stress.
    espeak: bool,
}

impl Lts {
    /// The model for `dialect`, parsed once per process.
    pub(crate) fn get(dialect: Dialect) -> &'static Lts {
        static US: OnceLock<Lts> = OnceLock::new();
        static GB: OnceLock<Lts> = OnceLock::new();
        match dialect {
            Dialect::Us => US.get_or_init(|| Self::parse(US_TABLE, true)),
            Dialect::Gb => GB.get_or_init(|| Self::parse(GB_TABLE, false)),
        }
    }

    /// Reads the table; malformed lines are skipped (the table is generated and compiled in, and a
    /// unit test checks that every line parses).
    fn parse(text: &'static str, espeak: bool) -> Self {
        let mut levels: Vec<Table> = (0..LEVELS.len()).map(|_| Table::default()).collect();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let mut fields = line.split('\t');
            let (Some(level), Some(ctx), Some(out)) = (fields.next(), fields.next(), fields.next()) else {
                continue;
            };
            if let Some(table) = level.parse::<usize>().ok().and_then(|l| levels.get_mut(l)) {
                table.insert(ctx, out);
            }
        }
        Self { levels, espeak }
    }

    /// Phonemes for a word of ASCII letters (any case), with one primary stress; `None` for
    /// anything else or when the rules give no vowel.
    pub(crate) fn read(&self, word: &str) -> Option<String> {
        if word.is_empty() || !word.bytes().all(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        let lower = word.to_ascii_lowercase();
        let mut padded = Vec::with_capacity(lower.len() + 2 * PAD);
        padded.extend_from_slice(&[b'#'; PAD]);
        padded.extend_from_slice(lower.as_bytes());
        padded.extend_from_slice(&[b'#'; PAD]);
        let mut key = String::with_capacity(2 * PAD + 3);
        // Each letter's output from the widest window that has one; `vowel_only` skips outputs
        // without a vowel (see below).
        let mut lookup = |j: usize, levels: usize, vowel_only: bool| -> Option<&'static str> {
            for (level, &(left, right)) in LEVELS.iter().enumerate().take(levels).rev() {
                key.clear();
                // The padded word is ASCII, so every byte is a char.
                key.extend(padded[j - left..j].iter().map(|&b| char::from(b)));
                key.push('[');
                key.push(char::from(padded[j]));
                key.push(']');
                key.extend(padded[j + 1..j + 1 + right].iter().map(|&b| char::from(b)));
                if let Some(&o) = self.levels[level].get(key.as_str()) {
                    if !vowel_only || o.chars().any(is_vowel) {
                        return Some(o);
                    }
                }
            }
            None
        };
        let mut outputs: Vec<&'static str> = (PAD..PAD + lower.len())
            .map(|j| lookup(j, LEVELS.len(), false).unwrap_or("-"))
            .collect();
        // The alignment sometimes gives a vowel's sound to its neighbour letter, so a rare
        // spelling ("quo-") can come out with no vowel at all: give such a run of vowel letters
        // the widest vowel-bearing reading one of its letters has.
        let is_vowel_letter = |b: u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
        let bytes = lower.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !is_vowel_letter(bytes[i]) {
                i += 1;
                continue;
            }
            let end = (i..bytes.len())
                .find(|&k| !is_vowel_letter(bytes[k]))
                .unwrap_or(bytes.len());
            if !outputs[i..end].iter().any(|o| o.chars().any(is_vowel)) {
                if let Some((k, o)) = (i..end).find_map(|k| lookup(PAD + k, LEVELS.len(), true).map(|o| (k, o))) {
                    outputs[k] = o;
                }
            }
            i = end;
        }
        let mut out = String::with_capacity(lower.len() * 3);
        // The letter each vowel symbol came from, in order.
        let mut vowel_letters: Vec<u8> = Vec::new();
        for (o, &letter) in outputs.iter().zip(bytes) {
            if *o != "-" {
                out.extend(o.split(' '));
                vowel_letters.extend(o.chars().filter(|&c| is_vowel(c)).map(|_| letter));
            }
        }
        if !out.chars().any(is_vowel) {
            return None;
        }
        let mut out = one_primary(&out);
        if self.espeak && out.contains("ˈə") {
            out = full_stressed_vowel(&out, &vowel_letters);
        }
        // espeak-ng gives a secondary stress to 1.5% of its two-vowel readings and 28% of its
        // three-vowel ones (against 63% and more from four on; counted on its ~243k training
        // readings), while the table, letter by letter, leaves secondaries in short words it
        // pieced together ("tˈulʧˌAn" for espeak's "tˈulʧAn").
        if self.espeak && out.chars().filter(|&c| is_vowel(c)).count() <= 3 {
            return Some(out.chars().filter(|&c| c != SECONDARY).collect());
        }
        Some(out)
    }
}

/// Exactly one primary stress: the first primary is kept and later ones become secondary; with
/// none, the first secondary is promoted, or the first vowel gets one.
/// espeak-ng never stresses a schwa (8 of its ~243k training readings), but the table can put the
/// word's only stress on one ("ˈələn" for espeak's "ˈælən", "Allen"): such a vowel takes its
/// letter's full (checked) vowel instead.
fn full_stressed_vowel(ps: &str, vowel_letters: &[u8]) -> String {
    let mut out = String::with_capacity(ps.len());
    let mut n = 0;
    let mut after_primary = false;
    for c in ps.chars() {
        if is_vowel(c) {
            let letter = vowel_letters.get(n).copied().unwrap_or(b'-');
            n += 1;
            if c == 'ə' && after_primary {
                out.push(match letter {
                    b'a' => 'æ',
                    b'e' => 'ɛ',
                    b'o' => 'ɑ',
                    b'u' => 'ʌ',
                    b'i' | b'y' => 'ɪ',
                    _ => c,
                });
                after_primary = false;
                continue;
            }
        }
        after_primary = c == PRIMARY;
        out.push(c);
    }
    out
}

fn one_primary(ps: &str) -> String {
    let mut out = String::with_capacity(ps.len() + 2);
    let primaries = ps.chars().filter(|&c| c == PRIMARY).count();
    if primaries == 0 {
        if let Some(i) = ps.find(SECONDARY) {
            out.push_str(&ps[..i]);
            out.push(PRIMARY);
            out.push_str(&ps[i + SECONDARY.len_utf8()..]);
        } else if let Some(i) = ps.find(is_vowel) {
            out.push_str(&ps[..i]);
            out.push(PRIMARY);
            out.push_str(&ps[i..]);
        } else {
            out.push_str(ps);
        }
        return out;
    }
    let mut seen = false;
    for c in ps.chars() {
        if c == PRIMARY {
            out.push(if seen { SECONDARY } else { PRIMARY });
            seen = true;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_line_parses() {
        for (name, text) in [("lts_us.tsv", US_TABLE), ("lts_gb.tsv", GB_TABLE)] {
            for line in text.lines().filter(|l| !l.starts_with('#')) {
                let fields: Vec<&str> = line.split('\t').collect();
                assert_eq!(fields.len(), 3, "{name}: {line:?}");
                let level: usize = fields[0].parse().expect("level");
                let (left, right) = LEVELS[level];
                assert_eq!(fields[1].len(), left + right + 3, "{name}: {line:?}");
            }
        }
    }

    #[test]
    fn names_are_read_as_words() {
        let lts = Lts::get(Dialect::Us);
        for name in ["priya", "Kubla", "Zorblatt", "Euell", "Brachamonte", "quorpt"] {
            let ps = lts.read(name).expect("a reading");
            assert_eq!(ps.matches(PRIMARY).count(), 1, "{name}: {ps}");
            assert!(
                ps.chars().all(|c| !c.is_ascii_uppercase() || "AIOWY".contains(c)),
                "{ps}"
            );
        }
        assert!(Lts::get(Dialect::Gb).read("Priya").is_some());
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        let lts = Lts::get(Dialect::Us);
        assert_eq!(lts.read(""), None);
        assert_eq!(lts.read("café"), None);
        assert_eq!(lts.read("a1"), None);
    }

    #[test]
    fn stress_is_normalised() {
        assert_eq!(one_primary("ˌabˌc"), "ˈabˌc");
        assert_eq!(one_primary("ˈaˈb"), "ˈaˌb");
        assert_eq!(one_primary("kæt"), "kˈæt");
    }
}
