//! A lexer over JSON text that finds every string literal, says whether it is an object key,
//! and knows where it sits (`$.message.content[0].text`).
//!
//! Scrubbing rewrites only the string literals that hold a finding and copies every other byte
//! through, so a line with no finding stays byte-identical and one with a finding keeps its
//! key order, spacing and number formatting. The text must already be valid JSON (callers
//! parse it first); the lexer still refuses what it cannot follow instead of guessing.

use std::borrow::Cow;
use std::fmt::Write;

/// One step of a JSON path.
#[derive(Debug, Clone)]
enum Frame<'a> {
    /// Inside an object; the raw text of the current member's key once it has been read.
    Object {
        key: Option<&'a str>,
        expecting_key: bool,
    },
    Array {
        index: usize,
    },
}

/// A string literal found in the text.
pub(crate) struct Literal<'a> {
    /// Byte range of the literal in the text, quotes included.
    pub start: usize,
    pub end: usize,
    /// The text between the quotes, escapes not decoded.
    pub raw: &'a str,
    /// The member key this value belongs to (raw), when it is an object member's value.
    pub key: Option<&'a str>,
    /// Whether the literal is itself an object key.
    pub is_key: bool,
}

impl<'a> Literal<'a> {
    /// The decoded string value: borrowed from the text unless it holds escapes.
    pub(super) fn decode(&self, text: &'a str) -> Option<Cow<'a, str>> {
        if memchr::memchr(b'\\', self.raw.as_bytes()).is_some() {
            serde_json::from_str::<String>(&text[self.start..self.end])
                .ok()
                .map(Cow::Owned)
        } else {
            Some(Cow::Borrowed(self.raw))
        }
    }
}

/// Where the lexer is: the frames above the current literal, for findings' locations.
pub(crate) struct Position<'s, 'a> {
    frames: &'s [Frame<'a>],
}

impl Position<'_, '_> {
    /// A JSONPath-like location: `$.message.content[0].text`.
    pub(super) fn path(&self, prefix: &str) -> String {
        let mut path = if prefix.is_empty() {
            "$".to_string()
        } else {
            prefix.to_string()
        };
        for frame in self.frames {
            match frame {
                Frame::Object { key: Some(key), .. } => push_key(&mut path, key),
                Frame::Object { key: None, .. } => {}
                Frame::Array { index } => {
                    let _ = write!(path, "[{index}]");
                }
            }
        }
        path
    }
}

/// Append `.key`, or `["key"]` when the key is not a plain identifier. A key that could be
/// data rather than a name (a path, a URL, anything long) is written `[*]`: locations are
/// printed, and keys are scrubbed like values.
pub(crate) fn push_key(path: &mut String, key: &str) {
    if key.len() > 32 || key.contains(['/', '\\', ':', '@']) {
        path.push_str("[*]");
        return;
    }
    let plain = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && !key.as_bytes()[0].is_ascii_digit();
    if plain {
        path.push('.');
        path.push_str(key);
    } else {
        let _ = write!(path, "[{}]", serde_json::Value::from(key));
    }
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) struct LexError {
    pub offset: usize,
}

/// Call `visit` for every string literal, object keys included, in document order. A key's
/// position is that of its object (the key's own name is not in it).
pub(crate) fn for_each_value_string<'a>(
    text: &'a str,
    mut visit: impl FnMut(&Literal<'a>, &Position<'_, 'a>),
) -> Result<(), LexError> {
    let bytes = text.as_bytes();
    let mut frames: Vec<Frame<'a>> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'{' => {
                frames.push(Frame::Object {
                    key: None,
                    expecting_key: true,
                });
                i += 1;
            }
            b'[' => {
                frames.push(Frame::Array { index: 0 });
                i += 1;
            }
            b'}' | b']' => {
                frames.pop().ok_or(LexError { offset: i })?;
                i += 1;
            }
            b',' => {
                match frames.last_mut() {
                    Some(Frame::Object { expecting_key, .. }) => *expecting_key = true,
                    Some(Frame::Array { index }) => *index += 1,
                    None => return Err(LexError { offset: i }),
                }
                i += 1;
            }
            b':' => {
                match frames.last_mut() {
                    Some(Frame::Object { expecting_key, .. }) => *expecting_key = false,
                    _ => return Err(LexError { offset: i }),
                }
                i += 1;
            }
            b'"' => {
                let end = string_end(bytes, i).ok_or(LexError { offset: i })?;
                let raw = &text[i + 1..end - 1];
                match frames.last_mut() {
                    Some(Frame::Object {
                        key,
                        expecting_key: true,
                    }) => {
                        *key = None;
                        let literal = Literal {
                            start: i,
                            end,
                            raw,
                            key: None,
                            is_key: true,
                        };
                        visit(&literal, &Position { frames: &frames });
                        if let Some(Frame::Object { key, .. }) = frames.last_mut() {
                            *key = Some(raw);
                        }
                    }
                    Some(Frame::Object { key, .. }) => {
                        let literal = Literal {
                            start: i,
                            end,
                            raw,
                            key: *key,
                            is_key: false,
                        };
                        visit(&literal, &Position { frames: &frames });
                    }
                    _ => {
                        let literal = Literal {
                            start: i,
                            end,
                            raw,
                            key: None,
                            is_key: false,
                        };
                        visit(&literal, &Position { frames: &frames });
                    }
                }
                i = end;
            }
            // Numbers, true, false, null: nothing to scrub; skip to the next delimiter.
            _ => {
                while i < bytes.len()
                    && !matches!(
                        bytes[i],
                        b',' | b'}' | b']' | b':' | b' ' | b'\t' | b'\n' | b'\r' | b'"'
                    )
                {
                    i += 1;
                }
            }
        }
    }
    if frames.is_empty() {
        Ok(())
    } else {
        Err(LexError {
            offset: bytes.len(),
        })
    }
}

