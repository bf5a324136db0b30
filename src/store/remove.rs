//! Removing files and directories from branches: one commit per branch that held any of them,
//! every ref move a compare-and-swap under the writer lock (the counterpart of `commit.rs`).

use gix::ObjectId;
use gix::bstr::BString;
use gix::refs::Target;
use gix::refs::transaction::{Change, LogChange, PreviousValue, RefEdit, RefLog};

use super::lock::WriteLock;
use super::{Result, Signature, Store};

/// Paths (files or whole directories) to take off one branch.
#[derive(Debug, Clone)]
pub struct BranchRemoval {
    pub branch: String,
    pub paths: Vec<String>,
}

/// What a removal did on one branch.
#[derive(Debug, Clone)]
pub struct RemovalResult {
    pub branch: String,
    /// The paths of the removal that the branch held (and no longer does).
    pub removed: Vec<String>,
    /// The new commit, `None` when the branch held none of the paths.
    pub commit: Option<ObjectId>,
}

impl Store {
    /// Take each removal's paths off its branch in a new commit whose message is `message`;
    /// all refs move in one transaction. Paths a branch does not hold are ignored.
    pub fn remove_paths(
        &self,
        removals: &[BranchRemoval],
        signature: &Signature,
        message: &str,
    ) -> Result<Vec<RemovalResult>> {
        let _lock = WriteLock::acquire(&self.state_dir(), &self.lock_wait)?;
        for removal in removals {
            self.remove_stale_ref_lock(&removal.branch)?;
        }
        self.move_branches(signature, || {
            let mut edits = Vec::new();
            let mut results = Vec::new();
            for removal in removals {
                let (result, edit) = self.prepare_removal(removal, signature, message)?;
                edits.extend(edit);
                results.push(result);
            }
            Ok((results, edits))
        })
    }

    fn prepare_removal(
        &self,
        removal: &BranchRemoval,
        signature: &Signature,
        message: &str,
    ) -> Result<(RemovalResult, Option<RefEdit>)> {
        let branch = &removal.branch;
        let unchanged = RemovalResult {
            branch: branch.clone(),
            removed: Vec::new(),
            commit: None,
        };
        let Some(tip) = self.tip(branch)? else {
            return Ok((unchanged, None));
        };
        let tree = self
            .repo
            .find_tree(self.commit_tree(tip)?)
            .map_err(self.git_error(format!("read the tree of {branch}")))?;
        let mut removed = Vec::new();
        let mut editor = tree
            .edit()
            .map_err(self.git_error(format!("edit the tree of {branch}")))?;
        for path in &removal.paths {
            let held = tree
                .lookup_entry_by_path(path)
                .map_err(self.git_error(format!("look up {path} on {branch}")))?;
            if held.is_some() {
                editor
                    .remove(path.as_str())
                    .map_err(self.git_error(format!("remove {path} from {branch}")))?;
                removed.push(path.clone());
            }
        }
        if removed.is_empty() {
            return Ok((unchanged, None));
        }
        // Empty directories left behind are pruned by the editor.
        let new_tree = editor
            .write()
            .map_err(self.git_error(format!("write the tree of {branch}")))?
            .detach();
        let commit = gix::objs::Commit {
            tree: new_tree,
            parents: [tip].into_iter().collect(),
            author: signature.to_gix(),
            committer: signature.to_gix(),
            encoding: None,
            message: BString::from(message),
            extra_headers: Vec::new(),
        };
        let commit_id = self
            .repo
            .write_object(&commit)
            .map_err(self.git_error(format!("write a commit on {branch}")))?
            .detach();
        let name = format!("refs/heads/{branch}");
        let edit = RefEdit {
            change: Change::Update {
                log: LogChange {
                    mode: RefLog::AndReference,
                    force_create_reflog: false,
                    message: BString::from(format!(
                        "traces forget: {}",
                        message.lines().next().unwrap_or("")
                    )),
                },
                expected: PreviousValue::MustExistAndMatch(Target::Object(tip)),
                new: Target::Object(commit_id),
            },
            name: name
                .as_str()
                .try_into()
                .expect("branch names used by traces are valid ref names"),
            deref: false,
        };
        let result = RemovalResult {
            branch: branch.clone(),
            removed,
            commit: Some(commit_id),
        };
        Ok((result, Some(edit)))
    }
}
