//! A session id that scrubbing had to redact (it looks like a token) still has to name one
//! file: it gets a stable substitute, `redacted-<keyed hash of the id>`, instead of a shared
//! `[REDACTED:...]` placeholder under which a second such session would replace the first.
//!
//! HMAC-SHA-256 under a fixed, published key: the substitute is the same on every machine
//! (the same session pushed twice stays one file), different for different ids, and does not
//! reveal the id (preimage resistance; the ids worth redacting are token-shaped, far beyond
//! guessing).
//!
//! The same rule holds for every place an id comes from: an ml-intern `session_id`, a Claude
//! Code file name (and its subagent directory), the `sessionId` and `agentId` on its lines, and
//! the id in another agent's header line. Each raw id that scrubbing changes (a vendor rule, a
//! known or remembered secret, a copy of a secret found elsewhere in the file) becomes
//! `substitute(raw)`, so a file name and its lines keep agreeing after scrubbing.

use std::borrow::Cow;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::agents::Agent;
use super::transcript::{FileHint, SUBAGENT_PREFIX};
use crate::scrub::{Report, Scrubber, replace_member_string};

/// Domain separation: these hashes are used for nothing else.
const KEY: &[u8] = b"traces: substitute for a redacted session id, v1";

/// The substitute for `raw`, a session id that scrubbing changed.
pub(crate) fn substitute(raw: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(KEY).expect("HMAC takes a key of any length");
    mac.update(raw.as_bytes());
    let mac = mac.finalize().into_bytes();
    let hex: String = mac[..12].iter().map(|b| format!("{b:02x}")).collect();
    format!("redacted-{hex}")
}

/// The members of a Claude Code line that name a transcript.
const CLAUDE_CODE_ID_MEMBERS: [&str; 2] = ["sessionId", "agentId"];

/// Whether scrubbing would change `id` where it stands in a line (as the member `member`, so
/// that it is judged as it is in the lines), or it holds a secret found elsewhere in the file.
fn redacted(id: &str, member: &str, scrubber: &Scrubber, found: &Report) -> bool {
    let line = serde_json::json!({ member: id }).to_string();
    let changed = scrubber
        .scrub_json(&line, &mut Report::default())
        .map_or(true, |out| out != line);
    changed
        || found
            .found_secrets()
            .values()
            .any(|secret| id.contains(secret))
}

/// The file's place on disk with every redacted id in it replaced by its substitute: a file
/// name never carries a secret into a path, and it still names the transcript its lines do.
pub(crate) fn scrubbed_hint(hint: &FileHint, scrubber: &Scrubber, found: &Report) -> FileHint {
    let id = |raw: &str, member: &str| {
        if redacted(raw, member, scrubber, found) {
            substitute(raw)
        } else {
            raw.to_string()
        }
    };
    let stem = hint
        .stem
        .as_deref()
        .map(|stem| match stem.strip_prefix(SUBAGENT_PREFIX) {
            Some(agent) if !agent.is_empty() => {
                format!("{SUBAGENT_PREFIX}{}", id(agent, "agentId"))
            }
            _ => id(stem, "sessionId"),
        });
    FileHint {
        stem,
        subagents_of: hint.subagents_of.as_deref().map(|dir| id(dir, "sessionId")),
    }
}

/// The id members of the line at `index` (counting lines kept): a Claude Code line's
/// `sessionId` and `agentId`; the id in another agent's first line.
pub(crate) fn id_members(agent: Option<Agent>, index: usize) -> Vec<&'static [&'static str]> {
    match agent {
        None => CLAUDE_CODE_ID_MEMBERS
            .iter()
            .map(std::slice::from_ref)
            .collect(),
        Some(agent) if index == 0 => vec![agent.id_member()],
        Some(_) => Vec::new(),
    }
}

/// `scrubbed`, a line scrubbing rewrote, with every id member whose value scrubbing changed
/// set to the substitute of the value it was read with (`raw`); `None` when no id changed.
/// Done line by line, where the line as read is at hand, so reading a file one line at a
/// time never has to keep its input.
pub(crate) fn substitute_in_line(raw: &str, scrubbed: &str, members: &[&[&str]]) -> Option<String> {
    let mut new = Cow::Borrowed(scrubbed);
    for member in members {
        let Some(before) = member_string(raw, member) else {
            continue;
        };
        if member_string(&new, member).is_some_and(|after| after != before)
            && let Some(rewritten) = replace_member_string(&new, member, &substitute(&before))
        {
            new = Cow::Owned(rewritten);
        }
    }
    match new {
        Cow::Owned(line) => Some(line),
        Cow::Borrowed(_) => None,
    }
}

