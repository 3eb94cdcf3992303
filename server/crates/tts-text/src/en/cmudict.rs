//! CMUdict (Carnegie Mellon Pronouncing Dictionary, BSD-2-Clause) as a second-chance lexicon for
//! words misaki's lexicons do not know, with its ARPAbet mapped to misaki's symbols.
//!
//! misaki sends such words to espeak-ng (GPL, not linked here). CMUdict knows ~126k words, many of
//! them names ("Lucas", "Ahmed", "Kenji") and inflected forms misaki's stemmer misses ("denied"),
//! so most unknown words get a dictionary pronunciation instead of being spelled.
//!
//! The file is kept as read and indexed by word; an entry is mapped only when it is asked for (it is
//! asked for rarely: only for words both misaki lexicons miss), which keeps loading cheap and lets
//! one file serve both dialects.
//!
//! The mapping was derived by comparing mapped CMUdict with misaki's gold lexicon on the ~33k
//! words both contain (scripts/reference/en_cmudict_eval.py): stress marks go right before the
//! vowel as misaki writes them, unstressed vowels are reduced the way the gold lexicon reduces them
//! (`ᵊ` in syllabic -al/-en, `ᵻ` in -ed/-es, `ə` for most non-final IH0), and American `t` flaps to
//! `ɾ` between a vowel and an unstressed vowel (later written `T` by the v1.0 fix-up).

use super::Dialect;
use crate::{DataError, DataFile};

/// CMUdict: lowercase word → its first pronunciation (ARPAbet, stress digits on vowels).
///
/// The index is a sorted array of byte offsets into the file, searched by binary search: building
/// it allocates nothing per word, so loading costs little more than reading the file.
pub(crate) struct CmuDict {
    text: String,
    index: Vec<Span>,
}

/// Where one entry sits in the file: the word is `start..word_end`, its phones
/// `phones_start..end`.
#[derive(Clone, Copy)]
struct Span {
    start: u32,
    word_end: u32,
    phones_start: u32,
    end: u32,
}

/// One ARPAbet phone: its base symbol and, for vowels, the stress digit (0, 1, 2).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Phone<'a> {
    base: &'a str,
    stress: Option<u8>,
}

impl Phone<'_> {
    fn is_vowel(self) -> bool {
        self.stress.is_some()
    }
}

const VOWELS: [&str; 15] = [
    "AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW",
];

/// The misaki symbol for an ARPAbet consonant.
fn consonant(base: &str) -> Option<&'static str> {
    Some(match base {
        "B" => "b",
        "CH" => "ʧ",
        "D" => "d",
        "DH" => "ð",
        "F" => "f",
        "G" => "ɡ",
        "HH" => "h",
        "JH" => "ʤ",
        "K" => "k",
        "L" => "l",
        "M" => "m",
        "N" => "n",
        "NG" => "ŋ",
        "P" => "p",
        "R" => "ɹ",
        "S" => "s",
        "SH" => "ʃ",
        "T" => "t",
        "TH" => "θ",
        "V" => "v",
        "W" => "w",
        "Y" => "j",
        "Z" => "z",
        "ZH" => "ʒ",
        _ => return None,
    })
}

/// Parses `AH0 B AW1 T` into phones; `None` if a symbol is not ARPAbet.
fn parse(phones: &str) -> Option<Vec<Phone<'_>>> {
    phones
        .split_ascii_whitespace()
        .map(|p| {
            let base = p.trim_end_matches(|c: char| c.is_ascii_digit());
            let digits = &p[base.len()..];
            if VOWELS.contains(&base) {
                let stress = match digits {
                    "0" => 0,
                    "1" => 1,
                    "2" => 2,
                    _ => return None,
                };
                Some(Phone {
                    base,
                    stress: Some(stress),
                })
            } else if digits.is_empty() && consonant(base).is_some() {
                Some(Phone { base, stress: None })
            } else {
                None
            }
        })
        .collect()
}

