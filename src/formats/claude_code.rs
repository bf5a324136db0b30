//! Claude Code JSONL: rendering ml-intern sessions (spec §2) and passing Claude Code's own
//! transcripts through, scrubbed.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::Value;
use sha1::{Digest, Sha1};

use super::lint;
use super::ml_intern::{Message, Role, Session};
use super::{InputError, date_of};

/// What every rendered line says about its producer: `version` as Claude Code writes its own.
pub(super) const PRODUCER: &str = concat!("traces/", env!("CARGO_PKG_VERSION"));

/// `cwd` when the session does not record one: a neutral path, never this machine's directory.
pub(super) const NEUTRAL_CWD: &str = "/";

/// One rendered line, with the fields Claude Code writes on every line, in its order. It
/// borrows from the session, so a line is serialised without copying its text first.
#[derive(Serialize)]
struct Line<'a> {
    #[serde(rename = "parentUuid")]
    parent_uuid: Option<&'a str>,
    #[serde(rename = "isSidechain")]
    is_sidechain: bool,
    #[serde(rename = "userType")]
    user_type: &'static str,
    cwd: &'a str,
    #[serde(rename = "sessionId")]
    session_id: &'a str,
    version: &'static str,
    #[serde(rename = "gitBranch", skip_serializing_if = "Option::is_none")]
    git_branch: Option<&'a str>,
    #[serde(rename = "type")]
    kind: &'static str,
    message: Body<'a>,
    uuid: &'a str,
    timestamp: &'a str,
}

/// A line's `message`, its members in the order Claude Code writes them.
#[derive(Serialize)]
#[serde(untagged)]
enum Body<'a> {
    User {
        role: &'static str,
        content: Cow<'a, str>,
    },
    ToolResult {
        role: &'static str,
        content: [ToolResult<'a>; 1],
    },
    Assistant {
        id: String,
        #[serde(rename = "type")]
        kind: &'static str,
        role: &'static str,
        model: &'a str,
        content: Vec<Block<'a>>,
        stop_reason: &'static str,
        stop_sequence: Option<()>,
        usage: UsageOut,
    },
}

#[derive(Serialize)]
struct ToolResult<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    tool_use_id: Option<&'a str>,
    content: Cow<'a, str>,
    is_error: bool,
}

#[derive(Serialize)]
#[serde(tag = "type")]
enum Block<'a> {
    #[serde(rename = "text")]
    Text { text: Cow<'a, str> },
    #[serde(rename = "tool_use")]
    ToolUse {
        id: &'a str,
        name: &'a str,
        input: ToolInput<'a>,
    },
}

/// Claude Code's order of the usage counts.
#[derive(Serialize)]
struct UsageOut {
    input_tokens: u64,
    cache_creation_input_tokens: u64,
    cache_read_input_tokens: u64,
    output_tokens: u64,
}

