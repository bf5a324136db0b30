//! Which files `traces watch` commits, and when: a file is committed once it has stopped
//! changing for a while (agents rewrite the whole session file on every heartbeat), and not
//! again until it changes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

/// Size and modification time: what a rewrite changes.
type Stamp = (u64, Option<SystemTime>);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()))
}

struct Seen {
    stamp: Stamp,
    /// When the current stamp was first seen.
    since: Instant,
    committed: bool,
}

/// Remembers the files it was shown; memory is bounded by the files present.
pub struct Settler {
    settle: Duration,
    seen: HashMap<PathBuf, Seen>,
}

impl Settler {
    pub fn new(settle: Duration) -> Settler {
        Settler {
            settle,
            seen: HashMap::new(),
        }
    }

    /// Look at the files present now; return those that changed since they were last
    /// committed and have not changed for the settle time. Files that are gone are forgotten.
    pub fn ready(&mut self, files: &[PathBuf], now: Instant) -> Vec<PathBuf> {
        let mut present = HashMap::with_capacity(files.len());
        for path in files {
            let Some(stamp) = stamp(path) else {
                continue;
            };
            let seen = match self.seen.remove(path) {
                Some(seen) if seen.stamp == stamp => seen,
                _ => Seen {
                    stamp,
                    since: now,
                    committed: false,
                },
            };
            present.insert(path.clone(), seen);
        }
        self.seen = present;
        let mut ready: Vec<PathBuf> = self
            .seen
            .iter()
            .filter(|(_, seen)| !seen.committed && now.duration_since(seen.since) >= self.settle)
            .map(|(path, _)| path.clone())
            .collect();
        ready.sort();
        ready
    }

    /// The files were committed (or refused): leave them until they change again.
    pub fn done(&mut self, files: &[PathBuf]) {
        for path in files {
            if let Some(seen) = self.seen.get_mut(path) {
                seen.committed = true;
            }
        }
    }

    pub fn tracked(&self) -> usize {
        self.seen.len()
    }

    /// How long until the next file waiting to settle is due (`None` when none waits).
    pub fn next_due(&self, now: Instant) -> Option<Duration> {
        self.seen
            .values()
            .filter(|seen| !seen.committed)
            .map(|seen| (seen.since + self.settle).saturating_duration_since(now))
            .min()
    }
}

/// Wakes the watch loop when something changes under the source directories, so a session is
/// committed soon after it settles rather than at the next poll. Where notifications cannot be
/// set up (no support, too many directories for the system's limits), there is none and the
/// loop polls.
pub struct Notifier {
    _watcher: notify::RecommendedWatcher,
    events: mpsc::Receiver<()>,
}

impl Notifier {
    pub fn new(dirs: &[PathBuf]) -> Option<Notifier> {
        use notify::Watcher as _;
        let (sender, events) = mpsc::channel();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                if event.is_ok() {
                    let _ = sender.send(());
                }
            })
            .ok()?;
        for dir in dirs {
            watcher.watch(dir, notify::RecursiveMode::Recursive).ok()?;
        }
        Some(Notifier {
            _watcher: watcher,
            events,
        })
    }

    /// Wait up to `timeout` for a change; true when one came (all pending ones are taken).
    pub fn wait(&self, timeout: Duration) -> bool {
        match self.events.recv_timeout(timeout) {
            Ok(()) => {
                while self.events.try_recv().is_ok() {}
                true
            }
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_ready_once_quiet_and_again_only_after_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("s.json");
        let files = [file.clone()];
        let settle = Duration::from_secs(5);
        let mut settler = Settler::new(settle);
        let t0 = Instant::now();
        std::fs::write(&file, "one").unwrap();
        assert!(settler.ready(&files, t0).is_empty(), "just seen");
        assert!(
            settler
                .ready(&files, t0 + Duration::from_secs(4))
                .is_empty()
        );
        // A heartbeat rewrite restarts the clock.
        std::fs::write(&file, "one two").unwrap();
        assert!(
            settler
                .ready(&files, t0 + Duration::from_secs(6))
                .is_empty()
        );
        let ready = settler.ready(&files, t0 + Duration::from_secs(11));
        assert_eq!(ready, files);
        settler.done(&ready);
        assert!(
            settler
                .ready(&files, t0 + Duration::from_secs(30))
                .is_empty(),
            "committed"
        );
        std::fs::write(&file, "one two three").unwrap();
        assert!(
            settler
                .ready(&files, t0 + Duration::from_secs(31))
                .is_empty()
        );
        assert_eq!(settler.ready(&files, t0 + Duration::from_secs(36)), files);
        // Gone files are forgotten.
        std::fs::remove_file(&file).unwrap();
        assert!(
            settler
                .ready(&files, t0 + Duration::from_secs(40))
                .is_empty()
        );
        assert_eq!(settler.tracked(), 0);
    }
}
