//! Session files of the agents other than Claude Code that the Hub's Agent Trace Viewer reads
//! as they are: Codex rollouts, Pi (and OpenClaw, which embeds Pi) sessions and Factory Droid
//! sessions. Each is JSON Lines whose first line says what it is; `traces` passes them through
//! scrubbed, like Claude Code transcripts.
//!
//! Each format's module knows its header line (how it is recognised), where its identity and
//! date are, and what its lines must carry (its lint). Identity comes from the content, never
//! from the file name, and always from the scrubbed line.

mod codex;
mod droid;
pub(crate) mod hub;
mod pi;

use serde_json::{Map, Value};

use super::detect::JsonLine;
use super::lint::{Check, Finding, Lint};
use super::{InputError, date_of};

/// The agent formats read here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Agent {
    Codex,
    Pi,
    OpenClaw,
    Droid,
}

impl Agent {
    pub const ALL: [Agent; 4] = [Agent::Codex, Agent::Pi, Agent::OpenClaw, Agent::Droid];

    /// Recognise a format from its first line, as the agent itself does when it reopens a file.
    pub(crate) fn recognise(first: &Map<String, Value>) -> Option<Agent> {
        if codex::is_header(first) {
            Some(Agent::Codex)
        } else if pi::is_header(first) {
            Some(if pi::is_openclaw(first) {
                Agent::OpenClaw
            } else {
                Agent::Pi
            })
        } else if droid::is_header(first) {
            Some(Agent::Droid)
        } else {
            None
        }
    }

    /// What the Hub's trace datasets call the harness.
    pub fn harness(self) -> &'static str {
        match self {
            Agent::Codex => "codex",
            Agent::Pi => "pi",
            Agent::OpenClaw => "openclaw",
            Agent::Droid => "droid",
        }
    }

    /// The name people know the agent by, for messages.
    pub fn title(self) -> &'static str {
        match self {
            Agent::Codex => "Codex",
            Agent::Pi => "Pi",
            Agent::OpenClaw => "OpenClaw",
            Agent::Droid => "Factory Droid",
        }
    }

    /// Where the session id is, for messages.
    fn id_path(self) -> &'static str {
        match self {
            Agent::Codex => "$[0].payload.id",
            Agent::Pi | Agent::OpenClaw | Agent::Droid => "$[0].id",
        }
    }

    /// The same, as the object members leading to it in the first line.
    pub(crate) fn id_member(self) -> &'static [&'static str] {
        match self {
            Agent::Codex => &["payload", "id"],
            Agent::Pi | Agent::OpenClaw | Agent::Droid => &["id"],
        }
    }

    fn identity(self, first: &Map<String, Value>) -> Option<String> {
        match self {
            Agent::Codex => codex::session_id(first),
            Agent::Pi | Agent::OpenClaw => pi::session_id(first),
            Agent::Droid => droid::session_id(first),
        }
        .map(str::to_string)
    }

    /// The session's start time in its first line, when the format writes one there.
    fn header_time(self, first: &Map<String, Value>) -> Option<&str> {
        match self {
            Agent::Codex => codex::start_time(first),
            Agent::Pi | Agent::OpenClaw => pi::start_time(first),
            Agent::Droid => None,
        }
    }

    /// Required fields of one line (after the first), as JSON paths with a problem.
    fn check_line(self, line: &Map<String, Value>, out: &mut Vec<(String, String)>) {
        match self {
            Agent::Codex => codex::check_line(line, out),
            Agent::Pi | Agent::OpenClaw => pi::check_line(line, out),
            Agent::Droid => droid::check_line(line, out),
        }
    }

    /// Required fields of the first line.
    fn check_header(self, line: &Map<String, Value>, out: &mut Vec<(String, String)>) {
        match self {
            Agent::Codex => codex::check_header(line, out),
            Agent::Pi | Agent::OpenClaw => pi::check_header(line, out),
            Agent::Droid => droid::check_header(line, out),
        }
    }
}

/// The file, scrubbed, with the identity and date its content gives.
pub(crate) struct Passthrough {
    pub session_id: String,
    pub date: String,
    pub bytes: Vec<u8>,
}

/// Another agent's session passed through: every line kept, in order (a line with no finding
/// keeps its bytes; in a line with a finding only the string literals holding it are
/// rewritten, the same scrubbing as Claude Code's). This is what its scrubbed lines have said
/// so far about its identity and date, taken in one line at a time, so a session can be read
/// line by line as well as whole.
pub(crate) struct PassthroughLines {
    agent: Agent,
    session_id: Option<String>,
    date: Option<String>,
    /// Whether a line so far is a Codex conversation line (looked for only while the
    /// session has no id: it tells a headerless rollout piece from a broken file).
    codex_message: bool,
}

impl PassthroughLines {
    pub(crate) fn new(agent: Agent) -> PassthroughLines {
        PassthroughLines {
            agent,
            session_id: None,
            date: None,
            codex_message: false,
        }
    }

    pub(crate) fn agent(&self) -> Agent {
        self.agent
    }

