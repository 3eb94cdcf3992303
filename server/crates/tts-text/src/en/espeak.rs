//! Optional (`--features espeak`): words outside misaki's lexicons read by libespeak-ng itself,
//! the way misaki 0.9.4's `EspeakFallback` reads them in Kokoro's KPipeline configuration, for
//! exact parity instead of the letter-to-sound rules learned from its outputs.
//!
//! libespeak-ng is GPL-3.0: it is opened at run time with `dlopen` (never linked), and the feature
//! is off by default and never part of the extension's (wasm) build. A binary built with it and
//! distributed is bound by the GPL (README, licence section).
//!
//! The library: `$TTS_ESPEAK_LIBRARY` (a path), else the system's `libespeak-ng.so.1`. Its data:
//! `$TTS_ESPEAK_DATA`, else an `espeak-ng-data` folder beside the library (the layout of the PyPI
//! package `espeakng-loader` that misaki uses), else the library's compiled-in default. misaki's
//! figures were made with `espeakng-loader` 0.2.4's espeak-ng 1.52; Debian 12's 1.51 reads some
//! words differently.
//!
//! What misaki does to a word is three layers, reproduced here in order:
//! 1. phonemizer 3.3's `EspeakBackend(language='en-us'|'en-gb', preserve_punctuation=True,
//!    with_stress=True, tie='^')`: punctuation is cut out of the text, each piece goes through
//!    `espeak_TextToPhonemes` (IPA, tie character U+0361) and the marks are put back;
//! 2. `EspeakFallback`'s symbol mapping from espeak's IPA to misaki's;
//! 3. the v1.0 replacements (flap → `T`, glottal stop → `t`).

use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use super::Dialect;

type Initialize = unsafe extern "C" fn(c_int, c_int, *const c_char, c_int) -> c_int;
type SetVoiceByName = unsafe extern "C" fn(*const c_char) -> c_int;
type ListVoices = unsafe extern "C" fn(*const c_void) -> *const *const Voice;
type TextToPhonemes = unsafe extern "C" fn(*mut *const c_void, c_int, c_int) -> *const c_char;

/// The head of espeak-ng's `espeak_VOICE` (only the fields read here; the library owns it).
#[repr(C)]
struct Voice {
    name: *const c_char,
    /// A priority byte, then the language, NUL; more pairs; an empty one ends the list.
    languages: *const c_char,
    identifier: *const c_char,
}

/// `AUDIO_OUTPUT_SYNCHRONOUS`, as phonemizer initialises the library.
const AUDIO_OUTPUT_SYNCHRONOUS: c_int = 0x02;
/// `espeakCHARS_UTF8`.
const CHARS_UTF8: c_int = 1;
/// phonemizer's mode for `tie=...`: IPA (0x02), `espeakPHONEMES_TIE` (0x80), tie char U+0361.
const PHONEMES_IPA_TIE: c_int = 0x02 | 0x80 | (0x0361 << 8);

/// The loaded library. Its state is global and not thread-safe, so every call goes through the
/// lock, which also remembers the voice last set.
pub(crate) struct Espeak {
    set_voice: SetVoiceByName,
    text_to_phonemes: TextToPhonemes,
    voices: [CString; 2],
    current: Mutex<Option<Dialect>>,
    // Keeps the functions above valid; never unloaded.
    _lib: libloading::Library,
}

static ESPEAK: OnceLock<Result<Espeak, String>> = OnceLock::new();

