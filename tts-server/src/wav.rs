//! WAV encoding: 16-bit PCM, mono, at the engine's sample rate.

use std::io::Cursor;

/// Encodes float samples as a 16-bit PCM mono WAV file. Samples outside [-1, 1] are clipped.
pub fn encode_pcm16(samples: &[f32], sample_rate: u32) -> Vec<u8> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut out = Cursor::new(Vec::with_capacity(44 + samples.len() * 2));
    {
        // Writing into memory cannot fail for I/O reasons, and the spec above is valid, so the
        // only error left would be a WAV over 4 GiB, which the text length limit rules out.
        let mut writer = hound::WavWriter::new(&mut out, spec).expect("valid WAV spec");
        for &s in samples {
            writer.write_sample(to_i16(s)).expect("in-memory write");
        }
        writer.finalize().expect("in-memory write");
    }
    out.into_inner()
}

fn to_i16(sample: f32) -> i16 {
    (sample.clamp(-1.0, 1.0) * f32::from(i16::MAX)).round() as i16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_samples_round_trip() {
        let wav = encode_pcm16(&[0.0, 0.5, -1.0, 2.0], 24_000);
        assert_eq!(&wav[..4], b"RIFF");
        assert_eq!(&wav[8..12], b"WAVE");
        assert_eq!(wav.len(), 44 + 4 * 2);
        let mut reader = hound::WavReader::new(Cursor::new(wav)).unwrap();
        let spec = reader.spec();
        assert_eq!((spec.channels, spec.sample_rate, spec.bits_per_sample), (1, 24_000, 16));
        let samples: Vec<i16> = reader.samples::<i16>().map(Result::unwrap).collect();
        assert_eq!(samples, vec![0, 16_384, -32_767, 32_767], "clipped, not wrapped");
    }

    #[test]
    fn empty_audio_is_a_valid_file() {
        let wav = encode_pcm16(&[], 24_000);
        assert_eq!(hound::WavReader::new(Cursor::new(wav)).unwrap().len(), 0);
    }
}
