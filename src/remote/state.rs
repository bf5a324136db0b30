//! Per-remote push state.
//!
//! One ref per remote, moved compare-and-swap and only after the server said `ok`:
//! `refs/traces/pushed/<name>` (the local commit whose sessions that push carried). Beside it a
//! small JSON file, `traces/remotes/<name>.json`, replaced atomically, keeps the remote's tip as
//! we left it, the last attempt, the last success and the last error. The remote's tip is an id
//! there, not a ref: its commit is built on the remote's trees and never kept in the store (a
//! ref to it would point at objects the store does not hold). Nothing here touches another
//! remote's state.

use std::io::Write;
use std::path::PathBuf;

use gix::ObjectId;
use serde::{Deserialize, Serialize};

use crate::store::{self, RefUpdate, Store};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RemoteRefs {
    /// The remote branch's tip after our last successful push (or what we last fetched).
    pub remote_tip: Option<ObjectId>,
    /// The local commit whose content the last successful push carried.
    pub pushed_source: Option<ObjectId>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushState {
    /// RFC 3339 times.
    pub last_attempt: Option<String>,
    pub last_success: Option<String>,
    /// Why the last attempt failed; cleared by a success. Never holds a token.
    pub last_error: Option<String>,
    /// The repository the remote resolved to on the last attempt (dataset id, URL or path).
    pub resolved: Option<String>,
    /// The remote branch's tip after our last successful push, hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_tip: Option<String>,
    /// A `traces forget --purge` this remote has not carried out yet: the next push removes
    /// these files from its tip, then squashes its history. Cleared only once the remote said
    /// ok to both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purge: Option<PendingPurge>,
    /// RFC 3339: the server asked (Retry-After, longer than we wait out) not to be pushed to
    /// before then; `sync` and `watch` leave the remote alone until it. Cleared by the next
    /// attempt that ends otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_before: Option<String>,
    /// How many sessions and files the remote held then (what the push learned from the
    /// remote's last commit; unknown when something other than `traces` wrote it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_sessions: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_files: Option<usize>,
}

impl PushState {
    /// When `not_before` is after `now` (unix seconds): that time, in unix seconds.
    pub fn waiting_until(&self, now: i64) -> Option<i64> {
        let until = chrono::DateTime::parse_from_rfc3339(self.not_before.as_deref()?)
            .ok()?
            .timestamp();
        (until > now).then_some(until)
    }
}

/// What a purge left for one remote to do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingPurge {
    /// Session files purged from the store's history that the remote may still hold.
    pub paths: Vec<String>,
    /// RFC 3339 time of the purge.
    pub since: String,
}

/// The remote carried out the purge of `done`, the paths pending when its push was planned
/// (the server said ok to the squash): they leave the pending purge, which goes once none is
/// left. Paths a later purge added stay for the next push, which squashes again.
pub fn clear_purge(store: &Store, name: &str, done: &[String]) -> store::Result<()> {
    let mut state = load(store, name);
    let Some(pending) = state.purge.as_mut() else {
        return Ok(());
    };
    pending.paths.retain(|path| !done.contains(path));
    if pending.paths.is_empty() {
        state.purge = None;
    }
    save(store, name, &state)
}

/// Record that this remote must carry out a purge of `paths` (joining one still pending).
pub fn request_purge(store: &Store, name: &str, paths: &[String], now: &str) -> store::Result<()> {
    let mut state = load(store, name);
    let pending = state.purge.get_or_insert_with(|| PendingPurge {
        paths: Vec::new(),
        since: now.to_string(),
    });
    pending.paths.extend(paths.iter().cloned());
    pending.paths.sort();
    pending.paths.dedup();
    save(store, name, &state)
}

pub fn tip_ref(name: &str) -> String {
    format!("refs/remotes/{name}/main")
}

pub fn source_ref(name: &str) -> String {
    format!("refs/traces/pushed/{name}")
}

fn state_file(store: &Store, name: &str) -> PathBuf {
    store
        .path()
        .join("traces/remotes")
        .join(format!("{name}.json"))
}

