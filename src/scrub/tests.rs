use super::*;

/// Fake secrets are assembled at run time so no secret-shaped literal sits in the source.
fn fake(prefix: &str, len: usize) -> String {
    let alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let body: String = alphabet.chars().cycle().skip(7).take(len).collect();
    format!("{prefix}{body}")
}

fn scrub_with(scrubber: &Scrubber, text: &str) -> (String, Report) {
    let mut report = Report::default();
    let out = scrubber.scrub_text(text, &mut report).into_owned();
    (out, report)
}

fn scrub(text: &str) -> (String, Report) {
    scrub_with(&Scrubber::default(), text)
}

fn rules_of(report: &Report) -> Vec<(&str, u64)> {
    report.iter().collect()
}

#[test]
fn vendor_shapes_are_redacted_with_their_rule_id() {
    let cases = [
        (fake("hf_", 34), "hf-token"),
        (fake("sk-ant-api03-", 40), "anthropic-api-key"),
        (fake("sk-proj-", 48), "openai-api-key"),
        (fake("ghp_", 36), "github-pat"),
        (fake("github_pat_", 60), "github-fine-grained-pat"),
        (fake("glpat-", 20), "gitlab-token"),
        (fake("xoxb-1234-", 24), "slack-token"),
        (fake("sk_live_", 24), "stripe-key"),
        (format!("AKIA{}", "ABCDEFGHIJ234567"), "aws-access-key-id"),
        (fake("AIza", 35), "gcp-api-key"),
        (fake("npm_", 36), "npm-token"),
        (fake("sbp_", 0) + &"0a1b2c3d4e".repeat(4), "supabase-key"),
        (
            format!("1234567890:AA{}", fake("", 33)),
            "telegram-bot-token",
        ),
    ];
    for (secret, rule) in cases {
        let (out, report) = scrub(&format!("before {secret} after"));
        assert_eq!(
            out,
            format!("before [REDACTED:{rule}] after"),
            "rule {rule}"
        );
        assert_eq!(rules_of(&report), vec![(rule, 1)]);
    }
}

#[test]
fn only_the_secret_part_of_a_match_is_replaced() {
    let (out, _) = scrub(&format!(
        "curl https://api.telegram.org/bot1234567890:AA{}/getMe",
        fake("", 33)
    ));
    assert_eq!(
        out,
        "curl https://api.telegram.org/bot[REDACTED:telegram-bot-token]/getMe"
    );
    let (out, _) = scrub(&format!("Authorization: bearer {}", fake("", 32)));
    assert_eq!(out, "Authorization: bearer [REDACTED:bearer-token]");
    let (out, _) = scrub("psql postgres://app:s3cretPass@db.internal:5432/main");
    assert_eq!(
        out,
        "psql postgres://app:[REDACTED:database-url]@db.internal:5432/main"
    );
    let (out, _) = scrub("git clone https://alice:pa55word1@git.example.org/x.git");
    assert_eq!(
        out,
        "git clone https://alice:[REDACTED:url-credentials]@git.example.org/x.git"
    );
}

#[test]
fn private_key_blocks_go_whole_even_when_cut_off() {
    let block = format!(
        "-----BEGIN RSA PRIVATE KEY-----\n{}\n{}\n-----END RSA PRIVATE KEY-----",
        fake("MIIE", 60),
        fake("", 64)
    );
    let (out, report) = scrub(&format!("key:\n{block}\ndone"));
    assert_eq!(out, "key:\n[REDACTED:private-key]\ndone");
    assert_eq!(rules_of(&report), vec![("private-key", 1)]);
    let (out, _) = scrub(&format!(
        "-----BEGIN OPENSSH PRIVATE KEY-----\n{}",
        fake("b3Bl", 70)
    ));
    assert_eq!(out, "[REDACTED:private-key]");
}

