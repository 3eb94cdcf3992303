use std::ops::Range;

/// One unit of phonemizer output: a word or a punctuation mark.
///
/// `source` is a byte range into the text that was phonemized, so word timestamps can point back at
/// the user's own words even after numbers were spelled out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Kokoro phonemes for this token (may be empty for text that has no sound).
    pub phonemes: String,
    /// Byte range of the original text this token stands for.
    pub source: Range<usize>,
    /// Whether a space follows this token in the phoneme string.
    pub space_after: bool,
}

/// The phonemized form of a piece of text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Utterance {
    /// Tokens in reading order.
    pub tokens: Vec<Token>,
}

impl Utterance {
    /// The exact string that is tokenized for the model: each token's phonemes, a space where
    /// `space_after` says so, with no space at the very end.
    pub fn phonemes(&self) -> String {
        self.phonemes_with_spans().0
    }

    /// [`Utterance::phonemes`] plus, for each token, the byte range its phonemes occupy in that
    /// string; the link between model durations and the user's words.
    pub fn phonemes_with_spans(&self) -> (String, Vec<Range<usize>>) {
        let mut out = String::new();
        let mut spans = Vec::with_capacity(self.tokens.len());
        for token in &self.tokens {
            let start = out.len();
            out.push_str(&token.phonemes);
            spans.push(start..out.len());
            if token.space_after {
                out.push(' ');
            }
        }
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
        (out, spans)
    }

    /// Appends `other`, making sure the two parts stay separated by a space.
    pub fn append(&mut self, other: Utterance) {
        if other.tokens.is_empty() {
            return;
        }
        if let Some(last) = self.tokens.last_mut() {
            last.space_after = true;
        }
        self.tokens.extend(other.tokens);
    }

    /// Moves every source range `offset` bytes to the right (for a part cut out of a longer text).
    pub fn shifted(mut self, offset: usize) -> Utterance {
        for token in &mut self.tokens {
            token.source = token.source.start + offset..token.source.end + offset;
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(phonemes: &str, source: Range<usize>, space_after: bool) -> Token {
        Token { phonemes: phonemes.into(), source, space_after }
    }

    #[test]
    fn phonemes_join_with_single_spaces_and_no_trailing_space() {
        let utterance = Utterance {
            tokens: vec![token("həlˈO", 0..5, false), token(",", 5..6, true), token("wˈɜɹld", 7..12, true)],
        };
        assert_eq!(utterance.phonemes(), "həlˈO, wˈɜɹld");
        let (phonemes, spans) = utterance.phonemes_with_spans();
        let pieces: Vec<&str> = spans.iter().map(|r| &phonemes[r.clone()]).collect();
        assert_eq!(pieces, ["həlˈO", ",", "wˈɜɹld"]);
    }

    #[test]
    fn append_separates_parts_and_shift_moves_sources() {
        let mut first = Utterance { tokens: vec![token("a", 0..1, false)] };
        first.append(Utterance { tokens: vec![token("b", 0..1, false)] }.shifted(4));
        assert_eq!(first.phonemes(), "a b");
        assert_eq!(first.tokens[1].source, 4..5);
    }
}
