//! A checked, borrowed view of an ml-intern session (spec §1) after scrubbing.

use serde_json::{Map, Value};

use super::{InputError, date_of};

pub(crate) struct Session<'a> {
    pub session_id: &'a str,
    pub start_time: &'a str,
    pub date: String,
    pub model_name: &'a Value,
    /// Working directory and git branch, when the session file records them (optional fields
    /// some agents add; anything but a string is ignored).
    pub cwd: Option<&'a str>,
    pub git_branch: Option<&'a str>,
    pub messages: Vec<Message<'a>>,
}

pub(crate) struct Message<'a> {
    /// Position in `messages`, counting skipped ones (part of the deterministic uuid).
    pub index: usize,
    pub role: Role,
    pub content: &'a Value,
    pub tool_calls: Vec<ToolCall<'a>>,
    pub tool_call_id: Option<&'a str>,
    pub timestamp: Option<&'a str>,
    /// Token counts the provider reported for this message, when recorded.
    pub usage: Usage,
    /// A tool message that says the tool failed (`is_error: true`, or `status` `error`/`failed`).
    pub is_error: bool,
}

/// Token counts in Claude Code's terms; litellm's `prompt_tokens` / `completion_tokens` count as
/// input / output.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Usage {
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub cache_creation_input_tokens: u64,
    pub cache_read_input_tokens: u64,
}

impl Usage {
    fn from_value(value: Option<&Value>) -> Usage {
        let Some(Value::Object(map)) = value else {
            return Usage::default();
        };
        let count = |keys: &[&str]| {
            keys.iter()
                .find_map(|k| map.get(*k).and_then(Value::as_u64))
                .unwrap_or(0)
        };
        Usage {
            input_tokens: count(&["input_tokens", "prompt_tokens"]),
            output_tokens: count(&["output_tokens", "completion_tokens"]),
            cache_creation_input_tokens: count(&["cache_creation_input_tokens"]),
            cache_read_input_tokens: count(&["cache_read_input_tokens"]),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    System,
    User,
    Assistant,
    Tool,
    /// Roles outside the spec (for example `developer`) are kept out of the rendering.
    Other,
}

impl Role {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Role::System => "system",
            Role::User => "user",
            Role::Assistant => "assistant",
            Role::Tool => "tool",
            Role::Other => "other",
        }
    }
}

pub(crate) struct ToolCall<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub arguments: Option<&'a Value>,
}

const NULL: Value = Value::Null;

impl<'a> Session<'a> {
    pub(super) fn from_value(value: &'a Value) -> Result<Self, InputError> {
        let root = value
            .as_object()
            .ok_or_else(|| InputError::field("$", "expected an object"))?;
        let session_id = required_str(root, "session_id", "$")?;
        let start_time = required_str(root, "session_start_time", "$")?;
        let date = date_of(start_time).ok_or_else(|| {
            InputError::field("$.session_start_time", "not an ISO-8601 date-time")
        })?;
        let messages = match root.get("messages") {
            Some(Value::Array(items)) => items,
            Some(other) => {
                return Err(InputError::field(
                    "$.messages",
                    format!("expected an array, found {}", type_name(other)),
                ));
            }
            None => return Err(InputError::field("$.messages", "missing")),
        };
        let messages = messages
            .iter()
            .enumerate()
            .map(|(index, m)| Message::from_value(index, m))
            .collect::<Result<_, _>>()?;
        Ok(Session {
            session_id,
            start_time,
            date,
            model_name: root.get("model_name").unwrap_or(&NULL),
            cwd: lenient_str(root, &["cwd", "working_directory"]),
            git_branch: lenient_str(root, &["git_branch", "gitBranch"]),
            messages,
        })
    }
}

impl<'a> Message<'a> {
    fn from_value(index: usize, value: &'a Value) -> Result<Self, InputError> {
        let path = format!("$.messages[{index}]");
        let map = value
            .as_object()
            .ok_or_else(|| InputError::field(&path, "expected an object"))?;
        let role = match required_str(map, "role", &path)? {
            "system" => Role::System,
            "user" => Role::User,
            "assistant" => Role::Assistant,
            "tool" => Role::Tool,
            _ => Role::Other,
        };
        let tool_calls = match map.get("tool_calls") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(calls)) => calls
                .iter()
                .enumerate()
                .map(|(i, call)| ToolCall::from_value(call, &format!("{path}.tool_calls[{i}]")))
                .collect::<Result<_, _>>()?,
            Some(other) => {
                return Err(InputError::field(
                    format!("{path}.tool_calls"),
                    format!("expected an array, found {}", type_name(other)),
                ));
            }
        };
        let tool_call_id = if role == Role::Tool {
            Some(required_str(map, "tool_call_id", &path)?)
        } else {
            optional_str(map, "tool_call_id", &path)?
        };
        Ok(Message {
            index,
            role,
            content: map.get("content").unwrap_or(&NULL),
            tool_calls,
            tool_call_id,
            timestamp: optional_str(map, "timestamp", &path)?,
            usage: Usage::from_value(map.get("usage")),
            is_error: map.get("is_error") == Some(&Value::Bool(true))
                || matches!(lenient_str(map, &["status"]), Some("error" | "failed")),
        })
    }
}

impl<'a> ToolCall<'a> {
    fn from_value(value: &'a Value, path: &str) -> Result<Self, InputError> {
        let map = value
            .as_object()
            .ok_or_else(|| InputError::field(path, "expected an object"))?;
        let function = match map.get("function") {
            Some(Value::Object(f)) => f,
            Some(other) => {
                return Err(InputError::field(
                    format!("{path}.function"),
                    format!("expected an object, found {}", type_name(other)),
                ));
            }
            None => return Err(InputError::field(format!("{path}.function"), "missing")),
        };
        Ok(ToolCall {
            id: required_str(map, "id", path)?,
            name: required_str(function, "name", &format!("{path}.function"))?,
            arguments: function.get("arguments"),
        })
    }
}

/// The first of `keys` holding a non-empty string.
fn lenient_str<'a>(map: &'a Map<String, Value>, keys: &[&str]) -> Option<&'a str> {
    keys.iter()
        .find_map(|k| map.get(*k).and_then(Value::as_str))
        .filter(|s| !s.is_empty())
}

fn required_str<'a>(
    map: &'a Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<&'a str, InputError> {
    match map.get(key) {
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(InputError::field(
            format!("{path}.{key}"),
            format!("expected a string, found {}", type_name(other)),
        )),
        None => Err(InputError::field(format!("{path}.{key}"), "missing")),
    }
}

fn optional_str<'a>(
    map: &'a Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Option<&'a str>, InputError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(InputError::field(
            format!("{path}.{key}"),
            format!("expected a string, found {}", type_name(other)),
        )),
    }
}

pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
