//! Typed views of a transcript line: only the fields the linter checks, borrowed from the line
//! where the JSON string needed no unescaping.
//!
//! Every value is read through `deserialize_any`, as `serde_json::Value` reads it, so a line
//! is rejected exactly when `Value` would reject it, with the same error at the same column
//! (strings are still checked for UTF-8 and escapes, numbers for range, nesting for depth).
//! What differs is that nothing unchecked is kept: no maps, no owned strings.
//!
//! A key given twice keeps its last value, as `Value` does; a field's wrong type is not an
//! error but a [`Json`] variant the linter reports on.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};

/// A JSON value's type, holding a string's text (`S`), an object's view (`O`) or an array's
/// view (`A`) where a check needs them; `()` for each part that is only typed.
#[derive(Debug)]
pub(super) enum Json<S = (), O = (), A = ()> {
    Null,
    Bool(bool),
    /// A non-negative integer.
    Count,
    /// Any other number.
    Number,
    String(S),
    Array(A),
    Object(O),
}

/// Only the type.
pub(super) type Kind = Json;
/// The type, and the text of a string.
pub(super) type Text<'a> = Json<Cow<'a, str>>;
/// A message's content: a string, or an array of blocks (each an object or not).
pub(super) type Content<'a> = Json<(), (), Vec<Json<(), Block<'a>>>>;

impl<'a, O, A> Json<Cow<'a, str>, O, A> {
    pub(super) fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }
}

/// What a string is read into.
pub(super) trait FromText<'de>: Sized {
    fn borrowed(s: &'de str) -> Self;
    fn copied(s: &str) -> Self;
}

impl<'de> FromText<'de> for () {
    fn borrowed(_: &'de str) -> Self {}
    fn copied(_: &str) -> Self {}
}

impl<'de> FromText<'de> for Cow<'de, str> {
    fn borrowed(s: &'de str) -> Self {
        Cow::Borrowed(s)
    }
    fn copied(s: &str) -> Self {
        Cow::Owned(s.to_owned())
    }
}

/// What an object is read into.
pub(super) trait FromMap<'de>: Sized {
    fn from_map<M: MapAccess<'de>>(map: M) -> Result<Self, M::Error>;
}

impl<'de> FromMap<'de> for () {
    fn from_map<M: MapAccess<'de>>(mut map: M) -> Result<Self, M::Error> {
        while map.next_entry::<Kind, Kind>()?.is_some() {}
        Ok(())
    }
}

/// What an array is read into.
pub(super) trait FromSeq<'de>: Sized {
    fn from_seq<Q: SeqAccess<'de>>(seq: Q) -> Result<Self, Q::Error>;
}

impl<'de> FromSeq<'de> for () {
    fn from_seq<Q: SeqAccess<'de>>(mut seq: Q) -> Result<Self, Q::Error> {
        while seq.next_element::<Kind>()?.is_some() {}
        Ok(())
    }
}

impl<'de, T: Deserialize<'de>> FromSeq<'de> for Vec<T> {
    fn from_seq<Q: SeqAccess<'de>>(mut seq: Q) -> Result<Self, Q::Error> {
        let mut out = Vec::new();
        while let Some(item) = seq.next_element()? {
            out.push(item);
        }
        Ok(out)
    }
}

impl<'de, S: FromText<'de>, O: FromMap<'de>, A: FromSeq<'de>> Deserialize<'de> for Json<S, O, A> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor(PhantomData))
    }
}

struct JsonVisitor<S, O, A>(PhantomData<(S, O, A)>);

impl<'de, S: FromText<'de>, O: FromMap<'de>, A: FromSeq<'de>> Visitor<'de>
    for JsonVisitor<S, O, A>
{
    type Value = Json<S, O, A>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Json::Bool(v))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Json::Count)
    }

    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        // serde_json hands only negative integers here; a `Value` keeps others as unsigned.
        Ok(if v >= 0 { Json::Count } else { Json::Number })
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Json::Number)
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Json::String(S::borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Json::String(S::copied(v)))
    }

    fn visit_seq<Q: SeqAccess<'de>>(self, seq: Q) -> Result<Self::Value, Q::Error> {
        A::from_seq(seq).map(Json::Array)
    }

    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Self::Value, M::Error> {
        O::from_map(map).map(Json::Object)
    }
}

/// Reads an object's entries into a view: each listed key into its field (the last one given
/// wins), every other value only checked.
macro_rules! view {
    ($view:ident, $map:ident, { $($key:literal => $field:ident),* $(,)? }) => {{
        let mut view = $view::default();
        while let Some(key) = $map.next_key::<Key>()? {
            match key.0.as_ref() {
                $($key => view.$field = Some($map.next_value()?),)*
                _ => {
                    $map.next_value::<Kind>()?;
                }
            }
        }
        Ok(view)
    }};
    // The same, noting in `view.repeated` whether a listed key was given twice.
    ($view:ident, $map:ident, repeated, { $($key:literal => $field:ident),* $(,)? }) => {{
        let mut view = $view::default();
        while let Some(key) = $map.next_key::<Key>()? {
            match key.0.as_ref() {
                $($key => {
                    view.repeated |= view.$field.is_some();
                    view.$field = Some($map.next_value()?);
                })*
                _ => {
                    $map.next_value::<Kind>()?;
                }
            }
        }
        Ok(view)
    }};
}

