//! Part-of-speech tags in spaCy's Penn Treebank tag set, from a small averaged perceptron.
//!
//! misaki reads tags from spaCy's `en_core_web_sm` to pick heteronyms ("read" VBD vs VBP), the
//! readings of "a", "in", "by" and "used", quotes, dashes and currency. This tagger was distilled
//! from spaCy's own output (scripts/reference/en_train_tagger.py), so it aims at spaCy's tags,
//! mistakes included. The model is compiled in: about a megabyte, no file to find at run time.
//! The feature templates must match the training script exactly.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// Feature keys are already FNV-1a hashes; hashing them again with SipHash was a third of the
/// tagger's time.
#[derive(Default)]
struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub(crate) struct Tagger {
    tags: Vec<&'static str>,
    /// Words spaCy always tagged the same way in training.
    fixed: HashMap<&'static str, u8>,
    /// Feature hash → (tag index, weight).
    weights: HashMap<u64, Vec<(u8, f32)>, BuildHasherDefault<PreHashed>>,
    nn: u8,
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let out = self.data.get(self.pos..self.pos + n)?;
        self.pos += n;
        Some(out)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u32(&mut self) -> Option<u32> {
        self.take(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> Option<u64> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Some(u64::from_le_bytes(a))
    }
    fn f32(&mut self) -> Option<f32> {
        self.u32().map(f32::from_bits)
    }
    fn str(&mut self) -> Option<&'a str> {
        let n = self.u8()? as usize;
        std::str::from_utf8(self.take(n)?).ok()
    }
}

static MODEL: &[u8] = include_bytes!("pos.bin");

impl Tagger {
    /// The compiled-in model, parsed once per process.
    pub(crate) fn get() -> &'static Tagger {
        static TAGGER: OnceLock<Tagger> = OnceLock::new();
        // The model is part of the source tree; a malformed one is a build error caught by the unit
        // tests, so failing loudly here is right.
        TAGGER.get_or_init(|| Self::parse(MODEL).expect("en/pos.bin is malformed; rerun en_train_tagger.py"))
    }

    fn parse(data: &'static [u8]) -> Option<Tagger> {
        let mut r = Reader { data, pos: 0 };
        if r.take(4)? != b"POS1" {
            return None;
        }
        let ntags = r.u32()? as usize;
        let mut tags = Vec::with_capacity(ntags);
        for _ in 0..ntags {
            tags.push(r.str()?);
        }
        let nfixed = r.u32()? as usize;
        let mut fixed = HashMap::with_capacity(nfixed);
        for _ in 0..nfixed {
            let w = r.str()?;
            fixed.insert(w, r.u8()?);
        }
        let nfeat = r.u32()? as usize;
        let mut weights = HashMap::with_capacity_and_hasher(nfeat, BuildHasherDefault::default());
        for _ in 0..nfeat {
            let h = r.u64()?;
            let n = r.u8()? as usize;
            let mut ws = Vec::with_capacity(n);
            for _ in 0..n {
                let t = r.u8()?;
                ws.push((t, r.f32()?));
            }
            weights.insert(h, ws);
        }
        let nn = tags.iter().position(|&t| t == "NN")? as u8;
        Some(Tagger {
            tags,
            fixed,
            weights,
            nn,
        })
    }

    /// Tags for `words` (one sentence or paragraph of spaCy-style tokens).
    pub(crate) fn tag(&self, words: &[&str]) -> Vec<&'static str> {
        let lowers: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let mut out: Vec<&'static str> = Vec::with_capacity(words.len());
        let mut scores = vec![0f64; self.tags.len()];
        let mut touched = vec![false; self.tags.len()];
        let mut buf = String::new();
        for i in 0..words.len() {
            let p1 = if i > 0 { out[i - 1] } else { "<s>" };
            let p2 = if i > 1 { out[i - 2] } else { "<s>" };
            // "I/O": spaCy tags this "I" NNP (misaki then reads it ˈI, not the pronoun's ˌI).
            if words[i] == "I" && words.get(i + 1) == Some(&"/") {
                out.push("NNP");
                continue;
            }
            if let Some(&t) = self.fixed.get(words[i]) {
                out.push(self.tags[t as usize]);
                continue;
            }
            scores.iter_mut().for_each(|s| *s = 0.0);
            touched.iter_mut().for_each(|t| *t = false);
            let mut any = false;
            for_each_feature(words, &lowers, i, p1, p2, &mut buf, |h| {
                if let Some(ws) = self.weights.get(&h) {
                    for &(t, w) in ws {
                        scores[t as usize] += f64::from(w);
                        touched[t as usize] = true;
                        any = true;
                    }
                }
            });
            let best = if any {
                // Python's max over (score, tag name): ties go to the greater tag name.
                let mut best = 0;
                for t in 1..self.tags.len() {
                    if (scores[t], self.tags[t]) > (scores[best], self.tags[best]) {
                        best = t;
                    }
                }
                best as u8
            } else {
                self.nn
            };
            out.push(self.tags[best as usize]);
        }
        out
    }
}

fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Python's `str.isupper()`: at least one cased character and no lowercase ones.
fn py_isupper(w: &str) -> bool {
    w.chars().any(|c| c.is_uppercase()) && !w.chars().any(char::is_lowercase)
}

fn py_islower(w: &str) -> bool {
    w.chars().any(|c| c.is_lowercase()) && !w.chars().any(char::is_uppercase)
}

fn shape(w: &str) -> char {
    if w.chars().any(char::is_numeric) {
        'd'
    } else if !w.chars().any(char::is_alphabetic) {
        'p'
    } else if py_isupper(w) {
        'U'
    } else if w.chars().next().is_some_and(char::is_uppercase) {
        'T'
    } else if py_islower(w) {
        'l'
    } else {
        'm'
    }
}

/// The last `n` characters of `s` (Python's `s[-n:]`).
fn last_chars(s: &str, n: usize) -> &str {
    match s.char_indices().rev().nth(n - 1) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

fn first_char(s: &str) -> &str {
    s.chars().next().map_or("", |c| &s[..c.len_utf8()])
}

/// The feature templates of en_train_tagger.py's `features`, hashed.
fn for_each_feature(
    words: &[&str],
    lowers: &[String],
    i: usize,
    p1: &str,
    p2: &str,
    buf: &mut String,
    mut f: impl FnMut(u64),
) {
    use std::fmt::Write;
    let lw = lowers[i].as_str();
    let pw = if i > 0 { lowers[i - 1].as_str() } else { "<s>" };
    let pw2 = if i > 1 { lowers[i - 2].as_str() } else { "<s>" };
    let nw = lowers.get(i + 1).map_or("</s>", String::as_str);
    let nw2 = lowers.get(i + 2).map_or("</s>", String::as_str);
    let sh = shape(words[i]);
    let mut emit = |parts: std::fmt::Arguments| {
        buf.clear();
        let _ = buf.write_fmt(parts);
        f(fnv1a(buf));
    };
    emit(format_args!("b"));
    emit(format_args!("w={lw}"));
    emit(format_args!("s3={}", last_chars(lw, 3)));
    emit(format_args!("s2={}", last_chars(lw, 2)));
    emit(format_args!("p1={}", first_char(lw)));
    emit(format_args!("sh={sh}{}", if i == 0 { "0" } else { "" }));
    emit(format_args!("pt={p1}"));
    emit(format_args!("pt2={p1} {p2}"));
    emit(format_args!("ptw={p1} {lw}"));
    emit(format_args!("pw={pw}"));
    emit(format_args!("pw2={pw2}"));
    emit(format_args!("nw={nw}"));
    emit(format_args!("nw2={nw2}"));
    emit(format_args!("ns3={}", last_chars(nw, 3)));
    emit(format_args!("pwn={pw} {lw}"));
    emit(format_args!("wn={lw} {nw}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(sentence: &str, expected: &str) {
        let words: Vec<&str> = sentence.split(' ').collect();
        assert_eq!(Tagger::get().tag(&words).join(" "), expected, "tags of {sentence:?}");
    }

    #[test]
    fn tags_common_sentences_like_spacy() {
        check("I read the book yesterday .", "PRP VBD DT NN NN .");
        check("They live in a small house .", "PRP VBP IN DT JJ NN .");
        check("The band played a live concert .", "DT NN VBD DT JJ NN .");
    }

    #[test]
    fn python_string_helpers() {
        assert_eq!(last_chars("héllo", 3), "llo");
        assert_eq!(last_chars("é", 3), "é");
        assert_eq!(shape("NASA"), 'U');
        assert_eq!(shape("3rd"), 'd');
        assert_eq!(shape("iPhone"), 'm');
    }
}
