//! Byte-level checks and format detection.

use serde_json::Value;

/// Longest line we accept. Sessions are text; a line this long is a pasted blob or a broken file.
pub const MAX_LINE_BYTES: usize = 32 * 1024 * 1024;

/// Why an input was refused. Messages never quote input content (it may hold secrets).
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum InputError {
    #[error("the file is empty")]
    Empty,
    #[error("binary data (a NUL byte) at line {line}")]
    Binary { line: usize },
    #[error("invalid UTF-8 at line {line}, column {column}")]
    InvalidUtf8 { line: usize, column: usize },
    #[error("line {line} is {len} bytes long, over the limit of {max} bytes")]
    LineTooLong { line: usize, len: usize, max: usize },
    #[error("malformed JSON at line {line}, column {column}: {reason}")]
    MalformedJson {
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("line {line} is truncated: the file ends inside a JSON value")]
    TruncatedLine { line: usize },
    #[error("line {line} is not a JSON object")]
    LineNotObject { line: usize },
    #[error("{path}: {problem}")]
    Field { path: String, problem: String },
    #[error("not a session: {0}")]
    Unrecognised(&'static str),
    #[error("line {line} could not be scrubbed, so nothing from this file is stored")]
    Unscrubbable { line: usize },
    #[error("unsafe session id \"{id}\": {reason}")]
    UnsafeSessionId { id: String, reason: &'static str },
}

impl InputError {
    pub(crate) fn field(path: impl Into<String>, problem: impl Into<String>) -> Self {
        InputError::Field {
            path: path.into(),
            problem: problem.into(),
        }
    }
}

/// One Claude Code JSONL line: its original bytes (without the newline) and parsed value.
#[derive(Debug)]
pub(crate) struct JsonLine<'a> {
    /// 1-based line number in the file.
    pub number: usize,
    pub raw: &'a str,
    pub value: Value,
}

pub(crate) enum Detected<'a> {
    MlIntern(Value),
    ClaudeCode(Vec<JsonLine<'a>>),
}

pub(crate) fn detect(bytes: &[u8]) -> Result<Detected<'_>, InputError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(InputError::Empty);
    }
    if let Some(pos) = memchr_nul(bytes) {
        return Err(InputError::Binary {
            line: line_of(bytes, pos),
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let pos = e.valid_up_to();
        InputError::InvalidUtf8 {
            line: line_of(bytes, pos),
            column: column_of(bytes, pos),
        }
    })?;
    check_line_lengths(text)?;

    match serde_json::from_str::<Value>(text) {
        Ok(value) => classify_single(value, text),
        Err(whole_error) => {
            // A file of several JSON values is JSONL when its first line is an object on its own.
            let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            match serde_json::from_str::<Value>(first) {
                Ok(Value::Object(_)) => parse_jsonl(text).map(Detected::ClaudeCode),
                _ => Err(InputError::MalformedJson {
                    line: whole_error.line(),
                    column: whole_error.column(),
                    reason: reason_of(&whole_error),
                }),
            }
        }
    }
}

fn classify_single(value: Value, text: &str) -> Result<Detected<'_>, InputError> {
    let Value::Object(map) = &value else {
        return Err(InputError::Unrecognised(
            "the top-level JSON value is not an object",
        ));
    };
    if map.contains_key("session_id") || map.contains_key("messages") {
        Ok(Detected::MlIntern(value))
    } else if map.contains_key("type") || map.contains_key("sessionId") {
        // A Claude Code transcript that holds a single line.
        parse_jsonl(text).map(Detected::ClaudeCode)
    } else {
        Err(InputError::Unrecognised(
            "a JSON object with neither `session_id`/`messages` (ml-intern) nor `type`/`sessionId` (Claude Code)",
        ))
    }
}

fn parse_jsonl(text: &str) -> Result<Vec<JsonLine<'_>>, InputError> {
    let ends_with_newline = text.ends_with('\n');
    let mut lines = Vec::new();
    let all: Vec<&str> = text.lines().collect();
    for (index, raw) in all.iter().enumerate() {
        let number = index + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(raw).map_err(|e| {
            let is_last = index + 1 == all.len();
            if e.is_eof() && is_last && !ends_with_newline {
                InputError::TruncatedLine { line: number }
            } else {
                InputError::MalformedJson {
                    line: number,
                    column: e.column(),
                    reason: reason_of(&e),
                }
            }
        })?;
        if !value.is_object() {
            return Err(InputError::LineNotObject { line: number });
        }
        lines.push(JsonLine { number, raw, value });
    }
    Ok(lines)
}

/// serde_json's message without its " at line L column C" tail (we give our own location).
/// Syntax errors never quote input, so the message is safe to show.
fn reason_of(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    }
}

fn check_line_lengths(text: &str) -> Result<(), InputError> {
    for (index, line) in text.split('\n').enumerate() {
        if line.len() > MAX_LINE_BYTES {
            return Err(InputError::LineTooLong {
                line: index + 1,
                len: line.len(),
                max: MAX_LINE_BYTES,
            });
        }
    }
    Ok(())
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

fn line_of(bytes: &[u8], pos: usize) -> usize {
    1 + bytes[..pos].iter().filter(|&&b| b == b'\n').count()
}

fn column_of(bytes: &[u8], pos: usize) -> usize {
    let line_start = bytes[..pos]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    pos - line_start + 1
}
