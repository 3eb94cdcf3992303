//! Speed of the Mandarin front end: dictionary load time and phonemization throughput in MB of
//! UTF-8 Chinese text per second on one core.
//!
//! `cargo bench -p tts-text --bench zh_speed` (needs `make setup`'s pypinyin data in $TTS_HOME).
use std::path::PathBuf;
use std::time::Instant;

use tts_text::zh::{G2p, Options};
use tts_text::Utterance;

fn main() {
    let home = std::env::var_os("TTS_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/tts-server")
        });
    let dir = home.join("text/pypinyin");

    let started = Instant::now();
    let g2p = G2p::load(&dir).unwrap_or_else(|e| panic!("{e}: run make setup"));
    let load = started.elapsed();
    let (phrases, chars) = g2p.dictionary_sizes();
    let started = Instant::now();
    drop(std::hint::black_box(jieba_rs::Jieba::new()));
    let jieba = started.elapsed();
    println!(
        "load: {load:.2?} in all ({phrases} phrases, {chars} characters), of which jieba's own \
         dictionary {jieba:.2?}"
    );

    // The corpora's sentences as paragraphs of about 300 bytes, repeated to about 4 MB.
    let mut sentences = String::new();
    for corpus in [
        include_str!("../tests/data/zh_dev.tsv"),
        include_str!("../tests/data/zh_heldout.tsv"),
    ] {
        for line in corpus.lines().filter(|l| !l.starts_with('#')) {
            sentences.push_str(line.split('\t').next().unwrap_or_default());
        }
    }
    let paragraphs: Vec<String> = sentences
        .chars()
        .collect::<Vec<_>>()
        .chunks(100)
        .map(|chunk| chunk.iter().collect())
        .collect();
    let no_english = |_: &str| Utterance::default();

    for (name, options) in [
        ("default", Options::default()),
        (
            "strict",
            Options {
                strict_misaki: true,
            },
        ),
    ] {
        // Warm up caches, then time enough passes for a stable figure.
        for p in paragraphs.iter().take(200) {
            std::hint::black_box(g2p.phonemize_with(p, &no_english, options));
        }
        let mut bytes = 0usize;
        let mut phonemes = 0usize;
        let started = Instant::now();
        while bytes < 4_000_000 {
            for p in &paragraphs {
                bytes += p.len();
                phonemes += g2p.phonemize_with(p, &no_english, options).tokens.len();
            }
        }
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "{name}: {:.2} MB/s on one core ({:.1} MB in {seconds:.2} s, {phonemes} tokens)",
            bytes as f64 / 1e6 / seconds,
            bytes as f64 / 1e6
        );
    }
}
