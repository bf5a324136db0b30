//! Secret scrubbing: pure functions over text and JSON.
//!
//! Every string value of every session is scrubbed here before anything is rendered or hashed
//! into the store. A [`Scrubber`] holds the rules (built-in vendor shapes, generic assignment
//! and URL-credential rules, custom rules from the store), the exact values of secrets known on
//! this machine, a high-entropy detector and the home-path rewrite. It finds spans in each
//! decoded string, merges overlapping ones (the first rule in priority order names the
//! redaction) and replaces each with `[REDACTED:<rule-id>]`.
//!
//! JSON is walked structurally: object keys are scrubbed like values and give context (a member named `password` is a secret
//! whatever its shape; one named `requestId` is not a random key), JSON nested inside strings
//! is walked too, and JSON text is rewritten literal by literal so that everything without a
//! finding keeps its exact bytes. The [`Report`] counts findings per rule and records where
//! they are, never what they were. This module never touches disk or network.

mod anchored;
mod custom;
mod entropy;
mod gitleaks;
mod json;
pub mod markers;
mod remembered;
mod rules;
mod samples;
mod vendors;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use serde_json::Value;

pub use custom::{CustomRule, RULES_FILE, RulesError, parse_rules_file};
pub use gitleaks::{GITLEAKS_FILE, load_gitleaks_file};
pub use json::replace_member_string;
pub use remembered::{Remembered, RememberedError};
pub use rules::{SECRET_ASSIGNMENT, SEED_PATTERNS};
pub use samples::{RuleSamples, expand_sample, rule_samples};

/// Id of redactions of a value known to be secret on this machine (a resolved token, the value
/// of an environment variable with a secret-looking name).
pub const KNOWN_SECRET: &str = "known-secret";
/// Id of the high-entropy detector.
pub const HIGH_ENTROPY: &str = "high-entropy";
/// Id of the home-directory rewrite (`/home/alice/x` to `~/x`). Not a secret: it does not
/// block publishing and scans report it apart.
pub const HOME_PATH: &str = "home-path";

/// Every id a built-in rule or detector uses (custom rules must pick another).
pub fn reserved_rule_ids() -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = rules::builtin_ids().collect();
    ids.extend([KNOWN_SECRET, HIGH_ENTROPY, HOME_PATH]);
    ids
}

/// Marks the home-path literals among the keywords.
const HOME_KEYWORD: usize = usize::MAX;
/// Most rules one scrubber holds (built-in plus custom): the enabled set is a fixed bitset.
pub const MAX_RULES: usize = 512;

/// How deep JSON nested inside strings is followed.
const MAX_NESTING: u8 = 4;
/// Findings recorded with their location per report (counts are always complete).
const MAX_RECORDED_FINDINGS: usize = 10_000;
/// Shortest known secret matched by value: shorter values would redact ordinary words.
pub const MIN_KNOWN_SECRET_LEN: usize = 8;

/// Which part of a match is the secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secret {
    /// The whole match.
    Whole,
    /// One capture group; the rest of the match (a name, a scheme) is kept.
    Group(usize),
    /// A `NAME=value` assignment: group 1 is the name, the first of groups 2.. that took part is
    /// the value.
    Assignment,
    /// The first group that took part (the whole match when none did): gitleaks' default.
    FirstGroup,
}

/// When a match is not a secret after all: gitleaks' `entropy` and `allowlists`.
#[derive(Debug, Clone, Default)]
pub struct Allow {
    /// Secrets of lower Shannon entropy (bits per character) are not secrets.
    pub min_entropy: Option<f64>,
    /// Allowlists: a match any of them allows is left alone.
    pub lists: Vec<AllowList>,
}

/// One allowlist: regexes and stop words, checked against the secret, the match or its line.
#[derive(Debug, Clone, Default)]
pub struct AllowList {
    pub regexes: Vec<Regex>,
    /// Lowercase words; a secret containing one is allowed.
    pub stopwords: Vec<String>,
    pub target: AllowTarget,
    /// Every kind of check given must allow (gitleaks `condition = "AND"`); else any one.
    pub all: bool,
}

/// What an allowlist's regexes look at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AllowTarget {
    #[default]
    Secret,
    Match,
    Line,
}

impl Allow {
    fn allows(&self, secret: &str, whole: &str, line: &str) -> bool {
        if let Some(min) = self.min_entropy
            && entropy::bits_per_char(secret) < min
        {
            return true;
        }
        self.lists.iter().any(|list| {
            let target = match list.target {
                AllowTarget::Secret => secret,
                AllowTarget::Match => whole,
                AllowTarget::Line => line,
            };
            let mut checks = Vec::with_capacity(2);
            if !list.regexes.is_empty() {
                checks.push(list.regexes.iter().any(|r| r.is_match(target)));
            }
            if !list.stopwords.is_empty() {
                let lower = secret.to_ascii_lowercase();
                checks.push(list.stopwords.iter().any(|w| lower.contains(w.as_str())));
            }
            if list.all {
                !checks.is_empty() && checks.iter().all(|c| *c)
            } else {
                checks.iter().any(|c| *c)
            }
        })
    }

    fn fingerprint(&self) -> String {
        let lists: Vec<String> = self
            .lists
            .iter()
            .map(|l| {
                let regexes: Vec<&str> = l.regexes.iter().map(Regex::as_str).collect();
                format!("{regexes:?}{:?}{:?}{}", l.stopwords, l.target, l.all)
            })
            .collect();
        format!("{:?}{lists:?}", self.min_entropy)
    }
}