pub fn refs(store: &Store, name: &str) -> store::Result<RemoteRefs> {
    let recorded = load(store, name)
        .remote_tip
        .and_then(|hex| ObjectId::from_hex(hex.as_bytes()).ok());
    Ok(RemoteRefs {
        // Stores written before the tip moved into the state file kept it as a ref.
        remote_tip: match recorded {
            Some(tip) => Some(tip),
            None => store.read_ref(&tip_ref(name))?,
        },
        pushed_source: store.read_ref(&source_ref(name))?,
    })
}

/// Remove the ref locks a push killed while recording left on this remote's refs; returns the
/// files removed. Only called holding the remote's push lock, under which nothing else writes
/// these refs, so a lock found then is debris.
pub fn remove_stale_ref_locks(store: &Store, name: &str) -> Vec<PathBuf> {
    [tip_ref(name), source_ref(name)]
        .iter()
        .map(|r| store.path().join(format!("{r}.lock")))
        .filter(|lock| std::fs::remove_file(lock).is_ok())
        .collect()
}

/// Record a push the server accepted: both refs move from `old` to the new values, or neither.
pub fn record_pushed(
    store: &Store,
    name: &str,
    old: &RemoteRefs,
    remote_tip: ObjectId,
    source: ObjectId,
) -> store::Result<()> {
    let mut updates = vec![RefUpdate {
        name: source_ref(name),
        expected: old.pushed_source,
        new: Some(source),
    }];
    if let Some(legacy) = store.read_ref(&tip_ref(name))? {
        updates.push(RefUpdate {
            name: tip_ref(name),
            expected: Some(legacy),
            new: None,
        });
    }
    store.update_refs(&updates, &format!("traces push {name}"))?;
    let mut state = load(store, name);
    state.remote_tip = Some(remote_tip.to_string());
    save(store, name, &state)
}

/// Record what the remote holds at the tip just recorded (`None`: not known).
pub fn record_counts(
    store: &Store,
    name: &str,
    counts: Option<(usize, usize)>,
) -> store::Result<()> {
    let mut state = load(store, name);
    state.remote_files = counts.map(|(files, _)| files);
    state.remote_sessions = counts.map(|(_, sessions)| sessions);
    save(store, name, &state)
}

pub fn load(store: &Store, name: &str) -> PushState {
    std::fs::read(state_file(store, name))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

pub fn save(store: &Store, name: &str, state: &PushState) -> store::Result<()> {
    let file = state_file(store, name);
    let io = |what, source| store::Error::Io {
        what,
        file: file.clone(),
        source,
    };
    let dir = file.parent().expect("state files live in a directory");
    std::fs::create_dir_all(dir).map_err(|e| io("create the directory of", e))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| io("write", e))?;
    let bytes = serde_json::to_vec_pretty(state).expect("serialising plain data");
    tmp.write_all(&bytes).map_err(|e| io("write", e))?;
    tmp.persist(&file).map_err(|e| io("replace", e.error))?;
    Ok(())
}

/// Drop a removed remote's refs and state file.
pub fn forget(store: &Store, name: &str) -> store::Result<()> {
    let current = refs(store, name)?;
    let mut updates = Vec::new();
    for (ref_name, value) in [
        (tip_ref(name), store.read_ref(&tip_ref(name))?),
        (source_ref(name), current.pushed_source),
    ] {
        if value.is_some() {
            updates.push(RefUpdate {
                name: ref_name,
                expected: value,
                new: None,
            });
        }
    }
    if !updates.is_empty() {
        store.update_refs(&updates, &format!("traces remote remove {name}"))?;
    }
    match std::fs::remove_file(state_file(store, name)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(store::Error::Io {
            what: "remove",
            file: state_file(store, name),
            source: e,
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clearing_a_purge_keeps_the_paths_a_later_purge_added() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open_or_init(&dir.path().join("store"), |_| Ok(())).unwrap();
        request_purge(&store, "r", &["sessions/d/a.jsonl".into()], "t1").unwrap();
        let planned = load(&store, "r").purge.unwrap();
        // A second purge while the push of the first was under way.
        request_purge(&store, "r", &["sessions/d/b.jsonl".into()], "t2").unwrap();
        clear_purge(&store, "r", &planned.paths).unwrap();
        let left = load(&store, "r").purge.unwrap();
        assert_eq!(left.paths, ["sessions/d/b.jsonl"]);
        clear_purge(&store, "r", &left.paths).unwrap();
        assert_eq!(load(&store, "r").purge, None);
    }
}
