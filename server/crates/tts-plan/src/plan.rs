//! Planning: text → phoneme chunks the model can take, each knowing which of the user's words it
//! holds (by character offsets into the original text), so audio can be timed back to the text.

use std::ops::Range;

use serde::{Deserialize, Serialize};
use tts_text::{zh, Lang, NotLoaded, TextData, Utterance};

/// One chunk to synthesize.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedChunk {
    /// Phonemes for the model (≤ 510 symbols).
    pub phonemes: String,
    /// The words it speaks, in order.
    pub words: Vec<WordSlot>,
    /// The utterance goes on after this chunk in a later request ([`leave_open`]): the model gets
    /// no trailing pad (`tts_engine::vocab::tokenize_open`), and the durations have no entry for it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub open_end: bool,
}

/// A word of the user's text and where its phonemes sit in a chunk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WordSlot {
    /// The word as the user wrote it.
    pub text: String,
    /// Character (Unicode scalar) offsets into the original text.
    pub chars: Range<usize>,
    /// Character offsets of its phonemes within the chunk's phoneme string.
    pub phonemes: Range<usize>,
    /// Where its phonemes sit among the model's input ids and output durations: one token per
    /// phoneme character, after the leading pad (so `phonemes` shifted by one). Exact when every
    /// symbol of the chunk is in the vocabulary (see [`ModelInput::unknown`]).
    pub tokens: Range<usize>,
}

/// What the model takes for one chunk, besides the voice and speed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelInput {
    /// Token ids framed by the pad id 0: `[0, ids..., 0]` (no trailing 0 for an open end).
    pub ids: Vec<i64>,
    /// The row of the voice pack (510 × 256 f32) that styles this chunk.
    pub style_row: usize,
    /// Phoneme symbols the vocabulary lacks, left out of `ids` (a front-end bug if ever non-empty).
    pub unknown: Vec<char>,
}

/// A chunk and its model input together: what the in-browser engine is handed, and what
/// `tts-server phonemize --plan` prints, so the two can be compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreparedChunk {
    /// The chunk and its words.
    #[serde(flatten)]
    pub chunk: PlannedChunk,
    /// Its ids and style row.
    #[serde(flatten)]
    pub input: ModelInput,
}

impl PlannedChunk {
    /// Ids and style row, by the same vocabulary and rule the server's engine applies
    /// (`tts_engine::vocab::tokenize`, `tts_engine::style_row`).
    pub fn model_input(&self) -> ModelInput {
        let tokens = if self.open_end {
            tts_engine::vocab::tokenize_open(&self.phonemes)
        } else {
            tts_engine::vocab::tokenize(&self.phonemes)
        };
        ModelInput {
            style_row: tts_engine::style_row(tokens.phoneme_count()),
            ids: tokens.ids,
            unknown: tokens.unknown,
        }
    }
}

/// The front end's reading of a text, paragraph by paragraph (misaki's pipeline splits on line
/// breaks), with token sources as byte offsets into the whole text. Made once per request, before
/// queueing, so a text with nothing to say is refused up front; cut into chunks later by [`plan`].
///
/// Fails only when `data` lacks a language the text needs (see [`TextData::phonemize_with`]).
pub fn read(data: &TextData, text: &str, lang: Lang, options: zh::Options) -> Result<Vec<Utterance>, NotLoaded> {
    let mut paragraphs = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let offset = line_start;
        line_start += line.len();
        if line.trim().is_empty() {
            continue;
        }
        paragraphs.push(data.phonemize_with(line, lang, options)?.shifted(offset));
    }
    Ok(paragraphs)
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

/// Marks the text as a piece of a longer utterance that goes on in the caller's next request (a
/// sentence cut so that its first words sound sooner): its last chunk ends open.
pub fn leave_open(chunks: &mut [PlannedChunk]) {
    if let Some(last) = chunks.last_mut() {
        last.open_end = true;
    }
}

/// [`read`] and [`plan`] in one, with each chunk's model input; `open_end`: see [`leave_open`].
pub fn prepare(
    data: &TextData,
    text: &str,
    lang: Lang,
    options: zh::Options,
    short_first: bool,
    open_end: bool,
) -> Result<Vec<PreparedChunk>, NotLoaded> {
    let mut chunks = plan(text, &read(data, text, lang, options)?, short_first);
    if open_end {
        leave_open(&mut chunks);
    }
    Ok(chunks
        .into_iter()
        .map(|chunk| PreparedChunk {
            input: chunk.model_input(),
            chunk,
        })
        .collect())
}

/// A token the user would call a word: its source holds a letter or digit (punctuation is no word).
fn is_word(text: &str, token: &tts_text::Token) -> bool {
    text.get(token.source.clone())
        .is_some_and(|s| s.chars().any(char::is_alphanumeric))
}

fn plan_paragraph(text: &str, utterance: &Utterance, short_first: bool, out: &mut Vec<PlannedChunk>) {
    let (phonemes, spans) = utterance.phonemes_with_spans();
    let words = words_of(text, utterance, &spans);
    for range in tts_engine::plan_chunks(&phonemes, short_first) {
        let chunk = &phonemes[range.clone()];
        let char_at = |byte: usize| {
            phonemes[range.start..byte.clamp(range.start, range.end)]
                .chars()
                .count()
        };
        let words = words
            .iter()
            .filter(|(_, span)| range.contains(&span.start))
            .map(|(source, span)| {
                let phonemes = char_at(span.start)..char_at(span.end);
                WordSlot {
                    text: text[source.clone()].to_string(),
                    chars: char_offset(text, source.start)..char_offset(text, source.end),
                    tokens: phonemes.start + 1..phonemes.end + 1,
                    phonemes,
                }
            })
            .collect();
        out.push(PlannedChunk {
            phonemes: chunk.to_string(),
            words,
            open_end: false,
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
    fn words_know_their_tokens_after_the_pad() {
        let text = "Pay now";
        let utterance = Utterance {
            tokens: vec![token("pˈA", 0..3), token("nˈW", 4..7)],
        };
        let mut chunks = Vec::new();
        plan_paragraph(text, &utterance, false, &mut chunks);
        let chunk = &chunks[0];
        assert_eq!(chunk.phonemes, "pˈA nˈW");
        let input = chunk.model_input();
        assert_eq!(input.ids, [0, 58, 156, 24, 16, 56, 156, 39, 0]);
        assert_eq!(input.style_row, 6, "7 phoneme tokens use row 6");
        let second = &chunk.words[1];
        assert_eq!(
            (second.chars.clone(), second.phonemes.clone(), second.tokens.clone()),
            (4..7, 4..7, 5..8)
        );
        assert_eq!(input.ids[second.tokens.clone()], [56, 156, 39], "the ids of 'nˈW'");
    }

    #[test]
    fn char_offsets_count_characters_not_bytes() {
        assert_eq!(char_offset("你好 world", 6), 2);
        assert_eq!(char_offset("你好", 99), 2);
    }
}
