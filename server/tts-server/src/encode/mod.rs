//! Audio encoders for the `response_format`s of OpenAI's speech API: one streaming interface
//! shared by whole-file responses and chunked streams.
//!
//! Layout (one file per format):
//! - `pcm`: raw s16le, and the float → 16-bit conversion every 16-bit format shares.
//! - `wav`: RIFF/WAVE, 16-bit mono; exact sizes for whole files, 0xFFFFFFFF sizes when streamed.
//! - `mp3`: LAME 3.100 (via `mp3lame-encoder`), 64 kbit/s CBR mono at the input rate.
//! - `opus`: libopus (via `opus`) in an Ogg container (RFC 7845, pages via `ogg`), 32 kbit/s VBR,
//!   20 ms frames.
//! - `flac`: pure-Rust `flacenc`, 16-bit, 4096-sample blocks.
//! - AAC is recognised but never available; see [`Format::Aac`].
//!
//! Every encoder emits bytes as soon as its format allows, so `push` after the first sentence
//! already returns playable audio (the Ogg and FLAC headers included). A stream's header cannot
//! know the final length, so streamed WAV and FLAC say "unknown" where a whole file (see
//! [`Format::encode_all`]) states the real length.
//!
//! **Invariant:** this module knows nothing about HTTP, the engine or async: samples in, bytes
//! out. Encoding is CPU work; callers run it where they run synthesis (off the async workers).

mod flac;
mod mp3;
mod opus;
mod pcm;
mod wav;

use std::fmt;
use std::str::FromStr;

/// An output format, named as in OpenAI's `response_format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// RIFF/WAVE, 16-bit PCM, mono.
    Wav,
    /// Raw samples: signed 16-bit little-endian, mono, at the engine rate (24 kHz), no header.
    Pcm,
    /// MPEG-1/2 Layer III from LAME.
    Mp3,
    /// Opus in an Ogg container (`.opus` file), as OpenAI returns it.
    Opus,
    /// Free Lossless Audio Codec, 16-bit.
    Flac,
    /// Not available in this build. The encoders a Rust service could link are either
    /// Fraunhofer's FDK AAC, whose licence Debian and the FSF treat as non-free (it grants no
    /// patent licence and is incompatible with the GPL), or FFmpeg's native `aac` encoder, which
    /// would pull libavcodec, its -dev packages and bindgen/libclang into the build for one
    /// format. Callers answer 4xx via [`Error`]'s `Unsupported` kind.
    Aac,
}

impl Format {
    /// Every format, in OpenAI's documented order.
    pub const ALL: [Format; 6] = [
        Format::Mp3,
        Format::Opus,
        Format::Aac,
        Format::Flac,
        Format::Wav,
        Format::Pcm,
    ];

