//! `traces forget` as an operation: remember the ids (so no later commit brings them back) and
//! take their session files off every rendering branch in a new commit. The next push of each
//! remote carries the removal. This module does not print.

use crate::formats::Rendering;
use crate::remote::{self, state};
use crate::store::{self, BranchRemoval, PurgeSummary, RemovalResult, Signature, Store};

use super::exclusions::{self, Forgotten};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Exclusions(#[from] exclusions::Error),
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error(transparent)]
    Remote(#[from] remote::Error),
}

/// What forgetting did.
#[derive(Debug)]
pub struct Forgot {
    /// Ids newly remembered (the others were forgotten already).
    pub remembered: Vec<String>,
    /// Per rendering branch: the session files taken off it, and the new commit.
    pub branches: Vec<RemovalResult>,
}

/// Forget `ids`: remember them first (a commit running meanwhile then leaves them out), then
/// remove their files, subagent transcripts included, from every rendering branch.
pub fn forget(store: &Store, ids: &[String], signature: &Signature) -> Result<Forgot, Error> {
    for id in ids {
        exclusions::check_id(id)?;
    }
    let mut forgotten = Forgotten::load(store)?;
    let remembered: Vec<String> = ids
        .iter()
        .filter(|id| forgotten.ids.insert((*id).clone()))
        .cloned()
        .collect();
    if !remembered.is_empty() {
        forgotten.save(store)?;
    }
    let asked = Forgotten {
        ids: ids.iter().cloned().collect(),
    };
    let mut removals = Vec::new();
    for rendering in Rendering::ALL {
        let branch = rendering.branch();
        let paths = store
            .sessions(branch)?
            .into_iter()
            .filter(|s| asked.contains(&s.session_id))
            .map(|s| s.path())
            .collect();
        removals.push(BranchRemoval {
            branch: branch.to_string(),
            paths,
        });
    }
    let message = forget_message(ids);
    let branches = store.remove_paths(&removals, signature, &message)?;
    Ok(Forgot {
        remembered,
        branches,
    })
}

/// Let forgotten ids back in; returns those that were forgotten. Their sessions come back with
/// the next commit of their source files.
pub fn undo(store: &Store, ids: &[String]) -> Result<Vec<String>, Error> {
    let mut forgotten = Forgotten::load(store)?;
    let restored: Vec<String> = ids
        .iter()
        .filter(|id| forgotten.ids.remove(id.as_str()))
        .cloned()
        .collect();
    if !restored.is_empty() {
        forgotten.save(store)?;
    }
    Ok(restored)
}

fn forget_message(ids: &[String]) -> String {
    let title = match ids.len() {
        1 => "Forget 1 session".to_string(),
        n => format!("Forget {n} sessions"),
    };
    // The ids stay out of the message: a purge must leave nothing of them behind.
    format!("{title}\n")
}

/// The session (or subagent transcript, `SESSION/agent-X`) a session file path belongs to:
/// `sessions/<date>/<id>.jsonl` or `sessions/<date>/<id>/subagents/<agent>.jsonl`.
pub fn session_of_path(path: &str) -> Option<String> {
    let rest = path.strip_prefix("sessions/")?;
    let parts: Vec<&str> = rest.split('/').collect();
    match parts.as_slice() {
        [_date, file] => file.strip_suffix(".jsonl").map(str::to_string),
        [_date, session, "subagents", file] => file
            .strip_suffix(".jsonl")
            .map(|agent| format!("{session}/{agent}")),
        _ => None,
    }
}

/// Whether a path in a commit is a file of one of `ids` (subagent transcripts included).
fn purged_path(ids: &Forgotten, path: &str) -> bool {
    session_of_path(path).is_some_and(|session| ids.contains(&session))
}

/// What `purge` would rewrite in the store's history, and which remotes it would squash.
pub fn purge_preview(store: &Store, ids: &[String]) -> Result<(PurgeSummary, Vec<String>), Error> {
    for id in ids {
        exclusions::check_id(id)?;
    }
    let asked = Forgotten {
        ids: ids.iter().cloned().collect(),
    };
    let summary = store.purge_preview(&|path| purged_path(&asked, path))?;
    let remotes = remotes_to_squash(store, &remote::list(store)?, &summary);
    Ok((summary, remotes))
}

