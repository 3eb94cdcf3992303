//! Readings beyond misaki (off in strict-misaki mode): units after numbers ("5 km" → "five
//! kilometers"), numeric ranges ("10-12" → "ten to twelve"), and URLs / e-mail addresses with their
//! separators spoken ("example.com/docs" → "example dot com slash docs").
//!
//! Works on the raw tokens: [`spoken`] gives, per raw token, the words to say instead of it (or
//! `None`). Every token keeps its own source range, so "km" still maps to "km".
use super::tokenize::RawToken;

/// (abbreviation, singular, plural). Matched case-sensitively, only right after a number.
const UNITS: &[(&str, &str, &str)] = &[
    ("km", "kilometer", "kilometers"),
    ("m", "meter", "meters"),
    ("cm", "centimeter", "centimeters"),
    ("mm", "millimeter", "millimeters"),
    ("kg", "kilogram", "kilograms"),
    ("g", "gram", "grams"),
    ("mg", "milligram", "milligrams"),
    ("lb", "pound", "pounds"),
    ("lbs", "pound", "pounds"),
    ("oz", "ounce", "ounces"),
    ("mi", "mile", "miles"),
    ("ft", "foot", "feet"),
    ("in", "inch", "inches"),
    ("mph", "mile per hour", "miles per hour"),
    ("kph", "kilometer per hour", "kilometers per hour"),
    ("ms", "millisecond", "milliseconds"),
    ("s", "second", "seconds"),
    ("sec", "second", "seconds"),
    ("h", "hour", "hours"),
    ("hr", "hour", "hours"),
    ("hrs", "hour", "hours"),
    ("min", "minute", "minutes"),
    ("KB", "kilobyte", "kilobytes"),
    ("kB", "kilobyte", "kilobytes"),
    ("MB", "megabyte", "megabytes"),
    ("GB", "gigabyte", "gigabytes"),
    ("TB", "terabyte", "terabytes"),
    ("Hz", "hertz", "hertz"),
    ("kHz", "kilohertz", "kilohertz"),
    ("MHz", "megahertz", "megahertz"),
    ("GHz", "gigahertz", "gigahertz"),
    ("W", "watt", "watts"),
    ("kW", "kilowatt", "kilowatts"),
    ("V", "volt", "volts"),
    ("mAh", "milliamp hour", "milliamp hours"),
    ("L", "liter", "liters"),
    ("l", "liter", "liters"),
    ("ml", "milliliter", "milliliters"),
    ("mL", "milliliter", "milliliters"),
];

/// Words after which a bare "in" behind a number is the inch ("a 3 in long bolt"), not the
/// preposition ("1 in 10").
const AFTER_INCH: &[&str] = &["long", "wide", "tall", "high", "deep", "thick", "across", "x", "by"];

fn unit(abbr: &str) -> Option<(&'static str, &'static str)> {
    UNITS.iter().find(|u| u.0 == abbr).map(|u| (u.1, u.2))
}

/// A plain number as the tokenizer leaves it: digits, grouping commas, at most one decimal point.
fn is_number(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let mut dots = 0;
    s.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && s.bytes().last().is_some_and(|b| b.is_ascii_digit())
        && s.bytes().all(|b| {
            if b == b'.' {
                dots += 1;
            }
            b.is_ascii_digit() || b == b',' || b == b'.'
        })
        && dots <= 1
}

fn plural(number: &str) -> bool {
    !matches!(number, "1" | "-1")
}

/// Top-level domains that make "word.tld" a web address without "www." or a scheme.
const TLDS: &[&str] = &[
    "com", "org", "net", "edu", "gov", "io", "co", "uk", "de", "fr", "ai", "dev", "app", "info", "us", "ca", "au",
    "eu", "me", "ly", "tv",
];

