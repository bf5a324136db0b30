//! The Hub's tree listing (`GET /api/datasets/{repo}/tree/{rev}/{path}`), which a push plans
//! from instead of fetching the repository: each entry carries its git object id (a folder's
//! is its tree id), so folders off the changed paths are reused without being read.
//!
//! Pages are at most 1,000 entries (the Hub's default); the next one is named by a
//! `Link: <…>; rel="next"` header. Parsing is separate from the requests so it can be tested
//! with canned answers.

use gix::ObjectId;
use gix::objs::tree::EntryKind;
use serde::Deserialize;

use super::{Error, RemoteEntry, Result};

#[derive(Deserialize)]
struct ApiEntry {
    #[serde(rename = "type")]
    kind: String,
    oid: String,
    path: String,
}

/// The entries of one page of a tree listing.
pub fn parse_page(body: &[u8]) -> Result<Vec<RemoteEntry>> {
    let entries: Vec<ApiEntry> = serde_json::from_slice(body)
        .map_err(|e| Error::invalid("unexpected tree listing from the Hub", e))?;
    entries
        .into_iter()
        .map(|entry| {
            let kind = match entry.kind.as_str() {
                "directory" => EntryKind::Tree,
                "file" => EntryKind::Blob,
                other => {
                    return Err(Error::Other(format!(
                        "unexpected tree listing from the Hub: `{}` has type `{other}`",
                        entry.path
                    )));
                }
            };
            let id = ObjectId::from_hex(entry.oid.as_bytes()).map_err(|_| {
                Error::Other(format!(
                    "unexpected tree listing from the Hub: `{}` has a malformed oid",
                    entry.path
                ))
            })?;
            let name = entry
                .path
                .rsplit_once('/')
                .map_or(entry.path.as_str(), |(_, name)| name)
                .to_string();
            Ok(RemoteEntry { name, kind, id })
        })
        .collect()
}

#[derive(Deserialize)]
struct ApiCommit {
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    message: String,
}

/// The message of commit `tip` from the Hub's commit list
/// (`GET /api/datasets/{repo}/commits/{rev}`, newest first); `None` when the list does not
/// start with it.
pub fn parse_commit_message(body: &[u8], tip: ObjectId) -> Result<Option<String>> {
    let commits: Vec<ApiCommit> = serde_json::from_slice(body)
        .map_err(|e| Error::Other(format!("unexpected commit list from the Hub: {e}")))?;
    Ok(commits
        .into_iter()
        .next()
        .filter(|c| ObjectId::from_hex(c.id.as_bytes()).ok() == Some(tip))
        .map(|c| {
            if c.message.starts_with(&c.title) {
                c.message
            } else {
                format!("{}\n\n{}", c.title, c.message)
            }
        }))
}

/// The URL of the next page, from a `Link` header.
pub fn next_page(link: &str) -> Option<String> {
    link.split(',').find_map(|part| {
        let (url, params) = part.trim().split_once(';')?;
        let is_next = params
            .split(';')
            .any(|p| p.trim().replace(' ', "") == "rel=\"next\"");
        is_next.then(|| {
            url.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string()
        })
    })
}

/// `path` with each segment percent-encoded, for a URL.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_gives_names_kinds_and_ids() {
        let body = br#"[
            {"type":"directory","oid":"4b825dc642cb6eb9a060e54bf8d69288fbee4904","path":"sessions/2025-06-01","size":0},
            {"type":"file","oid":"e69de29bb2d1d6434b8b29ae775ad8c2e48c5391","path":"sessions/a b.jsonl","size":0,
             "lfs":{"oid":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","size":20000000}}
        ]"#;
        let entries = parse_page(body).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].name, "2025-06-01");
        assert_eq!(entries[0].kind, EntryKind::Tree);
        assert_eq!(entries[0].id, ObjectId::empty_tree(gix::hash::Kind::Sha1));
        assert_eq!(entries[1].name, "a b.jsonl");
        assert_eq!(entries[1].kind, EntryKind::Blob);
        assert_eq!(entries[1].id, ObjectId::empty_blob(gix::hash::Kind::Sha1));
    }

    #[test]
    fn a_malformed_entry_is_an_error_naming_it() {
        let body = br#"[{"type":"file","oid":"xyz","path":"sessions/a.jsonl"}]"#;
        let error = parse_page(body).unwrap_err().to_string();
        assert!(error.contains("sessions/a.jsonl"), "{error}");
        assert!(parse_page(b"{").is_err());
    }

    #[test]
    fn the_next_page_comes_from_the_link_header() {
        let link = r#"<https://hub.example/api/datasets/o/n/tree/main?cursor=abc>; rel="next""#;
        assert_eq!(
            next_page(link).as_deref(),
            Some("https://hub.example/api/datasets/o/n/tree/main?cursor=abc")
        );
        assert_eq!(next_page(r#"<https://x/y>; rel="prev""#), None);
    }

    #[test]
    fn the_tip_message_comes_from_the_first_commit_of_the_list() {
        let tip = ObjectId::empty_tree(gix::hash::Kind::Sha1);
        let body = format!(
            r#"[{{"id":"{tip}","title":"Add 1 session","message":"Add 1 session\n\nTraces-Files: 3\n","date":"2025-06-01T10:00:00.000Z"}},
               {{"id":"e69de29bb2d1d6434b8b29ae775ad8c2e48c5391","title":"Initial commit","message":""}}]"#
        );
        assert_eq!(
            parse_commit_message(body.as_bytes(), tip)
                .unwrap()
                .as_deref(),
            Some("Add 1 session\n\nTraces-Files: 3\n")
        );
        let other = ObjectId::empty_blob(gix::hash::Kind::Sha1);
        assert_eq!(parse_commit_message(body.as_bytes(), other).unwrap(), None);
        assert!(parse_commit_message(b"{}", tip).is_err());
    }

    #[test]
    fn paths_are_encoded_per_segment() {
        assert_eq!(
            encode_path("sessions/a b#1.jsonl"),
            "sessions/a%20b%231.jsonl"
        );
    }
}