fn mark(stress: u8) -> &'static str {
    match stress {
        1 => "ˈ",
        2 => "ˌ",
        _ => "",
    }
}

/// American English in misaki's US symbols.
fn to_us(phones: &[Phone<'_>]) -> String {
    let n = phones.len();
    let mut ph: Vec<Phone<'_>> = phones.to_vec();
    // A word-final long vowel with secondary stress ("-ity" IY2, "-o" OW2) is unstressed in gold.
    if let Some(last) = ph.last_mut() {
        if last.stress == Some(2) && matches!(last.base, "IY" | "OW" | "UW") {
            last.stress = Some(0);
        }
    }
    let mut out = String::with_capacity(n * 3);
    let mut i = 0;
    while i < n {
        let p = ph[i];
        let prev = i.checked_sub(1).map(|j| ph[j]);
        let next = ph.get(i + 1).copied();
        let rest = ph.get(i + 2..).unwrap_or(&[]);
        let next_base = next.map(|p| p.base);
        let Some(s) = p.stress else {
            let c = consonant(p.base).unwrap_or("");
            // Flap: t after a vowel or r, before an unstressed vowel ("better", "city").
            let flaps = p.base == "T"
                && prev.is_some_and(|q| q.is_vowel() || q.base == "R")
                && next.is_some_and(|q| q.stress == Some(0));
            if flaps {
                // "-tten"/"-tan" at the end after a vowel: gold writes a glottal stop and a
                // syllabic n ("button" bˈʌʔn).
                if next_base == Some("AH")
                    && rest.len() == 1
                    && rest[0].base == "N"
                    && prev.is_some_and(Phone::is_vowel)
                {
                    out.push_str("ʔn");
                    break;
                }
                out.push('ɾ');
            } else {
                out.push_str(c);
            }
            i += 1;
            continue;
        };
        out.push_str(mark(s));
        let after_consonant = prev.is_some_and(|q| !q.is_vowel() && !matches!(q.base, "R" | "Y" | "W"));
        let rest_starts_vowel = rest.first().is_some_and(|q| q.is_vowel());
        let v = match (p.base, s) {
            ("AH", 0) => {
                if next_base == Some("D") && rest.is_empty() && prev.is_some() {
                    "ᵻ"
                } else if after_consonant && next_base == Some("L") && rest.is_empty() {
                    // Syllabic l at the end: "able" ˈAbᵊl.
                    "ᵊ"
                } else if after_consonant
                    && next_base == Some("N")
                    && prev.is_some_and(|q| matches!(q.base, "T" | "D" | "S" | "Z"))
                    && !rest_starts_vowel
                {
                    // Syllabic n after an alveolar: "mountain" mˈWntᵊn, "abandoned".
                    "ᵊ"
                } else {
                    "ə"
                }
            }
            ("AH", _) => "ʌ",
            ("ER", 0) => "əɹ",
            ("ER", _) => "ɜɹ",
            ("IH", 0) => {
                if matches!(next_base, Some("D" | "Z")) && rest.is_empty() {
                    "ᵻ"
                } else if next_base.is_none() || next_base == Some("NG") {
                    "ɪ"
                } else if ph[i + 1..].iter().any(|q| q.is_vowel()) {
                    // Unstressed i in a non-final syllable is mostly schwa in gold.
                    "ə"
                } else if rest.is_empty() && matches!(next_base, Some("S" | "T" | "N")) {
                    "ə"
                } else {
                    "ɪ"
                }
            }
            ("UW", 0) if prev.is_some() && next.is_some_and(Phone::is_vowel) => "əw",
            ("AA", 0) if next.is_none() => "ə",
            ("AY", _) if next_base == Some("R") => "Iə",
            ("AA", _) => "ɑ",
            ("AE", _) => "æ",
            ("AO", _) => "ɔ",
            ("AW", _) => "W",
            ("AY", _) => "I",
            ("EH", _) => "ɛ",
            ("EY", _) => "A",
            ("IH", _) => "ɪ",
            ("IY", _) => "i",
            ("OW", _) => "O",
            ("OY", _) => "Y",
            ("UH", _) => "ʊ",
            ("UW", _) => "u",
            _ => "",
        };
        out.push_str(v);
        i += 1;
    }
    out
}

/// British English in misaki's GB symbols: non-rhotic (an r is kept only before a vowel), long
/// vowels marked, no flap, secondary stress only before the primary (gb_gold has almost none
/// after it), unstressed i short inside a word, syllabic `ᵊ` before a final l or n.
fn to_gb(phones: &[Phone<'_>]) -> String {
    let n = phones.len();
    let mut out = String::with_capacity(n * 3);
    let mut seen_primary = false;
    for (i, &p) in phones.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| phones[j]);
        let next = phones.get(i + 1).copied();
        let next_is_vowel = next.is_some_and(Phone::is_vowel);
        let after_next_is_vowel = phones.get(i + 2).is_some_and(|q| q.is_vowel());
        let r_is_silent = next.is_some_and(|q| q.base == "R") && !after_next_is_vowel;
        let Some(written) = p.stress else {
            if p.base != "R" || next_is_vowel {
                out.push_str(consonant(p.base).unwrap_or(""));
            }
            continue;
        };
        let s = if written == 2 && seen_primary { 0 } else { written };
        seen_primary |= s == 1;
        out.push_str(mark(s));
        let after_consonant = prev.is_some_and(|q| !q.is_vowel() && !matches!(q.base, "R" | "Y" | "W"));
        let long = written != 0;
        let v = match (p.base, s) {
            ("AH", 0) => {
                if after_consonant && next.is_some_and(|q| matches!(q.base, "L" | "N")) && !after_next_is_vowel {
                    "ᵊ"
                } else {
                    "ə"
                }
            }
            ("AH", _) => "ʌ",
            ("ER", 0) if next_is_vowel => "əɹ",
            ("ER", 0) => "ə",
            ("ER", _) if next_is_vowel => "ɜːɹ",
            ("ER", _) => "ɜː",
            ("AA", _) if r_is_silent => "ɑː",
            ("AO", _) => "ɔː",
            ("EH", _) if r_is_silent => "ɛː",
            ("IH" | "IY", _) if r_is_silent => "ɪə",
            ("UH", _) if r_is_silent => "ʊə",
            ("IY", 0) if next.is_some() => "ɪ",
            ("AA", _) => "ɒ",
            ("AE", _) => "a",
            ("AW", _) => "W",
            ("AY", _) => "I",
            ("EH", _) => "ɛ",
            ("EY", _) => "A",
            ("IH", _) => "ɪ",
            ("IY", _) if long => "iː",
            ("IY", _) => "i",
            ("OW", _) => "Q",
            ("OY", _) => "Y",
            ("UH", _) => "ʊ",
            ("UW", _) if long => "uː",
            ("UW", _) => "u",
            _ => "",
        };
        out.push_str(v);
    }
    out
}

