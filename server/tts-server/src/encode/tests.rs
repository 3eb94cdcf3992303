//! Every format is checked with a real decoder (Debian's ffmpeg/ffprobe), not with our own
//! reading of the bytes: right codec, rate, channels and duration, and the decoded audio must
//! still be the 440 Hz sine that went in. Streaming in uneven pieces must decode the same as
//! one whole push. Without ffmpeg the tests fail loudly rather than pass vacuously.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;

const RATE: u32 = 24_000;

/// One second of 440 Hz, a pitch any codec keeps, with a slow 3 Hz tremolo (0.2..0.8) so that
/// the waveform is not periodic at the carrier: correlation then finds the codec's true delay
/// instead of any multiple of the 2.3 ms period.
fn sine() -> Vec<f32> {
    let tau = 2.0 * std::f32::consts::PI;
    (0..RATE)
        .map(|i| {
            let t = i as f32 / RATE as f32;
            (0.5 + 0.3 * (tau * 3.0 * t).sin()) * (tau * 440.0 * t).sin()
        })
        .collect()
}

/// The 7 uneven pieces for the streaming tests: tiny, frame-straddling and large.
const PIECES: [usize; 7] = [1, 479, 2000, 37, 9000, 5483, 7000];

fn encode_in_pieces(format: Format, samples: &[f32]) -> Vec<u8> {
    assert_eq!(PIECES.iter().sum::<usize>(), samples.len());
    let mut encoder = format.encoder(RATE).unwrap();
    let mut out = Vec::new();
    let mut at = 0;
    for n in PIECES {
        out.extend(encoder.push(&samples[at..at + n]).unwrap());
        at += n;
    }
    out.extend(encoder.finish().unwrap());
    out
}

fn available() -> impl Iterator<Item = Format> {
    Format::ALL.into_iter().filter(|f| f.is_available())
}

// ---- ffmpeg plumbing ----

fn require_ffmpeg() {
    for tool in ["ffmpeg", "ffprobe"] {
        let ok = Command::new(tool)
            .arg("-version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            ok,
            "{tool} not found: install ffmpeg (apt-get install ffmpeg); the encoder tests need a real decoder"
        );
    }
}

/// A temp file holding `bytes`, removed on drop.
struct TempAudio(PathBuf);

impl TempAudio {
    fn new(format: Format, bytes: &[u8]) -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "tts-encode-{}-{}.{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed),
            format.name()
        );
        let path = std::env::temp_dir().join(name);
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(bytes))
            .unwrap();
        TempAudio(path)
    }
}

impl Drop for TempAudio {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Raw PCM has no header, so ffmpeg must be told what it is (as a client would be).
fn input_args(format: Format) -> Vec<&'static str> {
    match format {
        Format::Pcm => vec!["-f", "s16le", "-ar", "24000", "-ac", "1"],
        _ => vec![],
    }
}

struct Probe {
    codec: String,
    sample_rate: u32,
    channels: u32,
    duration: f64,
}

fn probe(format: Format, bytes: &[u8]) -> Probe {
    let file = TempAudio::new(format, bytes);
    let out = Command::new("ffprobe")
        .args(["-v", "error"])
        .args(input_args(format))
        .args([
            "-show_entries",
            "stream=codec_name,sample_rate,channels:format=duration",
            "-of",
            "json",
        ])
        .arg(&file.0)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ffprobe rejected {format}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stream = &json["streams"][0];
    let num = |v: &serde_json::Value| v.as_str().map_or_else(|| v.as_f64().unwrap(), |s| s.parse().unwrap());
    Probe {
        codec: stream["codec_name"].as_str().unwrap().to_owned(),
        sample_rate: num(&stream["sample_rate"]) as u32,
        channels: stream["channels"].as_u64().unwrap() as u32,
        duration: num(&json["format"]["duration"]),
    }
}

