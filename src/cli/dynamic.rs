//! Dynamic completion (`COMPLETE=<shell> traces`): values read from the store named by the
//! environment (`TRACES_HOME` or the default; the completer does not see `--store`). Anything
//! that goes wrong completes nothing.

use std::ffi::OsStr;

use clap_complete::engine::{ArgValueCompleter, CompletionCandidate};

use crate::env::Env;
use crate::store::Store;

fn store() -> Option<Store> {
    Store::open(&Env::from_process().default_store()?).ok()
}

fn matching(
    current: &OsStr,
    values: impl IntoIterator<Item = (String, String)>,
) -> Vec<CompletionCandidate> {
    let prefix = current.to_string_lossy();
    values
        .into_iter()
        .filter(|(value, _)| value.starts_with(prefix.as_ref()))
        .map(|(value, help)| CompletionCandidate::new(value).help(Some(help.into())))
        .collect()
}

fn remote_names(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(remotes) = store().and_then(|store| crate::remote::list(&store).ok()) else {
        return Vec::new();
    };
    matching(
        current,
        remotes.into_iter().map(|r| {
            let about = format!("{} ({})", r.display_url(), r.format.as_str());
            (r.name, about)
        }),
    )
}

fn session_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(store) = store() else {
        return Vec::new();
    };
    let sessions = crate::formats::Rendering::ALL
        .iter()
        .filter_map(|r| store.sessions(r.branch()).ok())
        .flatten()
        .map(|s| (s.session_id, s.date));
    let mut sessions: Vec<_> = sessions.collect();
    sessions.sort();
    sessions.dedup_by(|a, b| a.0 == b.0);
    matching(current, sessions)
}

/// Completes the names of the store's remotes.
pub(super) fn remote() -> ArgValueCompleter {
    ArgValueCompleter::new(remote_names)
}

/// Completes the ids of committed sessions.
pub(super) fn session() -> ArgValueCompleter {
    ArgValueCompleter::new(session_ids)
}
