//! Text that remembers, character by character, which bytes of the user's input it came from.
//!
//! Normalisation rewrites the text (2025年 → 二零二五年, `，` → `, `) before segmentation, but
//! tokens must point back at the original characters so word timestamps land on what the user
//! wrote. Each pass therefore maps a `[Ch]` to a new `Vec<Ch>`, giving every character it writes
//! the source span of what it replaced.
use std::ops::Range;

/// One character of normalised text and the input bytes it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ch {
    pub c: char,
    pub start: usize,
    pub end: usize,
}

/// The input as traced text: every character stands for itself.
pub(crate) fn trace(text: &str) -> Vec<Ch> {
    text.char_indices()
        .map(|(i, c)| Ch {
            c,
            start: i,
            end: i + c.len_utf8(),
        })
        .collect()
}

/// The span of input covered by `chars` (empty at 0 for no characters).
pub(crate) fn source(chars: &[Ch]) -> Range<usize> {
    let start = chars.iter().map(|ch| ch.start).min().unwrap_or(0);
    let end = chars.iter().map(|ch| ch.end).max().unwrap_or(start);
    start..end
}

/// Appends `text`, every character of it standing for `src`.
pub(crate) fn push_str(out: &mut Vec<Ch>, text: &str, src: Range<usize>) {
    out.extend(text.chars().map(|c| Ch {
        c,
        start: src.start,
        end: src.end,
    }));
}

/// The plain string of traced text.
pub(crate) fn string(chars: &[Ch]) -> String {
    chars.iter().map(|ch| ch.c).collect()
}

/// Python's `str.isspace`, which misaki's `strip()` uses: Rust's White_Space plus the four ASCII
/// information separators U+001C–U+001F.
pub(crate) fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1C}'..='\u{1F}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracing_keeps_byte_spans() {
        let chars = trace("a好b");
        assert_eq!(
            chars[1],
            Ch {
                c: '好',
                start: 1,
                end: 4
            }
        );
        assert_eq!(source(&chars[1..]), 1..5);
        assert_eq!(source(&[]), 0..0);
        let mut out = Vec::new();
        push_str(&mut out, "十五", 3..5);
        assert_eq!(string(&out), "十五");
        assert_eq!(source(&out), 3..5);
    }

    #[test]
    fn python_whitespace_includes_information_separators() {
        for c in [
            ' ', '\t', '\n', '\u{3000}', '\u{A0}', '\u{1C}', '\u{1F}', '\u{85}',
        ] {
            assert!(is_py_space(c), "{c:?}");
        }
        for c in ['a', '\u{200B}', '\u{180E}', '，'] {
            assert!(!is_py_space(c), "{c:?}");
        }
    }
}
