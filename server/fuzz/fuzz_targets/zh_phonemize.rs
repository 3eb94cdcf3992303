//! The Mandarin front end on arbitrary UTF-8, in both modes: no panic, no hang, token spans inside
//! the input on character boundaries and never going backwards.
//!
//! `cargo +nightly fuzz run zh_phonemize -- -max_total_time=600` (needs `make setup`'s pypinyin
//! data in $TTS_HOME).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tts_text::zh::{G2p, Options};
use tts_text::{Token, Utterance};

fn g2p() -> &'static G2p {
    static G2P: OnceLock<G2p> = OnceLock::new();
    G2P.get_or_init(|| {
        let home = std::env::var_os("TTS_HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                    .join(".cache/tts-server")
            });
        G2p::load(&home.join("text/pypinyin")).unwrap_or_else(|e| panic!("{e}: run make setup"))
    })
}

/// Stands in for the English front end: one lowercase token per space-separated word.
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

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for options in [
        Options::default(),
        Options {
            strict_misaki: true,
        },
    ] {
        let utterance = g2p().phonemize_with(text, &english, options);
        let mut previous = 0;
        for token in &utterance.tokens {
            let span = &token.source;
            assert!(span.start <= span.end && span.end <= text.len());
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            assert!(span.start >= previous);
            previous = span.start;
        }
        let _ = utterance.phonemes();
    }
});
