//! Arabic numerals → Chinese numerals, as cn2an 0.5.23's `transform(text, "an2cn")` does it for
//! misaki.
//!
//! cn2an runs five regex substitutions in order, each over the previous one's output:
//! dates `(\d{2,4}年)?(\d{1,2}月)?(\d{1,2}日)?` (years digit by digit), fractions `\d+/\d+`,
//! percentages `-?(\d+\.)?\d+%`, temperatures `\d+℃`, and finally every number `-?(\d+\.)?\d+`
//! in "low" mode (一百一十四, 十五, 一千零五, 负三点一四). A match cn2an cannot convert (over 16
//! integer digits, or digits of another script) is left exactly as written. The passes below are
//! hand-written scanners with the same leftmost-greedy semantics, linear in the input.
//!
//! Quirks kept on purpose because the model was trained on them: `10年` → 一零年, `-5℃` keeps its
//! `-`, `36.5℃` → 三十六.五摄氏度, phone numbers are read as quantities, `2` is always 二.
use std::ops::Range;

use super::traced::{push_str, source, Ch};

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const UNITS: [&str; 16] = [
    "", "十", "百", "千", "万", "十", "百", "千", "亿", "十", "百", "千", "万", "十", "百", "千",
];

/// Applies cn2an's an2cn transform.
pub(crate) fn transform(chars: &[Ch]) -> Vec<Ch> {
    // Most text has no digits; skip five copies of it.
    if !chars.iter().any(|ch| is_digit(ch.c)) {
        return chars.to_vec();
    }
    let chars = dates(chars);
    let chars = fractions(&chars);
    let chars = percentages(&chars);
    let chars = temperatures(&chars);
    numbers(&chars)
}

/// Reads every digit that survived [`transform`] one by one (二零二五…): numbers cn2an refuses,
/// like 20-digit IDs, would otherwise reach the model as symbols it cannot say.
pub(crate) fn spell_leftover_digits(chars: &[Ch]) -> Vec<Ch> {
    chars
        .iter()
        .map(|ch| match value(ch.c) {
            Some(d) => Ch {
                c: DIGITS[usize::from(d)],
                ..*ch
            },
            None => *ch,
        })
        .collect()
}

/// Python's `\d`: any decimal digit (Unicode category Nd), ASCII or not.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && nd_value(c).is_some())
}

/// The value of a digit cn2an can convert: ASCII, or full-width (which it folds to ASCII).
fn value(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => Some((c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

/// Digit value of a Unicode Nd character. Nd digits come in runs of ten from a zero; these are
/// the zeros of Unicode 14 (Python 3.11's `\d`).
fn nd_value(c: char) -> Option<u32> {
    const ZEROS: &[u32] = &[
        0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
        0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
        0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
        0xFF10, 0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0,
        0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0,
        0x16B50, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
    ];
    let n = c as u32;
    // Mathematical digits U+1D7CE–U+1D7FF are five sets of ten back to back.
    if (0x1D7CE..=0x1D7FF).contains(&n) {
        return Some((n - 0x1D7CE) % 10);
    }
    ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&n))
        .map(|zero| n - zero)
}

/// End of the run of digits starting at `i` (`i` itself if there is none).
fn run_end(chars: &[Ch], i: usize) -> usize {
    chars[i..]
        .iter()
        .position(|ch| !is_digit(ch.c))
        .map_or(chars.len(), |n| i + n)
}

fn is(chars: &[Ch], i: usize, c: char) -> bool {
    chars.get(i).is_some_and(|ch| ch.c == c)
}

fn digit_at(chars: &[Ch], i: usize) -> bool {
    chars.get(i).is_some_and(|ch| is_digit(ch.c))
}

/// The ASCII form of `chars` if every digit is one cn2an can convert (`-` and `.` pass).
fn ascii(chars: &[Ch]) -> Option<String> {
    chars
        .iter()
        .map(|ch| match ch.c {
            '-' | '.' => Some(ch.c),
            c => value(c).map(|d| char::from(b'0' + d)),
        })
        .collect()
}

/// cn2an's `an2cn(text, "low")`: sign, integer part with units, decimals digit by digit.
fn low(text: &str) -> Option<String> {
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("负", rest),
        None => ("", text),
    };
    let mut parts = unsigned.split('.');
    let integer = parts.next()?;
    let decimals = parts.next();
    if parts.next().is_some() {
        return None;
    }
    let mut out = String::from(sign);
    out.push_str(&integer_low(integer)?);
    if let Some(decimals) = decimals {
        if !decimals.is_empty() {
            out.push('点');
        }
        // cn2an keeps 16 decimal places and drops the rest (with a warning).
        for d in decimals.bytes().take(16) {
            out.push(*DIGITS.get(usize::from(d.wrapping_sub(b'0')))?);
        }
    }
    Some(out)
}

