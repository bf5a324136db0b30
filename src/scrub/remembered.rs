//! Secrets earlier commits found, remembered as salted SHA-256 digests (never as text), so a
//! value redacted in one session is redacted in every later one too.
//!
//! A digest cannot be searched for, so each candidate word of a scrubbed string is hashed and
//! looked up. Only words whose length is the length of a remembered secret are hashed, which
//! keeps the cost near zero; the lengths are stored beside the digests for that. The caller
//! loads and saves the text form ([`Remembered::parse`], [`Remembered::to_text`]): this module
//! touches no disk.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::ops::Range;

use sha2::{Digest, Sha256};

use super::{FoundSecrets, MIN_KNOWN_SECRET_LEN};

const HEADER: &str = "traces-remembered-secrets 1";
/// Longest secret remembered: longer findings (private key blocks) never recur as one word.
const MAX_LEN: usize = 512;

/// Why a remembered-secrets text could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("line {line}: {problem}")]
pub struct RememberedError {
    pub line: usize,
    pub problem: &'static str,
}

/// The salted digests of remembered secrets.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Remembered {
    salt: [u8; 16],
    /// Each secret's length and digest.
    digests: BTreeSet<(usize, [u8; 32])>,
    /// Bit `n` set when a remembered secret is `n` bytes long.
    lengths: [u64; MAX_LEN / 64 + 1],
}

impl std::fmt::Debug for Remembered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Remembered({} digests)", self.digests.len())
    }
}

impl Remembered {
    /// An empty set hashing with `salt` (random per store, so digests differ between stores).
    pub fn new(salt: [u8; 16]) -> Remembered {
        Remembered {
            salt,
            ..Remembered::default()
        }
    }

    pub fn len(&self) -> usize {
        self.digests.len()
    }

    pub fn is_empty(&self) -> bool {
        self.digests.is_empty()
    }

    fn digest(&self, value: &[u8]) -> [u8; 32] {
        let mut hasher = Sha256::new();
        hasher.update(self.salt);
        hasher.update(value);
        hasher.finalize().into()
    }

    fn insert(&mut self, len: usize, digest: [u8; 32]) {
        self.lengths[len / 64] |= 1 << (len % 64);
        self.digests.insert((len, digest));
    }

    fn has_length(&self, len: usize) -> bool {
        len <= MAX_LEN && self.lengths[len / 64] & (1 << (len % 64)) != 0
    }

    /// Add what a commit found. Returns whether anything new was learned.
    pub fn learn(&mut self, found: &FoundSecrets) -> bool {
        let before = self.digests.len();
        for value in found.values() {
            let value = value.trim();
            // Only single words can be recognised later (see `find`).
            if (MIN_KNOWN_SECRET_LEN..=MAX_LEN).contains(&value.len())
                && !value.bytes().any(is_word_end)
            {
                let digest = self.digest(value.as_bytes());
                self.insert(value.len(), digest);
            }
        }
        self.digests.len() != before
    }

