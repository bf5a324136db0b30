//! `traces forget` as an operation: remember the ids (so no later commit brings them back) and
//! take their session files off every rendering branch in a new commit. The next push of each
//! remote carries the removal. This module does not print.

use crate::formats::Rendering;
use crate::store::{self, BranchRemoval, RemovalResult, Signature, Store};

use super::exclusions::{self, Forgotten};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Exclusions(#[from] exclusions::Error),
    #[error(transparent)]
    Store(#[from] store::Error),
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
