//! A rule whose every match starts in the name holding one of its keywords (the generic
//! `NAME=value` rule: `API_TOKEN=...`, `db.password: ...`) searched only where a name can
//! start, instead of across the whole text.
//!
//! The scrubber's keyword pass already says where the rule's keywords are. A match's name is
//! a run of name characters (`[A-Za-z0-9_.$-]`, and the two non-ASCII letters case folding
//! takes for ASCII ones) holding a keyword, and the rule begins with an ASCII word boundary,
//! so each match starts at a boundary of the run holding a keyword, at or before the keyword.
//! An anchored search at each such place, left to right, continuing after each match, finds
//! exactly what a search of the whole text finds. Most of a transcript's keywords are words
//! like `tokenizer`, where the anchored search stops a few bytes in; the search of the whole
//! text read every byte after the first keyword.
//!
//! The keyword pass reports leftmost-longest hits that do not overlap, so a longer keyword of
//! another rule can hide one of this rule's (`token>` hides `token`): when a hit is of a
//! keyword that can, and when the text holds a letter the ASCII keyword pass cannot see, the
//! whole text is searched as before.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input};

/// The two non-ASCII characters `(?i)` matches for ASCII letters: `ſ` for `s`, the Kelvin sign
/// for `k`.
const FOLDED_LETTERS: [char; 2] = ['\u{17f}', '\u{212a}'];

/// A match of the rule: the whole match, the name (group 1) and the value (the first of
/// groups 2.. that took part).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Assignment {
    pub whole: Range<usize>,
    pub name: Option<Range<usize>>,
    pub value: Range<usize>,
}

/// The rule's search from its keywords.
#[derive(Debug, Clone)]
pub(super) struct NameSearch {
    /// The rule's priority (its index among the scrubber's rules).
    pub rule: usize,
    pattern: Cow<'static, str>,
    regex: OnceLock<Regex>,
    /// For each pattern of the scrubber's keyword automaton: one of the rule's keywords.
    own: Vec<bool>,
    /// For each pattern: a keyword of another rule that can hide one of this rule's (it holds
    /// one, or ends in the start of one), so that its hit leaves the rule's hits incomplete.
    hides: Vec<bool>,
}

/// What the keyword pass saw, for the rule.
#[derive(Debug, Default)]
pub(super) struct Hits {
    /// Where the rule's keywords start, left to right.
    starts: Vec<usize>,
    /// A hit may hide one of the rule's keywords.
    incomplete: bool,
}

impl NameSearch {
    /// `keywords` are the scrubber automaton's patterns (lowercase), `own` the rule's.
    pub(super) fn new(
        rule: usize,
        pattern: Cow<'static, str>,
        keywords: &[String],
        own: &[String],
    ) -> NameSearch {
        let is_own: Vec<bool> = keywords.iter().map(|k| own.contains(k)).collect();
        let hides = keywords
            .iter()
            .zip(&is_own)
            .map(|(keyword, &is_own)| !is_own && own.iter().any(|o| can_hide(keyword, o)))
            .collect();
        NameSearch {
            rule,
            pattern,
            regex: OnceLock::new(),
            own: is_own,
            hides,
        }
    }

    /// Take in one hit of the keyword pass.
    pub(super) fn hit(&self, hits: &mut Hits, pattern: usize, start: usize) {
        if self.own[pattern] {
            hits.starts.push(start);
        }
        hits.incomplete |= self.hides[pattern];
    }

    /// Whether [`NameSearch::matches`] finds all there is in `text` from these hits.
    pub(super) fn applies(&self, text: &str, hits: &Hits) -> bool {
        !hits.incomplete && !holds_folded_letter(text)
    }

    /// The rule's matches in `text`, in order, from the hits of its keywords.
    pub(super) fn matches(&self, text: &str, hits: &Hits) -> Vec<Assignment> {
        let regex = self.regex();
        let mut caps = regex.create_captures();
        let mut found = Vec::new();
        // No match starts before the end of the last one.
        let mut next = 0;
        for &keyword in &hits.starts {
            if keyword < next {
                continue;
            }
            for start in name_start(text, keyword).max(next)..=keyword {
                if start < next || !text.is_char_boundary(start) || !word_boundary(text, start) {
                    continue;
                }
                let input = Input::new(text)
                    .span(start..text.len())
                    .anchored(Anchored::Yes);
                regex.search_captures(&input, &mut caps);
                if let Some(assignment) = assignment(&caps) {
                    next = assignment.whole.end;
                    found.push(assignment);
                } else if let Some(whole) = caps.get_match() {
                    // A match with no value group (the rule has none such): skipped, as the
                    // search of the whole text skips it.
                    next = whole.end();
                }
            }
        }
        found
    }