/// An object key, borrowed unless it held an escape.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A transcript line.
#[derive(Debug, Default)]
pub(super) struct Line<'a> {
    pub kind: Option<Text<'a>>,
    pub is_sidechain: Option<Kind>,
    pub user_type: Option<Kind>,
    pub cwd: Option<Kind>,
    pub version: Option<Kind>,
    pub git_branch: Option<Kind>,
    pub timestamp: Option<Text<'a>>,
    pub session_id: Option<Text<'a>>,
    pub agent_id: Option<Text<'a>>,
    pub parent_uuid: Option<Text<'a>>,
    pub logical_parent_uuid: Option<Kind>,
    pub uuid: Option<Text<'a>>,
    pub summary: Option<Kind>,
    pub leaf_uuid: Option<Kind>,
    pub message: Option<Json<(), Message<'a>>>,
    /// Whether one of the keys above was given twice (the last one is kept).
    pub repeated: bool,
}

impl<'de> FromMap<'de> for Line<'de> {
    fn from_map<M: MapAccess<'de>>(mut map: M) -> Result<Self, M::Error> {
        view!(Line, map, repeated, {
            "type" => kind,
            "isSidechain" => is_sidechain,
            "userType" => user_type,
            "cwd" => cwd,
            "version" => version,
            "gitBranch" => git_branch,
            "timestamp" => timestamp,
            "sessionId" => session_id,
            "agentId" => agent_id,
            "parentUuid" => parent_uuid,
            "logicalParentUuid" => logical_parent_uuid,
            "uuid" => uuid,
            "summary" => summary,
            "leafUuid" => leaf_uuid,
            "message" => message,
        })
    }
}

/// A user or an assistant message (what either kind of line needs: the line's type may come
/// after its message).
#[derive(Debug, Default)]
pub(super) struct Message<'a> {
    pub role: Option<Text<'a>>,
    pub content: Option<Content<'a>>,
    pub id: Option<Kind>,
    pub kind: Option<Kind>,
    pub model: Option<Kind>,
    pub stop_reason: Option<Kind>,
    pub stop_sequence: Option<Kind>,
    pub usage: Option<Json<(), Usage>>,
}

impl<'de> FromMap<'de> for Message<'de> {
    fn from_map<M: MapAccess<'de>>(mut map: M) -> Result<Self, M::Error> {
        view!(Message, map, {
            "role" => role,
            "content" => content,
            "id" => id,
            "type" => kind,
            "model" => model,
            "stop_reason" => stop_reason,
            "stop_sequence" => stop_sequence,
            "usage" => usage,
        })
    }
}

#[derive(Debug, Default)]
pub(super) struct Usage {
    pub input_tokens: Option<Kind>,
    pub output_tokens: Option<Kind>,
}

impl<'de> FromMap<'de> for Usage {
    fn from_map<M: MapAccess<'de>>(mut map: M) -> Result<Self, M::Error> {
        view!(Usage, map, {
            "input_tokens" => input_tokens,
            "output_tokens" => output_tokens,
        })
    }
}

/// A content block of any type (text, thinking, tool use, tool result).
#[derive(Debug, Default)]
pub(super) struct Block<'a> {
    pub kind: Option<Text<'a>>,
    pub id: Option<Text<'a>>,
    pub tool_use_id: Option<Text<'a>>,
    pub content: Option<Kind>,
    pub is_error: Option<Kind>,
    pub text: Option<Kind>,
    pub thinking: Option<Kind>,
    pub name: Option<Kind>,
    pub input: Option<Kind>,
}

impl<'de> FromMap<'de> for Block<'de> {
    fn from_map<M: MapAccess<'de>>(mut map: M) -> Result<Self, M::Error> {
        view!(Block, map, {
            "type" => kind,
            "id" => id,
            "tool_use_id" => tool_use_id,
            "content" => content,
            "is_error" => is_error,
            "text" => text,
            "thinking" => thinking,
            "name" => name,
            "input" => input,
        })
    }
}

/// Read one line: `Ok(None)` when it is JSON but not an object. The error is the one
/// `serde_json::from_slice::<Value>` gives.
pub(super) fn read(raw: &[u8]) -> serde_json::Result<Option<Line<'_>>> {
    read_from(serde_json::Deserializer::from_slice(raw))
}

/// [`read`] of a line known to be UTF-8, which the parser then does not check again.
pub(super) fn read_str(text: &str) -> serde_json::Result<Option<Line<'_>>> {
    read_from(serde_json::Deserializer::from_str(text))
}

fn read_from<'de, R: serde_json::de::Read<'de>>(
    mut deserializer: serde_json::Deserializer<R>,
) -> serde_json::Result<Option<Line<'de>>> {
    let line = Json::<(), Line, ()>::deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(match line {
        Json::Object(line) => Some(line),
        _ => None,
    })
}
