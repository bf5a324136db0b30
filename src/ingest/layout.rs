//! Which date folder a Claude Code transcript goes in. A session's files stay together, as
//! Claude Code keeps them: a subagent's transcript sits beside its parent's
//! (`sessions/<date>/<sessionId>/subagents/`), and nothing moves once committed.
//!
//! In order, a transcript of session S goes where:
//! 1. the store already holds a file of S (the same transcript first, else any of S's): a
//!    session never moves, and its parent arriving later joins its subagents;
//! 2. S's main transcript goes in this run (a subagent follows its parent's first timestamp);
//! 3. S's main transcript is on disk where Claude Code puts it (`<project>/<S>.jsonl`, beside
//!    the `<S>/` directory or, in the older flat layout, beside the `agent-*.jsonl`): its first
//!    timestamp;
//! 4. else its own first timestamp; the other subagents of S in the same run (walk order)
//!    then follow it, as they would had it been committed alone first.

use std::collections::HashMap;
use std::io::BufRead as _;
use std::path::{Path, PathBuf};

use super::Accepted;
use crate::formats::{self, InputKind, Rendering, transcript};
use crate::store::{self, Store};

/// How far into a parent's file its first timestamp is looked for.
const PARENT_LINES: usize = 64;

pub(super) fn place(store: &Store, accepted: &mut [Accepted]) -> Result<(), store::Error> {
    let fresh = |s: &Accepted| s.kind == InputKind::ClaudeCode && !s.from_cache;
    if !accepted.iter().any(fresh) {
        // Cached answers were placed when they were first committed.
        return Ok(());
    }
    let committed = Committed::read(store)?;
    // Main transcripts first, so their subagents can follow them.
    let mut order: Vec<usize> = (0..accepted.len())
        .filter(|&i| fresh(&accepted[i]))
        .collect();
    order.sort_by_key(|&i| transcript::split_name(&accepted[i].session_id).1.is_some());
    // The date folder of each session placed so far in this run.
    let mut placed: HashMap<String, String> = HashMap::new();
    for cached in accepted.iter().filter(|s| !fresh(s)) {
        let (session_id, agent) = transcript::split_name(&cached.session_id);
        if agent.is_none() || !placed.contains_key(session_id) {
            placed.insert(session_id.to_string(), cached.date.clone());
        }
    }
    for index in order {
        let session = &mut accepted[index];
        let (session_id, agent) = transcript::split_name(&session.session_id);
        let is_subagent = agent.is_some();
        let date = committed
            .date_of(&session.session_id, session_id)
            .or_else(|| placed.get(session_id).cloned())
            .or_else(|| {
                is_subagent
                    .then(|| parent_on_disk(&session.source, session_id))
                    .flatten()
                    .and_then(|path| first_date(&path))
            });
        if let Some(date) = date {
            session.date = date;
        }
        // Whatever decided it, the session's next files follow.
        placed
            .entry(session_id.to_string())
            .or_insert_with(|| session.date.clone());
    }
    Ok(())
}

/// The date folders the store's Claude Code branch already uses, per transcript and per
/// session.
struct Committed {
    by_name: HashMap<String, String>,
    by_session: HashMap<String, String>,
}

impl Committed {
    fn read(store: &Store) -> Result<Committed, store::Error> {
        let mut by_name = HashMap::new();
        let mut by_session = HashMap::new();
        for entry in store.sessions(Rendering::ClaudeCode.branch())? {
            let (session_id, _) = transcript::split_name(&entry.session_id);
            by_session
                .entry(session_id.to_string())
                .or_insert_with(|| entry.date.clone());
            by_name.insert(entry.session_id.clone(), entry.date);
        }
        Ok(Committed {
            by_name,
            by_session,
        })
    }

    fn date_of(&self, name: &str, session_id: &str) -> Option<String> {
        self.by_name
            .get(name)
            .or_else(|| self.by_session.get(session_id))
            .cloned()
    }
}

/// Where Claude Code keeps the main transcript of the session a subagent's file belongs to.
fn parent_on_disk(subagent: &Path, session_id: &str) -> Option<PathBuf> {
    let file = format!("{session_id}.jsonl");
    let session_dir = subagent
        .ancestors()
        .skip(1)
        .find(|dir| dir.file_name().is_some_and(|n| n == "subagents"))
        .and_then(Path::parent);
    let candidate = match session_dir {
        Some(dir) => dir.parent()?.join(file),
        None => subagent.parent()?.join(file),
    };
    candidate.is_file().then_some(candidate)
}

/// The date of the first timestamp among a transcript's first lines. A date is checked to
/// be `YYYY-MM-DD` before it names a folder.
fn first_date(path: &Path) -> Option<String> {
    let file = std::fs::File::open(path).ok()?;
    let lines = std::io::BufReader::new(file).lines().take(PARENT_LINES);
    for line in lines {
        let line = line.ok()?;
        let Ok(serde_json::Value::Object(map)) = serde_json::from_str(&line) else {
            continue;
        };
        if let Some(date) = map
            .get("timestamp")
            .and_then(|t| t.as_str())
            .and_then(formats::date_of)
        {
            return Some(date);
        }
    }
    None
}