/// Before the pass over copies of what was found (which would redact them to a shared
/// placeholder): every id member in the scrubbed `bytes` whose value is one of `ids` and holds
/// a found secret gets that value's substitute. Returns the ids substituted.
pub(crate) fn substitute_found(
    bytes: &mut Vec<u8>,
    ids: &[String],
    found: &Report,
    agent: Option<Agent>,
) -> Vec<String> {
    let secrets = found.found_secrets();
    let flagged: Vec<String> = ids
        .iter()
        .filter(|id| secrets.values().any(|secret| id.contains(secret)))
        .cloned()
        .collect();
    if flagged.is_empty() {
        return flagged;
    }
    let text = std::str::from_utf8(bytes).expect("scrubbed JSONL is UTF-8");
    let mut out = String::with_capacity(text.len());
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let body = line.trim_end_matches('\n');
        let mut new = Cow::Borrowed(body);
        for member in id_members(agent, index) {
            if let Some(value) = member_string(&new, member)
                && flagged.contains(&value)
                && let Some(rewritten) = replace_member_string(&new, member, &substitute(&value))
            {
                new = Cow::Owned(rewritten);
            }
        }
        out.push_str(&new);
        out.push_str(&line[body.len()..]);
    }
    *bytes = out.into_bytes();
    flagged
}

