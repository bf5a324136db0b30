//! Byte-level checks and format detection.

use serde_json::{Map, Value};

use super::Agent;

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
    #[error("no user or assistant message (yet)")]
    NoConversation,
    #[error("its only line is still being written")]
    Unfinished,
    #[error("line {line} is not a JSON object")]
    LineNotObject { line: usize },
    #[error("{path}: {problem}")]
    Field { path: String, problem: String },
    #[error("not a session: {0}")]
    Unrecognised(&'static str),
    #[error(
        "not a session of a format traces knows (ml-intern, Claude Code, Codex, Pi, OpenClaw, Factory Droid): {0}"
    )]
    UnknownFormat(&'static str),
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

/// One Claude Code JSONL line, checked to be a JSON object: its original bytes (without the
/// newline). Lines are not kept parsed: a transcript's parsed tree is larger than its text.
#[derive(Debug)]
pub(crate) struct JsonLine<'a> {
    /// 1-based line number in the file.
    pub number: usize,
    pub raw: &'a str,
}

pub(crate) enum Detected<'a> {
    MlIntern(Value),
    ClaudeCode(JsonLines<'a>),
    Agent(Agent, Vec<JsonLine<'a>>),
}

/// A transcript's complete lines, and the number of a last line still being written (the
/// file ends inside it, with no newline): Claude Code appends as it goes, so that line is
/// left for the next run.
pub(crate) struct JsonLines<'a> {
    pub lines: Vec<JsonLine<'a>>,
    pub unfinished: Option<usize>,
}

impl<'a> JsonLines<'a> {
    /// Every line, or the error for a last line cut short (for the formats that keep it one).
    fn complete(self) -> Result<Vec<JsonLine<'a>>, InputError> {
        match self.unfinished {
            Some(line) => Err(InputError::TruncatedLine { line }),
            None => Ok(self.lines),
        }
    }
}

/// The UTF-8 byte order mark some Windows editors and tools write at the start of a file.
pub(super) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

pub(crate) fn detect(bytes: &[u8]) -> Result<Detected<'_>, InputError> {
    // Not part of the JSON: skipped here, put back by a byte-preserving pass-through.
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
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
                Ok(Value::Object(first)) => classify_lines(&first, text),
                // A transcript whose first line is still being written.
                Err(e) if e.is_eof() && !text.contains('\n') && first.starts_with('{') => {
                    Ok(Detected::ClaudeCode(JsonLines {
                        lines: Vec::new(),
                        unfinished: Some(1),
                    }))
                }
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
    if is_ml_intern(map) {
        Ok(Detected::MlIntern(value))
    } else {
        // A JSON Lines session that holds a single line.
        classify_lines(map, text)
    }
}

/// JSON Lines: the first line says which agent wrote it. Claude Code's lines have no header,
/// but every one carries a `type` or a `sessionId`.
fn classify_lines<'a>(
    first: &Map<String, Value>,
    text: &'a str,
) -> Result<Detected<'a>, InputError> {
    if let Some(agent) = Agent::recognise(first) {
        parse_jsonl(text)
            .and_then(JsonLines::complete)
            .map(|lines| Detected::Agent(agent, lines))
    } else if first.contains_key("type") || first.contains_key("sessionId") {
        parse_jsonl(text).map(Detected::ClaudeCode)
    } else {
        Err(InputError::UnknownFormat(
            "the first JSON object has no `type` (Claude Code, Codex, Pi, Droid), `sessionId` (Claude Code) or `session_id`/`messages` (ml-intern)",
        ))
    }
}

pub(crate) fn is_ml_intern(map: &serde_json::Map<String, Value>) -> bool {
    map.contains_key("session_id") || map.contains_key("messages")
}

/// Whether a line of `input` is longer than [`MAX_LINE_BYTES`], read in small pieces.
pub(crate) fn has_overlong_line(mut input: impl std::io::Read) -> std::io::Result<bool> {
    let mut buffer = vec![0; 64 << 10];
    let mut line_len = 0;
    loop {
        let read = match input.read(&mut buffer) {
            Ok(0) => return Ok(false),
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let chunk = &buffer[..read];
        for (i, part) in chunk.split(|&b| b == b'\n').enumerate() {
            line_len = if i == 0 {
                line_len + part.len()
            } else {
                part.len()
            };
            if line_len > MAX_LINE_BYTES {
                return Ok(true);
            }
        }
    }
}

fn parse_jsonl(text: &str) -> Result<JsonLines<'_>, InputError> {
    let ends_with_newline = text.ends_with('\n');
    let mut lines = Vec::new();
    let mut unfinished = None;
    let all: Vec<&str> = text.lines().collect();
    for (index, raw) in all.iter().enumerate() {
        let number = index + 1;
        if raw.trim().is_empty() {
            continue;
        }
        // Checked without building the value.
        if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(raw) {
            let is_last = index + 1 == all.len();
            if e.is_eof() && is_last && !ends_with_newline {
                unfinished = Some(number);
                break;
            }
            return Err(InputError::MalformedJson {
                line: number,
                column: e.column(),
                reason: reason_of(&e),
            });
        }
        if !raw.trim_start().starts_with('{') {
            return Err(InputError::LineNotObject { line: number });
        }
        lines.push(JsonLine { number, raw });
    }
    Ok(JsonLines { lines, unfinished })
}

/// serde_json's message without its " at line L column C" tail (we give our own location).
/// Syntax errors never quote input, so the message is safe to show.
pub(crate) fn reason_of(e: &serde_json::Error) -> String {
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
