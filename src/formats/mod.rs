//! Session formats: pure conversions from input bytes to the files the store holds.
//!
//! `read` detects the input format from content (never from the file name), checks it, scrubs
//! every JSON string value with the given [`Scrubber`], and renders:
//! - ml-intern session JSON -> Claude Code JSONL (spec §2) and the org row (spec §3);
//! - Claude Code JSONL -> the same lines, only scrubbed (a line with no finding keeps its bytes);
//! - Codex, Pi, OpenClaw and Factory Droid sessions -> the same, see [`agents`].
//!
//! Nothing here touches the disk or the network; errors carry a line or a JSON path, and the
//! caller adds the file name.

pub mod agents;
mod card;
mod claude_code;
mod copies;
mod cwd;
mod detect;
mod identity;
mod jsonl;
pub mod lint;
mod ml_intern;
mod row;
pub mod transcript;

use crate::scrub::{Report, Scrubber};

pub use agents::Agent;
pub use card::{DATASET_CARD, GITATTRIBUTES, card_harnesses, dataset_card};
pub use cwd::session_cwd;
pub use detect::{InputError, MAX_LINE_BYTES};
pub use jsonl::read_lines;
pub use transcript::FileHint;

/// Which format an input was in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    MlIntern,
    ClaudeCode,
    /// A session of another agent the Hub's viewer reads, passed through.
    Agent(Agent),
}

impl InputKind {
    /// Every kind, in the order messages list them.
    pub const ALL: [InputKind; 6] = [
        InputKind::MlIntern,
        InputKind::ClaudeCode,
        InputKind::Agent(Agent::Codex),
        InputKind::Agent(Agent::Pi),
        InputKind::Agent(Agent::OpenClaw),
        InputKind::Agent(Agent::Droid),
    ];

    /// The name in `commit --json` and in the input cache.
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::MlIntern => "ml-intern",
            InputKind::ClaudeCode => "claude-code",
            InputKind::Agent(agent) => agent.harness(),
        }
    }

    pub fn parse(name: &str) -> Option<InputKind> {
        InputKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The agent the dataset card names for this input (the Hub's harness names, and
    /// `ml_intern`).
    pub fn card_agent(self) -> &'static str {
        match self {
            InputKind::MlIntern => "ml_intern",
            InputKind::ClaudeCode => "claude_code",
            InputKind::Agent(agent) => agent.harness(),
        }
    }

    /// Whether the input is stored as it is (scrubbed) rather than converted.
    pub fn is_passthrough(self) -> bool {
        self != InputKind::MlIntern
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
    /// The transcript's name: its session id, or `<sessionId>/agent-<agentId>` for a
    /// subagent's transcript (see [`transcript`]).
    pub session_id: String,
    /// The other session ids on a Claude Code transcript's lines (a resumed or forked session
    /// continues in the file of the session it continues).
    pub other_session_ids: Vec<String>,
    /// A last line still being written, left out (see [`detect::JsonLines`]).
    pub unfinished_line: Option<usize>,
    /// `YYYY-MM-DD` of the session start, as written in the input.
    pub date: String,
    pub scrub_report: Report,
    body: Body,
    /// Size of the input, which a rendering's size is close to.
    input_len: usize,
    /// The lint of a transcript's stored bytes, when its reader linted the lines as it read
    /// them.
    linted: Option<lint::Lint>,
}

#[derive(Debug, Clone)]
enum Body {
    /// The scrubbed session object, already checked by [`ml_intern::Session::from_value`].
    MlIntern(serde_json::Value),
    /// The scrubbed transcript (Claude Code's or another agent's), stored as it is on the
    /// branch the personal remote pushes.
    Passthrough(Vec<u8>),
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
            Body::Passthrough(_) => &[Rendering::ClaudeCode],
        }
    }

    /// One rendering's bytes; `None` when the session has no such rendering.
    pub fn render(&self, rendering: Rendering) -> Option<Vec<u8>> {
        if !self.renderings().contains(&rendering) {
            return None;
        }
        // Allocated once at about the input's size instead of growing by doubling (a doubling
        // step holds the old and the new buffer at once).
        let mut out = Vec::with_capacity(self.input_len + self.input_len / 4 + 4096);
        self.write_rendering(rendering, &mut out)
            .expect("writing into memory cannot fail");
        Some(out)
    }

    /// The lint of the stored bytes, taken out, when the reader did it as it read them.
    pub fn take_lint_as_read(&mut self) -> Option<lint::Lint> {
        self.linted.take()
    }

    pub(crate) fn linted_as_read(self, linted: Option<lint::Lint>) -> ScrubbedSession {
        ScrubbedSession { linted, ..self }
    }

    /// A pass-through's stored bytes (its only rendering), held already; `None` for a session
    /// that is rendered.
    pub fn passthrough_bytes(&self) -> Option<&[u8]> {
        match &self.body {
            Body::Passthrough(bytes) => Some(bytes),
            Body::MlIntern(_) => None,
        }
    }

    /// Check the Claude Code rendering the way strict consumers read it (see [`lint`]); another
    /// agent's session by its own format's rules (see [`agents::lint`]).
    pub fn lint_claude_code(&self) -> lint::Lint {
        if let (InputKind::Agent(agent), Body::Passthrough(bytes)) = (self.kind, &self.body) {
            return agents::lint(agent, bytes);
        }
        let mut linter = lint::LintWriter::default();
        self.write_rendering(Rendering::ClaudeCode, &mut linter)
            .expect("the linter accepts every write");
        linter.finish()
    }

    /// Whether renderings should be streamed into the store rather than built in memory:
    /// streaming renders each one three times (size, hash, store) but never holds it whole.
    pub fn is_large(&self) -> bool {
        self.input_len > STREAM_ABOVE_BYTES
    }

    /// Write one rendering into `out`. A session without that rendering writes nothing (see
    /// [`renderings`](Self::renderings)). The same session writes the same bytes every time.
    pub fn write_rendering(
        &self,
        rendering: Rendering,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        match (&self.body, rendering) {
            (Body::MlIntern(value), Rendering::ClaudeCode) => {
                let session = ml_intern::Session::from_value(value)
                    .expect("the session was checked when it was read");
                claude_code::render(&session, out)
            }
            (Body::MlIntern(value), Rendering::Row) => row::render(value, out),
            (Body::Passthrough(bytes), Rendering::ClaudeCode) => out.write_all(bytes),
            (Body::Passthrough(_), Rendering::Row) => Ok(()),
        }
    }
}