/// cn2an's integer conversion: 10 → 十, 1005 → 一千零五, 100020003 → 一亿零二万零三.
fn integer_low(digits: &str) -> Option<String> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Python's int() drops leading zeros; an all-zero number is 0.
    let digits = match digits.trim_start_matches('0') {
        "" => "0",
        trimmed => trimmed,
    };
    let n = digits.len();
    if n > UNITS.len() {
        return None;
    }
    let mut out = String::with_capacity(n * 6);
    for (i, d) in digits.bytes().map(|b| usize::from(b - b'0')).enumerate() {
        let place = n - i - 1;
        if d != 0 {
            out.push(DIGITS[d]);
            out.push_str(UNITS[place]);
        } else {
            // A zero at the ones, 万 or 亿 place still writes its unit (零万, cleaned up below);
            // other zeros write one 零 unless one was just written.
            if place % 4 == 0 {
                out.push('零');
                out.push_str(UNITS[place]);
            }
            if i > 0 && !out.ends_with('零') {
                out.push('零');
            }
        }
    }
    let mut out = out
        .replace("零零", "零")
        .replace("零万", "万")
        .replace("零亿", "亿")
        .replace("亿万", "亿");
    out = out.trim_matches('零').to_string();
    // 一十五 is said 十五.
    if let Some(rest) = out.strip_prefix("一十") {
        out = format!("十{rest}");
    }
    if out.is_empty() {
        out.push('零');
    }
    Some(out)
}

/// cn2an's "direct" mode: one numeral per digit (years).
fn direct(chars: &[Ch], out: &mut Vec<Ch>) -> bool {
    let Some(text) = ascii(chars) else {
        return false;
    };
    for (ch, b) in chars.iter().zip(text.bytes()) {
        let c = if b == b'.' {
            '点'
        } else {
            DIGITS[usize::from(b - b'0')]
        };
        out.push(Ch { c, ..*ch });
    }
    true
}

/// Appends the low-mode reading of `chars`, standing for their source; false if cn2an refuses.
fn push_low(chars: &[Ch], out: &mut Vec<Ch>) -> bool {
    match ascii(chars).as_deref().and_then(low) {
        Some(text) => {
            push_str(out, &text, source(chars));
            true
        }
        None => false,
    }
}

/// Runs `replace` over every match of a pattern. `find(chars, i)` says whether a match starts at
/// `i` and where it ends; `replace` writes the replacement or returns false to keep the match as
/// written (cn2an's behaviour when a conversion raises).
fn substitute(
    chars: &[Ch],
    find: impl Fn(&[Ch], usize) -> Scan,
    replace: impl Fn(&[Ch], &mut Vec<Ch>) -> bool,
) -> Vec<Ch> {
    let mut out = Vec::with_capacity(chars.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        match find(chars, i) {
            Scan::Match(end) => {
                let mark = out.len();
                if !replace(&chars[i..end], &mut out) {
                    out.truncate(mark);
                    out.extend_from_slice(&chars[i..end]);
                }
                i = end;
            }
            Scan::NoneBefore(next) => {
                let next = next.max(i + 1);
                out.extend_from_slice(&chars[i..next]);
                i = next;
            }
        }
    }
    out
}

/// What a scanner found at a position.
enum Scan {
    /// A match from here to this end.
    Match(usize),
    /// No match starts before this position (lets scanners skip the rest of a digit run, whose
    /// suffixes would fail the same way, keeping every pass linear).
    NoneBefore(usize),
}

