//! The org row (spec §3): one JSON object on one line per session.
//!
//! Nested fields are stored as JSON-encoded strings. They are encoded straight into the output
//! through [`JsonStringContent`] rather than through an intermediate `String`, so a large session
//! is not held twice more while its row is written.

use std::io::Write;

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

/// Write the row of the scrubbed session object into `out`.
pub(crate) fn render(session: &Value, out: &mut dyn Write) -> std::io::Result<()> {
    let empty = Map::new();
    let source = session.as_object().unwrap_or(&empty);
    let mut first = true;
    let mut key = |out: &mut dyn Write, name: &str| -> std::io::Result<()> {
        out.write_all(if std::mem::take(&mut first) {
            b"{"
        } else {
            b","
        })?;
        serde_json::to_writer(&mut *out, name)?;
        out.write_all(b":")
    };
    for name in SCALARS {
        key(out, name)?;
        serde_json::to_writer(&mut *out, source.get(name).unwrap_or(&Value::Null))?;
    }
    for (name, absent) in ENCODED {
        key(out, name)?;
        match source.get(name) {
            None | Some(Value::Null) => serde_json::to_writer(&mut *out, absent)?,
            // Already JSON-encoded by the agent (usage_metrics may be): keep it as it is.
            Some(Value::String(s)) => serde_json::to_writer(&mut *out, s)?,
            Some(nested) => {
                out.write_all(b"\"")?;
                serde_json::to_writer(JsonStringContent(&mut *out), nested)?;
                out.write_all(b"\"")?;
            }
        }
    }
    for (name, value) in usage_scalars(source.get("usage_metrics")) {
        if !SCALARS.contains(&name.as_str()) && !ENCODED.iter().any(|(n, _)| *n == name) {
            key(out, &name)?;
            serde_json::to_writer(&mut *out, &value)?;
        }
    }
    out.write_all(b"}\n")
}

/// Writes what it is given as the content of a JSON string: `"` and `\` are escaped, and so is
/// any control character (serde_json's own output holds none, but the adapter does not rely on it).
struct JsonStringContent<W: Write>(W);

impl<W: Write> Write for JsonStringContent<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut start = 0;
        for (i, &byte) in buf.iter().enumerate() {
            let escaped: Option<&[u8]> = match byte {
                b'"' => Some(b"\\\""),
                b'\\' => Some(b"\\\\"),
                b'\n' => Some(b"\\n"),
                b'\r' => Some(b"\\r"),
                b'\t' => Some(b"\\t"),
                0x00..=0x1f => None,
                _ => continue,
            };
            self.0.write_all(&buf[start..i])?;
            match escaped {
                Some(text) => self.0.write_all(text)?,
                None => write!(self.0, "\\u{byte:04x}")?,
            }
            start = i + 1;
        }
        self.0.write_all(&buf[start..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_encoding_equals_encoding_through_a_string() {
        let nested = serde_json::json!([{"a": "quote \" backslash \\ newline \n tab \t bell \u{7}", "é": [1, null]}]);
        let mut streamed = Vec::new();
        serde_json::to_writer(JsonStringContent(&mut streamed), &nested).unwrap();
        let via_string = serde_json::to_string(&nested.to_string()).unwrap();
        assert_eq!(
            format!("\"{}\"", String::from_utf8(streamed).unwrap()),
            via_string
        );
    }
}
