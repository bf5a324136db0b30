//! The input cache: what each input file rendered to the last time it was committed, keyed by
//! the file's identity (device, inode, size, modification and change times), like git's index.
//!
//! It lets a re-commit of unchanged files skip reading, parsing and scrubbing them. It is only
//! a cache: a missing, corrupt or foreign file means "render everything", an entry is reused
//! only when the file's identity, the `traces` version and the scrub rules all match, and only
//! when every blob it names is still in the store.

use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

/// Changes when what an entry means changes (2: transcripts named after their file, placed
/// beside their parent session), so entries made before are not reused.
const LAYOUT: u32 = 2;

/// A file modified this recently may still be changed within the same timestamp tick, so its
/// entry is not stored (git's "racy clean" problem).
const RACY_WINDOW: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct FileStamp {
    dev: u64,
    ino: u64,
    len: u64,
    mtime_ns: i128,
    ctime_ns: i128,
}

impl FileStamp {
    pub(super) fn of(meta: &std::fs::Metadata) -> FileStamp {
        FileStamp {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
            mtime_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
            ctime_ns: i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
        }
    }

    /// Whether the file was last changed long enough before `now` for the stamp to be trusted.
    fn settled(&self, now: SystemTime) -> bool {
        let now_ns = now
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as i128);
        let newest = self.mtime_ns.max(self.ctime_ns);
        now_ns - newest > RACY_WINDOW.as_nanos() as i128
    }
}

/// What a file rendered to.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Entry {
    pub stamp: FileStamp,
    pub kind: String,
    /// The transcript's name (see [`crate::formats::transcript`]).
    pub session_id: String,
    pub date: String,
    #[serde(default)]
    pub other_session_ids: Vec<String>,
    #[serde(default)]
    pub unfinished_line: Option<usize>,
    pub scrubbed: BTreeMap<String, u64>,
    /// (rendering name, blob id in hex)
    pub blobs: Vec<(String, String)>,
}

/// An entry as stored: the input path and the rule-set fingerprint it was made under.
#[derive(Debug, Serialize, Deserialize)]
struct StoredEntry {
    fingerprint: String,
    path: PathBuf,
    entry: Entry,
}

/// One small file per input under `traces/input-cache/`, named by a hash of the input's path,
/// so a run reads only the entries of the files it was given and the cost of a commit does not
/// grow with the number of sessions the store holds.
pub(super) struct InputCache {
    dir: PathBuf,
    fingerprint: String,
}

impl InputCache {
    pub(super) fn new(state_dir: &Path, scrub_fingerprint: &str) -> InputCache {
        InputCache {
            dir: state_dir.join("input-cache"),
            fingerprint: format!(
                "traces {} / layout {LAYOUT} / scrub {scrub_fingerprint}",
                env!("CARGO_PKG_VERSION")
            ),
        }
    }

    fn entry_file(&self, path: &Path) -> PathBuf {
        use sha1::{Digest, Sha1};
        let digest = format!("{:x}", Sha1::digest(path.as_os_str().as_encoded_bytes()));
        self.dir.join(&digest[..2]).join(&digest[2..])
    }

    /// The entry for `path` if it exists, was made by this version and rule set, and its stamp
    /// still matches. Anything unreadable is a miss.
    pub(super) fn get(&self, path: &Path, stamp: &FileStamp) -> Option<Entry> {
        let bytes = std::fs::read(self.entry_file(path)).ok()?;
        let stored: StoredEntry = serde_json::from_slice(&bytes).ok()?;
        (stored.fingerprint == self.fingerprint
            && stored.path == path
            && stored.entry.stamp == *stamp)
            .then_some(stored.entry)
    }

    /// Record an entry atomically, unless the file changed too recently to trust its stamp.
    /// Failure is harmless (the next run renders again), so the caller may ignore it.
    pub(super) fn insert(&self, path: &Path, entry: Entry, now: SystemTime) -> std::io::Result<()> {
        let file = self.entry_file(path);
        if !entry.stamp.settled(now) {
            return match std::fs::remove_file(&file) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            };
        }
        let stored = StoredEntry {
            fingerprint: self.fingerprint.clone(),
            path: path.to_path_buf(),
            entry,
        };
        let dir = file.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(dir)?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        tmp.write_all(&serde_json::to_vec(&stored)?)?;
        tmp.persist(&file).map_err(|e| e.error)?;
        Ok(())
    }
}

/// Remove every cache entry whose session (or one of its other sessions) `remove` names;
/// returns how many. Used when sessions are purged, so no entry names their blobs.
pub(super) fn remove_entries(state_dir: &Path, remove: impl Fn(&str) -> bool) -> usize {
    let mut removed = 0;
    let Ok(dirs) = std::fs::read_dir(state_dir.join("input-cache")) else {
        return 0;
    };
    for dir in dirs.flatten() {
        let Ok(files) = std::fs::read_dir(dir.path()) else {
            continue;
        };
        for file in files.flatten() {
            let Ok(bytes) = std::fs::read(file.path()) else {
                continue;
            };
            let Ok(stored) = serde_json::from_slice::<StoredEntry>(&bytes) else {
                continue;
            };
            let entry = &stored.entry;
            let named = std::iter::once(&entry.session_id)
                .chain(&entry.other_session_ids)
                .any(|s| remove(s));
            if named && std::fs::remove_file(file.path()).is_ok() {
                removed += 1;
            }
        }
    }
    removed
}
