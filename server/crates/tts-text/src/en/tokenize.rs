//! Splitting English text into tokens the way misaki sees it.
//!
//! misaki takes its tokens from spaCy's English tokenizer and then splits each one again with its
//! own sub-token pattern. [`tokenize`] reproduces the spaCy step (whitespace, then prefixes,
//! suffixes, special cases such as "don't" → "do" "n't" or "Mr.", then infixes such as the hyphen
//! in "well-known"), because the part-of-speech tagger was trained on spaCy's tokens and misaki's
//! punctuation handling depends on which characters end up alone. [`subtokenize`] is misaki's
//! sub-token pattern as a hand-written scanner (it needs look-ahead).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// A spaCy-style token: a byte range of the input and whether whitespace follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawToken {
    pub range: Range<usize>,
    pub space_after: bool,
}

/// spaCy's special cases: the text of a whole chunk and the lengths (in bytes) of its pieces.
fn exceptions() -> &'static HashMap<&'static str, Vec<usize>> {
    static TABLE: OnceLock<HashMap<&'static str, Vec<usize>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let data = include_str!("tokenizer_exceptions.tsv");
        let mut table = HashMap::new();
        for line in data.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
            let mut fields = line.split('\t');
            let Some(key) = fields.next() else { continue };
            let lens: Vec<usize> = fields.map(str::len).collect();
            if lens.iter().sum::<usize>() == key.len() {
                table.insert(key, lens);
            }
        }
        table
    })
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '\'' | '"'
            | '”'
            | '“'
            | '`'
            | '‘'
            | '´'
            | '’'
            | '‚'
            | '„'
            | '»'
            | '«'
            | '「'
            | '」'
            | '『'
            | '』'
            | '（'
            | '）'
            | '〔'
            | '〕'
            | '【'
            | '】'
            | '《'
            | '》'
            | '〈'
            | '〉'
            | '⟦'
            | '⟧'
    )
}

fn is_punct(c: char) -> bool {
    matches!(
        c,
        '…' | ','
            | ':'
            | ';'
            | '!'
            | '?'
            | '¿'
            | '؟'
            | '¡'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '<'
            | '>'
            | '_'
            | '#'
            | '*'
            | '&'
            | '。'
            | '？'
            | '！'
            | '，'
            | '、'
            | '；'
            | '：'
            | '～'
            | '·'
            | '।'
            | '،'
            | '۔'
            | '؛'
            | '٪'
    )
}

fn is_currency(c: char) -> bool {
    matches!(
        c,
        '$' | '£' | '€' | '¥' | '฿' | '₽' | '₴' | '₩' | '₪' | '₫' | '₹' | '₺' | '₿' | '₱' | '₦' | '₡'
    )
}

/// Pictographs and other symbols spaCy splits off like punctuation (a coarse version of its list).
fn is_icon(c: char) -> bool {
    matches!(c, '¦' | '©' | '®' | '°')
        || matches!(c as u32, 0x2190..=0x21FF | 0x2300..=0x23FF | 0x2500..=0x27BF | 0x2B00..=0x2BFF | 0x1F000..=0x1FAFF)
}

/// Length in bytes of a prefix spaCy splits off the front of `s`, or 0.
fn prefix_len(s: &str) -> usize {
    let mut chars = s.chars();
    let Some(c) = chars.next() else { return 0 };
    if c == '.' {
        let dots = s.bytes().take_while(|&b| b == b'.').count();
        return if dots >= 2 { dots } else { 0 };
    }
    if s.starts_with("US$") {
        return 3;
    }
    if s.starts_with("C$") || s.starts_with("A$") {
        return 2;
    }
    let next = chars.next();
    let splits = matches!(c, '§' | '%' | '=' | '—' | '–')
        || (c == '+' && !next.is_some_and(|n| n.is_ascii_digit()))
        || is_punct(c)
        || is_quote(c)
        || is_currency(c)
        || is_icon(c);
    if splits {
        c.len_utf8()
    } else {
        0
    }
}

const UNITS: [&str; 46] = [
    "km²", "km³", "km/h", "km", "m²", "m³", "m/s", "dm²", "dm³", "dm", "cm²", "cm³", "cm", "mm²", "mm³", "mm", "ha",
    "µm", "nm", "yd", "in", "ft", "kg", "g", "mg", "µg", "t", "lb", "oz", "kmh", "mph", "hPa", "Pa", "mbar", "mb",
    "MB", "kb", "KB", "gb", "GB", "tb", "TB", "T", "G", "K", "%",
];