/// What a purge did.
#[derive(Debug)]
pub struct Purged {
    pub forgot: Forgot,
    pub summary: PurgeSummary,
    /// Remotes whose next push removes the files and squashes their history.
    pub remotes: Vec<String>,
    /// Purges left pending on a dataset a remote no longer leads to, replaced by this one
    /// for the dataset it leads to now: that dataset keeps their files in its history.
    pub replaced: Vec<(String, state::PendingPurge)>,
    /// Input cache entries of the purged sessions dropped.
    pub cache_entries: usize,
}

/// Forget `ids` (see [`forget`]), then take them out of the store's history: every ref is
/// rewritten without their files and what only the old history held is removed. Each remote
/// that was sent them (its pushed-source history held them) is marked to remove them and
/// squash its history on its next push, before any ref moves, so the push state never claims
/// a remote is clean that is not. Holds every remote's push lock throughout: a push under way
/// would otherwise send a session the purge does not know the remote got, and record a
/// pushed commit the purge deleted.
pub fn purge(
    store: &Store,
    ids: &[String],
    signature: &Signature,
    now: &str,
) -> Result<Purged, Error> {
    let defs = remote::list(store)?;
    let _pushes = lock_pushes(store, &defs)?;
    let forgot = forget(store, ids, signature)?;
    let asked = Forgotten {
        ids: ids.iter().cloned().collect(),
    };
    let mut remotes = Vec::new();
    let mut replaced = Vec::new();
    let summary = store.purge(&|path| purged_path(&asked, path), |summary| {
        remotes = remotes_to_squash(store, &defs, summary);
        let paths: Vec<String> = summary.paths.iter().cloned().collect();
        for def in defs.iter().filter(|def| remotes.contains(&def.name)) {
            // The dataset that was sent them; a remote only marked already just adds them.
            let push_state = state::load(store, &def.name);
            let target = was_sent(def, summary)
                .then(|| push_state.pushed_target())
                .flatten();
            if let Some(old) = state::request_purge(store, &def.name, &paths, now, target)? {
                replaced.push((def.name.clone(), old));
            }
        }
        Ok(())
    })?;
    let cache_entries = super::cache::remove_entries(&store.path().join("traces"), |session| {
        asked.contains(session)
    });
    Ok(Purged {
        forgot,
        summary,
        remotes,
        replaced,
        cache_entries,
    })
}

/// The push lock of every remote, taken in name order; a push holds only its own, so a purge
/// and pushes never wait on each other in a circle. Each wait is bounded and told like the
/// store's writer lock.
fn lock_pushes(store: &Store, defs: &[remote::RemoteDef]) -> Result<Vec<store::FileLock>, Error> {
    let mut names: Vec<&str> = defs.iter().map(|def| def.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .map(|name| store.push_lock(name).map_err(Error::from))
        .collect()
}

/// The remotes whose pushed-source history the purge rewrites (they were sent the files),
/// and those with a purge still pending.
fn remotes_to_squash(
    store: &Store,
    defs: &[remote::RemoteDef],
    summary: &PurgeSummary,
) -> Vec<String> {
    defs.iter()
        .filter(|def| was_sent(def, summary) || state::load(store, &def.name).purge.is_some())
        .map(|def| def.name.clone())
        .collect()
}

/// Whether the remote's pushed-source history is among what the purge rewrites.
fn was_sent(def: &remote::RemoteDef, summary: &PurgeSummary) -> bool {
    let pushed = state::source_ref(&def.name);
    let legacy = state::tip_ref(&def.name);
    summary
        .refs
        .iter()
        .any(|(name, _)| *name == pushed || *name == legacy)
}

#[cfg(test)]
mod tests {
    use super::session_of_path;

    #[test]
    fn session_files_name_their_session() {
        assert_eq!(
            session_of_path("sessions/2026-01-02/0b6f.jsonl").as_deref(),
            Some("0b6f")
        );
        assert_eq!(
            session_of_path("sessions/2026-01-02/0b6f/subagents/agent-a1.jsonl").as_deref(),
            Some("0b6f/agent-a1")
        );
        assert_eq!(session_of_path("README.md"), None);
        assert_eq!(session_of_path("sessions/2026-01-02/0b6f/notes.txt"), None);
    }
}
