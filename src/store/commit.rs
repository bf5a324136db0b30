//! Committing files onto branches: at most one commit per branch per call, none when nothing
//! changed, every ref move a compare-and-swap under the writer lock.

use std::time::Duration;

use gix::ObjectId;
use gix::bstr::BString;
use gix::objs::tree::EntryKind;
use gix::refs::transaction::RefEdit;

use super::lock::WriteLock;
use super::{Error, Result, Store};

/// Who commits, and when (injectable so identical input gives identical commit ids).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub name: String,
    pub email: String,
    /// Seconds since the Unix epoch.
    pub seconds: i64,
    /// Offset from UTC in seconds.
    pub offset: i32,
}

impl Signature {
    pub(crate) fn to_gix(&self) -> gix::actor::Signature {
        gix::actor::Signature {
            name: self.name.as_str().into(),
            email: self.email.as_str().into(),
            time: gix::date::Time {
                seconds: self.seconds,
                offset: self.offset,
            },
        }
    }
}

/// What time it is, in seconds since the Unix epoch: the system's clock, or one fixed time
/// (`TRACES_NOW`) so that runs, and tests of them, are reproducible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    #[default]
    System,
    Fixed(i64),
}

impl Clock {
    pub fn now(&self) -> i64 {
        match self {
            Clock::System => chrono::Utc::now().timestamp(),
            Clock::Fixed(seconds) => *seconds,
        }
    }
}

/// Files to place on one branch; blobs must already be written.
#[derive(Debug, Clone)]
pub struct BranchUpdate {
    pub branch: String,
    pub files: Vec<(String, ObjectId)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileOutcome {
    New,
    Updated,
    Unchanged,
}

#[derive(Debug, Clone)]
pub struct BranchResult {
    pub branch: String,
    /// One outcome per file of the update, in the same order.
    pub outcomes: Vec<FileOutcome>,
    /// The new commit, or `None` when nothing changed.
    pub commit: Option<ObjectId>,
}

/// Only writers outside `traces` (plain git) can make a CAS fail while we hold the lock.
const MAX_ATTEMPTS: u32 = 5;

impl Store {
    /// Put each update's files on its branch, one commit per branch that changed, all refs moved
    /// in one transaction. `message` builds a branch's commit message from its file outcomes.
    pub fn commit(
        &self,
        updates: &[BranchUpdate],
        signature: &Signature,
        message: impl Fn(&str, &[FileOutcome]) -> String,
    ) -> Result<Vec<BranchResult>> {
        self.commit_with(&self.blob_writer(), updates, signature, message)
    }

    /// [`Store::commit`] writing its trees and commits through `writer`, and publishing the
    /// writer's pack (with the blobs written before) before any ref moves: one pack per
    /// commit when `writer` is a [`Store::pack_writer`].
    pub fn commit_with(
        &self,
        writer: &super::ObjectWriter,
        updates: &[BranchUpdate],
        signature: &Signature,
        message: impl Fn(&str, &[FileOutcome]) -> String,
    ) -> Result<Vec<BranchResult>> {
        let _lock = WriteLock::acquire(&self.state_dir(), &self.lock_wait)?;
        for update in updates {
            self.remove_stale_ref_lock(&update.branch)?;
        }
        // Only a cleanup: a file that cannot be removed now is tried by the next writer.
        let _ = super::remove_stale_temporaries(&self.path.join("objects"));
        self.move_branches(signature, || {
            let mut edits = Vec::new();
            let mut results = Vec::new();
            for update in updates {
                let (result, edit) = self.prepare_branch(writer, update, signature, &message)?;
                edits.extend(edit);
                results.push(result);
            }
            writer.publish()?;
            Ok((results, edits))
        })
    }

