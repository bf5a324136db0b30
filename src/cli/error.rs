//! Command errors: a kind that decides the exit code, a message, its causes and hints.

use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The command ran and failed (exit 1).
    Failure,
    /// The command line itself was wrong (exit 2).
    Usage,
    /// The reader of our output went away (`traces log | head`): stop quietly, exit 0.
    BrokenPipe,
}

impl Kind {
    pub fn exit_code(self) -> ExitCode {
        match self {
            Kind::Failure => ExitCode::from(1),
            Kind::Usage => ExitCode::from(2),
            Kind::BrokenPipe => ExitCode::SUCCESS,
        }
    }
}

#[derive(Debug)]
pub struct CommandError {
    pub kind: Kind,
    pub message: String,
    pub causes: Vec<String>,
    pub hints: Vec<String>,
}

impl CommandError {
    pub fn failure(message: impl Into<String>) -> Self {
        CommandError {
            kind: Kind::Failure,
            message: message.into(),
            causes: Vec::new(),
            hints: Vec::new(),
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        CommandError {
            kind: Kind::Usage,
            ..CommandError::failure(message)
        }
    }

    /// An error from a library error: its `Display` is the message, its sources the causes.
    pub fn from_error(error: &(dyn std::error::Error + 'static)) -> Self {
        let mut this = CommandError::failure(error.to_string());
        this.causes = causes_of(error);
        this
    }

    /// A `TRACES_NOW` that is not a time is a usage error.
    pub fn from_now(error: crate::context::BadNow) -> Self {
        CommandError::usage(error.to_string())
            .hint("use RFC 3339 (2025-01-02T03:04:05+01:00) or @<unix seconds>")
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
}

/// The `Display` of each source below `error`, skipping repeats of the line above.
pub(super) fn causes_of(error: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut previous = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !text.is_empty() && text != previous && !previous.ends_with(&text) {
            out.push(text.clone());
        }
        previous = text;
        source = cause.source();
    }
    out
}

impl From<std::io::Error> for CommandError {
    /// Errors writing our own output.
    fn from(error: std::io::Error) -> Self {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            CommandError {
                kind: Kind::BrokenPipe,
                ..CommandError::failure("")
            }
        } else {
            CommandError::failure(format!("could not write output: {error}"))
        }
    }
}

impl From<crate::store::Error> for CommandError {
    fn from(error: crate::store::Error) -> Self {
        let hint = match &error {
            crate::store::Error::NotFound { .. } => {
                Some("create it with `traces init`, or commit sessions with `traces commit PATH`")
            }
            crate::store::Error::NotAStore { .. } => {
                Some("point `--store` or TRACES_HOME at another directory")
            }
            crate::store::Error::LockTimeout { .. } => Some(
                "if that process is stuck, stop it (its lock goes with it), or raise `traces config set lock_wait_secs N`",
            ),
            crate::store::Error::Corrupt { .. } => Some(
                "the store is damaged on disk: `git --git-dir STORE fsck` lists what is broken",
            ),
            _ => None,
        };
        let this = CommandError::from_error(&error);
        match hint {
            Some(hint) => this.hint(hint),
            None => this,
        }
    }
}

impl From<crate::context::Error> for CommandError {
    fn from(error: crate::context::Error) -> Self {
        use crate::context::{Error, ScrubberError};
        match error {
            Error::NoStorePath => {
                CommandError::usage(error.to_string()).hint("pass `--store DIR` or set TRACES_HOME")
            }
            Error::Store(e) | Error::Scrubber(ScrubberError::Store(e)) => e.into(),
            Error::Now(e) => CommandError::from_now(e),
            Error::Scrubber(e @ ScrubberError::Rules(_)) => CommandError::failure(e.to_string())
                .hint(
                    "fix or remove that rule; `traces scan --check-rules` checks the rules files",
                ),
        }
    }
}

impl From<crate::remote::Error> for CommandError {
    fn from(error: crate::remote::Error) -> Self {
        use crate::remote::Error;
        let hint = match &error {
            Error::Store(_) => None,
            Error::NotFound(_) => Some("`traces remote list` shows the remotes"),
            Error::BadUrl { .. } => Some(
                "use hf://datasets/OWNER/NAME, an https:// git URL, or a path to a bare repository",
            ),
            Error::CredentialsInUrl { .. } => Some(
                "give the URL without them; store the token with `traces login`, or pass it with `traces push --token-env VAR`",
            ),
            Error::BadRole { .. } | Error::BadChain { .. } => Some(
                "fix the remote in the store's config (`git --git-dir STORE config --edit`), or remove and add it again",
            ),
            Error::Exists(_) | Error::BadName(_) | Error::BadFormat { .. } => None,
        };
        if let Error::Store(inner) = error {
            return inner.into();
        }
        let this = CommandError::from_error(&error);
        match hint {
            Some(hint) => this.hint(hint),
            None => this,
        }
    }
}
