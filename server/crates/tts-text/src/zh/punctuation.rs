//! misaki's `ZHG2P.map_punctuation`: full-width marks become ASCII ones (or curly quotes) with a
//! space on the side where the next word begins, then the text is stripped.
//!
//! The model was trained on exactly these strings, so the spacing is part of the contract: `，`
//! becomes `, ` and `《` becomes ` “`. Marks not in the table pass through unchanged; the ones the
//! v1.0 vocabulary lacks are dropped later by the tokenizer, as in the reference pipeline.
use super::traced::{is_py_space, Ch};

/// The replacement for a full-width mark, if misaki maps it.
pub(crate) fn replacement(c: char) -> Option<&'static str> {
    Some(match c {
        '、' | '，' => ", ",
        '。' | '．' => ". ",
        '！' => "! ",
        '：' => ": ",
        '；' => "; ",
        '？' => "? ",
        '«' | '《' | '「' | '【' => " “",
        '»' | '》' | '」' | '】' => "” ",
        '（' => " (",
        '）' => ") ",
        _ => return None,
    })
}

/// Maps every mark in `chars` and strips whitespace (Python's definition) from both ends. The
/// characters a mark becomes stand for the mark in the source.
pub(crate) fn map(chars: &[Ch]) -> Vec<Ch> {
    let mut out = Vec::with_capacity(chars.len() + chars.len() / 4);
    for ch in chars {
        match replacement(ch.c) {
            Some(text) => out.extend(text.chars().map(|c| Ch { c, ..*ch })),
            None => out.push(*ch),
        }
    }
    let end = out
        .iter()
        .rposition(|ch| !is_py_space(ch.c))
        .map_or(0, |i| i + 1);
    out.truncate(end);
    let start = out
        .iter()
        .position(|ch| !is_py_space(ch.c))
        .unwrap_or(out.len());
    out.drain(..start);
    out
}

#[cfg(test)]
mod tests {
    use super::super::traced::{string, trace};
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(string(&map(&trace(input))), expected, "input {input:?}");
    }

    #[test]
    fn full_width_marks_become_ascii_with_spacing() {
        check("你好，世界。", "你好, 世界.");
        check("一、二；三：四？五！", "一, 二; 三: 四? 五!");
        // Closing and opening marks each bring their own space: two in a row.
        check("《红楼梦》「好」【注】«a»", "“红楼梦”  “好”  “注”  “a”");
        check("他（笑）说", "他 (笑) 说");
        check("３．５", "３. ５");
    }

    #[test]
    fn other_marks_pass_through() {
        check("“引号”…—~·‘’", "“引号”…—~·‘’");
    }

    #[test]
    fn result_is_stripped_like_python() {
        check("\u{3000}好。\u{1C}", "好.");
        check("，", ",");
        check("　", "");
    }

    #[test]
    fn mapped_characters_point_at_the_mark() {
        let out = map(&trace("好，是"));
        assert_eq!((out[1].c, out[1].start, out[1].end), (',', 3, 6));
        assert_eq!((out[2].c, out[2].start, out[2].end), (' ', 3, 6));
    }
}
