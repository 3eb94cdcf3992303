//! The voice packs on disk: a folder of `<name>.bin` (raw f32) and `.npz` archives.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::Path;

use crate::voice::VoicePack;
use crate::{Error, ErrorKind};

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
