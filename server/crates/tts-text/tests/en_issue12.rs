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

/// A word group with an unknown piece goes to espeak-ng whole in misaki, which keeps punctuation
/// where it was ("cert.patch", "Jr.", "Sep."), names symbols ("/" slash) and reads digits its own
/// way ("hundred" glued, "eighty six").
#[test]
fn unknown_word_groups_keep_punctuation_and_symbols_like_espeak() {
    check("Refreshed cert.patch (offset).", "ɹəfɹˈɛʃt sˈɜɹt.pˈæʧ (ˈɔfsˌɛt).");
    check("-- Roy Blount, Jr.", " ɹˈY blˈWnt, ʤˌAˈɑɹ.");
    check("run x86_64 builds", "ɹˈʌn ˈɛks ˈATi sˈɪks sˈɪksti fˈɔɹ bˈɪldz");
    check("Guide to VAX/VMS Security, Sep. 1984", "ɡˈId tə vˈæks vˌiˌɛmˈɛs səkjˈʊɹəTi, sˈɛp. nˌIntˈin ˈATi fˈɔɹ");
}

/// "'s" after an unknown word is the end of that word in espeak-ng's reading, not the letter S.
#[test]
fn possessive_s_of_unknown_words_is_voiced_like_espeak() {
    check("Hitchhiker's guide", "hˈɪʧhɪkəɹz ɡˈId");
}

/// The "I" of "I/O" is a noun to spaCy (NNP), so misaki reads it ˈI, not the pronoun's ˌI.
#[test]
fn i_of_i_o_is_not_the_pronoun() {
    check("born with serial I/O ports.", "bˈɔɹn wɪð sˈɪɹiəl ˈI ˈO pˈɔɹts.");
}

/// espeak-ng keeps "[" too; strict-misaki mode does, the default mode leaves out marks Kokoro has
/// no symbol for (the model never sees them in misaki's output either).
#[test]
fn brackets_glued_to_unknown_groups_only_in_strict_mode() {
    let text = "[No, it wasn't J. F. Kennedy. Ed.]";
    check(text, "[nˈO, ɪt wˈʌzᵊnt ʤˈA ˈɛf kˈɛnədi. ˈɛd.)");
    assert_eq!(g2p().phonemize_with(text, false).phonemes(), "nˈO, ɪt wˈʌzᵊnt ʤˈA ˈɛf kˈɛnədi. ˈɛd.)");
}

/// Inside an unknown group espeak-ng separates letters from digits ("smbk5", "arm64"),
/// names a trailing "/" ("debian/:"), and reads "00" as two zeros apart.
#[test]
fn unknown_groups_separate_letters_from_digits_like_espeak() {
    check("built for smbk5 today", "bˈɪlt fɔɹ ˌɛsˌɛmbˌikˈA fˈIv tədˈA");
    check("run x86 and arm64 builds", "ɹˈʌn ˈɛks ˈATi sˈɪks ænd ˈɑɹm sˈɪksti fˈɔɹ bˈɪldz");
    check("debian/: Add files", "dˈɛbiən slˈæʃ: ˈæd fˈIlz");
    check("at 00:41:05 today", "æt zˈiəɹO zˈiəɹO:fˈɔɹTi wˈʌn:zˈiəɹO fˈIv tədˈA");
}

/// Rule-read words of up to three vowels carry no secondary stress, as espeak-ng reads them.
#[test]
fn short_unknown_words_have_no_secondary_stress() {
    check("the toolchain tarball", "ðə tˈulʧAn tˈɑɹbɔl");
}

/// Name particles outside the lexicons are read as espeak-ng reads them ("de" də, "der" dˈɛɹ).
#[test]
fn name_particles_read_like_espeak() {
    check("Herman der Hand", "hˈɜɹmən dˈɛɹ hˈænd");
    check("-- Charles de Gaulle", " ʧˈɑɹlz də ɡˈɔl");
}

/// A "[" glued to a word is XX to spaCy, so misaki reads it with the word through espeak-ng; "]"
/// is -RRB- (")"); "[1]" keeps -LRB- ("("). A lone letter in such a group is said by name.
#[test]
fn bracket_glued_to_a_word_goes_with_it() {
    check("Synchronization primitives built with [portable-atomic].", "sˌɪŋkɹənəzˈAʃən pɹˈɪməTɪvz bˈɪlt wɪð [pˈɔɹTəbᵊlətˈɑmɪk).");
    check("returns data as [u8] buffers.", "ɹətˈɜɹnz dˈATə æz [jˈu ˈAt) bˈʌfəɹz.");
    check("A [1] reference", "ɐ (wˈʌn) ɹˈɛfəɹəns");
}

/// espeak-ng never stresses a schwa; a rule-read word whose stress falls on one takes the
/// letter's full vowel ("Allen" ˈælən, not ˈələn).
#[test]
fn stressed_schwa_of_unknown_words_becomes_a_full_vowel() {
    check("-- Woody Allen", " wˈʊdi ˈælən");
}

/// Day and month abbreviations outside the lexicons, as espeak-ng reads them in dates.
#[test]
fn date_abbreviations_read_like_espeak() {
    check("Tue, 05 Jan 2023", "tˈu, fˈIv ʤˈæn twˈɛnti twˈɛnti θɹˈi");
    check("Thu, 17 Feb 2023", "θˈɜɹ, sˌɛvəntˈin fˈɛb twˈɛnti twˈɛnti θɹˈi");
    check("Mon, 24 Jul 2017", "mˈOn, twˈɛnti fˈɔɹ ʤˈʌl twˈɛnti sˌɛvəntˈin");
}

/// A long word group ("x&&&…&", found by fuzzing) is not searched span by span beyond the longest
/// lexicon key: misaki's search is cubic in the pieces (minutes for 4,000 characters).
#[test]
fn long_word_groups_are_not_cubic() {
    let text = format!("x{}", "&".repeat(4000));
    let start = std::time::Instant::now();
    let ps = g2p().phonemize_with(&text, true).phonemes();
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
    assert_eq!(ps.matches("ænd").count(), 4000);
}
