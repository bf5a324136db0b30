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
    /// Where that push went (as `resolved`): the dataset the pushed history was sent to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pushed_to: Option<String>,
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
    /// The target (as `resolved`) whose server asked for `not_before`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_before_for: Option<String>,
    /// How many sessions and files the remote held then (what the push learned from the
    /// remote's last commit; unknown when something other than `traces` wrote it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_sessions: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_files: Option<usize>,
}

impl PushState {
    /// When `not_before` is after `now` (unix seconds): that time, in unix seconds. `target`
    /// is where the remote leads now, when that is known: a wait another server asked for
    /// (the remote was pointed elsewhere since) does not hold.
    pub fn waiting_until(&self, now: i64, target: Option<&str>) -> Option<i64> {
        if let (Some(asked_by), Some(target)) = (self.not_before_for.as_deref(), target)
            && asked_by != target
        {
            return None;
        }
        let until = chrono::DateTime::parse_from_rfc3339(self.not_before.as_deref()?)
            .ok()?
            .timestamp();
        (until > now).then_some(until)
    }

    /// The dataset the remote's pushed history went to, as far as the state tells.
    pub fn pushed_target(&self) -> Option<&str> {
        self.pushed_to.as_deref().or(self.resolved.as_deref())
    }

    /// The local commit a push to `target` plans from: `pushed_source`, unless what was pushed
    /// went to another repository (`remote set-url`, another `org_repo` or user), which makes
    /// `target` a remote planned from nothing.
    pub fn planning_base(
        &self,
        pushed_source: Option<ObjectId>,
        target: Option<&str>,
    ) -> Option<ObjectId> {
        match (self.pushed_target(), target) {
            (Some(pushed_to), Some(target)) if pushed_to != target => None,
            _ => pushed_source,
        }
    }
}

/// What a purge left for one remote to do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingPurge {
    /// Session files purged from the store's history that the remote may still hold.
    pub paths: Vec<String>,
    /// RFC 3339 time of the purge.
    pub since: String,
    /// The dataset (as `resolved`) that was sent them: a remote pointed at another one since
    /// never squashes that one for this purge. Unknown in state written before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

impl PendingPurge {
    /// Whether this purge is for another dataset than `target`, where the remote leads now.
    pub fn is_for_another(&self, target: &str) -> bool {
        self.target.as_deref().is_some_and(|t| t != target)
    }
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

/// Record that this remote must carry out a purge of `paths` on `target`, the dataset that
/// was sent them (`None`: the purge only adds to one still pending). One pending for the
/// same dataset, or for an unknown one, is joined; one pending for a dataset the remote no
/// longer leads to is replaced, and returned so the caller can say so.
pub fn request_purge(
    store: &Store,
    name: &str,
    paths: &[String],
    now: &str,
    target: Option<&str>,
) -> store::Result<Option<PendingPurge>> {
    let mut state = load(store, name);
    let mut replaced = None;
    if let (Some(pending), Some(target)) = (&state.purge, target)
        && pending.is_for_another(target)
    {
        replaced = state.purge.take();
    }
    let pending = state.purge.get_or_insert_with(|| PendingPurge {
        paths: Vec::new(),
        since: now.to_string(),
        target: None,
    });
    if pending.target.is_none() {
        pending.target = target.map(str::to_string);
    }
    pending.paths.extend(paths.iter().cloned());
    pending.paths.sort();
    pending.paths.dedup();
    save(store, name, &state)?;
    Ok(replaced)
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

/// Record a push to `target` the server accepted: both refs move from `old` to the new
/// values, or neither.
pub fn record_pushed(
    store: &Store,
    name: &str,
    old: &RemoteRefs,
    (remote_tip, target): (ObjectId, &str),
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
    state.pushed_to = Some(target.to_string());
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
        request_purge(&store, "r", &["sessions/d/a.jsonl".into()], "t1", None).unwrap();
        let planned = load(&store, "r").purge.unwrap();
        // A second purge while the push of the first was under way.
        request_purge(&store, "r", &["sessions/d/b.jsonl".into()], "t2", None).unwrap();
        clear_purge(&store, "r", &planned.paths).unwrap();
        let left = load(&store, "r").purge.unwrap();
        assert_eq!(left.paths, ["sessions/d/b.jsonl"]);
        clear_purge(&store, "r", &left.paths).unwrap();
        assert_eq!(load(&store, "r").purge, None);
    }

    #[test]
    fn a_purge_belongs_to_the_dataset_that_was_sent_the_files() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open_or_init(&dir.path().join("store"), |_| Ok(())).unwrap();
        let a = vec!["sessions/d/a.jsonl".to_string()];
        let b = vec!["sessions/d/b.jsonl".to_string()];
        assert_eq!(
            request_purge(&store, "r", &a, "t1", Some("old")).unwrap(),
            None
        );
        // Only marked already (its history not rewritten): joins, whatever the remote is now.
        assert_eq!(request_purge(&store, "r", &b, "t2", None).unwrap(), None);
        let pending = load(&store, "r").purge.unwrap();
        assert_eq!(
            (pending.target.as_deref(), pending.paths.len()),
            (Some("old"), 2)
        );
        assert!(pending.is_for_another("new") && !pending.is_for_another("old"));
        // Sent to another dataset since: the old one's purge is handed back, not mixed in.
        let replaced = request_purge(&store, "r", &b, "t3", Some("new")).unwrap();
        assert_eq!(replaced, Some(pending));
        let pending = load(&store, "r").purge.unwrap();
        assert_eq!(pending.target.as_deref(), Some("new"));
        assert_eq!((pending.paths, pending.since), (b, "t3".to_string()));
    }

    #[test]
    fn a_wait_asked_for_by_another_target_does_not_hold() {
        let state = PushState {
            not_before: Some("2025-06-02T11:00:00Z".into()),
            not_before_for: Some("datasets/alice/old".into()),
            ..PushState::default()
        };
        let now = 1_748_858_400; // 2025-06-02T10:00:00Z
        assert_eq!(
            state.waiting_until(now, Some("datasets/alice/old")),
            Some(now + 3600)
        );
        assert_eq!(state.waiting_until(now, None), Some(now + 3600));
        assert_eq!(state.waiting_until(now, Some("datasets/alice/new")), None);
        assert_eq!(state.waiting_until(now + 3600, None), None);
    }
}
