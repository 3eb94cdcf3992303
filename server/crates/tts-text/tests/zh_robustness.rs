//! The Mandarin front end never panics, never hangs and keeps its token spans valid, whatever the
//! input: random UTF-8 biased towards the characters each pass reacts to, pathological runs, and a
//! very long text. (`fuzz/fuzz_targets/zh_phonemize.rs` does the same under libFuzzer.)
use std::path::PathBuf;
use std::time::{Duration, Instant};

use tts_text::zh::{G2p, Options};
use tts_text::{Token, Utterance};

fn load() -> G2p {
    let home = std::env::var_os("TTS_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/tts-server"));
    let dir = home.join("text/pypinyin");
    G2p::load(&dir).unwrap_or_else(|e| panic!("{e}: run make setup"))
}

/// An English front end that answers with one token per space-separated word.
fn english(text: &str) -> Utterance {
    let mut at = 0;
    let tokens = text
        .split(' ')
        .map(|word| {
            let token = Token {
                phonemes: word.to_lowercase(),
                source: at..at + word.len(),
                space_after: true,
            };
            at += word.len() + 1;
            token
        })
        .collect();
    Utterance { tokens }
}

/// Phonemizes `text` both ways and checks the invariants tokens promise.
fn check(g2p: &G2p, text: &str) {
    for options in [Options::default(), Options { strict_misaki: true }] {
        let utterance = g2p.phonemize_with(text, &english, options);
        let mut previous_start = 0;
        for token in &utterance.tokens {
            let span = &token.source;
            assert!(
                span.start <= span.end && span.end <= text.len(),
                "{token:?} outside {text:?}"
            );
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "{token:?} in {text:?}"
            );
            assert!(
                span.start >= previous_start,
                "spans go backwards at {token:?} in {text:?}"
            );
            previous_start = span.start;
        }
        let phonemes = utterance.phonemes();
        assert!(!phonemes.ends_with(' '), "{phonemes:?}");
    }
}

/// A small deterministic generator (xorshift), so failures reproduce without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Characters the passes treat specially, plus anything at all.
fn random_char(rng: &mut Rng) -> char {
    const SPECIAL: &[char] = &[
        '0', '1', '2', '5', '9', '０', '٣', '-', '.', '/', '%', '℃', '年', '月', '日', '，', '。', '、', '《', '》',
        '（', '）', '«', '»', ' ', '\u{3000}', '\n', '\u{1C}', '\u{32F}', '\u{329}', '〇', '\u{9FD6}', '\u{9FFF}',
        '\u{4E00}', 'a', 'Z', '\'', 'é', '行', '长', '了', '儿', '嗯', '𠀀', '\u{FFFD}', '\u{200B}',
    ];
    match rng.below(4) {
        0 => SPECIAL[rng.below(SPECIAL.len())],
        1 => char::from_u32(0x4E00 + rng.below(0x5200) as u32).unwrap_or('中'),
        2 => char::from_u32(rng.below(0x80) as u32).unwrap_or('a'),
        _ => char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('\u{FFFD}'),
    }
}

#[test]
fn random_text_never_panics_and_spans_stay_valid() {
    let g2p = load();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    // ZH_ROBUSTNESS_CASES=1000000 for a longer run.
    let cases = std::env::var("ZH_ROBUSTNESS_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3_000);
    for _ in 0..cases {
        let len = rng.below(40);
        let text: String = (0..len).map(|_| random_char(&mut rng)).collect();
        check(&g2p, &text);
    }
}

#[test]
fn pathological_inputs() {
    let g2p = load();
    for text in [
        String::new(),
        " ".into(),
        "，".into(),
        "\u{32F}".into(),
        "1".repeat(5_000),
        "1".repeat(5_000) + "年",
        "-".repeat(1_000) + "5%",
        "1.".repeat(2_000),
        "1/".repeat(2_000),
        "《".repeat(1_000),
        "a".repeat(10_000),
        "a ".repeat(5_000),
        "\u{9FFF}".repeat(1_000),
        "中".repeat(20_000),
    ] {
        check(&g2p, &text);
    }
}

#[test]
fn long_text_is_read_completely_and_quickly() {
    let g2p = load();
    // ~600 KB of real sentences: no truncation, and linear time.
    let sentences: String = include_str!("data/zh_dev.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').next().unwrap_or_default())
        .collect();
    let text = sentences.repeat(5);
    let started = Instant::now();
    let utterance = g2p.phonemize(&text, &english);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
    let last = utterance.tokens.last().expect("tokens");
    assert_eq!(last.source.end, text.len(), "the end of the text was not read");
}

/// A misbehaving English front end (spans out of range, reversed, empty phonemes) cannot make the
/// Chinese one panic or point outside the input.
#[test]
fn a_broken_english_front_end_is_survived() {
    let g2p = load();
    let broken = |text: &str| Utterance {
        tokens: vec![
            Token {
                phonemes: "x".into(),
                // A reversed range on purpose: the Mandarin side must survive it.
                #[allow(clippy::reversed_empty_ranges)]
                source: 7..3,
                space_after: true,
            },
            Token {
                phonemes: String::new(),
                source: 0..0,
                space_after: false,
            },
            Token {
                phonemes: "y".into(),
                source: text.len() + 10..text.len() + 20,
                space_after: true,
            },
        ],
    };
    for text in ["我用Debian写代码。", "Hi", "中文 and English 混合", "é"] {
        for options in [Options::default(), Options { strict_misaki: true }] {
            let utterance = g2p.phonemize_with(text, &broken, options);
            for token in &utterance.tokens {
                assert!(text.get(token.source.clone()).is_some(), "{token:?} in {text:?}");
            }
        }
    }
}