/// A condition the secret must meet, for rules whose shape alone also matches ordinary text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    None,
    /// At least one digit (real keys have them; `sk-learn-style-names` do not).
    HasDigit,
    /// Looks like a credential rather than a placeholder, a variable or code.
    Credential,
}

/// A rule's regex, compiled the first time a string needs it: the keyword prefilter lets
/// only a few rules run on most sessions, and compiling every built-in rule up front was
/// most of the work of a one-session commit. Rules read from files compile at once, so a
/// bad one is refused when it is loaded.
#[derive(Debug, Clone)]
struct LazyRegex {
    pattern: Cow<'static, str>,
    compiled: OnceLock<Regex>,
}

impl LazyRegex {
    fn compiled(pattern: &str) -> Result<LazyRegex, regex::Error> {
        let regex = Regex::new(pattern)?;
        Ok(LazyRegex {
            pattern: Cow::Owned(pattern.to_string()),
            compiled: OnceLock::from(regex),
        })
    }

    /// A pattern compiled on first use: only for patterns known to compile (the built-in
    /// rules, every one of which a test compiles).
    fn deferred(pattern: &'static str) -> LazyRegex {
        LazyRegex {
            pattern: Cow::Borrowed(pattern),
            compiled: OnceLock::new(),
        }
    }

    fn get(&self) -> &Regex {
        self.compiled
            .get_or_init(|| Regex::new(&self.pattern).expect("built-in scrub rules compile"))
    }
}

/// One scrubbing rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable identifier used in redactions and reports, for example `hf-token`.
    pub id: String,
    regex: LazyRegex,
    /// Lowercase literals, one of which every match contains; empty means the rule always runs.
    pub keywords: Vec<String>,
    pub secret: Secret,
    pub check: Check,
    /// For a rule with no keyword: the shortest run of base64 characters every match holds,
    /// so the rule is skipped on text without one (0: always run).
    pub min_run: usize,
    /// The run of `min_run` is of base64url characters and ends right before a `.` (a dotted
    /// token), which most base64 payloads never have.
    pub run_before_dot: bool,
    /// Every match starts in the name holding one of the keywords (see [`anchored`]).
    starts_in_name: bool,
    /// When a match is not a secret after all (rules from gitleaks files).
    pub allow: Option<Box<Allow>>,
}

impl Rule {
    pub fn new(
        id: &str,
        pattern: &str,
        keywords: Vec<String>,
        secret: Secret,
        check: Check,
    ) -> Result<Rule, regex::Error> {
        Ok(Rule::with_regex(
            id,
            LazyRegex::compiled(pattern)?,
            keywords,
            secret,
            check,
        ))
    }

    /// A built-in rule, its regex compiled when a string first needs it.
    fn deferred(
        id: &str,
        pattern: &'static str,
        keywords: Vec<String>,
        secret: Secret,
        check: Check,
    ) -> Rule {
        Rule::with_regex(id, LazyRegex::deferred(pattern), keywords, secret, check)
    }

    fn with_regex(
        id: &str,
        regex: LazyRegex,
        keywords: Vec<String>,
        secret: Secret,
        check: Check,
    ) -> Rule {
        Rule {
            id: id.to_string(),
            regex,
            keywords: keywords
                .into_iter()
                .map(|k| k.to_ascii_lowercase())
                .collect(),
            secret,
            check,
            min_run: 0,
            run_before_dot: false,
            starts_in_name: false,
            allow: None,
        }
    }

    /// The rule's regex (compiled now if it was not yet).
    pub fn regex(&self) -> &Regex {
        self.regex.get()
    }

    /// The rule's pattern, without compiling it.
    pub fn pattern(&self) -> &str {
        &self.regex.pattern
    }

    /// Whether the allowlists or the entropy floor let this match through.
    fn allowed(&self, secret: &str, whole: Range<usize>, text: &str) -> bool {
        let Some(allow) = &self.allow else {
            return false;
        };
        let line_start = text[..whole.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[whole.end..]
            .find('\n')
            .map_or(text.len(), |i| whole.end + i);
        allow.allows(secret, &text[whole.clone()], &text[line_start..line_end])
    }
}

/// Where a finding is: a line of a JSONL file (when known) and a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: String,
    pub line: Option<usize>,
    pub path: String,
}

/// Findings per rule id, and where they were. Its counts, locations and `Debug` never show a
/// matched value; the values themselves are only handed to the next pass that redacts their
/// copies ([`Report::take_found`]).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    counts: BTreeMap<String, u64>,
    findings: Vec<Finding>,
    /// The JSONL line being scrubbed, stamped on findings.
    line: Option<usize>,
    found: FoundSecrets,
}

/// The exact secrets a pass redacted, each with the rule that found it: every other copy in
/// the session is redacted under the same rule, and the store remembers them as salted hashes.
#[derive(Default, Clone, PartialEq, Eq)]
pub struct FoundSecrets(BTreeMap<String, usize>);

impl std::fmt::Debug for FoundSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FoundSecrets({} values)", self.0.len())
    }
}

