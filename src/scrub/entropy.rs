//! The high-entropy detector: long random tokens that no vendor rule knows.
//!
//! A candidate is a run of base64/base64url characters. It is reported only when it looks like
//! key material: long enough, mixing upper case, lower case and digits, and with a high Shannon
//! entropy. Things that are random but public are left alone: hex (git object ids, digests),
//! UUIDs, base64 payloads (data URIs, blocks of base64 lines, anything very long), subresource
//! integrity hashes and the message/tool ids agents write on every line.

use std::ops::Range;

/// Shortest run considered: random API keys are 32 characters and more; shorter runs of mixed
/// characters are far more often identifiers than secrets.
pub(super) const MIN_LEN: usize = 32;
/// Longest run considered: longer runs are payloads (images, archives), not credentials.
pub(super) const MAX_LEN: usize = 256;
/// Bits per character a run must reach. Random base62 text of 32 characters measures about
/// 4.6, base64 of 40 about 4.9; long identifiers and words with digits stay under 4.2.
pub(super) const MIN_BITS_PER_CHAR: f64 = 4.2;
/// Share of adjacent characters that must change class (see [`class_switch_rate`]): 0.3 is
/// more than three standard deviations under random base62 of 32 characters.
pub(super) const MIN_CLASS_SWITCH_RATE: f64 = 0.3;

/// Prefixes of ids that are random but not secret (Anthropic and OpenAI message, tool-call and
/// request ids) and of integrity hashes.
const PUBLIC_PREFIXES: &[&str] = &[
    "msg_",
    "toolu_",
    "srvtoolu_",
    "req_",
    "chatcmpl-",
    "call_",
    "resp_",
    "run_",
    "thread_",
    "asst_",
    "file-",
    "file_",
    "batch_",
    "sha1-",
    "sha256-",
    "sha384-",
    "sha512-",
    // Itanium C++/Rust symbol mangling in backtraces: `_ZN4core3fmt...17h<hash>E`.
    "_ZN",
];

/// Labels written before a digest: go.sum's `h1:`, `sha256:` image digests and the like.
const DIGEST_LABELS: &[&str] = &["h1:", "sha1:", "sha256:", "sha384:", "sha512:", "md5:"];

/// Base64 and base64url characters, as a table: this test runs on every byte of every string.
const TOKEN_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'_' | b'-');
        b += 1;
    }
    table
};

fn is_token_byte(b: u8) -> bool {
    TOKEN_BYTES[b as usize]
}

/// Runs shorter than this are not measured: nothing under [`MIN_LEN`] is judged, and no rule
/// gated on a run needs fewer characters (a test holds the built-in rules to it).
pub(super) const RUN_FLOOR: usize = 24;
/// The scan looks at every `STRIDE`-th byte only: a run of [`RUN_FLOOR`] characters, at most
/// two of them `=` padding, holds `STRIDE` token bytes in a row, so it covers one of the bytes
/// looked at. Most of a transcript is words and spaces, which this skips a stride at a time.
const STRIDE: usize = RUN_FLOOR - 2;

/// What one pass over a text found.
pub(super) struct Scan {
    /// Byte ranges of the high-entropy tokens.
    pub found: Vec<Range<usize>>,
    /// The longest run of base64 characters (rules without a keyword only run when it is long
    /// enough to hold what they match); 0 when no run reaches [`RUN_FLOOR`].
    pub longest_run: usize,
    /// The longest run of base64url characters (`[A-Za-z0-9_-]`) right before a `.`: dotted
    /// tokens need one, and base64 payloads, most of a transcript's bytes, have none. 0 when
    /// none reaches [`RUN_FLOOR`].
    pub longest_run_before_dot: usize,
}

/// Byte ranges of the high-entropy tokens in `text`.
#[cfg(test)]
pub(super) fn find(text: &str) -> Vec<Range<usize>> {
    scan(text, true).found
}

/// One pass over `text`; `judge` false only measures runs (for values that are public by
/// their member name, such as ids).
pub(super) fn scan(text: &str, judge_runs: bool) -> Scan {
    let bytes = text.as_bytes();
    let mut scan = Scan {
        found: Vec::new(),
        longest_run: 0,
        longest_run_before_dot: 0,
    };
    let mut probe = STRIDE - 1;
    while probe < bytes.len() {
        if !is_token_byte(bytes[probe]) {
            probe += STRIDE;
            continue;
        }
        // The run holding the probe: runs are the longest stretches of token bytes (a run
        // before it ended at a non-token byte or at its padding).
        let mut start = probe;
        while start > 0 && is_token_byte(bytes[start - 1]) {
            start -= 1;
        }
        let end = measure_run(text, start, judge_runs, &mut scan);
        // The first probe past the run.
        probe = (end / STRIDE) * STRIDE + STRIDE - 1;
    }
    scan
}