/// `(\d{2,4}年)?(\d{1,2}月)?(\d{1,2}日)?`, years read digit by digit, months and days in low mode.
fn dates(chars: &[Ch]) -> Vec<Ch> {
    // A field is a whole run of digits of the right length followed by its marker: the digit class
    // never matches the marker, so no shorter part of a longer run can match.
    let field = |i: usize, lengths: Range<usize>, marker: char| {
        let end = run_end(chars, i);
        (lengths.contains(&(end - i)) && is(chars, end, marker)).then_some(end)
    };
    let find = |chars: &[Ch], i: usize| {
        if !is_digit(chars[i].c) {
            return Scan::NoneBefore(i + 1);
        }
        // Inside a run longer than four digits only the last four positions can start a field.
        let end = run_end(chars, i);
        if end - i > 4 {
            return Scan::NoneBefore(end - 4);
        }
        let mut at = i;
        for (lengths, marker) in [(2..5, '年'), (1..3, '月'), (1..3, '日')] {
            if let Some(digits_end) = field(at, lengths, marker) {
                at = digits_end + 1;
            }
        }
        if at > i {
            Scan::Match(at)
        } else {
            Scan::NoneBefore(i + 1)
        }
    };
    substitute(chars, find, |m, out| {
        let mut i = 0;
        while i < m.len() {
            let end = run_end(m, i);
            if end == i {
                out.push(m[i]);
                i += 1;
                continue;
            }
            let ok = if is(m, end, '年') {
                direct(&m[i..end], out)
            } else {
                push_low(&m[i..end], out)
            };
            if !ok {
                return false;
            }
            i = end;
        }
        true
    })
}

/// `\d+/\d+` → denominator 分之 numerator.
fn fractions(chars: &[Ch]) -> Vec<Ch> {
    let find = |chars: &[Ch], i: usize| {
        if !is_digit(chars[i].c) {
            return Scan::NoneBefore(i + 1);
        }
        let end = run_end(chars, i);
        if is(chars, end, '/') && digit_at(chars, end + 1) {
            Scan::Match(run_end(chars, end + 1))
        } else {
            Scan::NoneBefore(end)
        }
    };
    substitute(chars, find, |m, out| {
        let slash = m.iter().position(|ch| ch.c == '/').unwrap_or(m.len());
        let (numerator, denominator) = (&m[..slash], m.get(slash + 1..).unwrap_or_default());
        let mark = out.len();
        let ok = push_low(denominator, out) && {
            push_str(out, "分之", source(&m[slash..slash + 1]));
            push_low(numerator, out)
        };
        stand_for_whole(&mut out[mark..], m);
        ok
    })
}

/// Where `-?(\d+\.)?\d+` followed by `suffix` matches at `i`, if it does: returns the end of the
/// number (before the suffix) or where scanning may resume.
fn decimal_then(chars: &[Ch], i: usize, suffix: Option<char>) -> Result<usize, usize> {
    let start = if is(chars, i, '-') && digit_at(chars, i + 1) {
        i + 1
    } else {
        i
    };
    if !digit_at(chars, start) {
        return Err(i + 1);
    }
    let end = run_end(chars, start);
    let ends_well = |e: usize| suffix.is_none_or(|s| is(chars, e, s));
    if is(chars, end, '.') && digit_at(chars, end + 1) {
        let decimals_end = run_end(chars, end + 1);
        if ends_well(decimals_end) {
            return Ok(decimals_end);
        }
        // Without the decimals the integer would need the suffix right after it, but a '.' is
        // there: no match anywhere in this run.
        return Err(end);
    }
    if ends_well(end) {
        Ok(end)
    } else {
        Err(end)
    }
}

/// Fractions and percentages are read in another order than written (1/2 → 二分之一, 5% → 百分之五),
/// so their parts cannot point at their own digits without token spans running backwards; the
/// whole reading stands for the whole expression instead.
fn stand_for_whole(written: &mut [Ch], expression: &[Ch]) {
    let span = source(expression);
    for ch in written {
        (ch.start, ch.end) = (span.start, span.end);
    }
}

/// `-?(\d+\.)?\d+%` → 百分之….
fn percentages(chars: &[Ch]) -> Vec<Ch> {
    let find = |chars: &[Ch], i: usize| match decimal_then(chars, i, Some('%')) {
        Ok(end) => Scan::Match(end + 1),
        Err(next) => Scan::NoneBefore(next),
    };
    substitute(chars, find, |m, out| {
        let (number, percent) = m.split_at(m.len() - 1);
        let mark = out.len();
        push_str(out, "百分之", source(percent));
        let ok = push_low(number, out);
        stand_for_whole(&mut out[mark..], m);
        ok
    })
}

/// `\d+℃` → …摄氏度 (no sign, no decimals: cn2an's pattern has neither).
fn temperatures(chars: &[Ch]) -> Vec<Ch> {
    let find = |chars: &[Ch], i: usize| {
        if !is_digit(chars[i].c) {
            return Scan::NoneBefore(i + 1);
        }
        let end = run_end(chars, i);
        if is(chars, end, '℃') {
            Scan::Match(end + 1)
        } else {
            Scan::NoneBefore(end)
        }
    };
    substitute(chars, find, |m, out| {
        let (number, degree) = m.split_at(m.len() - 1);
        push_low(number, out) && {
            push_str(out, "摄氏度", source(degree));
            true
        }
    })
}

