//! Pi sessions (`~/.pi/agent/sessions/--<cwd>--/<time>_<id>.jsonl`) and OpenClaw's, which
//! embeds Pi's agent and writes the same files under `~/.openclaw/`: the first line is the
//! session header `{type: "session", id, timestamp, cwd}`, the others entries (`message`,
//! `model_change`, `compaction`...) that carry a `timestamp`.

use serde_json::{Map, Value};

use super::{Kind, require};

pub(super) fn is_header(line: &Map<String, Value>) -> bool {
    line.get("type").and_then(Value::as_str) == Some("session")
        && line.get("id").is_some_and(Value::is_string)
}

/// The rule the Hub's JSON builder uses to tell OpenClaw from Pi.
pub(super) fn is_openclaw(line: &Map<String, Value>) -> bool {
    line.get("cwd")
        .and_then(Value::as_str)
        .is_some_and(|cwd| cwd.contains("/.openclaw/"))
}

pub(super) fn session_id(line: &Map<String, Value>) -> Option<&str> {
    if !is_header(line) {
        return None;
    }
    line.get("id")?.as_str()
}

pub(super) fn start_time(line: &Map<String, Value>) -> Option<&str> {
    line.get("timestamp")?.as_str()
}

pub(super) fn check_header(line: &Map<String, Value>, out: &mut Vec<(String, String)>) {
    require(line, "$", "id", Kind::String, out);
    require(line, "$", "timestamp", Kind::Time, out);
    require(line, "$", "cwd", Kind::String, out);
}

pub(super) fn check_line(line: &Map<String, Value>, out: &mut Vec<(String, String)>) {
    require(line, "$", "type", Kind::String, out);
    require(line, "$", "timestamp", Kind::Time, out);
    if line.get("type").and_then(Value::as_str) == Some("message") {
        require(line, "$", "message", Kind::Object, out);
        if let Some(message) = line.get("message").and_then(Value::as_object) {
            require(message, "$.message", "role", Kind::String, out);
        }
    }
}
