//! The built-in rules, in priority order: when two findings overlap, the redaction is named after
//! the rule listed first. Vendor token shapes come before the generic rules (URL credentials,
//! assignments), which come before the detectors that need no keyword at all.
//!
//! Word boundaries are ASCII (`(?-u:\b)`): the fast DFA engines cannot run Unicode boundaries on
//! non-ASCII text, and treating a non-ASCII letter as a boundary only redacts more.

use super::{Check, Rule, Secret};

pub(super) struct Builtin {
    pub id: &'static str,
    pattern: &'static str,
    /// Literals (ASCII case-insensitive) one of which every match contains: the rule only runs
    /// on text holding one. Empty for the rare rule with no literal.
    pub keywords: &'static [&'static str],
    pub secret: Secret,
    pub check: Check,
    pub min_run: usize,
    /// `min_run` counts base64url characters right before a `.` (see [`super::Rule`]).
    pub run_before_dot: bool,
    /// Every match starts in the run of name characters holding one of the keywords, at or
    /// before the keyword: the rule is searched from its keywords (see [`super::anchored`]).
    pub starts_in_name: bool,
    /// Sample templates the rule must find (`{hex:64}` stands for 64 random hex digits, see
    /// [`super::samples`]), and ones it must leave alone: checked by a test, and drawn by the
    /// scrub corpus.
    pub matches: &'static [&'static str],
    pub non_matches: &'static [&'static str],
}

impl Builtin {
    pub(super) const fn samples(
        self,
        matches: &'static [&'static str],
        non_matches: &'static [&'static str],
    ) -> Builtin {
        Builtin {
            matches,
            non_matches,
            ..self
        }
    }

    pub(super) const fn check(self, check: Check) -> Builtin {
        Builtin { check, ..self }
    }

    pub(super) const fn min_run(self, min_run: usize) -> Builtin {
        Builtin { min_run, ..self }
    }

    pub(super) const fn min_run_before_dot(self, min_run: usize) -> Builtin {
        Builtin {
            min_run,
            run_before_dot: true,
            ..self
        }
    }
}

pub(super) const fn rule(
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
        run_before_dot: false,
        starts_in_name: false,
        matches: &[],
        non_matches: &[],
    }
}

pub(super) const fn group(
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
        run_before_dot: false,
        starts_in_name: false,
        matches: &[],
        non_matches: &[],
    }
}

/// The id of the rule for `NAME=value` assignments and JSON members with a secret-looking name.
pub const SECRET_ASSIGNMENT: &str = "secret-assignment";

