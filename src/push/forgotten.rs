//! The forgotten list a dataset carries, so that another machine's store, which may still hold
//! a session forgotten here, never sends it back: `.traces/forgotten` in the remote's tree, one
//! line per forgotten session id, each the SHA-256 of a fixed prefix and the id (hex). The ids
//! themselves never leave the machine (a purge leaves nothing of them on the remote); a store
//! that holds the session can still tell it is listed by hashing its id.
//!
//! Every push reads the remote's list, leaves out the session files it names, and adds the
//! store's own forgotten ids to it when they are missing. `traces forget --undo` does not take
//! an id off a remote's list: letting a session back onto a shared dataset is a decision for
//! the dataset, made by editing the file.

use std::collections::BTreeSet;

use gix::ObjectId;
use gix::objs::tree::EntryKind;
use sha2::Digest as _;

use crate::ingest::exclusions::Forgotten;
use crate::ingest::forget::session_of_path;
use crate::transport::{self, Connection};

/// Where the list lives in a dataset.
pub const PATH: &str = ".traces/forgotten";

/// The digest a forgotten session id is listed under.
pub fn digest(session_id: &str) -> String {
    let mut hasher = sha2::Sha256::new();
    hasher.update(b"traces forgotten session\n");
    hasher.update(session_id.as_bytes());
    format!("{:x}", hasher.finalize())
}

/// A dataset's list as read: the digests it names, and its text, kept whole so a push that
/// adds to it leaves what it does not understand (comments, notes someone wrote) in place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listed {
    pub digests: BTreeSet<String>,
    text: String,
}

impl Listed {
    /// Read a list's bytes: one digest a line (any case, surrounding blanks ignored); a
    /// leading byte order mark, which an editor such as the Hub's may add, is not part of
    /// the first line.
    pub fn parse(bytes: &[u8]) -> Listed {
        let text = String::from_utf8_lossy(bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
        let digests = text
            .lines()
            .map(str::trim)
            .filter(|l| l.len() == 64 && l.bytes().all(|b| b.is_ascii_hexdigit()))
            .map(str::to_ascii_lowercase)
            .collect();
        Listed { digests, text }
    }

    pub fn is_empty(&self) -> bool {
        self.digests.is_empty()
    }
}

/// The remote's list (empty when it has no list or no tip).
pub fn read(connection: &mut dyn Connection, tip: Option<ObjectId>) -> transport::Result<Listed> {
    let Some(tip) = tip else {
        return Ok(Listed::default());
    };
    // One lookup on the Hub; a listing of the folder elsewhere.
    let Some((_, entry)) = connection
        .entries_at(tip, &[PATH.to_string()])?
        .into_iter()
        .find(|(_, e)| e.kind != EntryKind::Tree)
    else {
        return Ok(Listed::default());
    };
    let bytes = connection.read_blob(tip, PATH, entry.id)?;
    Ok(Listed::parse(&bytes))
}

/// Whether the list names the session (or its parent session) a session file belongs to.
pub fn refuses(listed: &Listed, path: &str) -> bool {
    if listed.is_empty() {
        return false;
    }
    let Some(session) = session_of_path(path) else {
        return false;
    };
    let parent = session.split('/').next().unwrap_or(&session);
    listed.digests.contains(&digest(&session)) || listed.digests.contains(&digest(parent))
}

/// The remote's list with the store's forgotten ids it lacks added at its end, when that
/// adds any; its own lines stay as they were.
pub fn merged(listed: &Listed, local: &Forgotten) -> Option<Vec<u8>> {
    let missing: BTreeSet<String> = local
        .ids
        .iter()
        .map(|id| digest(id))
        .filter(|d| !listed.digests.contains(d))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let mut text = listed.text.clone();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for digest in missing {
        text.push_str(&digest);
        text.push('\n');
    }
    Some(text.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_session_is_refused_with_its_subagents_and_nothing_else() {
        let listed = Listed::parse(format!("{}\n", digest("0b6f")).as_bytes());
        assert!(refuses(&listed, "sessions/2026-01-02/0b6f.jsonl"));
        assert!(refuses(
            &listed,
            "sessions/2026-01-02/0b6f/subagents/agent-a1.jsonl"
        ));
        assert!(!refuses(&listed, "sessions/2026-01-02/0b6e.jsonl"));
        assert!(!refuses(&listed, "README.md"));
    }

    #[test]
    fn merging_adds_missing_ids_only_and_never_writes_an_id_in_clear() {
        let local = Forgotten {
            ids: ["0b6f".to_string()].into_iter().collect(),
        };
        let file = merged(&Listed::default(), &local).unwrap();
        let text = String::from_utf8(file).unwrap();
        assert_eq!(text, format!("{}\n", digest("0b6f")));
        assert!(!text.contains("0b6f\n"));
        let listed = Listed::parse(text.as_bytes());
        assert_eq!(merged(&listed, &local), None);
    }

    #[test]
    fn a_byte_order_mark_does_not_hide_the_first_digest() {
        let file = format!(
            "\u{feff}{}\r\n{}\r\n",
            digest("a"),
            digest("b").to_uppercase()
        );
        let listed = Listed::parse(file.as_bytes());
        assert_eq!(
            listed.digests,
            [digest("a"), digest("b")]
                .into_iter()
                .collect::<BTreeSet<_>>()
        );
        assert!(refuses(&listed, "sessions/2026-01-02/a.jsonl"));
    }

    #[test]
    fn merging_keeps_the_lines_it_does_not_understand() {
        let file = format!(
            "# sessions taken off this dataset\n{}\nnot a digest",
            digest("a")
        );
        let local = Forgotten {
            ids: ["a".to_string(), "b".to_string()].into_iter().collect(),
        };
        let merged = merged(&Listed::parse(file.as_bytes()), &local).unwrap();
        assert_eq!(
            String::from_utf8(merged).unwrap(),
            format!("{file}\n{}\n", digest("b"))
        );
    }
}
