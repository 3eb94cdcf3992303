//! The English front end (en-us and en-gb) on arbitrary UTF-8: no panic, no hang, token spans
//! inside the input on character boundaries, never going backwards, and the output only in the
//! symbols Kokoro v1.0 knows for English.
//!
//! `cargo +nightly fuzz run en_phonemize -- -max_total_time=600` (needs `make setup`'s misaki and
//! CMUdict data in $TTS_HOME). With `--features espeak` and `TTS_ESPEAK_LIBRARY` set, words outside
//! the lexicons are read by libespeak-ng (tts-text's `espeak` feature) and that path is fuzzed.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tts_text::en::{Dialect, G2p};

fn g2p(dialect: Dialect) -> &'static G2p {
    static US: OnceLock<G2p> = OnceLock::new();
    static GB: OnceLock<G2p> = OnceLock::new();
    let cell = if dialect == Dialect::Us { &US } else { &GB };
    cell.get_or_init(|| {
        let home = std::env::var_os("TTS_HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/tts-server"));
        G2p::load(&home.join("text/misaki"), dialect).unwrap_or_else(|e| panic!("{e}: run make setup"))
    })
}

/// Symbols the English front end may emit: misaki's US and GB phoneme sets, the v1.0 `T`, stress
/// marks, the punctuation Kokoro keeps, and spaces.
fn allowed(c: char) -> bool {
    "AIOQWYTabdfhijklmnpstuvwzæðŋɑɐɒɔəɛɜɡɪɹɾʃʊʌʒʔʤʧˈˌːθᵊᵻ ;:,.!?—…\"“”()".contains(c)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for dialect in [Dialect::Us, Dialect::Gb] {
        let utterance = g2p(dialect).phonemize(text);
        let mut previous = 0;
        for token in &utterance.tokens {
            let span = &token.source;
            assert!(span.start <= span.end && span.end <= text.len());
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            assert!(span.start >= previous, "{text:?}: spans go backwards");
            previous = span.start;
            if let Some(c) = token.phonemes.chars().find(|&c| !allowed(c)) {
                panic!("{text:?}: symbol {c:?} in {:?}", token.phonemes);
            }
        }
        let _ = utterance.phonemes();
    }
});
