//! English G2P speed: lexicon load time and words per second on one core.
//!
//! `cargo bench -p tts-text --bench en_speed` (needs the misaki lexicons; `make setup`).
//! Words are whitespace-separated pieces of the development corpora (en_dev, and the web-genre
//! dev corpora of issue 12).
use std::path::PathBuf;
use std::time::Instant;

use tts_text::en::{Dialect, G2p};

fn main() {
    let home = std::env::var_os("TTS_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/tts-server")
        });
    let dir = home.join("text/misaki");
    let start = Instant::now();
    let plain = G2p::load_with(&dir, None, Dialect::Us)
        .unwrap_or_else(|e| panic!("{e}; run `make setup`"));
    println!(
        "load (us gold + silver): {:.0} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    drop(plain);
    let start = Instant::now();
    let g2p = G2p::load(&dir, Dialect::Us).unwrap_or_else(|e| panic!("{e}; run `make setup`"));
    println!(
        "load (us gold + silver + CMUdict, cmudict: {}): {:.0} ms",
        g2p.has_cmudict(),
        start.elapsed().as_secs_f64() * 1000.0
    );

    // en_dev: mostly words in misaki's lexicons; the web dev corpora (issue 12): many unknown
    // words, code, addresses, read by the fallback.
    for (name, corpus) in [
        ("en_dev", include_str!("../tests/data/en_dev.tsv")),
        (
            "en_web dev",
            concat!(
                include_str!("../tests/data/en_web/dev_quotes.tsv"),
                include_str!("../tests/data/en_web/dev_readme.tsv"),
                include_str!("../tests/data/en_web/dev_changelog.tsv")
            ),
        ),
    ] {
        speed(&g2p, name, corpus);
    }
}

fn speed(g2p: &G2p, name: &str, corpus: &str) {
    let sentences: Vec<&str> = corpus
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(s, _)| s)
        .collect();
    let words_per_pass: usize = sentences.iter().map(|s| s.split_whitespace().count()).sum();
    // Warm up caches and the tagger's one-time parse.
    for s in &sentences {
        std::hint::black_box(g2p.phonemize(s));
    }
    let passes = 5;
    let start = Instant::now();
    for _ in 0..passes {
        for s in &sentences {
            std::hint::black_box(g2p.phonemize(s));
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let words = words_per_pass * passes;
    println!(
        "phonemize {name}: {words} words in {secs:.2} s = {:.0} words/s on one core",
        words as f64 / secs
    );
}
