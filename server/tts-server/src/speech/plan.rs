//! Planning: text → phoneme chunks the model can take, each knowing which of the user's words it
//! holds (by character offsets into the original text), so audio can be timed back to the text.

use std::ops::Range;

use tts_engine::Engine;
use tts_text::{zh, Lang, TextData, Utterance};

/// One chunk to synthesize.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedChunk {
    /// Phonemes for the model (≤ 510 symbols).
    pub phonemes: String,
    /// The words it speaks, in order.
    pub words: Vec<WordSlot>,
}

/// A word of the user's text and where its phonemes sit in a chunk.
#[derive(Debug, Clone, PartialEq)]
pub struct WordSlot {
    /// The word as the user wrote it.
    pub text: String,
    /// Character (Unicode scalar) offsets into the original text.
    pub chars: Range<usize>,
    /// Character offsets of its phonemes within the chunk's phoneme string.
    pub phonemes: Range<usize>,
}

/// The front end's reading of a text, paragraph by paragraph (misaki's pipeline splits on line
/// breaks), with token sources as byte offsets into the whole text. Made once per request, before
/// queueing, so a text with nothing to say is refused up front; cut into chunks later by [`plan`].
pub fn read(data: &TextData, text: &str, lang: Lang, options: zh::Options) -> Vec<Utterance> {
    let mut paragraphs = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let offset = line_start;
        line_start += line.len();
        if line.trim().is_empty() {
            continue;
        }
        paragraphs.push(data.phonemize_with(line, lang, options).shifted(offset));
    }
    paragraphs
}

/// Whether a reading holds at least one spoken word: text made only of punctuation, symbols,
/// control or zero-width characters has none, and would synthesize to a breath or to nothing.
pub fn speaks(text: &str, paragraphs: &[Utterance]) -> bool {
    paragraphs
        .iter()
        .flat_map(|u| &u.tokens)
        .any(|token| !token.phonemes.is_empty() && is_word(text, token))
}

/// Cuts a reading into chunks at pauses. With `short_first`, the very first chunk is short, for
/// streaming.
pub fn plan(text: &str, paragraphs: &[Utterance], short_first: bool) -> Vec<PlannedChunk> {
    let mut chunks = Vec::new();
    for utterance in paragraphs {
        plan_paragraph(text, utterance, short_first && chunks.is_empty(), &mut chunks);
    }
    chunks
}

/// A token the user would call a word: its source holds a letter or digit (punctuation is no word).
fn is_word(text: &str, token: &tts_text::Token) -> bool {
    text.get(token.source.clone())
        .is_some_and(|s| s.chars().any(char::is_alphanumeric))
}

fn plan_paragraph(text: &str, utterance: &Utterance, short_first: bool, out: &mut Vec<PlannedChunk>) {
    let (phonemes, spans) = utterance.phonemes_with_spans();
    let words = words_of(text, utterance, &spans);
    for range in Engine::plan_chunks(&phonemes, short_first) {
        let chunk = &phonemes[range.clone()];
        let char_at = |byte: usize| {
            phonemes[range.start..byte.clamp(range.start, range.end)]
                .chars()
                .count()
        };
        let words = words
            .iter()
            .filter(|(_, span)| range.contains(&span.start))
            .map(|(source, span)| WordSlot {
                text: text[source.clone()].to_string(),
                chars: char_offset(text, source.start)..char_offset(text, source.end),
                phonemes: char_at(span.start)..char_at(span.end),
            })
            .collect();
        out.push(PlannedChunk {
            phonemes: chunk.to_string(),
            words,
        });
    }
}

/// The spoken words of an utterance: (source bytes, phoneme bytes). Tokens that came from the
/// same source (a number spelled as several words) become one word; punctuation is no word.
fn words_of(text: &str, utterance: &Utterance, spans: &[Range<usize>]) -> Vec<(Range<usize>, Range<usize>)> {
    let mut words: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    for (token, span) in utterance.tokens.iter().zip(spans) {
        let source = token.source.clone();
        if !is_word(text, token) || span.is_empty() {
            continue;
        }
        match words.last_mut() {
            Some((last_source, last_span))
                if last_source.start == source.start || last_source.contains(&source.start) =>
            {
                last_source.end = last_source.end.max(source.end);
                last_span.end = span.end;
            }
            _ => words.push((source, span.clone())),
        }
    }
    words
}

fn char_offset(text: &str, byte: usize) -> usize {
    text.get(..byte)
        .map_or_else(|| text.chars().count(), |prefix| prefix.chars().count())
}

#[cfg(test)]
mod tests {
    use tts_text::Token;

    use super::*;

    fn token(phonemes: &str, source: Range<usize>) -> Token {
        Token {
            phonemes: phonemes.into(),
            source,
            space_after: true,
        }
    }

    #[test]
    fn words_merge_tokens_from_one_source_and_skip_punctuation() {
        let text = "Pay $5, now";
        let utterance = Utterance {
            tokens: vec![
                token("pˈA", 0..3),
                token("fˈIv", 4..6),
                token("dˈɑləɹz", 4..6),
                token(",", 6..7),
                token("nˈW", 8..11),
            ],
        };
        let (phonemes, spans) = utterance.phonemes_with_spans();
        let words = words_of(text, &utterance, &spans);
        let got: Vec<(&str, &str)> = words
            .iter()
            .map(|(s, p)| (&text[s.clone()], &phonemes[p.clone()]))
            .collect();
        assert_eq!(got, [("Pay", "pˈA"), ("$5", "fˈIv dˈɑləɹz"), ("now", "nˈW")]);
    }

    #[test]
    fn char_offsets_count_characters_not_bytes() {
        assert_eq!(char_offset("你好 world", 6), 2);
        assert_eq!(char_offset("你好", 99), 2);
    }
}