fn looks_like_address(s: &str) -> bool {
    // Most tokens: no dot, nothing to check (keeps this pass cheap).
    if !s.contains('.') || s.len() < 4 {
        return false;
    }
    if s.contains("://") || s.starts_with("www.") {
        return s.chars().any(char::is_alphanumeric);
    }
    if let Some((user, host)) = s.split_once('@') {
        return !user.is_empty()
            && host.contains('.')
            && !host.ends_with('.')
            && s.chars().all(|c| c.is_ascii_alphanumeric() || "@.-_+".contains(c));
    }
    // "example.com" or "example.com/docs": a known TLD right after the first dot-run.
    let host = s.split('/').next().unwrap_or("");
    let mut parts = host.split('.');
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    !first.is_empty()
        && first.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && first.chars().any(|c| c.is_ascii_alphabetic())
        && rest.last().is_some_and(|tld| TLDS.contains(&tld.to_ascii_lowercase().as_str()))
        && rest.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && s.chars().all(|c| c.is_ascii_alphanumeric() || "./-_?=&#%~".contains(c))
}

/// The words of a web or e-mail address: the scheme is dropped, separators are named.
fn address_words(s: &str) -> String {
    let s = match s.find("://") {
        Some(i) => &s[i + 3..],
        None => s,
    };
    let s = s.trim_end_matches('/');
    let mut words: Vec<String> = Vec::new();
    let mut run = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            run.push(c);
            continue;
        }
        if !run.is_empty() {
            words.push(std::mem::take(&mut run));
        }
        let name = match c {
            '.' => "dot",
            '/' => "slash",
            '@' => "at",
            '-' => "dash",
            '_' => "underscore",
            ':' => "colon",
            '?' => "question mark",
            '=' => "equals",
            '&' => "and",
            '#' => "hash",
            '+' => "plus",
            '~' => "tilde",
            _ => continue,
        };
        words.push(name.to_string());
    }
    if !run.is_empty() {
        words.push(run);
    }
    // "www" is spelled.
    let words: Vec<String> = words
        .into_iter()
        .map(|w| if w.eq_ignore_ascii_case("www") { "W W W".to_string() } else { w })
        .collect();
    words.join(" ")
}

/// Per raw token, what to say instead of it (`None`: read as misaki does).
pub(crate) fn spoken(text: &str, raw: &[RawToken]) -> Vec<Option<String>> {
    let t = |i: usize| raw.get(i).map(|r| &text[r.range.clone()]).unwrap_or("");
    let glued = |i: usize| raw.get(i).is_some_and(|r| !r.space_after);
    let mut out: Vec<Option<String>> = vec![None; raw.len()];
    let mut i = 0;
    while i < raw.len() {
        let s = t(i);
        if looks_like_address(s) {
            out[i] = Some(address_words(s));
            i += 1;
            continue;
        }
        // A range kept as one token ("10–12").
        if let Some((a, b)) = s.split_once(['-', '–']).filter(|(a, b)| is_range(a, b)) {
            out[i] = Some(format!("{a} to {b}"));
            i += 1;
            continue;
        }
        if i > 0 && is_number(t(i - 1)) {
            let many = plural(t(i - 1));
            let pick = |(one, more): (&'static str, &'static str)| if many { more } else { one };
            // Degrees: "100 °C", "212°F".
            if s == "°" && glued(i) && matches!(t(i + 1), "C" | "F") {
                out[i] = Some(if many { "degrees" } else { "degree" }.to_string());
                out[i + 1] = Some(if t(i + 1) == "C" { "Celsius" } else { "Fahrenheit" }.to_string());
                i += 2;
                continue;
            }
            // Speeds and rates: "km/h", "m/s".
            if glued(i) && t(i + 1) == "/" && glued(i + 1) && matches!(t(i + 2), "h" | "s") {
                if let Some(u) = unit(s).filter(|_| matches!(s, "km" | "m" | "mi")) {
                    out[i] = Some(pick(u).to_string());
                    out[i + 1] = Some("per".to_string());
                    out[i + 2] = Some(if t(i + 2) == "h" { "hour" } else { "second" }.to_string());
                    i += 3;
                    continue;
                }
            }
            // Sentence-final "5 m." (the tokenizer keeps "m." whole): the unit, then the period.
            if let Some(u) = s
                .strip_suffix('.')
                .filter(|_| raw.get(i + 1).is_none_or(|_| t(i + 1).chars().all(|c| !c.is_alphanumeric())))
                .and_then(unit)
                .filter(|_| !matches!(s, "in." | "s."))
            {
                out[i] = Some(format!("{} .", pick(u)));
                i += 1;
                continue;
            }
            if let Some(u) = unit(s) {
                let next = t(i + 1);
                let ok = match s {
                    // The preposition is far likelier: only before a dimension word or the end.
                    "in" => AFTER_INCH.contains(&next) || next.is_empty() || next.chars().all(|c| !c.is_alphanumeric()),
                    // A bare "s" only when spaced off the number and not glued to what follows.
                    "s" | "m" | "g" | "h" | "l" | "L" | "V" | "W" => !glued(i - 1) || s != "s",
                    _ => true,
                };
                // A unit is its own word: not "5 kg-ish" or "5 km." inside something longer.
                let ends_word = !glued(i) || next.is_empty() || next.chars().all(|c| !c.is_alphanumeric() && c != '/');
                if ok && ends_word {
                    out[i] = Some(pick(u).to_string());
                }
            }
        }
        // Ranges: "10-12", "10–12" (no spaces, rising, not a phone number or a date).
        if matches!(s, "-" | "–")
            && i > 0
            && glued(i - 1)
            && glued(i)
            && is_range(t(i - 1), t(i + 1))
            && !(i >= 2 && glued(i - 2) && matches!(t(i - 2), "-" | "–" | "/"))
            && !(glued(i + 1) && matches!(t(i + 2), "-" | "–" | "/"))
        {
            out[i] = Some("to".to_string());
        }
        i += 1;
    }
    out
}

