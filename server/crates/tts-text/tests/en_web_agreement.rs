//! Agreement with misaki 0.9.4 on web-like text of other genres (issue 12): quotations with
//! attributions, READMEs, changelogs (development part), dialogue and poetry, man pages, docstrings
//! (held-out part), and lists of names. The corpora and where they come from are described in
//! tests/data/en_web/README.md; references are misaki's, made by scripts/reference/en_reference.py.
//!
//! Prints, per source and per part, the share of identical lines and the phoneme error rate in
//! strict-misaki mode and in the default mode, which lines differ by class (stress only,
//! punctuation/tokenization, readings of words), and for names how far each reading path
//! (lexicon, CMUdict, letter-to-sound rules) is from misaki's (espeak-ng's, for names outside the
//! lexicon). Fails below conservative floors. The held-out part is reported and never used to
//! tune; without the `espeak` feature its floors only catch regressions, with it the held-out part
//! must meet issue 12's goal in strict mode (≥ 90 % identical lines, PER ≤ 0.7 %; `make test-espeak`).
//!
//! `EN_WEB_DIFFS=dir cargo test -p tts-text --release --test en_web_agreement -- --nocapture`
//! writes each source's differing lines to `dir/<source>.txt` (input, misaki, ours).

mod agreement;

use std::collections::BTreeMap;

use agreement::{edit_distance, text_data_dir, Agreement};
use tts_text::en::{Dialect, G2p, WordSource};

const DEV: [(&str, &str); 3] = [
    ("dev_quotes", include_str!("data/en_web/dev_quotes.tsv")),
    ("dev_readme", include_str!("data/en_web/dev_readme.tsv")),
    ("dev_changelog", include_str!("data/en_web/dev_changelog.tsv")),
];
const HELDOUT: [(&str, &str); 3] = [
    ("heldout_dialogue", include_str!("data/en_web/heldout_dialogue.tsv")),
    ("heldout_man", include_str!("data/en_web/heldout_man.tsv")),
    ("heldout_docstring", include_str!("data/en_web/heldout_docstring.tsv")),
];

fn load() -> G2p {
    let dir = text_data_dir("misaki");
    let g2p = G2p::load(&dir, Dialect::Us).unwrap_or_else(|e| panic!("{e}\nThe misaki lexicons are missing: run `make setup`."));
    assert!(g2p.has_cmudict(), "CMUdict is missing: run `make setup`");
    g2p
}

/// Why a line differs; a line may count in several classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    /// Same phonemes, stress marks differ (function words in context, compounds).
    Stress,
    /// Punctuation or word boundaries differ (brackets, quotes, dashes, ellipses, URLs, code).
    Tokens,
    /// A word is read with other phonemes (names and other words outside the lexicon, numbers).
    Reading,
}

