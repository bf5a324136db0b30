//! What a push sends: one new commit on top of the remote's tip holding the remote's tree plus
//! the files that changed locally since the last successful push.
//!
//! The remote branch is its own line of history (a Hub repository starts with its own
//! `.gitattributes` commit, and other machines push to it too), so a push never needs the
//! remote tip to be an ancestor of ours: it replays our changed files onto it. Files we do not
//! manage are kept. A file changed on both sides keeps the newer version (the later last
//! timestamp, on a tie the longer file); `.gitattributes` is merged line by line; a dataset card
//! someone else wrote is left alone.

use gix::ObjectId;
use gix::bstr::BString;
use gix::objs::tree::EntryKind;

use crate::formats;
use crate::store::{self, Signature, Store};

/// Files above this size go through Git LFS on remotes that need it (the Hub rejects larger
/// plain files).
pub const LFS_THRESHOLD: u64 = 10 * 1024 * 1024;

/// A file to upload through the Git LFS batch API before the pack; the tree carries its pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LfsObject {
    /// SHA-256 of the content, hex.
    pub oid: String,
    pub size: u64,
    /// The blob holding the content in the store.
    pub blob: ObjectId,
}

impl LfsObject {
    pub fn pointer(&self) -> String {
        format!(
            "version https://git-lfs.github.com/spec/v1\noid sha256:{}\nsize {}\n",
            self.oid, self.size
        )
    }
}

/// The result of planning a push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The local commit whose content this push carries.
    pub source: ObjectId,
    /// The commit to send, `None` when the remote already has everything.
    pub commit: Option<ObjectId>,
    /// Session files this push adds or updates on the remote.
    pub sessions: usize,
    /// Their paths, sorted.
    pub sent: Vec<String>,
    /// Session files taken off the branch since the last push (`traces forget`) that this
    /// push removes from the remote, sorted.
    pub removed: Vec<String>,
    /// Objects the remote lacks: the commit, and the trees and blobs it introduces.
    pub objects: Vec<ObjectId>,
    /// Large files to upload through LFS first.
    pub lfs: Vec<LfsObject>,
    /// For objects replacing a version the remote has at the same path: that version, a
    /// delta base.
    pub bases: std::collections::HashMap<ObjectId, ObjectId>,
}

/// Session files changed or removed on `branch` since `pushed_source` (the local commit of
/// the last successful push): what `traces status` calls not yet pushed.
pub fn unpushed_sessions(
    store: &Store,
    branch: &str,
    pushed_source: Option<ObjectId>,
) -> store::Result<usize> {
    let Some(local) = store.tip(branch)? else {
        return Ok(0);
    };
    if pushed_source == Some(local) {
        return Ok(0);
    }
    let old = pushed_source.map(|p| store.commit_tree(p)).transpose()?;
    let new = store.commit_tree(local)?;
    let changed = store
        .changed_paths(old, new)?
        .iter()
        .filter(|c| !c.is_tree && is_session(&c.path))
        .count();
    // Forgotten since: their removal is what the next push carries.
    let removed = match old {
        Some(old) => {
            let new_tree = store
                .repo()
                .find_tree(new)
                .map_err(store.git_error("read the local tree"))?;
            let mut removed = 0;
            for gone in store.changed_paths(Some(new), old)? {
                if !gone.is_tree
                    && is_session(&gone.path)
                    && new_tree
                        .lookup_entry_by_path(&gone.path)
                        .map_err(store.git_error("look up a local file"))?
                        .is_none()
                {
                    removed += 1;
                }
            }
            removed
        }
        None => 0,
    };
    Ok(changed + removed)
}

fn is_session(path: &str) -> bool {
    path.starts_with("sessions/") && path.ends_with(".jsonl")
}

