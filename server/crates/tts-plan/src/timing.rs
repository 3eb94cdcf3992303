//! Word times from the model's per-token durations (frames of [`SAMPLES_PER_FRAME`] samples).

use serde::Serialize;
use tts_engine::{SAMPLES_PER_FRAME, SAMPLE_RATE};

use crate::PlannedChunk;

/// A word and when it is spoken.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Word {
    /// The word as written in the request.
    pub word: String,
    /// Start, in seconds from the beginning of the audio.
    pub start: f64,
    /// End, in seconds.
    pub end: f64,
    /// Offset of the word's first character in the request text (Unicode scalar values).
    pub char_start: usize,
    /// Offset just past its last character.
    pub char_end: usize,
}

/// The durations do not belong to the chunk: one per phoneme symbol plus the pads was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DurationMismatch {
    /// Symbols of the chunk + 2 (+ 1 for an open end).
    pub expected: usize,
    /// Durations given.
    pub got: usize,
}

impl std::fmt::Display for DurationMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "durations do not match the chunk: expected {} (one per symbol and pad), got {}",
            self.expected, self.got
        )
    }
}

impl std::error::Error for DurationMismatch {}

/// Word times from per-token frame counts: `durations[0]` is the leading pad, `durations[k + 1]`
/// the k-th phoneme symbol, then the trailing pad unless the chunk ends open. `offset` is the
/// chunk's first sample in the whole audio.
pub fn time_words(planned: &PlannedChunk, durations: &[f32], offset: usize) -> Result<Vec<Word>, DurationMismatch> {
    let symbols = planned.phonemes.chars().count();
    let expected = symbols + 1 + usize::from(!planned.open_end);
    if durations.len() != expected {
        return Err(DurationMismatch {
            expected,
            got: durations.len(),
        });
    }
    let mut frames_before = Vec::with_capacity(durations.len() + 1);
    let mut total = 0.0f64;
    for &d in durations {
        frames_before.push(total);
        total += f64::from(d.max(0.0));
    }
    frames_before.push(total);
    let seconds = |frames: f64| (offset as f64 + frames * SAMPLES_PER_FRAME as f64) / f64::from(SAMPLE_RATE);
    let words = planned
        .words
        .iter()
        .map(|slot| Word {
            word: slot.text.clone(),
            start: seconds(frames_before[slot.tokens.start.min(symbols + 1)]),
            end: seconds(frames_before[slot.tokens.end.min(symbols + 1)]),
            char_start: slot.chars.start,
            char_end: slot.chars.end,
        })
        .collect();
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::WordSlot;

    #[test]
    fn words_are_timed_from_durations_after_the_pad() {
        let planned = PlannedChunk {
            phonemes: "ab cd".into(),
            words: vec![
                WordSlot {
                    text: "Ab".into(),
                    chars: 0..2,
                    phonemes: 0..2,
                    tokens: 1..3,
                },
                WordSlot {
                    text: "cd".into(),
                    chars: 3..5,
                    phonemes: 3..5,
                    tokens: 4..6,
                },
            ],
            open_end: false,
        };
        // pad, a, b, space, c, d, pad
        let durations = [4.0, 2.0, 2.0, 1.0, 3.0, 3.0, 5.0];
        let words = time_words(&planned, &durations, 24_000).unwrap();
        let frame = 600.0 / 24_000.0;
        assert_eq!(words[0].start, 1.0 + 4.0 * frame);
        assert_eq!(words[0].end, 1.0 + 8.0 * frame);
        assert_eq!(words[1].start, 1.0 + 9.0 * frame);
        assert_eq!(words[1].end, 1.0 + 15.0 * frame);
        assert_eq!((words[1].char_start, words[1].char_end), (3, 5));
        assert_eq!(
            time_words(&planned, &durations[..5], 0),
            Err(DurationMismatch { expected: 7, got: 5 }),
            "mismatched durations give no timings"
        );

        // An open end has no trailing pad, so one duration fewer; the words are timed the same.
        let open = PlannedChunk {
            open_end: true,
            ..planned.clone()
        };
        assert_eq!(time_words(&open, &durations[..6], 24_000).unwrap(), words);
        assert_eq!(
            time_words(&open, &durations, 0),
            Err(DurationMismatch { expected: 6, got: 7 }),
            "an open end's durations have no trailing pad"
        );
    }
}