impl Espeak {
    /// The process's library, loaded on first use; the error says what is missing and how to get it.
    pub(crate) fn get() -> Result<&'static Espeak, String> {
        ESPEAK.get_or_init(Self::load).as_ref().map_err(Clone::clone)
    }

    fn load() -> Result<Self, String> {
        let lib_path = std::env::var_os("TTS_ESPEAK_LIBRARY").map(PathBuf::from);
        let name = lib_path.clone().unwrap_or_else(|| PathBuf::from("libespeak-ng.so.1"));
        let hint = "built with --features espeak, which needs libespeak-ng at run time: set \
                    TTS_ESPEAK_LIBRARY to libespeak-ng.so (e.g. from `pip install espeakng-loader==0.2.4`, \
                    the version misaki uses) or install it (`apt-get install libespeak-ng1 espeak-ng-data`)";
        // SAFETY: loading libespeak-ng runs no initialisers with preconditions of ours.
        let lib = unsafe { libloading::Library::new(&name) }
            .map_err(|e| {
                // libloading's message is "dlopen failed"; dlerror's text is its source.
                let why = std::error::Error::source(&e).map_or(String::new(), |s| format!(" ({s})"));
                format!("cannot load {}: {e}{why}; {hint}", name.display())
            })?;
        let data = std::env::var_os("TTS_ESPEAK_DATA").map(PathBuf::from).or_else(|| {
            let beside = lib_path.as_deref()?.parent()?.join("espeak-ng-data");
            beside.is_dir().then_some(beside)
        });
        // SAFETY: the signatures are espeak-ng's (speak_lib.h); the pointers live as long as `lib`.
        unsafe {
            let init: Initialize = *lib.get(b"espeak_Initialize\0").map_err(|e| e.to_string())?;
            let list: ListVoices = *lib.get(b"espeak_ListVoices\0").map_err(|e| e.to_string())?;
            let set_voice: SetVoiceByName = *lib.get(b"espeak_SetVoiceByName\0").map_err(|e| e.to_string())?;
            let text_to_phonemes: TextToPhonemes =
                *lib.get(b"espeak_TextToPhonemes\0").map_err(|e| e.to_string())?;
            let data_c = data.as_deref().map(path_c).transpose()?;
            let data_ptr = data_c.as_ref().map_or(std::ptr::null(), |c| c.as_ptr());
            if init(AUDIO_OUTPUT_SYNCHRONOUS, 0, data_ptr, 0) <= 0 {
                let shown = data.as_deref().map_or("its default".to_string(), |d| d.display().to_string());
                return Err(format!(
                    "libespeak-ng ({}) failed to initialise with data {shown}; set TTS_ESPEAK_DATA \
                     to its espeak-ng-data folder",
                    name.display()
                ));
            }
            let voices = [voice_for(list, "en-us")?, voice_for(list, "en-gb")?];
            Ok(Self {
                set_voice,
                text_to_phonemes,
                voices,
                current: Mutex::new(None),
                _lib: lib,
            })
        }
    }

    /// misaki's `EspeakFallback(british)(token)` for `text`: `None` where phonemizer returns
    /// nothing (no letters, digits or marks).
    /// `keep_flags: false` leaves out the flags espeak-ng puts around a switch to another
    /// language's voice ("(hy)…(en)"), which misaki keeps.
    pub(crate) fn fallback(&self, text: &str, dialect: Dialect, keep_flags: bool) -> Option<String> {
        let british = dialect == Dialect::Gb;
        let ps = self.phonemize(text, dialect, keep_flags)?;
        Some(to_misaki(ps.trim(), british))
    }

    /// phonemizer's `EspeakBackend.phonemize([text])[0]` with `preserve_punctuation=True`,
    /// `with_stress=True`, `tie='^'`, the default separator and `strip=False`.
    fn phonemize(&self, text: &str, dialect: Dialect, keep_flags: bool) -> Option<String> {
        let (chunks, marks) = preserve(text);
        let mut lock = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if *lock != Some(dialect) {
            let voice = &self.voices[usize::from(dialect == Dialect::Gb)];
            // SAFETY: a NUL-terminated identifier from the library's own list.
            if unsafe { (self.set_voice)(voice.as_ptr()) } != 0 {
                return None;
            }
            *lock = Some(dialect);
        }
        let phonemized: Vec<String> = chunks
            .iter()
            .map(|c| postprocess_line(&self.clauses(c)))
            .map(|line| if keep_flags { line } else { without_flags(&line) })
            .collect();
        drop(lock);
        restore(phonemized, marks).into_iter().next()
    }

    /// phonemizer's `EspeakWrapper.text_to_phonemes`: the clauses espeak-ng returns, joined by
    /// spaces. The caller holds the lock.
    fn clauses(&self, text: &str) -> String {
        // A NUL inside would end the text early for espeak; phonemizer cannot pass one either.
        let Ok(c) = CString::new(text) else {
            return String::new();
        };
        let mut ptr: *const c_void = c.as_ptr().cast();
        let mut out: Vec<String> = Vec::new();
        while !ptr.is_null() {
            // SAFETY: `ptr` points into `c` (espeak advances it, then sets it NULL at the end); the
            // result is espeak's static buffer, copied before the next call.
            let ps = unsafe { (self.text_to_phonemes)(&mut ptr, CHARS_UTF8, PHONEMES_IPA_TIE) };
            if !ps.is_null() {
                let s = unsafe { CStr::from_ptr(ps) }.to_string_lossy().into_owned();
                // ctypes' c_char_p result is None for NULL and '' (falsy, skipped) for an empty one.
                if !s.is_empty() {
                    out.push(s);
                }
            }
        }
        out.join(" ")
    }
}