/// Vendor token shapes known from the start; [`super::vendors`] holds the rest.
const VENDOR_SHAPES: &[Builtin] = &[
    rule(
        "private-key",
        // An unterminated block (a truncated paste) is redacted to the end of the text.
        r"-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?s:.*?)(?:-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\z)",
        &["private key"],
    )
    .samples(
        &[
            "-----BEGIN RSA PRIVATE KEY-----\n{b64:64}\n{b64:40}\n-----END RSA PRIVATE KEY-----",
            "-----BEGIN OPENSSH PRIVATE KEY-----\n{b64:64}",
        ],
        &["-----BEGIN PUBLIC KEY-----\n{b64:64}\n-----END PUBLIC KEY-----"],
    ),
    rule(
        "hf-token",
        r"(?:hf_|api_org_)[A-Za-z0-9]{30,}",
        &["hf_", "api_org_"],
    )
    .samples(&["hf_{b62:34}", "api_org_{b62:34}"], &["hf_{b62:10}", "hf_hub_download"]),
    rule(
        "anthropic-api-key",
        r"sk-ant-[A-Za-z0-9_-]{20,}",
        &["sk-ant-"],
    )
    .samples(
        &["sk-ant-api03-{b64url:93}AA", "sk-ant-admin01-{b64url:93}AA"],
        &["sk-ant-{lower:6}"],
    ),
    rule(
        "openrouter-api-key",
        r"sk-or-v1-[0-9a-f]{64}",
        &["sk-or-v1-"],
    )
    .samples(&["sk-or-v1-{hex:64}"], &["sk-or-v1-{hex:12}"]),
    rule(
        "openai-api-key",
        r"(?-u:\b)sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}",
        &["sk-"],
    )
    .check(Check::HasDigit)
    .samples(
        &["sk-proj-{b64url:120}", "sk-{b62:20}T3BlbkFJ{b62:20}", "sk-{hex:32}"],
        &["sk-learn-style-names-are-not-keys", "risk-{lower:24}"],
    ),
    rule("github-pat", r"ghp_[A-Za-z0-9]{36,}", &["ghp_"])
        .samples(&["ghp_{b62:36}"], &["ghp_{b62:12}"]),
    rule(
        "github-fine-grained-pat",
        r"github_pat_[A-Za-z0-9_]{36,}",
        &["github_pat_"],
    )
    .samples(&["github_pat_{b62:22}_{b62:59}"], &["github_pat_{b62:6}"]),
    rule("github-oauth-token", r"gho_[A-Za-z0-9]{36,}", &["gho_"])
        .samples(&["gho_{b62:36}"], &["gho_{b62:12}"]),
    rule(
        "github-app-token",
        r"(?:ghu|ghs)_[A-Za-z0-9]{36,}",
        &["ghu_", "ghs_"],
    )
    .samples(&["ghu_{b62:36}", "ghs_{b62:36}"], &["ghs_{b62:12}"]),
    rule("github-refresh-token", r"ghr_[A-Za-z0-9]{36,}", &["ghr_"])
        .samples(&["ghr_{b62:76}"], &["ghr_{b62:12}"]),
    rule(
        "gitlab-token",
        r"gl(?:pat|dt|rt|ptt|ft|oas|cbt|imt|soat|agent|ffct|wt)-[A-Za-z0-9_-]{20,}|GR1348941[A-Za-z0-9_-]{20}",
        &[
            "glpat-", "gldt-", "glrt-", "glptt-", "glft-", "gloas-", "glcbt-", "glimt-", "glsoat-",
            "glagent-", "glffct-", "glwt-", "gr1348941",
        ],
    )
    .samples(
        &[
            "glpat-{b64url:20}",
            "glffct-{b64url:20}",
            "glcbt-{hex:2}_{b64url:20}",
            "gldt-{b64url:20}",
            "glrt-{b64url:20}",
            "GR1348941{b64url:20}",
        ],
        &["glpat-{lower:6}"],
    ),
    rule(
        "slack-webhook-url",
        // Also without a scheme: agents and docs write the bare host.
        r"(?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,}",
        &["hooks.slack.com"],
    )
    .samples(
        &[
            "https://hooks.slack.com/services/T{updig:8}/B{updig:10}/{b62:24}",
            "hooks.slack.com/services/T{updig:8}/B{updig:10}/{b62:24}",
        ],
        &["https://hooks.slack.com/"],
    ),
    rule(
        "slack-token",
        r"xox[abposre]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,}",
        &["xox", "xapp-"],
    )
    .samples(
        &[
            "xoxb-{digits:12}-{digits:13}-{b62:24}",
            "xoxp-{digits:12}-{digits:12}-{digits:13}-{hex:32}",
            "xapp-1-A{updig:10}-{digits:13}-{hex:64}",
        ],
        &["xoxb-", "xox-{lower:12}"],
    ),
    rule(
        "discord-webhook-url",
        r"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d+/[A-Za-z0-9_-]{30,}",
        &["discord"],
    )
    .samples(
        &["https://discord.com/api/webhooks/{digits:18}/{b64url:68}"],
        &["https://discord.com/api/webhooks/"],
    ),
    rule(
        "stripe-key",
        r"(?-u:\b)(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{20,}|whsec_[A-Za-z0-9]{24,}",
        &["sk_", "rk_", "whsec_"],
    )
    .samples(
        &["sk_live_{b62:99}", "rk_test_{b62:24}", "whsec_{b62:32}"],
        &["sk_live_{b62:6}", "disk_test_{lower:24}"],
    ),
    rule(
        "aws-access-key-id",
        r"(?-u:\b)(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?-u:\b)",
        &["akia", "asia", "abia", "acca", "a3t"],
    )
    .samples(&["AKIA{updig:16}", "ASIA{updig:16}"], &["AKIA{updig:10}"]),
    group(
        "aws-secret-access-key",
        r#"(?i)aws_?secret_?(?:access_?)?key["']?\s*[=:]\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|\z)"#,
        &["aws"],
        Check::None,
    )
    .samples(
        &["aws_secret_access_key = {b64:40}", "\"AWS_SECRET_ACCESS_KEY\": \"{b64:40}\""],
        &["aws_secret_access_key = ${AWS_SECRET}"],
    ),
    rule("gcp-api-key", r"AIza[0-9A-Za-z_-]{35}", &["aiza"])
        .samples(&["AIza{b64url:35}"], &["AIza{b64url:10}"]),
    group(
        "azure-storage-key",
        r"(?i)AccountKey=([A-Za-z0-9+/]{80,}={0,2})",
        &["accountkey="],
        Check::None,
    )
    .samples(&["AccountKey={b64:86}=="], &["AccountKey=;"]),
    group(
        "azure-sas-token",
        r"[?&]sig=([A-Za-z0-9%+/=]{30,})",
        &["sig="],
        Check::None,
    )
    .samples(&["?sv=2022-11-02&sig={b62:20}%2B{b62:22}%3D"], &["?sig=short"]),
    // "sk" as a keyword would fire on every "task" and "disk"; the key is a 34-character run,
    // which is rarer.
    rule("twilio-api-key", r"(?-u:\b)SK[0-9a-fA-F]{32}(?-u:\b)", &[])
        .min_run(34)
        .samples(&["SK{hex:32}"], &["SK{hex:12}"]),
    rule(
        "sendgrid-api-key",
        r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}",
        &["sg."],
    )
    .samples(&["SG.{b64url:22}.{b64url:43}"], &["SG.{b64url:6}"]),
    rule("npm-token", r"npm_[A-Za-z0-9]{36}", &["npm_"])
        .samples(&["npm_{b62:36}"], &["npm_{lower:6}"]),
    rule(
        "pypi-token",
        r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}",
        &["pypi-ageichlwas5vcmc"],
    )
    .samples(&["pypi-AgEIcHlwaS5vcmc{b64url:70}"], &["pypi-AgEIcHlwaS5vcmc"]),
    rule(
        "telegram-bot-token",
        // No leading boundary: API URLs write `/bot<token>/`.
        r"\d{8,10}:AA[A-Za-z0-9_-]{33}(?-u:\b)",
        &[":aa"],
    )
    .samples(&["{digits:10}:AA{b64url:33}"], &["12:AA"]),
    rule(
        "supabase-key",
        r"sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{20,}",
        &["sbp_", "sb_secret_"],
    )
    .samples(&["sbp_{hex:40}", "sb_secret_{b64url:32}"], &["sbp_{hex:8}"]),
    rule(
        "jwt",
        // Signed, or unsigned (`alg: none`: the payload ends in a bare dot).
        r"(?-u:\b)eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.(?:[A-Za-z0-9_-]{8,})?",
        &["eyj"],
    )
    .samples(
        &[
            "eyJhbGciOiJIUzI1NiJ9.eyJ{b64url:60}.{b64url:43}",
            "eyJhbGciOiJub25lIn0.eyJ{b64url:40}.",
        ],
        &["eyJhbGciOiJIUzI1NiJ9"],
    ),
    rule(
        "jwt-base64",
        // A JWT encoded once more (Kubernetes secrets, basic-auth payloads): base64 of `eyJ`.
        r"(?-u:\b)ZXlK[A-Za-z0-9+/]{40,}={0,2}",
        &["zxlk"],
    )
    .samples(&["ZXlKaGJHY2lPaUpJVXpJMU5pSjkuZXlK{b64:80}"], &["ZXlK{b64:10}"]),
    // No fixed literal (the base64 of a numeric user id, a timestamp and an HMAC, joined by
    // dots), so it runs only where a run of 24 base64url characters ends at a dot.
    rule(
        "discord-bot-token",
        r"(?-u:\b)[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}(?-u:\b)",
        &[],
    )
    .min_run_before_dot(24)
    .samples(&["M{b64url:25}.{b64url:6}.{b64url:38}"], &["M{lower:5}.{lower:6}"]),
];

