//! Regression tests for issue 12 (English on web text it has never seen), one per fix, each named
//! after what it fixes. Expected strings are misaki 0.9.4's output in KPipeline's configuration
//! (scripts/reference/en_reference.py), in strict-misaki mode unless a test says otherwise.

mod agreement;

use std::sync::OnceLock;

use agreement::text_data_dir;
use tts_text::en::{Dialect, G2p};

fn g2p() -> &'static G2p {
    static G2P: OnceLock<G2p> = OnceLock::new();
    G2P.get_or_init(|| {
        G2p::load(&text_data_dir("misaki"), Dialect::Us)
            .unwrap_or_else(|e| panic!("{e}\nThe misaki lexicons are missing: run `make setup`."))
    })
}

/// Strict-misaki mode: exactly misaki's string.
fn check(input: &str, misaki: &str) {
    assert_eq!(g2p().phonemize_with(input, true).phonemes(), misaki, "phonemize({input:?}), strict");
}

/// Names and words outside misaki's lexicons are read by rules learned from espeak-ng's readings
/// (misaki reads them with espeak-ng), not from CMUdict: CMUdict's secondary stresses and reduced
/// vowels ("dˈɛbˌiən", "lˈukəs") are not what misaki says.
#[test]
fn unknown_words_read_like_espeak() {
    check("Lucas Ambrose", "lˈukəz ˈæmbɹOz");
    check("Debian backports", "dˈɛbiən bˈækpɔɹts");
}