impl FoundSecrets {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The values, for hashing (never for display).
    pub fn values(&self) -> impl Iterator<Item = &str> + '_ {
        self.0.keys().map(String::as_str)
    }
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

    fn found(&mut self, rule: &str, path: String) {
        self.add(rule, 1);
        if self.findings.len() < MAX_RECORDED_FINDINGS {
            self.findings.push(Finding {
                rule: rule.to_string(),
                line: self.line,
                path,
            });
        }
    }

    pub fn merge(&mut self, other: &Report) {
        for (rule, n) in &other.counts {
            self.add(rule, *n);
        }
        for (value, priority) in &other.found.0 {
            self.found.0.entry(value.clone()).or_insert(*priority);
        }
        let room = MAX_RECORDED_FINDINGS.saturating_sub(self.findings.len());
        self.findings
            .extend(other.findings.iter().take(room).cloned());
    }

    pub fn total(&self) -> u64 {
        self.counts.values().sum()
    }

    /// Findings that are secrets (everything but home-path rewrites).
    pub fn secrets(&self) -> u64 {
        self.iter()
            .filter(|(rule, _)| *rule != HOME_PATH)
            .map(|(_, n)| n)
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Rule ids with their counts, sorted by id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u64)> + '_ {
        self.counts.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// The first findings with their locations, in the order they were found.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The secret values found so far.
    pub fn found_secrets(&self) -> &FoundSecrets {
        &self.found
    }

    /// The secret values found so far, taken out of the report.
    pub fn take_found(&mut self) -> FoundSecrets {
        std::mem::take(&mut self.found)
    }

    fn found_value(&mut self, value: &str, priority: usize) {
        if value.trim().len() >= MIN_KNOWN_SECRET_LEN && !self.found.0.contains_key(value) {
            self.found.0.insert(value.to_string(), priority);
        }
    }
}

/// Why a text could not be scrubbed. Scrubbing fails closed: the caller stores nothing.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ScrubError {
    #[error("the JSON text cannot be followed at byte {offset}")]
    Json { offset: usize },
}

/// What to scrub besides the built-in rules.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Rewrite `/home/<user>/`, `/Users/<user>/` and `C:\Users\<user>\` to `~/`.
    pub home_paths: bool,
    /// Exact values to redact wherever they appear.
    pub known_secrets: Vec<String>,
    /// Secrets earlier commits found, kept as salted hashes: redacted wherever they appear.
    pub remembered: Remembered,
    /// Rules from the store's rules file, run after the built-in ones.
    pub custom_rules: Vec<Rule>,
}

/// A candidate redaction: a byte range of the decoded string and the rule priority behind it.
#[derive(Debug, Clone)]
struct Span {
    range: Range<usize>,
    priority: usize,
}

/// A compiled rule set plus the detectors that are not regexes.
#[derive(Debug, Clone)]
pub struct Scrubber {
    rules: Vec<Rule>,
    /// Every rule keyword in one automaton: most strings contain none, and one pass tells which
    /// rules can match at all.
    keywords: AhoCorasick,
    /// For each keyword pattern, the rules it enables ([`HOME_KEYWORD`] for the home-path
    /// rewrite).
    keyword_rules: Vec<Vec<usize>>,
    /// Rules with no keyword, run on every string (or on strings with a long enough run).
    always: Vec<usize>,
    known: Option<AhoCorasick>,
    /// For each known value, the priority its redaction is named after.
    known_priority: Vec<usize>,
    known_fingerprint: String,
    /// Secrets earlier commits found, as salted hashes.
    remembered: remembered::Remembered,
    home: Option<Regex>,
    assignment: usize,
    /// The rule searched from its keywords' hits rather than across each text.
    name_search: Option<anchored::NameSearch>,
    /// Only redact the known values (the second pass over a session, which finds the copies of
    /// what the first pass found).
    known_only: bool,
}

impl Default for Scrubber {
    fn default() -> Self {
        Scrubber::new(Options {
            home_paths: true,
            ..Options::default()
        })
    }
}

