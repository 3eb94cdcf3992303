//! FLAC through `flacenc` (pure Rust, no C library), 16-bit mono, 4096-sample blocks.
//!
//! `flacenc` is young, so the tests check it against ffmpeg's decoder bit for bit: FLAC is
//! lossless, so decoding must give back exactly the s16 samples that PCM would carry.
//!
//! Streaming does not wait for `finish`: the `fLaC` marker and STREAMINFO go out with the first
//! push, then each 4096-sample block (170 ms at 24 kHz) as soon as it is full. A stream's
//! STREAMINFO cannot know the length or MD5, and FLAC defines 0 as "unknown" for both (and for
//! the frame sizes), which decoders accept. A whole file ([`whole_file`]) carries the real
//! values, so players show the duration and can verify the audio.

use flacenc::bitsink::ByteSink;
use flacenc::component::{BitRepr, Stream, StreamInfo};
use flacenc::config;
use flacenc::error::{Verified, Verify};
use flacenc::source::{Fill, FrameBuf, MemSource};

use super::pcm::to_i16;
use super::{Encoder, Error, Format};

/// The reference encoder's default block size, and flacenc's.
const BLOCK: usize = 4096;
const BITS: usize = 16;

pub(super) struct StreamingFlac {
    config: Verified<config::Encoder>,
    info: StreamInfo,
    framebuf: FrameBuf,
    /// Samples of the block being filled, as 16-bit integers.
    pending: Vec<i32>,
    frames: usize,
    header_sent: bool,
}

impl StreamingFlac {
    pub(super) fn new(sample_rate: u32) -> Result<Self, Error> {
        let fail = |what: &'static str| move |e: flacenc::error::VerifyError| Error::codec(Format::Flac, what, e);
        let mut info = StreamInfo::new(sample_rate as usize, 1, BITS)
            .map_err(|e| Error::unsupported(Format::Flac, format!("{sample_rate} Hz: {e}")))?;
        // Block sizes are known up front (the last block may be shorter, which FLAC allows);
        // frame sizes are not, and 0 says so.
        info.set_block_sizes(BLOCK, BLOCK)
            .map_err(fail("STREAMINFO block sizes"))?;
        info.set_frame_sizes(0, 0).map_err(fail("STREAMINFO frame sizes"))?;
        Ok(StreamingFlac {
            config: encoder_config()?,
            info,
            framebuf: FrameBuf::with_size(1, BLOCK).map_err(fail("frame buffer"))?,
            pending: Vec::with_capacity(BLOCK),
            frames: 0,
            header_sent: false,
        })
    }

    /// `fLaC` + STREAMINFO (marked as the last metadata block), once.
    fn write_header(&mut self, out: &mut Vec<u8>) -> Result<(), Error> {
        if !self.header_sent {
            self.header_sent = true;
            write_bits(&Stream::with_stream_info(self.info.clone()), out, "STREAMINFO")?;
        }
        Ok(())
    }

    /// Encodes `pending` (a full block, or the short last one) as one frame.
    fn write_frame(&mut self, out: &mut Vec<u8>) -> Result<(), Error> {
        let fail = |what: &'static str| move |e: String| Error::codec(Format::Flac, what, e);
        self.framebuf
            .fill_interleaved(&self.pending)
            .map_err(|e| fail("fill block")(e.to_string()))?;
        let frame = flacenc::encode_fixed_size_frame(&self.config, &self.framebuf, self.frames, &self.info)
            .map_err(|e| fail("encode frame")(e.to_string()))?;
        write_bits(&frame, out, "frame")?;
        self.frames += 1;
        self.pending.clear();
        Ok(())
    }
}

impl Encoder for StreamingFlac {
    fn push(&mut self, samples: &[f32]) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        self.write_header(&mut out)?;
        for &s in samples {
            self.pending.push(i32::from(to_i16(s)));
            if self.pending.len() == BLOCK {
                self.write_frame(&mut out)?;
            }
        }
        Ok(out)
    }

    fn finish(mut self: Box<Self>) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        self.write_header(&mut out)?;
        if !self.pending.is_empty() {
            self.write_frame(&mut out)?;
        }
        Ok(out)
    }
}

/// A whole FLAC file, with the sample count and MD5 in STREAMINFO.
pub(super) fn whole_file(samples: &[f32], sample_rate: u32) -> Result<Vec<u8>, Error> {
    let ints: Vec<i32> = samples.iter().map(|&s| i32::from(to_i16(s))).collect();
    let source = MemSource::from_samples(&ints, 1, BITS, sample_rate as usize);
    let mut stream = flacenc::encode_with_fixed_block_size(&encoder_config()?, source, BLOCK)
        .map_err(|e| Error::codec(Format::Flac, "encode", e))?;
    if stream.frame_count() == 0 {
        // With no frames, flacenc leaves its "no minimum yet" sentinels in the frame-size fields;
        // write "unknown" instead.
        stream
            .stream_info_mut()
            .set_frame_sizes(0, 0)
            .map_err(|e| Error::codec(Format::Flac, "STREAMINFO frame sizes", e))?;
    }
    let mut out = Vec::new();
    write_bits(&stream, &mut out, "stream")?;
    Ok(out)
}

/// flacenc's defaults (LPC order search, Rice partitioning); single-threaded, because the
/// server runs one encode per request and speech blocks are small.
fn encoder_config() -> Result<Verified<config::Encoder>, Error> {
    let mut config = config::Encoder::default();
    config.multithread = false;
    config
        .into_verified()
        .map_err(|(_, e)| Error::codec(Format::Flac, "config", e))
}

/// Serialises a FLAC component and appends its bytes. Components are byte-aligned (the stream
/// header and every frame end on a byte boundary), so concatenating them is valid.
fn write_bits(component: &impl BitRepr, out: &mut Vec<u8>, what: &'static str) -> Result<(), Error> {
    let mut sink = ByteSink::with_capacity(component.count_bits());
    component
        .write(&mut sink)
        .map_err(|e| Error::codec(Format::Flac, what, e))?;
    out.extend_from_slice(sink.as_slice());
    Ok(())
}
