//! The store's writer lock: an advisory `flock` on `traces/write.lock`.
//!
//! The kernel drops it when the holder dies, even by SIGKILL, so a crash can never wedge the
//! store. Holding it is also what lets a writer treat a leftover `refs/heads/*.lock` file as
//! debris of a killed writer rather than a live one.

use std::fs::{File, OpenOptions};
use std::path::Path;

use super::{Error, Result};

pub(crate) struct WriteLock {
    file: File,
}

impl WriteLock {
    pub fn acquire(state_dir: &Path) -> Result<WriteLock> {
        let io = |what, file: &Path| {
            let file = file.to_path_buf();
            move |source| Error::Io { what, file, source }
        };
        std::fs::create_dir_all(state_dir).map_err(io("create", state_dir))?;
        let path = state_dir.join("write.lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io("open", &path))?;
        file.lock().map_err(io("lock", &path))?;
        Ok(WriteLock { file })
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}
