//! Mandarin end to end with the real model: a long article is spoken completely, and English words
//! inside Chinese are spoken, not skipped.

mod support;

use base64::Engine as _;
use support::{Server, Wav};

/// About 2,000 characters of Chinese prose: the first held-out sentences of the G2P corpus,
/// four to a paragraph.
fn article() -> String {
    let corpus = include_str!("../../crates/tts-text/tests/data/zh_heldout.tsv");
    let sentences: Vec<&str> = corpus
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').next())
        .filter(|s| !s.chars().any(|c| c.is_ascii_alphanumeric()))
        .collect();
    let mut text = String::new();
    for (i, sentence) in sentences.iter().enumerate() {
        if text.chars().count() >= 2000 {
            break;
        }
        text.push_str(sentence);
        if i % 4 == 3 {
            text.push('\n');
        }
    }
    text
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

fn synthesize_with_words(server: &Server, text: &str, voice: &str, speed: f32) -> (Wav, Vec<serde_json::Value>) {
    let body = serde_json::json!({ "text": text, "voice": voice, "speed": speed, "timestamps": true }).to_string();
    let response = server.post_json("/synthesize", &body);
    assert_eq!(response.status, 200, "{:.300}", response.text());
    let json = response.json();
    let wav = base64::engine::general_purpose::STANDARD
        .decode(json["audio"].as_str().unwrap())
        .unwrap();
    (Wav::parse(&wav), json["words"].as_array().unwrap().clone())
}

#[test]
fn a_two_thousand_character_article_is_spoken_completely() {
    let server = Server::start();
    let text = article();
    let chars: Vec<char> = text.chars().collect();
    assert!(chars.len() >= 2000, "{} characters", chars.len());
    let speed = 2.0;
    let (wav, words) = synthesize_with_words(&server, &text, "zf_xiaoxiao", speed);

    // Every Han character belongs to a spoken word: nothing truncated past 510 tokens.
    let mut covered = vec![false; chars.len()];
    for w in &words {
        for c in covered
            .iter_mut()
            .take(w["char_end"].as_u64().unwrap() as usize)
            .skip(w["char_start"].as_u64().unwrap() as usize)
        {
            *c = true;
        }
    }
    let missed: String = chars
        .iter()
        .zip(&covered)
        .filter(|(c, ok)| is_han(**c) && !**ok)
        .map(|(c, _)| *c)
        .collect();
    assert!(missed.is_empty(), "characters never spoken: {missed}");

    // Duration fits the syllable count: Mandarin at normal speed runs at roughly 3–7 syllables a
    // second; the speed factor scales that.
    let syllables = chars.iter().filter(|c| is_han(**c)).count() as f64;
    let rate = syllables / wav.seconds();
    assert!(
        (3.0 * speed as f64..=7.0 * speed as f64).contains(&rate),
        "{rate:.1} syllables/s over {:.0} s",
        wav.seconds()
    );
    let last_end = words.last().unwrap()["end"].as_f64().unwrap();
    assert!(
        last_end > wav.seconds() * 0.95 && last_end <= wav.seconds() + 1e-6,
        "last word ends at {last_end:.1} of {:.1} s",
        wav.seconds()
    );
}

#[test]
fn english_words_inside_chinese_are_spoken() {
    let server = Server::start();
    let text = "我在用 Debian 和 GitHub 写代码。";
    let (wav, words) = synthesize_with_words(&server, text, "zf_xiaobei", 1.0);
    for name in ["Debian", "GitHub"] {
        let word = words
            .iter()
            .find(|w| w["word"] == name)
            .unwrap_or_else(|| panic!("{name} has no timing: {words:?}"));
        let (start, end) = (word["start"].as_f64().unwrap(), word["end"].as_f64().unwrap());
        assert!(
            end - start > 0.25,
            "{name} lasts {:.2} s: not really spoken",
            end - start
        );
        let rms = wav.rms((start * 24_000.0) as usize, (end * 24_000.0) as usize);
        assert!(rms > 0.02, "{name} is silent (RMS {rms:.4})");
    }
}
