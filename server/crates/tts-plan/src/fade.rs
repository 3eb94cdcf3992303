//! The fade the server applies at both edges of every chunk's samples.

/// Fade at each chunk edge, in samples (5 ms). Kokoro's chunks begin and end in near-silence; the
/// fade makes sure a join never jumps between two non-zero samples, which would click.
pub const EDGE_FADE: usize = 120;

/// Fades the first and last [`EDGE_FADE`] samples (at most half the chunk each) in and out
/// linearly, from exactly 0.
pub fn fade_edges(samples: &mut [f32]) {
    let n = EDGE_FADE.min(samples.len() / 2);
    let len = samples.len();
    for i in 0..n {
        let gain = i as f32 / n as f32;
        samples[i] *= gain;
        samples[len - 1 - i] *= gain;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_fade_to_silence() {
        let mut samples = vec![0.5f32; 1000];
        fade_edges(&mut samples);
        assert_eq!(samples[0], 0.0);
        assert!(samples[999].abs() < 0.01);
        assert_eq!(samples[500], 0.5);
        let mut tiny = vec![1.0f32; 3];
        fade_edges(&mut tiny);
        assert_eq!(tiny[0], 0.0);
    }
}
