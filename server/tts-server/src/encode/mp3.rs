//! MP3 through LAME 3.100 (`mp3lame-encoder`, which builds LAME from its bundled source).
//!
//! 64 kbit/s CBR mono, kept at the input rate (24 kHz is an MPEG-2 rate, so no resampling).
//! For 12 kHz-band speech that is near transparent, and CBR keeps every frame the same size, so
//! a streamed file needs no Xing/LAME header (that header must be patched in at the start once
//! the stream is over, which a stream cannot do; we turn it off).

use std::num::NonZeroU32;

use mp3lame_encoder::{Bitrate, Builder, FlushGap, Mode, MonoPcm, Quality, VbrMode};

use super::{Encoder, Error, Format};

const BITRATE: Bitrate = Bitrate::Kbps64;

/// The rates LAME encodes without resampling (MPEG-1, -2 and -2.5 Layer III).
const MPEG_RATES: [u32; 9] = [8_000, 11_025, 12_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000];

/// LAME's worst case for a flush: "at least 7200 bytes" (lame.h).
const FLUSH_BYTES: usize = 7200;

pub(super) struct Mp3 {
    lame: mp3lame_encoder::Encoder,
    /// Clipped copy of the input: LAME's float entry point expects [-1, 1] and does not clip.
    scratch: Vec<f32>,
}

impl Mp3 {
    pub(super) fn new(sample_rate: u32) -> Result<Self, Error> {
        if !MPEG_RATES.contains(&sample_rate) {
            return Err(Error::unsupported(
                Format::Mp3,
                format!("{sample_rate} Hz is not an MPEG audio rate"),
            ));
        }
        let fail = |what: &'static str| move |e: mp3lame_encoder::BuildError| Error::codec(Format::Mp3, what, e);
        let mut lame = Builder::new().ok_or_else(|| Error::codec(Format::Mp3, "lame_init", "out of memory"))?;
        lame.set_num_channels(1).map_err(fail("set 1 channel"))?;
        lame.set_mode(Mode::Mono).map_err(fail("set mono mode"))?;
        lame.set_sample_rate(sample_rate).map_err(fail("set input rate"))?;
        // Unset, LAME picks an output rate from the bitrate and may resample; pin it to the input.
        lame.set_output_sample_rate(NonZeroU32::new(sample_rate))
            .map_err(fail("set output rate"))?;
        lame.set_vbr_mode(VbrMode::Off).map_err(fail("set CBR"))?;
        lame.set_brate(BITRATE).map_err(fail("set bitrate"))?;
        // -q 2, LAME's "recommended" quality; the benchmark puts it at ~2% of real time on one core.
        lame.set_quality(Quality::NearBest).map_err(fail("set quality"))?;
        lame.set_to_write_vbr_tag(false).map_err(fail("disable Xing tag"))?;
        let lame = lame.build().map_err(fail("lame_init_params"))?;
        Ok(Mp3 {
            lame,
            scratch: Vec::new(),
        })
    }
}

impl Encoder for Mp3 {
    fn push(&mut self, samples: &[f32]) -> Result<Vec<u8>, Error> {
        self.scratch.clear();
        self.scratch.extend(samples.iter().map(|s| s.clamp(-1.0, 1.0)));
        // LAME buffers up to a frame (576 samples at 24 kHz) plus its look-ahead, so a small push
        // often returns nothing; the bytes come out with a later push or at finish.
        let mut out = Vec::with_capacity(mp3lame_encoder::max_required_buffer_size(samples.len()));
        self.lame
            .encode_to_vec(MonoPcm(self.scratch.as_slice()), &mut out)
            .map_err(|e| Error::codec(Format::Mp3, "lame_encode_buffer_ieee_float", e))?;
        Ok(out)
    }

    fn finish(mut self: Box<Self>) -> Result<Vec<u8>, Error> {
        let mut out = Vec::with_capacity(FLUSH_BYTES);
        // `FlushGap` is lame_encode_flush: pad the last frame with silence and emit everything.
        // (`FlushNoGap` keeps state for gapless concatenation with a next file; we have none.)
        self.lame
            .flush_to_vec::<FlushGap>(&mut out)
            .map_err(|e| Error::codec(Format::Mp3, "lame_encode_flush", e))?;
        Ok(out)
    }
}
