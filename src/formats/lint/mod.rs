//! Checks a Claude Code JSONL transcript the way strict consumers do (HTML exporters, usage
//! analysers, replay tools) and the way the Hub picks a dataset's format.
//!
//! The linter is fed line by line, so a rendering can be checked while it is streamed, and it
//! keeps only ids, never content. Messages name fields and ids, never values: a transcript may
//! hold what scrubbing missed.

use std::io::Write;

use foldhash::HashSet;

use super::detect::reason_of;
use view::Json;

mod view;

/// The Hub infers a dataset's format from this much of its first file.
pub const FORMAT_WINDOW_BYTES: usize = 10 * 1024 * 1024;

/// Findings kept per file; the rest are only counted.
const MAX_FINDINGS: usize = 100;

/// What a finding is about. Ids are stable: scripts may match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// A line that is not a JSON object.
    Json,
    /// A required field is missing or has the wrong type.
    Field,
    /// `parentUuid` names no earlier line, a second chain starts, or a uuid repeats.
    Chain,
    /// A `tool_result` answers no earlier `tool_use`.
    ToolResult,
    /// The first 10 MB lack a user or an assistant line: the Hub would not see Claude Code.
    Format,
}

impl Check {
    pub fn id(self) -> &'static str {
        match self {
            Check::Json => "json",
            Check::Field => "field",
            Check::Chain => "chain",
            Check::ToolResult => "tool-result",
            Check::Format => "format",
        }
    }
}

/// One problem, at a 1-based line (0 for the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub line: usize,
    pub check: Check,
    pub message: String,
}

/// The outcome for one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lint {
    /// The first findings, in line order (file-level ones last).
    pub findings: Vec<Finding>,
    /// All findings, including those not kept.
    pub total: usize,
    pub lines: usize,
    /// `user` and `assistant` lines: a file with neither holds no conversation (yet).
    pub messages: usize,
}

impl Lint {
    pub fn is_clean(&self) -> bool {
        self.total == 0
    }

    /// Whether the Hub would fail to take this file for a Claude Code transcript (see
    /// [`Check::Format`]): such a file must not be published, whatever else it holds.
    pub fn fails_hub_detection(&self) -> bool {
        self.findings.iter().any(|f| f.check == Check::Format)
    }

    /// Whether the only findings are [`Check::Format`] ones.
    pub fn only_fails_hub_detection(&self) -> bool {
        self.total > 0
            && self.total == self.findings.len()
            && self.findings.iter().all(|f| f.check == Check::Format)
    }
}

/// Check a whole transcript held in memory.
pub fn lint(text: &[u8]) -> Lint {
    let mut linter = Linter::default();
    let mut rest = text.strip_suffix(b"\n").unwrap_or(text);
    if !rest.is_empty() {
        // memchr finds the newlines many bytes at a time; lines are long.
        while let Some(end) = memchr::memchr(b'\n', rest) {
            linter.line(&rest[..end]);
            rest = &rest[end + 1..];
        }
        linter.line(rest);
    }
    linter.finish()
}

/// Checks lines one at a time.
#[derive(Debug, Default)]
pub struct Linter {
    line: usize,
    bytes: usize,
    uuids: HashSet<String>,
    tool_uses: HashSet<String>,
    chained_lines: usize,
    user_in_window: bool,
    assistant_in_window: bool,
    lint: Lint,
}

/// A line parsed once for the linter, by the reader of a transcript: the same parse gives the
/// reader the line's head ([`ParsedLine::head`]) and checks that the line is JSON.
pub(crate) struct ParsedLine<'a>(serde_json::Result<Option<view::Line<'a>>>);

/// What a line says about whose it is and when: its string fields (`type`, `sessionId`,
/// `timestamp`, `agentId`) and its `isSidechain` when a boolean.
pub(crate) struct LineHead<'v> {
    pub kind: Option<&'v str>,
    pub session_id: Option<&'v str>,
    pub timestamp: Option<&'v str>,
    pub agent_id: Option<&'v str>,
    pub sidechain: Option<bool>,
}

impl<'a> ParsedLine<'a> {
    /// Parse a line that is not blank, without its newline (or `\r`).
    pub(crate) fn of(text: &'a str) -> ParsedLine<'a> {
        ParsedLine(view::read_str(text))
    }

    /// The head of a line that is a JSON object giving none of the fields the linter reads
    /// twice; `None` otherwise (which readers handle their own way).
    pub(crate) fn head(&self) -> Option<LineHead<'_>> {
        let Ok(Some(line)) = &self.0 else {
            return None;
        };
        if line.repeated {
            return None;
        }
        fn text<'v>(field: &'v Option<view::Text<'_>>) -> Option<&'v str> {
            field.as_ref().and_then(Json::as_str)
        }
        Some(LineHead {
            kind: text(&line.kind),
            session_id: text(&line.session_id),
            timestamp: text(&line.timestamp),
            agent_id: text(&line.agent_id),
            sidechain: match line.is_sidechain {
                Some(Json::Bool(sidechain)) => Some(sidechain),
                _ => None,
            },
        })
    }
}