impl Scrubber {
    pub fn new(options: Options) -> Scrubber {
        let mut rules = rules::builtin_rules();
        rules.extend(options.custom_rules);
        assert!(
            rules.len() <= MAX_RULES,
            "the rules file loader caps custom rules"
        );
        let mut unique: Vec<String> = Vec::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            if rule.keywords.is_empty() {
                always.push(index);
            }
            for keyword in &rule.keywords {
                match unique.iter().position(|k| k == keyword) {
                    Some(at) => keyword_rules[at].push(index),
                    None => {
                        unique.push(keyword.clone());
                        keyword_rules.push(vec![index]);
                    }
                }
            }
        }
        if options.home_paths {
            for literal in ["/home/", "/users/", "\\users\\", "-users-", "-home-"] {
                unique.push(literal.to_string());
                keyword_rules.push(vec![HOME_KEYWORD]);
            }
        }
        // Leftmost-longest, not overlapping: much faster, and a keyword hidden inside a longer
        // one (`sk` inside `sk-ant-`) only belongs to rules the longer one's rule outranks.
        // A DFA: a few hundred keywords make the default automaton's scan the hot loop.
        let keywords = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .match_kind(MatchKind::LeftmostLongest)
            .build(&unique)
            .expect("keyword automaton builds");
        let mut known: Vec<String> = options
            .known_secrets
            .into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| s.len() >= MIN_KNOWN_SECRET_LEN)
            .collect();
        known.sort();
        known.dedup();
        let known_fingerprint = {
            use sha2::{Digest, Sha256};
            let mut hasher = Sha256::new();
            for value in &known {
                hasher.update(value.as_bytes());
                hasher.update([0]);
            }
            format!("{:x}", hasher.finalize())
        };
        let known_priority = vec![rules.len(); known.len()];
        let known = known_automaton(&known);
        let home = options.home_paths.then(|| {
            // The last form is how Claude Code names project directories: `-Users-alice-src-x`.
            Regex::new(r#"(?:/home|/Users)/[A-Za-z0-9._-]+|[A-Za-z]:\\Users\\[^\\/\s:*?<>|"']+\\?|(?:[A-Za-z]-)?-(?:Users|home)-[A-Za-z0-9_]+-"#)
                .expect("home path pattern compiles")
        });
        let assignment = rules
            .iter()
            .position(|r| r.id == SECRET_ASSIGNMENT)
            .expect("the assignment rule is built in");
        let name_search = rules.iter().position(|r| r.starts_in_name).map(|index| {
            let rule = &rules[index];
            anchored::NameSearch::new(index, rule.regex.pattern.clone(), &unique, &rule.keywords)
        });
        Scrubber {
            rules,
            keywords,
            keyword_rules,
            always,
            known,
            known_priority,
            known_fingerprint,
            remembered: options.remembered,
            home,
            assignment,
            name_search,
            known_only: false,
        }
    }

    /// A scrubber for the second pass over a session: it redacts every copy of what the first
    /// pass found, under the rule that found it, and nothing else. `None` when nothing was
    /// found.
    pub fn copies_of(&self, found: &FoundSecrets) -> Option<Scrubber> {
        if found.is_empty() {
            return None;
        }
        let values: Vec<&str> = found.0.keys().map(String::as_str).collect();
        Some(Scrubber {
            known: known_automaton(&values),
            known_priority: found.0.values().copied().collect(),
            known_only: true,
            ..self.clone()
        })
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Identifies what this scrubber redacts: anything derived from scrubbed text (cached
    /// renderings) is only reused under the same fingerprint. Known secrets enter as a digest.
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        hasher.update(b"scrub-engine-3\0");
        for rule in &self.rules {
            for part in [rule.id.as_str(), rule.pattern()] {
                hasher.update(part.as_bytes());
                hasher.update([0]);
            }
            hasher.update(format!(
                "{:?}{:?}{:?}{}\0",
                rule.keywords,
                rule.secret,
                rule.check,
                rule.allow
                    .as_ref()
                    .map(|a| a.fingerprint())
                    .unwrap_or_default()
            ));
        }
        hasher.update(self.known_fingerprint.as_bytes());
        hasher.update(self.remembered.fingerprint().as_bytes());
        hasher.update([u8::from(self.home.is_some())]);
        hasher.update(format!(
            "{}{}{}{}",
            entropy::MIN_LEN,
            entropy::MAX_LEN,
            entropy::MIN_BITS_PER_CHAR,
            entropy::MIN_CLASS_SWITCH_RATE
        ));
        format!("{:x}", hasher.finalize())
    }

    /// Scrub one plain text. Returns the input unchanged (borrowed) when nothing was found.
    pub fn scrub_text<'a>(&self, text: &'a str, report: &mut Report) -> Cow<'a, str> {
        match self.scrub_string(text, None, &|| "$".to_string(), report, 0) {
            Some(new) => Cow::Owned(new),
            None => Cow::Borrowed(text),
        }
    }

    /// Scrub a JSON document given as text (already parsed once by the caller: the lexer
    /// follows the structure, it does not validate it), rewriting only the string literals that hold a
    /// finding: with no finding the input comes back borrowed, byte for byte.
    pub fn scrub_json<'a>(
        &self,
        text: &'a str,
        report: &mut Report,
    ) -> Result<Cow<'a, str>, ScrubError> {
        self.scrub_json_at(text, "", report, 0, None)
    }

    fn scrub_json_at<'a>(
        &self,
        text: &'a str,
        prefix: &str,
        report: &mut Report,
        depth: u8,
        mut clean: Option<&mut CleanStrings>,
    ) -> Result<Cow<'a, str>, ScrubError> {
        let mut out: Option<String> = None;
        let mut copied = 0;
        let mut undecodable = None;
        json::for_each_value_string(text, |literal, position| {
            if literal.is_key && plain_name(literal.raw) {
                return;
            }
            let Some(value) = literal.decode(text) else {
                undecodable = Some(literal.start);
                return;
            };
            let key = literal.key.map(|raw| {
                if raw.contains('\\') {
                    serde_json::from_str::<String>(&format!("\"{raw}\""))
                        .map(Cow::Owned)
                        .unwrap_or(Cow::Borrowed(raw))
                } else {
                    Cow::Borrowed(raw)
                }
            });
            let at = || {
                let path = position.path(prefix);
                if literal.is_key {
                    // The key's own name may be what is scrubbed: it is not in the location.
                    format!("{path}.*~")
                } else {
                    path
                }
            };
            let key = key.as_deref();
            let remembered = clean.as_deref_mut().filter(|_| CleanStrings::holds(&value));
            if remembered
                .as_ref()
                .is_some_and(|clean| clean.contains(key, &value))
            {
                return;
            }
            match self.scrub_string(&value, key, &at, report, depth) {
                Some(new) => {
                    let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
                    out.push_str(&text[copied..literal.start]);
                    out.push_str(&serde_json::to_string(&new).expect("a string serialises"));
                    copied = literal.end;
                }
                None => {
                    if let Some(clean) = remembered {
                        clean.insert(key, &value);
                    }
                }
            }
        })
        .map_err(|e| ScrubError::Json { offset: e.offset })?;
        if let Some(offset) = undecodable {
            return Err(ScrubError::Json { offset });
        }
        Ok(match out {
            Some(mut out) => {
                out.push_str(&text[copied..]);
                Cow::Owned(out)
            }
            None => Cow::Borrowed(text),
        })
    }

    /// Scrub every string inside `value`, recursively, with object keys as context; keys are
    /// scrubbed too (home paths and secrets used as keys). Returns whether anything changed.
    pub fn scrub_value(&self, value: &mut Value, report: &mut Report) -> bool {
        let mut path = "$".to_string();
        self.scrub_value_at(value, None, &mut path, report)
    }

    fn scrub_value_at(
        &self,
        value: &mut Value,
        key: Option<&str>,
        path: &mut String,
        report: &mut Report,
    ) -> bool {
        match value {
            Value::String(s) => {
                let at = || path.clone();
                match self.scrub_string(s, key, &at, report, 0) {
                    Some(new) => {
                        *s = new;
                        true
                    }
                    None => false,
                }
            }
            Value::Array(items) => {
                let mut changed = false;
                for (index, item) in items.iter_mut().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{index}]"));
                    changed |= self.scrub_value_at(item, None, path, report);
                    path.truncate(len);
                }
                changed
            }
            Value::Object(map) => {
                let mut changed = false;
                for (name, item) in map.iter_mut() {
                    let len = path.len();
                    json::push_key(path, name);
                    changed |= self.scrub_value_at(item, Some(name), path, report);
                    path.truncate(len);
                }
                let at = || format!("{path}.*~");
                let renamed: Vec<Option<String>> = map
                    .keys()
                    .map(|name| {
                        if plain_name(name) {
                            None
                        } else {
                            self.scrub_string(name, None, &at, report, MAX_NESTING)
                        }
                    })
                    .collect();
                if renamed.iter().any(Option::is_some) {
                    *map = rename_keys(std::mem::take(map), renamed);
                    changed = true;
                }
                changed
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => false,
        }
    }

    /// The scrubbed string, or `None` when nothing was found. `key` is the JSON member name
    /// the string is the value of; `at` names its location for the report.
    fn scrub_string(
        &self,
        text: &str,
        key: Option<&str>,
        at: &dyn Fn() -> String,
        report: &mut Report,
        depth: u8,
    ) -> Option<String> {
        if text.len() < 6 {
            return None;
        }
        if depth < MAX_NESTING && json::is_json_container(text) {
            let prefix = at();
            return match self.scrub_json_at(text, &prefix, report, depth + 1, None) {
                Ok(Cow::Owned(new)) => Some(new),
                Ok(Cow::Borrowed(_)) => None,
                // Validated just above; scrub it as text rather than let it through.
                Err(_) => self.scrub_plain(text, key, at, report),
            };
        }
        self.scrub_plain(text, key, at, report)
    }

    fn scrub_plain(
        &self,
        text: &str,
        key: Option<&str>,
        at: &dyn Fn() -> String,
        report: &mut Report,
    ) -> Option<String> {
        let mut spans = Vec::new();
        let base = self.rules.len();
        if let Some(known) = &self.known {
            for found in known.find_iter(text) {
                spans.push(Span {
                    range: found.range(),
                    priority: self.known_priority[found.pattern().as_usize()],
                });
            }
        }
        if self.known_only {
            return (!spans.is_empty()).then(|| self.redact(text, spans, at, report));
        }
        for range in self.remembered.find(text) {
            spans.push(Span {
                range,
                priority: base,
            });
        }
        let public = key.is_some_and(public_random_key);
        let scan = entropy::scan(text, !public);
        let home_literal = self.rule_spans(text, &scan, &mut spans);
        if let Some(key) = key
            && secret_key(key)
            && credential_like(text, true)
        {
            spans.push(Span {
                range: 0..text.len(),
                priority: self.assignment,
            });
        }
        for range in scan.found {
            spans.push(Span {
                range,
                priority: base + 1,
            });
        }
        if let Some(home) = self.home.as_ref().filter(|_| home_literal) {
            for found in home.find_iter(text) {
                if home_directory(text, found.range()) {
                    spans.push(Span {
                        range: found.range(),
                        priority: base + 2,
                    });
                }
            }
        }
        if spans.is_empty() {
            return None;
        }
        Some(self.redact(text, spans, at, report))
    }

    /// Spans of the regex rules whose keywords occur in `text`. Returns whether a home-path
    /// literal occurs.
    fn rule_spans(&self, text: &str, scan: &entropy::Scan, spans: &mut Vec<Span>) -> bool {
        let mut enabled = [0u64; MAX_RULES / 64];
        let mut home = false;
        let mut name_hits = anchored::Hits::default();
        for found in self.keywords.find_iter(text) {
            if let Some(search) = &self.name_search {
                search.hit(&mut name_hits, found.pattern().as_usize(), found.start());
            }
            for &rule in &self.keyword_rules[found.pattern().as_usize()] {
                if rule == HOME_KEYWORD {
                    home = true;
                } else {
                    enabled[rule / 64] |= 1 << (rule % 64);
                }
            }
        }
        for &rule in &self.always {
            let rule_run = if self.rules[rule].run_before_dot {
                scan.longest_run_before_dot
            } else {
                scan.longest_run
            };
            if rule_run >= self.rules[rule].min_run {
                enabled[rule / 64] |= 1 << (rule % 64);
            }
        }
        if enabled == [0; MAX_RULES / 64] {
            return home;
        }
        // The enabled rules in priority order, one set bit at a time.
        let enabled_rules = enabled.iter().enumerate().flat_map(|(word, &bits)| {
            let mut bits = bits;
            std::iter::from_fn(move || {
                let bit = bits.trailing_zeros() as usize;
                bits &= bits.checked_sub(1)?;
                Some(word * 64 + bit)
            })
        });
        for priority in enabled_rules {
            let rule = &self.rules[priority];
            match rule.secret {
                Secret::Whole => {
                    for found in rule.regex().find_iter(text) {
                        if passes(rule.check, found.as_str())
                            && !embedded(text, found.range())
                            && !rule.allowed(found.as_str(), found.range(), text)
                        {
                            spans.push(Span {
                                range: found.range(),
                                priority,
                            });
                        }
                    }
                }
                Secret::Group(_) | Secret::FirstGroup => {
                    for caps in rule.regex().captures_iter(text) {
                        let found = match rule.secret {
                            Secret::Group(group) => caps.get(group),
                            _ => (1..caps.len())
                                .find_map(|g| caps.get(g))
                                .or_else(|| caps.get(0)),
                        };
                        let whole = caps.get(0).expect("group 0 always takes part").range();
                        if let Some(found) = found
                            && !found.is_empty()
                            && passes(rule.check, found.as_str())
                            && !rule.allowed(found.as_str(), whole, text)
                        {
                            spans.push(Span {
                                range: found.range(),
                                priority,
                            });
                        }
                    }
                }
                Secret::Assignment => {
                    let found = match &self.name_search {
                        Some(search)
                            if search.rule == priority && search.applies(text, &name_hits) =>
                        {
                            search.matches(text, &name_hits)
                        }
                        _ => anchored::matches_in_whole(rule.regex(), text),
                    };
                    for anchored::Assignment { whole, name, value } in found {
                        let separator =
                            &text[name.as_ref().map_or(whole.start, |n| n.end)..value.start];
                        // A shell or dotenv `NAME=word` holds a literal, unlike code's
                        // `name = word`, which names a variable.
                        let env_style = separator == "="
                            && name.is_some_and(|name| {
                                text[name].bytes().all(|b| {
                                    b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'
                                })
                            });
                        let quoted =
                            env_style || text[..value.start].ends_with(['"', '\'', '`', '>']);
                        if assignment_value_is_secret(&text[value.clone()], separator, quoted) {
                            spans.push(Span {
                                range: value,
                                priority,
                            });
                        }
                    }
                }
            }
        }
        home
    }

    fn rule_id(&self, priority: usize) -> &str {
        let base = self.rules.len();
        match priority {
            p if p < base => &self.rules[p].id,
            p if p == base => KNOWN_SECRET,
            p if p == base + 1 => HIGH_ENTROPY,
            _ => HOME_PATH,
        }
    }

    /// Merge overlapping spans (the highest-priority rule names the merged one) and rewrite.
    fn redact(
        &self,
        text: &str,
        mut spans: Vec<Span>,
        at: &dyn Fn() -> String,
        report: &mut Report,
    ) -> String {
        spans.sort_by_key(|s| (s.range.start, s.priority));
        let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
        for span in spans {
            match merged.last_mut() {
                Some(last) if span.range.start < last.range.end => {
                    last.range.end = last.range.end.max(span.range.end);
                    last.priority = last.priority.min(span.priority);
                }
                _ => merged.push(span),
            }
        }
        let path = at();
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        for span in merged {
            out.push_str(&text[copied..span.range.start]);
            let id = self.rule_id(span.priority);
            if id == HOME_PATH {
                let matched = &text[span.range.clone()];
                out.push_str(if matched.ends_with('\\') {
                    "~/"
                } else if matched.ends_with('-') {
                    "~-"
                } else {
                    "~"
                });
            } else {
                out.push_str("[REDACTED:");
                out.push_str(id);
                out.push(']');
                report.found_value(&text[span.range.clone()], span.priority);
            }
            report.found(id, path.clone());
            copied = span.range.end;
        }
        out.push_str(&text[copied..]);
        out
    }

    /// What scrubbing a JSONL file would redact, without changing it: each line is scrubbed as
    /// JSON (as text when it is not JSON), findings carry their line number, and the copies of
    /// every secret found are counted where they are (the second pass a commit makes).
    pub fn scan_jsonl(&self, bytes: &[u8]) -> Report {
        let mut report = Report::default();
        let text = String::from_utf8_lossy(bytes);
        let mut scrubbed: Vec<(bool, Cow<'_, str>)> = Vec::new();
        for (index, line) in text.lines().enumerate() {
            report.line = Some(index + 1);
            let is_json = serde_json::from_str::<serde::de::IgnoredAny>(line).is_ok();
            let json = is_json
                .then(|| self.scrub_json(line, &mut report).ok())
                .flatten();
            scrubbed.push(match json {
                Some(out) => (true, out),
                None => (false, self.scrub_text(line, &mut report)),
            });
        }
        if let Some(copies) = self.copies_of(&report.found) {
            for (index, (is_json, line)) in scrubbed.iter().enumerate() {
                report.line = Some(index + 1);
                if !*is_json || copies.scrub_json(line, &mut report).is_err() {
                    copies.scrub_text(line, &mut report);
                }
            }
        }
        report.line = None;
        report
    }

    /// Scrub a JSONL text line by line: lines without a finding keep their bytes.
    pub fn scrub_jsonl_line<'a>(
        &self,
        line: &'a str,
        number: usize,
        report: &mut Report,
    ) -> Result<Cow<'a, str>, ScrubError> {
        report.line = Some(number);
        let result = self.scrub_json(line, report);
        report.line = None;
        result
    }

    /// [`Scrubber::scrub_jsonl_line`] for the lines of one file in order, skipping the
    /// strings `clean` saw come out clean on earlier lines (what a transcript repeats on
    /// every line: its session id, working directory, version, model). `clean` belongs to
    /// this scrubber and this file.
    pub fn scrub_jsonl_line_remembering<'a>(
        &self,
        line: &'a str,
        number: usize,
        report: &mut Report,
        clean: &mut CleanStrings,
    ) -> Result<Cow<'a, str>, ScrubError> {
        report.line = Some(number);
        let result = self.scrub_json_at(line, "", report, 0, Some(clean));
        report.line = None;
        result
    }
}

