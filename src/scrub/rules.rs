//! The seed rule set (spec §4). Order matters: specific token shapes run before the generic
//! assignment rule, and Anthropic keys before the generic `sk-` rule (the regex crate has no
//! look-around, so "sk- but not sk-ant-" is expressed by running the Anthropic rule first).
//! Word boundaries are ASCII (`(?-u:\b)`): the fast DFA engines cannot run Unicode boundaries
//! on non-ASCII text, and treating a non-ASCII letter as a boundary only redacts more.

use regex::Regex;

use super::{Replacement, Rule};

fn rule(id: &'static str, pattern: &str, replacement: Replacement) -> Rule {
    Rule {
        id,
        regex: Regex::new(pattern).expect("built-in scrub rule must compile"),
        replacement,
    }
}

/// The seven rules the seed tool applied.
pub fn seed_rules() -> Vec<Rule> {
    use Replacement::{Fixed, KeepName};
    vec![
        rule(
            "hf-token",
            r"hf_[A-Za-z0-9]{30,}",
            Fixed("[REDACTED_HF_TOKEN]"),
        ),
        rule(
            "anthropic-api-key",
            r"sk-ant-[A-Za-z0-9_-]{20,}",
            Fixed("[REDACTED_PROVIDER_API_KEY]"),
        ),
        rule(
            "provider-api-key",
            r"sk-[A-Za-z0-9_-]{40,}",
            Fixed("[REDACTED_PROVIDER_API_KEY]"),
        ),
        rule(
            "github-token",
            r"gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{36,}",
            Fixed("[REDACTED_GITHUB_TOKEN]"),
        ),
        rule(
            "aws-access-key-id",
            r"(?-u:\b)(?:AKIA|ASIA)[A-Z0-9]{16}(?-u:\b)",
            Fixed("[REDACTED_AWS_KEY_ID]"),
        ),
        rule(
            "bearer-token",
            r"(?i)(?-u:\b)bearer\s+[A-Za-z0-9_.=-]{20,}",
            Fixed("Bearer [REDACTED]"),
        ),
        rule(
            "secret-assignment",
            r#"(?i)((?-u:\b)[A-Z0-9_.-]*(?:TOKEN|API_KEY|SECRET|PASSWORD|ACCESS_KEY_ID)\s*[=:]\s*)(?:"[^"\n]*"|'[^'\n]*'|[^\s"',;]+)"#,
            KeepName,
        ),
    ]
}