/// Inputs above this size have their renderings streamed into the store.
pub const STREAM_ABOVE_BYTES: usize = 4 << 20;

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

/// Where a transcript lives in a rendering's tree, mirroring Claude Code's own layout:
/// `sessions/<date>/<sessionId>.jsonl`, and for a subagent's transcript (named
/// `<sessionId>/agent-<agentId>`) `sessions/<date>/<sessionId>/subagents/agent-<agentId>.jsonl`.
pub fn session_path(date: &str, name: &str) -> String {
    match transcript::split_name(name) {
        (session, Some(agent)) => {
            format!(
                "sessions/{date}/{session}/subagents/{}{agent}.jsonl",
                transcript::SUBAGENT_PREFIX
            )
        }
        (session, None) => format!("sessions/{date}/{session}.jsonl"),
    }
}

/// Detect, check and scrub one input file's bytes, knowing nothing of its name.
pub fn read(bytes: &[u8], scrubber: &Scrubber) -> Result<ScrubbedSession, InputError> {
    read_file(bytes, &FileHint::default(), scrubber)
}

/// Detect, check and scrub one input file's bytes; a Claude Code transcript is named after
/// its file (see [`transcript`]).
pub fn read_file(
    bytes: &[u8],
    hint: &FileHint,
    scrubber: &Scrubber,
) -> Result<ScrubbedSession, InputError> {
    let mut report = Report::default();
    let (kind, lines, unfinished) = match detect::detect(bytes)? {
        detect::Detected::MlIntern(value) => return read_ml_intern(value, bytes.len(), scrubber),
        detect::Detected::ClaudeCode(detect::JsonLines { lines, unfinished }) => {
            if lines.is_empty() && unfinished.is_some() {
                return Err(InputError::Unfinished);
            }
            (InputKind::ClaudeCode, lines, unfinished)
        }
        detect::Detected::Agent(agent, lines) => (InputKind::Agent(agent), lines, None),
    };
    let mut state = jsonl::LineState::new(kind);
    let scrubbed = scrub_lines(&lines, scrubber, &mut report, |index, line, scrubbed| {
        let rewritten = matches!(scrubbed, std::borrow::Cow::Owned(_));
        state.line(index, line, scrubbed, rewritten)
    })?;
    state.finish(jsonl::Finished {
        scrubbed,
        numbers: lines.iter().map(|l| l.number).collect(),
        unfinished,
        bom: bytes.starts_with(detect::UTF8_BOM),
        hint,
        scrubber,
        report,
        input_len: bytes.len(),
    })
}