/// Strings of one JSON Lines file that scrubbing found nothing in, with the member name
/// they were the value of (which scrubbing reads): the same string under the same name
/// comes out the same, with nothing to report, so it is not scrubbed again. Short strings
/// only, and a bounded number of them.
#[derive(Debug, Default)]
pub struct CleanStrings {
    by_key: std::collections::HashMap<
        Box<str>,
        std::collections::HashSet<Box<str>, foldhash::fast::RandomState>,
        foldhash::fast::RandomState,
    >,
    held: usize,
}

impl CleanStrings {
    const MAX_LEN: usize = 256;
    const MAX_HELD: usize = 4096;

    /// Shorter strings are never scrubbed at all.
    fn holds(text: &str) -> bool {
        (6..=CleanStrings::MAX_LEN).contains(&text.len())
    }

    fn contains(&self, key: Option<&str>, text: &str) -> bool {
        self.by_key
            .get(key.unwrap_or(""))
            .is_some_and(|texts| texts.contains(text))
    }

    fn insert(&mut self, key: Option<&str>, text: &str) {
        if self.held >= CleanStrings::MAX_HELD {
            return;
        }
        // No name and an empty name read the same (neither ends with a secret's word).
        let key = key.unwrap_or("");
        let texts = match self.by_key.get_mut(key) {
            Some(texts) => texts,
            None => self.by_key.entry(key.into()).or_default(),
        };
        if texts.insert(text.into()) {
            self.held += 1;
        }
    }
}

