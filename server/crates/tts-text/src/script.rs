/// A maximal run of text that is either all Han or all non-Han.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Run<'a> {
    pub text: &'a str,
    pub start: usize,
    pub han: bool,
}

/// Whether misaki's Chinese path treats `c` as Chinese: only the CJK Unified Ideographs block.
pub(crate) fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Splits `text` into alternating Han and non-Han runs, with byte offsets.
pub(crate) fn runs(text: &str) -> Vec<Run<'_>> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut current: Option<bool> = None;
    for (i, c) in text.char_indices() {
        let han = is_han(c);
        match current {
            Some(kind) if kind != han => {
                runs.push(Run { text: &text[start..i], start, han: kind });
                start = i;
                current = Some(han);
            }
            None => current = Some(han),
            _ => {}
        }
    }
    if let Some(han) = current {
        runs.push(Run { text: &text[start..], start, han });
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_mixed_text_into_runs_with_offsets() {
        let got: Vec<_> = runs("我用 Debian 写").into_iter().map(|r| (r.text, r.start, r.han)).collect();
        assert_eq!(got, vec![("我用", 0, true), (" Debian ", 6, false), ("写", 14, true)]);
        assert!(runs("").is_empty());
    }
}