/// Lint a file on the `claude-code` branch (or one given to `traces lint`) by its own format:
/// another agent's session by that format's rules, anything else as Claude Code JSONL.
pub fn lint_any(bytes: &[u8]) -> lint::Lint {
    match agent_of(bytes) {
        Some(agent) => agents::lint(agent, bytes),
        None => lint::lint(bytes),
    }
}

/// The agent whose session file this is, told from its first line; `None` for Claude Code
/// JSONL and anything else.
pub fn agent_of(bytes: &[u8]) -> Option<Agent> {
    let first = bytes
        .split(|&b| b == b'\n')
        .find(|line| !line.iter().all(u8::is_ascii_whitespace))?;
    match serde_json::from_slice::<serde_json::Value>(first).ok()? {
        serde_json::Value::Object(map) => Agent::recognise(&map),
        _ => None,
    }
}

/// What the Hub calls the harness of a file on the `claude-code` branch.
pub fn harness_of(bytes: &[u8]) -> &'static str {
    agent_of(bytes).map_or("claude_code", Agent::harness)
}

/// Read an ml-intern session straight from `input` (`len` bytes long), so that its bytes and
/// its parsed tree (about 1.6 times the input) are never in memory together. `None` when the
/// input is anything else, or could not be read: JSONL, malformed JSON, a line over the limit.
/// Then [`read`] the whole input, which says exactly what it is.
pub fn read_streamed(
    mut input: impl std::io::Read + std::io::Seek,
    len: usize,
    scrubber: &Scrubber,
) -> Option<Result<ScrubbedSession, InputError>> {
    if len > MAX_LINE_BYTES {
        if detect::has_overlong_line(&mut input).ok()? {
            return None;
        }
        input.rewind().ok()?;
    }
    let reader = std::io::BufReader::with_capacity(64 << 10, input);
    match serde_json::from_reader(reader) {
        Ok(serde_json::Value::Object(map)) if detect::is_ml_intern(&map) => Some(read_ml_intern(
            serde_json::Value::Object(map),
            len,
            scrubber,
        )),
        _ => None,
    }
}

fn read_ml_intern(
    mut value: serde_json::Value,
    input_len: usize,
    scrubber: &Scrubber,
) -> Result<ScrubbedSession, InputError> {
    let mut report = Report::default();
    let raw_id = value
        .get("session_id")
        .and_then(|id| id.as_str())
        .map(str::to_string);
    scrubber.scrub_value(&mut value, &mut report);
    copies::in_value(&mut value, scrubber, &mut report);
    let session = ml_intern::Session::from_value(&value)?;
    check_session_id(session.session_id)?;
    let (mut session_id, date) = (session.session_id.to_string(), session.date);
    if let Some(raw) = raw_id
        && raw != session_id
    {
        // Redacted: a unique stand-in, in the file name and in both renderings.
        session_id = identity::substitute(&raw);
        value["session_id"] = serde_json::Value::String(session_id.clone());
    }
    Ok(ScrubbedSession {
        kind: InputKind::MlIntern,
        session_id,
        other_session_ids: Vec::new(),
        unfinished_line: None,
        date,
        scrub_report: report,
        body: Body::MlIntern(value),
        input_len,
        linted: None,
    })
}

/// A JSON Lines file passed through: each line scrubbed (only string literals with a finding
/// are rewritten, so a clean line keeps its bytes) and kept in order. `each` sees every
/// scrubbed line with its index, to read identity and dates from it (never from the unscrubbed
/// text) and to check a rewritten line is still the JSON object it was.
pub(crate) fn scrub_lines(
    lines: &[detect::JsonLine<'_>],
    scrubber: &Scrubber,
    report: &mut Report,
    mut each: impl FnMut(
        usize,
        &detect::JsonLine<'_>,
        &std::borrow::Cow<'_, str>,
    ) -> Result<Option<String>, InputError>,
) -> Result<Vec<u8>, InputError> {
    // Scrubbing rarely changes a file's length by much: one allocation, no doubling.
    let mut bytes = Vec::with_capacity(lines.iter().map(|l| l.raw.len() + 1).sum::<usize>() + 4096);
    for (index, line) in lines.iter().enumerate() {
        let raw = line.raw.trim_end_matches('\r');
        let scrubbed = scrubber
            .scrub_jsonl_line(raw, line.number, report)
            .map_err(|_| InputError::Unscrubbable { line: line.number })?;
        let instead = each(index, line, &scrubbed)?;
        bytes.extend_from_slice(instead.as_deref().unwrap_or(&scrubbed).as_bytes());
        bytes.push(b'\n');
    }
    Ok(bytes)
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
