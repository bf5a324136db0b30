//! JSON Lines sessions (Claude Code transcripts and the other agents' sessions) read one line
//! at a time, so a transcript of hundreds of megabytes is never held whole next to its
//! scrubbed copy: [`read_lines`] keeps one line and the scrubbed output.
//!
//! Reading whole ([`super::read_file`]) and reading line by line share what each scrubbed line
//! says ([`LineState`]) and how the session is finished, so both give the same session. The
//! line reader takes only the inputs it can read as they come: anything it would have to
//! refuse, and anything that is not plainly JSON Lines, is left to the whole read, which says
//! exactly what is wrong with it.

use std::borrow::Cow;
use std::io::BufRead;

use serde_json::Value;

use super::detect::{self, InputError, JsonLine, MAX_LINE_BYTES, UTF8_BOM};
use super::{
    Body, FileHint, InputKind, ScrubbedSession, agents, check_session_id, claude_code, copies,
    identity, lint, transcript,
};
use crate::scrub::{Report, Scrubber};

/// What the lines of one session said so far, by its format.
pub(super) enum LineState {
    ClaudeCode(claude_code::PassthroughLines),
    Agent(agents::PassthroughLines),
}

/// A session's lines once all are scrubbed, with what finishing it needs.
pub(super) struct Finished<'a> {
    /// Every scrubbed line, each ending in `\n`, without the byte order mark.
    pub scrubbed: Vec<u8>,
    /// The input line number of each scrubbed line (blank lines are left out).
    pub numbers: Vec<usize>,
    /// A last line still being written, left out.
    pub unfinished: Option<usize>,
    /// Whether the input started with a UTF-8 byte order mark (kept in the stored bytes).
    pub bom: bool,
    pub hint: &'a FileHint,
    pub scrubber: &'a Scrubber,
    pub report: Report,
    pub input_len: usize,
}

impl LineState {
    pub(super) fn new(kind: InputKind) -> LineState {
        match kind {
            InputKind::Agent(agent) => LineState::Agent(agents::PassthroughLines::new(agent)),
            InputKind::ClaudeCode | InputKind::MlIntern => {
                LineState::ClaudeCode(claude_code::PassthroughLines::default())
            }
        }
    }

    /// Take in the line at `index` (counting lines kept), as read and as scrubbed
    /// (`rewritten` when scrubbing changed it). Returns the line to store instead of
    /// `scrubbed` when an id on it had to get its keyed substitute (`formats/identity`).
    pub(super) fn line(
        &mut self,
        index: usize,
        line: &JsonLine<'_>,
        scrubbed: &str,
        rewritten: bool,
    ) -> Result<Option<String>, InputError> {
        let agent = match self {
            LineState::ClaudeCode(_) => None,
            LineState::Agent(state) => Some(state.agent()),
        };
        let substituted = if rewritten {
            identity::substitute_in_line(
                line.raw.trim_end_matches('\r'),
                scrubbed,
                &identity::id_members(agent, index),
            )
        } else {
            None
        };
        let stored = substituted.as_deref().unwrap_or(scrubbed);
        match self {
            LineState::ClaudeCode(state) => state.line(line.number, stored)?,
            LineState::Agent(state) => state.line(index, line, stored, rewritten)?,
        }
        Ok(substituted)
    }

