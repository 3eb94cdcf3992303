//! Splits a long phoneme string into pieces the model can take (≤ 510 tokens each).
//!
//! Breaks go where a speaker would pause anyway, so the seams are inaudible: after a sentence end
//! if there is one in reach, else after a clause mark, else after a comma or dash, else between
//! words. Only a single "word" longer than the limit is cut mid-way.

use std::ops::Range;

use crate::vocab::MAX_PHONEME_TOKENS;

/// Longest first chunk when streaming: about a clause, a few seconds of speech, so the first audio
/// is ready in a fraction of the time the whole text takes.
pub const FIRST_STREAM_CHUNK_TOKENS: usize = 64;

/// Splits phonemes into model-sized chunks (byte ranges), at pauses where possible. With
/// `short_first`, the first chunk is kept short so a stream can start playing sooner.
pub fn plan_chunks(phonemes: &str, short_first: bool) -> Vec<Range<usize>> {
    let first = if short_first {
        FIRST_STREAM_CHUNK_TOKENS
    } else {
        MAX_PHONEME_TOKENS
    };
    split(phonemes, first, MAX_PHONEME_TOKENS)
}

/// Marks tried in order; the last occurrence of the first class found within reach wins.
const BREAK_CLASSES: [&[char]; 3] = [&['.', '!', '?', '…'], &[':', ';'], &[',', '—']];

/// Byte ranges of `phonemes`, each at most `max_tokens` characters (the first at most
/// `first_max_tokens`, so streaming can start sooner), trimmed of spaces, covering every non-space
/// character in order.
pub fn split(phonemes: &str, first_max_tokens: usize, max_tokens: usize) -> Vec<Range<usize>> {
    assert!(first_max_tokens > 0 && max_tokens > 0, "chunk limits must be positive");
    let mut chunks = Vec::new();
    let mut start = skip_spaces(phonemes, 0);
    while start < phonemes.len() {
        let rest = &phonemes[start..];
        let limit = if chunks.is_empty() {
            first_max_tokens
        } else {
            max_tokens
        };
        let end = match rest.char_indices().nth(limit) {
            None => phonemes.len(),
            Some((limit, _)) => start + best_break(&rest[..limit]).unwrap_or(limit),
        };
        let trimmed_end = start + phonemes[start..end].trim_end().len();
        if trimmed_end > start {
            chunks.push(start..trimmed_end);
        }
        start = skip_spaces(phonemes, end);
    }
    chunks
}

/// Byte offset just past the best break point inside `window`, if any.
fn best_break(window: &str) -> Option<usize> {
    for class in BREAK_CLASSES {
        if let Some((i, c)) = window.char_indices().rev().find(|(_, c)| class.contains(c)) {
            return Some(i + c.len_utf8());
        }
    }
    window.rfind(' ').filter(|&i| i > 0)
}

fn skip_spaces(s: &str, from: usize) -> usize {
    from + s[from..].len() - s[from..].trim_start().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(phonemes: &str, max: usize, expected: &[&str]) {
        let got: Vec<&str> = split(phonemes, max, max).into_iter().map(|r| &phonemes[r]).collect();
        assert_eq!(got, expected);
        for piece in got {
            assert!(piece.chars().count() <= max, "{piece:?} longer than {max}");
        }
    }

    #[test]
    fn short_text_is_one_chunk() {
        check("  həlˈO wˈɜɹld!  ", 510, &["həlˈO wˈɜɹld!"]);
        check("", 510, &[]);
        check("   ", 510, &[]);
    }

    #[test]
    fn prefers_sentence_end_then_clause_then_comma_then_space() {
        check("ab, cd. ef, gh", 12, &["ab, cd.", "ef, gh"]);
        check("ab; cd, ef gh", 10, &["ab;", "cd, ef gh"]);
        check("ab cd, ef gh", 9, &["ab cd,", "ef gh"]);
        check("ab cd ef gh", 7, &["ab cd", "ef gh"]);
    }

    #[test]
    fn cuts_an_overlong_word_and_keeps_every_symbol() {
        check("abcdefghij", 4, &["abcd", "efgh", "ij"]);
        check("ʂɨ↘ʨje↘ ni↓xau↓", 8, &["ʂɨ↘ʨje↘", "ni↓xau↓"]);
    }

    #[test]
    fn first_chunk_can_be_shorter() {
        let text = "ab, cd ef. gh ij, kl mn op.";
        let got: Vec<&str> = split(text, 8, 100).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["ab,", "cd ef. gh ij, kl mn op."]);
    }

    #[test]
    fn long_paragraph_fits_the_model() {
        let sentence = "ðə kwˈɪk bɹˈWn fˈɑks ʤˈʌmps ˈOvəɹ ðə lˈAzi dˈɔɡ. ";
        let text = sentence.repeat(40);
        let chunks = split(&text, 510, 510);
        assert!(chunks.len() > 1);
        let joined: String = chunks.iter().map(|r| text[r.clone()].replace(' ', "")).collect();
        assert_eq!(joined, text.replace(' ', ""), "no symbol lost or duplicated");
        for r in &chunks {
            assert!(text[r.clone()].ends_with('.'), "breaks at sentence ends");
        }
    }
}
