//! Raw PCM (OpenAI's `pcm`: 24 kHz mono signed 16-bit little-endian, no header), and the
//! float → 16-bit conversion shared with WAV and FLAC.

use super::{Encoder, Error};

/// Stateless: every sample maps to two bytes, so nothing is ever held back.
pub(super) struct Pcm;

impl Encoder for Pcm {
    fn push(&mut self, samples: &[f32]) -> Result<Vec<u8>, Error> {
        let mut out = Vec::with_capacity(samples.len() * 2);
        extend_s16le(&mut out, samples);
        Ok(out)
    }

    fn finish(self: Box<Self>) -> Result<Vec<u8>, Error> {
        Ok(Vec::new())
    }
}

/// Appends `samples` as s16le.
pub(super) fn extend_s16le(out: &mut Vec<u8>, samples: &[f32]) {
    out.extend(samples.iter().flat_map(|&s| to_i16(s).to_le_bytes()));
}

/// Float to 16-bit. Out-of-range samples are clipped, not wrapped (a wrap is a loud click);
/// the scale is 32767 so +1.0 and -1.0 stay symmetric.
pub(super) fn to_i16(sample: f32) -> i16 {
    // The clamp bounds the product to [-32767, 32767], so the cast cannot saturate; NaN casts to 0.
    (sample.clamp(-1.0, 1.0) * f32::from(i16::MAX)).round() as i16
}