/// `text` with the string value at the object member `path` (`["payload", "id"]` is
/// `$.payload.id`) replaced by `new`, every other byte kept; `None` when no string is there.
/// Keys are compared as written (no escapes decoded): identity fields never hold any.
pub fn replace_member_string(text: &str, path: &[&str], new: &str) -> Option<String> {
    let mut at = None;
    for_each_value_string(text, |literal, position| {
        let here = !literal.is_key
            && at.is_none()
            && position.frames.len() == path.len()
            && position.frames.iter().zip(path).all(
                |(frame, name)| matches!(frame, Frame::Object { key: Some(key), .. } if key == name),
            );
        if here {
            at = Some(literal.start..literal.end);
        }
    })
    .ok()?;
    let at = at?;
    let quoted = serde_json::to_string(new).expect("a string serialises");
    Some([&text[..at.start], &quoted, &text[at.end..]].concat())
}

/// The index just past the closing quote of the string literal opening at `start`.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        // Most literals are long runs of plain bytes: find the next quote or backslash fast.
        let next = memchr::memchr2(b'"', b'\\', &bytes[i..])?;
        i += next;
        if bytes[i] == b'"' {
            return Some(i + 1);
        }
        i += 2;
        if i > bytes.len() {
            return None;
        }
    }
}

/// Whether `text` is a JSON object or array (JSON nested inside a string, such as tool-call
/// `arguments`), checked without building a value.
pub(crate) fn is_json_container(text: &str) -> bool {
    let trimmed = text.trim();
    let shaped = (trimmed.starts_with('{') && trimmed.ends_with('}'))
        || (trimmed.starts_with('[') && trimmed.ends_with(']'));
    shaped && serde_json::from_str::<serde::de::IgnoredAny>(trimmed).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<(String, Option<String>, String)> {
        let mut out = Vec::new();
        for_each_value_string(text, |literal, position| {
            if literal.is_key {
                return;
            }
            out.push((
                literal.decode(text).unwrap().into_owned(),
                literal.key.map(str::to_string),
                position.path(""),
            ))
        })
        .unwrap();
        out
    }

    #[test]
    fn finds_values_with_their_keys_and_paths() {
        let text = r#"{"a": "x", "b": [1, "y", {"c d": "z\"q"}], "n": null, "t": true, "e": {}}"#;
        assert_eq!(
            values(text),
            vec![
                ("x".into(), Some("a".into()), "$.a".into()),
                ("y".into(), None, "$.b[1]".into()),
                ("z\"q".into(), Some("c d".into()), "$.b[2][\"c d\"]".into()),
            ]
        );
    }

    #[test]
    fn keys_are_not_values_and_ranges_cover_the_quotes() {
        let text = r#"{"key":"value"}"#;
        let mut ranges = Vec::new();
        for_each_value_string(text, |l, _| ranges.push((l.is_key, &text[l.start..l.end]))).unwrap();
        assert_eq!(ranges, vec![(true, "\"key\""), (false, "\"value\"")]);
    }

    #[test]
    fn top_level_arrays_and_strings() {
        assert_eq!(values(r#"["a", "b"]"#)[1].2, "$[1]");
        assert_eq!(values(r#""alone""#)[0].0, "alone");
    }

    #[test]
    fn keys_that_could_be_data_stay_out_of_paths() {
        let text = r#"{"/home/alice/x.rs": {"v": "1"}, "ok_name": "2"}"#;
        let paths: Vec<String> = values(text).into_iter().map(|v| v.2).collect();
        assert_eq!(paths, ["$[*].v", "$.ok_name"]);
    }

    #[test]
    fn unbalanced_text_is_refused() {
        assert!(for_each_value_string(r#"{"a": "b""#, |_, _| {}).is_err());
        assert!(for_each_value_string(r#"{"a": "b}"#, |_, _| {}).is_err());
        assert!(for_each_value_string("]", |_, _| {}).is_err());
    }

    #[test]
    fn a_member_string_is_replaced_in_place() {
        let text = r#"{"id": "top", "payload": {"id": "inner",  "n": 1}, "s": "{\"id\": \"x\"}"}"#;
        assert_eq!(
            replace_member_string(text, &["payload", "id"], "new").as_deref(),
            Some(r#"{"id": "top", "payload": {"id": "new",  "n": 1}, "s": "{\"id\": \"x\"}"}"#)
        );
        assert_eq!(
            replace_member_string(text, &["id"], "a\"b").as_deref(),
            Some(r#"{"id": "a\"b", "payload": {"id": "inner",  "n": 1}, "s": "{\"id\": \"x\"}"}"#)
        );
        assert_eq!(replace_member_string(text, &["n"], "x"), None);
        assert_eq!(replace_member_string(text, &["missing"], "x"), None);
    }

    #[test]
    fn nested_json_is_recognised() {
        assert!(is_json_container(r#"{"command": "ls"}"#));
        assert!(is_json_container(" [1, 2] "));
        assert!(!is_json_container("{not json}"));
        assert!(!is_json_container("plain text"));
    }
}
