//! Numbers as English words, the way misaki gets them from `num2words` 0.5.14 (en): cardinals,
//! ordinals, years and decimals.
//!
//! misaki splits num2words' text on anything that is not a letter and looks every word up in the
//! lexicon, so only the word sequence matters here: "one thousand, two hundred and fifty" and
//! ["one", "thousand", "two", "hundred", "and", "fifty"] read the same. "and" is kept because
//! misaki decides itself whether to drop it.

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
/// Powers of a thousand, as far as num2words names them in English.
const SCALES: [&str; 12] = [
    "",
    "thousand",
    "million",
    "billion",
    "trillion",
    "quadrillion",
    "quintillion",
    "sextillion",
    "septillion",
    "octillion",
    "nonillion",
    "decillion",
];

/// The largest number we spell as a cardinal; longer digit strings are read digit by digit
/// (num2words raises an overflow error there, which would crash misaki).
pub(crate) fn fits(digits: &str) -> bool {
    let trimmed = digits.trim_start_matches('0');
    trimmed.len() <= SCALES.len() * 3
}

/// Words for 0..=999 (num2words puts "and" after "hundred").
fn below_thousand(n: u32, out: &mut Vec<&'static str>) {
    let hundreds = n / 100;
    let rest = n % 100;
    if hundreds > 0 {
        out.push(ONES[hundreds as usize]);
        out.push("hundred");
        if rest > 0 {
            out.push("and");
        }
    }
    if rest > 0 || hundreds == 0 {
        if rest < 20 {
            out.push(ONES[rest as usize]);
        } else {
            out.push(TENS[(rest / 10) as usize]);
            if !rest.is_multiple_of(10) {
                out.push(ONES[(rest % 10) as usize]);
            }
        }
    }
}

/// Cardinal words for a string of ASCII digits (no sign, no separators). Callers check [`fits`].
pub(crate) fn cardinal(digits: &str) -> Vec<&'static str> {
    let digits = digits.trim_start_matches('0');
    let mut out = Vec::new();
    if digits.is_empty() {
        out.push("zero");
        return out;
    }
    // Groups of three digits, most significant first.
    let bytes = digits.as_bytes();
    let first = bytes.len() % 3;
    let mut groups: Vec<u32> = Vec::new();
    if first > 0 {
        groups.push(parse_small(&bytes[..first]));
    }
    for chunk in bytes[first..].chunks(3) {
        groups.push(parse_small(chunk));
    }
    let count = groups.len();
    for (i, &group) in groups.iter().enumerate() {
        let scale = count - 1 - i;
        if group == 0 {
            continue;
        }
        // num2words joins a last group below 100 to a larger number with "and"
        // ("one thousand and five").
        if scale == 0 && group < 100 && !out.is_empty() {
            out.push("and");
        }
        below_thousand(group, &mut out);
        if scale > 0 {
            out.push(SCALES[scale.min(SCALES.len() - 1)]);
        }
    }
    out
}

fn parse_small(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0, |acc, b| acc * 10 + u32::from(b - b'0'))
}

/// Ordinal words: the cardinal with its last word made ordinal ("twenty-first", "one hundredth").
pub(crate) fn ordinal(digits: &str) -> Vec<String> {
    let mut words: Vec<String> = cardinal(digits).into_iter().map(str::to_string).collect();
    if let Some(last) = words.last_mut() {
        *last = ordinal_word(last);
    }
    words
}

fn ordinal_word(word: &str) -> String {
    let irregular = match word {
        "one" => "first",
        "two" => "second",
        "three" => "third",
        "four" => "fourth",
        "five" => "fifth",
        "six" => "sixth",
        "seven" => "seventh",
        "eight" => "eighth",
        "nine" => "ninth",
        "ten" => "tenth",
        "eleven" => "eleventh",
        "twelve" => "twelfth",
        _ => "",
    };
    if !irregular.is_empty() {
        return irregular.to_string();
    }
    match word.strip_suffix('y') {
        Some(stem) => format!("{stem}ieth"),
        None => format!("{word}th"),
    }
}

/// num2words' `to='year'` for a four-digit year: "nineteen eighty-four", "nineteen oh-five",
/// "eighteen hundred", but plain cardinals for 2000–2009 and the like.
pub(crate) fn year(n: u32) -> Vec<&'static str> {
    let high = n / 100;
    let low = n % 100;
    if high == 0 || (high.is_multiple_of(10) && low < 10) || high >= 100 {
        return cardinal(&n.to_string());
    }
    let mut out = Vec::new();
    below_thousand(high, &mut out);
    if low == 0 {
        out.push("hundred");
    } else if low < 10 {
        out.push("oh");
        out.push(ONES[low as usize]);
    } else {
        below_thousand(low, &mut out);
    }
    out
}

/// num2words of a float given as `int.frac` digits: the integer part as a cardinal, then "point"
/// and each fractional digit, after Python's shortest float repr has dropped trailing zeros.
pub(crate) fn decimal(int_part: &str, frac: &str) -> Vec<&'static str> {
    let mut out = cardinal(int_part);
    let frac = frac.trim_end_matches('0');
    if !frac.is_empty() {
        out.push("point");
        for b in frac.bytes() {
            out.push(ONES[usize::from(b - b'0')]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(words: Vec<impl AsRef<str>>, expected: &str) {
        let joined: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
        assert_eq!(joined.join(" "), expected);
    }

    #[test]
    fn cardinals_match_num2words() {
        check(cardinal("0"), "zero");
        check(cardinal("21"), "twenty one");
        check(cardinal("100"), "one hundred");
        check(cardinal("1005"), "one thousand and five");
        check(cardinal("1100"), "one thousand one hundred");
        check(cardinal("1250"), "one thousand two hundred and fifty");
        check(cardinal("2500000"), "two million five hundred thousand");
        check(cardinal("1000000000005"), "one trillion and five");
    }

    #[test]
    fn ordinals_years_and_decimals_match_num2words() {
        check(ordinal("21"), "twenty first");
        check(ordinal("20"), "twentieth");
        check(ordinal("1000"), "one thousandth");
        check(ordinal("111"), "one hundred and eleventh");
        check(year(1984), "nineteen eighty four");
        check(year(1905), "nineteen oh five");
        check(year(2005), "two thousand and five");
        check(year(1800), "eighteen hundred");
        check(year(2010), "twenty ten");
        check(year(1000), "one thousand");
        check(decimal("3", "14"), "three point one four");
        check(decimal("5", "00"), "five");
        check(decimal("0", "75"), "zero point seven five");
    }
}
