//! The second scrubbing pass over a session: every copy of a secret the first pass found is
//! redacted too, before and after the line where a rule recognised it (the same token pasted
//! into a later tool output, or quoted back in the assistant's text). Only sessions with a
//! finding take this pass, and it only looks for the exact values found.

use std::borrow::Cow;

use serde_json::Value;

use super::InputError;
use crate::scrub::{Report, Scrubber};

/// Rewrite the scrubbed JSONL `bytes`; `numbers` gives each line's input line number (for the
/// report). Every line is rewritten even when `numbers` runs short.
pub(crate) fn in_jsonl(
    bytes: &mut Vec<u8>,
    mut numbers: impl Iterator<Item = usize>,
    scrubber: &Scrubber,
    report: &mut Report,
) -> Result<(), InputError> {
    let Some(copies) = scrubber.copies_of(report.found_secrets()) else {
        return Ok(());
    };
    let text = std::str::from_utf8(bytes).expect("scrubbed JSONL is UTF-8");
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut offset = 0;
    let mut number = 0;
    for line in text.split_inclusive('\n') {
        number = numbers.next().unwrap_or(number + 1);
        let body = line.trim_end_matches('\n');
        if let Cow::Owned(new) = copies
            .scrub_jsonl_line(body, number, report)
            .map_err(|_| InputError::Unscrubbable { line: number })?
        {
            let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(&text[copied..offset]);
            out.push_str(&new);
            copied = offset + body.len();
        }
        offset += line.len();
    }
    if let Some(mut out) = out {
        out.push_str(&text[copied..]);
        *bytes = out.into_bytes();
    }
    Ok(())
}

/// The same for a session held as one JSON value.
pub(crate) fn in_value(value: &mut Value, scrubber: &Scrubber, report: &mut Report) {
    if let Some(copies) = scrubber.copies_of(report.found_secrets()) {
        copies.scrub_value(value, report);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::formats::{Rendering, read};
    use crate::scrub::Scrubber;

    /// Built at run time: no secret-shaped literal in the source.
    fn password() -> String {
        ["Vq7", "rT2", "mx9", "Lk4"].concat()
    }

    fn line(kind: &str, text: &str) -> String {
        json!({"type": kind, "sessionId": "cc-1", "timestamp": "2025-05-02T01:02:03.000Z",
               "message": {"role": kind, "content": text}})
        .to_string()
    }

    #[test]
    fn every_copy_of_a_found_secret_is_redacted_before_and_after_it() {
        let secret = password();
        let input = [
            line("user", &format!("try {secret} as the value")),
            line("user", &format!("export DB_PASSWORD={secret}")),
            line("assistant", &format!("I used `{secret}`; it works.")),
            line("assistant", "nothing here"),
        ]
        .join("\n");
        let session = read(input.as_bytes(), &Scrubber::default()).unwrap();
        let text = String::from_utf8(session.render(Rendering::ClaudeCode).unwrap()).unwrap();
        assert!(!text.contains(&secret), "{text}");
        assert_eq!(text.matches("[REDACTED:secret-assignment]").count(), 3);
        assert_eq!(session.scrub_report.secrets(), 3);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[3],
            line("assistant", "nothing here"),
            "untouched line keeps its bytes"
        );
        let located: Vec<Option<usize>> = session
            .scrub_report
            .findings()
            .iter()
            .map(|f| f.line)
            .collect();
        assert_eq!(located, [Some(2), Some(1), Some(3)]);
    }

    #[test]
    fn copies_are_found_in_ml_intern_sessions_too() {
        let secret = password();
        let session = json!({
            "session_id": "s-1", "session_start_time": "2025-06-01T10:00:00+02:00", "model_name": "m",
            "messages": [
                {"role": "user", "content": format!("the key is {secret}")},
                {"role": "assistant", "content": format!("PASSWORD={secret}")},
            ],
        });
        let read = read(session.to_string().as_bytes(), &Scrubber::default()).unwrap();
        let rendered = String::from_utf8(read.render(Rendering::ClaudeCode).unwrap()).unwrap();
        assert!(!rendered.contains(&secret));
        assert_eq!(read.scrub_report.secrets(), 2);
    }

    #[test]
    fn a_session_without_findings_takes_no_second_pass() {
        let input = line("user", "plain words only");
        let session = read(input.as_bytes(), &Scrubber::default()).unwrap();
        assert!(session.scrub_report.is_empty());
        assert_eq!(
            session.render(Rendering::ClaudeCode).unwrap(),
            format!("{input}\n").into_bytes()
        );
    }
}