impl Linter {
    /// Check the next line (without its newline).
    pub fn line(&mut self, raw: &[u8]) {
        let in_window = self.count_line(raw.len());
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        // A byte order mark is not part of the first line's JSON.
        let raw = match self.line {
            1 => raw.strip_prefix(super::detect::UTF8_BOM).unwrap_or(raw),
            _ => raw,
        };
        if raw.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        self.check(view::read(raw), in_window);
    }

    /// Check the next line, parsed already: a line of `len` bytes in the file (a byte order
    /// mark included), not blank, which [`ParsedLine::of`] read without its newline and
    /// without the mark. The same as [`Linter::line`] on the line's bytes.
    pub(crate) fn parsed_line(&mut self, len: usize, line: ParsedLine<'_>) {
        let in_window = self.count_line(len);
        self.check(line.0, in_window);
    }

    /// Count a line of `len` bytes; whether it starts inside the Hub's format window.
    fn count_line(&mut self, len: usize) -> bool {
        self.line += 1;
        let in_window = self.bytes < FORMAT_WINDOW_BYTES;
        self.bytes += len + 1;
        in_window
    }

    fn check(&mut self, line: serde_json::Result<Option<view::Line<'_>>>, in_window: bool) {
        let line = match line {
            Ok(Some(line)) => line,
            Ok(None) => return self.find(Check::Json, "not a JSON object".to_string()),
            Err(e) => {
                let message = format!("not JSON at column {}: {}", e.column(), reason_of(&e));
                return self.find(Check::Json, message);
            }
        };
        let kind = match &line.kind {
            Some(Json::String(kind)) => kind.as_ref(),
            Some(_) => return self.find(Check::Field, "$.type: expected a string".to_string()),
            None => return self.find(Check::Field, "$.type: missing".to_string()),
        };
        match kind {
            "user" | "assistant" => {
                self.lint.messages += 1;
                self.chained_line(&line);
                if kind == "user" {
                    self.user_in_window |= in_window;
                    self.user_message(&line);
                } else {
                    self.assistant_in_window |= in_window;
                    self.assistant_message(&line);
                }
            }
            "system" => self.chained_line(&line),
            "summary" => {
                self.field(&line.summary, "$", "summary", Type::String);
                self.field(&line.leaf_uuid, "$", "leafUuid", Type::String);
            }
            // Claude Code writes other bookkeeping lines (file snapshots, queue operations)
            // that consumers skip.
            _ => {}
        }
        // Progress, attachment, summary and other lines that carry a uuid are links of the
        // chain too: readers resolve a parentUuid through them.
        if !matches!(kind, "user" | "assistant" | "system")
            && let Some(Json::String(uuid)) = &line.uuid
        {
            self.uuids.insert(uuid.to_string());
        }
    }

    /// The file-level checks, then the result.
    pub fn finish(mut self) -> Lint {
        self.lint.lines = self.line;
        if self.line == 0 {
            self.find_at(0, Check::Format, "the file has no lines".to_string());
        } else {
            let missing = match (self.user_in_window, self.assistant_in_window) {
                (true, true) => None,
                (false, true) => Some("no user line"),
                (true, false) => Some("no assistant line"),
                (false, false) => Some("no user or assistant line"),
            };
            if let Some(missing) = missing {
                self.find_at(
                    0,
                    Check::Format,
                    format!(
                        "{missing} in the first 10 MB: the Hub would not recognise the file as a Claude Code transcript"
                    ),
                );
            }
        }
        self.lint
    }

