//! Custom rules: a JSON file in the store, each rule with samples it must and must not match.
//!
//! ```json
//! {"rules": [{"id": "acme-api-key", "regex": "acme_[a-z0-9]{32}", "keywords": ["acme_"],
//!             "matches": ["acme_0123456789abcdefghijklmnopqrstuv"], "non_matches": ["acme_short"]}]}
//! ```
//!
//! A rule that does not compile or whose samples disagree with it is an error naming the file
//! and the JSON path: scrubbing fails closed, so a broken rule stops commits rather than letting
//! through what it was written to catch.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{Check, Rule, Secret};

/// The rules file, relative to the store's git directory.
pub const RULES_FILE: &str = "traces/scrub-rules.json";

#[derive(Debug, thiserror::Error)]
#[error("{}: {problem}", path.display())]
pub struct RulesError {
    pub path: PathBuf,
    pub problem: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    rules: Vec<CustomRule>,
}

/// One rule as written in the rules file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomRule {
    pub id: String,
    pub regex: String,
    /// Literals (case-insensitive) every match contains; without any the rule runs on every
    /// string, which is slower.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The capture group holding the secret (0, the default, is the whole match).
    #[serde(default)]
    pub secret_group: usize,
    /// Samples the rule must find a secret in (at least one).
    pub matches: Vec<String>,
    /// Samples the rule must leave alone.
    #[serde(default)]
    pub non_matches: Vec<String>,
}

/// Check the rules file's `text`; `path` names it in errors (the caller reads it: this module
/// touches no disk).
pub fn parse_rules_file(path: &Path, text: &str) -> Result<Vec<Rule>, RulesError> {
    let builtin_ids = super::reserved_rule_ids();
    let fail = |problem: String| RulesError {
        path: path.to_path_buf(),
        problem,
    };
    let file: RulesFile = serde_json::from_str(text).map_err(|e| {
        fail(format!(
            "line {}, column {}: {}",
            e.line(),
            e.column(),
            e.to_string()
                .rsplit_once(" at line ")
                .map_or(e.to_string(), |(m, _)| m.to_string())
        ))
    })?;
    let room = super::MAX_RULES - builtin_ids.len();
    if file.rules.len() > room {
        return Err(fail(format!(
            "$.rules: {} rules, more than the {room} a store can hold",
            file.rules.len()
        )));
    }
    let mut rules = Vec::new();
    for (index, def) in file.rules.iter().enumerate() {
        let at = |field: &str| format!("$.rules[{index}].{field}");
        let valid_id = !def.id.is_empty()
            && def
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid_id {
            return Err(fail(format!(
                "{}: `{}` is not a rule id (lowercase letters, digits and '-')",
                at("id"),
                def.id
            )));
        }
        if builtin_ids.contains(&def.id.as_str()) || rules.iter().any(|r: &Rule| r.id == def.id) {
            return Err(fail(format!(
                "{}: `{}` is already a rule id",
                at("id"),
                def.id
            )));
        }
        let secret = if def.secret_group == 0 {
            Secret::Whole
        } else {
            Secret::Group(def.secret_group)
        };
        let rule = Rule::new(
            &def.id,
            &def.regex,
            def.keywords.clone(),
            secret,
            Check::None,
        )
        .map_err(|e| fail(format!("{}: the regex does not compile: {e}", at("regex"))))?;
        if def.secret_group >= rule.regex().captures_len() {
            return Err(fail(format!(
                "{}: the regex has no group {}",
                at("secret_group"),
                def.secret_group
            )));
        }
        check_samples(def, &rule)
            .map_err(|(field, problem)| fail(format!("{}: {problem}", at(&field))))?;
        rules.push(rule);
    }
    Ok(rules)
}

/// Run a rule's samples: each `matches` sample must yield a secret, each `non_matches` none,
/// and the keywords must not hide a match (a match without any keyword would never run).
fn check_samples(def: &CustomRule, rule: &Rule) -> Result<(), (String, String)> {
    if def.matches.is_empty() {
        return Err((
            "matches".into(),
            "a rule needs at least one sample it must match".into(),
        ));
    }
    let group = def.secret_group;
    let finds = |sample: &str| {
        rule.regex()
            .captures_iter(sample)
            .any(|caps| caps.get(group).is_some_and(|m| !m.as_str().is_empty()))
    };
    for (i, sample) in def.matches.iter().enumerate() {
        if !finds(sample) {
            return Err((
                format!("matches[{i}]"),
                "the rule finds nothing in this sample".into(),
            ));
        }
        let lower = sample.to_ascii_lowercase();
        if !rule.keywords.is_empty() && !rule.keywords.iter().any(|k| lower.contains(k.as_str())) {
            return Err((
                format!("matches[{i}]"),
                "the sample contains none of the rule's keywords, so the rule would never run on it"
                    .into(),
            ));
        }
    }
    for (i, sample) in def.non_matches.iter().enumerate() {
        if finds(sample) {
            return Err((
                format!("non_matches[{i}]"),
                "the rule finds a secret in a sample it must leave alone".into(),
            ));
        }
    }
    Ok(())
}
