//! Custom rules in gitleaks' TOML format, so that rule files people already keep for their
//! secret scanner work here too: `[[rules]]` with `id`, `regex`, `keywords`, `secretGroup`,
//! `entropy` and allowlists (`[[rules.allowlists]]` or the older `[rules.allowlist]`, and the
//! file-wide `[allowlist]` / `[[allowlists]]`) with `regexes`, `stopwords`, `regexTarget` and
//! `condition`. Path and commit allowlists, `path` rules and `[extend]` are about files in a
//! repository and are ignored; a rule with only a `path` is skipped.
//!
//! Ids become `gitleaks-<id>`, so that the rules of gitleaks' own default file do not clash with
//! the built-in ones. A rule whose regex does not compile is an error naming the file and the
//! rule: scrubbing fails closed, and every commit stops until it is fixed. The caller reads the
//! file; this module only parses text.

use std::path::Path;

use regex::Regex;
use toml_edit::{Document, Item, Table};

use super::{Allow, AllowList, AllowTarget, Check, Rule, RulesError, Secret};

/// The gitleaks rules file, relative to the store's git directory.
pub const GITLEAKS_FILE: &str = "traces/gitleaks.toml";

/// Parse gitleaks rules from `text` (read from `path`, which errors name). `taken` holds the
/// ids already in use.
pub fn load_gitleaks_file(
    path: &Path,
    text: &str,
    taken: &[String],
) -> Result<Vec<Rule>, RulesError> {
    let fail = |problem: String| RulesError {
        path: path.to_path_buf(),
        problem,
    };
    let doc = Document::parse(text).map_err(|e| fail(e.to_string().trim_end().to_string()))?;
    let root = doc.as_table();
    let global = allow_lists(root, "allowlist", "allowlists")
        .map_err(|(field, problem)| fail(format!("{field}: {problem}")))?;
    let Some(rules) = root.get("rules") else {
        return Ok(Vec::new());
    };
    let rules = rules
        .as_array_of_tables()
        .ok_or_else(|| fail("rules: expected [[rules]] tables".into()))?;
    let mut out: Vec<Rule> = Vec::new();
    for (index, table) in rules.iter().enumerate() {
        let at = |field: &str| format!("rules[{index}].{field}");
        let id = table
            .get("id")
            .and_then(Item::as_str)
            .ok_or_else(|| fail(format!("{}: every rule needs a string id", at("id"))))?;
        let Some(regex) = table.get("regex") else {
            // A rule about file paths only: nothing to look for in text.
            continue;
        };
        let regex = regex
            .as_str()
            .ok_or_else(|| fail(format!("{}: expected a string", at("regex"))))?;
        let id = format!(
            "gitleaks-{}",
            id.to_ascii_lowercase()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect::<String>()
        );
        if taken.contains(&id) || out.iter().any(|r| r.id == id) {
            return Err(fail(format!("{}: `{id}` is already a rule id", at("id"))));
        }
        let keywords = strings(table, "keywords")
            .map_err(|problem| fail(format!("{}: {problem}", at("keywords"))))?;
        let group = match table.get("secretGroup") {
            None => None,
            Some(item) => Some(
                item.as_integer()
                    .and_then(|g| usize::try_from(g).ok())
                    .ok_or_else(|| {
                        fail(format!("{}: expected a group number", at("secretGroup")))
                    })?,
            ),
        };
        let secret = match group {
            Some(0) => Secret::Whole,
            Some(g) => Secret::Group(g),
            None => Secret::FirstGroup,
        };
        let mut rule = Rule::new(&id, regex, keywords, secret, Check::None)
            .map_err(|e| fail(format!("{}: the regex does not compile: {e}", at("regex"))))?;
        if let Some(g) = group
            && g >= rule.regex().captures_len()
        {
            return Err(fail(format!(
                "{}: the regex has no group {g}",
                at("secretGroup")
            )));
        }
        let min_entropy = match table.get("entropy") {
            None => None,
            Some(item) => Some(
                item.as_float()
                    .or_else(|| item.as_integer().map(|i| i as f64))
                    .ok_or_else(|| fail(format!("{}: expected a number", at("entropy"))))?,
            ),
        };
        let mut lists = allow_lists(table, "allowlist", "allowlists")
            .map_err(|(field, problem)| fail(format!("{}: {problem}", at(&field))))?;
        lists.extend(global.iter().cloned());
        if min_entropy.is_some() || !lists.is_empty() {
            rule.allow = Some(Box::new(Allow { min_entropy, lists }));
        }
        out.push(rule);
    }
    Ok(out)
}

fn strings(table: &Table, key: &str) -> Result<Vec<String>, String> {
    match table.get(key) {
        None => Ok(Vec::new()),
        Some(item) => item
            .as_array()
            .ok_or("expected an array of strings")?
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or("expected an array of strings")
            })
            .collect::<Result<_, _>>()
            .map_err(str::to_string),
    }
}