    /// Fields every user, assistant and system line carries, and its place in the chain.
    fn chained_line(&mut self, line: &view::Line<'_>) {
        for (value, key, expected) in [
            (&line.is_sidechain, "isSidechain", Type::Bool),
            (&line.user_type, "userType", Type::String),
            (&line.cwd, "cwd", Type::String),
            (&line.version, "version", Type::String),
        ] {
            self.field(value, "$", key, expected);
        }
        if line
            .git_branch
            .as_ref()
            .is_some_and(|branch| !Type::String.matches(branch))
        {
            self.find(Check::Field, "$.gitBranch: expected a string".to_string());
        }
        if let Some(timestamp) = self.field(&line.timestamp, "$", "timestamp", Type::String) {
            let timestamp = timestamp.as_str().unwrap_or_default();
            if chrono::DateTime::parse_from_rfc3339(timestamp).is_err() {
                self.find(
                    Check::Field,
                    "$.timestamp: not an ISO-8601 date-time with an offset".to_string(),
                );
            }
        }
        // A file may hold several sessions (a resumed or forked session keeps writing to the
        // file it continues), which readers accept; only the field's presence is checked.
        self.field(&line.session_id, "$", "sessionId", Type::String);
        let parent = self
            .field(&line.parent_uuid, "$", "parentUuid", Type::StringOrNull)
            .and_then(Json::as_str);
        // A subagent's transcript is a sidechain: its root may have no parent, or name the
        // line of the parent session (in another file) that started it.
        let sidechain = matches!(line.is_sidechain, Some(Json::Bool(true)));
        let sidechain_root = sidechain && self.chained_lines == 0;
        match parent {
            Some(_) if sidechain_root => {}
            Some(parent) if !self.uuids.contains(parent) => {
                let message = format!("parentUuid {} names no earlier line", shown(parent));
                self.find(Check::Chain, message);
            }
            // A parentUuid of the wrong type counts as a null one here, as it always has.
            None if self.chained_lines > 0
                && !sidechain
                && line.parent_uuid.is_some()
                && !matches!(line.logical_parent_uuid, Some(Json::String(_))) =>
            {
                self.find(
                    Check::Chain,
                    "parentUuid is null after the first line: the chain is broken".to_string(),
                );
            }
            _ => {}
        }
        if let Some(uuid) = self.field(&line.uuid, "$", "uuid", Type::String) {
            let uuid = uuid.as_str().unwrap_or_default();
            if !self.uuids.insert(uuid.to_string()) {
                let message = format!("uuid {} is used by an earlier line", shown(uuid));
                self.find(Check::Chain, message);
            }
        }
        self.chained_lines += 1;
    }

    fn user_message(&mut self, line: &view::Line<'_>) {
        let Some(message) = self.object(&line.message, "$", "message") else {
            return;
        };
        self.role(message, "user");
        match &message.content {
            Some(Json::String(_)) => {}
            Some(Json::Array(blocks)) => {
                for (i, block) in blocks.iter().enumerate() {
                    let path = format!("$.message.content[{i}]");
                    let Some(block) = self.block(block, &path) else {
                        continue;
                    };
                    if block.kind.as_ref().and_then(Json::as_str) == Some("tool_result") {
                        self.tool_result(block, &path);
                    }
                }
            }
            Some(_) => self.find(
                Check::Field,
                "$.message.content: expected a string or an array".to_string(),
            ),
            None => self.find(Check::Field, "$.message.content: missing".to_string()),
        }
    }

    fn tool_result(&mut self, block: &view::Block<'_>, path: &str) {
        if let Some(id) = self.field(&block.tool_use_id, path, "tool_use_id", Type::String) {
            let id = id.as_str().unwrap_or_default();
            if !self.tool_uses.contains(id) {
                let message = format!(
                    "{path}: tool_result for {} answers no earlier tool_use",
                    shown(id)
                );
                self.find(Check::ToolResult, message);
            }
        }
        match block.content {
            None | Some(Json::String(()) | Json::Array(())) => {}
            Some(_) => self.find(
                Check::Field,
                format!("{path}.content: expected a string or an array"),
            ),
        }
        if block.is_error.is_some() {
            self.field(&block.is_error, path, "is_error", Type::Bool);
        }
    }

    fn assistant_message(&mut self, line: &view::Line<'_>) {
        let Some(message) = self.object(&line.message, "$", "message") else {
            return;
        };
        let path = "$.message";
        self.role(message, "assistant");
        for (value, key, expected) in [
            (&message.id, "id", Type::String),
            (&message.kind, "type", Type::String),
            (&message.model, "model", Type::String),
            (&message.stop_reason, "stop_reason", Type::StringOrNull),
            (&message.stop_sequence, "stop_sequence", Type::StringOrNull),
        ] {
            self.field(value, path, key, expected);
        }
        if let Some(usage) = self.object(&message.usage, path, "usage") {
            for (value, key) in [
                (&usage.input_tokens, "input_tokens"),
                (&usage.output_tokens, "output_tokens"),
            ] {
                self.field(value, "$.message.usage", key, Type::Count);
            }
        }
        let Some(Json::Array(blocks)) = self.field(&message.content, path, "content", Type::Array)
        else {
            return;
        };
        for (i, block) in blocks.iter().enumerate() {
            let path = format!("$.message.content[{i}]");
            let Some(block) = self.block(block, &path) else {
                continue;
            };
            match block.kind.as_ref().and_then(Json::as_str) {
                Some("text") => {
                    self.field(&block.text, &path, "text", Type::String);
                }
                Some("thinking") => {
                    self.field(&block.thinking, &path, "thinking", Type::String);
                }
                Some("tool_use") => {
                    self.field(&block.name, &path, "name", Type::String);
                    self.field(&block.input, &path, "input", Type::Object);
                    if let Some(id) = self.field(&block.id, &path, "id", Type::String) {
                        let id = id.as_str().unwrap_or_default().to_string();
                        self.tool_uses.insert(id);
                    }
                }
                _ => {}
            }
        }
    }

