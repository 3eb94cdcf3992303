//! Agreement with misaki 0.9.4 on the English development corpus (tests/data/en_dev.tsv, made by
//! scripts/reference/en_reference.py). Prints the phoneme error rate and the share of identical
//! sentences, and fails when either falls below the bar.
//!
//! The bars are checked in strict-misaki mode ([`G2p::with_strict_misaki`]): the readings we add
//! beyond misaki (units after numbers as words, "10-12" as "ten to twelve", separators of web and
//! e-mail addresses spoken; see tests/en_differences.rs) differ from misaki by design, and the
//! development corpus has some 30 such sentences. The default mode is measured and printed too
//! (`extended_readings_report`).
//!
//! `EN_DIFFS=path cargo test -p tts-text --release --test en_agreement -- --nocapture` also writes
//! every differing sentence to `path` (input, misaki, ours) for study.

mod agreement;

use agreement::{text_data_dir, Agreement};
use tts_text::en::{Dialect, G2p};

/// Bars set just under what the implementation reaches on the development corpus (PER 0.17%,
/// 97.3% identical since issue 12's espeak-learned rules for unknown words; PER 0.26%, 95.7%
/// before, with CMUdict first).
const MAX_PER: f64 = 0.0025;
const MIN_IDENTICAL: f64 = 0.965;

fn load(dialect: Dialect) -> G2p {
    load_default(dialect).with_strict_misaki(true)
}

/// The default mode, with the readings beyond misaki.
fn load_default(dialect: Dialect) -> G2p {
    let dir = text_data_dir("misaki");
    let g2p = G2p::load(&dir, dialect)
        .unwrap_or_else(|e| panic!("{e}\nThe misaki lexicons are missing: run `make setup`."));
    assert!(g2p.has_cmudict(), "CMUdict is missing from {:?}: run `make setup`", dir.with_file_name("cmudict"));
    g2p
}

fn measure(g2p: &G2p, corpus: &str, name: &str, diffs_var: &str) -> Agreement {
    let a = Agreement::measure(corpus, |s| g2p.phonemize(s).phonemes());
    a.write_diffs_if_asked(diffs_var);
    a.print(name);
    a
}

#[test]
fn dev_corpus_agrees_with_misaki() {
    let a = measure(&load(Dialect::Us), include_str!("data/en_dev.tsv"), "en_dev", "EN_DIFFS");
    assert!(a.sentences >= 2000, "the development corpus has only {} sentences", a.sentences);
    a.assert_bars("en_dev", MAX_PER, MIN_IDENTICAL);
}

/// The held-out corpus was written separately and never used while tuning; this only reports it
/// (issue 3 checks it from outside through `tts-server phonemize`, see
/// scripts/reference/en_cli_check.py).
#[test]
fn heldout_corpus_report() {
    measure(&load(Dialect::Us), include_str!("data/en_heldout.tsv"), "en_heldout", "EN_DIFFS_HELDOUT");
}

/// British English on the first 300 development sentences (tests/data/en_gb_dev.tsv, made with
/// `en_reference.py --gb`).
#[test]
fn gb_corpus_agrees_with_misaki() {
    let a = measure(&load(Dialect::Gb), include_str!("data/en_gb_dev.tsv"), "en_gb_dev", "EN_DIFFS_GB");
    a.assert_bars("en_gb_dev", MAX_PER, MIN_IDENTICAL);
}

/// The default mode (what `tts-server phonemize` gives) on the development and held-out corpora:
/// reported, not asserted (the extra readings differ from misaki by design). At the time of
/// writing (issue 12): en_dev PER 0.41%, 96.03% identical; en_heldout PER 0.31%, 95.68% identical.
#[test]
fn extended_readings_report() {
    let g2p = load_default(Dialect::Us);
    measure(&g2p, include_str!("data/en_dev.tsv"), "en_dev (default mode)", "EN_DIFFS_DEFAULT");
    let held = measure(&g2p, include_str!("data/en_heldout.tsv"), "en_heldout (default mode)", "EN_DIFFS_HELDOUT_DEFAULT");
    // issue 3's bars for the held-out corpus, checked from outside through the CLI.
    held.assert_bars("en_heldout (default mode)", 0.01, 0.85);
}