fn is_range(a: &str, b: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|c| c.is_ascii_digit()) && !s.starts_with('0');
    if !digits(a) || !digits(b) {
        return false;
    }
    // "555-1234" is a phone number.
    if a.len() == 3 && b.len() == 4 {
        return false;
    }
    match (a.parse::<u32>(), b.parse::<u32>()) {
        (Ok(x), Ok(y)) => x < y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::en::tokenize::tokenize;

    /// The words said for each raw token of `text`, "_" where it is read as misaki does.
    fn check(text: &str, expected: &[&str]) {
        let raw = tokenize(text);
        let got: Vec<String> = spoken(text, &raw)
            .into_iter()
            .map(|s| s.unwrap_or_else(|| "_".to_string()))
            .collect();
        assert_eq!(got, expected, "spoken({text:?}) over {:?}", raw.iter().map(|r| &text[r.range.clone()]).collect::<Vec<_>>());
    }

    #[test]
    fn units_after_numbers() {
        check("5 km", &["_", "kilometers"]);
        check("1 km", &["_", "kilometer"]);
        check("2.5kg", &["_", "kilograms"]);
        check("60 mph", &["_", "miles per hour"]);
        check("3 GB", &["_", "gigabytes"]);
        check("3 lbs", &["_", "pounds"]);
        check("5 ft", &["_", "feet"]);
        check("200 ms", &["_", "milliseconds"]);
        check("km", &["_"]);
        check("the km", &["_", "_"]);
        check("It is 5 m.", &["_", "_", "_", "meters ."]);
        check("Call at 5 p.m.", &["_", "_", "_", "_"]);
    }

    #[test]
    fn degrees_and_rates() {
        check("100 °C", &["_", "degrees", "Celsius"]);
        check("1°F", &["_", "degree", "Fahrenheit"]);
        check("5 km/h", &["_", "kilometers", "per", "hour"]);
    }

    #[test]
    fn inch_only_where_it_is_a_dimension() {
        check("3 in long", &["_", "inches", "_"]);
        check("1 in 10", &["_", "_", "_"]);
        check("5 in the box", &["_", "_", "_", "_"]);
    }

    #[test]
    fn ranges() {
        check("10-12", &["_", "to", "_"]);
        check("10–12", &["10 to 12"]);
        check("1990-1995", &["_", "to", "_"]);
        check("in 1990-1995.", &["_", "_", "to", "_", "_"]);
        // Phone numbers, falling pairs (scores), dates stay as misaki reads them.
        check("555-1234", &["_", "_", "_"]);
        check("2-0", &["_", "_", "_"]);
        check("2024-01-15", &["_", "_", "_", "_", "_"]);
        check("555-867-5309", &["_", "_", "_", "_", "_"]);
    }

    #[test]
    fn addresses() {
        check("https://example.com/docs", &["example dot com slash docs"]);
        check("bob@example.org", &["bob at example dot org"]);
        check("www.example.com", &["W W W dot example dot com"]);
        check("example.com", &["example dot com"]);
        check("e.g.", &["_"]);
        check("3.5", &["_"]);
    }
}