#[test]
fn assignments_keep_the_name_and_skip_placeholders_and_code() {
    let (out, report) = scrub("export OPENAI_API_KEY=abc123xyz and DB_PASSWORD: 'hunter22' ok");
    assert_eq!(
        out,
        "export OPENAI_API_KEY=[REDACTED:secret-assignment] and DB_PASSWORD: '[REDACTED:secret-assignment]' ok"
    );
    assert_eq!(rules_of(&report), vec![("secret-assignment", 2)]);
    for text in [
        "token = self.api_token",
        "password=os.environ['DB_PASSWORD']",
        "API_KEY=${API_KEY}",
        "api_key: <your-api-key>",
        "Token: generation is streamed",
        "SECRET_KEY=changeme",
        "password = getpass()",
        "client(token=token, api_key=api_key)",
    ] {
        let (out, report) = scrub(text);
        assert_eq!(out, text, "{text}");
        assert!(report.is_empty(), "{text}");
    }
}

#[test]
fn overlapping_findings_become_one_redaction_named_by_the_first_rule() {
    let (out, report) = scrub(&format!("HF_TOKEN={}", fake("hf_", 34)));
    assert_eq!(out, "HF_TOKEN=[REDACTED:hf-token]");
    assert_eq!(rules_of(&report), vec![("hf-token", 1)]);
}

#[test]
fn high_entropy_tokens_are_caught_but_ids_and_digests_are_not() {
    let key = "Zx8fQ2pLr7Tn4Vb9Wc3Yd6Ke1Mg5Hj0Sa2Uq";
    let (out, report) = scrub(&format!("use {key} to connect"));
    assert_eq!(out, "use [REDACTED:high-entropy] to connect");
    assert_eq!(rules_of(&report), vec![("high-entropy", 1)]);
    let line = format!(r#"{{"requestId":"{key}","uuid":"123e4567-e89b-12d3-a456-426614174000"}}"#);
    let mut report = Report::default();
    let out = Scrubber::default().scrub_json(&line, &mut report).unwrap();
    assert!(matches!(out, Cow::Borrowed(_)), "ids are public: {out}");
}

#[test]
fn known_secrets_are_redacted_wherever_they_appear() {
    let scrubber = Scrubber::new(Options {
        known_secrets: vec!["plainpassword".into(), "short".into()],
        ..Options::default()
    });
    let (out, report) = scrub_with(&scrubber, "login with plainpassword, not short");
    assert_eq!(out, "login with [REDACTED:known-secret], not short");
    assert_eq!(rules_of(&report), vec![("known-secret", 1)]);
    assert_ne!(
        scrubber.fingerprint(),
        Scrubber::new(Options::default()).fingerprint()
    );
}

#[test]
fn home_paths_become_tilde_when_enabled() {
    let (out, report) = scrub(
        r"cd /home/alice/proj && open /Users/bob/x.txt; C:\Users\carol\repo; file:///home/dave/a",
    );
    assert_eq!(out, r"cd ~/proj && open ~/x.txt; ~/repo; file://~/a");
    assert_eq!(rules_of(&report), vec![("home-path", 4)]);
    assert_eq!(report.secrets(), 0);
    let (out, _) = scrub("/mnt/home/alice/x and /srv/Users/y");
    assert_eq!(out, "/mnt/home/alice/x and /srv/Users/y");
    let off = Scrubber::new(Options::default());
    assert_eq!(scrub_with(&off, "/home/alice/x").0, "/home/alice/x");
}

#[test]
fn home_paths_are_real_home_directories_only() {
    // A quoted literal in code is not someone's home directory.
    let code = r#"HOME = "/home/user"; other = '/Users/someone'"#;
    assert_eq!(scrub(code).0, code);
    assert_eq!(scrub("/home/dev").0, "~", "a whole value (a cwd) is");
    assert_eq!(scrub("cd /home/dev && ls").0, "cd ~ && ls");
    // Claude Code's project directory names encode the path.
    let (out, report) = scrub(
        "~/.claude/projects/-Users-alice-src-app/1.jsonl and C--Users-bob-x and -home-carol-y",
    );
    assert_eq!(out, "~/.claude/projects/~-src-app/1.jsonl and ~-x and ~-y");
    assert_eq!(rules_of(&report), vec![("home-path", 3)]);
    for text in ["take-home-pay-rise", "co-Users-guide-x"] {
        assert_eq!(scrub(text).0, text);
    }
}

#[test]
fn clean_json_lines_come_back_byte_identical_and_borrowed() {
    let line = r#"{"type":"user", "n": 1.50e3, "message":{"content":"h\u00e9llo \"q\""}}"#;
    let mut report = Report::default();
    let out = Scrubber::default().scrub_json(line, &mut report).unwrap();
    assert!(matches!(out, Cow::Borrowed(_)));
    assert!(report.is_empty());
}

#[test]
fn a_finding_rewrites_only_its_own_literal() {
    let secret = fake("hf_", 34);
    let line = format!(
        r#"{{"type":"user", "n": 1.50e3, "message":{{"content":"h\u00e9llo {secret}"}}, "z": "\u00e9"}}"#
    );
    let mut report = Report::default();
    let out = Scrubber::default().scrub_json(&line, &mut report).unwrap();
    assert_eq!(
        out,
        r#"{"type":"user", "n": 1.50e3, "message":{"content":"héllo [REDACTED:hf-token]"}, "z": "\u00e9"}"#
    );
    assert_eq!(
        report.findings(),
        &[Finding {
            rule: "hf-token".into(),
            line: None,
            path: "$.message.content".into()
        }]
    );
}

#[test]
fn members_with_secret_names_and_nested_json_are_walked() {
    let arguments = serde_json::json!({"command": "deploy", "password": "plainword", "nested": {"api_key": "k3y-value-1"}}).to_string();
    let line = serde_json::json!({"type": "assistant", "tool": {"arguments": arguments}, "client_secret": "abcdef123"}).to_string();
    let mut report = Report::default();
    let out = Scrubber::default().scrub_json(&line, &mut report).unwrap();
    let value: Value = serde_json::from_str(&out).unwrap();
    let inner: Value = serde_json::from_str(value["tool"]["arguments"].as_str().unwrap()).unwrap();
    assert_eq!(inner["password"], "[REDACTED:secret-assignment]");
    assert_eq!(inner["nested"]["api_key"], "[REDACTED:secret-assignment]");
    assert_eq!(inner["command"], "deploy");
    assert_eq!(value["client_secret"], "[REDACTED:secret-assignment]");
    let paths: Vec<&str> = report.findings().iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "$.tool.arguments.password",
            "$.tool.arguments.nested.api_key",
            "$.client_secret"
        ]
    );
}

