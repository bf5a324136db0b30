//! Advisory `flock` locks in the store's `traces/` directory: the writer lock (`write.lock`)
//! and one lock per remote for pushes (`push-<remote>.lock`).
//!
//! The kernel drops a lock when its holder dies, even by SIGKILL, so a crash can never wedge
//! the store. Holding the writer lock is also what lets a writer treat a leftover
//! `refs/heads/*.lock` file as debris of a killed writer rather than a live one.

use std::fs::{File, OpenOptions};
use std::path::Path;

use super::{Error, Result, Store};

/// Held until dropped; acquiring waits for the current holder.
pub struct FileLock {
    file: File,
}

impl FileLock {
    fn acquire(state_dir: &Path, name: &str) -> Result<FileLock> {
        let io = |what, file: &Path| {
            let file = file.to_path_buf();
            move |source| Error::Io { what, file, source }
        };
        std::fs::create_dir_all(state_dir).map_err(io("create", state_dir))?;
        let path = state_dir.join(name);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io("open", &path))?;
        file.lock().map_err(io("lock", &path))?;
        Ok(FileLock { file })
    }
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
    pub fn acquire(state_dir: &Path) -> Result<WriteLock> {
        let held = FileLock::acquire(state_dir, "write.lock")?;
        Ok(WriteLock { _held: held })
    }
}

impl Store {
    /// The lock a push to `remote` holds from reading the remote's tip to recording the
    /// result, so two pushes to one remote never overlap (remote names are checked to be
    /// safe file names when they are added).
    pub fn push_lock(&self, remote: &str) -> Result<FileLock> {
        FileLock::acquire(&self.state_dir(), &format!("push-{remote}.lock"))
    }
}
