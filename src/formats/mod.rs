//! Session formats: pure conversions from input bytes to the files the store holds.
//!
//! `read` detects the input format from content (never from the file name), checks it, scrubs
//! every JSON string value with the given [`Scrubber`], and renders:
//! - ml-intern session JSON -> Claude Code JSONL (spec §2) and the org row (spec §3);
//! - Claude Code JSONL -> the same lines, only scrubbed (a line with no finding keeps its bytes).
//!
//! Nothing here touches the disk or the network; errors carry a line or a JSON path, and the
//! caller adds the file name.

mod card;
mod claude_code;
mod detect;
mod ml_intern;
mod row;

use crate::scrub::{Report, Scrubber};

pub use card::{DATASET_CARD, GITATTRIBUTES};
pub use detect::{InputError, MAX_LINE_BYTES};

/// Which format an input was in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    MlIntern,
    ClaudeCode,
}

impl InputKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::MlIntern => "ml-intern",
            InputKind::ClaudeCode => "claude-code",
        }
    }
}

/// Which rendering (and so which branch and remote format) a file belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rendering {
    ClaudeCode,
    Row,
}

impl Rendering {
    pub const ALL: [Rendering; 2] = [Rendering::ClaudeCode, Rendering::Row];

    /// The name used on the command line and in remote configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Rendering::ClaudeCode => "claude_code",
            Rendering::Row => "row",
        }
    }

    /// The store branch holding this rendering.
    pub fn branch(self) -> &'static str {
        match self {
            Rendering::ClaudeCode => "claude-code",
            Rendering::Row => "row",
        }
    }

    pub fn parse(name: &str) -> Option<Rendering> {
        Rendering::ALL
            .into_iter()
            .find(|r| r.as_str() == name || r.branch() == name)
    }
}

/// One session, checked and scrubbed, ready to render. It owns what it needs, so the caller
/// can drop the input bytes before rendering; renderings are produced one at a time, so a large
/// session is never held in every form at once.
#[derive(Debug, Clone)]
pub struct ScrubbedSession {
    pub kind: InputKind,
    pub session_id: String,
    /// `YYYY-MM-DD` of the session start, as written in the input.
    pub date: String,
    pub scrub_report: Report,
    body: Body,
}

#[derive(Debug, Clone)]
enum Body {
    /// The scrubbed session object, already checked by [`ml_intern::Session::from_value`].
    MlIntern(serde_json::Value),
    /// The scrubbed transcript, which is its own Claude Code rendering.
    ClaudeCode(Vec<u8>),
}

impl ScrubbedSession {
    /// Path of this session inside a rendering's tree: `sessions/<date>/<session_id>.jsonl`.
    pub fn path(&self) -> String {
        session_path(&self.date, &self.session_id)
    }

    /// The renderings this session has: Claude Code inputs have no org row.
    pub fn renderings(&self) -> &'static [Rendering] {
        match self.body {
            Body::MlIntern(_) => &Rendering::ALL,
            Body::ClaudeCode(_) => &[Rendering::ClaudeCode],
        }
    }

    /// One rendering's bytes; `None` when the session has no such rendering.
    pub fn render(&self, rendering: Rendering) -> Option<Vec<u8>> {
        match (&self.body, rendering) {
            (Body::MlIntern(value), Rendering::ClaudeCode) => {
                let session = ml_intern::Session::from_value(value)
                    .expect("the session was checked when it was read");
                Some(claude_code::render(&session))
            }
            (Body::MlIntern(value), Rendering::Row) => Some(row::render(value)),
            (Body::ClaudeCode(bytes), Rendering::ClaudeCode) => Some(bytes.clone()),
            (Body::ClaudeCode(_), Rendering::Row) => None,
        }
    }
}

/// The title of a commit that adds `new` and updates `updated` sessions.
pub fn commit_title(new: usize, updated: usize) -> String {
    let s = |n: usize| if n == 1 { "" } else { "s" };
    match (new, updated) {
        (0, 0) => "Update the dataset files".to_string(),
        (n, 0) => format!("Add {n} session{}", s(n)),
        (0, u) => format!("Update {u} session{}", s(u)),
        (n, u) => format!("Add {n} and update {u} session{}", s(n + u)),
    }
}

pub fn session_path(date: &str, session_id: &str) -> String {
    format!("sessions/{date}/{session_id}.jsonl")
}

/// Detect, check and scrub one input file's bytes.
pub fn read(bytes: &[u8], scrubber: &Scrubber) -> Result<ScrubbedSession, InputError> {
    let mut report = Report::default();
    let (kind, session_id, date, body) = match detect::detect(bytes)? {
        detect::Detected::MlIntern(mut value) => {
            scrubber.scrub_value(&mut value, &mut report);
            let session = ml_intern::Session::from_value(&value)?;
            check_session_id(session.session_id)?;
            let (id, date) = (session.session_id.to_string(), session.date);
            (InputKind::MlIntern, id, date, Body::MlIntern(value))
        }
        detect::Detected::ClaudeCode(lines) => {
            let passthrough = claude_code::passthrough(&lines, scrubber, &mut report)?;
            check_session_id(&passthrough.session_id)?;
            (
                InputKind::ClaudeCode,
                passthrough.session_id,
                passthrough.date,
                Body::ClaudeCode(passthrough.bytes),
            )
        }
    };
    Ok(ScrubbedSession {
        kind,
        session_id,
        date,
        scrub_report: report,
        body,
    })
}

/// Longest session id we accept, in bytes (file systems allow 255 for the whole name).
pub const MAX_SESSION_ID_BYTES: usize = 200;

/// A session id becomes a file name: refuse anything that could escape `sessions/<date>/`.
pub fn check_session_id(id: &str) -> Result<(), InputError> {
    let reason = if id.is_empty() {
        Some("it is empty")
    } else if id.len() > MAX_SESSION_ID_BYTES {
        Some("it is longer than 200 bytes")
    } else if id.contains(['/', '\\']) {
        Some("it contains a path separator")
    } else if id.starts_with('.') {
        Some("it starts with '.' (a hidden or parent directory name)")
    } else if id.chars().any(char::is_control) {
        Some("it contains control characters")
    } else {
        None
    };
    match reason {
        None => Ok(()),
        Some(reason) => Err(InputError::UnsafeSessionId {
            id: shorten_for_display(id),
            reason,
        }),
    }
}

fn shorten_for_display(id: &str) -> String {
    let shown: String = id.chars().take(60).collect();
    let shown = shown.escape_debug().to_string();
    if id.chars().count() > 60 {
        format!("{shown}...")
    } else {
        shown
    }
}

/// `YYYY-MM-DD` from the start of an ISO-8601 timestamp, with or without an offset.
pub(crate) fn date_of(timestamp: &str) -> Option<String> {
    let head = timestamp.get(..10)?;
    let rest = &timestamp[10..];
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
        return None;
    }
    chrono::NaiveDate::parse_from_str(head, "%Y-%m-%d")
        .ok()
        .map(|d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests;
