//! Progress on stderr, only when stderr is a terminal (never in scripts, pipes or tests): a
//! spinner naming the remote and what is happening while pushing, and a bar of files and bytes
//! while committing.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::ingest::{CommitProgress, NoProgress};
use crate::push::{Progress, Quiet};

pub(super) struct Spinner {
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
pub(super) fn for_stderr(enabled: bool) -> Box<dyn Progress> {
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

/// A commit's bar: files done of all, bytes, rate and time left. It stays hidden for the first
/// second, so a quick commit shows nothing.
pub(super) struct CommitBar {
    bar: ProgressBar,
    files: AtomicUsize,
    done: AtomicUsize,
}

/// How long a commit runs before its bar appears.
const SHOW_AFTER: Duration = Duration::from_secs(1);

impl CommitProgress for CommitBar {
    fn start(&self, files: usize, bytes: u64) {
        self.files.store(files, Ordering::Relaxed);
        self.bar.set_length(bytes);
        self.bar.set_message(format!("0/{files} files"));
    }

    fn file_done(&self, bytes: u64) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let files = self.files.load(Ordering::Relaxed);
        self.bar.inc(bytes);
        self.bar.set_message(format!("{done}/{files} files"));
    }
}

impl Drop for CommitBar {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// A commit's bar on a terminal, shown after [`SHOW_AFTER`]; nothing otherwise.
pub(super) fn commit_bar(enabled: bool) -> Box<dyn CommitProgress> {
    if !enabled || !std::io::stderr().is_terminal() {
        return Box::new(NoProgress);
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
    bar.set_style(
        ProgressStyle::with_template(
            "{msg} [{wide_bar}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} {eta}",
        )
        .expect("a valid template")
        .progress_chars("=> "),
    );
    let shown = bar.clone();
    // A timer rather than the first update: one large session may take longer than a second.
    std::thread::spawn(move || {
        std::thread::sleep(SHOW_AFTER);
        if !shown.is_finished() {
            shown.set_draw_target(ProgressDrawTarget::stderr());
            shown.enable_steady_tick(Duration::from_millis(200));
        }
    });
    Box::new(CommitBar {
        bar,
        files: AtomicUsize::new(0),
        done: AtomicUsize::new(0),
    })
}