impl CmuDict {
    /// Indexes the contents of a `cmudict.dict` file.
    pub(crate) fn from_file(file: DataFile<'_>) -> Result<Self, DataError> {
        Self::parse(file.text()?.to_owned()).map_err(|reason| DataError::named(file.name, reason))
    }

    /// Indexes the text of a `cmudict.dict` file: `word PH PH ...`, optional `# comment`,
    /// alternative pronunciations as `word(2)` (skipped: the first is the common one).
    fn parse(text: String) -> Result<Self, String> {
        if u32::try_from(text.len()).is_err() {
            return Err("larger than 4 GiB".to_string());
        }
        let mut index = Vec::with_capacity(140_000);
        let mut offset = 0usize;
        for line in text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let body = line.split('#').next().unwrap_or("").trim_end();
            let Some((word, phones)) = body.split_once(' ') else {
                continue;
            };
            if word.ends_with(')') || word.is_empty() {
                continue;
            }
            let phones = phones.trim_start();
            let phones_start = start + (phones.as_ptr() as usize - line.as_ptr() as usize);
            // The file is below 4 GiB (checked above), so every offset fits.
            index.push(Span {
                start: start as u32,
                word_end: (start + word.len()) as u32,
                phones_start: phones_start as u32,
                end: (phones_start + phones.len()) as u32,
            });
        }
        // The file is sorted but not quite in byte order; a repeated word keeps its first entry.
        let word = |s: &Span| &text.as_bytes()[s.start as usize..s.word_end as usize];
        index.sort_by(|a, b| word(a).cmp(word(b)));
        index.dedup_by(|b, a| word(a) == word(b));
        if index.len() < 1000 {
            return Err(format!(
                "only {} entries: not a CMUdict file (one `word PH PH ...` per line)",
                index.len()
            ));
        }
        Ok(Self { text, index })
    }

    /// The pronunciation of `word` (any case) in misaki's symbols for `dialect`, if CMUdict has
    /// it.
    pub(crate) fn get(&self, word: &str, dialect: Dialect) -> Option<String> {
        let lower;
        let key = if word.chars().any(char::is_uppercase) {
            lower = word.to_lowercase();
            lower.as_str()
        } else {
            word
        };
        let found = self.index.binary_search_by(|s| self.word(s).cmp(key.as_bytes())).ok()?;
        let span = self.index[found];
        let phones = parse(self.text.get(span.phones_start as usize..span.end as usize)?)?;
        if phones.is_empty() {
            return None;
        }
        let ps = match dialect {
            Dialect::Us => to_us(&phones),
            Dialect::Gb => to_gb(&phones),
        };
        (!ps.is_empty()).then_some(ps)
    }

    fn word(&self, span: &Span) -> &[u8] {
        &self.text.as_bytes()[span.start as usize..span.word_end as usize]
    }

    /// Every word in the dictionary (for measuring the mapping against misaki's gold lexicon).
    #[cfg(test)]
    pub(crate) fn words(&self) -> impl Iterator<Item = &str> {
        self.index
            .iter()
            .map(|s| &self.text[s.start as usize..s.word_end as usize])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GB_MIN_EXACT: f64 = 0.54;

    fn us(arpabet: &str) -> String {
        to_us(&parse(arpabet).expect("valid ARPAbet"))
    }

    fn gb(arpabet: &str) -> String {
        to_gb(&parse(arpabet).expect("valid ARPAbet"))
    }

    #[test]
    fn maps_to_misaki_us_conventions() {
        assert_eq!(us("L UW1 K AH0 S"), "lˈukəs");
        assert_eq!(us("B AH1 T ER0"), "bˈʌɾəɹ");
        assert_eq!(us("B AH1 T AH0 N"), "bˈʌʔn");
        assert_eq!(us("P IH1 K S AH0 L"), "pˈɪksᵊl");
        assert_eq!(us("M AW1 N T AH0 N"), "mˈWntᵊn");
        assert_eq!(us("W AA1 N T IH0 D"), "wˈɑntᵻd");
        assert_eq!(us("AH0 B IH1 L AH0 T IY2"), "əbˈɪləɾi");
        assert_eq!(us("F AY1 R"), "fˈIəɹ");
        assert_eq!(us("R AY1 T IH0 NG"), "ɹˈIɾɪŋ");
        assert_eq!(us("D IH0 N AY1 D"), "dənˈId");
    }

    #[test]
    fn maps_to_misaki_gb_conventions() {
        assert_eq!(gb("K AA1 R"), "kˈɑː");
        assert_eq!(gb("B AH1 T ER0"), "bˈʌtə");
        assert_eq!(gb("HH IY1 R"), "hˈɪə");
        assert_eq!(gb("HH AH0 L OW1"), "həlˈQ");
        assert_eq!(gb("B ER1 D"), "bˈɜːd");
        assert_eq!(gb("S IY1"), "sˈiː");
        assert_eq!(gb("V EH1 R IY0"), "vˈɛɹi");
    }

    #[test]
    fn rejects_what_is_not_arpabet() {
        assert!(parse("B AH1 XX").is_none());
        assert!(parse("B AH T").is_none());
        assert!(parse("B7").is_none());
        assert!(CmuDict::parse("hello HH AH0 L OW1\n".to_string()).is_err());
    }

    /// Share of words both in CMUdict and misaki's gold lexicon whose mapped CMUdict reading
    /// equals gold exactly, and the phoneme error rate over all of them.
    fn agreement_with_gold(dialect: Dialect, gold_file: &str) -> (usize, f64, f64) {
        let home = std::env::var_os("TTS_HOME")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/tts-server")
            });
        let file = crate::OwnedFile::read(&home.join("text").join(crate::paths::CMUDICT))
            .unwrap_or_else(|e| panic!("{e}; run `make setup`"));
        let cmu = CmuDict::from_file(file.file()).unwrap_or_else(|e| panic!("{e}"));
        let path = home.join("text/misaki").join(gold_file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let gold: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&text).expect("gold lexicon is JSON");
        let (mut n, mut same, mut edits, mut chars) = (0usize, 0usize, 0usize, 0usize);
        for word in cmu.words() {
            let g = match gold.get(word) {
                Some(serde_json::Value::String(s)) => s.as_str(),
                Some(serde_json::Value::Object(m)) => match m.get("DEFAULT") {
                    Some(serde_json::Value::String(s)) => s.as_str(),
                    _ => continue,
                },
                _ => continue,
            };
            let Some(ours) = cmu.get(word, dialect) else {
                continue;
            };
            n += 1;
            same += usize::from(ours == g);
            let (a, b): (Vec<char>, Vec<char>) = (g.chars().collect(), ours.chars().collect());
            edits += levenshtein(&a, &b);
            chars += a.len();
        }
        (n, same as f64 / n as f64, edits as f64 / chars as f64)
    }

    fn levenshtein(a: &[char], b: &[char]) -> usize {
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, x) in a.iter().enumerate() {
            let mut cur = vec![i + 1];
            for (j, y) in b.iter().enumerate() {
                cur.push((prev[j] + usize::from(x != y)).min(prev[j + 1] + 1).min(cur[j] + 1));
            }
            prev = cur;
        }
        prev[b.len()]
    }

    /// The mapping's accuracy against misaki's own transcriptions (bars just under what it
    /// reaches; see the module comment for how the rules were derived).
    #[test]
    fn mapped_cmudict_agrees_with_misaki_gold() {
        let (n, exact, per) = agreement_with_gold(Dialect::Us, "us_gold.json");
        println!(
            "US: {n} words in both, {:.1}% identical, PER {:.2}%",
            exact * 100.0,
            per * 100.0
        );
        assert!(n > 30_000, "only {n} words in common");
        assert!(exact >= 0.68, "US exact match {exact:.3}");
        let (n, exact, per) = agreement_with_gold(Dialect::Gb, "gb_gold.json");
        println!(
            "GB: {n} words in both, {:.1}% identical, PER {:.2}%",
            exact * 100.0,
            per * 100.0
        );
        assert!(exact >= GB_MIN_EXACT, "GB exact match {exact:.3}");
    }

    #[test]
    fn indexes_the_first_pronunciation_and_ignores_comments() {
        let mut text = String::new();
        for i in 0..1200 {
            text.push_str(&format!("w{i} W AH1 N\n"));
        }
        text.push_str("lucas L UW1 K AH0 S # name\nlucas(2) L UW1 K AH0 Z\n");
        let d = CmuDict::parse(text).expect("parses");
        assert_eq!(d.get("Lucas", Dialect::Us).as_deref(), Some("lˈukəs"));
        assert_eq!(d.get("nope", Dialect::Us), None);
    }
}
