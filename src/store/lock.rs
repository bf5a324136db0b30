//! Advisory `flock` locks in the store's `traces/` directory: the writer lock (`write.lock`)
//! and one lock per remote for pushes (`push-<remote>.lock`); local remotes use the same kind
//! of lock in their own directory.
//!
//! The kernel drops a lock when its holder dies, even by SIGKILL, so a crash can never wedge
//! the store. Holding the writer lock is also what lets a writer treat a leftover
//! `refs/heads/*.lock` file as debris of a killed writer rather than a live one. The holder
//! writes its pid and command into the file, so a waiting process can say whom it waits for.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{Error, Result, Store};

/// Told, once per wait, which lock file is held and by whom (the holder's own line).
pub type WaitingFn = dyn Fn(&Path, &str) + Send + Sync;

/// How a process waits for a lock another one holds.
#[derive(Clone)]
pub struct LockWait {
    /// Say whom we wait for after this long.
    pub notice_after: Duration,
    /// Then give up with [`Error::LockTimeout`].
    pub give_up_after: Duration,
    pub waiting: Option<Arc<WaitingFn>>,
}

impl Default for LockWait {
    fn default() -> LockWait {
        LockWait {
            notice_after: Duration::from_secs(1),
            give_up_after: Duration::from_secs(600),
            waiting: None,
        }
    }
}

/// How often a waiting process tries again: short next to a commit, cheap for the machine.
const POLL: Duration = Duration::from_millis(50);

/// Held until dropped; acquiring waits for the current holder.
pub struct FileLock {
    file: File,
    path: PathBuf,
    /// What the previous holder left in the file (its pid line and any mark it did not clear).
    previous: String,
}

fn io_error(what: &'static str, file: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let file = file.to_path_buf();
    move |source| Error::Io { what, file, source }
}

impl FileLock {
    fn acquire(state_dir: &Path, name: &str, wait: &LockWait) -> Result<FileLock> {
        std::fs::create_dir_all(state_dir).map_err(io_error("create", state_dir))?;
        FileLock::acquire_at(&state_dir.join(name), wait)
    }

    /// Lock the file at `path` (created if missing), waiting for the current holder as
    /// `wait` says.
    pub fn acquire_at(path: &Path, wait: &LockWait) -> Result<FileLock> {
        let mut file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(path)
            .map_err(io_error("open", path))?;
        let started = Instant::now();
        let mut told = false;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Error(e)) => return Err(io_error("lock", path)(e)),
            }
            let waited = started.elapsed();
            if waited >= wait.give_up_after {
                return Err(Error::LockTimeout {
                    file: path.to_path_buf(),
                    holder: holder_of(path),
                    waited_secs: waited.as_secs(),
                });
            }
            if !told && waited >= wait.notice_after {
                told = true;
                if let Some(waiting) = &wait.waiting {
                    waiting(path, &holder_of(path));
                }
            }
            std::thread::sleep(POLL);
        }
        let mut previous = String::new();
        // Only informative: an unreadable file is an empty one.
        let _ = file.read_to_string(&mut previous);
        let mut lock = FileLock {
            file,
            path: path.to_path_buf(),
            previous,
        };
        lock.annotate("")?;
        Ok(lock)
    }

    /// The contents the previous holder left.
    pub fn previous_contents(&self) -> &str {
        &self.previous
    }

    /// Replace the file's contents with the holder line and `mark` (empty: none).
    pub fn annotate(&mut self, mark: &str) -> Result<()> {
        let mut text = holder_line();
        if !mark.is_empty() {
            text.push_str(mark);
            text.push('\n');
        }
        let path = self.path.clone();
        (|| {
            self.file.set_len(0)?;
            self.file.rewind()?;
            self.file.write_all(text.as_bytes())
        })()
        .map_err(io_error("write", &path))
    }
}

/// The holder's line (`pid 123 traces commit`), or a plain word when it wrote none yet.
fn holder_of(path: &Path) -> String {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| text.lines().next().map(str::to_string))
        .filter(|line| !line.is_empty())
        .unwrap_or_else(|| "another process".to_string())
}

/// `pid <pid> <program> <command>`: never the rest of argv, which may hold a URL or path.
fn holder_line() -> String {
    let mut args = std::env::args_os();
    let program = args
        .next()
        .map(|p| {
            Path::new(&p)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let command = args
        .find(|a| {
            let a = a.to_string_lossy();
            !a.is_empty()
                && a.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                && !a.starts_with('-')
        })
        .map(|a| a.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("pid {} {program} {command}\n", std::process::id())
}

impl Drop for FileLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

pub(crate) struct WriteLock {
    _held: FileLock,
}

impl WriteLock {
    pub(super) fn acquire(state_dir: &Path, wait: &LockWait) -> Result<WriteLock> {
        let held = FileLock::acquire(state_dir, "write.lock", wait)?;
        Ok(WriteLock { _held: held })
    }
}

impl Store {
    /// The lock a push to `remote` holds from reading the remote's tip to recording the
    /// result, so two pushes to one remote never overlap (remote names are checked to be
    /// safe file names when they are added).
    pub fn push_lock(&self, remote: &str) -> Result<FileLock> {
        FileLock::acquire(
            &self.state_dir(),
            &format!("push-{remote}.lock"),
            &self.lock_wait,
        )
    }
}