    /// Byte ranges of `text` holding a remembered secret.
    pub fn find(&self, text: &str) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        if self.digests.is_empty() || text.len() < MIN_KNOWN_SECRET_LEN {
            return found;
        }
        let bytes = text.as_bytes();
        let check = |range: Range<usize>, found: &mut Vec<Range<usize>>| {
            if self.has_length(range.len())
                && self
                    .digests
                    .contains(&(range.len(), self.digest(&bytes[range.clone()])))
            {
                found.push(range);
            }
        };
        // Words end at white space, quotes and brackets; inside a word, `=`, `:`, `@`, `/` and
        // the like separate a name, a user or a host from the secret, so each piece between them
        // is tried too (with base64 padding kept), and each rest of the word after one.
        let mut i = 0;
        while i < bytes.len() {
            if is_word_end(bytes[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && !is_word_end(bytes[i]) {
                i += 1;
            }
            let end = i;
            let before = found.len();
            check(start..end, &mut found);
            if found.len() > before {
                continue;
            }
            let mut piece = start;
            while piece < end {
                let mut stop = piece;
                while stop < end && !is_boundary(bytes[stop]) {
                    stop += 1;
                }
                let mut padded = stop;
                while padded < end && padded - stop < 2 && bytes[padded] == b'=' {
                    padded += 1;
                }
                if stop > piece && (piece, stop) != (start, end) {
                    let before = found.len();
                    check(piece..stop, &mut found);
                    if padded > stop && found.len() == before {
                        check(piece..padded, &mut found);
                    }
                    if found.len() == before && piece > start && stop < end {
                        check(piece..end, &mut found);
                        if found.len() > before {
                            break;
                        }
                    }
                }
                piece = stop + 1;
            }
        }
        found
    }

    /// Identifies the set, for the scrubber's fingerprint (renderings made before a secret was
    /// learned must not be reused after).
    pub fn fingerprint(&self) -> String {
        if self.digests.is_empty() {
            return String::new();
        }
        let mut hasher = Sha256::new();
        for (_, digest) in &self.digests {
            hasher.update(digest);
        }
        format!("{:x}", hasher.finalize())
    }

    /// Read the text form written by [`Remembered::to_text`].
    pub fn parse(text: &str) -> Result<Remembered, RememberedError> {
        let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
        let fail = |line, problem| Err(RememberedError { line, problem });
        match lines.next() {
            Some((_, HEADER)) => {}
            _ => return fail(1, "not a remembered-secrets file"),
        }
        let salt = match lines.next() {
            Some((n, line)) => match line.strip_prefix("salt ").and_then(hex::<16>) {
                Some(salt) => salt,
                None => return fail(n, "expected `salt <32 hex digits>`"),
            },
            None => return fail(2, "the salt is missing"),
        };
        let mut remembered = Remembered::new(salt);
        for (n, line) in lines {
            let parsed = line.split_once(' ').and_then(|(len, digest)| {
                let len: usize = len.parse().ok().filter(|l| *l <= MAX_LEN)?;
                Some((len, hex::<32>(digest)?))
            });
            match parsed {
                Some((len, digest)) => remembered.insert(len, digest),
                None => return fail(n, "expected `<length> <64 hex digits>`"),
            }
        }
        Ok(remembered)
    }

    /// The text form: a header, the salt, then one `<length> <digest>` line per secret.
    pub fn to_text(&self) -> String {
        let mut out = format!("{HEADER}\nsalt {}\n", to_hex(&self.salt));
        for (len, digest) in &self.digests {
            let _ = writeln!(out, "{len} {}", to_hex(digest));
        }
        out
    }
}

/// Bytes that end a word: white space, quotes, brackets, separators of lists.
fn is_word_end(b: u8) -> bool {
    b.is_ascii_whitespace()
        || matches!(
            b,
            b'"' | b'\''
                | b'`'
                | b','
                | b';'
                | b'('
                | b')'
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b'<'
                | b'>'
        )
}

/// Bytes that separate the pieces of a word (`NAME=value`, `user:pass@host`, `a/b`).
fn is_boundary(b: u8) -> bool {
    is_word_end(b) || matches!(b, b'=' | b':' | b'@' | b'/' | b'?' | b'&' | b'#' | b'|')
}

fn hex<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != N * 2 {
        return None;
    }
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scrub::{Options, Report, Scrubber};

    fn secret() -> String {
        ["Qz8", "wX3", "pL5", "nB7", "kJ2"].concat()
    }

    /// What a first commit learns from `text`.
    fn learned_from(text: &str) -> Remembered {
        let mut report = Report::default();
        Scrubber::default().scrub_text(text, &mut report);
        let mut remembered = Remembered::new([7; 16]);
        assert!(remembered.learn(report.found_secrets()));
        remembered
    }

    fn later(remembered: Remembered) -> Scrubber {
        Scrubber::new(Options {
            remembered,
            ..Options::default()
        })
    }

    #[test]
    fn a_secret_found_once_is_redacted_in_later_sessions_in_every_setting() {
        let secret = secret();
        let remembered = learned_from(&format!("API_TOKEN={secret}"));
        let text = remembered.to_text();
        assert!(!text.contains(&secret), "the file holds digests only");
        let scrubber = later(Remembered::parse(&text).unwrap());
        for (input, expected) in [
            (
                format!("value {secret} here"),
                "value [REDACTED:known-secret] here",
            ),
            (format!("X={secret}"), "X=[REDACTED:known-secret]"),
            (format!("a:{secret}|b"), "a:[REDACTED:known-secret]|b"),
            (
                format!("path/{secret}/end"),
                "path/[REDACTED:known-secret]/end",
            ),
            (format!("\"{secret}\","), "\"[REDACTED:known-secret]\","),
        ] {
            let mut report = Report::default();
            assert_eq!(scrubber.scrub_text(&input, &mut report), expected);
        }
        let mut report = Report::default();
        let other = format!("{}x", &secret[..secret.len() - 1]);
        assert_eq!(
            scrubber.scrub_text(&other, &mut report),
            other,
            "a near miss is kept"
        );
    }

    #[test]
    fn the_fingerprint_follows_what_is_remembered() {
        let empty = later(Remembered::new([7; 16])).fingerprint();
        assert_eq!(empty, Scrubber::new(Options::default()).fingerprint());
        let one = later(learned_from(&format!("API_TOKEN={}", secret()))).fingerprint();
        assert_ne!(one, empty);
    }

    #[test]
    fn a_damaged_file_is_an_error_with_its_line() {
        let good = learned_from(&format!("API_TOKEN={}", secret())).to_text();
        assert_eq!(Remembered::parse(&good).unwrap().len(), 1);
        let bad = format!("{good}12 zz\n");
        assert_eq!(Remembered::parse(&bad).unwrap_err().line, 4);
        assert_eq!(Remembered::parse("hello").unwrap_err().line, 1);
    }
}
