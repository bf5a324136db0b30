use super::*;

/// Fake secrets are assembled at run time so no secret-shaped literal sits in the source.
fn fake(prefix: &str, len: usize) -> String {
    let alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let body: String = alphabet.chars().cycle().skip(7).take(len).collect();
    format!("{prefix}{body}")
}

fn scrub(text: &str) -> (String, Report) {
    let mut report = Report::default();
    let out = Scrubber::default()
        .scrub_str(text, &mut report)
        .into_owned();
    (out, report)
}

#[test]
fn each_seed_rule_redacts_its_shape() {
    let cases = [
        (fake("hf_", 34), "[REDACTED_HF_TOKEN]", "hf-token"),
        (
            fake("sk-ant-", 40),
            "[REDACTED_PROVIDER_API_KEY]",
            "anthropic-api-key",
        ),
        (
            fake("sk-proj-", 48),
            "[REDACTED_PROVIDER_API_KEY]",
            "provider-api-key",
        ),
        (fake("ghp_", 36), "[REDACTED_GITHUB_TOKEN]", "github-token"),
        (
            fake("github_pat_", 50),
            "[REDACTED_GITHUB_TOKEN]",
            "github-token",
        ),
        (
            format!("AKIA{}", "ABCDEFGHIJ234567"),
            "[REDACTED_AWS_KEY_ID]",
            "aws-access-key-id",
        ),
    ];
    for (secret, replacement, rule) in cases {
        let (out, report) = scrub(&format!("before {secret} after"));
        assert_eq!(out, format!("before {replacement} after"), "rule {rule}");
        assert_eq!(report.iter().collect::<Vec<_>>(), vec![(rule, 1)]);
    }
}

#[test]
fn bearer_header_keeps_the_scheme() {
    let (out, report) = scrub(&format!("Authorization: bearer {}", fake("", 32)));
    assert_eq!(out, "Authorization: Bearer [REDACTED]");
    assert_eq!(report.total(), 1);
}

#[test]
fn assignment_keeps_name_and_separator() {
    let (out, report) = scrub("export OPENAI_API_KEY=abc123 and DB_PASSWORD: 'p w' ok");
    assert_eq!(
        out,
        "export OPENAI_API_KEY=[REDACTED] and DB_PASSWORD: [REDACTED] ok"
    );
    assert_eq!(
        report.iter().collect::<Vec<_>>(),
        vec![("secret-assignment", 2)]
    );
}

#[test]
fn an_already_redacted_value_is_counted_once() {
    let (out, report) = scrub(&format!("HF_TOKEN={}", fake("hf_", 34)));
    assert_eq!(out, "HF_TOKEN=[REDACTED_HF_TOKEN]");
    assert_eq!(report.iter().collect::<Vec<_>>(), vec![("hf-token", 1)]);
}

#[test]
fn short_or_prose_text_is_untouched_and_borrowed() {
    let mut report = Report::default();
    let text = "the sk-short key and hf_abc and 'my password is hunter2'";
    let out = Scrubber::default().scrub_str(text, &mut report);
    assert!(matches!(out, Cow::Borrowed(_)));
    assert!(report.is_empty());
}

#[test]
fn json_walk_scrubs_nested_strings_but_not_keys() {
    let secret = fake("hf_", 34);
    let mut value = serde_json::json!({
        "hf_key_name": [1, {"deep": format!("x {secret}")}, null],
        "n": 3,
    });
    let mut report = Report::default();
    assert!(Scrubber::default().scrub_value(&mut value, &mut report));
    assert_eq!(value["hf_key_name"][1]["deep"], "x [REDACTED_HF_TOKEN]");
    assert!(!value.to_string().contains(&secret));
    assert_eq!(report.total(), 1);
}
