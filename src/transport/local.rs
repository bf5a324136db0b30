//! A bare repository on this machine (a path or `file://` URL), written directly with gix:
//! objects first, then a compare-and-swap move of `refs/heads/main`.
//!
//! Writers of one remote take its `traces.lock` (`flock`, dropped by the kernel when its holder
//! dies, even by SIGKILL). Holding it, a writer can tell a git ref lock (`refs/heads/main.lock`)
//! left by a killed writer from a live one: a traces writer marks the lock file before it edits
//! the ref and clears the mark after, so a mark found by the next holder means the ref lock is
//! debris. A ref lock without the mark belongs to some other git program and is only removed
//! once it is older than any plausible push.

use std::path::{Path, PathBuf};
use std::time::Duration;

use gix::ObjectId;

use super::{Connection, Error, ObjectSource, REMOTE_BRANCH, Result, SendStats};
use crate::store::{self, FileLock, LockWait, ObjectWriter};

/// The remote's writer lock, next to its `HEAD`.
const LOCK_FILE: &str = "traces.lock";
/// Written into the lock file while a ref edit is in flight.
const EDITING_MARK: &str = "editing refs/heads/main";
/// A ref lock held this long by a program that is not traces is taken to be abandoned: git
/// holds one for milliseconds, a push with slow hooks for seconds.
const FOREIGN_REF_LOCK_STALE: Duration = Duration::from_secs(600);

pub struct LocalRepo {
    path: PathBuf,
    repo: gix::Repository,
    /// What was cleaned up on the way (stale locks, temporary files), for the caller to say.
    notices: Vec<String>,
    /// How long to wait for another writer of the remote.
    lock_wait: LockWait,
}

impl LocalRepo {
    /// Open the bare repository at `path`, creating it (HEAD on `main`, with its parent
    /// directories) when it does not exist.
    pub fn open_or_create(path: &Path) -> Result<LocalRepo> {
        let other = |what: &str, e: &dyn std::fmt::Display| {
            Error::Other(format!("{what} {}: {e}", path.display()))
        };
        if !path.exists() {
            create_bare(path).map_err(|e| other("could not create a bare repository at", &e))?;
        }
        let repo = gix::open_opts(path, gix::open::Options::isolated())
            .map_err(|e| other("not a git repository:", &e))?;
        if !repo.is_bare() {
            return Err(Error::Other(format!(
                "{} is not a bare repository (pushing into a checked-out branch would desync its work tree)",
                path.display()
            )));
        }
        Ok(LocalRepo {
            path: path.to_path_buf(),
            repo,
            notices: Vec::new(),
            lock_wait: LockWait::default(),
        })
    }

    /// Wait for another writer of the remote as the store waits for its own.
    pub fn with_lock_wait(mut self, lock_wait: LockWait) -> LocalRepo {
        self.lock_wait = lock_wait;
        self
    }

    /// Take the remote's writer lock and clear what a killed writer left behind.
    fn lock(&mut self) -> Result<FileLock> {
        let lock = FileLock::acquire_at(&self.path.join(LOCK_FILE), &self.lock_wait)
            .map_err(Error::Store)?;
        let previous = lock.previous_contents();
        let ref_lock = self.path.join(format!("{REMOTE_BRANCH}.lock"));
        if let Ok(meta) = std::fs::symlink_metadata(&ref_lock) {
            let age = meta
                .modified()
                .ok()
                .and_then(|m| m.elapsed().ok())
                .unwrap_or_default();
            let ours = previous.lines().any(|l| l == EDITING_MARK);
            if ours || age > FOREIGN_REF_LOCK_STALE {
                std::fs::remove_file(&ref_lock).map_err(|e| {
                    Error::Other(format!(
                        "could not remove the stale lock {}: {e}",
                        ref_lock.display()
                    ))
                })?;
                self.notices.push(format!(
                    "removed {}, left by a writer that died {}",
                    ref_lock.display(),
                    if ours {
                        "while updating it".to_string()
                    } else {
                        format!("at least {} minutes ago", age.as_secs() / 60)
                    }
                ));
            }
        }
        let removed = remove_temporary_objects(&self.path.join("objects"));
        if removed > 0 {
            self.notices.push(format!(
                "removed {removed} temporary object file(s) a killed writer left in {}",
                self.path.display()
            ));
        }
        Ok(lock)
    }
}

/// Create a bare repository with HEAD on `main` in a sibling directory, then rename it into
/// place, so a writer killed half-way never leaves a repository that looks finished.
fn create_bare(path: &Path) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent)?;
    let staging = tempfile::Builder::new()
        .prefix(".traces-remote-")
        .tempdir_in(parent)?;
    gix::init_bare(staging.path())?;
    std::fs::write(staging.path().join("HEAD"), "ref: refs/heads/main\n")?;
    let staged = staging.keep();
    match std::fs::rename(&staged, path) {
        Ok(()) => Ok(()),
        // Another writer created it first: use theirs.
        Err(_) if path.exists() => {
            let _ = std::fs::remove_dir_all(&staged);
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staged);
            Err(e.into())
        }
    }
}

