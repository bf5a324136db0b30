//! Samples of every built-in rule, written as templates so that no secret-shaped literal sits
//! in the source: `{hex:64}` stands for 64 random lowercase hex digits. A test runs each rule on
//! its own samples; the scrub corpus plants them in transcripts.
//!
//! Alphabets: `hex`, `HEX`, `b62` (letters and digits), `b64`, `b64url`, `digits`, `lower`,
//! `upper`, `alnum` (lowercase letters and digits), `updig` (uppercase letters and digits) and
//! `bech` (bech32). Anything else in braces is kept as written.

/// A built-in rule's samples, as templates.
#[derive(Debug, Clone, Copy)]
pub struct RuleSamples {
    pub id: &'static str,
    /// Templates the rule must find a secret in.
    pub matches: &'static [&'static str],
    /// Templates the rule must leave alone.
    pub non_matches: &'static [&'static str],
}

/// The samples of every built-in rule that has some, in priority order.
pub fn rule_samples() -> Vec<RuleSamples> {
    super::rules::builtins()
        .filter(|b| !b.matches.is_empty())
        .map(|b| RuleSamples {
            id: b.id,
            matches: b.matches,
            non_matches: b.non_matches,
        })
        .collect()
}

fn alphabet(name: &str) -> Option<&'static [u8]> {
    Some(match name {
        "hex" => b"0123456789abcdef",
        "HEX" => b"0123456789ABCDEF",
        "b62" => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
        "b64" => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
        "b64url" => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
        "digits" => b"0123456789",
        "lower" => b"abcdefghijklmnopqrstuvwxyz",
        "upper" => b"ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "alnum" => b"abcdefghijklmnopqrstuvwxyz0123456789",
        "updig" => b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        "bech" => b"qpzry9x8gf2tvdw0s3jn54khce6mua7l",
        _ => return None,
    })
}

/// Expand a template with characters drawn from `seed` (splitmix64: the same seed gives the
/// same text). Upper-case bech32 when the template's literal text is upper case (`AGE-…`).
pub fn expand_sample(template: &str, seed: u64) -> String {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let upper_bech = template.starts_with("AGE-");
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let spec = after.find('}').and_then(|close| {
            let (name, len) = after[..close].split_once(':')?;
            Some((alphabet(name)?, len.parse::<usize>().ok()?, close, name))
        });
        match spec {
            Some((chars, len, close, name)) => {
                for _ in 0..len {
                    let c = chars[(next() % chars.len() as u64) as usize] as char;
                    out.push(if name == "bech" && upper_bech {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    });
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scrub::{Scrubber, Span, entropy};

    /// Whether the rule `id` itself (its regex, keywords and check) finds a secret in `text`.
    fn rule_finds(scrubber: &Scrubber, id: &str, text: &str) -> bool {
        let mut spans: Vec<Span> = Vec::new();
        let scan = entropy::scan(text, false);
        scrubber.rule_spans(text, &scan, &mut spans);
        spans
            .iter()
            .any(|span| scrubber.rules()[span.priority].id == id)
    }

    #[test]
    fn every_built_in_rule_finds_its_samples_and_leaves_its_non_samples() {
        let scrubber = Scrubber::default();
        let all = rule_samples();
        assert!(all.len() >= 100, "{} rules with samples", all.len());
        let ids: Vec<&str> = crate::scrub::rules::builtin_ids().collect();
        for id in &ids {
            assert!(all.iter().any(|s| s.id == *id), "{id} has no samples");
        }
        let mut failures = Vec::new();
        for rule in &all {
            for (n, template) in rule.matches.iter().enumerate() {
                for seed in 0..4 {
                    let sample = expand_sample(template, seed * 31 + n as u64);
                    if !rule_finds(&scrubber, rule.id, &format!("see {sample} here")) {
                        failures.push(format!("{} misses {sample}", rule.id));
                    }
                }
            }
            for template in rule.non_matches {
                let sample = expand_sample(template, 7);
                if rule_finds(&scrubber, rule.id, &format!("see {sample} here")) {
                    failures.push(format!("{} matches {sample}", rule.id));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn templates_expand_to_their_alphabets_and_keep_other_braces() {
        let text = expand_sample("x_{hex:8}-{digits:3}-${HOME}", 1);
        assert_eq!(text.len(), "x_".len() + 8 + 1 + 3 + "-${HOME}".len());
        assert!(text[2..10].bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(text.ends_with("-${HOME}"));
        assert_eq!(expand_sample("{b62:20}", 5), expand_sample("{b62:20}", 5));
        assert_ne!(expand_sample("{b62:20}", 5), expand_sample("{b62:20}", 6));
    }
}