    /// The session: its identity, the second pass over copies of what was found, the byte
    /// order mark put back.
    pub(super) fn finish(self, done: Finished<'_>) -> Result<ScrubbedSession, InputError> {
        let Finished {
            scrubbed,
            numbers,
            unfinished,
            bom,
            hint,
            scrubber,
            mut report,
            input_len,
        } = done;
        let mut other_session_ids = Vec::new();
        let (kind, session_id, date, mut bytes) = match self {
            LineState::ClaudeCode(state) => {
                let mut passthrough = state.finish(scrubbed)?;
                let ids: Vec<String> = passthrough
                    .session_ids
                    .iter()
                    .chain(&passthrough.sidechain_agent)
                    .cloned()
                    .collect();
                let flagged =
                    identity::substitute_found(&mut passthrough.bytes, &ids, &report, None);
                if !flagged.is_empty() {
                    passthrough.session_ids = transcript::session_ids_of(&passthrough.bytes);
                    passthrough.sidechain_agent = passthrough.sidechain_agent.map(|agent| {
                        if flagged.contains(&agent) {
                            identity::substitute(&agent)
                        } else {
                            agent
                        }
                    });
                }
                copies::in_jsonl(
                    &mut passthrough.bytes,
                    numbers.into_iter(),
                    scrubber,
                    &mut report,
                )?;
                let id = transcript::transcript_id(
                    &identity::scrubbed_hint(hint, scrubber, &report),
                    &passthrough.session_ids,
                    passthrough.sidechain_agent.as_deref(),
                )?;
                other_session_ids = passthrough
                    .session_ids
                    .into_iter()
                    .filter(|other| *other != id.session_id)
                    .collect();
                (
                    InputKind::ClaudeCode,
                    id.name(),
                    passthrough.date,
                    passthrough.bytes,
                )
            }
            LineState::Agent(state) => {
                let agent = state.agent();
                let mut passthrough = state.finish(scrubbed)?;
                let ids = [passthrough.session_id.clone()];
                let flagged =
                    identity::substitute_found(&mut passthrough.bytes, &ids, &report, Some(agent));
                if !flagged.is_empty() {
                    passthrough.session_id = identity::substitute(&passthrough.session_id);
                }
                copies::in_jsonl(
                    &mut passthrough.bytes,
                    numbers.into_iter(),
                    scrubber,
                    &mut report,
                )?;
                check_session_id(&passthrough.session_id)?;
                (
                    InputKind::Agent(agent),
                    passthrough.session_id,
                    passthrough.date,
                    passthrough.bytes,
                )
            }
        };
        if bom {
            // A pass-through keeps the file's bytes, its byte order mark included.
            bytes.splice(0..0, UTF8_BOM.iter().copied());
        }
        Ok(ScrubbedSession {
            kind,
            session_id,
            other_session_ids,
            unfinished_line: if kind == InputKind::ClaudeCode {
                unfinished
            } else {
                None
            },
            date,
            scrub_report: report,
            body: Body::Passthrough(bytes),
            input_len,
            linted: None,
        })
    }
}

/// How one line came out of the reader.
enum Read {
    /// The end of the input: nothing more was read.
    End,
    /// A line, ending in `\n` or (the last one) not.
    Line { newline: bool },
    /// A line over [`MAX_LINE_BYTES`].
    TooLong,
}

/// Read the next line of `input` into `line` (cleared first), never more than
/// [`MAX_LINE_BYTES`] and its newline.
fn next_line(input: &mut impl BufRead, line: &mut Vec<u8>) -> std::io::Result<Read> {
    line.clear();
    let limit = MAX_LINE_BYTES as u64 + 2;
    let read = std::io::Read::take(&mut *input, limit).read_until(b'\n', line)?;
    if read == 0 {
        return Ok(Read::End);
    }
    let newline = line.last() == Some(&b'\n');
    if line.len() - usize::from(newline) > MAX_LINE_BYTES {
        return Ok(Read::TooLong);
    }
    Ok(Read::Line { newline })
}

/// A line's text without its newline and one `\r` before it (as [`str::lines`] cuts them);
/// `None` for bytes the whole read refuses (a NUL byte, invalid UTF-8).
fn text_of(line: &[u8]) -> Option<&str> {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if memchr::memchr(0, line).is_some() {
        return None;
    }
    std::str::from_utf8(line).ok()
}

