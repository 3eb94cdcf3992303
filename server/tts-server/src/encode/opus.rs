//! Opus in Ogg (RFC 7845), what OpenAI's `opus` format is and what browsers, ffmpeg and
//! `opusdec` play.
//!
//! libopus (1.6, built from source by `opusic-sys`) encodes 20 ms frames at 32 kbit/s VBR in
//! its `Audio` mode; 24 kHz is one of Opus's native rates, so nothing is resampled. The `ogg`
//! crate lays out pages; the Opus-specific parts (the two header packets, granule positions
//! counted in 48 kHz samples, pre-skip, end trimming) are done here:
//!
//! - page 1: `OpusHead` alone; page 2: `OpusTags` alone (both granule 0, as RFC 7845 requires);
//! - then audio pages. Each `push` ends its page, so a client gets the audio right away instead
//!   of when 255 packets (5 s) fill a page; long pushes still cut a page every second so players
//!   can seek.
//! - pre-skip = the encoder's look-ahead; the final page's granule is pre-skip + the real sample
//!   count, so decoders drop both the look-ahead at the start and the zero padding at the end:
//!   the decoded length equals the input length.

use std::borrow::Cow;

use ogg::writing::{PacketWriteEndInfo, PacketWriter};

use super::{Encoder, Error, Format};

/// Opus frame length. 20 ms is the codec's sweet spot for quality per bit.
const FRAME_MS: u32 = 20;

/// Bitrate: at 32 kbit/s mono, libopus codes the full 12 kHz band of 24 kHz speech
/// near-transparently; that is about half of MP3's 64 kbit/s.
const BITRATE: i32 = 32_000;

/// The largest packet we accept from libopus; its documentation recommends 4000 bytes.
const MAX_PACKET: usize = 4000;

/// Cut a page at least this often (in packets: 50 × 20 ms = 1 s) so players can seek.
const PACKETS_PER_PAGE: u64 = 50;

/// Ogg logical stream serial. RFC 3533 asks for a random one so that chained streams differ;
/// we never chain, and a fixed serial keeps the output deterministic (same text, same bytes).
const SERIAL: u32 = 0x4b6f_6b6f; // "KoKo"

/// The rates libopus encodes natively. All divide 48 kHz, the unit of Ogg Opus granules.
const OPUS_RATES: [u32; 5] = [8_000, 12_000, 16_000, 24_000, 48_000];

pub(super) struct OggOpus {
    opus: opus::Encoder,
    ogg: PacketWriter<'static, Vec<u8>>,
    /// 48 kHz granule ticks per input sample (2 at 24 kHz).
    ticks_per_sample: u64,
    /// Input samples per frame (480 at 24 kHz).
    frame_len: usize,
    /// Encoder look-ahead in input samples: the decoder's first `pre_skip` output is not audio.
    lookahead: u64,
    /// Input not yet making a whole frame.
    pending: Vec<f32>,
    /// Real input samples seen (excludes our padding).
    samples_in: u64,
    /// Audio packets written so far.
    packets: u64,
    headers_sent: bool,
}

impl OggOpus {
    pub(super) fn new(sample_rate: u32) -> Result<Self, Error> {
        if !OPUS_RATES.contains(&sample_rate) {
            return Err(Error::unsupported(
                Format::Opus,
                format!("{sample_rate} Hz is not an Opus rate (8/12/16/24/48 kHz)"),
            ));
        }
        let fail = |what: &'static str| move |e: opus::Error| Error::codec(Format::Opus, what, e);
        let mut opus = opus::Encoder::new(sample_rate, opus::Channels::Mono, opus::Application::Audio)
            .map_err(fail("opus_encoder_create"))?;
        opus.set_bitrate(opus::Bitrate::Bits(BITRATE))
            .map_err(fail("set bitrate"))?;
        let lookahead = opus.get_lookahead().map_err(fail("get look-ahead"))?;
        let lookahead =
            u64::try_from(lookahead).map_err(|_| Error::codec(Format::Opus, "get look-ahead", lookahead))?;
        Ok(OggOpus {
            opus,
            ogg: PacketWriter::new(Vec::new()),
            ticks_per_sample: u64::from(48_000 / sample_rate),
            frame_len: (sample_rate * FRAME_MS / 1000) as usize,
            lookahead,
            pending: Vec::new(),
            samples_in: 0,
            packets: 0,
            headers_sent: false,
        })
    }

    fn pre_skip(&self) -> u64 {
        self.lookahead * self.ticks_per_sample
    }