fn path_c(p: &Path) -> Result<CString, String> {
    CString::new(p.as_os_str().as_encoded_bytes()).map_err(|_| format!("bad path {}", p.display()))
}

/// phonemizer's `set_voice(language)`: the identifier of the first voice listed whose first
/// language is `language` (en-us → gmw/en-US, en-gb → gmw/en).
///
/// # Safety
/// `list` is espeak-ng's `espeak_ListVoices`, after `espeak_Initialize`.
unsafe fn voice_for(list: ListVoices, language: &str) -> Result<CString, String> {
    let mut v = list(std::ptr::null());
    while !v.is_null() && !(*v).is_null() {
        let voice = &**v;
        if !voice.languages.is_null() && !voice.identifier.is_null() {
            let langs = CStr::from_ptr(voice.languages).to_bytes();
            if langs.get(1..) == Some(language.as_bytes()) {
                return Ok(CStr::from_ptr(voice.identifier).to_owned());
            }
        }
        v = v.add(1);
    }
    Err(format!("libespeak-ng has no {language} voice (is its espeak-ng-data complete?)"))
}

/// phonemizer's default punctuation marks.
const MARKS: &str = ";:,.!?¡¿—…\"«»“”(){}[]";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Position {
    Begin,
    Inner,
    End,
    All,
}

/// The matches of phonemizer's `(\s*[marks]+\s*)+` in `line`, as byte ranges.
fn mark_runs(line: &str) -> Vec<(usize, usize)> {
    let is_mark = |c: char| MARKS.contains(c);
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let byte = |i: usize| chars.get(i).map_or(line.len(), |&(b, _)| b);
    let mut out = Vec::new();
    let mut p = 0;
    while p < chars.len() {
        let mut i = p;
        let mut end = None;
        loop {
            let mut j = i;
            while at(j).is_some_and(char::is_whitespace) {
                j += 1;
            }
            if !at(j).is_some_and(is_mark) {
                break;
            }
            while at(j).is_some_and(is_mark) {
                j += 1;
            }
            while at(j).is_some_and(char::is_whitespace) {
                j += 1;
            }
            end = Some(j);
            i = j;
        }
        match end {
            Some(e) => {
                out.push((byte(p), byte(e)));
                p = e;
            }
            None => p += 1,
        }
    }
    out
}

/// phonemizer's `Punctuation.preserve` for one line: the pieces to phonemize (empty ones left
/// out) and the marks with where they were.
fn preserve(line: &str) -> (Vec<String>, Vec<(String, Position)>) {
    let runs = mark_runs(line);
    if runs.is_empty() {
        return (vec![line.to_string()].into_iter().filter(|l| !l.is_empty()).collect(), Vec::new());
    }
    if runs.len() == 1 && runs[0] == (0, line.len()) {
        return (Vec::new(), vec![(line.to_string(), Position::All)]);
    }
    let last = runs.len() - 1;
    let marks: Vec<(String, Position)> = runs
        .iter()
        .enumerate()
        .map(|(i, &(s, e))| {
            let mark = &line[s..e];
            // As phonemizer tests it: by the text of the run, not where it is.
            let pos = if i == 0 && line.starts_with(mark) {
                Position::Begin
            } else if i == last && line.ends_with(mark) {
                Position::End
            } else {
                Position::Inner
            };
            (mark.to_string(), pos)
        })
        .collect();
    let mut pieces = Vec::new();
    let mut rest = line;
    for (mark, _) in &marks {
        match rest.split_once(mark.as_str()) {
            Some((prefix, suffix)) => {
                pieces.push(prefix.to_string());
                rest = suffix;
            }
            None => {
                pieces.push(rest.to_string());
                rest = "";
            }
        }
    }
    pieces.push(rest.to_string());
    (pieces.into_iter().filter(|p| !p.is_empty()).collect(), marks)
}