/// Whether `bytes` are only what JSON counts as whitespace.
fn is_json_blank(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

/// Read a session from `input` (`len` bytes long) one line at a time: a JSON Lines session
/// (Claude Code's or another agent's) is scrubbed line by line, holding one line and the
/// scrubbed output, never the input whole; an ml-intern session written on one line is read
/// from that line. `Ok(None)` when the input is anything else or anything wrong: empty, not
/// JSON Lines, a bad or overlong line, a line that cannot be scrubbed. Then [`super::read_file`]
/// the whole input, which says exactly what it is.
pub fn read_lines(
    mut input: impl BufRead,
    len: usize,
    hint: &FileHint,
    scrubber: &Scrubber,
) -> std::io::Result<Option<Result<ScrubbedSession, InputError>>> {
    let mut line = Vec::new();
    let mut number = 0;
    let mut bom = false;
    // The first line that is not blank says what the file is.
    let newline = loop {
        let Read::Line { newline } = next_line(&mut input, &mut line)? else {
            return Ok(None);
        };
        number += 1;
        if number == 1 && line.starts_with(UTF8_BOM) {
            line.drain(..UTF8_BOM.len());
            bom = true;
        }
        let Some(text) = text_of(&line) else {
            return Ok(None);
        };
        if !text.trim().is_empty() {
            break newline;
        }
        // Blank to a reader of lines but not to a JSON parser: left to the whole read.
        if !newline || !is_json_blank(&line) {
            return Ok(None);
        }
    };
    let Some(text) = text_of(&line) else {
        return Ok(None);
    };
    let Ok(Value::Object(first)) = serde_json::from_str::<Value>(text) else {
        return Ok(None);
    };
    let kind = if detect::is_ml_intern(&first) {
        // One JSON value on one line, then nothing but blank lines: an ml-intern session.
        if newline {
            loop {
                match next_line(&mut input, &mut line)? {
                    Read::End => break,
                    Read::Line { newline } => {
                        if !is_json_blank(&line) {
                            return Ok(None);
                        }
                        if !newline {
                            break;
                        }
                    }
                    Read::TooLong => return Ok(None),
                }
            }
        }
        return Ok(Some(super::read_ml_intern(
            Value::Object(first),
            len,
            scrubber,
        )));
    } else if let Some(agent) = super::Agent::recognise(&first) {
        InputKind::Agent(agent)
    } else if first.contains_key("type") || first.contains_key("sessionId") {
        InputKind::ClaudeCode
    } else {
        return Ok(None);
    };
    drop(first);

    let mut state = LineState::new(kind);
    let mut report = Report::default();
    // Scrubbing rarely changes a file's length by much: one allocation, no doubling.
    let mut scrubbed = Vec::with_capacity(len + 4096);
    let mut numbers = Vec::new();
    let mut unfinished = None;
    let mut clean = crate::scrub::CleanStrings::default();
    let mut newline = newline;
    // A Claude Code transcript is linted as it is read, each line in the parse that reads its
    // head and checks it is JSON.
    let mut linter = (kind == InputKind::ClaudeCode).then(lint::Linter::default);
    loop {
        let Some(raw) = text_of(&line) else {
            return Ok(None);
        };
        if !raw.trim().is_empty() {
            let text = raw.trim_end_matches('\r');
            let parsed = linter.is_some().then(|| lint::ParsedLine::of(text));
            let head = parsed.as_ref().and_then(lint::ParsedLine::head);
            // Checked without building the value.
            if head.is_none()
                && let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(raw)
            {
                // A last line with no newline that ends inside its value is still being written.
                if e.is_eof() && !newline && kind == InputKind::ClaudeCode {
                    unfinished = Some(number);
                    break;
                }
                return Ok(None);
            }
            if !raw.trim_start().starts_with('{') {
                return Ok(None);
            }
            let Ok(clean) =
                scrubber.scrub_jsonl_line_remembering(text, number, &mut report, &mut clean)
            else {
                return Ok(None);
            };
            let json_line = JsonLine { number, raw };
            let rewritten = matches!(clean, Cow::Owned(_));
            let substituted = match (head, &mut state) {
                // What `LineState::line` does with a line scrubbing left alone, from the head
                // read above (the same bytes, but a `\r` JSON reads as blank space).
                (Some(head), LineState::ClaudeCode(lines)) if !rewritten => {
                    lines.unchanged_line(head);
                    None
                }
                _ => match state.line(numbers.len(), &json_line, &clean, rewritten) {
                    Ok(substituted) => substituted,
                    Err(_) => return Ok(None),
                },
            };
            let stored = substituted.as_deref().unwrap_or(&clean);
            if let (Some(linter), Some(parsed)) = (&mut linter, parsed) {
                // The stored line, as the lint of the stored bytes would see it.
                let bom_len = if bom && numbers.is_empty() {
                    UTF8_BOM.len()
                } else {
                    0
                };
                let parsed = if rewritten {
                    lint::ParsedLine::of(stored)
                } else {
                    parsed
                };
                linter.parsed_line(stored.len() + bom_len, parsed);
            }
            scrubbed.extend_from_slice(stored.as_bytes());
            scrubbed.push(b'\n');
            numbers.push(number);
        }
        if !newline {
            break;
        }
        match next_line(&mut input, &mut line)? {
            Read::End => break,
            Read::Line { newline: n } => newline = n,
            Read::TooLong => return Ok(None),
        }
        number += 1;
    }
    // The lint holds when the stored bytes are the lines as stored here: when nothing was
    // found, the second pass (copies, ids named after a secret) changes none of them.
    let linted = linter
        .filter(|_| report.found_secrets().is_empty())
        .map(lint::Linter::finish);
    Ok(Some(
        state
            .finish(Finished {
                scrubbed,
                numbers,
                unfinished,
                bom,
                hint,
                scrubber,
                report,
                input_len: len,
            })
            .map(|session| session.linted_as_read(linted)),
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::formats::{Rendering, read_file};

    fn hint() -> FileHint {
        FileHint::of_path(std::path::Path::new(
            "/p/-home-u-w/6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c.jsonl",
        ))
    }

    /// Built at run time: no secret-shaped literal in the source.
    fn secret() -> String {
        ["Vq7", "rT2", "mx9", "Lk4"].concat()
    }

    fn claude_line(kind: &str, text: &str) -> String {
        json!({"type": kind, "sessionId": "6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c",
               "timestamp": "2025-05-02T01:02:03.000Z", "message": {"role": kind, "content": text}})
        .to_string()
    }

    fn read_by_lines(input: &str) -> Option<Result<ScrubbedSession, InputError>> {
        // A one-byte buffer: lines come in pieces, as from a slow disk.
        let reader = std::io::BufReader::with_capacity(1, input.as_bytes());
        read_lines(reader, input.len(), &hint(), &Scrubber::default()).unwrap()
    }

    /// What a session is, as far as the store and the report can tell.
    fn summary(session: &ScrubbedSession) -> String {
        let renderings: Vec<String> = session
            .renderings()
            .iter()
            .map(|&r| String::from_utf8(session.render(r).unwrap()).unwrap())
            .collect();
        format!(
            "{:?} {} {:?} {:?} {} {:?} {:?}",
            session.kind,
            session.session_id,
            session.other_session_ids,
            session.unfinished_line,
            session.date,
            session.scrub_report.findings(),
            renderings,
        )
    }

    #[test]
    fn a_session_read_line_by_line_is_the_session_read_whole() {
        let secret = secret();
        let user = claude_line("user", "hello");
        let answer = claude_line("assistant", "hi there");
        let with_secret = claude_line("user", &format!("export DB_PASSWORD={secret}"));
        let quoting = claude_line("assistant", &format!("I used `{secret}`."));
        let codex = [
            json!({"timestamp": "2025-09-14T08:30:00.120Z", "type": "session_meta",
                   "payload": {"id": "0199a1b2-c3d4", "timestamp": "2025-09-14T08:30:00.100Z", "cwd": "/w"}}),
            json!({"timestamp": "2025-09-14T08:30:01.000Z", "type": "response_item",
                   "payload": {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hi"}]}}),
        ]
        .map(|l| l.to_string())
        .join("\n");
        let ml_intern = json!({"session_id": "s-1", "session_start_time": "2025-06-01T10:00:00Z",
            "model_name": "m", "messages": [{"role": "user", "content": "hi"},
            {"role": "assistant", "content": format!("PASSWORD={secret}")}]})
        .to_string();
        let cases = [
            format!("{user}\n{answer}\n"),
            format!("{user}\n{answer}"),
            format!("\u{feff}{user}\n{answer}\n"),
            format!("{user}\r\n\r\n  \n{answer}\r\n"),
            format!("\n\n{user}\n{answer}\n"),
            format!("{quoting}\n{with_secret}\n{user}\n{answer}\n"),
            // The last line is still being written: left for the next run.
            format!("{user}\n{answer}\n{}", &answer[..answer.len() / 2]),
            // Its head cannot be read (a duplicate member), and it is cut short: the same.
            format!("{user}\n{answer}\n{{\"type\": \"user\", \"type\": \"user\", \"mess"),
            format!("{codex}\n"),
            format!("{ml_intern}\n\n"),
            ml_intern.clone(),
        ];
        for input in &cases {
            let by_lines = read_by_lines(input)
                .unwrap_or_else(|| panic!("read line by line: {input:?}"))
                .unwrap();
            let whole = read_file(input.as_bytes(), &hint(), &Scrubber::default()).unwrap();
            assert_eq!(summary(&by_lines), summary(&whole), "{input:?}");
        }
        let redacted = read_by_lines(&cases[5]).unwrap().unwrap();
        let stored = String::from_utf8(redacted.render(Rendering::ClaudeCode).unwrap()).unwrap();
        assert!(!stored.contains(&secret), "every copy redacted: {stored}");
        assert!(
            stored.ends_with(&format!("{user}\n{answer}\n")),
            "clean lines keep their bytes"
        );
        let unfinished = read_by_lines(&cases[6]).unwrap().unwrap();
        assert_eq!(unfinished.unfinished_line, Some(3));
        let bom = read_by_lines(&cases[2]).unwrap().unwrap();
        assert!(bom.passthrough_bytes().unwrap().starts_with(UTF8_BOM));
    }

    #[test]
    fn ids_scrubbing_changes_get_their_substitutes_line_by_line_as_whole() {
        // A token-shaped id, built at run time (no secret-shaped literal in the source).
        let token: String = {
            let chars = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            let mut state: u64 = 7;
            let body: String = (0..36)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    char::from(chars[(state >> 33) as usize % chars.len()])
                })
                .collect();
            format!("ghp_{body}")
        };
        let password = secret();
        let line = |id: &str, kind: &str, text: &str| {
            json!({"type": kind, "sessionId": id, "timestamp": "2025-05-02T01:02:03.000Z",
                   "message": {"role": kind, "content": text}})
            .to_string()
        };
        // Changed on its own line (a token), and changed only as a copy of a secret the
        // content gave away.
        for (raw, extra) in [
            (token.as_str(), String::new()),
            (password.as_str(), format!("export DB_PASSWORD={password}")),
        ] {
            let input = format!(
                "{}\n{}\n",
                line(raw, "user", &format!("hello {extra}")),
                line(raw, "assistant", "hi")
            );
            // Named after its session, as Claude Code names its files.
            let named = FileHint {
                stem: Some(raw.to_string()),
                subagents_of: None,
            };
            let reader = std::io::BufReader::with_capacity(1, input.as_bytes());
            let by_lines = read_lines(reader, input.len(), &named, &Scrubber::default())
                .unwrap()
                .unwrap()
                .unwrap();
            let whole = read_file(input.as_bytes(), &named, &Scrubber::default()).unwrap();
            assert_eq!(summary(&by_lines), summary(&whole));
            assert_eq!(by_lines.session_id, identity::substitute(raw));
            assert!(by_lines.other_session_ids.is_empty());
            let stored = String::from_utf8(by_lines.passthrough_bytes().unwrap().to_vec()).unwrap();
            assert!(!stored.contains(raw), "{stored}");
            assert_eq!(
                transcript::session_ids_of(stored.as_bytes()),
                vec![identity::substitute(raw)],
                "every line names the file's session"
            );
        }
    }

    #[test]
    fn what_the_whole_read_refuses_or_reads_otherwise_is_left_to_it() {
        let user = claude_line("user", "hello");
        let answer = claude_line("assistant", "hi there");
        let pretty_ml_intern = serde_json::to_string_pretty(&json!({"session_id": "s-1",
            "session_start_time": "2025-06-01T10:00:00Z", "messages": []}))
        .unwrap();
        let overlong = format!("{user}\n{{\"pad\":\"{}\"}}\n", "x".repeat(MAX_LINE_BYTES));
        let cases = [
            String::new(),
            "\n  \n".to_string(),
            pretty_ml_intern,
            format!("{user}\n{{\"type\": \"user\"\n{answer}\n"),
            format!("{user}\n[1, 2]\n"),
            // JSON, but its head cannot be read.
            format!("{user}\n{{\"type\": \"user\", \"type\": \"assistant\"}}\n"),
            format!("{user}\nnot json\n"),
            format!("{user}\n{}\u{0}\n", &answer[..answer.len() - 1]),
            format!("{{\"x\": 1}}\n{user}\n"),
            // An agent's session cut short is refused, not left for later.
            "{\"timestamp\": \"2025-09-14T08:30:00.120Z\", \"type\": \"session_meta\", \"payload\": {\"id\": \"x\"}}\n{\"type\": \"resp".to_string(),
            overlong,
        ];
        for input in &cases {
            assert!(
                read_by_lines(input).is_none(),
                "left to the whole read: {:?}",
                &input[..input.len().min(80)]
            );
        }
        let mut invalid = format!("{user}\n").into_bytes();
        invalid.extend_from_slice(b"{\"type\": \"user\", \"x\": \"\xff\"}\n");
        let reader = std::io::BufReader::new(invalid.as_slice());
        assert!(
            read_lines(reader, invalid.len(), &hint(), &Scrubber::default())
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn a_transcript_without_a_conversation_says_so_as_the_whole_read_does() {
        let line = json!({"type": "summary", "sessionId": "6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c",
                          "timestamp": "2025-05-02T01:02:03.000Z"})
        .to_string();
        let input = format!("{line}\n");
        assert_eq!(
            read_by_lines(&input).unwrap().unwrap_err(),
            InputError::NoConversation
        );
    }

    /// Whether the reader linted the lines as it read them; when it did, that lint must be the
    /// lint of the stored bytes.
    fn linted_as_read(input: &[u8]) -> bool {
        let reader = std::io::BufReader::with_capacity(7, input);
        let mut session = read_lines(reader, input.len(), &hint(), &Scrubber::default())
            .unwrap()
            .unwrap_or_else(|| panic!("not read line by line: {}", String::from_utf8_lossy(input)))
            .expect("a transcript");
        let Some(as_read) = session.take_lint_as_read() else {
            return false;
        };
        let of_bytes = lint::lint(session.passthrough_bytes().unwrap());
        assert_eq!(as_read, of_bytes, "{}", String::from_utf8_lossy(input));
        true
    }

    #[test]
    fn a_transcript_linted_as_read_has_the_lint_of_its_stored_bytes() {
        let id = "6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c";
        let chained = |uuid: &str, parent: Option<&str>, kind: &str| {
            json!({"type": kind, "sessionId": id, "uuid": uuid, "parentUuid": parent,
                   "isSidechain": false, "userType": "external", "cwd": "/w", "version": "2.0.1",
                   "timestamp": "2025-05-02T01:02:03.000Z",
                   "message": {"role": kind, "content": "some words"}})
            .to_string()
        };
        let user = chained("u1", None, "user");
        let answer = chained("a1", Some("u1"), "assistant");
        let orphan = chained("a2", Some("nowhere"), "assistant");
        let cases = [
            format!("{user}\n{answer}\n"),
            // A byte order mark, CRLF, blank lines, a last line without its newline.
            format!("\u{feff}{user}\r\n\r\n{answer}\r\n   \n{orphan}"),
            // Findings: a broken chain, a repeated uuid, missing fields, the wrong types.
            format!(
                "{user}\n{orphan}\n{user}\n{}\n",
                claude_line("assistant", "no ids")
            ),
            format!(
                "{user}\n{}\n",
                answer.replace("\"isSidechain\":false", "\"isSidechain\":\"no\"")
            ),
            // A key the lint reads given twice (the last one counts).
            format!("{user}\n{}\n", answer.replacen('{', "{\"uuid\":\"x\",", 1)),
            // JSON the head reads but the lint refuses: a number out of range.
            format!("{user}\n{}\n", answer.replacen('{', "{\"n\":1e999,", 1)),
            // A last line still being written.
            format!("{user}\n{answer}\n{}", &answer[..answer.len() / 2]),
            // Escapes in the fields the head reads.
            format!("{user}\n{}\n", answer.replace("\"a1\"", "\"a\\u0031\"")),
        ];
        for case in &cases {
            assert!(linted_as_read(case.as_bytes()), "{case}");
        }
        // A head field given twice is left to the whole read, which says what is wrong.
        let twice = format!(
            "{user}\n{}\n",
            answer.replacen('{', "{\"type\":\"user\",", 1)
        );
        assert!(read_by_lines(&twice).is_none());
    }

    #[test]
    fn the_format_window_counts_the_byte_order_mark() {
        // The assistant line starts 10 MB and one byte into the file with its byte order mark,
        // three bytes before the window's end without it.
        let user = claude_line("user", "hi");
        let answer = claude_line("assistant", "hello");
        let filler_len = lint::FORMAT_WINDOW_BYTES + 1 - UTF8_BOM.len() - (user.len() + 1) - 1;
        let shell = json!({"type": "progress", "data": ""}).to_string();
        let filler = shell.replace(
            "\"\"",
            &format!("\"{}\"", "x".repeat(filler_len - shell.len())),
        );
        assert_eq!(filler.len(), filler_len);
        let input = format!("\u{feff}{user}\n{filler}\n{answer}\n");
        assert!(linted_as_read(input.as_bytes()));
        let reader = std::io::BufReader::new(input.as_bytes());
        let mut session = read_lines(reader, input.len(), &hint(), &Scrubber::default())
            .unwrap()
            .unwrap()
            .unwrap();
        assert!(session.take_lint_as_read().unwrap().fails_hub_detection());
    }

    #[test]
    fn a_transcript_with_a_finding_is_linted_from_its_stored_bytes() {
        let user = claude_line("user", &format!("export DB_PASSWORD={}", secret()));
        let answer = claude_line("assistant", "done");
        assert!(!linted_as_read(format!("{user}\n{answer}\n").as_bytes()));
    }

    #[test]
    fn real_transcripts_linted_as_read_have_the_lint_of_their_stored_bytes() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/fixtures/real-sessions");
        if !root.is_dir() {
            println!("skipped: {} is absent", root.display());
            return;
        }
        let mut stack = vec![root];
        let (mut agreed, mut left) = (0, 0);
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "jsonl") {
                    continue;
                }
                let bytes = std::fs::read(&path).unwrap();
                let reader = std::io::BufReader::new(bytes.as_slice());
                let Ok(Some(Ok(mut session))) =
                    read_lines(reader, bytes.len(), &hint(), &Scrubber::default())
                else {
                    continue;
                };
                match session.take_lint_as_read() {
                    Some(as_read) => {
                        let of_bytes = lint::lint(session.passthrough_bytes().unwrap());
                        assert_eq!(as_read, of_bytes, "{}", path.display());
                        agreed += 1;
                    }
                    None => left += 1,
                }
            }
        }
        println!("{agreed} real transcripts linted as read, {left} linted from their bytes");
        assert!(agreed > 0);
    }
}