    fn role(&mut self, message: &view::Message<'_>, expected: &str) {
        if let Some(role) = self.field(&message.role, "$.message", "role", Type::String)
            && role.as_str() != Some(expected)
        {
            let message = format!("$.message.role: expected \"{expected}\"");
            self.find(Check::Field, message);
        }
    }

    /// A content block: an object with a string `type`.
    fn block<'v, 'a>(
        &mut self,
        block: &'v Json<(), view::Block<'a>>,
        path: &str,
    ) -> Option<&'v view::Block<'a>> {
        let Json::Object(block) = block else {
            self.find(Check::Field, format!("{path}: expected an object"));
            return None;
        };
        self.field(&block.kind, path, "type", Type::String)?;
        Some(block)
    }

    fn object<'v, O>(
        &mut self,
        value: &'v Option<Json<(), O>>,
        path: &str,
        key: &str,
    ) -> Option<&'v O> {
        match self.field(value, path, key, Type::Object)? {
            Json::Object(object) => Some(object),
            _ => None,
        }
    }

    /// The field when it is present with the expected type; a finding otherwise.
    fn field<'v, S, O, A>(
        &mut self,
        value: &'v Option<Json<S, O, A>>,
        path: &str,
        key: &str,
        expected: Type,
    ) -> Option<&'v Json<S, O, A>> {
        match value {
            None => {
                self.find(Check::Field, format!("{path}.{key}: missing"));
                None
            }
            Some(value) if expected.matches(value) => Some(value),
            Some(_) => {
                let message = format!("{path}.{key}: expected {}", expected.name());
                self.find(Check::Field, message);
                None
            }
        }
    }

    fn find(&mut self, check: Check, message: String) {
        self.find_at(self.line, check, message);
    }

    fn find_at(&mut self, line: usize, check: Check, message: String) {
        self.lint.total += 1;
        if self.lint.findings.len() < MAX_FINDINGS {
            self.lint.findings.push(Finding {
                line,
                check,
                message,
            });
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Type {
    String,
    StringOrNull,
    Bool,
    Object,
    Array,
    /// A non-negative integer.
    Count,
}

impl Type {
    fn matches<S, O, A>(self, value: &Json<S, O, A>) -> bool {
        matches!(
            (self, value),
            (Type::String | Type::StringOrNull, Json::String(_))
                | (Type::StringOrNull, Json::Null)
                | (Type::Bool, Json::Bool(_))
                | (Type::Object, Json::Object(_))
                | (Type::Array, Json::Array(_))
                | (Type::Count, Json::Count)
        )
    }

    fn name(self) -> &'static str {
        match self {
            Type::String => "a string",
            Type::StringOrNull => "a string or null",
            Type::Bool => "a boolean",
            Type::Object => "an object",
            Type::Array => "an array",
            Type::Count => "a non-negative integer",
        }
    }
}

/// An id as shown in a message: quoted, escaped, and cut short (ids are not secrets, but a
/// malformed file may put anything in them).
fn shown(id: &str) -> String {
    let cut: String = id.chars().take(40).collect();
    let suffix = if cut.len() < id.len() { "..." } else { "" };
    format!("\"{}{suffix}\"", cut.escape_debug())
}

/// An `io::Write` that lints what is written through it, line by line.
#[derive(Default)]
pub struct LintWriter {
    linter: Linter,
    partial: Vec<u8>,
}

impl LintWriter {
    pub fn finish(mut self) -> Lint {
        if !self.partial.is_empty() {
            let last = std::mem::take(&mut self.partial);
            self.linter.line(&last);
        }
        self.linter.finish()
    }
}

impl Write for LintWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut rest = buf;
        while let Some(end) = memchr::memchr(b'\n', rest) {
            if self.partial.is_empty() {
                self.linter.line(&rest[..end]);
            } else {
                self.partial.extend_from_slice(&rest[..end]);
                let line = std::mem::take(&mut self.partial);
                self.linter.line(&line);
            }
            rest = &rest[end + 1..];
        }
        self.partial.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests;