/// Credentials found by their context (a URL, a header, an assignment), after every vendor
/// shape.
const GENERIC: &[Builtin] = &[
    group(
        "database-url",
        r#"(?i)(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|clickhouse|cockroachdb)://[^\s:@/"'<>]*:([^\s@/"'<>]+)@"#,
        &["://"],
        Check::Credential,
    )
    .samples(
        &["postgres://app:{lower:4}{digits:2}!{b62:6}@db:5432/x", "mongodb+srv://u:{b62:12}@c.example.net"],
        &["postgres://app@db:5432/x", "postgres://app:${DB_PASSWORD}@db/x"],
    ),
    group(
        "database-connection-string",
        // ADO.NET and ODBC `;Password=`, JDBC `;password=` and `?password=`/`&password=`.
        r"(?i)(?:^|[;?&])\s*(?:password|pwd)\s*=\s*([^;&\s]+)",
        &["password", "pwd"],
        Check::Credential,
    )
    .samples(
        &[
            "Server=x;User Id=app;Password={lower:4}{digits:2}#{b62:6};",
            "jdbc:sqlserver://db:1433;databaseName=runs;user=app;password={lower:4}{digits:2}{b62:6}",
            "jdbc:mysql://db/x?user=app&password={lower:4}{digits:2}{b62:6}",
        ],
        &["Password=;", "Password=<your-password>;"],
    ),
    group(
        "url-credentials",
        r#"[A-Za-z][A-Za-z0-9+.-]*://[^\s:@/"'<>]+:([^\s@/"'<>]+)@"#,
        &["://"],
        Check::Credential,
    )
    .samples(
        &["https://deploy:{lower:4}{digits:2}-{b62:6}@git.example.com/x.git"],
        &["https://git.example.com/x.git", "https://user:${TOKEN}@host/x"],
    ),
    group(
        "curl-user",
        // `curl -u user:password`, `--user`, `--proxy-user` (`-u` alone is too common a word
        // to wake the rule).
        r#"(?:^|\s)(?:-u|--user|--proxy-user)(?:\s+|=)["']?[^\s:"']+:([^\s"']+)"#,
        &["curl", "--user", "--proxy-user"],
        Check::Credential,
    )
    .samples(
        &["curl -u admin:{lower:4}{digits:2}{b62:6} https://x", "curl --user=ci:{b62:16} https://x"],
        &["git push -u origin main", "curl -u \"$USER:$PASS\" https://x"],
    ),
    Builtin {
        id: SECRET_ASSIGNMENT,
        // `ldapsearch ... -w password`: group 1 is the command, the value follows `-w`.
        pattern: r#"(?-u:\b)(ldap(?:search|modify|add|delete|whoami|passwd|compare|modrdn|exop))(?-u:\b)[^\n]*?\s-w\s*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"']+))"#,
        keywords: &["ldap"],
        secret: Secret::Assignment,
        check: Check::Credential,
        min_run: 0,
        run_before_dot: false,
        starts_in_name: false,
        matches: &["ldapsearch -x -D cn=admin,dc=x -w {lower:4}{digits:2}{b62:6} -b dc=x"],
        non_matches: &["ldapsearch -x -W -b dc=x"],
    },
    group(
        "bearer-token",
        r"(?i)(?-u:\b)bearer\s+([A-Za-z0-9_.=~+/-]{20,})",
        &["bearer"],
        Check::None,
    )
    .samples(&["Authorization: Bearer {b62:32}"], &["bearer token"]),
    group(
        "basic-auth",
        r#"(?i)authori[sz]ation["']?\s*[:=]\s*["']?basic\s+([A-Za-z0-9+/]{8,}={0,2})"#,
        &["basic"],
        Check::None,
    )
    .samples(&["Authorization: Basic {b64:24}"], &["Authorization: Basic"]),
    Builtin {
        id: SECRET_ASSIGNMENT,
        // `<password>value</password>`.
        pattern: r#"(?i)<([A-Za-z0-9_:.-]*(?:password|passwd|secret|token|api_?key|credentials?))>([^<\n]+)</"#,
        keywords: &[
            "password>",
            "passwd>",
            "secret>",
            "token>",
            "key>",
            "credential>",
            "credentials>",
        ],
        secret: Secret::Assignment,
        check: Check::Credential,
        min_run: 0,
        run_before_dot: false,
        starts_in_name: false,
        matches: &["<password>{lower:4}{digits:2}!{b62:6}</password>"],
        non_matches: &["<password></password>", "<token>${TOKEN}</token>"],
    },
    Builtin {
        id: SECRET_ASSIGNMENT,
        // .NET configuration: `<add key="Password" value="...">`.
        pattern: r#"(?i)key="([A-Za-z0-9_.:-]*(?:password|passwd|secret|token|api_?key|credentials?))"\s+value\s*=\s*"([^"\n]*)""#,
        keywords: &["key=\""],
        secret: Secret::Assignment,
        check: Check::Credential,
        min_run: 0,
        run_before_dot: false,
        starts_in_name: false,
        matches: &["<add key=\"Password\" value=\"{lower:4}{digits:2}{b62:6}\" />"],
        non_matches: &["<add key=\"Password\" value=\"\" />"],
    },
    Builtin {
        id: SECRET_ASSIGNMENT,
        // `setProperty("db.password", "value")`, `put("API_TOKEN", "value")`: a setter called
        // with a quoted name and a quoted value.
        pattern: r#"(?i)(?:setProperty|put|putenv|setenv|set|setdefault|add)\(\s*["']([A-Z0-9_.-]*(?:TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|API_?KEY|ACCESS_?KEY|SECRET_?KEY|PRIVATE_?KEY|CREDENTIALS?))["']\s*,\s*(?:"([^"\n]*)"|'([^'\n]*)')"#,
        keywords: &["put(", "set(", "setproperty(", "putenv(", "setenv(", "setdefault(", "add("],
        secret: Secret::Assignment,
        check: Check::Credential,
        min_run: 0,
        run_before_dot: false,
        starts_in_name: false,
        matches: &["props.setProperty(\"db.password\", \"{lower:4}{digits:2}{b62:6}\")"],
        non_matches: &["getenv(\"API_TOKEN\", \"\")"],
    },
    Builtin {
        id: SECRET_ASSIGNMENT,
        // NAME=value in every common syntax: shell and dotenv `=`, YAML and JSON `:`, Go and
        // Makefile `:=`, Makefile `?=` and `+=`, PHP `.=`, Ruby and PHP `=>`, R `<-`, typed
        // declarations (`var password string = ...`), and subscripts (`env["TOKEN"] = ...`).
        // NAME ends in a secret-looking word (`mySecretString` and `DB_PASS` count). Group 1
        // is the name, the value is the first of groups 2.. that took part (quotes kept out).
        pattern: r#"(?i)(?-u:\b)([A-Z0-9_.$-]*(?:TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|_PASS|_PWD|API_?KEY|ACCESS_?KEY(?:_?ID)?|SECRET_?KEY|PRIVATE_?KEY|CLIENT_?SECRET|AUTH_?KEY|CREDENTIALS?|CREDS|BIND_?PW)(?:_?(?:STRING|STR|VALUE|VAL))?)(?:\s+[A-Z_][A-Z0-9_.*\[\]]*\s*:?=|["'`]?\]?\s*(?:=>|[:?.+]?=|:|<-))[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|`([^`\n]*)`|([^\s"'`,;)}\]]+))"#,
        keywords: &[
            "token",
            "secret",
            "password",
            "passwd",
            "passphrase",
            "_pass",
            "_pwd",
            "key",
            "credential",
            "creds",
            "bind",
        ],
        secret: Secret::Assignment,
        check: Check::Credential,
        min_run: 0,
        run_before_dot: false,
        starts_in_name: true,
        matches: &[
            "export API_TOKEN={b62:24}",
            "password := \"{lower:4}{digits:2}!{b62:6}\"",
            "DB_PASS ?= {lower:4}{digits:3}{b62:6}",
            "$config['password'] = '{lower:4}{digits:2}!{b62:6}';",
            "$db_password .= '{lower:4}{digits:2}{b62:6}';",
            "'password' => '{lower:5}{digits:2}{b62:5}',",
            "var dbPassword string = \"{b62:12}{digits:2}\"",
            "mySecretString = \"{b62:16}{digits:2}\"",
            "creds = \"{lower:4}{digits:2}{b62:6}\"",
            "os.environ[\"HF_TOKEN\"] = \"{b62:20}\"",
            "client_secret: {b62:8}{digits:2}",
            "admin_password = \"correct horse 7 staple\"",
            "password <- \"{lower:4}{digits:2}{b62:6}\"",
        ],
        non_matches: &[
            "TOKEN_TTL_SECONDS=3600",
            "self.token = nextchar",
            "password = password + b'\\x00' * 4",
            "api_key: ${OPENAI_API_KEY}",
            "password: <your-password>",
            "token = os.environ[\"HF_TOKEN\"]",
            "const secret = generateSecret(32);",
            "Token: generation",
            "secret_token: xxxxxxxx",
        ],
    },
];

/// Every built-in rule in priority order: vendor shapes, then the generic rules.
pub(super) fn builtins() -> impl Iterator<Item = &'static Builtin> {
    VENDOR_SHAPES
        .iter()
        .chain(super::vendors::VENDORS)
        .chain(GENERIC)
}

pub(super) fn builtin_ids() -> impl Iterator<Item = &'static str> {
    builtins().map(|b| b.id)
}

pub(super) fn builtin_rules() -> Vec<Rule> {
    builtins()
        .map(|b| {
            let mut rule = Rule::deferred(
                b.id,
                b.pattern,
                b.keywords.iter().map(|k| k.to_string()).collect(),
                b.secret,
                b.check,
            );
            rule.min_run = b.min_run;
            rule.run_before_dot = b.run_before_dot;
            rule.starts_in_name = b.starts_in_name;
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
