//! Voice specifications: a voice id, an OpenAI voice name, or a weighted blend of voices.
//!
//! `af_bella+af_sky` mixes equally; `af_bella(2)+af_sky(1)` mixes 2:1 (weights are normalised).

/// OpenAI's voice names and the Kokoro voice each maps to (chosen for a similar character; Kokoro
/// ships `af_alloy`, `am_echo`, `bm_fable`, `af_nova` and `am_onyx` under the same names).
pub const OPENAI_VOICES: [(&str, &str); 9] = [
    ("alloy", "af_alloy"),
    ("ash", "am_adam"),
    ("coral", "af_kore"),
    ("echo", "am_echo"),
    ("fable", "bm_fable"),
    ("nova", "af_nova"),
    ("onyx", "am_onyx"),
    ("sage", "af_sarah"),
    ("shimmer", "af_sky"),
];

/// Most voices one blend may mix.
pub const MAX_BLEND: usize = 8;

/// One part of a voice specification.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// Kokoro voice id (OpenAI names already mapped).
    pub voice: String,
    /// Relative weight (> 0).
    pub weight: f32,
}

/// Parses a voice specification into its parts. The error says what is wrong with the syntax;
/// whether the voices exist is checked by the caller.
pub fn parse(spec: &str) -> Result<Vec<Part>, String> {
    let spec = spec.trim();
    if spec.is_empty() {
        return Err("voice is empty".into());
    }
    let parts: Vec<&str> = spec.split('+').map(str::trim).collect();
    if parts.len() > MAX_BLEND {
        return Err(format!(
            "a blend may mix at most {MAX_BLEND} voices, '{spec}' has {}",
            parts.len()
        ));
    }
    parts.into_iter().map(|part| parse_part(part, spec)).collect()
}

fn parse_part(part: &str, spec: &str) -> Result<Part, String> {
    let (name, weight) = match part.split_once('(') {
        None => (part, 1.0),
        Some((name, rest)) => {
            let number = rest
                .strip_suffix(')')
                .ok_or_else(|| format!("unclosed '(' in voice '{spec}'"))?;
            let weight: f32 = number
                .trim()
                .parse()
                .map_err(|_| format!("weight '{number}' in voice '{spec}' is not a number"))?;
            if !(weight.is_finite() && weight > 0.0) {
                return Err(format!("weight {weight} in voice '{spec}' must be a positive number"));
            }
            (name.trim(), weight)
        }
    };
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(format!("'{name}' in voice '{spec}' is not a voice name"));
    }
    let voice = OPENAI_VOICES
        .iter()
        .find(|(openai, _)| *openai == name)
        .map_or(name, |(_, kokoro)| kokoro);
    Ok(Part {
        voice: voice.to_string(),
        weight,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(spec: &str, expected: &[(&str, f32)]) {
        let parts = parse(spec).unwrap_or_else(|e| panic!("{spec}: {e}"));
        let got: Vec<(&str, f32)> = parts.iter().map(|p| (p.voice.as_str(), p.weight)).collect();
        assert_eq!(got, expected, "{spec}");
    }

    #[test]
    fn single_voices_blends_and_openai_names() {
        check("af_heart", &[("af_heart", 1.0)]);
        check("af_bella+af_sky", &[("af_bella", 1.0), ("af_sky", 1.0)]);
        check("af_bella(2) + af_sky(1)", &[("af_bella", 2.0), ("af_sky", 1.0)]);
        check("alloy", &[("af_alloy", 1.0)]);
        check("nova(0.5)+bm_george", &[("af_nova", 0.5), ("bm_george", 1.0)]);
    }

    #[test]
    fn malformed_specs_are_refused_with_a_reason() {
        for (spec, says) in [
            ("", "empty"),
            ("af_bella+", "not a voice name"),
            ("af_bella(2", "unclosed"),
            ("af_bella(x)", "not a number"),
            ("af_bella(0)", "positive"),
            ("af_bella(-1)+af_sky", "positive"),
            ("af bella", "not a voice name"),
            ("a+b+c+d+e+f+g+h+i", "at most 8"),
        ] {
            let err = parse(spec).unwrap_err();
            assert!(err.contains(says), "{spec}: {err}");
        }
    }
}
