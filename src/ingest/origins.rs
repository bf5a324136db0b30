//! Where each committed session came from: its path in the store's trees mapped to the
//! absolute path of its source file, in `traces/origins.json`. Routing reads it to tell which
//! source (and so which remotes) a session belongs to. Replaced atomically; a missing or
//! unreadable file only means "origin unknown", which routes a session as before routing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::store::Store;

const FILE: &str = "origins.json";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origins {
    /// Tree path (`sessions/<date>/<id>.jsonl`) to source file.
    pub sessions: BTreeMap<String, PathBuf>,
}

impl Origins {
    pub fn load(store: &Store) -> Origins {
        std::fs::read(store.state_dir().join(FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Record `(tree path, source file)` pairs; written only when something changed. A file
    /// that cannot be written leaves the origins unknown, never a commit undone.
    pub(super) fn record(store: &Store, pairs: impl IntoIterator<Item = (String, PathBuf)>) {
        let mut origins = Origins::load(store);
        let mut changed = false;
        for (path, source) in pairs {
            let source = std::path::absolute(&source).unwrap_or(source);
            if origins.sessions.get(&path) != Some(&source) {
                origins.sessions.insert(path, source);
                changed = true;
            }
        }
        if changed {
            let _ = origins.save(&store.state_dir());
        }
    }

    fn save(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        // One write: serialising straight into the file makes a system call per token, which
        // at 10,000 sessions was most of a one-session commit.
        let text = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        std::io::Write::write_all(&mut tmp, &text)?;
        tmp.persist(dir.join(FILE)).map_err(|e| e.error)?;
        Ok(())
    }

    pub fn source_of(&self, tree_path: &str) -> Option<&Path> {
        self.sessions.get(tree_path).map(PathBuf::as_path)
    }
}