/// Keys are names far more often than data: a short plain name cannot hold a home path and is
/// shorter than the tokens worth finding in a key, so it is not scrubbed.
fn plain_name(key: &str) -> bool {
    key.len() < 20
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The object with scrubbed keys, in the same order. Two keys that scrub to the same text
/// both stay: the later one gets a ` (2)` suffix.
fn rename_keys(
    map: serde_json::Map<String, Value>,
    renamed: Vec<Option<String>>,
) -> serde_json::Map<String, Value> {
    let mut out = serde_json::Map::with_capacity(map.len());
    for ((name, item), new) in map.into_iter().zip(renamed) {
        let mut name = new.unwrap_or(name);
        let mut n = 2;
        while out.contains_key(&name) {
            name = format!("{} ({n})", name.trim_end_matches(&format!(" ({})", n - 1)));
            n += 1;
        }
        out.insert(name, item);
    }
    out
}

fn known_automaton<S: AsRef<[u8]>>(values: &[S]) -> Option<AhoCorasick> {
    (!values.is_empty()).then(|| {
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(values)
            .expect("known-secret automaton builds")
    })
}

/// A match with letters or digits on both sides sits inside a longer run (a base64 payload),
/// not a token of its own.
fn embedded(text: &str, range: Range<usize>) -> bool {
    let bytes = text.as_bytes();
    range.start > 0
        && range.end < bytes.len()
        && bytes[range.start - 1].is_ascii_alphanumeric()
        && bytes[range.end].is_ascii_alphanumeric()
}

fn passes(check: Check, secret: &str) -> bool {
    match check {
        Check::None => true,
        Check::HasDigit => secret.bytes().any(|b| b.is_ascii_digit()),
        Check::Credential => credential_like(secret, false),
    }
}

/// A JSON member or environment variable name whose value is a secret whatever it looks
/// like: it ends in token, secret, password, api key, access key, private key, credentials...
pub fn secret_name(key: &str) -> bool {
    secret_key(key)
}

fn secret_key(key: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "token",
        "secret",
        "password",
        "passwd",
        "passphrase",
        "apikey",
        "accesskey",
        "secretkey",
        "privatekey",
        "credential",
        "credentials",
    ];
    ENDINGS.iter().any(|e| name_ends_with(key, e))
}

