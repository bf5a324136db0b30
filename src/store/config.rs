//! The store's git config file (`<store>/config`): remotes and `traces` settings live there, so
//! plain git reads them too. Edits are read-modify-write under the store's writer lock and
//! replace the file atomically.

use std::io::Write;

use gix::config::File;

use super::lock::WriteLock;
use super::{Error, Result, Store};

impl Store {
    /// The store's config as it is on disk now.
    pub fn config(&self) -> Result<File> {
        let path = self.path.join("config");
        File::from_path_no_includes(path.clone(), gix::config::Source::Local).map_err(|e| {
            Error::Io {
                what: "read",
                file: path,
                source: std::io::Error::other(e),
            }
        })
    }

    /// Change the config: `edit` gets the current file and its changes are written back
    /// atomically. Concurrent editors are serialised by the writer lock.
    pub fn edit_config<T>(&self, edit: impl FnOnce(&mut File) -> T) -> Result<T> {
        let _lock = WriteLock::acquire(&self.state_dir(), &self.lock_wait)?;
        let mut file = self.config()?;
        let result = edit(&mut file);
        let path = self.path.join("config");
        let io = |what, source| Error::Io {
            what,
            file: path.clone(),
            source,
        };
        let mut tmp = tempfile::NamedTempFile::new_in(&self.path).map_err(|e| io("write", e))?;
        let mut bytes = Vec::new();
        file.write_to(&mut bytes).map_err(|e| io("write", e))?;
        tmp.write_all(&bytes).map_err(|e| io("write", e))?;
        tmp.persist(&path).map_err(|e| io("replace", e.error))?;
        Ok(result)
    }
}
