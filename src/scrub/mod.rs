//! Secret scrubbing: pure functions over text and JSON values.
//!
//! Every string value of every session is scrubbed here before anything is rendered or hashed into
//! the store. This module owns the rules and the [`Report`] (counts per rule, never a matched
//! value). It never touches disk or network.
//!
//! Rules are data ([`Rule`]: an id, a regex and how to replace a match), applied in order, so the
//! set can grow without changing the walkers.

mod rules;

use std::borrow::Cow;
use std::collections::BTreeMap;

use regex::{Captures, Regex, RegexSet};
use serde_json::Value;

pub use rules::seed_rules;

/// How a match is rewritten.
#[derive(Debug, Clone)]
pub enum Replacement {
    /// The whole match becomes this text.
    Fixed(&'static str),
    /// Keep capture group 1 (a name and its separator), replace the value with `[REDACTED]`.
    KeepName,
}

/// One scrubbing rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable identifier used in reports, for example `hf-token`.
    pub id: &'static str,
    pub regex: Regex,
    pub replacement: Replacement,
}

/// Counts of redactions per rule id. Never holds a matched value.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    counts: BTreeMap<String, u64>,
}

impl Report {
    pub fn add(&mut self, rule: &str, n: u64) {
        if n > 0 {
            match self.counts.get_mut(rule) {
                Some(count) => *count += n,
                None => {
                    self.counts.insert(rule.to_string(), n);
                }
            }
        }
    }

    pub fn merge(&mut self, other: &Report) {
        for (rule, n) in &other.counts {
            self.add(rule, *n);
        }
    }

    pub fn total(&self) -> u64 {
        self.counts.values().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Rule ids with their counts, sorted by id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u64)> + '_ {
        self.counts.iter().map(|(k, v)| (k.as_str(), *v))
    }
}

/// An ordered set of rules.
#[derive(Debug, Clone)]
pub struct Scrubber {
    rules: Vec<Rule>,
    /// All patterns in one automaton: most strings hold no secret, and one pass over them
    /// answers "does any rule match" far faster than running each rule's captures.
    any: RegexSet,
}

impl Default for Scrubber {
    fn default() -> Self {
        Scrubber::new(seed_rules())
    }
}

impl Scrubber {
    pub fn new(rules: Vec<Rule>) -> Self {
        let any = RegexSet::new(rules.iter().map(|r| r.regex.as_str()))
            .expect("patterns that compiled one by one compile as a set");
        Scrubber { rules, any }
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Identifies the rule set: anything derived from scrubbed text (cached renderings) is only
    /// reused under the same fingerprint.
    pub fn fingerprint(&self) -> String {
        use sha1::{Digest, Sha1};
        let mut hasher = Sha1::new();
        for rule in &self.rules {
            hasher.update(rule.id.as_bytes());
            hasher.update([0]);
            hasher.update(rule.regex.as_str().as_bytes());
            hasher.update([0]);
            match rule.replacement {
                Replacement::Fixed(text) => hasher.update(text.as_bytes()),
                Replacement::KeepName => hasher.update(b"\x01keep-name"),
            }
            hasher.update([0]);
        }
        format!("{:x}", hasher.finalize())
    }

    /// Scrub one text. Returns the input unchanged (borrowed) when nothing matched.
    pub fn scrub_str<'a>(&self, text: &'a str, report: &mut Report) -> Cow<'a, str> {
        let mut current = Cow::Borrowed(text);
        let matching = self.any.matches(text);
        if !matching.matched_any() {
            return current;
        }
        // Rules run in order on the text as earlier rules left it. Replacements are bracketed
        // fixed texts that no rule's name or token classes accept, so a redaction never makes
        // a rule match that did not match the original: only the rules the set reported run.
        for rule in matching.iter().map(|i| &self.rules[i]) {
            let mut hits = 0u64;
            let replaced = rule.regex.replace_all(&current, |caps: &Captures| {
                let whole = caps.get(0).map_or("", |m| m.as_str());
                match rule.replacement {
                    Replacement::Fixed(text) => {
                        hits += 1;
                        text.to_string()
                    }
                    Replacement::KeepName => {
                        let name = caps.get(1).map_or("", |m| m.as_str());
                        let value = &whole[name.len()..];
                        // A value some earlier rule already redacted is not a second finding.
                        if value.trim_matches(['"', '\'']).starts_with("[REDACTED") {
                            whole.to_string()
                        } else {
                            hits += 1;
                            format!("{name}[REDACTED]")
                        }
                    }
                }
            });
            if hits > 0 {
                report.add(rule.id, hits);
                current = Cow::Owned(replaced.into_owned());
            }
        }
        current
    }

    /// Scrub every string value inside `value`, recursively. Object keys are left alone.
    /// Returns whether anything changed.
    pub fn scrub_value(&self, value: &mut Value, report: &mut Report) -> bool {
        match value {
            Value::String(s) => match self.scrub_str(s, report) {
                Cow::Borrowed(_) => false,
                Cow::Owned(new) => {
                    *s = new;
                    true
                }
            },
            Value::Array(items) => {
                let mut changed = false;
                for item in items {
                    changed |= self.scrub_value(item, report);
                }
                changed
            }
            Value::Object(map) => {
                let mut changed = false;
                for (_, item) in map.iter_mut() {
                    changed |= self.scrub_value(item, report);
                }
                changed
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => false,
        }
    }
}

/// What scrubbing a JSONL file would redact, without changing it: the report of every line's
/// JSON values (lines that are not JSON are scanned as text). Used before making data public.
pub fn scan_jsonl(bytes: &[u8], scrubber: &Scrubber) -> Report {
    let mut report = Report::default();
    for line in String::from_utf8_lossy(bytes).lines() {
        match serde_json::from_str::<Value>(line) {
            Ok(mut value) => {
                scrubber.scrub_value(&mut value, &mut report);
            }
            Err(_) => {
                scrubber.scrub_str(line, &mut report);
            }
        }
    }
    report
}

#[cfg(test)]
mod tests;