/// A member name whose value is random by design and public: ids, hashes, signatures.
fn public_random_key(key: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "id",
        "uuid",
        "hash",
        "sha",
        "digest",
        "checksum",
        "etag",
        "signature",
        "integrity",
        "data",
    ];
    ENDINGS.iter().any(|e| name_ends_with(key, e))
}

/// Whether `name`, with separators dropped and lowercased, ends with `ending` (lowercase):
/// `client_secret`, `clientSecret` and `CLIENT-SECRET` all end with `secret`.
fn name_ends_with(name: &str, ending: &str) -> bool {
    let mut letters = name
        .bytes()
        .rev()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase());
    ending.bytes().rev().all(|e| letters.next() == Some(e))
}

/// Whether a value looks like a credential rather than a placeholder, a reference or code.
/// `quoted` values (in quotes, a JSON string, an XML element) may hold a few spaces and
/// brackets; a bare value is a word.
pub(crate) fn credential_like(value: &str, quoted: bool) -> bool {
    let value = value.trim();
    if value.len() < 6 || value.contains(['\n', '\r']) {
        return false;
    }
    let lower = value.to_ascii_lowercase();
    const PLACEHOLDERS: &[&str] = &[
        "[redacted",
        "xxxx",
        "****",
        "...",
        "your_",
        "your-",
        "changeme",
        "placeholder",
        "undefined",
        "example",
        "process.env",
        "os.environ",
        "getenv",
    ];
    if PLACEHOLDERS.iter().any(|p| lower.contains(p)) || is_reference(value) {
        return false;
    }
    if value.bytes().all(|b| b.is_ascii_digit()) && value.len() < 16 {
        // Counts, ports, timestamps.
        return false;
    }
    let spaces = value.bytes().filter(|b| *b == b' ').count();
    if spaces > 0 {
        // A pass phrase is a few words with a digit or a symbol; more words are prose.
        let symbol = value
            .bytes()
            .any(|b| !(b.is_ascii_alphabetic() || b == b' '));
        if !quoted || spaces > 3 || !symbol || value.contains('\t') {
            return false;
        }
    }
    if !quoted && (value.starts_with(['$', '%', '@', '&', '*']) || value.contains(['(', '['])) {
        return false;
    }
    let first = value.as_bytes()[0];
    // A dotted or snake_case identifier without digits is a variable or attribute: code. So
    // is a bare word or camelCase name (`token = nextchar`), unlike random letters, which
    // switch case all the time.
    let identifier = (first.is_ascii_alphabetic() || first == b'_')
        && value
            .bytes()
            .all(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'.');
    let case_switches = value
        .as_bytes()
        .windows(2)
        .filter(|w| w[0].is_ascii_uppercase() != w[1].is_ascii_uppercase())
        .count();
    let word = !quoted && case_switches <= 3;
    !(identifier && (word || value.contains(['_', '.']) || value.len() < 8))
}

