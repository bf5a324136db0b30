//! Progress on stderr while pushing: a spinner naming the remote and what is happening, only
//! when stderr is a terminal (never in scripts, pipes or tests).

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::push::{Progress, Quiet};

pub struct Spinner {
    bar: ProgressBar,
}

impl Progress for Spinner {
    fn stage(&mut self, remote: &str, what: &str) {
        let text = format!("{remote}: {what}");
        self.bar
            .set_message(super::escape::name(&text).into_owned());
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// A spinner on a terminal, nothing otherwise.
pub fn for_stderr(enabled: bool) -> Box<dyn Progress> {
    if !enabled || !std::io::stderr().is_terminal() {
        return Box::new(Quiet);
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})").expect("a valid template"),
    );
    bar.enable_steady_tick(Duration::from_millis(100));
    Box::new(Spinner { bar })
}
