//! Secrets earlier commits found, remembered as salted SHA-256 digests (never as text), so a
//! value redacted in one session is redacted in every later one too.
//!
//! A digest cannot be searched for, so each candidate word of a scrubbed string is looked up.
//! To keep that near free, each secret is stored with its length and a 16-bit tag (a salted
//! FNV-1a hash, which tells little about the secret): only a word of a remembered length whose
//! tag is remembered is hashed with SHA-256. Digests are not a password hash: someone holding
//! the file can confirm a guess, as with any unslowed hash. The caller
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
#[derive(Clone, PartialEq, Eq)]
pub struct Remembered {
    salt: [u8; 16],
    /// Each secret's length, tag and digest.
    digests: BTreeSet<(usize, u16, [u8; 32])>,
    /// Bit `n` set when a remembered secret is `n` bytes long.
    lengths: [u64; MAX_LEN / 64 + 1],
    /// Bit `t` set when a remembered secret has the tag `t`.
    tags: Box<[u64; 1024]>,
    /// The shortest remembered secret: shorter words are skipped at once.
    shortest: usize,
}

impl Default for Remembered {
    fn default() -> Self {
        Remembered {
            salt: [0; 16],
            digests: BTreeSet::new(),
            lengths: [0; MAX_LEN / 64 + 1],
            tags: Box::new([0; 1024]),
            shortest: usize::MAX,
        }
    }
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

    /// A cheap salted tag of `value`: 16 bits of FNV-1a.
    fn tag(&self, value: &[u8]) -> u16 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for &b in self.salt.iter().chain(value) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        (hash ^ (hash >> 32) ^ (hash >> 16)) as u16
    }

    fn insert(&mut self, len: usize, tag: u16, digest: [u8; 32]) {
        self.lengths[len / 64] |= 1 << (len % 64);
        self.tags[usize::from(tag) / 64] |= 1 << (tag % 64);
        self.shortest = self.shortest.min(len);
        self.digests.insert((len, tag, digest));
    }

    fn has_tag(&self, tag: u16) -> bool {
        self.tags[usize::from(tag) / 64] & (1 << (tag % 64)) != 0
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
                let (tag, digest) = (self.tag(value.as_bytes()), self.digest(value.as_bytes()));
                self.insert(value.len(), tag, digest);
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
            let word = &bytes[range.clone()];
            if self.has_length(word.len()) && {
                let tag = self.tag(word);
                self.has_tag(tag) && self.digests.contains(&(word.len(), tag, self.digest(word)))
            } {
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
            if end - start < self.shortest {
                continue;
            }
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
        for (_, _, digest) in &self.digests {
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
            let mut fields = line.split(' ');
            let parsed = (|| {
                let len: usize = fields.next()?.parse().ok().filter(|l| *l <= MAX_LEN)?;
                let tag = u16::from_be_bytes(hex::<2>(fields.next()?)?);
                let digest = hex::<32>(fields.next()?)?;
                fields.next().is_none().then_some((len, tag, digest))
            })();
            match parsed {
                Some((len, tag, digest)) => remembered.insert(len, tag, digest),
                None => return fail(n, "expected `<length> <4 hex digits> <64 hex digits>`"),
            }
        }
        Ok(remembered)
    }

    /// The text form: a header, the salt, then one `<length> <tag> <digest>` line per secret.
    pub fn to_text(&self) -> String {
        let mut out = format!("{HEADER}\nsalt {}\n", to_hex(&self.salt));
        for (len, tag, digest) in &self.digests {
            let _ = writeln!(out, "{len} {tag:04x} {}", to_hex(digest));
        }
        out
    }
}

/// Per byte: 1 when it ends a word (white space, quotes, brackets, list separators), 2 when it
/// only separates the pieces of a word (`NAME=value`, `user:pass@host`, `a/b`). A table: this
/// runs on every byte of every string once secrets are remembered.
const CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let ends = b" \t\n\r\x0b\x0c\"'`,;()[]{}<>";
    let mut i = 0;
    while i < ends.len() {
        table[ends[i] as usize] = 1;
        i += 1;
    }
    let pieces = b"=:@/?&#|";
    let mut i = 0;
    while i < pieces.len() {
        table[pieces[i] as usize] = 2;
        i += 1;
    }
    table
};

fn is_word_end(b: u8) -> bool {
    CLASS[b as usize] == 1
}

fn is_boundary(b: u8) -> bool {
    CLASS[b as usize] != 0
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
