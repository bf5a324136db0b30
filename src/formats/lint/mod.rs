//! Checks a Claude Code JSONL transcript the way strict consumers do (HTML exporters, usage
//! analysers, replay tools) and the way the Hub picks a dataset's format.
//!
//! The linter is fed line by line, so a rendering can be checked while it is streamed, and it
//! keeps only ids, never content. Messages name fields and ids, never values: a transcript may
//! hold what scrubbing missed.

use std::collections::HashSet;
use std::io::Write;

use serde_json::{Map, Value};

use super::detect::reason_of;

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
    let text = text.strip_suffix(b"\n").unwrap_or(text);
    if !text.is_empty() {
        text.split(|&b| b == b'\n')
            .for_each(|line| linter.line(line));
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

impl Linter {
    /// Check the next line (without its newline).
    pub fn line(&mut self, raw: &[u8]) {
        self.line += 1;
        let in_window = self.bytes < FORMAT_WINDOW_BYTES;
        self.bytes += raw.len() + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        // A byte order mark is not part of the first line's JSON.
        let raw = match self.line {
            1 => raw.strip_prefix(super::detect::UTF8_BOM).unwrap_or(raw),
            _ => raw,
        };
        if raw.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        let value = match serde_json::from_slice::<Value>(raw) {
            Ok(Value::Object(map)) => map,
            Ok(_) => return self.find(Check::Json, "not a JSON object".to_string()),
            Err(e) => {
                let message = format!("not JSON at column {}: {}", e.column(), reason_of(&e));
                return self.find(Check::Json, message);
            }
        };
        let kind = match value.get("type") {
            Some(Value::String(kind)) => kind.as_str(),
            Some(_) => return self.find(Check::Field, "$.type: expected a string".to_string()),
            None => return self.find(Check::Field, "$.type: missing".to_string()),
        };
        match kind {
            "user" | "assistant" => {
                self.lint.messages += 1;
                self.chained_line(&value);
                if kind == "user" {
                    self.user_in_window |= in_window;
                    self.user_message(&value);
                } else {
                    self.assistant_in_window |= in_window;
                    self.assistant_message(&value);
                }
            }
            "system" => self.chained_line(&value),
            "summary" => {
                self.field(&value, "$", "summary", Type::String);
                self.field(&value, "$", "leafUuid", Type::String);
            }
            // Claude Code writes other bookkeeping lines (file snapshots, queue operations)
            // that consumers skip.
            _ => {}
        }
        // Progress, attachment, summary and other lines that carry a uuid are links of the
        // chain too: readers resolve a parentUuid through them.
        if !matches!(kind, "user" | "assistant" | "system")
            && let Some(Value::String(uuid)) = value.get("uuid")
        {
            self.uuids.insert(uuid.clone());
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
    fn chained_line(&mut self, line: &Map<String, Value>) {
        for (key, expected) in [
            ("isSidechain", Type::Bool),
            ("userType", Type::String),
            ("cwd", Type::String),
            ("version", Type::String),
        ] {
            self.field(line, "$", key, expected);
        }
        if line
            .get("gitBranch")
            .is_some_and(|branch| !branch.is_string())
        {
            self.find(Check::Field, "$.gitBranch: expected a string".to_string());
        }
        if let Some(timestamp) = self.field(line, "$", "timestamp", Type::String) {
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
        self.field(line, "$", "sessionId", Type::String);
        let parent = self
            .field(line, "$", "parentUuid", Type::StringOrNull)
            .and_then(Value::as_str);
        // A subagent's transcript is a sidechain: its root may have no parent, or name the
        // line of the parent session (in another file) that started it.
        let sidechain = line.get("isSidechain") == Some(&Value::Bool(true));
        let sidechain_root = sidechain && self.chained_lines == 0;
        match parent {
            Some(_) if sidechain_root => {}
            Some(parent) if !self.uuids.contains(parent) => {
                let message = format!("parentUuid {} names no earlier line", shown(parent));
                self.find(Check::Chain, message);
            }
            None if self.chained_lines > 0
                && !sidechain
                && line.contains_key("parentUuid")
                && !matches!(line.get("logicalParentUuid"), Some(Value::String(_))) =>
            {
                self.find(
                    Check::Chain,
                    "parentUuid is null after the first line: the chain is broken".to_string(),
                );
            }
            _ => {}
        }
        if let Some(uuid) = self.field(line, "$", "uuid", Type::String) {
            let uuid = uuid.as_str().unwrap_or_default();
            if !self.uuids.insert(uuid.to_string()) {
                let message = format!("uuid {} is used by an earlier line", shown(uuid));
                self.find(Check::Chain, message);
            }
        }
        self.chained_lines += 1;
    }

    fn user_message(&mut self, line: &Map<String, Value>) {
        let Some(message) = self.object(line, "$", "message") else {
            return;
        };
        self.role(message, "user");
        match message.get("content") {
            Some(Value::String(_)) => {}
            Some(Value::Array(blocks)) => {
                for (i, block) in blocks.iter().enumerate() {
                    let path = format!("$.message.content[{i}]");
                    let Some(block) = self.block(block, &path) else {
                        continue;
                    };
                    if block.get("type").and_then(Value::as_str) == Some("tool_result") {
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

    fn tool_result(&mut self, block: &Map<String, Value>, path: &str) {
        if let Some(id) = self.field(block, path, "tool_use_id", Type::String) {
            let id = id.as_str().unwrap_or_default();
            if !self.tool_uses.contains(id) {
                let message = format!(
                    "{path}: tool_result for {} answers no earlier tool_use",
                    shown(id)
                );
                self.find(Check::ToolResult, message);
            }
        }
        match block.get("content") {
            None | Some(Value::String(_) | Value::Array(_)) => {}
            Some(_) => self.find(
                Check::Field,
                format!("{path}.content: expected a string or an array"),
            ),
        }
        if block.contains_key("is_error") {
            self.field(block, path, "is_error", Type::Bool);
        }
    }

    fn assistant_message(&mut self, line: &Map<String, Value>) {
        let Some(message) = self.object(line, "$", "message") else {
            return;
        };
        let path = "$.message";
        self.role(message, "assistant");
        for (key, expected) in [
            ("id", Type::String),
            ("type", Type::String),
            ("model", Type::String),
            ("stop_reason", Type::StringOrNull),
            ("stop_sequence", Type::StringOrNull),
        ] {
            self.field(message, path, key, expected);
        }
        if let Some(usage) = self.object(message, path, "usage") {
            for key in ["input_tokens", "output_tokens"] {
                self.field(usage, "$.message.usage", key, Type::Count);
            }
        }
        let Some(blocks) = self.field(message, path, "content", Type::Array) else {
            return;
        };
        for (i, block) in blocks.as_array().into_iter().flatten().enumerate() {
            let path = format!("$.message.content[{i}]");
            let Some(block) = self.block(block, &path) else {
                continue;
            };
            match block.get("type").and_then(Value::as_str) {
                Some("text") => {
                    self.field(block, &path, "text", Type::String);
                }
                Some("thinking") => {
                    self.field(block, &path, "thinking", Type::String);
                }
                Some("tool_use") => {
                    self.field(block, &path, "name", Type::String);
                    self.field(block, &path, "input", Type::Object);
                    if let Some(id) = self.field(block, &path, "id", Type::String) {
                        let id = id.as_str().unwrap_or_default().to_string();
                        self.tool_uses.insert(id);
                    }
                }
                _ => {}
            }
        }
    }

    fn role(&mut self, message: &Map<String, Value>, expected: &str) {
        if let Some(role) = self.field(message, "$.message", "role", Type::String)
            && role.as_str() != Some(expected)
        {
            let message = format!("$.message.role: expected \"{expected}\"");
            self.find(Check::Field, message);
        }
    }

    /// A content block: an object with a string `type`.
    fn block<'v>(&mut self, block: &'v Value, path: &str) -> Option<&'v Map<String, Value>> {
        let Value::Object(map) = block else {
            self.find(Check::Field, format!("{path}: expected an object"));
            return None;
        };
        self.field(map, path, "type", Type::String)?;
        Some(map)
    }

    fn object<'v>(
        &mut self,
        map: &'v Map<String, Value>,
        path: &str,
        key: &str,
    ) -> Option<&'v Map<String, Value>> {
        self.field(map, path, key, Type::Object)?.as_object()
    }

    /// The field when it is present with the expected type; a finding otherwise.
    fn field<'v>(
        &mut self,
        map: &'v Map<String, Value>,
        path: &str,
        key: &str,
        expected: Type,
    ) -> Option<&'v Value> {
        match map.get(key) {
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
    fn matches(self, value: &Value) -> bool {
        match self {
            Type::String => value.is_string(),
            Type::StringOrNull => value.is_string() || value.is_null(),
            Type::Bool => value.is_boolean(),
            Type::Object => value.is_object(),
            Type::Array => value.is_array(),
            Type::Count => value.is_u64(),
        }
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
