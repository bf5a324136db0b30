//! The built-in rules, in priority order: when two findings overlap, the redaction is named after
//! the rule listed first. Vendor token shapes come before the generic rules (URL credentials,
//! assignments), which come before the detectors that need no keyword at all.
//!
//! Word boundaries are ASCII (`(?-u:\b)`): the fast DFA engines cannot run Unicode boundaries on
//! non-ASCII text, and treating a non-ASCII letter as a boundary only redacts more.

use super::{Check, Rule, Secret};

struct Builtin {
    id: &'static str,
    pattern: &'static str,
    /// Literals (ASCII case-insensitive) one of which every match contains: the rule only runs
    /// on text holding one. Empty for the rare rule with no literal.
    keywords: &'static [&'static str],
    secret: Secret,
    check: Check,
    min_run: usize,
}

const fn rule(
    id: &'static str,
    pattern: &'static str,
    keywords: &'static [&'static str],
) -> Builtin {
    Builtin {
        id,
        pattern,
        keywords,
        secret: Secret::Whole,
        check: Check::None,
        min_run: 0,
    }
}

const fn group(
    id: &'static str,
    pattern: &'static str,
    keywords: &'static [&'static str],
    check: Check,
) -> Builtin {
    Builtin {
        id,
        pattern,
        keywords,
        secret: Secret::Group(1),
        check,
        min_run: 0,
    }
}

/// The id of the rule for `NAME=value` assignments and JSON members with a secret-looking name.
pub const SECRET_ASSIGNMENT: &str = "secret-assignment";

const BUILTINS: &[Builtin] = &[
    rule(
        "private-key",
        // An unterminated block (a truncated paste) is redacted to the end of the text.
        r"-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?s:.*?)(?:-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\z)",
        &["private key"],
    ),
    rule(
        "hf-token",
        r"(?:hf_|api_org_)[A-Za-z0-9]{30,}",
        &["hf_", "api_org_"],
    ),
    rule(
        "anthropic-api-key",
        r"sk-ant-[A-Za-z0-9_-]{20,}",
        &["sk-ant-"],
    ),
    rule(
        "openrouter-api-key",
        r"sk-or-v1-[0-9a-f]{64}",
        &["sk-or-v1-"],
    ),
    Builtin {
        check: Check::HasDigit,
        ..rule(
            "openai-api-key",
            r"(?-u:\b)sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}",
            &["sk-"],
        )
    },
    rule("github-pat", r"ghp_[A-Za-z0-9]{36,}", &["ghp_"]),
    rule(
        "github-fine-grained-pat",
        r"github_pat_[A-Za-z0-9_]{36,}",
        &["github_pat_"],
    ),
    rule("github-oauth-token", r"gho_[A-Za-z0-9]{36,}", &["gho_"]),
    rule(
        "github-app-token",
        r"(?:ghu|ghs)_[A-Za-z0-9]{36,}",
        &["ghu_", "ghs_"],
    ),
    rule("github-refresh-token", r"ghr_[A-Za-z0-9]{36,}", &["ghr_"]),
    rule(
        "gitlab-token",
        r"gl(?:pat|dt|rt|ptt|ft|oas|cbt|imt|soat|agent)-[A-Za-z0-9_-]{20,}",
        &[
            "glpat-", "gldt-", "glrt-", "glptt-", "glft-", "gloas-", "glcbt-", "glimt-", "glsoat-",
            "glagent-",
        ],
    ),
    rule(
        "slack-webhook-url",
        r"https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,}",
        &["hooks.slack.com"],
    ),
    rule(
        "slack-token",
        r"xox[abposre]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,}",
        &["xox", "xapp-"],
    ),
    rule(
        "discord-webhook-url",
        r"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d+/[A-Za-z0-9_-]{30,}",
        &["discord"],
    ),
    rule(
        "stripe-key",
        r"(?-u:\b)(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{20,}|whsec_[A-Za-z0-9]{24,}",
        &["sk_", "rk_", "whsec_"],
    ),
    rule(
        "aws-access-key-id",
        r"(?-u:\b)(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?-u:\b)",
        &["akia", "asia", "abia", "acca", "a3t"],
    ),
    group(
        "aws-secret-access-key",
        r#"(?i)aws_?secret_?(?:access_?)?key["']?\s*[=:]\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|\z)"#,
        &["aws"],
        Check::None,
    ),
    rule("gcp-api-key", r"AIza[0-9A-Za-z_-]{35}", &["aiza"]),
    group(
        "azure-storage-key",
        r"(?i)AccountKey=([A-Za-z0-9+/]{80,}={0,2})",
        &["accountkey="],
        Check::None,
    ),
    group(
        "azure-sas-token",
        r"[?&]sig=([A-Za-z0-9%+/=]{30,})",
        &["sig="],
        Check::None,
    ),
    Builtin {
        // "sk" as a keyword would fire on every "task" and "disk"; the key is a 34-character
        // run, which is rarer.
        min_run: 34,
        ..rule("twilio-api-key", r"(?-u:\b)SK[0-9a-fA-F]{32}(?-u:\b)", &[])
    },
    rule(
        "sendgrid-api-key",
        r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}",
        &["sg."],
    ),
    rule("npm-token", r"npm_[A-Za-z0-9]{36}", &["npm_"]),
    rule(
        "pypi-token",
        r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}",
        &["pypi-ageichlwas5vcmc"],
    ),
    rule(
        "telegram-bot-token",
        // No leading boundary: API URLs write `/bot<token>/`.
        r"\d{8,10}:AA[A-Za-z0-9_-]{33}(?-u:\b)",
        &[":aa"],
    ),
    rule(
        "supabase-key",
        r"sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{20,}",
        &["sbp_", "sb_secret_"],
    ),
    rule(
        "jwt",
        r"(?-u:\b)eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}",
        &["eyj"],
    ),
    Builtin {
        // No fixed literal (the base64 of a numeric user id, a timestamp and an HMAC, joined
        // by dots), so it runs only where a run of 24 base64 characters occurs.
        min_run: 24,
        ..rule(
            "discord-bot-token",
            r"(?-u:\b)[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}(?-u:\b)",
            &[],
        )
    },
    group(
        "database-url",
        r#"(?i)(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|clickhouse|cockroachdb)://[^\s:@/"'<>]*:([^\s@/"'<>]+)@"#,
        &["://"],
        Check::Credential,
    ),
    group(
        "database-connection-string",
        r"(?i)(?:^|;)\s*(?:password|pwd)\s*=\s*([^;\s]+)",
        &["password", "pwd"],
        Check::Credential,
    ),
    group(
        "url-credentials",
        r#"[A-Za-z][A-Za-z0-9+.-]*://[^\s:@/"'<>]+:([^\s@/"'<>]+)@"#,
        &["://"],
        Check::Credential,
    ),
    group(
        "bearer-token",
        r"(?i)(?-u:\b)bearer\s+([A-Za-z0-9_.=~+/-]{20,})",
        &["bearer"],
        Check::None,
    ),
    group(
        "basic-auth",
        r#"(?i)authori[sz]ation["']?\s*[:=]\s*["']?basic\s+([A-Za-z0-9+/]{8,}={0,2})"#,
        &["basic"],
        Check::None,
    ),
    Builtin {
        id: SECRET_ASSIGNMENT,
        // NAME=value, NAME: value, "name": "value" and 'name': 'value', where NAME ends in a
        // secret-looking word. Group 1 is the name, group 2 the value (quotes kept out).
        pattern: r#"(?i)(?-u:\b)([A-Z0-9_.-]*(?:TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|API_?KEY|ACCESS_?KEY(?:_?ID)?|SECRET_?KEY|PRIVATE_?KEY|CLIENT_?SECRET|CREDENTIALS?))["']?\s*[=:]\s*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"',;)}\]]+))"#,
        keywords: &[
            "token",
            "secret",
            "password",
            "passwd",
            "passphrase",
            "key",
            "credential",
        ],
        secret: Secret::Assignment,
        check: Check::Credential,
        min_run: 0,
    },
];

