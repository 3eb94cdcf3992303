//! Agreement of the Mandarin G2P in strict-misaki mode with misaki 0.9.4 itself, over the
//! development corpus `tests/data/zh_dev.tsv` (sentence, misaki's phonemes).
//!
//! Reports the phoneme error rate (character edit distance over the reference phonemes, spaces
//! ignored) and the share of sentences whose phoneme string is identical, and fails below the bar.
//! `cargo test -p tts-text --test zh_agreement -- --nocapture` prints the figures and the first
//! disagreements.
mod agreement;

use agreement::{text_data_dir, Agreement};
use tts_text::zh::{G2p, Options};
use tts_text::Utterance;

/// Bars set at what the implementation achieves (0 edits, 2159/2159 identical when written), with
/// room for a couple of sentences, so any real regression fails. The targets are 0.5% and
/// 95%.
const MAX_PER: f64 = 0.0001;
const MIN_IDENTICAL: f64 = 0.999;
const STRICT: Options = Options { strict_misaki: true };

fn load() -> G2p {
    let dir = text_data_dir("pypinyin");
    G2p::load(&dir).unwrap_or_else(|e| panic!("{e}\npypinyin data missing from {}: run make setup", dir.display()))
}

fn agreement(g2p: &G2p, corpus: &str, options: Options) -> Agreement {
    let no_english = |_: &str| Utterance::default();
    Agreement::measure(corpus, |s| g2p.phonemize_with(s, &no_english, options).phonemes())
}

fn check(corpus: &str, name: &str, options: Options, max_per: f64, min_identical: f64) {
    let a = agreement(&load(), corpus, options);
    a.print(name);
    for (sentence, expected, got) in a.mismatches.iter().take(40) {
        println!("  {sentence}\n    misaki {expected}\n    ours   {got}");
    }
    assert!(a.sentences >= 100, "{name}: corpus too small ({} sentences)", a.sentences);
    a.assert_bars(name, max_per, min_identical);
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
        strict.per() * 100.0,
        strict.identical_share() * 100.0
    );
    check(
        corpus,
        "zh_traditional default",
        Options::default(),
        0.01,
        0.85,
    );
}
