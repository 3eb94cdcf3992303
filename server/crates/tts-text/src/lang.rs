use std::fmt;
use std::str::FromStr;

/// A language the front end can phonemize.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// American English (misaki `a`).
    EnUs,
    /// British English (misaki `b`).
    EnGb,
    /// Mandarin Chinese (misaki `z`, v1.0 legacy path).
    Zh,
}

impl Lang {
    /// The language Kokoro's voice naming implies: the first letter of `af_heart`, `zf_xiaobei`, ...
    ///
    /// Voices of languages we have no front end for get `None`.
    pub fn for_voice(voice: &str) -> Option<Lang> {
        match voice.chars().next()? {
            'a' => Some(Lang::EnUs),
            'b' => Some(Lang::EnGb),
            'z' => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The code used on the command line and in requests.
    pub fn code(self) -> &'static str {
        match self {
            Lang::EnUs => "en-us",
            Lang::EnGb => "en-gb",
            Lang::Zh => "zh",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "en-us" | "en" | "a" => Ok(Lang::EnUs),
            "en-gb" | "b" => Ok(Lang::EnGb),
            "zh" | "zh-cn" | "cmn" | "z" => Ok(Lang::Zh),
            other => Err(format!("unknown language '{other}' (expected en-us, en-gb or zh)")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voice_prefix_picks_language() {
        assert_eq!(Lang::for_voice("af_heart"), Some(Lang::EnUs));
        assert_eq!(Lang::for_voice("bm_george"), Some(Lang::EnGb));
        assert_eq!(Lang::for_voice("zf_xiaobei"), Some(Lang::Zh));
        assert_eq!(Lang::for_voice("jf_alpha"), None);
    }

    #[test]
    fn codes_round_trip() {
        for lang in [Lang::EnUs, Lang::EnGb, Lang::Zh] {
            assert_eq!(lang.code().parse::<Lang>(), Ok(lang));
        }
        assert!("fr".parse::<Lang>().is_err());
    }
}
