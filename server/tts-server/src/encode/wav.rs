//! RIFF/WAVE, 16-bit PCM, mono: a 44-byte header in front of s16le samples.
//!
//! A streamed WAV is sent before its length is known, so its RIFF and data sizes are
//! 0xFFFFFFFF, the convention ffmpeg, browsers and `sox` read as "until the end of the stream"
//! (and what ffmpeg itself writes to a pipe). A whole file gets the real sizes.

use super::pcm::extend_s16le;
use super::{Encoder, Error, Format};

/// Size of everything before the samples.
const HEADER_LEN: usize = 44;

/// Size fields of a stream whose length is not known yet.
const UNKNOWN_SIZE: u32 = u32::MAX;

/// Streaming WAV: the header goes out with the first bytes, then samples as they come.
pub(super) struct StreamingWav {
    sample_rate: u32,
    header_sent: bool,
}

impl StreamingWav {
    pub(super) fn new(sample_rate: u32) -> Self {
        StreamingWav {
            sample_rate,
            header_sent: false,
        }
    }

    /// The header, on the first call only.
    fn take_header(&mut self, out: &mut Vec<u8>) {
        if !self.header_sent {
            self.header_sent = true;
            out.extend_from_slice(&header(self.sample_rate, UNKNOWN_SIZE));
        }
    }
}

impl Encoder for StreamingWav {
    fn push(&mut self, samples: &[f32]) -> Result<Vec<u8>, Error> {
        let mut out = Vec::with_capacity(HEADER_LEN + samples.len() * 2);
        self.take_header(&mut out);
        extend_s16le(&mut out, samples);
        Ok(out)
    }

    /// Nothing is buffered; this only matters for a stream with no audio at all, which still
    /// has to be a WAV (header only).
    fn finish(mut self: Box<Self>) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        self.take_header(&mut out);
        Ok(out)
    }
}

/// A whole WAV file with exact sizes.
pub(super) fn whole_file(samples: &[f32], sample_rate: u32) -> Result<Vec<u8>, Error> {
    // RIFF sizes are 32-bit: more than ~24 hours at 24 kHz cannot be one WAV file. The request
    // size limit keeps us far below that; say so instead of writing a wrapped size.
    let data_len = u32::try_from(samples.len() * 2)
        .ok()
        .filter(|len| *len <= u32::MAX - 36)
        .ok_or_else(|| {
            Error::unsupported(
                Format::Wav,
                format!("{} samples exceed the 4 GiB RIFF limit", samples.len()),
            )
        })?;
    let mut out = Vec::with_capacity(HEADER_LEN + samples.len() * 2);
    out.extend_from_slice(&header(sample_rate, data_len));
    extend_s16le(&mut out, samples);
    Ok(out)
}

/// The canonical 44-byte header for 16-bit mono. `data_len` is the sample bytes that follow,
/// or [`UNKNOWN_SIZE`], in which case the RIFF size is unknown too.
fn header(sample_rate: u32, data_len: u32) -> [u8; HEADER_LEN] {
    const CHANNELS: u16 = 1;
    const BITS: u16 = 16;
    const BLOCK_ALIGN: u16 = CHANNELS * BITS / 8;
    let riff_len = if data_len == UNKNOWN_SIZE {
        UNKNOWN_SIZE
    } else {
        data_len + 36
    };

    let mut h = [0u8; HEADER_LEN];
    let mut at = 0;
    let mut put = |bytes: &[u8]| {
        h[at..at + bytes.len()].copy_from_slice(bytes);
        at += bytes.len();
    };
    put(b"RIFF");
    put(&riff_len.to_le_bytes());
    put(b"WAVE");
    put(b"fmt ");
    put(&16u32.to_le_bytes()); // fmt chunk size for plain PCM
    put(&1u16.to_le_bytes()); // WAVE_FORMAT_PCM
    put(&CHANNELS.to_le_bytes());
    put(&sample_rate.to_le_bytes());
    put(&(sample_rate * u32::from(BLOCK_ALIGN)).to_le_bytes()); // byte rate
    put(&BLOCK_ALIGN.to_le_bytes());
    put(&BITS.to_le_bytes());
    put(b"data");
    put(&data_len.to_le_bytes());
    h
}