    /// Prepare the branches' ref edits and apply them in one transaction; when one fails
    /// (a branch moved since it was read: only plain git can do that while we hold the
    /// writer lock), prepare them again from the new tips, a few times. A reflog, where the
    /// store keeps one, names `signature`, the commits' committer, as git's does (asking gix
    /// for its own committer reads the system's time zone database, on every commit).
    pub(super) fn move_branches<T>(
        &self,
        signature: &Signature,
        mut prepare: impl FnMut() -> Result<(Vec<T>, Vec<RefEdit>)>,
    ) -> Result<Vec<T>> {
        let committer = signature.to_gix();
        let mut time = gix::date::parse::TimeBuf::default();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let (results, edits) = prepare()?;
            if edits.is_empty() {
                return Ok(results);
            }
            match self
                .repo
                .edit_references_as(edits, Some(committer.to_ref(&mut time)))
            {
                Ok(_) => return Ok(results),
                Err(_) if attempt < MAX_ATTEMPTS => {
                    std::thread::sleep(Duration::from_millis(20 << attempt));
                }
                Err(source) => {
                    return Err(Error::Git {
                        path: self.path.clone(),
                        what: format!("update branches after {attempt} attempts"),
                        source,
                    });
                }
            }
        }
    }

    fn prepare_branch(
        &self,
        writer: &super::ObjectWriter,
        update: &BranchUpdate,
        signature: &Signature,
        message: &impl Fn(&str, &[FileOutcome]) -> String,
    ) -> Result<(BranchResult, Option<RefEdit>)> {
        let branch = &update.branch;
        let tip = self.tip(branch)?;
        let base_tree = match tip {
            Some(commit) => self
                .repo
                .find_commit(commit)
                .and_then(|c| c.tree_id())
                .map(|id| id.detach())
                .map_err(self.git_error(format!("read the tip of {branch}")))?,
            None => ObjectId::empty_tree(self.repo.object_hash()),
        };
        let tree = self
            .repo
            .find_tree(base_tree)
            .map_err(self.git_error(format!("read the tree of {branch}")))?;
        let mut outcomes = Vec::with_capacity(update.files.len());
        for (path, id) in &update.files {
            let existing = tree
                .lookup_entry_by_path(path)
                .map_err(self.git_error(format!("look up {path} on {branch}")))?;
            outcomes.push(match existing {
                None => FileOutcome::New,
                Some(entry) if entry.object_id() == *id => FileOutcome::Unchanged,
                Some(_) => FileOutcome::Updated,
            });
        }
        if outcomes.iter().all(|o| *o == FileOutcome::Unchanged) {
            let result = BranchResult {
                branch: branch.clone(),
                outcomes,
                commit: None,
            };
            return Ok((result, None));
        }

        let mut editor = tree
            .edit()
            .map_err(self.git_error(format!("edit the tree of {branch}")))?;
        for ((path, id), outcome) in update.files.iter().zip(&outcomes) {
            if *outcome != FileOutcome::Unchanged {
                if !writer.contains(id) && !self.repo.has_object(id) {
                    return Err(self.git_error(format!("place {path} on {branch}"))(
                        gix::Error::from_error(std::io::Error::other(format!(
                            "its blob {id} is not in the store"
                        ))),
                    ));
                }
                editor
                    .upsert(path.as_str(), EntryKind::Blob, *id)
                    .map_err(self.git_error(format!("place {path} on {branch}")))?;
            }
        }
        // The plain editor, so trees go through `writer` (gix's own checks that every entry
        // is already readable, which blobs in an unpublished pack are not): names are checked
        // as gix checks them, entries above.
        let new_tree = editor.detach().write(|tree| -> Result<ObjectId> {
            for entry in &tree.entries {
                gix::validate::path::component(entry.filename.as_ref(), None, Default::default())
                    .map_err(|e| {
                    self.git_error(format!("write the tree of {branch}"))(gix::Error::from_error(e))
                })?;
            }
            let mut bytes = Vec::new();
            gix::objs::WriteTo::write_to(tree, &mut bytes).map_err(|source| Error::Io {
                what: "encode a tree for",
                file: self.path.clone(),
                source,
            })?;
            writer.write_object(gix::objs::Kind::Tree, &bytes)
        })?;
        let text = message(branch, &outcomes);
        let commit = gix::objs::Commit {
            tree: new_tree,
            parents: tip.into_iter().collect(),
            author: signature.to_gix(),
            committer: signature.to_gix(),
            encoding: None,
            message: BString::from(text.as_str()),
            extra_headers: Vec::new(),
        };
        let mut bytes = Vec::new();
        gix::objs::WriteTo::write_to(&commit, &mut bytes).map_err(|source| Error::Io {
            what: "encode a commit for",
            file: self.path.clone(),
            source,
        })?;
        let commit_id = writer.write_object(gix::objs::Kind::Commit, &bytes)?;
        let name = format!("refs/heads/{branch}");
        let edit = super::compare_and_swap(
            name.as_str()
                .try_into()
                .expect("branch names used by traces are valid ref names"),
            tip,
            Some(commit_id),
            &format!("traces commit: {}", first_line(&text)),
        );
        let result = BranchResult {
            branch: branch.clone(),
            outcomes,
            commit: Some(commit_id),
        };
        Ok((result, Some(edit)))
    }