    /// Writes `OpusHead` and `OpusTags`, each on its own page, once.
    fn write_headers(&mut self) -> Result<(), Error> {
        if self.headers_sent {
            return Ok(());
        }
        self.headers_sent = true;
        // Pre-skip is a u16 field; libopus's look-ahead is a few ms (312 ticks), far below.
        let pre_skip = u16::try_from(self.pre_skip())
            .map_err(|_| Error::codec(Format::Opus, "OpusHead", "pre-skip over 16 bits"))?;
        let input_rate = (48_000 / self.ticks_per_sample) as u32;

        let mut head = Vec::with_capacity(19);
        head.extend_from_slice(b"OpusHead");
        head.push(1); // version
        head.push(1); // channels
        head.extend_from_slice(&pre_skip.to_le_bytes());
        head.extend_from_slice(&input_rate.to_le_bytes()); // informational: the rate we were fed
        head.extend_from_slice(&0i16.to_le_bytes()); // output gain
        head.push(0); // channel mapping family 0: mono/stereo, no mapping table

        let vendor = format!("libopus {}", opus::version());
        let mut tags = Vec::with_capacity(16 + vendor.len());
        tags.extend_from_slice(b"OpusTags");
        tags.extend_from_slice(&(vendor.len() as u32).to_le_bytes());
        tags.extend_from_slice(vendor.as_bytes());
        tags.extend_from_slice(&0u32.to_le_bytes()); // no user comments

        self.write_packet(head, PacketWriteEndInfo::EndPage, 0)?;
        self.write_packet(tags, PacketWriteEndInfo::EndPage, 0)
    }

    /// Encodes whole frames from `pending`. `last_granule`, if given, ends the stream: the final
    /// packet gets that granule (which trims the padding) and the EOS flag.
    fn encode_frames(&mut self, last_granule: Option<u64>) -> Result<(), Error> {
        let frames = self.pending.len() / self.frame_len;
        let mut packet = [0u8; MAX_PACKET];
        for i in 0..frames {
            let frame = &self.pending[i * self.frame_len..(i + 1) * self.frame_len];
            let len = self
                .opus
                .encode_float(frame, &mut packet)
                .map_err(|e| Error::codec(Format::Opus, "opus_encode_float", e))?;
            self.packets += 1;
            let full_granule = self.packets * self.frame_len as u64 * self.ticks_per_sample;
            let last_of_call = i + 1 == frames;
            let (end, granule) = match last_granule {
                Some(g) if last_of_call => (PacketWriteEndInfo::EndStream, g),
                _ if last_of_call || self.packets.is_multiple_of(PACKETS_PER_PAGE) => {
                    (PacketWriteEndInfo::EndPage, full_granule)
                }
                _ => (PacketWriteEndInfo::NormalPacket, full_granule),
            };
            self.write_packet(packet[..len].to_vec(), end, granule)?;
        }
        self.pending.drain(..frames * self.frame_len);
        Ok(())
    }

    fn write_packet(&mut self, data: Vec<u8>, end: PacketWriteEndInfo, granule: u64) -> Result<(), Error> {
        // The writer's sink is a Vec, so the only I/O error would be allocation failure.
        self.ogg
            .write_packet(Cow::Owned(data), SERIAL, end, granule)
            .map_err(|e| Error::codec(Format::Opus, "write Ogg page", e))
    }

    fn take_output(&mut self) -> Vec<u8> {
        std::mem::take(self.ogg.inner_mut())
    }
}

impl Encoder for OggOpus {
    fn push(&mut self, samples: &[f32]) -> Result<Vec<u8>, Error> {
        self.write_headers()?;
        self.samples_in += samples.len() as u64;
        // libopus accepts floats beyond ±1, but the other formats clip; clip here too so every
        // format decodes to the same waveform.
        self.pending.extend(samples.iter().map(|s| s.clamp(-1.0, 1.0)));
        self.encode_frames(None)?;
        Ok(self.take_output())
    }

    fn finish(mut self: Box<Self>) -> Result<Vec<u8>, Error> {
        self.write_headers()?;
        // The encoder's output lags its input by the look-ahead, so feed that much silence past
        // the end (rounded up to whole frames; always at least one frame, since the look-ahead
        // is never zero, which guarantees a last packet to carry the EOS flag).
        let fed = self.samples_in - self.pending.len() as u64;
        let needed = self.samples_in + self.lookahead.max(1);
        let frame = self.frame_len as u64;
        let total = needed.div_ceil(frame) * frame;
        self.pending.resize((total - fed) as usize, 0.0);
        let last_granule = self.pre_skip() + self.samples_in * self.ticks_per_sample;
        self.encode_frames(Some(last_granule))?;
        Ok(self.take_output())
    }
}