/// Plan a push of `branch` onto `remote_tip` (whose objects must be in the store).
/// Files larger than `lfs_threshold` (when given) are replaced by LFS pointers.
/// Returns `None` when the branch has no commit yet.
pub fn plan(
    store: &Store,
    branch: &str,
    pushed_source: Option<ObjectId>,
    remote_tip: Option<ObjectId>,
    signature: &Signature,
    lfs_threshold: Option<u64>,
    routed: &dyn Fn(&str) -> bool,
) -> store::Result<Option<Plan>> {
    let Some(local) = store.tip(branch)? else {
        return Ok(None);
    };
    let base_tree = pushed_source.map(|p| store.commit_tree(p)).transpose()?;
    let local_tree = store.commit_tree(local)?;
    let changed: Vec<_> = store
        .changed_paths(base_tree, local_tree)?
        .into_iter()
        .filter(|c| !c.is_tree)
        .collect();
    let remote_tree = remote_tip.map(|r| store.commit_tree(r)).transpose()?;
    let empty = ObjectId::empty_tree(store.repo().object_hash());
    let repo = store.repo();
    let git = |what: &str| store.git_error(what.to_string());

    let remote = repo
        .find_tree(remote_tree.unwrap_or(empty))
        .map_err(git("read the remote tree"))?;
    let base = base_tree
        .map(|t| repo.find_tree(t))
        .transpose()
        .map_err(git("read the last pushed tree"))?;
    let mut editor = remote.edit().map_err(git("edit the remote tree"))?;
    let (mut new_sessions, mut updated_sessions) = (0, 0);
    let mut lfs = Vec::new();
    let mut sent = Vec::new();
    let mut attributes: Option<ObjectId> = None;
    for change in &changed {
        let path = change.path.as_str();
        if is_session(path) && !routed(path) {
            continue;
        }
        let theirs = remote
            .lookup_entry_by_path(path)
            .map_err(git("look up a remote file"))?
            .map(|e| e.object_id());
        let before = match &base {
            Some(tree) => tree
                .lookup_entry_by_path(path)
                .map_err(git("look up a pushed file"))?
                .map(|e| e.object_id()),
            None => None,
        };
        let chosen = match theirs {
            None => Some(change.id),
            Some(t) if t == change.id => None,
            // The remote still has what we pushed last: ours is the next version.
            Some(t) if Some(t) == before => Some(change.id),
            // Changed on both sides.
            Some(t) => resolve_conflict(store, path, change.id, t)?,
        };
        if let Some(mut id) = chosen {
            if path == ".gitattributes" {
                // Placed last, once the LFS lines it needs are known.
                attributes = Some(id);
                continue;
            }
            let size = repo
                .find_header(id)
                .map_err(git("read a file's size"))?
                .size();
            if lfs_threshold.is_some_and(|limit| size > limit) {
                let object = lfs_object(store, id, size)?;
                id = store.blob_writer().write(object.pointer().as_bytes())?;
                lfs.push((path.to_string(), object));
            }
            editor
                .upsert(path, EntryKind::Blob, id)
                .map_err(git("place a file in the remote tree"))?;
            if is_session(path) {
                sent.push(path.to_string());
                if theirs.is_none() {
                    new_sessions += 1;
                } else {
                    updated_sessions += 1;
                }
            }
        }
    }
    sent.sort();
    let removed = carry_removals(store, base_tree, local_tree, &remote, &mut editor)?;
    if !lfs.is_empty() || attributes.is_some() {
        let current = match attributes {
            Some(id) => store.read_blob(id)?,
            None => match remote
                .lookup_entry_by_path(".gitattributes")
                .map_err(git("look up .gitattributes"))?
            {
                Some(entry) => store.read_blob(entry.object_id())?,
                None => Vec::new(),
            },
        };
        let lines: String = lfs
            .iter()
            .map(|(path, _)| format!("{path} filter=lfs diff=lfs merge=lfs -text\n"))
            .collect();
        let merged = merge_lines(&current, lines.as_bytes());
        let id = store.blob_writer().write(&merged)?;
        editor
            .upsert(".gitattributes", EntryKind::Blob, id)
            .map_err(git("place .gitattributes"))?;
    }
    let lfs: Vec<LfsObject> = lfs.into_iter().map(|(_, object)| object).collect();
    let new_tree = editor.write().map_err(git("write the new tree"))?.detach();
    if Some(new_tree) == remote_tree || (remote_tree.is_none() && new_tree == empty) {
        return Ok(Some(Plan {
            source: local,
            commit: None,
            sessions: 0,
            sent: Vec::new(),
            removed: Vec::new(),
            objects: Vec::new(),
            lfs: Vec::new(),
            bases: Default::default(),
        }));
    }
    let mut title = formats::commit_title(new_sessions, updated_sessions);
    if !removed.is_empty() {
        let n = removed.len();
        title = match new_sessions + updated_sessions {
            0 => format!("Remove {n} session{}", if n == 1 { "" } else { "s" }),
            _ => format!("{title}, remove {n}"),
        };
    }
    let message = format!("{title}\n\nTraces-Source: {local}\n");
    let commit = gix::objs::Commit {
        tree: new_tree,
        parents: remote_tip.into_iter().collect(),
        author: signature.to_gix(),
        committer: signature.to_gix(),
        encoding: None,
        message: BString::from(message),
        extra_headers: Vec::new(),
    };
    let commit_id = repo
        .write_object(&commit)
        .map_err(git("write the push commit"))?
        .detach();
    // The root tree differs from the remote's (checked above); below it, what changed.
    let mut objects = vec![commit_id, new_tree];
    let mut bases = std::collections::HashMap::new();
    if let Some(remote_tree) = remote_tree {
        bases.insert(new_tree, remote_tree);
    }
    for change in store.changed_paths(remote_tree, new_tree)? {
        let before = remote
            .lookup_entry_by_path(&change.path)
            .map_err(git("look up a delta base"))?;
        if let Some(before) = before
            && before.mode().is_tree() == change.is_tree
        {
            bases.insert(change.id, before.object_id());
        }
        objects.push(change.id);
    }
    objects.sort();
    objects.dedup();
    Ok(Some(Plan {
        source: local,
        commit: Some(commit_id),
        sessions: new_sessions + updated_sessions,
        sent,
        removed,
        objects,
        lfs,
        bases,
    }))
}