    /// The `response_format` name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Wav => "wav",
            Format::Pcm => "pcm",
            Format::Mp3 => "mp3",
            Format::Opus => "opus",
            Format::Flac => "flac",
            Format::Aac => "aac",
        }
    }

    /// The `Content-Type` OpenAI answers with for this format.
    ///
    /// Opus is Ogg-encapsulated (a `.opus` file), yet OpenAI labels it `audio/opus`, not the
    /// RFC 7845 `audio/ogg`; we copy OpenAI because drop-in clients may switch on the header.
    /// PCM has no registered type that carries rate and width; `audio/pcm` is what OpenAI sends.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Wav => "audio/wav",
            Format::Pcm => "audio/pcm",
            Format::Mp3 => "audio/mpeg",
            Format::Opus => "audio/opus",
            Format::Flac => "audio/flac",
            Format::Aac => "audio/aac",
        }
    }

    /// Whether this build can produce the format. The HTTP layer need not ask: [`Format::encoder`]
    /// answers `Unsupported` with the reason; this is for listings, tests and the benchmark.
    #[allow(dead_code)]
    pub fn is_available(self) -> bool {
        !matches!(self, Format::Aac)
    }

    /// A streaming encoder for mono audio at `sample_rate`.
    ///
    /// Fails with [`ErrorKind::Unsupported`] for a format this build lacks or a rate the codec
    /// cannot take without resampling (Opus: 8/12/16/24/48 kHz; MP3: the MPEG rates), and with
    /// [`ErrorKind::Codec`] if the codec library refuses to start.
    pub fn encoder(self, sample_rate: u32) -> Result<Box<dyn Encoder>, Error> {
        Ok(match self {
            Format::Wav => Box::new(wav::StreamingWav::new(sample_rate)),
            Format::Pcm => Box::new(pcm::Pcm),
            Format::Mp3 => Box::new(mp3::Mp3::new(sample_rate)?),
            Format::Opus => Box::new(opus::OggOpus::new(sample_rate)?),
            Format::Flac => Box::new(flac::StreamingFlac::new(sample_rate)?),
            Format::Aac => {
                return Err(Error::unsupported(
                    self,
                    "no licence-compatible AAC encoder in this build",
                ))
            }
        })
    }

    /// Encodes a whole file.
    ///
    /// Unlike a stream, a whole file knows its length up front, so WAV gets real RIFF/data
    /// sizes and FLAC a STREAMINFO with the sample count and MD5 (seekable, exact duration).
    /// The other formats are byte-for-byte what one `push` plus `finish` gives.
    pub fn encode_all(self, samples: &[f32], sample_rate: u32) -> Result<Vec<u8>, Error> {
        match self {
            Format::Wav => wav::whole_file(samples, sample_rate),
            Format::Flac => flac::whole_file(samples, sample_rate),
            _ => {
                let mut encoder = self.encoder(sample_rate)?;
                let mut out = encoder.push(samples)?;
                out.extend(encoder.finish()?);
                Ok(out)
            }
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = Error;

    /// Parses OpenAI's lowercase names. Case-sensitive like OpenAI, so "MP3" is an error that
    /// names the accepted values rather than a silent guess.
    fn from_str(s: &str) -> Result<Self, Error> {
        Format::ALL.into_iter().find(|f| f.name() == s).ok_or_else(|| Error {
            kind: ErrorKind::UnknownFormat,
            format: None,
            message: format!("unknown response_format {s:?}; expected one of mp3, opus, aac, flac, wav, pcm"),
        })
    }
}

/// Turns float samples (nominally in [-1, 1]) into a byte stream of one format.
///
/// Used the same way for whole files and streams: `push` the audio in any number of pieces of
/// any size, send what each call returns, then send what `finish` returns. The concatenation is
/// a complete, valid file; how the input was cut does not change the decoded audio.
pub trait Encoder: Send {
    /// Encodes `samples` and returns the bytes that are ready now. May be empty (a codec waiting
    /// for a full frame). The first non-empty return starts with the format's header.
    fn push(&mut self, samples: &[f32]) -> Result<Vec<u8>, Error>;

    /// Flushes buffered audio and writes the trailer (Ogg EOS page, LAME's last frames).
    fn finish(self: Box<Self>) -> Result<Vec<u8>, Error>;
}

/// Why a format could not be produced.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    format: Option<Format>,
    message: String,
}

/// What went wrong, so the HTTP layer can pick a status: the first two are the client's (4xx),
/// `Codec` is ours (5xx).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The name is not an OpenAI `response_format`.
    UnknownFormat,
    /// A known format this build cannot produce (AAC), or a sample rate the codec cannot take.
    Unsupported,
    /// The codec library failed; a bug or resource exhaustion, not bad input.
    Codec,
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The format involved, if the name parsed.
    #[allow(dead_code)] // Part of the API for the HTTP layer's logs; not every caller needs it.
    pub fn format(&self) -> Option<Format> {
        self.format
    }

    fn unsupported(format: Format, why: impl fmt::Display) -> Self {
        Error {
            kind: ErrorKind::Unsupported,
            format: Some(format),
            message: format!("{format} is not supported: {why}"),
        }
    }

    /// A codec failure, with what we were doing (`context`) and the library's own words.
    fn codec(format: Format, context: &str, detail: impl fmt::Display) -> Self {
        Error {
            kind: ErrorKind::Codec,
            format: Some(format),
            message: format!("{format} encoder: {context}: {detail}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests;
