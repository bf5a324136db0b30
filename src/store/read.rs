//! Reading branches: history, the session files on a branch, one file's bytes.

use gix::ObjectId;

use super::{Result, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    pub id: ObjectId,
    pub author_name: String,
    pub author_email: String,
    /// Seconds since the Unix epoch, and the author's UTC offset in seconds.
    pub seconds: i64,
    pub offset: i32,
    pub message: String,
}

/// One session file on a branch: `sessions/<date>/<session_id>.jsonl`, or a subagent's
/// transcript `sessions/<date>/<session_id>/subagents/agent-<agent_id>.jsonl`, named
/// `<session_id>/agent-<agent_id>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionEntry {
    pub date: String,
    pub session_id: String,
    pub blob: ObjectId,
}

impl SessionEntry {
    pub fn path(&self) -> String {
        crate::formats::session_path(&self.date, &self.session_id)
    }
}

impl Store {
    /// Up to `limit` commits of `branch`, newest first, following first parents.
    pub fn log(&self, branch: &str, limit: usize) -> Result<Vec<CommitInfo>> {
        let mut next = self.tip(branch)?;
        let mut out = Vec::new();
        while let Some(id) = next {
            if out.len() >= limit {
                break;
            }
            let commit = self
                .repo
                .find_commit(id)
                .map_err(self.git_error(format!("read commit {id}")))?;
            let decoded = commit
                .decode()
                .map_err(self.git_error(format!("decode commit {id}")))?;
            let author = decoded
                .author()
                .map_err(self.git_error(format!("decode the author of {id}")))?;
            let time = author
                .time()
                .map_err(self.git_error(format!("decode the time of {id}")))?;
            out.push(CommitInfo {
                id,
                author_name: author.name.to_string(),
                author_email: author.email.to_string(),
                seconds: time.seconds,
                offset: time.offset,
                message: decoded.message.to_string(),
            });
            next = decoded.parents().next();
        }
        Ok(out)
    }

    /// Every session file on `branch`, sorted by date then id.
    pub fn sessions(&self, branch: &str) -> Result<Vec<SessionEntry>> {
        match self.tip(branch)? {
            Some(tip) => self.sessions_at(tip),
            None => Ok(Vec::new()),
        }
    }

    /// Every session file in a commit's tree, sorted by date then id.
    pub fn sessions_at(&self, commit: ObjectId) -> Result<Vec<SessionEntry>> {
        let root = self.commit_tree(commit)?;
        let Some((_, sessions_tree, _)) = self
            .tree_entries(root)?
            .into_iter()
            .find(|(name, _, is_tree)| name == "sessions" && *is_tree)
        else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for date_entry in self.tree_entries(sessions_tree)? {
            let (date, date_tree, is_tree) = date_entry;
            if !is_tree {
                continue;
            }
            for (name, id, is_tree) in self.tree_entries(date_tree)? {
                if is_tree {
                    self.subagents_into(&date, &name, id, &mut out)?;
                } else if let Some(session_id) = name.strip_suffix(".jsonl") {
                    out.push(SessionEntry {
                        date: date.clone(),
                        session_id: session_id.to_string(),
                        blob: id,
                    });
                }
            }
        }
        Ok(out)
    }

    /// The transcripts in `<session_id>/subagents/` of a date folder.
    fn subagents_into(
        &self,
        date: &str,
        session_id: &str,
        session_tree: ObjectId,
        out: &mut Vec<SessionEntry>,
    ) -> Result<()> {
        let Some((_, subagents, _)) = self
            .tree_entries(session_tree)?
            .into_iter()
            .find(|(name, _, is_tree)| name == "subagents" && *is_tree)
        else {
            return Ok(());
        };
        for (name, blob, is_tree) in self.tree_entries(subagents)? {
            if let (false, Some(agent)) = (is_tree, name.strip_suffix(".jsonl")) {
                out.push(SessionEntry {
                    date: date.to_string(),
                    session_id: format!("{session_id}/{agent}"),
                    blob,
                });
            }
        }
        Ok(())
    }

    /// The session with this id on `branch`, if there is one.
    pub fn find_session(&self, branch: &str, session_id: &str) -> Result<Option<SessionEntry>> {
        Ok(self
            .sessions(branch)?
            .into_iter()
            .find(|s| s.session_id == session_id))
    }

    /// The bytes of a blob.
    pub fn read_blob(&self, id: ObjectId) -> Result<Vec<u8>> {
        self.repo
            .find_blob(id)
            .map(|mut b| b.take_data())
            .map_err(self.git_error(format!("read blob {id}")))
    }

