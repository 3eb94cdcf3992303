//! Voice packs: per-voice style tables, one 256-float row per utterance length. Pure (no files):
//! the in-browser engine picks rows by the same rule.

/// Floats in one style vector (128 for the decoder's timbre, 128 for prosody).
pub const STYLE_DIM: usize = 256;
/// Rows in a pack: one per phoneme count 1..=510.
pub const STYLE_ROWS: usize = 510;
pub(crate) const PACK_FLOATS: usize = STYLE_DIM * STYLE_ROWS;

/// One voice: a 510 × 256 table of style vectors.
#[derive(Clone, PartialEq)]
pub struct VoicePack {
    rows: Vec<f32>,
}

impl std::fmt::Debug for VoicePack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VoicePack").field("rows", &STYLE_ROWS).finish()
    }
}

impl VoicePack {
    /// Builds a pack from little-endian f32 bytes laid out as 510 rows of 256.
    pub fn from_le_bytes(bytes: &[u8]) -> Result<Self, String> {
        if bytes.len() != PACK_FLOATS * 4 {
            return Err(format!(
                "expected {} bytes (510×256 f32), found {}",
                PACK_FLOATS * 4,
                bytes.len()
            ));
        }
        let rows = bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        Ok(Self { rows })
    }

    /// A weighted mix of packs (weights need not sum to 1; they are normalised), as the reference
    /// pipeline mixes voices: element-wise, row by row.
    pub fn blend(parts: &[(&VoicePack, f32)]) -> Option<VoicePack> {
        let total: f32 = parts.iter().map(|(_, w)| *w).sum();
        if parts.is_empty()
            || !(total.is_finite() && total > 0.0)
            || parts.iter().any(|(_, w)| !(w.is_finite() && *w >= 0.0))
        {
            return None;
        }
        let mut rows = vec![0.0f32; PACK_FLOATS];
        for (pack, weight) in parts {
            let share = weight / total;
            for (out, value) in rows.iter_mut().zip(&pack.rows) {
                *out += share * value;
            }
        }
        Some(VoicePack { rows })
    }

    /// The style vector for an utterance of `phoneme_count` tokens.
    ///
    /// The reference pipeline indexes `pack[len(phonemes) - 1]`; the ONNX ports use `pack[len]`. We
    /// follow the reference, since that is what the model saw in training.
    pub fn style(&self, phoneme_count: usize) -> &[f32] {
        let row = style_row(phoneme_count);
        &self.rows[row * STYLE_DIM..(row + 1) * STYLE_DIM]
    }
}

/// The row of a pack that styles an utterance of `phoneme_count` tokens (pads not counted):
/// `min(n - 1, 509)`, the reference pipeline's `pack[len(phonemes) - 1]`.
pub fn style_row(phoneme_count: usize) -> usize {
    phoneme_count.saturating_sub(1).min(STYLE_ROWS - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack_with_row_markers() -> VoicePack {
        let mut bytes = Vec::with_capacity(PACK_FLOATS * 4);
        for row in 0..STYLE_ROWS {
            for col in 0..STYLE_DIM {
                bytes.extend_from_slice(&((row * 1000 + col) as f32).to_le_bytes());
            }
        }
        VoicePack::from_le_bytes(&bytes).unwrap()
    }

    #[test]
    fn style_row_follows_the_reference_pipeline() {
        let pack = pack_with_row_markers();
        assert_eq!(pack.style(1)[0], 0.0, "one phoneme uses row 0");
        assert_eq!(pack.style(12)[0], 11_000.0);
        assert_eq!(pack.style(12)[255], 11_255.0);
        assert_eq!(pack.style(510)[0], 509_000.0);
        assert_eq!(pack.style(0)[0], 0.0, "no underflow");
        assert_eq!(pack.style(10_000)[0], 509_000.0, "clamped to the last row");
    }

    #[test]
    fn blend_normalises_weights() {
        let a = pack_with_row_markers();
        let zeros = VoicePack {
            rows: vec![0.0; PACK_FLOATS],
        };
        let mix = VoicePack::blend(&[(&a, 3.0), (&zeros, 1.0)]).unwrap();
        assert_eq!(mix.style(12)[5], 0.75 * 11_005.0);
        assert_eq!(VoicePack::blend(&[(&a, 1.0)]).unwrap(), a);
        assert!(VoicePack::blend(&[]).is_none());
        assert!(VoicePack::blend(&[(&a, 0.0)]).is_none());
        assert!(VoicePack::blend(&[(&a, -1.0), (&zeros, 2.0)]).is_none());
        assert!(VoicePack::blend(&[(&a, f32::NAN)]).is_none());
    }

    #[test]
    fn wrong_sized_pack_is_rejected() {
        let err = VoicePack::from_le_bytes(&[0; 100]).unwrap_err();
        assert!(err.contains("522240"), "{err}");
    }
}