#[test]
fn value_walk_uses_keys_as_context_but_never_changes_them() {
    let secret = fake("hf_", 34);
    let mut value = serde_json::json!({
        "hf_key_name": [1, {"deep": format!("x {secret}")}, null],
        "password": "plainword",
        "n": 3,
    });
    let mut report = Report::default();
    assert!(Scrubber::default().scrub_value(&mut value, &mut report));
    assert_eq!(value["hf_key_name"][1]["deep"], "x [REDACTED:hf-token]");
    assert_eq!(value["password"], "[REDACTED:secret-assignment]");
    assert_eq!(report.findings()[0].path, "$.hf_key_name[1].deep");
}

#[test]
fn scanning_jsonl_reports_lines_and_paths_never_values() {
    let secret = fake("ghp_", 36);
    let text = format!("{{\"a\":\"clean\"}}\n{{\"b\":[\"{secret}\"]}}\nnot json {secret}\n");
    let report = Scrubber::default().scan_jsonl(text.as_bytes());
    let found: Vec<(Option<usize>, &str)> = report
        .findings()
        .iter()
        .map(|f| (f.line, f.path.as_str()))
        .collect();
    assert_eq!(found, vec![(Some(2), "$.b[0]"), (Some(3), "$")]);
    assert!(!format!("{report:?}").contains(&secret));
}

