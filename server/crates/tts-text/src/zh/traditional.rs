//! Reading traditional characters through their simplified forms (default mode only).
//!
//! pypinyin's phrase dictionary and most of jieba's are simplified, so misaki reads traditional
//! text character by character with each character's first reading: 音樂 yīn lè, 睡覺 shuì jué,
//! 長江 zhǎng jiāng. Mapping each traditional character to its simplified form first (OpenCC's
//! character table) lets segmentation and phrase readings work as they do for simplified text.
//! The mapping is one character for one, so token spans still point at what the user wrote.
//!
//! Simplified text must come through untouched. 乾 is in the table but also written in simplified
//! text (乾隆, 乾坤), so it alone never switches the conversion on; any other traditional
//! character does, for the whole text. (於 is also a surname in simplified text, but 于 reads the
//! same, so converting it is harmless.)
use std::collections::HashMap;

use super::traced::Ch;

/// OpenCC's traditional → simplified character table (see the file's header).
const TABLE: &str = include_str!("ts_chars.tsv");

/// Characters that are traditional but also appear in simplified writing with another reading.
const SHARED: [char; 1] = ['乾'];

/// The character table, built once per [`super::G2p`].
pub(crate) struct Simplifier {
    map: HashMap<char, char>,
}

impl Simplifier {
    pub(crate) fn new() -> Self {
        let map = TABLE
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let mut chars = line.chars();
                let (from, tab, to) = (chars.next()?, chars.next()?, chars.next()?);
                (tab == '\t').then_some((from, to))
            })
            .collect();
        Self { map }
    }

    /// Replaces traditional characters by simplified ones if `chars` is traditional text.
    pub(crate) fn simplify(&self, chars: &mut [Ch]) {
        let traditional = chars
            .iter()
            .any(|ch| self.map.contains_key(&ch.c) && !SHARED.contains(&ch.c));
        if !traditional {
            return;
        }
        for ch in chars {
            if let Some(&simple) = self.map.get(&ch.c) {
                ch.c = simple;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::traced::{string, trace};
    use super::*;

    fn check(input: &str, expected: &str) {
        let mut chars = trace(input);
        Simplifier::new().simplify(&mut chars);
        assert_eq!(string(&chars), expected, "input {input:?}");
    }

    #[test]
    fn traditional_text_is_simplified_character_for_character() {
        check("我們聽音樂，睡覺。", "我们听音乐，睡觉。");
        check("乾淨的長江", "干净的长江");
        let mut chars = trace("長");
        Simplifier::new().simplify(&mut chars);
        assert_eq!((chars[0].start, chars[0].end), (0, 3));
    }

    #[test]
    fn simplified_text_is_left_alone() {
        check("乾隆皇帝住在北京。", "乾隆皇帝住在北京。");
        check("著名的作品", "著名的作品");
        check("始於足下", "始于足下");
        check("音乐", "音乐");
    }

    #[test]
    fn the_table_is_complete() {
        assert!(Simplifier::new().map.len() > 4_000);
    }
}
