//! Where the English G2P deliberately differs from misaki 0.9.4, with the reason. Each case gives
//! the input, what misaki outputs in KPipeline's configuration (espeak-ng fallback; produced with
//! scripts/reference/en_reference.py), and what we output.
use std::path::PathBuf;
use std::sync::OnceLock;

use tts_text::en::{Dialect, G2p};

fn g2p() -> &'static G2p {
    static G2P: OnceLock<G2p> = OnceLock::new();
    G2P.get_or_init(|| {
        let home = std::env::var_os("TTS_HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/tts-server"));
        G2p::load(&home.join("text/misaki"), Dialect::Us)
            .unwrap_or_else(|e| panic!("{e}\nThe misaki lexicons are missing: run `make setup`."))
    })
}

/// `misaki` documents the reference output; only `ours` is asserted.
fn check(input: &str, misaki: &str, ours: &str) {
    let got = g2p().phonemize(input).phonemes();
    assert_ne!(misaki, ours, "a listed difference must differ");
    assert_eq!(got, ours, "phonemize({input:?})");
}

/// Past decillion, num2words' scale names ("duodecillion") are not in the lexicons and misaki
/// spells them letter by letter; we read such numbers digit by digit.
#[test]
fn huge_numbers_are_read_digit_by_digit() {
    check(
        "1000000000000000000000000000000000000000",
        "wˈʌn dˌijˌuˌOdˌiˌisˌiˌIˌɛlˌɛlˌIˌOˈɛn",
        OURS_HUGE,
    );
}
const OURS_HUGE: &str = "wˈʌn zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO zˈɪɹO";

/// Words outside the lexicons go to espeak-ng in misaki (GPL; not linked). We read them from
/// CMUdict mapped to misaki's symbols, else by letter-to-sound rules trained on the lexicons; the
/// result is close to espeak's but not always equal. Letter strings without a vowel are spelled.
#[test]
fn unknown_words_are_read_by_cmudict_or_rules() {
    // CMUdict: "lucas" L UW1 K AH0 S (espeak voices the final s).
    check("Lucas", "lˈukəz", "lˈukəs");
    // Letter-to-sound rules: "quorpt" comes out as espeak reads it, "Zyxwv" nearly.
    check("Zyxwv quorpt", "zˈɪksʊv kwˈɔɹpt", "zˈɪksv kwˈɔɹpt");
}

/// Symbols without letters or digits: espeak names some ("☃" → "snowman"); we have no names for
/// them and leave them silent.
#[test]
fn symbols_are_silent() {
    check("x ☃ y", "ˈɛks snˈOmən wˈI", "ˈɛks  wˈI");
}
