//! How much to say on stderr, and whether in colour: `--quiet`, `-v`, `--color` and `NO_COLOR`.

use std::fmt::Display;

use anstyle::{AnsiColor, Style};

use super::{CommandError, Io, escape};
use crate::env::Env;

/// `--color`: when messages on stderr are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`
    Auto,
    Always,
    Never,
}

/// What the user asked of stderr.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ui {
    /// Only errors and warnings.
    pub quiet: bool,
    /// Extra detail (per-session outcomes, token sources).
    pub verbose: u8,
    pub color: bool,
}

impl Ui {
    pub fn new(quiet: bool, verbose: u8, color: ColorWhen, env: &Env, terminal: bool) -> Ui {
        let no_color = env.get_str("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = env.get_str("TERM") == Some("dumb");
        Ui {
            quiet,
            verbose,
            color: match color {
                ColorWhen::Always => true,
                ColorWhen::Never => false,
                ColorWhen::Auto => terminal && !no_color && !dumb,
            },
        }
    }

    fn paint(&self, style: Style, label: &str) -> String {
        if self.color {
            format!("{style}{label}{style:#}")
        } else {
            label.to_string()
        }
    }

    /// An error as `error:` / `caused by:` / `hint:` lines.
    pub fn render_error(&self, error: &CommandError) -> String {
        let red = AnsiColor::Red.on_default().bold();
        // Escaped before painting: the paint is ours, the text may come from a file name
        // or a server.
        let mut out = format!(
            "{} {}\n",
            self.paint(red, "error:"),
            escape::message(&error.message)
        );
        for cause in &error.causes {
            out.push_str(&format!(
                "{} {}\n",
                self.paint(Style::new().dimmed(), "caused by:"),
                escape::message(cause)
            ));
        }
        for hint in &error.hints {
            let cyan = AnsiColor::Cyan.on_default().bold();
            out.push_str(&format!(
                "{} {}\n",
                self.paint(cyan, "hint:"),
                escape::message(hint)
            ));
        }
        out
    }
}

impl Io<'_> {
    /// A message about what happened; silent under `--quiet`.
    pub fn note(&mut self, text: impl Display) -> std::io::Result<()> {
        if self.ui.quiet {
            return Ok(());
        }
        writeln!(self.err, "{}", escape::message(&text.to_string()))
    }

    /// Detail asked for with `-v`.
    pub fn detail(&mut self, text: impl Display) -> std::io::Result<()> {
        if self.ui.verbose == 0 {
            return Ok(());
        }
        writeln!(self.err, "{}", escape::message(&text.to_string()))
    }

    /// `warning: ...`, shown even under `--quiet`.
    pub fn warning(&mut self, text: impl Display) -> std::io::Result<()> {
        let label = self
            .ui
            .paint(AnsiColor::Yellow.on_default().bold(), "warning:");
        writeln!(self.err, "{label} {}", escape::message(&text.to_string()))
    }

    /// An error that does not end the command (one bad file among many).
    pub fn error(&mut self, error: &CommandError) -> std::io::Result<()> {
        let text = self.ui.render_error(error);
        self.err.write_all(text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn color(when: ColorWhen, vars: &[(&str, &str)], terminal: bool) -> bool {
        Ui::new(
            false,
            0,
            when,
            &Env::from_pairs(vars.iter().copied()),
            terminal,
        )
        .color
    }

    #[test]
    fn colour_follows_the_terminal_no_color_term_and_the_flag() {
        assert!(color(ColorWhen::Auto, &[], true));
        assert!(!color(ColorWhen::Auto, &[], false), "not a terminal");
        assert!(!color(ColorWhen::Auto, &[("NO_COLOR", "1")], true));
        assert!(
            color(ColorWhen::Auto, &[("NO_COLOR", "")], true),
            "empty NO_COLOR is unset"
        );
        assert!(!color(ColorWhen::Auto, &[("TERM", "dumb")], true));
        assert!(
            color(ColorWhen::Always, &[("NO_COLOR", "1")], false),
            "the flag wins"
        );
        assert!(!color(ColorWhen::Never, &[], true));
    }

    #[test]
    fn errors_are_painted_only_with_colour() {
        let error = CommandError::failure("it broke").hint("try again");
        let mut ui = Ui::default();
        assert_eq!(
            ui.render_error(&error),
            "error: it broke\nhint: try again\n"
        );
        ui.color = true;
        let painted = ui.render_error(&error);
        assert!(painted.contains("\u{1b}[") && painted.contains("it broke"));
        assert_ne!(painted, "error: it broke\nhint: try again\n");
    }
}
