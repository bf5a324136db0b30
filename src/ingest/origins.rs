//! Where each committed session came from: its path in the store's trees mapped to the
//! absolute path of its source file, in `traces/origins.json`. Routing reads it to tell which
//! source (and so which remotes) a session belongs to. Replaced atomically; a missing or
//! unreadable file only means "origin unknown", which routes a session as before routing.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::store::Store;

const FILE: &str = "origins.json";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origins {
    /// Tree path (`sessions/<date>/<id>.jsonl`) to source file.
    pub sessions: BTreeMap<String, PathBuf>,
}

impl Origins {
    pub fn load(store: &Store) -> Origins {
        std::fs::read(store.state_dir().join(FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Record `(tree path, source file)` pairs; written only when something changed. A file
    /// that cannot be written leaves the origins unknown, never a commit undone.
    ///
    /// The file holds one entry per session ever committed, and a commit usually adds one:
    /// the new entries are spliced between the members of the file as it is (see
    /// [`Members`]) instead of parsing every member and writing them all again. The bytes
    /// written are the same either way; a file in any other shape takes the whole way.
    pub(super) fn record(store: &Store, pairs: impl IntoIterator<Item = (String, PathBuf)>) {
        let mut new: BTreeMap<String, PathBuf> = BTreeMap::new();
        for (path, source) in pairs {
            let source = std::path::absolute(&source).unwrap_or(source);
            new.insert(path, source);
        }
        if new.is_empty() {
            return;
        }
        let dir = store.state_dir();
        let bytes = std::fs::read(dir.join(FILE)).unwrap_or_default();
        if let Some(text) = merged(&bytes, new) {
            let _ = save(&dir, &text);
        }
    }

    pub fn source_of(&self, tree_path: &str) -> Option<&Path> {
        self.sessions.get(tree_path).map(PathBuf::as_path)
    }
}

/// The file `bytes` with the `new` entries in it, or `None` when nothing changes (or a source
/// is not UTF-8, which JSON cannot hold: the file is then left as it is).
fn merged(bytes: &[u8], new: BTreeMap<String, PathBuf>) -> Option<Vec<u8>> {
    if let Some(members) = Members::read(bytes) {
        return members.splice(&new).ok().flatten();
    }
    let mut origins: Origins = serde_json::from_slice(bytes).unwrap_or_default();
    let mut changed = false;
    for (path, source) in new {
        if origins.sessions.get(&path) != Some(&source) {
            origins.sessions.insert(path, source);
            changed = true;
        }
    }
    if !changed {
        return None;
    }
    serde_json::to_vec(&origins).ok()
}

fn save(dir: &Path, text: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    // One write: serialising straight into the file makes a system call per token, which at
    // 10,000 sessions was most of a one-session commit.
    std::io::Write::write_all(&mut tmp, text)?;
    tmp.persist(dir.join(FILE)).map_err(|e| e.error)?;
    Ok(())
}

/// The file as `serde_json` writes [`Origins`]: `{"sessions":{"<path>":"<source>",...}}`,
/// compact, keys in ascending order, each member kept as its bytes. Anything else (another
/// shape, a key out of order, text that is not valid JSON strings) is not read this way.
struct Members<'a> {
    /// Each member's decoded key and value, and its bytes (`"<path>":"<source>"`).
    members: Vec<(Cow<'a, str>, Cow<'a, str>, &'a [u8])>,
}

const HEAD: &str = "{\"sessions\":{";
const TAIL: &str = "}}";

impl<'a> Members<'a> {
    fn read(bytes: &'a [u8]) -> Option<Members<'a>> {
        // Compact JSON has no control character anywhere, in a string or between tokens
        // (checked a block at a time, which compiles to vector instructions).
        let control = bytes
            .chunks(64)
            .any(|block| block.iter().fold(u8::MAX, |low, &b| low.min(b)) < 0x20);
        if control {
            return None;
        }
        let text = std::str::from_utf8(bytes).ok()?;
        let body = text.strip_prefix(HEAD)?.strip_suffix(TAIL)?;
        let mut members = Vec::new();
        let mut at = 0;
        while at < body.len() {
            if !members.is_empty() {
                at = expect(body, at, b',')?;
            }
            let start = at;
            let (key, end) = string_at(body, at)?;
            at = expect(body, end, b':')?;
            let (value, end) = string_at(body, at)?;
            at = end;
            if let Some((last, _, _)) = members.last()
                && *last >= key
            {
                return None;
            }
            members.push((key, value, &body.as_bytes()[start..end]));
        }
        Some(Members { members })
    }

    /// The file with `new` merged in, or `None` when it holds every entry already. Fails when
    /// a source is not UTF-8.
    fn splice(&self, new: &BTreeMap<String, PathBuf>) -> Result<Option<Vec<u8>>, ()> {
        let mut sources = Vec::with_capacity(new.len());
        for (path, source) in new {
            sources.push((path.as_str(), source.to_str().ok_or(())?));
        }
        let unchanged = sources.iter().all(|(path, source)| {
            self.members
                .binary_search_by(|(key, _, _)| key.as_ref().cmp(path))
                .is_ok_and(|i| Path::new(self.members[i].1.as_ref()) == Path::new(source))
        });
        if unchanged {
            return Ok(None);
        }
        let size: usize = self.members.iter().map(|(_, _, raw)| raw.len() + 1).sum();
        let mut out = Vec::with_capacity(HEAD.len() + size + 256 * sources.len() + TAIL.len());
        out.extend_from_slice(HEAD.as_bytes());
        let mut first = true;
        let mut push = |out: &mut Vec<u8>, member: &[u8]| {
            if !std::mem::take(&mut first) {
                out.push(b',');
            }
            out.extend_from_slice(member);
        };
        let written = |path: &str, source: &str| {
            let mut member = serde_json::to_vec(path).expect("a string serialises");
            member.push(b':');
            member.extend(serde_json::to_vec(source).expect("a string serialises"));
            member
        };
        let mut old = self.members.iter().peekable();
        for (path, source) in sources {
            while let Some((_, _, raw)) = old.next_if(|(key, _, _)| key.as_ref() < path) {
                push(&mut out, raw);
            }
            match old.next_if(|(key, _, _)| key.as_ref() == path) {
                // Kept as it is when it names the same file, as a parsed map would keep it.
                Some((_, value, raw)) if Path::new(value.as_ref()) == Path::new(source) => {
                    push(&mut out, raw)
                }
                _ => push(&mut out, &written(path, source)),
            }
        }
        for (_, _, raw) in old {
            push(&mut out, raw);
        }
        out.extend_from_slice(TAIL.as_bytes());
        Ok(Some(out))
    }
}

/// `at` past the byte `expected`, which must be there.
fn expect(text: &str, at: usize, expected: u8) -> Option<usize> {
    (text.as_bytes().get(at) == Some(&expected)).then_some(at + 1)
}

/// The JSON string literal starting at `at`, decoded, and the offset after it. Only what
/// JSON allows: valid escapes (decoded by `serde_json`; the caller checked that there is no
/// control character).
fn string_at(text: &str, at: usize) -> Option<(Cow<'_, str>, usize)> {
    let bytes = text.as_bytes();
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let mut i = at + 1;
    let mut escaped = false;
    let end = loop {
        let found = i + memchr::memchr2(b'"', b'\\', &bytes[i..])?;
        if bytes[found] == b'"' {
            break found;
        }
        escaped = true;
        i = found + 2;
        if i > bytes.len() {
            return None;
        }
    };
    let inner = &text[at + 1..end];
    let value = if escaped {
        Cow::Owned(serde_json::from_str::<String>(&text[at..=end]).ok()?)
    } else {
        Cow::Borrowed(inner)
    };
    Some((value, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, PathBuf> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), PathBuf::from(v)))
            .collect()
    }

    fn file(pairs: &[(&str, &str)]) -> Vec<u8> {
        serde_json::to_vec(&Origins {
            sessions: map(pairs),
        })
        .unwrap()
    }

    /// What parsing the whole file, inserting and writing it all again gives.
    fn rewritten(bytes: &[u8], new: &BTreeMap<String, PathBuf>) -> Vec<u8> {
        let mut origins: Origins = serde_json::from_slice(bytes).unwrap_or_default();
        origins.sessions.extend(new.clone());
        serde_json::to_vec(&origins).unwrap()
    }

    const HELD: &[(&str, &str)] = &[
        ("sessions/2025-01-01/a.jsonl", "/src/a.json"),
        ("sessions/2025-01-01/c.jsonl", "/src/quote\"d\\c.json"),
        ("sessions/2025-01-02/été.jsonl", "/src/été.json"),
        ("sessions/2025-01-03/z.jsonl", "/src/tab\there.json"),
    ];

    #[test]
    fn spliced_entries_give_the_bytes_a_whole_rewrite_gives() {
        let bytes = file(HELD);
        assert!(
            Members::read(&bytes).is_some(),
            "the file serde_json writes is read"
        );
        for new in [
            map(&[("sessions/2025-01-01/b.jsonl", "/src/b.json")]),
            map(&[("sessions/2025-01-00/first.jsonl", "/src/first.json")]),
            map(&[("sessions/2025-12-31/last.jsonl", "/src/last.json")]),
            map(&[("sessions/2025-01-01/c.jsonl", "/elsewhere/c.json")]),
            map(&[
                ("sessions/2025-01-01/a.jsonl", "/src/a.json"),
                ("sessions/2025-01-02/b\"q.jsonl", "/src/b\u{7f}.json"),
                ("sessions/2025-01-04/y.jsonl", "/src/y.json"),
            ]),
        ] {
            assert_eq!(merged(&bytes, new.clone()), Some(rewritten(&bytes, &new)));
        }
    }

    #[test]
    fn entries_already_recorded_write_nothing() {
        let bytes = file(HELD);
        assert_eq!(merged(&bytes, map(&HELD[1..3])), None);
        assert_eq!(merged(&bytes, BTreeMap::new()), None);
    }

    #[test]
    fn a_file_in_another_shape_is_parsed_whole() {
        let new = map(&[("sessions/2025-01-01/b.jsonl", "/src/b.json")]);
        let pretty = serde_json::to_vec_pretty(&Origins {
            sessions: map(HELD),
        })
        .unwrap();
        let unsorted = br#"{"sessions":{"b":"/x","a":"/y"}}"#.to_vec();
        let duplicate = br#"{"sessions":{"a":"/x","a":"/y"}}"#.to_vec();
        let bad_escape = br#"{"sessions":{"a":"/x\q"}}"#.to_vec();
        let control = b"{\"sessions\":{\"a\":\"/x\ty\"}}".to_vec();
        for bytes in [pretty, unsorted, duplicate, bad_escape, control, Vec::new()] {
            assert!(Members::read(&bytes).is_none());
            assert_eq!(merged(&bytes, new.clone()), Some(rewritten(&bytes, &new)));
        }
    }
}
