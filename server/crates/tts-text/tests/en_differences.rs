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

/// Words outside the lexicons go to espeak-ng in misaki (GPL; not linked). We read them (American
/// English) by letter-to-sound rules trained on espeak-ng's readings of ~243k words (issue 12;
/// "Lucas" now comes out as misaki says it, lˈukəz), which is close to espeak's but not always
/// equal. Letter strings without a vowel are spelled.
// With the `espeak` feature misaki's reading is ours (tests/en_espeak.rs).
#[cfg(not(feature = "espeak"))]
#[test]
fn unknown_words_are_read_by_rules_learned_from_espeak() {
    check("Zyxwv quorpt", "zˈɪksʊv kwˈɔɹpt", "zˈɪksv kjˈuɹpt");
}

/// Symbols without letters or digits: espeak names some ("☃" → "snowman"); we have no names for
/// them and leave them silent.
// With the `espeak` feature misaki's reading is ours (tests/en_espeak.rs).
#[cfg(not(feature = "espeak"))]
#[test]
fn symbols_are_silent() {
    check("x ☃ y", "ˈɛks snˈOmən wˈI", "ˈɛks  wˈI");
}

/// Units after a number: misaki spells the abbreviation ("K M", "K G", "M P H", "G B"); we say the
/// unit, singular after "1" and plural otherwise. (Strict-misaki mode keeps misaki's reading.)
#[test]
fn units_after_numbers_are_words() {
    check("The road is 12 km long.", "ðə ɹˈOd ɪz twˈɛlv kˌAˈɛm lˈɔŋ.", "ðə ɹˈOd ɪz twˈɛlv kəlˈɑməTəɹz lˈɔŋ.");
    check("It is 1 km wide.", "ˌɪt ɪz wˈʌn kˌAˈɛm wˈId.", "ˌɪt ɪz wˈʌn kəlˈɑməTəɹ wˈId.");
    check("The box weighs 5 kg.", "ðə bˈɑks wˈAz fˈIv kˌAʤˈi.", "ðə bˈɑks wˈAz fˈIv kˈɪləɡɹˌæmz.");
    check("It is 3 mph from here.", "ˌɪt ɪz θɹˈi ˌɛmpˌiˈAʧ fɹʌm hˈɪɹ.", "ˌɪt ɪz θɹˈi mˈIlz pɜɹ ˈWəɹ fɹʌm hˈɪɹ.");
    check("It is 8 GB from here.", "ˌɪt ɪz ˈAt ʤˌibˈi fɹʌm hˈɪɹ.", "ˌɪt ɪz ˈAt ɡˈɪɡəbˌIts fɹʌm hˈɪɹ.");
    // misaki names the degree sign through espeak and spells the scale letter.
    check(
        "Water boils at 100 °C.",
        "wˈɔTəɹ bˈYlz æt wˈʌn hˈʌndɹəd dᵻɡɹˈiz sˈi.",
        "wˈɔTəɹ bˈYlz æt wˈʌn hˈʌndɹəd dəɡɹˈiz sˈɛlsiəs.",
    );
}

/// Rising number pairs joined by a hyphen or en dash, without spaces, are ranges: misaki runs the
/// two numbers together ("ten-twenty"); we say "ten to twenty". Phone numbers (3 + 4 digits),
/// falling pairs (scores: "2-0") and longer chains (dates: "2024-01-15") are read as misaki does.
#[test]
fn numeric_ranges_say_to() {
    check("Pages 10-20 are missing.", "pˈAʤᵻz tˌɛntwˈɛnti ɑɹ mˈɪsɪŋ.", "pˈAʤᵻz tˈɛn tə twˈɛnti ɑɹ mˈɪsɪŋ.");
    check("Read pages 10–12.", "ɹˈid pˈAʤᵻz tˈɛn twˈɛlv.", "ɹˈid pˈAʤᵻz tˈɛn tə twˈɛlv.");
}

/// Web and e-mail addresses: misaki spells the scheme, glues "example.com" into one espeak word
/// and drops the dot of an e-mail domain; we drop the scheme and name every separator ("dot",
/// "slash", "at"), with misaki's own weak stress for "dot" and "slash".
#[test]
fn addresses_name_their_separators() {
    check(
        "Visit https://example.com/docs today.",
        "vˈɪzət ˌAʧtˌitˈipˌiˈɛs:slˈæʃslæʃ ɛɡzˈæmpᵊl.kˈɑm slˈæʃ dˈɑks tədˈA.",
        "vˈɪzət ɪɡzˈæmpəl dˌɑt kˈɑm slˌæʃ dˈɑks tədˈA.",
    );
    check(
        "Mail bob@example.org today.",
        "mˈAl bˈɑb æt ɪɡzˈæmpəl ˈɔɹɡ tədˈA.",
        "mˈAl bˈɑb æt ɪɡzˈæmpəl dˌɑt ˈɔɹɡ tədˈA.",
    );
}