/// A tool call's `input`: its arguments parsed, as they are, or kept as `_raw` text.
#[derive(Serialize)]
#[serde(untagged)]
enum ToolInput<'a> {
    Parsed(Value),
    Given(&'a Value),
    Raw { _raw: &'a str },
    Empty {},
}

/// Deterministic line id: SHA-1 of `<session_id>::<role>::<index>`, first 32 hex digits as a UUID.
pub(crate) fn line_uuid(session_id: &str, role: &str, index: usize) -> String {
    let digest = Sha1::digest(format!("{session_id}::{role}::{index}").as_bytes());
    uuid::Uuid::from_slice(&digest[..16])
        .expect("a SHA-1 digest has at least 16 bytes")
        .hyphenated()
        .to_string()
}

/// Deterministic assistant message id, derived from its line's uuid.
fn message_id(line_uuid: &str) -> String {
    format!("msg_{}", line_uuid.replace('-', ""))
}

pub(crate) fn render(session: &Session<'_>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut parent: Option<String> = None;
    for message in &session.messages {
        let uuid = line_uuid(session.session_id, message.role.as_str(), message.index);
        let Some((kind, body)) = message_body(session, message, &uuid) else {
            continue;
        };
        let line = Line {
            parent_uuid: parent.as_deref(),
            is_sidechain: false,
            user_type: "external",
            cwd: session.cwd.unwrap_or(NEUTRAL_CWD),
            session_id: session.session_id,
            version: PRODUCER,
            git_branch: session.git_branch,
            kind,
            message: body,
            uuid: &uuid,
            timestamp: message.timestamp.unwrap_or(session.start_time),
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
        parent = Some(uuid);
    }
    Ok(())
}

fn message_body<'a>(
    session: &Session<'a>,
    message: &Message<'a>,
    uuid: &str,
) -> Option<(&'static str, Body<'a>)> {
    match message.role {
        Role::System | Role::Other => None,
        Role::User => Some((
            "user",
            Body::User {
                role: "user",
                content: flatten(message.content),
            },
        )),
        Role::Tool => Some((
            "user",
            Body::ToolResult {
                role: "user",
                content: [ToolResult {
                    kind: "tool_result",
                    tool_use_id: message.tool_call_id,
                    content: flatten(message.content),
                    is_error: message.is_error,
                }],
            },
        )),
        Role::Assistant => {
            let mut blocks = Vec::with_capacity(1 + message.tool_calls.len());
            let text = flatten(message.content);
            if !text.is_empty() {
                blocks.push(Block::Text { text });
            }
            for call in &message.tool_calls {
                blocks.push(Block::ToolUse {
                    id: call.id,
                    name: call.name,
                    input: tool_input(call.arguments),
                });
            }
            if blocks.is_empty() {
                return None;
            }
            let usage = message.usage;
            Some((
                "assistant",
                Body::Assistant {
                    id: message_id(uuid),
                    kind: "message",
                    role: "assistant",
                    model: session.model_name.as_str().unwrap_or("unknown"),
                    content: blocks,
                    stop_reason: if message.tool_calls.is_empty() {
                        "end_turn"
                    } else {
                        "tool_use"
                    },
                    stop_sequence: None,
                    usage: UsageOut {
                        input_tokens: usage.input_tokens,
                        cache_creation_input_tokens: usage.cache_creation_input_tokens,
                        cache_read_input_tokens: usage.cache_read_input_tokens,
                        output_tokens: usage.output_tokens,
                    },
                },
            ))
        }
    }
}

/// `arguments` is a JSON-encoded string in the litellm shape; keep what does not parse as `_raw`.
fn tool_input(arguments: Option<&Value>) -> ToolInput<'_> {
    match arguments {
        None | Some(Value::Null) => ToolInput::Empty {},
        Some(Value::String(text)) => match serde_json::from_str(text) {
            Ok(parsed) => ToolInput::Parsed(parsed),
            Err(_) => ToolInput::Raw { _raw: text },
        },
        Some(other) => ToolInput::Given(other),
    }
}

/// Content as text: strings as they are (borrowed), text blocks joined by `\n`, other blocks
/// as JSON text.
fn flatten(content: &Value) -> Cow<'_, str> {
    match content {
        Value::Null => Cow::Borrowed(""),
        Value::String(s) => Cow::Borrowed(s),
        Value::Array(blocks) => Cow::Owned(
            blocks
                .iter()
                .map(|block| match block {
                    Value::String(s) => Cow::Borrowed(s.as_str()),
                    Value::Object(map)
                        if map.get("type").and_then(Value::as_str) == Some("text") =>
                    {
                        match map.get("text") {
                            Some(Value::String(t)) => Cow::Borrowed(t.as_str()),
                            _ => Cow::Owned(block.to_string()),
                        }
                    }
                    other => Cow::Owned(other.to_string()),
                })
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        other => Cow::Owned(other.to_string()),
    }
}

pub(crate) struct Passthrough {
    /// Every `sessionId` on the lines, in order of first appearance.
    pub session_ids: Vec<String>,
    /// The `agentId` of a file whose every message is a sidechain: a subagent's transcript.
    pub sidechain_agent: Option<String>,
    pub date: String,
    pub bytes: Vec<u8>,
}