/// phonemizer's `Punctuation.restore` for one line (word separator " ", `strip=False`).
fn restore(mut text: Vec<String>, marks: Vec<(String, Position)>) -> Vec<String> {
    let mut out = Vec::new();
    let mut marks = std::collections::VecDeque::from(marks);
    // Every mark is of line 0; after a piece is output the line counter moves on and no later
    // mark matches it.
    let mut line = 0;
    while !text.is_empty() || !marks.is_empty() {
        if marks.is_empty() {
            for mut t in text.drain(..) {
                if !t.ends_with(' ') {
                    t.push(' ');
                }
                out.push(t);
            }
        } else if text.is_empty() {
            out.push(marks.drain(..).map(|(m, _)| m).collect());
        } else if line == 0 {
            let (mark, pos) = marks.pop_front().expect("not empty");
            if text[0].ends_with(' ') {
                text[0].pop();
            }
            let sep = if mark.ends_with(' ') { "" } else { " " };
            match pos {
                Position::Begin => text[0] = format!("{mark}{}", text[0]),
                Position::End => {
                    let t = text.remove(0);
                    out.push(format!("{t}{mark}{sep}"));
                    line += 1;
                }
                Position::All => {
                    out.push(format!("{mark}{sep}"));
                    line += 1;
                }
                Position::Inner => {
                    if text.len() == 1 {
                        text[0].push_str(&mark);
                    } else {
                        let first = text.remove(0);
                        text[0] = format!("{first}{mark}{}", text[0]);
                    }
                }
            }
        } else {
            out.push(text.remove(0));
            line += 1;
        }
    }
    out
}

/// A chunk's reading without espeak-ng's language flags: the text's own parentheses were cut out
/// before espeak-ng saw it (put back later by [`restore`]), so every "(…)" here is a flag.
fn without_flags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('(') {
        out.push_str(&rest[..open]);
        rest = rest[open..].find(')').map_or("", |close| &rest[open + close + 1..]);
    }
    out.push_str(rest);
    out
}

/// phonemizer's `EspeakBackend._postprocess_line` with stress kept and tie `^`: each word gets a
/// trailing space.
fn postprocess_line(line: &str) -> String {
    let line = line.trim().replace('\n', " ").replace("  ", " ");
    let mut squeezed = String::with_capacity(line.len());
    for c in line.chars() {
        if !(c == '_' && squeezed.ends_with('_')) {
            squeezed.push(c);
        }
    }
    let line = squeezed.replace("_ ", " ");
    if line.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    for word in line.split(' ') {
        out.push_str(&word.trim().replace('\u{361}', "^"));
        out.push(' ');
    }
    out
}

/// `EspeakFallback.E2M`, longest first as misaki sorts it (ties in its dict's order).
const E2M: [(&str, &str); 20] = [
    ("ʔˌn\u{329}", "ʔn"),
    ("ʔn\u{329}", "ʔn"),
    ("a^ɪ", "I"),
    ("a^ʊ", "W"),
    ("d^ʒ", "ʤ"),
    ("e^ɪ", "A"),
    ("t^ʃ", "ʧ"),
    ("ɔ^ɪ", "Y"),
    ("ə^l", "ᵊl"),
    ("ʲo", "jo"),
    ("ʲə", "jə"),
    ("e", "A"),
    ("ʲ", ""),
    ("ɚ", "əɹ"),
    ("r", "ɹ"),
    ("x", "k"),
    ("ç", "k"),
    ("ɐ", "ə"),
    ("ɬ", "l"),
    ("\u{303}", ""),
];

