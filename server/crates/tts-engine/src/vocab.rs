//! Kokoro v1.0 phoneme vocabulary: one token per Unicode character of a phoneme string.
//!
//! The table is the `vocab` of Kokoro-82M v1.0's `config.json` (114 symbols, ids 1..=177). It is NOT
//! the older StyleTTS2 / v0.19 enumeration, which differs in eleven slots.

/// The pad token, placed at both ends of every sequence.
pub const PAD: i64 = 0;

/// Longest phoneme sequence the model accepts (PL-BERT's 512 positions minus the two pads).
pub const MAX_PHONEME_TOKENS: usize = 510;

const VOCAB: &[(char, i64)] = &[
    (';', 1),
    (':', 2),
    (',', 3),
    ('.', 4),
    ('!', 5),
    ('?', 6),
    ('—', 9),
    ('…', 10),
    ('\u{0022}', 11),
    ('(', 12),
    (')', 13),
    ('“', 14),
    ('”', 15),
    ('\u{0020}', 16),
    ('\u{0303}', 17),
    ('ʣ', 18),
    ('ʥ', 19),
    ('ʦ', 20),
    ('ʨ', 21),
    ('ᵝ', 22),
    ('ꭧ', 23),
    ('A', 24),
    ('I', 25),
    ('O', 31),
    ('Q', 33),
    ('S', 35),
    ('T', 36),
    ('W', 39),
    ('Y', 41),
    ('ᵊ', 42),
    ('a', 43),
    ('b', 44),
    ('c', 45),
    ('d', 46),
    ('e', 47),
    ('f', 48),
    ('h', 50),
    ('i', 51),
    ('j', 52),
    ('k', 53),
    ('l', 54),
    ('m', 55),
    ('n', 56),
    ('o', 57),
    ('p', 58),
    ('q', 59),
    ('r', 60),
    ('s', 61),
    ('t', 62),
    ('u', 63),
    ('v', 64),
    ('w', 65),
    ('x', 66),
    ('y', 67),
    ('z', 68),
    ('ɑ', 69),
    ('ɐ', 70),
    ('ɒ', 71),
    ('æ', 72),
    ('β', 75),
    ('ɔ', 76),
    ('ɕ', 77),
    ('ç', 78),
    ('ɖ', 80),
    ('ð', 81),
    ('ʤ', 82),
    ('ə', 83),
    ('ɚ', 85),
    ('ɛ', 86),
    ('ɜ', 87),
    ('ɟ', 90),
    ('ɡ', 92),
    ('ɥ', 99),
    ('ɨ', 101),
    ('ɪ', 102),
    ('ʝ', 103),
    ('ɯ', 110),
    ('ɰ', 111),
    ('ŋ', 112),
    ('ɳ', 113),
    ('ɲ', 114),
    ('ɴ', 115),
    ('ø', 116),
    ('ɸ', 118),
    ('θ', 119),
    ('œ', 120),
    ('ɹ', 123),
    ('ɾ', 125),
    ('ɻ', 126),
    ('ʁ', 128),
    ('ɽ', 129),
    ('ʂ', 130),
    ('ʃ', 131),
    ('ʈ', 132),
    ('ʧ', 133),
    ('ʊ', 135),
    ('ʋ', 136),
    ('ʌ', 138),
    ('ɣ', 139),
    ('ɤ', 140),
    ('χ', 142),
    ('ʎ', 143),
    ('ʒ', 147),
    ('ʔ', 148),
    ('ˈ', 156),
    ('ˌ', 157),
    ('ː', 158),
    ('ʰ', 162),
    ('ʲ', 164),
    ('↓', 169),
    ('→', 171),
    ('↗', 172),
    ('↘', 173),
    ('ᵻ', 177),
];

/// The id of one phoneme symbol, or `None` when the model has no such symbol.
pub fn token_id(symbol: char) -> Option<i64> {
    VOCAB.iter().find(|(c, _)| *c == symbol).map(|(_, id)| *id)
}

