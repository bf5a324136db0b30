//! The Hub's agent-trace detection, as its JSON builder (huggingface/datasets,
//! `packaged_modules/json`) applies it: it infers features from the lines that start in the
//! first 10 MB of a dataset's first file and treats the dataset as agent traces when they match
//! one of its markers:
//!
//! | marker | features |
//! |---|---|
//! | Claude Code, Pi, OpenClaw | `type` a string, `message` JSON |
//! | Codex | `type` a string, `payload` JSON |
//! | Droid | `type`, `id` and `cwd` strings, `version` an integer |
//!
//! A field is "JSON" (rather than a fixed struct) when its objects do not all have the same
//! keys, when the first is empty, or when objects or arrays are mixed with other values.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::Agent;
use crate::formats::lint::FORMAT_WINDOW_BYTES;

/// What the lines of the window hold in one field.
#[derive(Debug, Default)]
struct Field {
    values: usize,
    strings: usize,
    integers: usize,
    objects: usize,
    arrays: usize,
    first_keys: Option<BTreeSet<String>>,
    keys_differ: bool,
}

impl Field {
    fn add(&mut self, value: &Value) {
        if value.is_null() {
            return;
        }
        self.values += 1;
        match value {
            Value::String(_) => self.strings += 1,
            Value::Number(n) if n.is_i64() || n.is_u64() => self.integers += 1,
            Value::Array(_) => self.arrays += 1,
            Value::Object(map) => {
                self.objects += 1;
                let keys: BTreeSet<String> = map.keys().cloned().collect();
                match &self.first_keys {
                    None => self.first_keys = Some(keys),
                    Some(first) => self.keys_differ |= *first != keys,
                }
            }
            _ => {}
        }
    }

    fn is_string(&self) -> bool {
        self.values > 0 && self.strings == self.values
    }

    fn is_integer(&self) -> bool {
        self.values > 0 && self.integers == self.values
    }

    fn is_json(&self) -> bool {
        if self.values == 0 {
            return false;
        }
        if self.objects == self.values {
            return self.keys_differ || self.first_keys.as_ref().is_some_and(BTreeSet::is_empty);
        }
        self.arrays != self.values && self.objects + self.arrays > 0
    }
}

/// The features of a file's first 10 MB, fed one line at a time.
#[derive(Debug, Default)]
pub(crate) struct Window {
    bytes: usize,
    kind: Field,
    message: Field,
    payload: Field,
    id: Field,
    cwd: Field,
    version: Field,
}

impl Window {
    /// Add a line of `len` bytes (with its newline); lines starting past the window are ignored.
    pub(crate) fn add(&mut self, line: &Map<String, Value>, len: usize) {
        if self.bytes >= FORMAT_WINDOW_BYTES {
            return;
        }
        self.bytes += len;
        for (field, key) in [
            (&mut self.kind, "type"),
            (&mut self.message, "message"),
            (&mut self.payload, "payload"),
            (&mut self.id, "id"),
            (&mut self.cwd, "cwd"),
            (&mut self.version, "version"),
        ] {
            if let Some(value) = line.get(key) {
                field.add(value);
            }
        }
    }

    /// Whether the Hub would read the file as agent traces; if not, why, for an `agent` file.
    pub(crate) fn recognised(&self, agent: Agent) -> Result<(), String> {
        let typed = self.kind.is_string();
        let messages = typed && self.message.is_json();
        let payloads = typed && self.payload.is_json();
        let droid =
            typed && self.id.is_string() && self.cwd.is_string() && self.version.is_integer();
        if messages || payloads || droid {
            return Ok(());
        }
        Err(if !typed {
            "`type` is not a string on every line".to_string()
        } else {
            match agent {
                Agent::Codex => {
                    "every `payload` has the same fields (a session_meta and no events yet?)"
                        .to_string()
                }
                Agent::Pi | Agent::OpenClaw | Agent::Droid => {
                    "no `message` entries of different shapes (no reply yet?)".to_string()
                }
            }
        })
    }
}