/// Measure (and judge) the run that starts at `start`; returns where it ends.
fn measure_run(text: &str, start: usize, judge_runs: bool, scan: &mut Scan) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < bytes.len() && is_token_byte(bytes[i]) {
        i += 1;
    }
    // `=` ends a run (`NAME=value` is two runs) except as base64 padding.
    let mut padding = 0;
    while padding < 2 && i < bytes.len() && bytes[i] == b'=' {
        i += 1;
        padding += 1;
    }
    if i - start >= RUN_FLOOR {
        scan.longest_run = scan.longest_run.max(i - start);
    }
    if bytes.get(i) == Some(&b'.') {
        let url_safe = bytes[start..i]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
            .count();
        if url_safe >= RUN_FLOOR {
            scan.longest_run_before_dot = scan.longest_run_before_dot.max(url_safe);
        }
    }
    if judge_runs
        && i - start >= MIN_LEN
        && let Some(range) = judge(text, start, i)
    {
        scan.found.push(range);
    }
    i
}

fn judge(text: &str, run_start: usize, run_end: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    if run_end - run_start > MAX_LEN {
        return None;
    }
    // Separators at the ends belong to the surrounding text, not to the token.
    let mut start = run_start;
    let mut end = run_end;
    while start < end && matches!(bytes[start], b'-' | b'_' | b'/' | b'+') {
        start += 1;
    }
    while start < end && matches!(bytes[end - 1], b'-' | b'_' | b'/' | b'+') {
        end -= 1;
    }
    let token = &text[start..end];
    if token.len() < MIN_LEN {
        return None;
    }
    // Cheap character-class checks first: most long runs are hex or words.
    let (mut upper, mut lower, mut digit, mut hex_only) = (0usize, 0usize, 0usize, true);
    for &b in token.as_bytes() {
        if b.is_ascii_uppercase() {
            upper += 1;
        } else if b.is_ascii_lowercase() {
            lower += 1;
        } else if b.is_ascii_digit() {
            digit += 1;
        }
        if !(b.is_ascii_hexdigit() || b == b'-') {
            hex_only = false;
        }
    }
    // Hex is git ids, digests and UUIDs; key material in hex is caught by the vendor and
    // assignment rules instead.
    if hex_only || upper < 2 || lower < 2 || digit < 2 {
        return None;
    }
    let run = &text[run_start..run_end];
    if PUBLIC_PREFIXES
        .iter()
        .any(|p| token.starts_with(p) || run.starts_with(p))
    {
        return None;
    }
    let before = &text[..run_start];
    if before.ends_with("base64,") || DIGEST_LABELS.iter().any(|l| before.ends_with(l)) {
        return None;
    }
    // A segment of a URL path (document ids, CDN hashes): public addresses, not credentials.
    // Credentials in URLs sit in the user-info or the query, where other rules look.
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '(' | '<'))
        .map_or(0, |i| i + 1);
    let word = &before[word_start..];
    if word.contains("://") && !word.contains(['?', '@']) {
        return None;
    }
    // One line of a block of base64 lines (a certificate, an encoded file): payload.
    let line_start = run_start == 0 || bytes[run_start - 1] == b'\n';
    let line_end = run_end == bytes.len() || matches!(bytes[run_end], b'\n' | b'\r');
    if token.len() >= 60 && line_start && line_end && run_start > 0 {
        return None;
    }
    if class_switch_rate(token) < MIN_CLASS_SWITCH_RATE {
        return None;
    }
    (bits_per_char(token) >= MIN_BITS_PER_CHAR).then_some(start..end)
}

/// How often adjacent letters and digits change class (upper, lower, digit), separators
/// skipped. Random base62 changes at about 0.62 of the pairs; words, paths, file names, model
/// and repository ids (`org/Model-8x22B-v0`) and identifiers in code stay far below.
fn class_switch_rate(token: &str) -> f64 {
    let class = |b: u8| match b {
        b'A'..=b'Z' => 1u8,
        b'a'..=b'z' => 2,
        b'0'..=b'9' => 3,
        _ => 0,
    };
    let (mut pairs, mut switches) = (0u32, 0u32);
    for pair in token.as_bytes().windows(2) {
        let (a, b) = (class(pair[0]), class(pair[1]));
        if a != 0 && b != 0 {
            pairs += 1;
            switches += u32::from(a != b);
        }
    }
    if pairs == 0 {
        return 0.0;
    }
    f64::from(switches) / f64::from(pairs)
}