/// Length in bytes of a suffix spaCy splits off the end of `s`, or 0.
fn suffix_len(s: &str) -> usize {
    let Some(last) = s.chars().next_back() else {
        return 0;
    };
    let body = &s[..s.len() - last.len_utf8()];
    let before = body.chars().next_back();
    if last == '.' {
        let dots = s.bytes().rev().take_while(|&b| b == b'.').count();
        if dots >= 2 {
            return dots;
        }
        let Some(b) = before else { return 0 };
        if b.is_ascii_digit()
            || b.is_lowercase()
            || matches!(b, '%' | '²' | '-' | '+' | '(' | '?' | ':' | ')')
            || is_punct(b)
            || is_quote(b)
        {
            return 1;
        }
        let mut up = body.chars().rev();
        if up.next().is_some_and(char::is_uppercase) && up.next().is_some_and(char::is_uppercase) {
            return 1;
        }
        // "°C." style temperatures.
        if body.len() >= 3 && body.ends_with(['F', 'f', 'C', 'c', 'K', 'k']) && body[..body.len() - 1].ends_with('°') {
            return 1;
        }
        return 0;
    }
    if is_punct(last) || is_quote(last) || is_icon(last) || matches!(last, '—' | '–') {
        return last.len_utf8();
    }
    for tail in ["'s", "'S", "’s", "’S"] {
        if s.ends_with(tail) && s.len() > tail.len() {
            return tail.len();
        }
    }
    let ends_after_digit =
        |tail_len: usize| s.len() > tail_len && s[..s.len() - tail_len].ends_with(|c: char| c.is_ascii_digit());
    if last == '+' && ends_after_digit(1) {
        return 1;
    }
    if is_currency(last) && ends_after_digit(last.len_utf8()) {
        return last.len_utf8();
    }
    for unit in UNITS {
        if s.ends_with(unit) && ends_after_digit(unit.len()) {
            return unit.len();
        }
    }
    // spaCy lists single-letter "M" too, but only after a digit like the others.
    if last == 'M' && ends_after_digit(1) {
        return 1;
    }
    0
}

/// Looks like a URL or an e-mail address: spaCy keeps those whole instead of splitting infixes.
fn looks_like_url(s: &str) -> bool {
    s.contains("://") || s.starts_with("www.") || (s.contains('@') && s.contains('.'))
}

fn is_hyphen_at(s: &str) -> usize {
    for h in ["---", "——", "--", "-", "–", "—", "~"] {
        if s.starts_with(h) {
            // Python's regex tries the alternatives in spaCy's order ("-" first), so a run of
            // hyphens only ever matches one.
            return if h.starts_with('-') { 1 } else { h.len() };
        }
    }
    0
}