    fn regex(&self) -> &Regex {
        self.regex
            .get_or_init(|| Regex::new(&self.pattern).expect("built-in scrub rules compile"))
    }
}

/// The rule's matches in `text`, searched across the whole text (what [`NameSearch::matches`]
/// must agree with).
pub(super) fn matches_in_whole(regex: &regex::Regex, text: &str) -> Vec<Assignment> {
    regex
        .captures_iter(text)
        .filter_map(|caps| {
            let value = (2..caps.len()).find_map(|g| caps.get(g))?;
            Some(Assignment {
                whole: caps.get(0).expect("group 0 always takes part").range(),
                name: caps.get(1).map(|m| m.range()),
                value: value.range(),
            })
        })
        .collect()
}

fn assignment(caps: &Captures) -> Option<Assignment> {
    let whole = caps.get_match()?;
    let value = (2..caps.group_len()).find_map(|g| caps.get_group(g))?;
    Some(Assignment {
        whole: whole.range(),
        name: caps.get_group(1).map(|span| span.range()),
        value: value.range(),
    })
}

/// Whether `other` can hide `own` in a leftmost-longest pass: it holds it, or one of its
/// proper suffixes is a proper prefix of it (a hit of `other` then covers the start of `own`).
fn can_hide(other: &str, own: &str) -> bool {
    // Bytes: a custom rule's keyword may hold any character.
    let (other, own) = (other.as_bytes(), own.as_bytes());
    memchr::memmem::find(other, own).is_some()
        || (1..other.len()).any(|i| own.starts_with(&other[i..]))
}

/// Whether `text` holds one of [`FOLDED_LETTERS`]: their first UTF-8 bytes found many bytes
/// at a time (this runs on most texts; `str::contains` decoded every character).
fn holds_folded_letter(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(0xc5, 0xe2, bytes).any(|at| {
        FOLDED_LETTERS
            .iter()
            .any(|c| bytes[at..].starts_with(c.encode_utf8(&mut [0; 4]).as_bytes()))
    })
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '$' | '-') || FOLDED_LETTERS.contains(&c)
}

/// Where the run of name characters holding byte `at` starts.
fn name_start(text: &str, at: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_name_char(c))
        .last()
        .map_or(at, |(i, _)| i)
}

/// An ASCII word boundary (`(?-u:\b)`) at byte `at`.
fn word_boundary(text: &str, at: usize) -> bool {
    let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    let bytes = text.as_bytes();
    word(at.checked_sub(1).and_then(|i| bytes.get(i))) != word(bytes.get(at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keyword_can_hide_another_by_holding_it_or_overlapping_its_start() {
        assert!(can_hide("token>", "token"));
        assert!(can_hide("key=\"", "key"));
        assert!(can_hide("sk_", "_pass"));
        assert!(!can_hide("sk-", "_pass"));
        assert!(!can_hide("bearer", "token"));
        // A keyword that starts inside `own` and runs past it is found after `own` is.
        assert!(!can_hide("enx", "token"));
        // A custom rule's keyword may hold any character.
        assert!(can_hide("\u{e9}_p", "_pass"));
        assert!(!can_hide("p\u{e9}", "_pass"));
    }

    #[test]
    fn folded_letters_are_found_among_other_non_ascii_text() {
        assert!(holds_folded_letter("a \u{201c}quoted\u{201d} \u{17f}ecret"));
        assert!(holds_folded_letter("TO\u{212a}EN"));
        // The same first bytes: \u{141} (C5 81) and \u{2122} (E2 84 A2).
        assert!(!holds_folded_letter(
            "\u{201c}quoted\u{201d} \u{141}\u{f3}d\u{17a} \u{2122}"
        ));
    }

    #[test]
    fn names_start_after_what_no_name_holds() {
        let text = "x = a.b$c-token_x";
        assert_eq!(name_start(text, text.find("token").unwrap()), 4);
        assert_eq!(name_start("token", 0), 0);
        assert_eq!(name_start("\u{17f}ecret", 2), 0);
    }
}
