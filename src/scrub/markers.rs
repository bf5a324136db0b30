//! Where a scrubbed file was redacted, read back from its `[REDACTED:<rule-id>]` markers: what
//! `traces show --scrubbed-report` lists for a committed session. Pure: it reads only the text
//! it is given, and reports rule ids and locations, never any text around them.

use serde_json::Value;

/// One redaction marker: the rule that fired, on which line (1-based), at which JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redaction {
    pub rule: String,
    pub line: usize,
    pub path: String,
}

const MARKER: &str = "[REDACTED:";

/// Every marker in a JSON or JSONL document (a whole JSON document counts as line 1), in
/// order; a line that is not JSON is searched as text with path `$`.
pub fn redactions(text: &str) -> Vec<Redaction> {
    let mut out = Vec::new();
    if let Ok(whole) = serde_json::from_str::<Value>(text)
        && text.trim_end().contains('\n')
    {
        walk(&whole, "$", 1, &mut out);
        return out;
    }
    for (index, line) in text.lines().enumerate() {
        if !line.contains(MARKER) {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(value) => walk(&value, "$", index + 1, &mut out),
            Err(_) => markers_in(line, "$", index + 1, &mut out),
        }
    }
    out
}

fn walk(value: &Value, path: &str, line: usize, out: &mut Vec<Redaction>) {
    match value {
        Value::String(text) => markers_in(text, path, line, out),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{path}[{i}]"), line, out);
            }
        }
        Value::Object(members) => {
            for (name, member) in members {
                walk(member, &member_path(path, name), line, out);
            }
        }
        _ => {}
    }
}

fn member_path(path: &str, name: &str) -> String {
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        format!("{path}.{name}")
    } else {
        format!("{path}[{}]", Value::String(name.to_string()))
    }
}

fn markers_in(text: &str, path: &str, line: usize, out: &mut Vec<Redaction>) {
    let mut rest = text;
    while let Some(start) = rest.find(MARKER) {
        let after = &rest[start + MARKER.len()..];
        let Some(end) = after.find(']') else { break };
        let rule = &after[..end];
        if !rule.is_empty()
            && rule
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            out.push(Redaction {
                rule: rule.to_string(),
                line,
                path: path.to_string(),
            });
        }
        rest = &after[end..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_found_with_their_line_and_json_path() {
        let text = concat!(
            "{\"type\":\"user\",\"message\":{\"content\":\"clean\"}}\n",
            "{\"message\":{\"content\":[{\"text\":\"key [REDACTED:openai-key] and [REDACTED:github-pat]\"}]},\"odd key\":\"[REDACTED:password]\"}\n",
        );
        let found = redactions(text);
        let as_tuples: Vec<_> = found
            .iter()
            .map(|r| (r.rule.as_str(), r.line, r.path.as_str()))
            .collect();
        assert_eq!(
            as_tuples,
            [
                ("openai-key", 2, "$.message.content[0].text"),
                ("github-pat", 2, "$.message.content[0].text"),
                ("password", 2, "$[\"odd key\"]"),
            ]
        );
    }

    #[test]
    fn a_pretty_printed_document_and_a_bracket_that_is_no_marker() {
        let text = "{\n  \"messages\": [{\"content\": \"[REDACTED:aws-key]\"}],\n  \"note\": \"[REDACTED: not a rule]\"\n}\n";
        let found = redactions(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "$.messages[0].content");
        assert!(redactions("{\"a\":\"nothing here\"}\n").is_empty());
    }
}
