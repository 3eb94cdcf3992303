//! Agreement of the Mandarin G2P in strict-misaki mode with misaki 0.9.4 itself, over the
//! development corpus `tests/data/zh_dev.tsv` (sentence, misaki's phonemes).
//!
//! Reports the phoneme error rate (character edit distance over the reference phonemes, spaces
//! ignored) and the share of sentences whose phoneme string is identical, and fails below the bar.
//! `cargo test -p tts-text --test zh_agreement -- --nocapture` prints the figures and the first
//! disagreements.
use std::path::PathBuf;

use tts_text::zh::{G2p, Options};
use tts_text::Utterance;

/// Bars set at what the implementation achieves (0 edits, 2159/2159 identical when written), with
/// room for a couple of sentences, so any real regression fails. The targets are 0.5% and
/// 95%.
const MAX_PER: f64 = 0.0001;
const MIN_IDENTICAL: f64 = 0.999;
const STRICT: Options = Options {
    strict_misaki: true,
};

fn data_dir() -> PathBuf {
    let home = std::env::var_os("TTS_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/tts-server")
        });
    home.join("text/pypinyin")
}

fn load() -> G2p {
    let dir = data_dir();
    G2p::load(&dir).unwrap_or_else(|e| {
        panic!(
            "{e}\npypinyin data missing from {}: run make setup",
            dir.display()
        )
    })
}

/// Levenshtein distance over characters.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Agreement figures of `g2p` against a `sentence<TAB>phonemes` corpus.
struct Agreement {
    sentences: usize,
    identical: usize,
    errors: usize,
    reference_len: usize,
    mismatches: Vec<(String, String, String)>,
}

fn agreement(g2p: &G2p, corpus: &str, options: Options) -> Agreement {
    let no_english = |_: &str| Utterance::default();
    let mut a = Agreement {
        sentences: 0,
        identical: 0,
        errors: 0,
        reference_len: 0,
        mismatches: Vec::new(),
    };
    for line in corpus
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (sentence, expected) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("no tab in {line:?}"));
        let got = g2p
            .phonemize_with(sentence, &no_english, options)
            .phonemes();
        let strip = |s: &str| s.chars().filter(|&c| c != ' ').collect::<Vec<char>>();
        let reference = strip(expected);
        a.sentences += 1;
        a.reference_len += reference.len();
        if got == expected {
            a.identical += 1;
        } else {
            a.errors += edit_distance(&reference, &strip(&got));
            a.mismatches
                .push((sentence.to_string(), expected.to_string(), got));
        }
    }
    a
}

fn check(corpus: &str, name: &str, options: Options, max_per: f64, min_identical: f64) {
    let g2p = load();
    let a = agreement(&g2p, corpus, options);
    let per = a.errors as f64 / a.reference_len.max(1) as f64;
    let identical = a.identical as f64 / a.sentences.max(1) as f64;
    println!(
        "{name}: {} sentences, PER {:.3}% ({} edits / {} phonemes), identical {:.2}% ({}/{})",
        a.sentences,
        per * 100.0,
        a.errors,
        a.reference_len,
        identical * 100.0,
        a.identical,
        a.sentences
    );
    for (sentence, expected, got) in a.mismatches.iter().take(40) {
        println!("  {sentence}\n    misaki {expected}\n    ours   {got}");
    }
    assert!(
        a.sentences >= 100,
        "{name}: corpus too small ({} sentences)",
        a.sentences
    );
    assert!(
        per <= max_per,
        "{name}: PER {:.3}% above {:.3}%",
        per * 100.0,
        max_per * 100.0
    );
    assert!(
        identical >= min_identical,
        "{name}: {:.2}% identical, below {:.2}%",
        identical * 100.0,
        min_identical * 100.0
    );
}

#[test]
fn strict_mode_agrees_with_misaki_on_the_development_corpus() {
    let corpus = include_str!("data/zh_dev.tsv");
    check(corpus, "zh_dev strict", STRICT, MAX_PER, MIN_IDENTICAL);
}

/// The held-out corpus was written apart from the development one and never used for tuning.
#[test]
fn strict_mode_agrees_with_misaki_on_the_held_out_corpus() {
    let corpus = include_str!("data/zh_heldout.tsv");
    check(corpus, "zh_heldout strict", STRICT, MAX_PER, MIN_IDENTICAL);
}

/// The default mode is what `tts-server phonemize --lang zh` prints; on pure Chinese text it may
/// differ from misaki only where misaki is unpronounceable, so it is held to the same bars here
/// (the issue asks for PER ≤ 1% and ≥ 85% identical).
#[test]
fn default_mode_agrees_with_misaki_on_pure_chinese_held_out_text() {
    let corpus = include_str!("data/zh_heldout.tsv");
    let options = Options::default();
    check(
        corpus,
        "zh_heldout default",
        options,
        MAX_PER,
        MIN_IDENTICAL,
    );
}

#[test]
fn edit_distance_counts_insertions_deletions_and_substitutions() {
    let chars = |s: &str| s.chars().collect::<Vec<_>>();
    assert_eq!(edit_distance(&chars("ni↓xau↓"), &chars("ni↓xau↓")), 0);
    assert_eq!(edit_distance(&chars("ni↓xau↓"), &chars("ni↗xau↓")), 1);
    assert_eq!(edit_distance(&chars("abc"), &chars("")), 3);
    assert_eq!(edit_distance(&chars("kitten"), &chars("sitting")), 3);
}

/// On the development corpus the default mode differs from misaki by design wherever misaki is
/// unpronounceable or wrong: Latin words get spaces and go to the English front end, 17- and
/// 18-digit IDs that cn2an leaves as raw digits are read digit by digit, and the 575 traditional
/// sentences are read through simplified characters. Every one of the ~460 differing sentences
/// falls in one of those classes (no simplified, digit-free, Latin-free sentence differs). The
/// bars sit just under what it achieves (PER 1.98%, 78.8% identical) so that a change shows.
#[test]
fn default_mode_stays_close_to_misaki_on_the_development_corpus() {
    let corpus = include_str!("data/zh_dev.tsv");
    check(corpus, "zh_dev default", Options::default(), 0.021, 0.78);
}

/// Traditional text in the default mode is read like its simplified original (misaki itself,
/// reading it character by character, is far off; strict mode shows by how much).
#[test]
fn default_mode_reads_traditional_text_like_simplified() {
    let corpus = include_str!("data/zh_traditional.tsv");
    let g2p = load();
    let strict = agreement(&g2p, corpus, STRICT);
    println!(
        "zh_traditional strict (misaki's own reading of traditional text): PER {:.3}%, identical {:.2}%",
        strict.errors as f64 * 100.0 / strict.reference_len as f64,
        strict.identical as f64 * 100.0 / strict.sentences as f64
    );
    check(
        corpus,
        "zh_traditional default",
        Options::default(),
        0.01,
        0.85,
    );
}