/// The string at the object member `path` of a JSON line.
fn member_string(line: &str, path: &[&str]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    let pointer: String = path.iter().map(|name| format!("/{name}")).collect();
    value.pointer(&pointer)?.as_str().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::formats::{FileHint, read_file};

    /// A GitHub token shape, built at run time so no secret-shaped literal is in the source.
    fn token(seed: u64) -> String {
        const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        let mut state = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let body: String = (0..36)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                char::from(CHARS[(state >> 33) as usize % CHARS.len()])
            })
            .collect();
        format!("ghp_{body}")
    }

    fn claude_code(session_id: Option<&str>, extra: &str) -> String {
        let mut out = String::new();
        for (kind, text) in [
            ("user", format!("hello {extra}")),
            ("assistant", "hi".to_string()),
        ] {
            let mut line = json!({"type": kind, "timestamp": "2025-05-02T01:02:03.000Z",
                                  "message": {"role": kind, "content": text}});
            if let Some(id) = session_id {
                line["sessionId"] = json!(id);
            }
            out.push_str(&format!("{line}\n"));
        }
        out
    }

    fn hint(stem: &str) -> FileHint {
        FileHint {
            stem: Some(stem.to_string()),
            subagents_of: None,
        }
    }

    fn session_ids(bytes: &[u8]) -> Vec<String> {
        crate::formats::transcript::session_ids_of(bytes)
    }

    #[test]
    fn token_shaped_claude_code_ids_get_distinct_substitutes_in_paths_and_lines() {
        let scrubber = Scrubber::default();
        let (a, b) = (token(1), token(2));
        let read = |id: &str| {
            read_file(claude_code(Some(id), "").as_bytes(), &hint(id), &scrubber).unwrap()
        };
        let (first, second) = (read(&a), read(&b));
        assert_ne!(first.path(), second.path(), "two sessions became one file");
        for (session, raw) in [(&first, &a), (&second, &b)] {
            assert_eq!(session.session_id, substitute(raw));
            let bytes = session
                .render(crate::formats::Rendering::ClaudeCode)
                .unwrap();
            let text = String::from_utf8(bytes.clone()).unwrap();
            assert!(!text.contains(raw.as_str()) && !session.path().contains(raw.as_str()));
            // Every line names the file's session.
            assert_eq!(session_ids(&bytes), vec![session.session_id.clone()]);
        }
    }

    #[test]
    fn a_token_shaped_file_name_never_reaches_the_path() {
        let scrubber = Scrubber::default();
        let raw = token(3);
        let session = read_file(claude_code(None, "").as_bytes(), &hint(&raw), &scrubber).unwrap();
        assert_eq!(session.session_id, substitute(&raw));
        let subagent = FileHint {
            stem: Some(format!("agent-{raw}")),
            subagents_of: Some(token(4)),
        };
        let session = read_file(claude_code(None, "").as_bytes(), &subagent, &scrubber);
        // No sessionId on the lines: the parent comes from the directory only if it is one.
        let name = session.map(|s| s.session_id).unwrap_or_default();
        assert!(!name.contains(&raw) && !name.contains(&token(4)), "{name}");
    }

    #[test]
    fn a_session_id_that_is_a_copy_of_a_found_secret_is_substituted() {
        // Found as a password in the content, then its copies everywhere: the id too.
        let secret = ["Vq7", "rT2", "mx9", "Lk4"].concat();
        let input = claude_code(Some(&secret), &format!("export DB_PASSWORD={secret}"));
        let session = read_file(input.as_bytes(), &hint(&secret), &Scrubber::default()).unwrap();
        assert_eq!(session.session_id, substitute(&secret));
        assert!(!session.path().contains(&secret));
        let bytes = session
            .render(crate::formats::Rendering::ClaudeCode)
            .unwrap();
        assert_eq!(session_ids(&bytes), vec![substitute(&secret)]);
    }

    #[test]
    fn plain_ids_are_kept() {
        let id = "3f2a9c1e-8d4b-4c6a-9e1f-2b7d5a0c4e88";
        let input = claude_code(Some(id), "");
        let session = read_file(input.as_bytes(), &hint(id), &Scrubber::default()).unwrap();
        assert_eq!(session.session_id, id);
        let bytes = session
            .render(crate::formats::Rendering::ClaudeCode)
            .unwrap();
        assert_eq!(
            bytes,
            input.as_bytes(),
            "a clean transcript keeps its bytes"
        );
    }

    #[test]
    fn token_shaped_agent_session_ids_get_distinct_substitutes() {
        let scrubber = Scrubber::default();
        let codex = |id: &str| -> String {
            [
                json!({"timestamp": "2025-09-14T08:30:00.120Z", "type": "session_meta",
                       "payload": {"id": id, "timestamp": "2025-09-14T08:30:00.100Z", "cwd": "/w"}}),
                json!({"timestamp": "2025-09-14T08:30:01.000Z", "type": "response_item",
                       "payload": {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hi"}]}}),
            ]
            .iter()
            .map(|l| format!("{l}\n"))
            .collect()
        };
        let pi = |id: &str| -> String {
            [
                json!({"type": "session", "version": 3, "id": id, "timestamp": "2025-11-02T19:04:05.678Z", "cwd": "/w"}),
                json!({"type": "message", "id": "a", "parentId": null, "timestamp": "2025-11-02T19:04:10.000Z",
                       "message": {"role": "user", "content": [{"type": "text", "text": "hi"}], "timestamp": 1}}),
            ]
            .iter()
            .map(|l| format!("{l}\n"))
            .collect()
        };
        for (make, pointer) in [
            (&codex as &dyn Fn(&str) -> String, "/payload/id"),
            (&pi, "/id"),
        ] {
            let (a, b) = (token(5), token(6));
            let first = crate::formats::read(make(&a).as_bytes(), &scrubber).unwrap();
            let second = crate::formats::read(make(&b).as_bytes(), &scrubber).unwrap();
            assert_ne!(first.path(), second.path(), "two sessions became one file");
            for (session, raw) in [(&first, &a), (&second, &b)] {
                assert_eq!(session.session_id, substitute(raw));
                let bytes = session
                    .render(crate::formats::Rendering::ClaudeCode)
                    .unwrap();
                let header: Value =
                    serde_json::from_slice(bytes.split(|&b| b == b'\n').next().unwrap()).unwrap();
                assert_eq!(header.pointer(pointer), Some(&json!(session.session_id)));
            }
        }
    }

    #[test]
    fn substitutes_are_pinned() {
        // Published substitutes must not change: the same session pushed again stays one file.
        assert_eq!(
            substitute("ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
            "redacted-cb2d0d1a1eac5d160003180b"
        );
    }

    #[test]
    fn substitutes_are_stable_distinct_and_safe_names() {
        let a = substitute("ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        let b = substitute("ghp_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
        assert_ne!(a, b);
        assert_eq!(a, substitute("ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
        assert!(a.starts_with("redacted-") && a.len() == "redacted-".len() + 24);
        assert!(super::super::check_session_id(&a).is_ok());
    }
}
