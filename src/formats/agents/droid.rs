//! Factory Droid sessions (`~/.factory/sessions/...`): the first line is
//! `{type: "session_start", id, version, cwd}`, the others `message` entries shaped like Pi's.

use serde_json::{Map, Value};

use super::{Kind, require};

/// Droid's own rule, as the Hub's reader applies it: a `session_start` first line with a
/// `cwd` and a `version`.
pub(super) fn is_header(line: &Map<String, Value>) -> bool {
    line.get("type").and_then(Value::as_str) == Some("session_start")
        && line.get("cwd").is_some_and(Value::is_string)
        && line.get("version").is_some_and(|v| !v.is_null())
}

pub(super) fn session_id(line: &Map<String, Value>) -> Option<&str> {
    if !is_header(line) {
        return None;
    }
    line.get("id")?.as_str()
}

pub(super) fn check_header(line: &Map<String, Value>, out: &mut Vec<(String, String)>) {
    require(line, "$", "id", Kind::String, out);
    require(line, "$", "version", Kind::Integer, out);
    require(line, "$", "cwd", Kind::String, out);
}

pub(super) fn check_line(line: &Map<String, Value>, out: &mut Vec<(String, String)>) {
    require(line, "$", "type", Kind::String, out);
    if line.get("type").and_then(Value::as_str) == Some("message") {
        require(line, "$", "timestamp", Kind::Time, out);
        require(line, "$", "message", Kind::Object, out);
        if let Some(message) = line.get("message").and_then(Value::as_object) {
            require(message, "$.message", "role", Kind::String, out);
        }
    }
}
