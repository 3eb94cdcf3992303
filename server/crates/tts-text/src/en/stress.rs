//! Stress marks: misaki's `apply_stress` and the symbol classes it works with.
//!
//! Stress is a number in misaki: `None` leaves a word alone, negative values demote or strip marks,
//! `0.5`/`1` add a secondary mark to an unmarked word and `2` (all-caps words) a primary one.

/// Primary stress mark.
pub(crate) const PRIMARY: char = 'ˈ';
/// Secondary stress mark.
pub(crate) const SECONDARY: char = 'ˌ';

/// Vowel symbols (misaki's `VOWELS`): a stress mark always sits right before one of these.
pub(crate) fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'A' | 'I'
            | 'O'
            | 'Q'
            | 'W'
            | 'Y'
            | 'a'
            | 'i'
            | 'u'
            | 'æ'
            | 'ɑ'
            | 'ɒ'
            | 'ɔ'
            | 'ə'
            | 'ɛ'
            | 'ɜ'
            | 'ɪ'
            | 'ʊ'
            | 'ʌ'
            | 'ᵻ'
    )
}

/// Consonant symbols (misaki's `CONSONANTS`), used to decide whether the next word starts with a vowel.
pub(crate) fn is_consonant(c: char) -> bool {
    matches!(
        c,
        'b' | 'd'
            | 'f'
            | 'h'
            | 'j'
            | 'k'
            | 'l'
            | 'm'
            | 'n'
            | 'p'
            | 's'
            | 't'
            | 'v'
            | 'w'
            | 'z'
            | 'ð'
            | 'ŋ'
            | 'ɡ'
            | 'ɹ'
            | 'ɾ'
            | 'ʃ'
            | 'ʒ'
            | 'ʤ'
            | 'ʧ'
            | 'θ'
    )
}

/// How "heavy" a phoneme string is when choosing which part of a compound keeps its stress:
/// diphthongs and affricates count twice.
pub(crate) fn stress_weight(ps: &str) -> usize {
    ps.chars()
        .map(|c| {
            if matches!(c, 'A' | 'I' | 'O' | 'Q' | 'W' | 'Y' | 'ʤ' | 'ʧ') {
                2
            } else {
                1
            }
        })
        .sum()
}

fn has_stress(ps: &str) -> bool {
    ps.contains(PRIMARY) || ps.contains(SECONDARY)
}

/// Inserts `mark` right before the first vowel (the string has no marks yet).
fn mark_first_vowel(ps: &str, mark: char) -> String {
    let mut out = String::with_capacity(ps.len() + 2);
    let mut placed = false;
    for c in ps.chars() {
        if !placed && is_vowel(c) {
            out.push(mark);
            placed = true;
        }
        out.push(c);
    }
    out
}

/// Demotes every primary mark to secondary and drops the old secondaries.
pub(crate) fn demote(ps: &str) -> String {
    ps.chars()
        .filter(|&c| c != SECONDARY)
        .map(|c| if c == PRIMARY { SECONDARY } else { c })
        .collect()
}

/// misaki's `apply_stress`.
pub(crate) fn apply_stress(ps: &str, stress: Option<f32>) -> String {
    let Some(stress) = stress else {
        return ps.to_string();
    };
    let has_vowel = ps.chars().any(is_vowel);
    if stress < -1.0 {
        ps.chars().filter(|&c| c != PRIMARY && c != SECONDARY).collect()
    } else if stress == -1.0 || ((stress == 0.0 || stress == -0.5) && ps.contains(PRIMARY)) {
        demote(ps)
    } else if (stress == 0.0 || stress == 0.5 || stress == 1.0) && !has_stress(ps) {
        if has_vowel {
            mark_first_vowel(ps, SECONDARY)
        } else {
            ps.to_string()
        }
    } else if stress >= 1.0 && !ps.contains(PRIMARY) && ps.contains(SECONDARY) {
        ps.replace(SECONDARY, "ˈ")
    } else if stress > 1.0 && !has_stress(ps) {
        if has_vowel {
            mark_first_vowel(ps, PRIMARY)
        } else {
            ps.to_string()
        }
    } else {
        ps.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(ps: &str, stress: Option<f32>, expected: &str) {
        assert_eq!(apply_stress(ps, stress), expected, "apply_stress({ps:?}, {stress:?})");
    }

    #[test]
    fn stress_rules_follow_misaki() {
        check("həlˈO", None, "həlˈO");
        check("həlˈO", Some(-2.0), "həlO");
        check("ˌʌndəɹstˈænd", Some(-1.0), "ʌndəɹstˌænd");
        check("ðə", Some(0.5), "ðˌə");
        check("ðə", Some(2.0), "ðˈə");
        check("tˌu", Some(2.0), "tˈu");
        check("nˈO", Some(0.5), "nˈO");
        check("pst", Some(2.0), "pst");
    }

    #[test]
    fn weight_counts_diphthongs_twice() {
        assert_eq!(stress_weight("ʧAt"), 5);
    }
}