/// Session files the last pushed tree had and the local tree no longer has (forgotten) are
/// removed from the remote tree too, whatever version it holds: the user took them back.
/// Returns their paths, sorted.
fn carry_removals(
    store: &Store,
    base_tree: Option<ObjectId>,
    local_tree: ObjectId,
    remote: &gix::Tree<'_>,
    editor: &mut gix::object::tree::Editor<'_>,
) -> store::Result<Vec<String>> {
    let Some(base_tree) = base_tree else {
        return Ok(Vec::new());
    };
    let git = |what: &str| store.git_error(what.to_string());
    let local = store
        .repo()
        .find_tree(local_tree)
        .map_err(git("read the local tree"))?;
    let mut removed = Vec::new();
    // The reverse diff: entries of the pushed tree that the local tree lacks or changed.
    for gone in store.changed_paths(Some(local_tree), base_tree)? {
        if gone.is_tree || !is_session(&gone.path) {
            continue;
        }
        let still_local = local
            .lookup_entry_by_path(&gone.path)
            .map_err(git("look up a local file"))?
            .is_some();
        let on_remote = remote
            .lookup_entry_by_path(&gone.path)
            .map_err(git("look up a remote file"))?
            .is_some();
        if !still_local && on_remote {
            editor
                .remove(gone.path.as_str())
                .map_err(git("remove a file from the remote tree"))?;
            removed.push(gone.path);
        }
    }
    removed.sort();
    Ok(removed)
}

fn lfs_object(store: &Store, blob: ObjectId, size: u64) -> store::Result<LfsObject> {
    use sha2::{Digest, Sha256};
    let data = store.read_blob(blob)?;
    let oid = format!("{:x}", Sha256::digest(&data));
    Ok(LfsObject { oid, size, blob })
}

/// Which version of a file changed on both sides survives; `None` keeps the remote's.
fn resolve_conflict(
    store: &Store,
    path: &str,
    ours: ObjectId,
    theirs: ObjectId,
) -> store::Result<Option<ObjectId>> {
    if path == ".gitattributes" {
        let theirs_text = store.read_blob(theirs)?;
        let ours_text = store.read_blob(ours)?;
        let merged = merge_lines(&theirs_text, &ours_text);
        if merged == theirs_text {
            return Ok(None);
        }
        return store.blob_writer().write(&merged).map(Some);
    }
    if !is_session(path) {
        // A dataset card or other file someone edited on the remote: theirs stays.
        return Ok(None);
    }
    let ours_text = store.read_blob(ours)?;
    let theirs_text = store.read_blob(theirs)?;
    let (ours_time, theirs_time) = (last_timestamp(&ours_text), last_timestamp(&theirs_text));
    let ours_wins = match ours_time.cmp(&theirs_time) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => ours_text.len() > theirs_text.len(),
    };
    Ok(ours_wins.then_some(ours))
}

/// Lines of `theirs`, then the lines of `ours` it lacks.
fn merge_lines(theirs: &[u8], ours: &[u8]) -> Vec<u8> {
    let mut merged = theirs.to_vec();
    if !merged.is_empty() && !merged.ends_with(b"\n") {
        merged.push(b'\n');
    }
    let have: Vec<&[u8]> = theirs.split(|&b| b == b'\n').collect();
    for line in ours.split(|&b| b == b'\n') {
        if !line.is_empty() && !have.contains(&line) {
            merged.extend_from_slice(line);
            merged.push(b'\n');
        }
    }
    merged
}

/// The latest `timestamp` (Claude Code lines) or `session_end_time` (rows) in a session file,
/// as a UTC instant; `None` when there is none.
fn last_timestamp(text: &[u8]) -> Option<chrono::DateTime<chrono::Utc>> {
    let text = std::str::from_utf8(text).ok()?;
    text.lines()
        .rev()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find_map(|value| {
            ["timestamp", "session_end_time"]
                .iter()
                .find_map(|key| value.get(key)?.as_str())
                .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        })
        .map(|t| t.with_timezone(&chrono::Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gitattributes_merge_keeps_theirs_and_adds_ours() {
        let merged = merge_lines(
            b"*.bin filter=lfs\n*.zip filter=lfs",
            b"sessions/**/*.jsonl -text\n*.bin filter=lfs\n",
        );
        assert_eq!(
            merged,
            b"*.bin filter=lfs\n*.zip filter=lfs\nsessions/**/*.jsonl -text\n"
        );
    }

    #[test]
    fn last_timestamp_compares_instants_not_text() {
        let a = br#"{"timestamp":"2025-06-01T10:00:00+02:00"}"#;
        let b = br#"{"timestamp":"2025-06-01T09:30:00+00:00"}"#;
        assert!(last_timestamp(a) < last_timestamp(b));
    }
}
