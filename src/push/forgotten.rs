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
const FOLDER: &str = ".traces";
const NAME: &str = "forgotten";

/// The digest a forgotten session id is listed under.
pub fn digest(session_id: &str) -> String {
    let mut hasher = sha2::Sha256::new();
    hasher.update(b"traces forgotten session\n");
    hasher.update(session_id.as_bytes());
    format!("{:x}", hasher.finalize())
}

/// The digests the remote's list holds (none when it has no list or no tip).
pub fn read(
    connection: &mut dyn Connection,
    tip: Option<ObjectId>,
) -> transport::Result<BTreeSet<String>> {
    let Some(tip) = tip else {
        return Ok(BTreeSet::new());
    };
    let Some(entries) = connection.list_folder(tip, FOLDER)? else {
        return Ok(BTreeSet::new());
    };
    let Some(entry) = entries
        .iter()
        .find(|e| e.name == NAME && e.kind != EntryKind::Tree)
    else {
        return Ok(BTreeSet::new());
    };
    let bytes = connection.read_blob(tip, PATH, entry.id)?;
    Ok(String::from_utf8_lossy(&bytes)
        .lines()
        .map(str::trim)
        .filter(|l| l.len() == 64 && l.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_ascii_lowercase)
        .collect())
}

/// Whether the list names the session (or its parent session) a session file belongs to.
pub fn refuses(listed: &BTreeSet<String>, path: &str) -> bool {
    if listed.is_empty() {
        return false;
    }
    let Some(session) = session_of_path(path) else {
        return false;
    };
    let parent = session.split('/').next().unwrap_or(&session);
    listed.contains(&digest(&session)) || listed.contains(&digest(parent))
}

/// The remote's list with the store's forgotten ids added, when that adds any.
pub fn merged(listed: &BTreeSet<String>, local: &Forgotten) -> Option<Vec<u8>> {
    let mut all = listed.clone();
    for id in &local.ids {
        all.insert(digest(id));
    }
    if all.len() == listed.len() {
        return None;
    }
    Some(
        all.iter()
            .flat_map(|d| format!("{d}\n").into_bytes())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_session_is_refused_with_its_subagents_and_nothing_else() {
        let listed: BTreeSet<String> = [digest("0b6f")].into_iter().collect();
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
        let file = merged(&BTreeSet::new(), &local).unwrap();
        let text = String::from_utf8(file).unwrap();
        assert_eq!(text, format!("{}\n", digest("0b6f")));
        assert!(!text.contains("0b6f\n"));
        let listed: BTreeSet<String> = [digest("0b6f")].into_iter().collect();
        assert_eq!(merged(&listed, &local), None);
    }
}