/// Shannon entropy of the bytes of `text`, in bits per character.
pub(super) fn bits_per_char(text: &str) -> f64 {
    // Tokens are ASCII: 128 counters are enough (anything else counts in the last one).
    let mut counts = [0u32; 128];
    for &b in text.as_bytes() {
        counts[usize::from(b.min(127))] += 1;
    }
    let len = text.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / len;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn random_keys_are_found() {
        let key = "Zx8fQ2pLr7Tn4Vb9Wc3Yd6Ke1Mg5Hj0Sa2Uq";
        assert_eq!(hits(&format!("key is {key}, keep it")), vec![key]);
        let aws_secret = "q8Lz/Vd3Kx+pR7mTn2Ws9Bf4Hj6Yc1Ge5Ua0Zi7/No";
        assert_eq!(hits(aws_secret), vec![aws_secret]);
    }

    #[test]
    fn public_random_looking_things_are_left_alone() {
        for text in [
            "commit 3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39",
            "id 123e4567-e89b-12d3-a456-426614174000",
            "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "msg_01XFDUDYJgAACzvnptvVoYEL7 toolu_01A09q90qw90lq917835lq9",
            "sha512-Qp3mYo3W1a8kZ6n4M2v5c7X9b0D1e2F3g4H5i6J7k8L9m0N1o2P3q4R5s6T7u8V9w==",
            "AbstractSingletonProxyFactoryBean2Impl",
            "my_long_variable_name_with_numbers_123",
            "src/components/Button/index2/test3",
            "golang.org/x/text v0.3.7 h1:olpwvP2KacW1ZWvsR7uQhoyTYvKAupfQrRGBFM352Gk=",
            "_ZN4core3fmt9Formatter3pad17h5e8f1a2b3c4d5e6fE",
            "https://docs.google.com/document/d/1NaJ5AGsMBjdYlLAC0yrHiqp5uHxT1NxNKIQeibiah47/edit",
        ] {
            assert!(hits(text).is_empty(), "{text}");
        }
        let image = format!(
            "data:image/png;base64,{}",
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB".repeat(3)
        );
        assert!(hits(&image).is_empty());
        let long = "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG1hJ3kL5mN7pQ9".repeat(8);
        assert!(hits(&long).is_empty(), "payload-sized runs are not keys");
    }

    #[test]
    fn paths_model_ids_and_identifiers_are_left_alone() {
        for text in [
            "mistral-community/Mixtral-8x22B-v0.1",
            "meta-llama/Meta-Llama-3.1-70B-Instruct-GGUF/resolve/main/Q4KM",
            "/workspace/claude-code-log/.venv/lib/python3.12/site-packages/idna-3.11.dist-info/LICENSE.md",
            "lib/MyApp/Controllers/UserAccountRegistrationController2Test.exs",
            "node_modules/@esbuild/linux-x64/bin/esbuild2Linux64BinaryWrapperV3",
            "getUserAccountRegistrationControllerV2ForTenant4Instance",
            "/blog/Give-app-servers-a-REST-CDNs-and-APIs-are-the-new-LAMP2024",
        ] {
            assert!(hits(text).is_empty(), "{text}");
        }
    }

    /// Every byte looked at: what [`scan`] must find with its stride.
    fn scan_every_byte(text: &str) -> Scan {
        let mut scan = Scan {
            found: Vec::new(),
            longest_run: 0,
            longest_run_before_dot: 0,
        };
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if is_token_byte(bytes[i]) {
                i = measure_run(text, i, true, &mut scan);
            } else {
                i += 1;
            }
        }
        scan
    }

    #[test]
    fn the_stride_finds_what_every_byte_finds() {
        let key = "Zx8fQ2pLr7Tn4Vb9Wc3Yd6Ke1Mg5Hj0Sa2Uq";
        let pieces = [
            key,
            "aB3dE5fG7hJ9kL1mN3pQ5rS7", // 24 characters
            "aB3dE5fG7hJ9kL1mN3pQ5r==", // 22 and its padding
            "aB3dE5fG7hJ9kL1mN3pQ5==",  // 21 and its padding: under the floor
            "xY7_-zzQ9aaB3dE5fG7hJ9kL.",
            "===",
            "word",
            " ",
            "\n",
            "=",
            ".",
            "/",
            "é",
        ];
        // Every arrangement of a few pieces, at every offset: runs start and end on each side
        // of a probe.
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let mut text = " ".repeat((rng % 23) as usize);
            for _ in 0..1 + rng % 7 {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                text.push_str(pieces[(rng % pieces.len() as u64) as usize]);
            }
            let (fast, slow) = (scan(&text, true), scan_every_byte(&text));
            assert_eq!(fast.found, slow.found, "{text:?}");
            assert_eq!(fast.longest_run, slow.longest_run, "{text:?}");
            assert_eq!(
                fast.longest_run_before_dot, slow.longest_run_before_dot,
                "{text:?}"
            );
        }
    }

    #[test]
    fn runs_under_the_floor_are_not_measured() {
        let scan = scan(
            "ab3dE5fG7hJ9kL1mN3pQ5== and abcdefghijklmnopqrstuvwx.",
            true,
        );
        assert_eq!(scan.longest_run, 24);
        assert_eq!(scan.longest_run_before_dot, 24);
        assert_eq!(super::scan("short words only", true).longest_run, 0);
    }

    #[test]
    fn entropy_of_uniform_and_constant_text() {
        assert_eq!(bits_per_char("aaaa"), 0.0);
        assert!((bits_per_char("abcd") - 2.0).abs() < 1e-9);
    }
}