/// Every remaining `-?(\d+\.)?\d+` in low mode.
fn numbers(chars: &[Ch]) -> Vec<Ch> {
    let find = |chars: &[Ch], i: usize| match decimal_then(chars, i, None) {
        Ok(end) => Scan::Match(end),
        Err(next) => Scan::NoneBefore(next),
    };
    substitute(chars, find, push_low)
}

#[cfg(test)]
mod tests {
    use super::super::traced::{string, trace};
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(
            string(&transform(&trace(input))),
            expected,
            "input {input:?}"
        );
    }

    // Expected values are cn2an 0.5.23's own output.
    #[test]
    fn integers_and_decimals_in_low_mode() {
        for (input, expected) in [
            ("0", "零"),
            ("10", "十"),
            ("15", "十五"),
            ("114", "一百一十四"),
            ("1005", "一千零五"),
            ("100000", "十万"),
            ("10010", "一万零一十"),
            ("110", "一百一十"),
            ("101000", "十万零一千"),
            ("100020003", "一亿零二万零三"),
            ("200000000", "二亿"),
            ("10000000000", "一百亿"),
            ("1000000001", "十亿零一"),
            ("13800138000", "一百三十八亿零一十三万八千"),
            (
                "1234567890123456",
                "一千二百三十四万五千六百七十八亿九千零一十二万三千四百五十六",
            ),
            ("007", "七"),
            ("0.5", "零点五"),
            ("-3.14", "负三点一四"),
            (
                "3.14159265358979323846",
                "三点一四一五九二六五三五八九七九三二",
            ),
            ("１２３", "一百二十三"),
            ("第1名", "第一名"),
            ("一共12个", "一共十二个"),
        ] {
            check(input, expected);
        }
    }

    #[test]
    fn dates_read_years_digit_by_digit() {
        check("2025年3月15日", "二零二五年三月十五日");
        check("２０２５年", "二零二五年");
        check("10年", "一零年");
        check("99年", "九九年");
        check("9年", "九年");
        check("0000年", "零零零零年");
        check("12025年", "一二零二五年");
        check("123月", "一二十三月");
        check("05月00日", "五月零日");
        check("32日", "三十二日");
    }

    #[test]
    fn fractions_percentages_and_temperatures() {
        check("1/2", "二分之一");
        check("1/0", "零分之一");
        check("2025/10/1", "十分之二千零二十五/一");
        check("50%", "百分之五十");
        check("-5%", "百分之负五");
        check("12.5%", "百分之十二点五");
        check("100%", "百分之一百");
        check("1.2.5%", "一.百分之二点五");
        check("-.5%", "-.百分之五");
        check("36℃", "三十六摄氏度");
        check("-5℃", "-五摄氏度");
        check("36.5℃", "三十六.五摄氏度");
    }

    #[test]
    fn what_cn2an_refuses_is_left_as_written() {
        check("12345678901234567", "12345678901234567");
        check("٣", "٣");
        check("1٣", "1٣");
        check("1.2.3", "一点二.三");
        check("3.", "三.");
    }

    #[test]
    fn leftover_digits_can_be_spelled() {
        assert_eq!(
            string(&spell_leftover_digits(&transform(&trace(
                "12345678901234567号"
            )))),
            "一二三四五六七八九零一二三四五六七号"
        );
    }

    #[test]
    fn converted_numbers_point_at_their_digits() {
        let out = transform(&trace("约2025年"));
        // 约 is 3 bytes; the year's digits keep their own spans, 年 its own.
        assert_eq!((out[1].c, out[1].start, out[1].end), ('二', 3, 4));
        assert_eq!((out[4].c, out[4].start, out[4].end), ('五', 6, 7));
        assert_eq!((out[5].c, out[5].start, out[5].end), ('年', 7, 10));
        // Reordered readings stand for the whole expression.
        let out = transform(&trace("约50%"));
        assert!(out[1..].iter().all(|ch| (ch.start, ch.end) == (3, 6)));
        let out = transform(&trace("共15个"));
        assert!(out[1..3].iter().all(|ch| (ch.start, ch.end) == (3, 5)));
    }

    #[test]
    fn long_digit_runs_stay_linear() {
        let long = "1".repeat(200_000) + "年";
        let out = transform(&trace(&long));
        assert_eq!(out.len(), long.chars().count());
    }
}
