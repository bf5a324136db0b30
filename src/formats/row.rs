//! The org row (spec §3): one JSON object on one line per session.

use serde_json::{Map, Value};

const SCALARS: [&str; 6] = [
    "session_id",
    "user_id",
    "session_start_time",
    "session_end_time",
    "model_name",
    "total_cost_usd",
];

/// Nested fields the row stores as JSON-encoded strings, with the value used when absent.
const ENCODED: [(&str, &str); 4] = [
    ("messages", "[]"),
    ("events", "[]"),
    ("tools", "[]"),
    ("usage_metrics", "{}"),
];

/// Render the row from the scrubbed session object.
pub(crate) fn render(session: &Value) -> Vec<u8> {
    let empty = Map::new();
    let source = session.as_object().unwrap_or(&empty);
    let mut row = Map::new();
    for key in SCALARS {
        row.insert(
            key.to_string(),
            source.get(key).cloned().unwrap_or(Value::Null),
        );
    }
    for (key, absent) in ENCODED {
        let encoded = match source.get(key) {
            None | Some(Value::Null) => absent.to_string(),
            // Already JSON-encoded by the agent (usage_metrics may be): keep it as it is.
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        };
        row.insert(key.to_string(), Value::String(encoded));
    }
    for (key, value) in usage_scalars(source.get("usage_metrics")) {
        row.entry(key).or_insert(value);
    }
    let mut out =
        serde_json::to_vec(&Value::Object(row)).expect("serialising JSON values into memory");
    out.push(b'\n');
    out
}

/// Scalar fields of `usage_metrics` (object or JSON-encoded object), lifted into the row.
fn usage_scalars(usage: Option<&Value>) -> Vec<(String, Value)> {
    let parsed;
    let map = match usage {
        Some(Value::Object(map)) => map,
        Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => {
                parsed = map;
                &parsed
            }
            _ => return Vec::new(),
        },
        _ => return Vec::new(),
    };
    map.iter()
        .filter(|(_, v)| matches!(v, Value::Number(_) | Value::String(_) | Value::Bool(_)))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}