/// A reference to a value kept elsewhere, not the value: `${VAR}`, `$VAR`, `{{ secrets.X }}`,
/// `<your-token>`, `%VAR%`, `$(command)`.
fn is_reference(value: &str) -> bool {
    let wrapped = |open: &str, close: &str| value.starts_with(open) && value.ends_with(close);
    if wrapped("${", "}") || wrapped("{{", "}}") || wrapped("<", ">") || wrapped("$(", ")") {
        return true;
    }
    if wrapped("%", "%") && value.len() > 2 {
        return true;
    }
    // A bare value stops at `}`: `${API_KEY` is the start of a reference.
    let name_like = |rest: &str| {
        rest.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'.' | b'-' | b' '))
    };
    if let Some(rest) = value
        .strip_prefix("${")
        .or_else(|| value.strip_prefix("{{"))
        && name_like(rest)
    {
        return true;
    }
    value.strip_prefix('$').is_some_and(|name| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'.'))
    })
}

/// The assignment rule's extra care: after `Name:` (prose, YAML) a single plain word is
/// usually text ("Token: generation"), so it needs a digit or symbol there; after `=`, `=>`,
/// a comma or an XML tag any credential-like value counts.
fn assignment_value_is_secret(value: &str, separator: &str, quoted: bool) -> bool {
    if !credential_like(value, quoted) {
        return false;
    }
    let bare_colon = separator
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | ']'))
        == ":";
    if !bare_colon {
        return true;
    }
    value.bytes().any(|b| !b.is_ascii_alphabetic())
}

/// Whether the home-path match at `range` is a real home directory: a path that starts there
/// (see [`home_path_boundary`]) and is not a bare quoted literal in code (`"/home/user"`),
/// or an encoded project directory name starting a path segment.
fn home_directory(text: &str, range: Range<usize>) -> bool {
    let matched = &text[range.clone()];
    let before = text[..range.start].bytes().last();
    if matched.ends_with('-') {
        return before.is_none_or(|b| {
            b.is_ascii_whitespace() || matches!(b, b'/' | b'\\' | b'"' | b'\'' | b'=' | b':')
        });
    }
    if !home_path_boundary(text, range.start) {
        return false;
    }
    let after = text[range.end..].bytes().next();
    let quoted = matches!(
        (before, after),
        (Some(b'"'), Some(b'"')) | (Some(b'\''), Some(b'\'')) | (Some(b'`'), Some(b'`'))
    );
    !quoted
}

/// A home path starts a path: not in the middle of another one (`/mnt/home/x`) or a word,
/// except after a URL scheme (`file:///home/x`).
fn home_path_boundary(text: &str, start: usize) -> bool {
    let before = &text[..start];
    match before.bytes().last() {
        None => true,
        Some(b) if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'~' | b'-' | b'\\') => {
            false
        }
        Some(b'/') => before.ends_with("://"),
        Some(_) => true,
    }
}

#[cfg(test)]
mod tests;