/// `EspeakFallback.__call__` after phonemizer, with misaki 0.9.4's v1.0 replacements.
fn to_misaki(ps: &str, british: bool) -> String {
    let mut ps = ps.to_string();
    for (old, new) in E2M {
        ps = ps.replace(old, new);
    }
    // re.sub(r'(\S)\u0329', r'ᵊ\1'), then any syllabic mark left goes.
    let mut out = String::with_capacity(ps.len());
    let mut chars = ps.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_whitespace() && chars.peek() == Some(&'\u{329}') {
            chars.next();
            out.push('ᵊ');
        }
        out.push(c);
    }
    let mut ps = out.replace('\u{329}', "");
    if british {
        ps = ps.replace("e^ə", "ɛː").replace("iə", "ɪə").replace("ə^ʊ", "Q");
    } else {
        ps = ps
            .replace("o^ʊ", "O")
            .replace("ɜːɹ", "ɜɹ")
            .replace("ɜː", "ɜɹ")
            .replace("ɪə", "iə")
            .replace('ː', "");
    }
    ps.replace('o', "ɔ").replace('ɾ', "T").replace('ʔ', "t").replace('^', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_flags_are_left_out_on_request() {
        assert_eq!(without_flags("ˌɑɹmˈiniən(hy)sɪmbʧʰ(en)fˈIv "), "ˌɑɹmˈiniənsɪmbʧʰfˈIv ");
        assert_eq!(without_flags("hˈɛlO "), "hˈɛlO ");
    }

    #[test]
    fn punctuation_is_cut_out_and_put_back_as_phonemizer_does() {
        let (chunks, marks) = preserve("hello, my world!");
        assert_eq!(chunks, ["hello", "my world"]);
        assert_eq!(marks, [(", ".to_string(), Position::Inner), ("!".to_string(), Position::End)]);
        let back = restore(vec!["h ".into(), "m w ".into()], marks);
        assert_eq!(back, ["h, m w! "]);
        let (chunks, marks) = preserve("(x)");
        assert_eq!(chunks, ["x"]);
        assert_eq!(restore(vec!["x ".into()], marks), ["(x) "]);
        assert_eq!(preserve("..."), (vec![], vec![("...".to_string(), Position::All)]));
    }

    /// misaki 0.9.4's `EspeakFallback(british)(MToken(text=…))` with espeakng-loader 0.2.4's
    /// library, as printed by Python (needs the library: `TTS_ESPEAK_LIBRARY`).
    #[test]
    fn readings_are_misakis_fallback_readings() {
        let espeak = Espeak::get().unwrap_or_else(|e| panic!("{e}"));
        let cases = [
            ("Okonkwo", "ɑkˈɔŋkwO", "ɒkˈɒŋkwQ"),
            ("Levenshtein]", "lˈɛvənʃtˌin]", "lˈɛvənʃtˌiːn]"),
            (
                "project/{project_id}/.../",
                "pɹˈɑʤɛkt slˈæʃ{pɹˈɑʤɛkt Idˈi}slˈæʃ...slˈæʃ",
                "pɹˈɒʤɛkt slˈaʃ{pɹˈɒʤɛkt Idˈiː}slˈaʃ...slˈaʃ",
            ),
            ("a, (b", "ˈA, (bˈi", "ˈA, (bˈiː"),
            ("...", "...", "..."),
            (",x", ",ˈɛks", ",ˈɛks"),
            ("x.y. z", "ˈɛks.wˈI. zˈi", "ˈɛks.wˈI. zˈɛd"),
        ];
        for (text, us, gb) in cases {
            assert_eq!(espeak.fallback(text, Dialect::Us, true).as_deref(), Some(us), "{text}");
            assert_eq!(espeak.fallback(text, Dialect::Gb, true).as_deref(), Some(gb), "{text}");
        }
        assert_eq!(espeak.fallback("", Dialect::Us, true), None);
    }

    #[test]
    fn symbols_are_mapped_as_misaki_maps_them() {
        assert_eq!(to_misaki("ɡˈo^ʊɾɚ", false), "ɡˈOTəɹ");
        assert_eq!(to_misaki("bˈʌʔn\u{329}", false), "bˈʌtn");
        assert_eq!(to_misaki("lˈɪʔl\u{329}", false), "lˈɪtᵊl");
        assert_eq!(to_misaki("nˈə^ʊ", true), "nˈQ");
    }
}