/// A phoneme string mapped to ids, with the symbols that had no id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tokens {
    /// `[PAD, ids..., PAD]`, ready for the model (no trailing pad from [`tokenize_open`]).
    pub ids: Vec<i64>,
    /// Symbols outside the vocabulary, in order of appearance. Each is a front-end bug; they are
    /// reported to the caller instead of vanishing without trace.
    pub unknown: Vec<char>,
}

impl Tokens {
    /// Number of phoneme tokens, not counting the pads.
    pub fn phoneme_count(&self) -> usize {
        self.ids.iter().filter(|&&id| id != PAD).count()
    }
}

/// Maps `phonemes` to model ids, framed with pads.
pub fn tokenize(phonemes: &str) -> Tokens {
    let mut ids = Vec::with_capacity(phonemes.len() + 2);
    let mut unknown = Vec::new();
    ids.push(PAD);
    for symbol in phonemes.chars() {
        match token_id(symbol) {
            Some(id) => ids.push(id),
            None => unknown.push(symbol),
        }
    }
    ids.push(PAD);
    Tokens { ids, unknown }
}

/// [`tokenize`] for a piece of an utterance that goes on in a later request (a sentence cut so its
/// first words sound sooner): without the trailing pad. With it the model reads the last word as
/// the end of an utterance: it lengthens the last syllable (a final "s" of 14 frames instead of the
/// 3 it gets inside the sentence) and adds 0.4–1 s of silence, which costs synthesis time before
/// the first sound and is cut away anyway. Without it the piece's durations are within a few
/// frames of the same words' inside the whole sentence (BENCHMARKS.md).
pub fn tokenize_open(phonemes: &str) -> Tokens {
    let mut tokens = tokenize(phonemes);
    tokens.ids.pop();
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(phonemes: &str, ids: &[i64]) {
        let tokens = tokenize(phonemes);
        assert_eq!(tokens.ids, ids, "ids of {phonemes:?}");
        assert!(tokens.unknown.is_empty());
    }

    #[test]
    fn vocab_has_the_v1_symbols() {
        assert_eq!(VOCAB.len(), 114);
        // Slots that moved between v0.19 and v1.0.
        assert_eq!(token_id('('), Some(12));
        assert_eq!(token_id('ʦ'), Some(20));
        assert_eq!(token_id('ꭧ'), Some(23));
        assert_eq!(token_id('A'), Some(24));
        assert_eq!(token_id('ᵊ'), Some(42));
        assert_eq!(token_id('«'), None);
    }

    #[test]
    fn english_and_mandarin_examples() {
        check(
            "həlˈO wˈɜɹld!",
            &[0, 50, 83, 54, 156, 31, 16, 65, 156, 87, 123, 54, 46, 5, 0],
        );
        check("bˈʌTəɹ", &[0, 44, 156, 138, 36, 83, 123, 0]);
        check(
            "ni↓xau↓, ʂɨ↘ʨje↘.",
            &[
                0, 56, 51, 169, 66, 43, 63, 169, 3, 16, 130, 101, 173, 21, 52, 47, 173, 4, 0,
            ],
        );
    }

    #[test]
    fn an_open_end_drops_only_the_trailing_pad() {
        let (closed, open) = (tokenize("həlˈO,"), tokenize_open("həlˈO,"));
        assert_eq!(open.ids, closed.ids[..closed.ids.len() - 1]);
        assert_eq!(
            (open.ids[0], *open.ids.last().unwrap()),
            (PAD, 3),
            "leading pad kept, ends on ','"
        );
        assert_eq!((open.phoneme_count(), closed.phoneme_count()), (6, 6));
    }

    #[test]
    fn unknown_symbols_are_reported_not_dropped_silently() {
        let tokens = tokenize("aБb");
        assert_eq!(tokens.ids, vec![0, 43, 44, 0]);
        assert_eq!(tokens.unknown, vec!['Б']);
        assert_eq!(tokens.phoneme_count(), 2);
    }
}
