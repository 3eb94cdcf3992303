//! Voice packs: per-voice style tables, one 256-float row per utterance length.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::Path;

use crate::{Error, ErrorKind};

/// Floats in one style vector (128 for the decoder's timbre, 128 for prosody).
pub const STYLE_DIM: usize = 256;
/// Rows in a pack: one per phoneme count 1..=510.
pub const STYLE_ROWS: usize = 510;
const PACK_FLOATS: usize = STYLE_DIM * STYLE_ROWS;

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
        let row = phoneme_count.saturating_sub(1).min(STYLE_ROWS - 1);
        &self.rows[row * STYLE_DIM..(row + 1) * STYLE_DIM]
    }
}

/// All voices known to the engine, by name.
#[derive(Debug, Default)]
pub struct Voices {
    packs: BTreeMap<String, VoicePack>,
}

impl Voices {
    /// Loads every `<name>.bin` (raw f32) and `*.npz` (NumPy archive of packs) in `dir`.
    pub fn load_dir(dir: &Path) -> Result<Self, Error> {
        let entries = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        let mut voices = Voices::default();
        for entry in entries {
            let path = entry.map_err(|e| Error::io(dir, e))?.path();
            let (Some(stem), Some(ext)) = (path.file_stem().and_then(|s| s.to_str()), path.extension()) else {
                continue;
            };
            if ext == "bin" {
                let bytes = fs::read(&path).map_err(|e| Error::io(&path, e))?;
                let pack = VoicePack::from_le_bytes(&bytes).map_err(|reason| Error::bad_voice(&path, reason))?;
                voices.packs.insert(stem.to_string(), pack);
            } else if ext == "npz" {
                for (name, pack) in read_npz(&path)? {
                    voices.packs.insert(name, pack);
                }
            }
        }
        if voices.packs.is_empty() {
            return Err(Error::new(
                ErrorKind::Voice,
                format!("no voice packs (*.bin, *.npz) in {}", dir.display()),
            ));
        }
        Ok(voices)
    }

    /// The pack called `name`.
    pub fn get(&self, name: &str) -> Option<&VoicePack> {
        self.packs.get(name)
    }

    /// Voice names in sorted order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.packs.keys().map(String::as_str)
    }

    /// Number of voices.
    pub fn len(&self) -> usize {
        self.packs.len()
    }

    /// Whether there are no voices.
    pub fn is_empty(&self) -> bool {
        self.packs.is_empty()
    }
}

/// Reads a `.npz` of `{name: float32 (510, 1, 256)}` arrays, as `voices-v1.0.bin` is written.
fn read_npz(path: &Path) -> Result<Vec<(String, VoicePack)>, Error> {
    let file = fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| Error::bad_voice(path, e))?;
    let mut packs = Vec::new();
    for i in 0..archive.len() {
        let mut member = archive.by_index(i).map_err(|e| Error::bad_voice(path, e))?;
        let Some(name) = member.name().strip_suffix(".npy").map(str::to_string) else {
            continue;
        };
        let mut bytes = Vec::with_capacity(member.size() as usize);
        member.read_to_end(&mut bytes).map_err(|e| Error::io(path, e))?;
        let data = npy_f32_payload(&bytes).map_err(|reason| Error::bad_voice(path, format!("{name}: {reason}")))?;
        let pack =
            VoicePack::from_le_bytes(data).map_err(|reason| Error::bad_voice(path, format!("{name}: {reason}")))?;
        packs.push((name, pack));
    }
    Ok(packs)
}

/// The raw data of a little-endian f32, C-order `.npy` array (shape is checked by size later).
fn npy_f32_payload(bytes: &[u8]) -> Result<&[u8], String> {
    if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" {
        return Err("not a .npy array".into());
    }
    let (header_len, header_start) = match bytes[6] {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10),
        2 | 3 if bytes.len() >= 12 => (
            u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize,
            12,
        ),
        v => return Err(format!("unsupported .npy version {v}")),
    };
    let data_start = header_start + header_len;
    let header = bytes.get(header_start..data_start).ok_or("truncated .npy header")?;
    let header = String::from_utf8_lossy(header);
    if !header.contains("'descr': '<f4'") {
        return Err(format!("expected little-endian float32, header says {}", header.trim()));
    }
    if header.contains("'fortran_order': True") {
        return Err("Fortran-ordered arrays are not supported".into());
    }
    Ok(&bytes[data_start..])
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

    fn npy(descr: &str, data: &[u8]) -> Vec<u8> {
        let header = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': (2,), }}");
        let mut npy = b"\x93NUMPY\x01\x00".to_vec();
        npy.extend_from_slice(&(header.len() as u16).to_le_bytes());
        npy.extend_from_slice(header.as_bytes());
        npy.extend_from_slice(data);
        npy
    }

    #[test]
    fn npy_payload_checks_dtype() {
        let data = [1, 2, 3, 4, 5, 6, 7, 8];
        assert_eq!(npy_f32_payload(&npy("<f4", &data)).unwrap(), &data);
        assert!(npy_f32_payload(&npy("<f8", &data)).unwrap_err().contains("float32"));
        assert!(npy_f32_payload(b"garbage").is_err());
    }
}