pub(super) fn builtin_ids() -> impl Iterator<Item = &'static str> {
    BUILTINS.iter().map(|b| b.id)
}

pub(super) fn builtin_rules() -> Vec<Rule> {
    BUILTINS
        .iter()
        .map(|b| {
            let mut rule = Rule::new(
                b.id,
                b.pattern,
                b.keywords.iter().map(|k| k.to_string()).collect(),
                b.secret,
                b.check,
            )
            .expect("built-in scrub rules compile");
            rule.min_run = b.min_run;
            rule
        })
        .collect()
}

/// The seven rules the seed applied (spec §4), kept as the baseline the benchmark and the
/// corpus test compare against.
pub const SEED_PATTERNS: &[(&str, &str)] = &[
    ("hf-token", r"hf_[A-Za-z0-9]{30,}"),
    ("anthropic-api-key", r"sk-ant-[A-Za-z0-9_-]{20,}"),
    ("provider-api-key", r"sk-[A-Za-z0-9_-]{40,}"),
    (
        "github-token",
        r"gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{36,}",
    ),
    (
        "aws-access-key-id",
        r"(?-u:\b)(?:AKIA|ASIA)[A-Z0-9]{16}(?-u:\b)",
    ),
    ("bearer-token", r"(?i)(?-u:\b)bearer\s+[A-Za-z0-9_.=-]{20,}"),
    (
        "secret-assignment",
        r#"(?i)((?-u:\b)[A-Z0-9_.-]*(?:TOKEN|API_KEY|SECRET|PASSWORD|ACCESS_KEY_ID)\s*[=:]\s*)(?:"[^"\n]*"|'[^'\n]*'|[^\s"',;]+)"#,
    ),
];