fn classify(misaki: &str, ours: &str) -> Vec<Class> {
    let is_punct = |c: char| !c.is_alphanumeric() && !matches!(c, 'ˈ' | 'ˌ' | 'ᵊ' | 'ᵻ');
    let words = |s: &str| -> Vec<String> {
        s.split(' ').map(|w| w.chars().filter(|&c| !is_punct(c)).collect::<String>()).filter(|w| !w.is_empty()).collect()
    };
    let punct = |s: &str| -> String { s.chars().filter(|&c| is_punct(c) && c != ' ').collect() };
    let mut out = Vec::new();
    if punct(misaki) != punct(ours) {
        out.push(Class::Tokens);
    }
    let (m, o) = (words(misaki), words(ours));
    if m.len() != o.len() {
        out.push(Class::Tokens);
    } else {
        let unstressed = |w: &str| w.replace(['ˈ', 'ˌ'], "");
        for (a, b) in m.iter().zip(&o) {
            if a != b {
                out.push(if unstressed(a) == unstressed(b) { Class::Stress } else { Class::Reading });
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

struct Report {
    name: String,
    strict: Agreement,
    default: Agreement,
    classes: BTreeMap<Class, usize>,
}

fn measure(g2p: &G2p, name: &str, corpus: &str) -> Report {
    let strict = Agreement::measure(corpus, |s| g2p.phonemize_with(s, true).phonemes());
    let default = Agreement::measure(corpus, |s| g2p.phonemize_with(s, false).phonemes());
    let mut classes = BTreeMap::new();
    for (_, misaki, ours) in &strict.mismatches {
        for c in classify(misaki, ours) {
            *classes.entry(c).or_insert(0) += 1;
        }
    }
    if let Some(dir) = std::env::var_os("EN_WEB_DIFFS") {
        let text: String = strict
            .mismatches
            .iter()
            .map(|(s, m, o)| format!("{s}\n  misaki: {m}\n  ours:   {o}\n  class:  {:?}\n", classify(m, o)))
            .collect();
        std::fs::create_dir_all(&dir).expect("EN_WEB_DIFFS directory");
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.txt")), text).expect("write diffs");
    }
    Report { name: name.to_string(), strict, default, classes }
}

fn print(r: &Report) {
    println!(
        "{:<18} {:>5} lines  strict: {:>6.2}% identical, PER {:.3}%   default: {:>6.2}% identical, PER {:.3}%   differing lines by class (strict): {:?}",
        r.name,
        r.strict.sentences,
        r.strict.identical_share() * 100.0,
        r.strict.per() * 100.0,
        r.default.identical_share() * 100.0,
        r.default.per() * 100.0,
        r.classes
    );
}

/// The figures of several sources together.
fn total(name: &str, parts: &[Report]) -> Report {
    let sum = |f: fn(&Report) -> &Agreement| Agreement {
        sentences: parts.iter().map(|r| f(r).sentences).sum(),
        identical: parts.iter().map(|r| f(r).identical).sum(),
        errors: parts.iter().map(|r| f(r).errors).sum(),
        reference_len: parts.iter().map(|r| f(r).reference_len).sum(),
        mismatches: Vec::new(),
    };
    let mut classes = BTreeMap::new();
    for r in parts {
        for (c, n) in &r.classes {
            *classes.entry(*c).or_insert(0) += n;
        }
    }
    Report { name: name.to_string(), strict: sum(|r| &r.strict), default: sum(|r| &r.default), classes }
}

fn part(g2p: &G2p, name: &str, sources: &[(&str, &str)]) -> Report {
    let reports: Vec<Report> = sources.iter().map(|(n, c)| measure(g2p, n, c)).collect();
    for r in &reports {
        print(r);
    }
    let t = total(name, &reports);
    print(&t);
    t
}

/// Development part: the genres the fixes of issue 12 were made on.
#[test]
fn web_dev_corpus_agrees_with_misaki() {
    let t = part(&load(), "dev (all)", &DEV);
    assert!(t.strict.sentences >= 2900, "the development corpus has only {} lines", t.strict.sentences);
    // Floors just under the figures of issue 12's fixes (strict: 64.0% identical, PER 2.40%;
    // default: 61.6%, PER 3.88%); before them: 52.6% / 5.29% and 52.4% / 5.75%.
    t.strict.assert_bars("en_web dev, strict", 0.026, 0.62);
    t.default.assert_bars("en_web dev, default", 0.042, 0.60);
}

/// Held-out part: genres never looked at while fixing; reported, with floors that only catch a
/// regression.
#[test]
fn web_heldout_corpus_report() {
    let t = part(&load(), "heldout (all)", &HELDOUT);
    // Reported in BENCHMARKS.md (strict: 55.7% identical, PER 2.44%; before issue 12's fixes
    // 51.6% / 3.94%); the floor only catches a regression.
    t.strict.assert_bars("en_web heldout, strict", 0.03, 0.52);
}

/// Issue 12's goal, on the genres no fix looked at: with the `espeak` feature (unknown words read
/// by libespeak-ng as misaki reads them) strict mode has ≥ 90 % of held-out lines identical to
/// misaki's and PER ≤ 0.7 % (measured 94.0 % / 0.44 %, BENCHMARKS.md). The default build does not
/// reach it (55.7 % / 2.44 %); the test above keeps its floor.
#[cfg(feature = "espeak")]
#[test]
fn web_heldout_strict_meets_issue_12_goal_with_espeak() {
    let t = part(&load(), "heldout (all), espeak", &HELDOUT);
    t.strict.assert_bars("en_web heldout, strict, espeak feature (issue 12's goal)", 0.007, 0.90);
}

/// Names (first names, surnames, places from many languages), one per line: how far each reading
/// path is from misaki's reading, which for names outside its lexicon is espeak-ng's.
#[test]
fn names_distance_from_espeak() {
    let g2p = load();
    for (name, corpus) in [
        ("names_dev", include_str!("data/en_web/names_dev.tsv")),
        ("names_heldout", include_str!("data/en_web/names_heldout.tsv")),
    ] {
        // Per source: names, identical, edits, reference length.
        let mut by_source: BTreeMap<String, [usize; 4]> = BTreeMap::new();
        let mut diffs = String::new();
        for line in corpus.lines().filter(|l| !l.trim().is_empty()) {
            let (text, misaki) = line.split_once('\t').expect("name<TAB>phonemes");
            let ours = g2p.phonemize(text).phonemes();
            // The least certain source among the words of the name.
            let source = text
                .split([' ', '-'])
                .filter(|w| !w.is_empty())
                .map(|w| g2p.word_source(w))
                .max_by_key(|s| match s {
                    WordSource::Lexicon => 0,
                    WordSource::CmuDict => 1,
                    WordSource::Spelled => 2,
                    WordSource::Rules => 3,
                })
                .unwrap_or(WordSource::Lexicon);
            let strip = |s: &str| s.chars().filter(|&c| c != ' ').collect::<Vec<char>>();
            let e = by_source.entry(format!("{source:?}")).or_default();
            e[0] += 1;
            e[1] += usize::from(ours == misaki);
            e[2] += edit_distance(&strip(misaki), &strip(&ours));
            e[3] += strip(misaki).len();
            if ours != misaki {
                diffs.push_str(&format!("{text}\t{misaki}\t{ours}\t{source:?}\n"));
            }
        }
        for (source, [n, same, edits, len]) in &by_source {
            println!(
                "{name:<14} {source:<8} {n:>5} names  {:>6.2}% identical  PER {:.2}% ({edits} edits / {len} phonemes)",
                *same as f64 * 100.0 / *n as f64,
                *edits as f64 * 100.0 / (*len).max(1) as f64
            );
        }
        let [n, same, edits, len] = by_source
            .iter()
            .filter(|(s, _)| s.as_str() != "Lexicon")
            .fold([0; 4], |a, (_, b)| [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]]);
        println!(
            "{name:<14} outside the lexicon (misaki reads them with espeak-ng): {n} names, {:.2}% identical, PER {:.2}%",
            same as f64 * 100.0 / n.max(1) as f64,
            edits as f64 * 100.0 / len.max(1) as f64
        );
        if let Some(dir) = std::env::var_os("EN_WEB_DIFFS") {
            std::fs::create_dir_all(&dir).expect("EN_WEB_DIFFS directory");
            std::fs::write(std::path::Path::new(&dir).join(format!("{name}.tsv")), diffs).expect("write diffs");
        }
        if name == "names_dev" {
            let [n, same, ..] = by_source.values().fold([0; 4], |a, b| [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]]);
            assert!(same * 100 >= n * 39, "names_dev: only {same} of {n} names identical");
        }
    }
}