/// The allowlists of `table`: one `[single]` table and any `[[many]]` tables.
fn allow_lists(
    table: &Table,
    single: &str,
    many: &str,
) -> Result<Vec<AllowList>, (String, String)> {
    let mut tables: Vec<(String, &Table)> = Vec::new();
    if let Some(item) = table.get(single) {
        let t = item
            .as_table()
            .ok_or_else(|| (single.to_string(), "expected a table".to_string()))?;
        tables.push((single.to_string(), t));
    }
    if let Some(item) = table.get(many) {
        let array = item
            .as_array_of_tables()
            .ok_or_else(|| (many.to_string(), "expected [[…]] tables".to_string()))?;
        for (i, t) in array.iter().enumerate() {
            tables.push((format!("{many}[{i}]"), t));
        }
    }
    let mut lists = Vec::new();
    for (name, t) in tables {
        let field = |f: &str| format!("{name}.{f}");
        let regexes = strings(t, "regexes")
            .map_err(|p| (field("regexes"), p))?
            .iter()
            .map(|r| Regex::new(r))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| (field("regexes"), format!("a regex does not compile: {e}")))?;
        let stopwords: Vec<String> = strings(t, "stopwords")
            .map_err(|p| (field("stopwords"), p))?
            .into_iter()
            .map(|w| w.to_ascii_lowercase())
            .collect();
        let target = match t.get("regexTarget").and_then(Item::as_str) {
            None | Some("secret") => AllowTarget::Secret,
            Some("match") => AllowTarget::Match,
            Some("line") => AllowTarget::Line,
            Some(other) => {
                return Err((
                    field("regexTarget"),
                    format!("`{other}` is not secret, match or line"),
                ));
            }
        };
        let all = match t.get("condition").and_then(Item::as_str) {
            None => false,
            Some(c) if c.eq_ignore_ascii_case("or") => false,
            Some(c) if c.eq_ignore_ascii_case("and") => true,
            Some(other) => return Err((field("condition"), format!("`{other}` is not OR or AND"))),
        };
        // Path- or commit-only lists say nothing about text.
        if !regexes.is_empty() || !stopwords.is_empty() {
            lists.push(AllowList {
                regexes,
                stopwords,
                target,
                all,
            });
        }
    }
    Ok(lists)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scrub::{Options, Report, Scrubber};

    fn load(text: &str) -> Result<Vec<Rule>, RulesError> {
        load_gitleaks_file(Path::new("/store/traces/gitleaks.toml"), text, &[])
    }

    fn scrub(rules: Vec<Rule>, text: &str) -> String {
        let scrubber = Scrubber::new(Options {
            custom_rules: rules,
            ..Options::default()
        });
        scrubber
            .scrub_text(text, &mut Report::default())
            .into_owned()
    }

    const FILE: &str = r#"
title = "team rules"

[extend]
useDefault = true

[[rules]]
id = "acme-api-key"
description = "Acme API key"
regex = '''(?i)acme[_-]?key\s*=\s*['"]?([a-z0-9]{24})'''
secretGroup = 1
keywords = ["acme"]
entropy = 3.0

[[rules.allowlists]]
stopwords = ["example"]

[[rules]]
id = "Internal Token"
regex = '''itk_[A-Za-z0-9]{20}'''
keywords = ["itk_"]

[rules.allowlist]
regexes = ['''itk_0{20}''']

[[rules]]
id = "pem-files"
path = '''\.pem$'''

[allowlist]
description = "global"
regexes = ['''TESTKEY''']
"#;

    #[test]
    fn gitleaks_rules_run_with_groups_keywords_entropy_and_allowlists() {
        let rules = load(FILE).unwrap();
        let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["gitleaks-acme-api-key", "gitleaks-internal-token"]);
        let key = ["q8w3", "e7r2", "t5y9", "u1i4", "o6p0", "a2s8"].concat();
        assert_eq!(
            scrub(rules.clone(), &format!("ACME_KEY = '{key}'")),
            "ACME_KEY = '[REDACTED:gitleaks-acme-api-key]'"
        );
        // Entropy under the floor, a stop word, an allowlisted regex, the global allowlist.
        for text in [
            format!("acme_key={}", "a".repeat(24)),
            format!("acme_key={}", "example".repeat(4).get(..24).unwrap()),
            format!("itk_{}", "0".repeat(20)),
            format!("itk_TESTKEY{}", "1".repeat(13)),
        ] {
            assert_eq!(scrub(rules.clone(), &text), text);
        }
        let token = format!(
            "itk_{}",
            ["Ab3", "Cd4", "Ef5", "Gh6", "Ij7", "Kl8", "M9"].concat()
        );
        assert_eq!(
            scrub(rules, &format!("t {token}")),
            "t [REDACTED:gitleaks-internal-token]"
        );
    }

    #[test]
    fn a_rule_that_does_not_compile_is_an_error_naming_file_and_rule() {
        let err = load("[[rules]]\nid = \"x\"\nregex = '''(unclosed'''\n").unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with(
                "/store/traces/gitleaks.toml: rules[0].regex: the regex does not compile"
            ),
            "{message}"
        );
        let err = load("[[rules]]\nregex = 'a'\n").unwrap_err();
        assert!(err.to_string().contains("rules[0].id"), "{err}");
        let err = load("[[rules]\n").unwrap_err();
        assert!(err.to_string().contains("gitleaks.toml"), "{err}");
        let err = load("[[rules]]\nid = \"x\"\nregex = 'a'\n[[rules.allowlists]]\nregexTarget = \"file\"\nregexes = ['b']\n").unwrap_err();
        assert!(
            err.to_string()
                .contains("rules[0].allowlists[0].regexTarget"),
            "{err}"
        );
    }
}
