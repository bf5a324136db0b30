//! Text from outside (file names, server messages, remote URLs) printed so that it cannot
//! drive the terminal: control characters are written as escapes, the way `git` quotes paths
//! (`"evil\033[31m"`). Messages keep their line breaks; a name on a line of data has none.
//!
//! Every message sink in `ui` goes through [`message`]; printers of human data lines use
//! [`name`] for what came from outside. Data a command exists to print (`show`) is left as is.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` with every control character but newline and tab escaped.
pub(super) fn message(text: &str) -> Cow<'_, str> {
    escape(text, |c| c == '\n' || c == '\t')
}

/// `text` with every control character escaped, newline and tab included, and quoted when
/// anything was escaped, as git prints an unusual path.
pub(super) fn name(text: &str) -> Cow<'_, str> {
    match escape(text, |_| false) {
        Cow::Borrowed(text) => Cow::Borrowed(text),
        Cow::Owned(escaped) => Cow::Owned(format!("\"{escaped}\"")),
    }
}

fn escape(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !c.is_control() || keep(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x100 => {
                let _ = write!(out, "\\{:03o}", c as u32);
            }
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_are_written_out() {
        assert_eq!(
            message("evil\u{1b}[31mred\u{7}\nnext\tline"),
            "evil\\033[31mred\\007\nnext\tline"
        );
        // C1 controls (an 8-bit CSI) and DEL too.
        assert_eq!(message("a\u{9b}2Jb\u{7f}"), "a\\2332Jb\\177");
        assert_eq!(name("a\nb\u{1b}"), "\"a\\nb\\033\"");
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        for text in ["plain", "ünïcode ✓ 日本", "tab\tand\nnewline"] {
            assert!(matches!(message(text), Cow::Borrowed(t) if t == text));
        }
        assert!(matches!(name("sessions/a b.jsonl"), Cow::Borrowed(_)));
    }
}