    /// The bytes at `path` on `branch`, if present.
    pub fn read_file(&self, branch: &str, path: &str) -> Result<Option<Vec<u8>>> {
        let Some(tree) = self.branch_tree(branch)? else {
            return Ok(None);
        };
        let tree = self
            .repo
            .find_tree(tree)
            .map_err(self.git_error(format!("read the tree of {branch}")))?;
        let entry = tree
            .lookup_entry_by_path(path)
            .map_err(self.git_error(format!("look up {path} on {branch}")))?;
        entry.map(|e| self.read_blob(e.object_id())).transpose()
    }

    fn branch_tree(&self, branch: &str) -> Result<Option<ObjectId>> {
        let Some(tip) = self.tip(branch)? else {
            return Ok(None);
        };
        self.repo
            .find_commit(tip)
            .and_then(|c| c.tree_id())
            .map(|id| Some(id.detach()))
            .map_err(self.git_error(format!("read the tip of {branch}")))
    }

    /// (name, id, is_tree) for each entry of a tree.
    fn tree_entries(&self, tree: ObjectId) -> Result<Vec<(String, ObjectId, bool)>> {
        let tree = self
            .repo
            .find_tree(tree)
            .map_err(self.git_error(format!("read tree {tree}")))?;
        let decoded = tree
            .decode()
            .map_err(self.git_error(format!("decode tree {}", tree.id)))?;
        Ok(decoded
            .entries
            .iter()
            .map(|e| (e.filename.to_string(), e.oid.to_owned(), e.mode.is_tree()))
            .collect())
    }
}

/// A path whose entry differs between two trees: present in the newer tree with this id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedPath {
    pub path: String,
    pub id: ObjectId,
    pub is_tree: bool,
}

impl Store {
    /// Whether `commit` is the tip of `branch` or one of its ancestors (a history rewrite,
    /// `traces forget --purge`, leaves the old commits off every branch).
    pub fn branch_contains(&self, branch: &str, commit: ObjectId) -> Result<bool> {
        let Some(tip) = self.tip(branch)? else {
            return Ok(false);
        };
        let mut seen = std::collections::HashSet::new();
        let mut stack = vec![tip];
        while let Some(id) = stack.pop() {
            if id == commit {
                return Ok(true);
            }
            if !seen.insert(id) {
                continue;
            }
            let found = self
                .repo
                .find_commit(id)
                .map_err(self.git_error(format!("read commit {id}")))?;
            stack.extend(found.parent_ids().map(|p| p.detach()));
        }
        Ok(false)
    }

    /// The tree of a commit.
    pub fn commit_tree(&self, commit: ObjectId) -> Result<ObjectId> {
        self.repo
            .find_commit(commit)
            .and_then(|c| c.tree_id())
            .map(|id| id.detach())
            .map_err(self.git_error(format!("read commit {commit}")))
    }

    /// Every entry of `new` (trees included, recursively) that `old` does not have at the same
    /// path with the same id. Subtrees with equal ids are skipped whole, so the cost follows
    /// the size of the change, not of the trees.
    pub fn changed_paths(&self, old: Option<ObjectId>, new: ObjectId) -> Result<Vec<ChangedPath>> {
        let mut out = Vec::new();
        self.diff_into(old, new, "", &mut out)?;
        Ok(out)
    }

    fn diff_into(
        &self,
        old: Option<ObjectId>,
        new: ObjectId,
        prefix: &str,
        out: &mut Vec<ChangedPath>,
    ) -> Result<()> {
        if old == Some(new) {
            return Ok(());
        }
        let old_entries: std::collections::HashMap<String, (ObjectId, bool)> = match old {
            Some(old) => self
                .tree_entries(old)?
                .into_iter()
                .map(|(name, id, is_tree)| (name, (id, is_tree)))
                .collect(),
            None => Default::default(),
        };
        for (name, id, is_tree) in self.tree_entries(new)? {
            let before = old_entries.get(&name);
            if before.is_some_and(|(old_id, _)| *old_id == id) {
                continue;
            }
            let path = format!("{prefix}{name}");
            out.push(ChangedPath {
                path: path.clone(),
                id,
                is_tree,
            });
            if is_tree {
                let old_sub = before.filter(|(_, t)| *t).map(|(old_id, _)| *old_id);
                self.diff_into(old_sub, id, &format!("{path}/"), out)?;
            }
        }
        Ok(())
    }
}