    /// Take in the line at `index` (0 for the first line that is not blank), as read and
    /// as scrubbed (`rewritten` when scrubbing changed it).
    pub(crate) fn line(
        &mut self,
        index: usize,
        line: &JsonLine<'_>,
        scrubbed: &str,
        rewritten: bool,
    ) -> Result<(), InputError> {
        let agent = self.agent;
        if index == 0 || self.date.is_none() {
            // Identity and date come from the scrubbed line: nothing unscrubbed reaches a path.
            let value = serde_json::from_str::<Value>(scrubbed)
                .map_err(|_| InputError::Unscrubbable { line: line.number })?;
            let map = value.as_object();
            if index == 0 {
                self.session_id = map.and_then(|m| agent.identity(m));
                self.date = map.and_then(|m| agent.header_time(m)).and_then(date_of);
            }
            if self.date.is_none() {
                self.date = map
                    .and_then(|m| m.get("timestamp"))
                    .and_then(Value::as_str)
                    .and_then(date_of);
            }
        } else if rewritten {
            // A rewritten line must still be the JSON object it was.
            serde_json::from_str::<serde::de::IgnoredAny>(scrubbed)
                .map_err(|_| InputError::Unscrubbable { line: line.number })?;
        }
        if agent == Agent::Codex && self.session_id.is_none() && !self.codex_message {
            self.codex_message = is_codex_message(line.raw);
        }
        Ok(())
    }

    /// The session, once every line has been taken in; `bytes` are its scrubbed lines.
    pub(crate) fn finish(self, bytes: Vec<u8>) -> Result<Passthrough, InputError> {
        let agent = self.agent;
        let Some(session_id) = self.session_id else {
            // A rollout piece without its header and without a single message (usage records a
            // tool left behind) is no conversation: skipped quietly, like an empty transcript.
            if agent == Agent::Codex && !self.codex_message {
                return Err(InputError::NoConversation);
            }
            return Err(InputError::field(
                agent.id_path(),
                format!("a {} session names its id here", agent.title()),
            ));
        };
        let date = self.date.ok_or_else(|| {
            InputError::field(
                "$[*].timestamp",
                format!(
                    "no line of this {} session carries an ISO-8601 timestamp",
                    agent.title()
                ),
            )
        })?;
        Ok(Passthrough {
            session_id,
            date,
            bytes,
        })
    }
}

/// A Codex rollout line that is part of the conversation: a message or a tool call item.
fn is_codex_message(raw: &str) -> bool {
    let Ok(value) = serde_json::from_str::<Value>(raw) else {
        return false;
    };
    value.get("type").and_then(Value::as_str) == Some("response_item")
        && matches!(
            value.pointer("/payload/type").and_then(Value::as_str),
            Some("message" | "function_call" | "function_call_output")
        )
}

/// Findings kept per file; the rest are only counted.
const MAX_FINDINGS: usize = 100;

/// Check one agent's session file: every line a JSON object with its format's required fields,
/// and (`format`) a first 10 MB the Hub's detection recognises as agent traces.
pub fn lint(agent: Agent, text: &[u8]) -> Lint {
    let mut lint = Lint::default();
    let find = |lint: &mut Lint, line: usize, check: Check, message: String| {
        lint.total += 1;
        // The file-level verdict is kept whatever came before it: commit acts on it.
        if lint.findings.len() < MAX_FINDINGS || check == Check::Format {
            lint.findings.push(Finding {
                line,
                check,
                message,
            });
        }
    };
    let mut window = hub::Window::default();
    let text = text.strip_suffix(b"\n").unwrap_or(text);
    let mut seen_first = false;
    for (index, raw) in text.split(|&b| b == b'\n').enumerate() {
        let number = index + 1;
        lint.lines = number;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let value = match serde_json::from_slice::<Value>(raw) {
            Ok(Value::Object(map)) => map,
            Ok(_) => {
                find(&mut lint, number, Check::Json, "not a JSON object".into());
                continue;
            }
            Err(e) => {
                let message = format!(
                    "not JSON at column {}: {}",
                    e.column(),
                    super::detect::reason_of(&e)
                );
                find(&mut lint, number, Check::Json, message);
                continue;
            }
        };
        window.add(&value, raw.len() + 1);
        let mut problems = Vec::new();
        if seen_first {
            agent.check_line(&value, &mut problems);
        } else {
            seen_first = true;
            agent.check_header(&value, &mut problems);
        }
        for (path, problem) in problems {
            find(
                &mut lint,
                number,
                Check::Field,
                format!("{path}: {problem}"),
            );
        }
    }
    if !seen_first {
        find(&mut lint, 0, Check::Format, "the file has no lines".into());
    } else if let Err(why) = window.recognised(agent) {
        let message = format!(
            "{why} in the first 10 MB: the Hub would not recognise the file as agent traces"
        );
        find(&mut lint, 0, Check::Format, message);
    }
    lint
}

/// A field `key` of `line` of the expected JSON type, else a problem at `$.key`.
pub(super) fn require(
    line: &Map<String, Value>,
    at: &str,
    key: &str,
    kind: Kind,
    out: &mut Vec<(String, String)>,
) {
    let problem = match line.get(key) {
        None => "missing",
        Some(value) if kind.holds(value) => return,
        Some(_) => kind.expected(),
    };
    out.push((format!("{at}.{key}"), problem.to_string()));
}

/// JSON types a required field may have.
#[derive(Debug, Clone, Copy)]
pub(super) enum Kind {
    String,
    Object,
    Integer,
    /// An ISO-8601 date-time with an offset.
    Time,
}

impl Kind {
    fn holds(self, value: &Value) -> bool {
        match self {
            Kind::String => value.is_string(),
            Kind::Object => value.is_object(),
            Kind::Integer => value.is_i64() || value.is_u64(),
            Kind::Time => value
                .as_str()
                .is_some_and(|t| chrono::DateTime::parse_from_rfc3339(t).is_ok()),
        }
    }

    fn expected(self) -> &'static str {
        match self {
            Kind::String => "expected a string",
            Kind::Object => "expected an object",
            Kind::Integer => "expected an integer",
            Kind::Time => "expected an ISO-8601 date-time with an offset",
        }
    }
}

#[cfg(test)]
mod tests;
