//! Encode cost per `response_format`: milliseconds of CPU per second of audio, and output size.
//!
//! ```text
//! cargo run --release -p tts-server --example encode_bench              # synthetic speech-like signal
//! cargo run --release -p tts-server --example encode_bench -- say.wav   # real audio (16-bit or float WAV, mono)
//! ```
//!
//! Each format is timed both as a whole file (`encode_all`) and streamed in 0.5 s pushes, the
//! way the server sends chunks. Times are the median of several runs on one thread.

use std::time::{Duration, Instant};

use tts_server::encode::{self, Format};

const RATE: u32 = 24_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (samples, source) = match std::env::args().nth(1) {
        Some(path) => (read_wav(&path)?, path),
        None => (speech_like(30.0), "synthetic speech-like signal".to_owned()),
    };
    let seconds = samples.len() as f64 / f64::from(RATE);
    println!("encode cost: {seconds:.1} s of 24 kHz mono audio ({source}), median of runs, one thread\n");
    println!("| format | whole file ms per s of audio | streamed (0.5 s pushes) ms per s | x real time | bytes per s | kbit/s |");
    println!("|---|---:|---:|---:|---:|---:|");
    for format in Format::ALL {
        if !format.is_available() {
            println!("| {format} | unsupported in this build | | | | |");
            continue;
        }
        let (whole, bytes) = time(|| format.encode_all(&samples, RATE))?;
        let (streamed, _) = time(|| {
            let mut encoder = format.encoder(RATE)?;
            let mut out = Vec::new();
            for chunk in samples.chunks(RATE as usize / 2) {
                out.extend(encoder.push(chunk)?);
            }
            out.extend(encoder.finish()?);
            Ok(out)
        })?;
        let ms_per_s = |d: Duration| d.as_secs_f64() * 1e3 / seconds;
        let bytes_per_s = bytes as f64 / seconds;
        println!(
            "| {format} | {:.3} | {:.3} | {:.0} | {:.0} | {:.1} |",
            ms_per_s(whole),
            ms_per_s(streamed),
            seconds / streamed.as_secs_f64(),
            bytes_per_s,
            bytes_per_s * 8.0 / 1e3
        );
    }
    Ok(())
}

/// Median wall time of `run` over at least 5 runs and 1 s, after one warm-up; and output size.
fn time(mut run: impl FnMut() -> Result<Vec<u8>, encode::Error>) -> Result<(Duration, usize), encode::Error> {
    let bytes = run()?.len();
    let mut times = Vec::new();
    let started = Instant::now();
    while times.len() < 5 || started.elapsed() < Duration::from_secs(1) {
        let t = Instant::now();
        std::hint::black_box(run()?);
        times.push(t.elapsed());
    }
    times.sort();
    Ok((times[times.len() / 2], bytes))
}

/// A stand-in for speech when no recording is given: voiced stretches (a gliding 100–220 Hz
/// pulse train through two formant-like resonances), unvoiced noise bursts and pauses, so the
/// codecs see the mix of tonal, noisy and silent frames that Kokoro produces.
fn speech_like(seconds: f32) -> Vec<f32> {
    let n = (seconds * RATE as f32) as usize;
    let mut out = Vec::with_capacity(n);
    let mut phase = 0.0f32;
    let mut noise = 0x1234_5678u32;
    let (mut y1, mut y2, mut z1, mut z2) = (0.0f32, 0.0f32, 0.0f32, 0.0f32);
    for i in 0..n {
        let t = i as f32 / RATE as f32;
        let segment = (t * 4.0) as u32 % 8; // 250 ms segments: 5 voiced, 2 noisy, 1 pause
        let f0 = 160.0 + 60.0 * (t * 1.3).sin();
        phase += f0 / RATE as f32;
        let pulse = if phase >= 1.0 {
            phase -= 1.0;
            1.0
        } else {
            0.0
        };
        noise ^= noise << 13;
        noise ^= noise >> 17;
        noise ^= noise << 5;
        let white = noise as f32 / u32::MAX as f32 - 0.5;
        let excitation = match segment {
            0..=4 => pulse,
            5 | 6 => 0.3 * white,
            _ => 0.0,
        };
        // Two resonators (≈ 700 Hz and ≈ 1800 Hz) shape the excitation like vowel formants.
        let y = excitation + 1.80 * y1 - 0.95 * y2;
        let z = excitation + 1.20 * z1 - 0.93 * z2;
        (y2, y1, z2, z1) = (y1, y, z1, z);
        out.push((0.02 * y + 0.015 * z).clamp(-1.0, 1.0));
    }
    out
}

/// Reads a mono WAV at 24 kHz as floats.
fn read_wav(path: &str) -> Result<Vec<f32>, Box<dyn std::error::Error>> {
    let reader = hound::WavReader::open(path).map_err(|e| format!("{path}: {e}"))?;
    let spec = reader.spec();
    if spec.channels != 1 || spec.sample_rate != RATE {
        return Err(format!(
            "{path}: need mono {RATE} Hz, got {} ch at {} Hz",
            spec.channels, spec.sample_rate
        )
        .into());
    }
    Ok(match spec.sample_format {
        hound::SampleFormat::Float => reader.into_samples::<f32>().collect::<Result<_, _>>()?,
        hound::SampleFormat::Int => {
            let scale = 1.0 / (1u32 << (spec.bits_per_sample - 1)) as f32;
            reader
                .into_samples::<i32>()
                .map(|s| s.map(|s| s as f32 * scale))
                .collect::<Result<_, _>>()?
        }
    })
}