/// Decodes with ffmpeg to mono f32 at 24 kHz (Opus decodes at 48 kHz; ffmpeg resamples).
fn decode(format: Format, bytes: &[u8]) -> Vec<f32> {
    let file = TempAudio::new(format, bytes);
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-nostdin"])
        .args(input_args(format))
        .arg("-i")
        .arg(&file.0)
        .args(["-f", "f32le", "-ac", "1", "-ar", "24000", "pipe:1"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ffmpeg could not decode {format}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

// ---- signal checks ----

/// Best normalised correlation of `decoded` against `reference` over the steady middle
/// (skipping codec start-up), searching the lag a codec's delay introduces.
fn best_correlation(reference: &[f32], decoded: &[f32]) -> (f32, isize) {
    let (from, to) = (4_000, 20_000);
    let r = &reference[from..to];
    let r_energy: f32 = r.iter().map(|x| x * x).sum();
    let mut best = (f32::MIN, 0);
    for lag in -256isize..=2_048 {
        let start = from as isize + lag;
        let Some(d) = usize::try_from(start).ok().and_then(|s| decoded.get(s..s + r.len())) else {
            continue;
        };
        let d_energy: f32 = d.iter().map(|x| x * x).sum();
        let dot: f32 = r.iter().zip(d).map(|(a, b)| a * b).sum();
        let c = dot / (r_energy * d_energy).sqrt().max(f32::MIN_POSITIVE);
        if c > best.0 {
            best = (c, lag);
        }
    }
    best
}

/// Frequency from upward zero crossings over the middle half second.
fn dominant_frequency(decoded: &[f32]) -> f32 {
    let w = &decoded[6_000..18_000];
    let ups = w.windows(2).filter(|p| p[0] < 0.0 && p[1] >= 0.0).count();
    ups as f32 / (w.len() as f32 / RATE as f32)
}

fn i16s(samples: &[f32]) -> Vec<i16> {
    samples.iter().map(|&s| pcm::to_i16(s)).collect()
}

fn f32_to_i16_exact(decoded: &[f32]) -> Vec<i16> {
    // ffmpeg's s16 → f32 divides by 32768, so this is exact for lossless formats.
    decoded.iter().map(|&s| (s * 32768.0).round() as i16).collect()
}

// ---- the tests ----

#[test]
fn every_available_format_decodes_as_the_input_sine() {
    require_ffmpeg();
    let input = sine();
    for format in available() {
        let bytes = format.encode_all(&input, RATE).unwrap();
        let p = probe(format, &bytes);
        let (codec, rate) = match format {
            Format::Wav | Format::Pcm => ("pcm_s16le", 24_000),
            Format::Mp3 => ("mp3", 24_000),
            Format::Opus => ("opus", 48_000), // Opus always decodes at 48 kHz
            Format::Flac => ("flac", 24_000),
            Format::Aac => unreachable!("not available"),
        };
        assert_eq!(
            (p.codec.as_str(), p.sample_rate, p.channels),
            (codec, rate, 1),
            "{format}: stream parameters"
        );
        // MP3 without a LAME tag reports its encoder delay and last-frame padding as audio.
        let slack = if format == Format::Mp3 { 0.1 } else { 0.01 };
        assert!(
            (p.duration - 1.0).abs() <= slack,
            "{format}: ffprobe duration {} s",
            p.duration
        );

        let decoded = decode(format, &bytes);
        let expected_len = match format {
            // Delay (576 + 529) and padding to a 576-sample frame are not trimmed without a tag.
            Format::Mp3 => 24_000..=24_000 + 2_400,
            // Pre-skip and the end granule trim Opus to the exact input length.
            _ => 24_000..=24_000,
        };
        assert!(
            expected_len.contains(&decoded.len()),
            "{format}: decoded {} samples",
            decoded.len()
        );
        let (corr, lag) = best_correlation(&input, &decoded);
        assert!(corr > 0.99, "{format}: correlation {corr} at lag {lag}");
        // Only MP3 leaves its encoder delay in; Opus's pre-skip removes it.
        let expected_lag = if format == Format::Mp3 { 1_000..=1_700 } else { -2..=2 };
        assert!(
            expected_lag.contains(&lag),
            "{format}: decoded audio is shifted by {lag} samples"
        );
        let freq = dominant_frequency(&decoded);
        assert!((freq - 440.0).abs() < 5.0, "{format}: dominant frequency {freq} Hz");
        eprintln!(
            "{format}: {} bytes, corr {corr:.5} at lag {lag}, {freq} Hz, {} samples",
            bytes.len(),
            decoded.len()
        );
    }
}

#[test]
fn lossless_formats_decode_bit_exact() {
    require_ffmpeg();
    let input = sine();
    for format in [Format::Wav, Format::Pcm, Format::Flac] {
        for (how, bytes) in [
            ("whole", format.encode_all(&input, RATE).unwrap()),
            ("streamed", encode_in_pieces(format, &input)),
        ] {
            assert_eq!(
                f32_to_i16_exact(&decode(format, &bytes)),
                i16s(&input),
                "{format} {how}: not lossless"
            );
        }
    }
}

#[test]
fn streaming_in_uneven_pieces_decodes_like_one_push() {
    require_ffmpeg();
    let input = sine();
    for format in available() {
        let whole = format.encode_all(&input, RATE).unwrap();
        let pieces = encode_in_pieces(format, &input);
        let (a, b) = (decode(format, &whole), decode(format, &pieces));
        assert_eq!(a.len(), b.len(), "{format}: length differs when streamed");
        let max_diff = a.iter().zip(&b).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max);
        assert!(max_diff <= 1e-6, "{format}: streamed audio differs by up to {max_diff}");
    }
}

#[test]
fn first_push_starts_a_decodable_stream() {
    let input = sine();
    for format in available() {
        let mut encoder = format.encoder(RATE).unwrap();
        let first = encoder.push(&input[..4_800]).unwrap();
        let magic: &[u8] = match format {
            Format::Wav => b"RIFF",
            Format::Opus => b"OggS",
            Format::Flac => b"fLaC",
            Format::Mp3 => &[0xFF], // frame sync
            Format::Pcm => &[],
            Format::Aac => unreachable!(),
        };
        assert!(
            !first.is_empty() || format == Format::Pcm,
            "{format}: 200 ms pushed, nothing to send"
        );
        assert!(
            first.starts_with(magic),
            "{format}: starts with {:02x?}",
            &first[..first.len().min(4)]
        );
    }
}

#[test]
fn streamed_wav_says_length_unknown_and_whole_wav_states_it() {
    let mut encoder = Format::Wav.encoder(RATE).unwrap();
    let streamed = encoder.push(&[0.25; 10]).unwrap();
    assert_eq!(&streamed[4..8], &u32::MAX.to_le_bytes(), "RIFF size");
    assert_eq!(&streamed[40..44], &u32::MAX.to_le_bytes(), "data size");
    assert!(encoder.finish().unwrap().is_empty());

    let whole = Format::Wav.encode_all(&[0.0, 0.5, -1.0, 2.0], RATE).unwrap();
    assert_eq!(whole.len(), 44 + 8);
    assert_eq!(&whole[4..8], &(36u32 + 8).to_le_bytes());
    assert_eq!(&whole[40..44], &8u32.to_le_bytes());
    assert_eq!(
        &whole[44..],
        &[0, 0, 0x00, 0x40, 0x01, 0x80, 0xFF, 0x7F],
        "clipped, not wrapped"
    );
}

/// The Ogg layer by RFC 7845, read back with the `ogg` crate's reader.
#[test]
fn ogg_opus_headers_granules_and_eos() {
    let input = sine();
    let bytes = encode_in_pieces(Format::Opus, &input);
    let mut reader = ogg::PacketReader::new(std::io::Cursor::new(bytes));
    let mut packets = Vec::new();
    while let Some(p) = reader.read_packet().unwrap() {
        packets.push(p);
    }
    let head = &packets[0].data;
    assert_eq!(&head[..8], b"OpusHead");
    assert!(packets[0].last_in_page() && packets[0].absgp_page() == 0);
    let pre_skip = u64::from(u16::from_le_bytes([head[10], head[11]]));
    assert_eq!(u32::from_le_bytes([head[12], head[13], head[14], head[15]]), RATE);
    assert!(pre_skip > 0);
    assert_eq!(&packets[1].data[..8], b"OpusTags");
    assert!(packets[1].last_in_page() && packets[1].absgp_page() == 0);

    let audio = &packets[2..];
    let mut last = 0;
    for p in audio.iter().filter(|p| p.last_in_page()) {
        assert!(p.absgp_page() > last, "granules increase");
        last = p.absgp_page();
    }
    let end = audio.last().unwrap();
    assert!(end.last_in_stream(), "final page carries EOS");
    assert_eq!(
        end.absgp_page(),
        pre_skip + 48_000,
        "end granule trims to the input length"
    );
    // 20 ms packets: the last granule lies within the last packet's 960 ticks.
    assert!(audio.len() as u64 * 960 >= end.absgp_page() && (audio.len() as u64 - 1) * 960 < end.absgp_page());
    assert!(audio.iter().all(|p| p.data.len() < 255), "32 kbit/s packets stay small");
}

#[test]
fn empty_audio_still_makes_a_file() {
    for format in available() {
        let bytes = format.encode_all(&[], RATE).unwrap();
        let streamed = format.encoder(RATE).unwrap().finish().unwrap();
        match format {
            Format::Pcm => assert!(bytes.is_empty()),
            Format::Wav => assert_eq!(bytes.len(), 44),
            Format::Flac => assert!(bytes.starts_with(b"fLaC") && streamed.starts_with(b"fLaC")),
            Format::Opus => assert!(bytes.starts_with(b"OggS") && streamed.starts_with(b"OggS")),
            Format::Mp3 => {} // LAME writes nothing for nothing; an empty body is the honest answer.
            Format::Aac => unreachable!(),
        }
    }
}

#[test]
fn names_content_types_and_availability() {
    for format in Format::ALL {
        assert_eq!(format.name().parse::<Format>().unwrap(), format);
    }
    let err = "MP3".parse::<Format>().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownFormat);
    assert!(err.to_string().contains("mp3, opus, aac, flac, wav, pcm"), "{err}");
    assert_eq!(Format::Mp3.content_type(), "audio/mpeg");
    assert_eq!(Format::Opus.content_type(), "audio/opus");

    assert!(!Format::Aac.is_available());
    let err = Format::Aac.encoder(RATE).err().unwrap();
    assert_eq!((err.kind(), err.format()), (ErrorKind::Unsupported, Some(Format::Aac)));
    assert!(err.to_string().starts_with("aac is not supported"), "{err}");
}

#[test]
fn rates_a_codec_cannot_take_are_unsupported_not_resampled() {
    for (format, rate) in [(Format::Opus, 22_050), (Format::Mp3, 23_000)] {
        let err = format.encoder(rate).err().unwrap();
        assert_eq!(err.kind(), ErrorKind::Unsupported, "{format} at {rate}: {err}");
    }
    assert!(Format::Flac.encoder(22_050).is_ok() && Format::Wav.encoder(22_050).is_ok());
}

#[test]
fn loud_input_is_clipped_in_every_format() {
    require_ffmpeg();
    let loud: Vec<f32> = sine().iter().map(|s| s * 4.0).collect();
    for format in available() {
        let decoded = decode(format, &format.encode_all(&loud, RATE).unwrap());
        let peak = decoded.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        // Lossy codecs overshoot a square-ish wave a little; nothing wraps around.
        assert!(peak <= 1.25, "{format}: peak {peak}");
        assert!(
            dominant_frequency(&decoded) > 430.0,
            "{format}: pitch survives clipping"
        );
    }
}