/// Byte ranges of the infixes in `s` (spaCy's infix rules, left to right, non-overlapping).
fn infixes(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
        let next = chars.get(i + 1).map(|&(_, n)| n);
        let rest = &s[pos..];
        let mut len = 0;
        if c == '.' && rest.starts_with("..") {
            len = rest.bytes().take_while(|&b| b == b'.').count();
        } else if c == '…' || is_icon(c) {
            len = c.len_utf8();
        } else if (prev.is_some_and(|p| p.is_ascii_digit())
            && matches!(c, '+' | '-' | '*' | '^')
            && next.is_some_and(|n| n.is_ascii_digit() || n == '-'))
            || (c == '.'
                && prev.is_some_and(|p| p.is_lowercase() || is_quote(p))
                && next.is_some_and(|n| n.is_uppercase() || is_quote(n)))
            || (c == ',' && prev.is_some_and(char::is_alphabetic) && next.is_some_and(char::is_alphabetic))
        {
            len = 1;
        } else if prev.is_some_and(|p| p.is_alphabetic() || p.is_ascii_digit()) {
            let h = is_hyphen_at(rest);
            if h > 0 && s[pos + h..].chars().next().is_some_and(char::is_alphabetic) {
                len = h;
            } else if matches!(c, ':' | '<' | '>' | '=' | '/') && next.is_some_and(char::is_alphabetic) {
                len = 1;
            }
        }
        if len > 0 {
            out.push(pos..pos + len);
            while i < chars.len() && chars[i].0 < pos + len {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Splits one whitespace-free chunk starting at byte `base` into token ranges.
fn split_chunk(text: &str, base: usize, out: &mut Vec<Range<usize>>) {
    let table = exceptions();
    let push_special = |start: usize, key: &str, out: &mut Vec<Range<usize>>| {
        let mut at = start;
        for &len in &table[key] {
            out.push(at..at + len);
            at += len;
        }
    };
    let mut start = 0;
    let mut end = text.len();
    let mut suffixes: Vec<Range<usize>> = Vec::new();
    let mut special = false;
    loop {
        let s = &text[start..end];
        if s.is_empty() {
            break;
        }
        if table.contains_key(s) {
            special = true;
            break;
        }
        let pre = prefix_len(s);
        if pre > 0 && pre < s.len() && table.contains_key(&s[pre..]) {
            out.push(base + start..base + start + pre);
            start += pre;
            special = true;
            break;
        }
        let suf = suffix_len(&s[pre..]);
        if suf > 0 && suf < s.len() && table.contains_key(&s[..s.len() - suf]) {
            suffixes.push(base + end - suf..base + end);
            end -= suf;
            special = true;
            break;
        }
        if pre > 0 && suf > 0 && pre + suf <= s.len() {
            out.push(base + start..base + start + pre);
            suffixes.push(base + end - suf..base + end);
            start += pre;
            end -= suf;
        } else if pre > 0 {
            out.push(base + start..base + start + pre);
            start += pre;
        } else if suf > 0 {
            suffixes.push(base + end - suf..base + end);
            end -= suf;
        } else {
            break;
        }
        if start < end && table.contains_key(&text[start..end]) {
            special = true;
            break;
        }
    }
    if start < end {
        let s = &text[start..end];
        if special {
            push_special(base + start, s, out);
        } else if looks_like_url(s) {
            out.push(base + start..base + end);
        } else {
            let mut at = 0;
            for infix in infixes(s) {
                if infix.start > at {
                    out.push(base + start + at..base + start + infix.start);
                }
                out.push(base + start + infix.start..base + start + infix.end);
                at = infix.end;
            }
            if at < s.len() {
                out.push(base + start + at..base + end);
            }
        }
    }
    out.extend(suffixes.into_iter().rev());
}

/// spaCy-style tokens of `text`. Whitespace is not a token: it only sets `space_after`.
pub(crate) fn tokenize(text: &str) -> Vec<RawToken> {
    let mut tokens = Vec::new();
    let mut ranges = Vec::new();
    let mut pos = 0;
    for chunk in text.split_inclusive(char::is_whitespace) {
        let word = chunk.trim_end_matches(char::is_whitespace);
        let has_space = word.len() < chunk.len();
        if !word.is_empty() {
            ranges.clear();
            split_chunk(word, pos, &mut ranges);
            let n = ranges.len();
            for (i, r) in ranges.drain(..).enumerate() {
                tokens.push(RawToken {
                    range: r,
                    space_after: i + 1 == n && has_space,
                });
            }
        } else if has_space {
            if let Some(last) = tokens.last_mut() {
                last.space_after = true;
            }
        }
        pos += chunk.len();
    }
    tokens
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '‘' | '’')
}

/// `\d` of misaki's pattern. Only ASCII digits: NFKC in the lexicon step turns most others into
/// ASCII anyway, and a stray one is then read by the fallback.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// misaki's sub-token pattern, as byte ranges within `word`:
/// `^['‘’]+ | Lu(?=Lu Ll) | (?:^-)?(?:\d?[,.]?\d)+ | [-_]+ | ['‘’]{2,} | L*?(?:'L)*?Ll(?=Lu) |
///  L+(?:'L)* | [^-_L'‘’\d] | ['‘’]+$`; characters no alternative matches are skipped.
pub(crate) fn subtokenize(word: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let n = chars.len();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let byte = |i: usize| chars.get(i).map_or(word.len(), |&(b, _)| b);
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let c = chars[i].1;
        let end = subtoken_at(i, c, n, &at);
        match end {
            Some(e) => {
                out.push(byte(i)..byte(e));
                i = e;
            }
            None => i += 1,
        }
    }
    out
}

fn subtoken_at(i: usize, c: char, n: usize, at: &dyn Fn(usize) -> Option<char>) -> Option<usize> {
    let run = |from: usize, pred: &dyn Fn(char) -> bool| {
        let mut j = from;
        while at(j).is_some_and(pred) {
            j += 1;
        }
        j
    };
    // ^['‘’]+
    if i == 0 && is_apostrophe(c) {
        return Some(run(0, &is_apostrophe));
    }
    // \p{Lu}(?=\p{Lu}\p{Ll})
    if c.is_uppercase() && at(i + 1).is_some_and(char::is_uppercase) && at(i + 2).is_some_and(char::is_lowercase) {
        return Some(i + 1);
    }
    // (?:^-)?(?:\d?[,.]?\d)+
    let num_start = if i == 0 && c == '-' { 1 } else { 0 };
    if let Some(e) = number_run(i + num_start, at) {
        return Some(e);
    }
    // [-_]+
    if c == '-' || c == '_' {
        return Some(run(i, &|c| c == '-' || c == '_'));
    }
    // ['‘’]{2,}
    if is_apostrophe(c) && at(i + 1).is_some_and(is_apostrophe) {
        return Some(run(i, &is_apostrophe));
    }
    if c.is_alphabetic() {
        // \p{L}*?(?:['‘’]\p{L})*?\p{Ll}(?=\p{Lu}): the shortest letter run ending in a lowercase
        // letter that an uppercase one follows (camelCase boundaries).
        let mut j = i;
        let mut in_pairs = false;
        loop {
            if at(j).is_some_and(char::is_lowercase) && at(j + 1).is_some_and(char::is_uppercase) {
                return Some(j + 1);
            }
            match at(j) {
                Some(ch) if !in_pairs && ch.is_alphabetic() => j += 1,
                Some(ch) if is_apostrophe(ch) && at(j + 1).is_some_and(char::is_alphabetic) => {
                    in_pairs = true;
                    j += 2;
                }
                _ => break,
            }
        }
        // \p{L}+(?:['‘’]\p{L})*
        let mut j = run(i, &char::is_alphabetic);
        while at(j).is_some_and(is_apostrophe) && at(j + 1).is_some_and(char::is_alphabetic) {
            j += 2;
        }
        return Some(j);
    }
    // [^-_\p{L}'‘’\d]
    if !is_apostrophe(c) && !is_digit(c) {
        return Some(i + 1);
    }
    // ['‘’]+$
    if is_apostrophe(c) && run(i, &is_apostrophe) == n {
        return Some(n);
    }
    None
}

/// `(?:\d?[,.]?\d)+` from `i`, greedy; `None` if not even one digit matches.
fn number_run(i: usize, at: &dyn Fn(usize) -> Option<char>) -> Option<usize> {
    let digit = |j: usize| at(j).is_some_and(is_digit);
    let sep = |j: usize| at(j).is_some_and(|c| c == ',' || c == '.');
    let mut j = i;
    let mut matched = false;
    loop {
        let step = if digit(j) && sep(j + 1) && digit(j + 2) {
            3
        } else if (digit(j) || sep(j)) && digit(j + 1) {
            2
        } else if digit(j) {
            1
        } else {
            0
        };
        if step == 0 {
            break;
        }
        j += step;
        matched = true;
    }
    matched.then_some(j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let got: Vec<String> = tokenize(text)
            .iter()
            .map(|t| format!("{}{}", &text[t.range.clone()], if t.space_after { " " } else { "" }))
            .collect();
        assert_eq!(got, expected, "tokenize({text:?})");
    }

    fn check_sub(word: &str, expected: &[&str]) {
        let got: Vec<&str> = subtokenize(word).into_iter().map(|r| &word[r]).collect();
        assert_eq!(got, expected, "subtokenize({word:?})");
    }

    #[test]
    fn spacy_style_tokens() {
        check(
            "\"I don't know,\" he said.",
            &["\"", "I ", "do", "n't ", "know", ",", "\" ", "he ", "said", "."],
        );
        check("Mr. Smith paid $5.50.", &["Mr. ", "Smith ", "paid ", "$", "5.50", "."]);
        check(
            "well-known  U.S. e-mail",
            &["well", "-", "known ", "U.S. ", "e", "-", "mail"],
        );
        check("It's 75%!", &["It", "'s ", "75", "%", "!"]);
        check("Wait—did", &["Wait", "—", "did"]);
        check("", &[]);
    }

    #[test]
    fn misaki_subtokens() {
        check_sub("iPhone", &["i", "Phone"]);
        check_sub("COVID-19", &["COVID", "-", "19"]);
        check_sub("1,250.50", &["1,250.50"]);
        check_sub("don't", &["don't"]);
        check_sub("7:30", &["7", ":", "30"]);
        check_sub("'tis", &["'", "tis"]);
        check_sub("HTMLParser", &["HTMLParser"]);
        check_sub("McDonald's", &["Mc", "Donald's"]);
        check_sub("1,000,", &["1,000", ","]);
        check_sub("a'-b", &["a", "-", "b"]);
        check_sub("rock'n'roll", &["rock'n'r", "oll"]);
        check_sub("x2y", &["x", "2", "y"]);
        check_sub("-5", &["-5"]);
    }
}