    /// A `*.lock` beside a branch ref while we hold the writer lock was left by a killed writer.
    pub(super) fn remove_stale_ref_lock(&self, branch: &str) -> Result<()> {
        let lock = self.path.join("refs/heads").join(format!("{branch}.lock"));
        match std::fs::remove_file(&lock) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(Error::Io {
                what: "remove the stale lock",
                file: lock,
                source,
            }),
        }
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

/// One compare-and-swap ref change: `expected` is what the ref must hold now (`None`: absent),
/// `new` what it will hold (`None`: deleted).
#[derive(Debug, Clone)]
pub struct RefUpdate {
    pub name: String,
    pub expected: Option<ObjectId>,
    pub new: Option<ObjectId>,
}

impl Store {
    /// Apply ref changes in one transaction under the writer lock; fails without changing
    /// anything when a ref does not hold what `expected` says.
    pub fn update_refs(&self, updates: &[RefUpdate], reason: &str) -> Result<()> {
        let _lock = WriteLock::acquire(&self.state_dir(), &self.lock_wait)?;
        let mut edits = Vec::new();
        for update in updates {
            let name: gix::refs::FullName = update.name.as_str().try_into().map_err(|e| {
                self.git_error(format!("use ref name {}", update.name))(gix::Error::from_error(e))
            })?;
            edits.push(super::compare_and_swap(
                name,
                update.expected,
                update.new,
                reason,
            ));
        }
        self.repo
            .edit_references(edits)
            .map(|_| ())
            .map_err(self.git_error(format!("update refs ({reason})")))
    }

    /// The object a full ref name points to, if the ref exists.
    pub fn read_ref(&self, name: &str) -> Result<Option<ObjectId>> {
        let reference = self
            .repo
            .try_find_reference(name)
            .map_err(self.git_error(format!("read {name}")))?;
        Ok(reference.and_then(|r| r.try_id().map(|id| id.detach())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reflog_names_the_commits_committer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store");
        let (store, _) = Store::open_or_init(&path, |_| Ok(())).unwrap();
        let status = std::process::Command::new("git")
            .args(["--git-dir"])
            .arg(&path)
            .args(["config", "core.logAllRefUpdates", "always"])
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .status()
            .unwrap();
        assert!(status.success());
        let store = Store::open(store.path()).unwrap();
        let blob = store.blob_writer().write(b"hello\n").unwrap();
        let signature = Signature {
            name: "Ada".into(),
            email: "ada@example.com".into(),
            seconds: 1_700_000_000,
            offset: 3600,
        };
        let update = BranchUpdate {
            branch: "claude-code".into(),
            files: vec![("sessions/a.jsonl".into(), blob)],
        };
        let results = store
            .commit(&[update], &signature, |_, _| "Add 1 session\n".into())
            .unwrap();
        let commit = results[0].commit.expect("a commit");
        let log = std::fs::read_to_string(path.join("logs/refs/heads/claude-code")).unwrap();
        assert_eq!(
            log,
            format!(
                "{} {commit} Ada <ada@example.com> 1700000000 +0100\ttraces commit: Add 1 session\n",
                ObjectId::null(gix::hash::Kind::Sha1)
            )
        );
    }
}
