//! Which transcript a Claude Code file is: Claude Code names each file after the
//! conversation that owns it, so the name (and for a subagent, its directory) decides, not the
//! `sessionId` on its lines (a subagent's lines carry its parent's).
//!
//! - `<sessionId>.jsonl`: a main session.
//! - `<sessionId>/subagents/agent-<agentId>.jsonl` (and deeper, e.g. workflow agents under
//!   `subagents/workflows/<id>/`): a subagent of that session.
//! - `agent-<agentId>.jsonl` beside the sessions (older Claude Code): a subagent whose parent
//!   is the `sessionId` on its lines.
//! - any other name: the file's own name if it is one of the file's session ids; else, for a
//!   file whose every message is a sidechain of one agent (a subagent's transcript renamed),
//!   that agent of the first `sessionId`; else the first `sessionId`; else (no line carries
//!   one, as in files other tools write) the file's name.
//!
//! A subagent's name is `<sessionId>/agent-<agentId>`: `/` never occurs in a session id (see
//! [`check_session_id`](super::check_session_id)), so the name says which kind it is.

use super::{InputError, check_session_id};

/// What the caller knows of an input file's place on disk; all optional, so content alone
/// still works (a file piped in, a test).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileHint {
    /// The file name without `.jsonl` / `.json`.
    pub stem: Option<String>,
    /// The name of the directory holding the nearest `subagents` directory above the file:
    /// the parent session's id in Claude Code's layout.
    pub subagents_of: Option<String>,
}

impl FileHint {
    /// The hint for a path as Claude Code lays out `~/.claude/projects/<project>/`.
    pub fn of_path(path: &std::path::Path) -> FileHint {
        let stem = path
            .file_name()
            .and_then(|n| n.to_str())
            .map(|n| {
                n.strip_suffix(".jsonl")
                    .or_else(|| n.strip_suffix(".json"))
                    .unwrap_or(n)
            })
            .map(str::to_string);
        let subagents_of = path
            .ancestors()
            .skip(1)
            .find(|dir| dir.file_name().is_some_and(|n| n == "subagents"))
            .and_then(|dir| dir.parent())
            .and_then(|dir| dir.file_name())
            .and_then(|n| n.to_str())
            .map(str::to_string);
        FileHint { stem, subagents_of }
    }
}

/// A transcript's identity: its session, and the agent for a subagent's transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscriptId {
    pub session_id: String,
    pub agent_id: Option<String>,
}

impl TranscriptId {
    /// `<sessionId>` or `<sessionId>/agent-<agentId>`.
    pub fn name(&self) -> String {
        match &self.agent_id {
            None => self.session_id.clone(),
            Some(agent) => format!("{}/{SUBAGENT_PREFIX}{agent}", self.session_id),
        }
    }
}

pub const SUBAGENT_PREFIX: &str = "agent-";

/// The identity of a transcript from its file name, the session ids on its lines (in order
/// of first appearance, already scrubbed) and the agent of a file of sidechain messages.
pub fn transcript_id(
    hint: &FileHint,
    session_ids: &[String],
    sidechain_agent: Option<&str>,
) -> Result<TranscriptId, InputError> {
    let first = session_ids.first();
    let no_session = || InputError::field("$[*].sessionId", "no line carries a session id");
    let stem = hint.stem.as_deref().filter(|s| !s.is_empty());
    let id = match stem.and_then(|s| s.strip_prefix(SUBAGENT_PREFIX)) {
        Some(agent) if !agent.is_empty() => {
            // The directory names the parent when it looks like one: a session id, or one of
            // the file's (so a `subagents` folder elsewhere on the path is not taken for it).
            let parent = match hint.subagents_of.as_deref() {
                Some(dir)
                    if check_session_id(dir).is_ok()
                        && (is_uuid(dir) || session_ids.iter().any(|id| id == dir)) =>
                {
                    dir.to_string()
                }
                _ => first.ok_or_else(no_session)?.clone(),
            };
            TranscriptId {
                session_id: parent,
                agent_id: Some(agent.to_string()),
            }
        }
        _ => match stem.filter(|s| is_uuid(s) || session_ids.iter().any(|id| id == s)) {
            Some(stem) => TranscriptId {
                session_id: stem.to_string(),
                agent_id: None,
            },
            None => match (first, sidechain_agent) {
                (Some(first), agent) => TranscriptId {
                    session_id: first.clone(),
                    agent_id: agent.map(str::to_string),
                },
                (None, _) => TranscriptId {
                    session_id: stem.ok_or_else(no_session)?.to_string(),
                    agent_id: None,
                },
            },
        },
    };
    check_session_id(&id.session_id)?;
    if let Some(agent) = &id.agent_id {
        check_session_id(agent)?;
    }
    Ok(id)
}

/// Claude Code's session ids are UUIDs; a file so named is that session's.
fn is_uuid(text: &str) -> bool {
    text.len() == 36 && uuid::Uuid::parse_str(text).is_ok()
}

/// The parts of a transcript name: (session id, agent id for a subagent).
pub fn split_name(name: &str) -> (&str, Option<&str>) {
    match name.split_once('/') {
        Some((session, agent)) => (
            session,
            Some(agent.strip_prefix(SUBAGENT_PREFIX).unwrap_or(agent)),
        ),
        None => (name, None),
    }
}

/// Every `sessionId` on a Claude Code transcript's lines, in order of first appearance.
pub fn session_ids_of(transcript: &[u8]) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Head {
        #[serde(rename = "sessionId")]
        session_id: Option<serde_json::Value>,
    }
    let mut ids: Vec<String> = Vec::new();
    for line in transcript.split(|&b| b == b'\n') {
        let Ok(Head {
            session_id: Some(serde_json::Value::String(id)),
        }) = serde_json::from_slice::<Head>(line)
        else {
            continue;
        };
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}