/// The fields of a line that say whose it is and when, read without building the line.
#[derive(serde::Deserialize)]
struct Head<'a> {
    #[serde(rename = "type", borrow, default)]
    kind: Field<'a>,
    #[serde(rename = "sessionId", borrow, default)]
    session_id: Field<'a>,
    #[serde(borrow, default)]
    timestamp: Field<'a>,
    #[serde(rename = "agentId", borrow, default)]
    agent_id: Field<'a>,
    #[serde(rename = "isSidechain", borrow, default)]
    sidechain: Field<'a>,
}

/// A field's text when it is a string (`.0`), its value when it is a boolean (`.1`);
/// anything else (absent, a number, an object) is neither, rather than an error, as it is
/// for the readers of the file.
#[derive(Default)]
struct Field<'a>(Option<Cow<'a, str>>, Option<bool>);

impl Field<'_> {
    fn as_deref(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Field<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Field<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Field(Some(Cow::Borrowed(v)), None))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Field(Some(Cow::Owned(v.to_string())), None))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Field(None, Some(v)))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(Field::default())
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(Field::default())
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Field::default())
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Field::default())
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Field::default())
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Field::default())
            }
        }
        deserializer.deserialize_any(Visit)
    }
}

/// Claude Code's own transcript passed through: every line kept (in a line with a finding only
/// the string literals holding it are rewritten, see [`super::scrub_lines`]). This is what its
/// scrubbed lines have said so far about whose it is and when, taken in one line at a time, so
/// a transcript can be read line by line as well as whole.
#[derive(Default)]
pub(crate) struct PassthroughLines {
    session_ids: Vec<String>,
    date: Option<String>,
    conversation: bool,
    agent: Option<String>,
    /// Whether a user or assistant line so far is not a sidechain's.
    not_all_sidechain: bool,
}

impl PassthroughLines {
    /// Take in the scrubbed line `number`.
    pub(crate) fn line(&mut self, number: usize, scrubbed: &str) -> Result<(), InputError> {
        // Ids and dates come from the scrubbed line: nothing unscrubbed reaches a path. A
        // rewritten line must still be the JSON object it was, which this also checks.
        let head = serde_json::from_str::<Head<'_>>(scrubbed)
            .map_err(|_| InputError::Unscrubbable { line: number })?;
        self.take(head);
        Ok(())
    }

    /// Take in a line that scrubbing left as it was, its head read from the line as read
    /// (in the parse that checked it is JSON, so a clean line is parsed once, not twice).
    pub(crate) fn unchanged_line(&mut self, head: lint::LineHead<'_>) {
        let text = |field| Field(Option::map(field, Cow::Borrowed), None);
        self.take(Head {
            kind: text(head.kind),
            session_id: text(head.session_id),
            timestamp: text(head.timestamp),
            agent_id: text(head.agent_id),
            sidechain: Field(None, head.sidechain),
        });
    }

    fn take(&mut self, head: Head<'_>) {
        if matches!(head.kind.as_deref(), Some("user" | "assistant")) {
            self.conversation = true;
            self.not_all_sidechain |= head.sidechain.1 != Some(true);
            if self.agent.is_none() {
                self.agent = head.agent_id.0.clone().map(Cow::into_owned);
            }
        }
        if let Some(id) = head.session_id.0
            && !self.session_ids.iter().any(|known| *known == id)
        {
            self.session_ids.push(id.into_owned());
        }
        if self.date.is_none() {
            self.date = head.timestamp.as_deref().and_then(date_of);
        }
    }

    /// The transcript, once every line has been taken in; `bytes` are its scrubbed lines. A
    /// file with no user or assistant line holds no conversation (yet):
    /// [`InputError::NoConversation`].
    pub(crate) fn finish(self, bytes: Vec<u8>) -> Result<Passthrough, InputError> {
        if !self.conversation {
            return Err(InputError::NoConversation);
        }
        let date = self.date.ok_or_else(|| {
            InputError::field("$[*].timestamp", "no line carries an ISO-8601 timestamp")
        })?;
        let all_sidechain = !self.not_all_sidechain;
        Ok(Passthrough {
            session_ids: self.session_ids,
            sidechain_agent: self.agent.filter(|_| all_sidechain),
            date,
            bytes,
        })
    }
}
