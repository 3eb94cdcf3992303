//! Word segmentation of a Han run, as `jieba.lcut(run, cut_all=False)` (jieba 0.42.1, HMM on).
//!
//! jieba-rs carries the same dictionary (it lacks only `B超`, which never occurs in a Han-only
//! run). One difference in character classes remains: Python jieba's Han class ends at U+9FD5,
//! so the newest characters U+9FD6–U+9FFF (inside misaki's Han range) come out of Python jieba as
//! one-character words, while jieba-rs would join them to their neighbours. They are split off
//! here first. The same is done for characters the caller counts as Han beyond misaki's range.
use std::ops::Range;

use jieba_rs::Jieba;

use crate::{DataError, DataFile};

/// jieba's segmenter with the dictionary in `file` (jieba-rs's `dict.txt`), or with the copy
/// compiled into jieba-rs when `file` is `None`. Both give the same segmenter: the file is the very
/// text jieba-rs embeds (the wasm build copies it from the jieba-rs source), and it has no repeated
/// words, so loading it with duplicate checks changes nothing.
pub(crate) fn jieba(file: Option<DataFile<'_>>) -> Result<Jieba, DataError> {
    match file {
        Some(file) => Jieba::with_dict(&mut { file.bytes }).map_err(|e| DataError::named(file.name, e)),
        None => embedded(),
    }
}

#[cfg(feature = "embedded-jieba-dict")]
fn embedded() -> Result<Jieba, DataError> {
    Ok(Jieba::new())
}

#[cfg(not(feature = "embedded-jieba-dict"))]
fn embedded() -> Result<Jieba, DataError> {
    Err(DataError::named(
        "jieba dict.txt",
        "this build has no embedded jieba dictionary (feature embedded-jieba-dict); pass the file in",
    ))
}

/// Character ranges (indices into `chars`) of the words of one run of Han characters.
pub(crate) fn words(jieba: &Jieba, chars: &[char]) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(chars.len() / 2 + 1);
    let mut text = String::new();
    let mut start = 0;
    for (i, &c) in chars.iter().enumerate() {
        if !is_jieba_han(c) {
            cut(jieba, &chars[start..i], start, &mut text, &mut out);
            out.push(i..i + 1);
            start = i + 1;
        }
    }
    cut(jieba, &chars[start..], start, &mut text, &mut out);
    out
}

/// Python jieba's `re_han_default` for the characters that reach it here.
fn is_jieba_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FD5}').contains(&c)
}

fn cut(
    jieba: &Jieba,
    chars: &[char],
    offset: usize,
    text: &mut String,
    out: &mut Vec<Range<usize>>,
) {
    if chars.is_empty() {
        return;
    }
    text.clear();
    text.extend(chars);
    // jieba-rs reports positions in characters, which is what the caller indexes by.
    for token in jieba.cut(text, true) {
        out.push(offset + token.start..offset + token.end);
    }
}

// `Jieba::new` is the embedded dictionary.
#[cfg(all(test, feature = "embedded-jieba-dict"))]
mod tests {
    use super::*;

    fn check(jieba: &Jieba, input: &str, expected: &[&str]) {
        let chars: Vec<char> = input.chars().collect();
        let got: Vec<String> = words(jieba, &chars)
            .into_iter()
            .map(|r| chars[r].iter().collect())
            .collect();
        assert_eq!(got, expected, "input {input}");
    }

    #[test]
    fn cuts_like_jieba_and_splits_off_characters_outside_its_han_class() {
        let jieba = Jieba::new();
        check(
            &jieba,
            "我来到北京清华大学",
            &["我", "来到", "北京", "清华大学"],
        );
        check(
            &jieba,
            "他来到了网易杭研大厦",
            &["他", "来到", "了", "网易", "杭研", "大厦"],
        );
        check(
            &jieba,
            "北京\u{9FD6}\u{9FD6}大学",
            &["北京", "\u{9FD6}", "\u{9FD6}", "大学"],
        );
        check(&jieba, "二〇二五年", &["二", "〇", "二", "五年"]);
        check(&jieba, "", &[]);
    }
}
