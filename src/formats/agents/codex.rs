//! Codex rollouts (`~/.codex/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl`, also
//! `~/.codex/archived_sessions`): every line a `RolloutLine` `{timestamp, type, payload}`, the
//! first a `session_meta` whose payload holds the session's `id` and start `timestamp`.

use serde_json::{Map, Value};

use super::{Kind, require};

/// The line types a rollout is made of (`RolloutItem` in Codex's protocol crate).
const LINE_TYPES: [&str; 5] = [
    "session_meta",
    "response_item",
    "event_msg",
    "turn_context",
    "compacted",
];

/// A rollout line: one of Codex's line types with an object payload. A file starting with any
/// of them is a rollout (a broken one when it lacks its `session_meta`), never Claude Code.
pub(super) fn is_header(line: &Map<String, Value>) -> bool {
    line.get("type")
        .and_then(Value::as_str)
        .is_some_and(|t| LINE_TYPES.contains(&t))
        && line.get("payload").is_some_and(Value::is_object)
}

fn meta(line: &Map<String, Value>) -> Option<&Map<String, Value>> {
    if line.get("type").and_then(Value::as_str) != Some("session_meta") {
        return None;
    }
    line.get("payload").and_then(Value::as_object)
}

pub(super) fn session_id(line: &Map<String, Value>) -> Option<&str> {
    meta(line)?.get("id")?.as_str()
}

pub(super) fn start_time(line: &Map<String, Value>) -> Option<&str> {
    meta(line)?.get("timestamp")?.as_str()
}

pub(super) fn check_header(line: &Map<String, Value>, out: &mut Vec<(String, String)>) {
    check_line(line, out);
    match meta(line) {
        Some(payload) => {
            require(payload, "$.payload", "id", Kind::String, out);
            require(payload, "$.payload", "timestamp", Kind::Time, out);
            require(payload, "$.payload", "cwd", Kind::String, out);
        }
        None => out.push((
            "$.type".into(),
            "a rollout starts with its session_meta line".into(),
        )),
    }
}

pub(super) fn check_line(line: &Map<String, Value>, out: &mut Vec<(String, String)>) {
    require(line, "$", "timestamp", Kind::Time, out);
    require(line, "$", "type", Kind::String, out);
    require(line, "$", "payload", Kind::Object, out);
}
