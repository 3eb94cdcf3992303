//! Shared by the agreement tests: where the text data is, and how agreement with a reference
//! corpus (`sentence<TAB>phonemes`, `#` comments) is measured: phoneme error rate (character edit
//! distance over the reference phonemes, spaces ignored) and the share of identical sentences.

#![allow(dead_code)] // each test binary uses its own part

use std::path::PathBuf;

/// `$TTS_HOME/text/<sub>` (default `~/.cache/tts-server/text/<sub>`), where `make setup` puts it.
pub fn text_data_dir(sub: &str) -> PathBuf {
    let home = std::env::var_os("TTS_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/tts-server"));
    home.join("text").join(sub)
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Agreement of a phonemizer with a reference corpus.
pub struct Agreement {
    pub sentences: usize,
    pub identical: usize,
    pub errors: usize,
    pub reference_len: usize,
    /// (sentence, reference, ours) for each sentence that differs.
    pub mismatches: Vec<(String, String, String)>,
}

impl Agreement {
    /// Runs `phonemize` over every sentence of `corpus` and compares with the reference column.
    pub fn measure(corpus: &str, phonemize: impl Fn(&str) -> String) -> Agreement {
        let mut a = Agreement { sentences: 0, identical: 0, errors: 0, reference_len: 0, mismatches: Vec::new() };
        for line in corpus.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let (sentence, expected) = line.split_once('\t').unwrap_or_else(|| panic!("no tab in {line:?}"));
            let got = phonemize(sentence);
            let strip = |s: &str| s.chars().filter(|&c| c != ' ').collect::<Vec<char>>();
            let reference = strip(expected);
            a.sentences += 1;
            a.reference_len += reference.len();
            if got == expected {
                a.identical += 1;
            } else {
                a.errors += edit_distance(&reference, &strip(&got));
                a.mismatches.push((sentence.to_string(), expected.to_string(), got));
            }
        }
        a
    }

    /// Phoneme error rate.
    pub fn per(&self) -> f64 {
        self.errors as f64 / self.reference_len.max(1) as f64
    }

    /// Share of sentences identical to the reference.
    pub fn identical_share(&self) -> f64 {
        self.identical as f64 / self.sentences.max(1) as f64
    }

    /// Prints the figures (visible with `--nocapture`).
    pub fn print(&self, name: &str) {
        println!(
            "{name}: {} sentences, PER {:.3}% ({} edits / {} phonemes), identical {:.2}% ({}/{})",
            self.sentences,
            self.per() * 100.0,
            self.errors,
            self.reference_len,
            self.identical_share() * 100.0,
            self.identical,
            self.sentences
        );
    }

    /// Writes every differing sentence to the file named by the environment variable `var`, if set.
    pub fn write_diffs_if_asked(&self, var: &str) {
        let Some(path) = std::env::var_os(var) else { return };
        let text: String =
            self.mismatches.iter().map(|(s, expected, got)| format!("{s}\n  misaki: {expected}\n  ours:   {got}\n")).collect();
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {var}: {e}"));
    }

    /// Fails below the bars.
    pub fn assert_bars(&self, name: &str, max_per: f64, min_identical: f64) {
        assert!(self.per() <= max_per, "{name}: PER {:.3}% above {:.3}%", self.per() * 100.0, max_per * 100.0);
        assert!(
            self.identical_share() >= min_identical,
            "{name}: {:.2}% identical, below {:.2}%",
            self.identical_share() * 100.0,
            min_identical * 100.0
        );
    }
}

#[test]
fn edit_distance_counts_insertions_deletions_and_substitutions() {
    let chars = |s: &str| s.chars().collect::<Vec<_>>();
    assert_eq!(edit_distance(&chars("ni↓xau↓"), &chars("ni↓xau↓")), 0);
    assert_eq!(edit_distance(&chars("ni↓xau↓"), &chars("ni↗xau↓")), 1);
    assert_eq!(edit_distance(&chars("abc"), &chars("")), 3);
    assert_eq!(edit_distance(&chars("kitten"), &chars("sitting")), 3);
}