#[test]
fn custom_rules_load_and_their_samples_are_enforced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rules.json");
    let write = |rules: Value| {
        std::fs::write(&path, serde_json::json!({ "rules": rules }).to_string()).unwrap()
    };
    write(serde_json::json!([{
        "id": "acme-key", "regex": "acme_[a-z0-9]{16}", "keywords": ["acme_"],
        "matches": ["key acme_0123456789abcdef"], "non_matches": ["acme_short"]
    }]));
    let rules = crate::context::load_rules_file(&path).unwrap();
    let scrubber = Scrubber::new(Options {
        custom_rules: rules,
        ..Options::default()
    });
    let (out, _) = scrub_with(&scrubber, "use acme_0123456789abcdef now");
    assert_eq!(out, "use [REDACTED:acme-key] now");

    let cases = [
        (
            serde_json::json!([{"id": "x", "regex": "(", "matches": ["a"]}]),
            "$.rules[0].regex: the regex does not compile",
        ),
        (
            serde_json::json!([{"id": "x", "regex": "abc", "matches": ["zzz"]}]),
            "$.rules[0].matches[0]: the rule finds nothing",
        ),
        (
            serde_json::json!([{"id": "x", "regex": "a+", "matches": ["a"], "non_matches": ["aa"]}]),
            "$.rules[0].non_matches[0]",
        ),
        (
            serde_json::json!([{"id": "hf-token", "regex": "a", "matches": ["a"]}]),
            "already a rule id",
        ),
        (
            serde_json::json!([{"id": "Bad Id", "regex": "a", "matches": ["a"]}]),
            "is not a rule id",
        ),
        (
            serde_json::json!([{"id": "x", "regex": "a", "matches": []}]),
            "at least one sample",
        ),
        (
            serde_json::json!([{"id": "x", "regex": "abc", "keywords": ["zz"], "matches": ["abc"]}]),
            "would never run",
        ),
    ];
    for (rules, expected) in cases {
        write(rules);
        let error = crate::context::load_rules_file(&path)
            .unwrap_err()
            .to_string();
        assert!(error.starts_with(&path.display().to_string()), "{error}");
        assert!(error.contains(expected), "{error} lacks {expected}");
    }
    std::fs::write(&path, "{\"rules\": [").unwrap();
    assert!(
        crate::context::load_rules_file(&path)
            .unwrap_err()
            .to_string()
            .contains("line 1")
    );
    assert!(
        crate::context::load_rules_file(&dir.path().join("none.json"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn keys_are_scrubbed_like_values_and_located_without_their_name() {
    let token = fake("ghp_", 36);
    let line = format!(
        r#"{{"type":"file-history-snapshot","snapshot":{{"trackedFileBackups":{{"/Users/alice/src/app/main.rs":{{"backupFileName":"b@v1"}}}}}},"{token}":1}}"#
    );
    let mut report = Report::default();
    let out = Scrubber::default().scrub_json(&line, &mut report).unwrap();
    assert_eq!(
        out,
        r#"{"type":"file-history-snapshot","snapshot":{"trackedFileBackups":{"~/src/app/main.rs":{"backupFileName":"b@v1"}}},"[REDACTED:github-pat]":1}"#
    );
    let located: Vec<(&str, &str)> = report
        .findings()
        .iter()
        .map(|f| (f.rule.as_str(), f.path.as_str()))
        .collect();
    assert_eq!(
        located,
        [
            ("home-path", "$.snapshot.trackedFileBackups.*~"),
            ("github-pat", "$.*~")
        ]
    );

    let mut value: Value = serde_json::from_str(&line).unwrap();
    let mut report = Report::default();
    assert!(Scrubber::default().scrub_value(&mut value, &mut report));
    assert_eq!(value.to_string(), out);
    assert_eq!(report.total(), 2);
}

#[test]
fn keys_that_scrub_to_the_same_text_are_all_kept() {
    let mut value = serde_json::json!({"/home/alice/x": 1, "/home/bob/x": 2, "y": 3});
    let mut report = Report::default();
    Scrubber::default().scrub_value(&mut value, &mut report);
    assert_eq!(value.to_string(), r#"{"~/x":1,"~/x (2)":2,"y":3}"#);
}

#[test]
fn scans_count_the_copies_a_commit_would_redact() {
    let secret = ["Hq4", "mZ7", "pV2", "xK9"].concat();
    let text = format!(
        "{}\n{}\n",
        serde_json::json!({"text": format!("see {secret}")}),
        serde_json::json!({"text": format!("DB_PASSWORD={secret}")})
    );
    let report = Scrubber::default().scan_jsonl(text.as_bytes());
    let lines: Vec<Option<usize>> = report.findings().iter().map(|f| f.line).collect();
    assert_eq!(lines, [Some(2), Some(1)]);
    assert_eq!(rules_of(&report), vec![("secret-assignment", 2)]);
}

fn compiled(scrubber: &Scrubber) -> Vec<&str> {
    scrubber
        .rules
        .iter()
        .filter(|rule| rule.regex.compiled.get().is_some())
        .map(|rule| rule.id.as_str())
        .collect()
}

#[test]
fn built_in_rules_compile_only_when_a_string_needs_them() {
    let scrubber = Scrubber::default();
    assert_eq!(compiled(&scrubber), Vec::<&str>::new());
    let fingerprint = scrubber.fingerprint();
    assert_eq!(
        compiled(&scrubber),
        Vec::<&str>::new(),
        "the fingerprint reads patterns"
    );
    let (out, _) = scrub_with(&scrubber, "the loss went down after the warmup steps");
    assert_eq!(out, "the loss went down after the warmup steps");
    assert_eq!(
        compiled(&scrubber),
        Vec::<&str>::new(),
        "no keyword, no regex"
    );

    let secret = fake("hf_", 34);
    let (out, report) = scrub_with(&scrubber, &format!("export HF={secret} # token"));
    assert!(!out.contains(&secret), "{out}");
    assert_eq!(report.iter().next(), Some(("hf-token", 1)));
    let now = compiled(&scrubber);
    assert!(now.contains(&"hf-token"), "{now:?}");
    assert!(now.len() < 10, "only the rules a keyword enabled: {now:?}");
    assert_eq!(scrubber.fingerprint(), fingerprint);

    // A copy (the second pass over a session is one) keeps what was compiled.
    let clone = scrubber.clone();
    assert_eq!(compiled(&clone), now);
}

#[test]
fn every_built_in_pattern_compiles() {
    for rule in rules::builtin_rules() {
        assert!(
            Regex::new(rule.pattern()).is_ok(),
            "{} does not compile",
            rule.id
        );
        assert_eq!(rule.regex().as_str(), rule.pattern());
    }
}

#[test]
fn rules_read_from_files_are_compiled_when_they_are_read() {
    let rule = Rule::new("x", "a+", Vec::new(), Secret::Whole, Check::None).unwrap();
    assert!(rule.regex.compiled.get().is_some());
    assert!(Rule::new("x", "(", Vec::new(), Secret::Whole, Check::None).is_err());
}

#[test]
fn strings_a_file_repeats_are_scrubbed_alike_on_every_line() {
    let scrubber = Scrubber::default();
    let secret = fake("hf_", 34);
    let lines: Vec<String> = (0..6)
        .map(|i| {
            serde_json::json!({
                "cwd": "/home/alice/project",
                "sessionId": "6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c",
                "version": "2.0.14-external",
                "token": "tok-value-9Xq2",
                "note": format!("run {i} used {secret}"),
                "env": format!("HF={secret}"),
                "id": format!("msg_{i:04}"),
            })
            .to_string()
        })
        .collect();
    let (mut plain, mut remembering) = (Report::default(), Report::default());
    let mut clean = CleanStrings::default();
    for (number, line) in lines.iter().enumerate() {
        let once = scrubber
            .scrub_jsonl_line(line, number + 1, &mut plain)
            .unwrap();
        let memo = scrubber
            .scrub_jsonl_line_remembering(line, number + 1, &mut remembering, &mut clean)
            .unwrap();
        assert_eq!(once, memo);
        assert!(
            !memo.contains(&secret) && !memo.contains("/home/alice"),
            "{memo}"
        );
    }
    assert_eq!(plain, remembering);
    assert!(plain.iter().any(|(rule, _)| rule == "hf-token"));
    assert!(clean.held > 0, "the repeated clean strings are remembered");
    assert!(!clean.contains(Some("env"), &format!("HF={secret}")));
}

#[test]
fn rules_gated_on_a_run_need_no_run_the_scan_leaves_unmeasured() {
    for rule in rules::builtin_rules() {
        assert!(
            rule.min_run == 0 || rule.min_run >= entropy::RUN_FLOOR,
            "{} needs a run of {}, under the scan's floor",
            rule.id,
            rule.min_run
        );
    }
}

/// The generic assignment rule searched from its keywords finds what a search of the whole
/// text finds, on every sample of every rule and on 30,000 texts put together from pieces of
/// names, operators and values.
#[test]
fn the_assignment_rule_searched_from_its_keywords_finds_what_the_whole_search_finds() {
    let from_keywords = Scrubber::default();
    assert!(from_keywords.name_search.is_some());
    let whole = Scrubber {
        name_search: None,
        ..from_keywords.clone()
    };
    let agree = |text: &str| {
        assert_eq!(
            scrub_with(&from_keywords, text),
            scrub_with(&whole, text),
            "{text:?}"
        );
    };
    let mut texts = Vec::new();
    for samples in rule_samples() {
        for (seed, template) in samples
            .matches
            .iter()
            .chain(samples.non_matches)
            .enumerate()
        {
            texts.push(expand_sample(template, seed as u64));
        }
    }
    let value = fake("", 18);
    for text in &texts {
        agree(text);
        agree(&format!("{text} and {text}"));
    }
    let pieces = [
        "API_TOKEN",
        "token",
        "x.token",
        "a.b$c-db_password",
        "_passwd",
        "mytokenizer",
        "Secret",
        "client_secret",
        "BIND_PW",
        "creds",
        "api_key",
        "TO\u{212a}EN",
        "\u{17f}ecret",
        "<token>",
        "</token>",
        "key=\"Password\" value=",
        "sk_",
        "=",
        " = ",
        ": ",
        ":=",
        " => ",
        "\n= ",
        " string = ",
        "[\"",
        "\"]",
        "\"",
        "'",
        " ",
        "\n",
        ",",
        "-",
        ".",
        "$",
        "é",
        &value,
    ];
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..30_000 {
        let mut text = String::new();
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        for _ in 0..2 + rng % 9 {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            text.push_str(pieces[(rng % pieces.len() as u64) as usize]);
        }
        agree(&text);
    }
}

#[test]
fn one_rule_is_searched_from_its_keywords_and_it_is_the_assignment_rule() {
    let flagged: Vec<Rule> = rules::builtin_rules()
        .into_iter()
        .filter(|r| r.starts_in_name)
        .collect();
    assert_eq!(flagged.len(), 1);
    assert_eq!(flagged[0].id, SECRET_ASSIGNMENT);
    assert_eq!(flagged[0].secret, Secret::Assignment);
}

#[test]
fn a_custom_rule_may_have_a_keyword_of_any_character() {
    let rule = Rule::new(
        "internal-ticket",
        r"ñ_[0-9]{8}",
        vec!["ñ_".to_string()],
        Secret::Whole,
        Check::None,
    )
    .unwrap();
    let scrubber = Scrubber::new(Options {
        custom_rules: vec![rule],
        ..Options::default()
    });
    let (out, report) = scrub_with(&scrubber, "see ñ_12345678 and API_TOKEN=\"Zx8fQ2pLr7Tn\"");
    assert_eq!(
        rules_of(&report),
        vec![("internal-ticket", 1), (SECRET_ASSIGNMENT, 1)]
    );
    assert!(
        !out.contains("12345678") && !out.contains("Zx8fQ2pLr7Tn"),
        "{out}"
    );
}