/// Remove the `objects/.tmp*` files gix writes loose objects through; only called under the
/// remote's lock, when no traces writer is live (git's own temporary files are named
/// `tmp_obj_*` and live in the fan-out directories).
fn remove_temporary_objects(objects: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(objects) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with(".tmp")
            && entry.file_type().is_ok_and(|t| t.is_file())
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

impl LocalRepo {
    /// Whether the repository refuses updates that drop history, as `git receive-pack` would
    /// for a push into it: it is written directly here, so its owner's setting is honoured
    /// here.
    fn denies_non_fast_forwards(&self) -> bool {
        self.repo
            .config_snapshot()
            .boolean("receive.denyNonFastForwards")
            .unwrap_or(false)
    }

    /// Whether `old` is `new` or one of its ancestors; a push's commit has the tip as its
    /// parent, so this stops at the first step.
    fn descends_from(&self, new: ObjectId, old: ObjectId) -> Result<bool> {
        let mut seen = std::collections::HashSet::new();
        let mut stack = vec![new];
        while let Some(id) = stack.pop() {
            if id == old {
                return Ok(true);
            }
            if !seen.insert(id) {
                continue;
            }
            let commit = self.repo.find_commit(id).map_err(|e| {
                Error::Other(format!(
                    "could not read the commit {id} in {}: {e}",
                    self.path.display()
                ))
            })?;
            stack.extend(commit.parent_ids().map(|p| p.detach()));
        }
        Ok(false)
    }
}

impl Connection for LocalRepo {
    fn tip(&mut self) -> Result<Option<ObjectId>> {
        let reference = self.repo.try_find_reference(REMOTE_BRANCH).map_err(|e| {
            Error::Other(format!(
                "could not read {REMOTE_BRANCH} of {}: {e}",
                self.path.display()
            ))
        })?;
        Ok(reference.and_then(|r| r.try_id().map(|id| id.detach())))
    }

    fn lists_trees(&self) -> bool {
        true
    }

    fn commit_tree(&mut self, tip: ObjectId) -> Result<ObjectId> {
        self.repo
            .find_commit(tip)
            .and_then(|c| c.tree_id())
            .map(|id| id.detach())
            .map_err(|e| {
                Error::Other(format!(
                    "could not read the tree of {tip} in {}: {e}",
                    self.path.display()
                ))
            })
    }

    /// Read straight from the remote's trees: it is on this machine, nothing is copied.
    fn list_folder(
        &mut self,
        tip: ObjectId,
        folder: &str,
    ) -> Result<Option<Vec<super::RemoteEntry>>> {
        super::repo_listing(&self.repo, tip, folder).map_err(|e| {
            Error::Other(format!(
                "could not read the folder `{folder}` of {}: {e}",
                self.path.display()
            ))
        })
    }

    fn read_blob(&mut self, _tip: ObjectId, path: &str, id: ObjectId) -> Result<Vec<u8>> {
        let object = self.repo.find_object(id).map_err(|e| {
            Error::Other(format!(
                "could not read {path} ({id}) from {}: {e}",
                self.path.display()
            ))
        })?;
        store::verify_object(&self.path, id, object.kind, &object.data)?;
        Ok(object.detach().data)
    }

    fn tip_message(&mut self, tip: ObjectId) -> Result<Option<String>> {
        let commit = self.repo.find_commit(tip).map_err(|e| {
            Error::Other(format!(
                "could not read the commit {tip} of {}: {e}",
                self.path.display()
            ))
        })?;
        let message = commit.message_raw_sloppy().to_string();
        Ok(Some(message))
    }

    /// The remote is on this machine: read it where it is.
    fn fetch(&mut self, _tip: ObjectId) -> Result<&gix::Repository> {
        Ok(&self.repo)
    }

    fn send(
        &mut self,
        source: &dyn ObjectSource,
        outgoing: &super::Outgoing,
        old: Option<ObjectId>,
        new: ObjectId,
        _sending: &mut dyn FnMut(u64),
    ) -> Result<SendStats> {
        let mut lock = self.lock()?;
        let writer = ObjectWriter::at(&self.path);
        let mut bytes = 0;
        for id in &outgoing.stored {
            if self.repo.has_object(*id) {
                continue;
            }
            let (kind, data) = super::required_object(source, *id)?;
            writer.write_object(kind, &data)?;
            bytes += data.len() as u64;
        }
        // Built objects go after the blobs and children first (trees deepest first, the commit
        // last), so nothing in the remote points to an object it lacks.
        for built in &outgoing.built {
            super::verify(built.id, built.kind, &built.data, "the push being planned")?;
            writer.write_object(built.kind, &built.data)?;
            bytes += built.data.len() as u64;
        }
        if let Some(old) = old
            && self.denies_non_fast_forwards()
            && !self.descends_from(new, old)?
        {
            return Err(Error::Rejected {
                reason: "non-fast-forward (the repository sets receive.denyNonFastForwards)".into(),
                remote_lines: Vec::new(),
            });
        }
        let edit = store::compare_and_swap(
            REMOTE_BRANCH.try_into().expect("a valid ref name"),
            old,
            Some(new),
            "traces push",
        );
        lock.annotate(EDITING_MARK).map_err(Error::Store)?;
        let edited = self.repo.edit_reference(edit);
        // gix removes its ref lock before returning, either way: nothing left to clear.
        let _ = lock.annotate("");
        match edited {
            Ok(_) => Ok(SendStats {
                objects: outgoing.len(),
                bytes,
            }),
            // Another writer moved `main`: plan again on the new tip.
            Err(_) if self.tip()? != old => Err(Error::Moved),
            Err(e) => Err(Error::Transient {
                message: format!(
                    "could not update {REMOTE_BRANCH} of {}: {e}",
                    self.path.display()
                ),
                retry_after: None,
            }),
        }
    }

    fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }
}
