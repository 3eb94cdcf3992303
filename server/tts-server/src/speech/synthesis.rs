//! Synthesis, one chunk at a time: the unit of streaming and of cancellation.

use std::collections::VecDeque;
use std::sync::Arc;

use tts_engine::{VoicePack, SAMPLES_PER_FRAME, SAMPLE_RATE};

use super::plan::PlannedChunk;
use super::{Speech, SpeechError};

/// Fade at each chunk edge, in samples (5 ms). Kokoro's chunks begin and end in near-silence; the
/// fade makes sure a join never jumps between two non-zero samples, which would click.
const EDGE_FADE: usize = 120;

/// A word and when it is spoken.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
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

/// Audio for one chunk.
#[derive(Debug, Clone)]
pub struct Chunk {
    /// 24 kHz mono samples.
    pub samples: Vec<f32>,
    /// Word timings, when the model reports durations.
    pub words: Option<Vec<Word>>,
}

/// A synthesis in progress; each `next()` computes one chunk. Dropping it stops the work.
pub struct Synthesis {
    speech: Arc<Speech>,
    chunks: VecDeque<PlannedChunk>,
    voice: VoicePack,
    speed: f32,
    offset: usize,
}

impl Synthesis {
    pub(super) fn new(speech: Arc<Speech>, chunks: Vec<PlannedChunk>, voice: VoicePack, speed: f32) -> Self {
        Self {
            speech,
            chunks: chunks.into(),
            voice,
            speed,
            offset: 0,
        }
    }

    /// Runs to the end: all samples, and word timings if the model has durations.
    pub fn collect_all(self) -> Result<(Vec<f32>, Option<Vec<Word>>), SpeechError> {
        self.collect_while(|| true)
    }

    /// [`Synthesis::collect_all`], asking `keep_going` before each chunk; when it says no, stops
    /// with [`SpeechError::Cancelled`] (the client left, so the rest would be wasted).
    pub fn collect_while(
        mut self,
        keep_going: impl Fn() -> bool,
    ) -> Result<(Vec<f32>, Option<Vec<Word>>), SpeechError> {
        let mut samples = Vec::new();
        let mut words = Some(Vec::new());
        loop {
            if !keep_going() {
                return Err(SpeechError::Cancelled);
            }
            let Some(chunk) = self.next() else { break };
            let chunk = chunk?;
            samples.extend_from_slice(&chunk.samples);
            match (&mut words, chunk.words) {
                (Some(all), Some(these)) => all.extend(these),
                _ => words = None,
            }
        }
        Ok((samples, words))
    }
}

impl Iterator for Synthesis {
    type Item = Result<Chunk, SpeechError>;

    fn next(&mut self) -> Option<Self::Item> {
        let planned = self.chunks.pop_front()?;
        let audio = match self
            .speech
            .engine()
            .synthesize_chunk(&planned.phonemes, &self.voice, self.speed)
        {
            Ok(audio) => audio,
            Err(e) => return Some(Err(SpeechError::Engine(e))),
        };
        if !audio.unknown_symbols.is_empty() {
            tracing::warn!(symbols = ?audio.unknown_symbols, "phonemes outside the model's vocabulary were skipped");
        }
        let mut samples = audio.samples;
        fade_edges(&mut samples);
        let words = audio
            .durations
            .as_deref()
            .and_then(|d| time_words(&planned, d, self.offset));
        self.offset += samples.len();
        Some(Ok(Chunk { samples, words }))
    }
}

fn fade_edges(samples: &mut [f32]) {
    let n = EDGE_FADE.min(samples.len() / 2);
    let len = samples.len();
    for i in 0..n {
        let gain = i as f32 / n as f32;
        samples[i] *= gain;
        samples[len - 1 - i] *= gain;
    }
}

/// Word times from per-token frame counts: `durations[0]` is the leading pad, `durations[k + 1]`
/// the k-th phoneme symbol. Returns `None` if the durations do not fit the chunk.
fn time_words(planned: &PlannedChunk, durations: &[f32], offset: usize) -> Option<Vec<Word>> {
    let symbols = planned.phonemes.chars().count();
    if durations.len() != symbols + 2 {
        tracing::warn!(
            expected = symbols + 2,
            got = durations.len(),
            "durations do not match the chunk; no word timings"
        );
        return None;
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
            start: seconds(frames_before[slot.phonemes.start + 1]),
            end: seconds(frames_before[(slot.phonemes.end + 1).min(symbols + 1)]),
            char_start: slot.chars.start,
            char_end: slot.chars.end,
        })
        .collect();
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::super::plan::WordSlot;
    use super::*;

    #[test]
    fn words_are_timed_from_durations_after_the_pad() {
        let planned = PlannedChunk {
            phonemes: "ab cd".into(),
            words: vec![
                WordSlot {
                    text: "Ab".into(),
                    chars: 0..2,
                    phonemes: 0..2,
                },
                WordSlot {
                    text: "cd".into(),
                    chars: 3..5,
                    phonemes: 3..5,
                },
            ],
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
        assert!(
            time_words(&planned, &durations[..5], 0).is_none(),
            "mismatched durations give no timings"
        );
    }

    /// With the real model: consecutive chunks meet without a jump between samples.
    #[test]
    fn joins_between_chunks_do_not_click() {
        let args = crate::assets::AssetArgs {
            home: std::env::var_os("TTS_HOME").map(Into::into),
            model: None,
            voices: None,
            runtime: None,
            threads: None,
        };
        let speech = Arc::new(Speech::load(&args.resolve()).expect("assets installed (run make setup)"));
        let request = super::super::Request {
            text: "Well, here we are. The first part is short, then the rest follows in a longer piece; it keeps going, and going, until the end.".into(),
            voice: "af_heart".into(),
            speed: 1.0,
            lang: None,
            strict_misaki: false,
        };
        let prepared = speech.prepare(request, crate::speech::SPEED_RANGE).unwrap();
        let chunks: Vec<Chunk> = speech.synthesize(prepared, true).map(Result::unwrap).collect();
        assert!(chunks.len() >= 2, "the short first chunk makes at least one join");
        let joined: Vec<f32> = chunks.iter().flat_map(|c| c.samples.iter().copied()).collect();
        // How far speech itself moves between neighbouring samples, at its busiest.
        let mut steps: Vec<f32> = joined.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
        steps.sort_by(f32::total_cmp);
        let busy = steps[steps.len() * 999 / 1000];
        let mut at = 0;
        for pair in chunks.windows(2) {
            at += pair[0].samples.len();
            let jump = (joined[at] - joined[at - 1]).abs();
            assert!(
                jump <= busy,
                "join at sample {at}: jump {jump} above speech's 99.9th percentile step {busy}"
            );
            assert!(
                joined[at - 1].abs() < 1e-3 && joined[at].abs() < 1e-3,
                "join at {at} is not at silence"
            );
        }
    }

    #[test]
    fn edges_fade_to_silence() {
        let mut samples = vec![0.5f32; 1000];
        fade_edges(&mut samples);
        assert_eq!(samples[0], 0.0);
        assert!(samples[999].abs() < 0.01);
        assert_eq!(samples[500], 0.5);
        let mut tiny = vec![1.0f32; 3];
        fade_edges(&mut tiny);
        assert_eq!(tiny[0], 0.0);
    }
}
