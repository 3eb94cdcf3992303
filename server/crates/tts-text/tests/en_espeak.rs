//! The `espeak` feature: words outside misaki's lexicons read by libespeak-ng as misaki 0.9.4
//! reads them. Built and run only with the feature (it needs the library at run time, see
//! src/en/espeak.rs):
//! `TTS_ESPEAK_LIBRARY=…/espeakng_loader/libespeak-ng.so cargo test --release -p tts-text --features espeak --test en_espeak`
//!
//! The cases are lines of the issue-12 corpora (tests/data/en_web) whose misaki readings the
//! letter-to-sound rules miss and espeak-ng gives exactly: names, file paths, brackets and marks
//! inside words, digits and times glued to symbols.
#![cfg(feature = "espeak")]

mod agreement;

use agreement::text_data_dir;
use tts_text::en::{Dialect, G2p};

fn load() -> G2p {
    let dir = text_data_dir("misaki");
    G2p::load(&dir, Dialect::Us).unwrap_or_else(|e| panic!("{e}"))
}

/// A line of a corpus, with misaki's reading.
fn corpus_line(corpus: &str, sentence: &str) -> (String, String) {
    let line = corpus
        .lines()
        .find(|l| l.split_once('\t').is_some_and(|(s, _)| s == sentence))
        .unwrap_or_else(|| panic!("{sentence:?} is not in the corpus"));
    let (s, ps) = line.split_once('\t').expect("sentence<TAB>phonemes");
    (s.to_string(), ps.to_string())
}

#[test]
fn out_of_lexicon_words_read_as_misaki_reads_them_with_espeak() {
    let g2p = load();
    let names = include_str!("data/en_web/names_heldout.tsv");
    let changelog = include_str!("data/en_web/dev_changelog.tsv");
    let readme = include_str!("data/en_web/dev_readme.tsv");
    let man = include_str!("data/en_web/heldout_man.tsv");
    let cases = [
        (names, "Fernandes"),
        (names, "Tomas"),
        (names, "Tamara"),
        (names, "Maryam"),
        (names, "Babawale"),
        (changelog, "debian/gitlab-ci.yml: Add minimal Salsa CI configuration"),
        (changelog, "-- Simon McVittie <smcv@debian.org> Wed, 08 May 2024 12:35:38 +0100"),
        (readme, "[Levenshtein] - distance & normalized"),
        (man, "Currently list does not support project/{project_id}/.../ notation."),
        (man, "All options prior to the ZIP archive filename are passed to egrep(1)."),
    ];
    for (corpus, sentence) in cases {
        let (text, misaki) = corpus_line(corpus, sentence);
        assert_eq!(g2p.phonemize_with(&text, true).phonemes(), misaki, "{text}");
    }
}

/// Two of the deliberate differences of tests/en_differences.rs that the feature removes.
#[test]
fn unknown_words_and_named_symbols_are_misakis() {
    let g2p = load();
    assert_eq!(g2p.phonemize("Zyxwv quorpt").phonemes(), "zˈɪksʊv kwˈɔɹpt");
    assert_eq!(g2p.phonemize("x ☃ y").phonemes(), "ˈɛks snˈOmən wˈI");
}

#[test]
fn the_default_mode_drops_marks_kokoro_lacks_and_never_a_word() {
    let g2p = load();
    // Strict mode keeps espeak-ng's "[" and "{"; Kokoro has no symbol for them.
    let ps = g2p.phonemize_with("[Levenshtein] - distance & normalized", false).phonemes();
    assert!(ps.starts_with("lˈɛvənʃtˌin"), "{ps}");
    let ps = g2p.phonemize_with("see project/{project_id}/ now", false).phonemes();
    assert!(!ps.contains(['{', '}']), "{ps}");
    assert!(ps.contains("pɹˈɑʤɛkt"), "{ps}");
}

/// Letters of other scripts: espeak-ng reads them by name, with leftovers Kokoro has no symbol for
/// (the digit of "dˈæl1" for the Arabic د) or switched to another language's voice (flags and
/// phonemes of Armenian for ֌). misaki keeps them, so strict mode does; the default mode gives
/// only English phonemes (both found by fuzzing `en_phonemize` with the feature).
#[test]
fn the_default_mode_drops_what_espeak_gives_that_kokoro_cannot_say_in_english() {
    let g2p = load();
    assert_eq!(g2p.phonemize_with("د", true).phonemes(), "ˈæɹəbɪkdˈæl1");
    assert_eq!(g2p.phonemize("د").phonemes(), "ˈæɹəbɪkdˈæl");
    let ps = g2p.phonemize("-- أحمد المحمودي (Ahmed El-Mahmoudy)").phonemes();
    assert!(!ps.contains(|c: char| c.is_ascii_digit()), "{ps}");
    assert!(ps.ends_with("(ˈækmɛd ˌɛlmˈɑmWdi)"), "{ps}");
    assert!(g2p.phonemize_with("usr֌hare", true).phonemes().contains("(hy)"));
    let ps = g2p.phonemize("usr֌hare").phonemes();
    assert!(!ps.contains(['(', ')', 'y', 'ʰ']), "{ps}");
}

#[test]
fn british_english_uses_espeaks_british_voice() {
    let dir = text_data_dir("misaki");
    let gb = G2p::load(&dir, Dialect::Gb).unwrap_or_else(|e| panic!("{e}"));
    let us = load();
    // A name outside both lexicons: the en-gb voice has no rhotic r and a British GOAT vowel.
    let (gb_ps, us_ps) = (gb.phonemize("Okonkwo").phonemes(), us.phonemize("Okonkwo").phonemes());
    assert_ne!(gb_ps, us_ps);
    assert!(gb_ps.contains('Q'), "{gb_ps}");
    assert!(us_ps.contains('O'), "{us_ps}");
}
