//! Purging files from history: every commit reachable from any ref is rewritten without the
//! files a predicate names (parents re-linked, author, committer and message kept), the refs
//! move in one compare-and-swap transaction, the reflogs that still name the old commits are
//! expired, and the object files are rewritten so nothing of the old history is left.
//!
//! The store stays `git fsck --strict` clean at every moment, and a kill leaves either the old
//! or the new history: the rewritten objects are published before any ref moves, the refs move
//! in one transaction, and the old object files are removed only after one new pack holding
//! everything that stays is in place. Running it again finishes what a killed run started.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use gix::ObjectId;
use gix::objs::Kind;

use super::lock::WriteLock;
use super::{Error, ObjectWriter, Result, STALE_TEMPORARY_AGE, Store};

/// What a purge rewrites (or would: [`Store::purge_preview`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurgeSummary {
    /// Each ref that changes, with how many of the commits it reaches are rewritten.
    pub refs: Vec<(String, usize)>,
    /// Commits rewritten, counted once.
    pub commits: usize,
    /// Every path taken out of some commit.
    pub paths: BTreeSet<String>,
    /// Object files removed afterwards (packs and loose objects), and objects in the pack
    /// that replaced them.
    pub files_removed: usize,
    pub objects_kept: usize,
}

/// The history as rewritten in memory: old commit -> new commit, and what changed.
struct Rewrite {
    roots: Vec<(String, ObjectId)>,
    commits: HashMap<ObjectId, ObjectId>,
    summary: PurgeSummary,
}

impl Store {
    /// What [`Store::purge`] would rewrite; writes nothing (new objects stay in memory).
    pub fn purge_preview(&self, drop: &dyn Fn(&str) -> bool) -> Result<PurgeSummary> {
        Ok(self.rewrite(drop, None)?.summary)
    }

    /// Rewrite every ref's history without the files `drop` names and remove what only the
    /// old history held. `before_move` runs once the new history is written and before any
    /// ref moves (the caller records what the remotes must lose); an error there changes
    /// nothing. Holds the writer lock throughout.
    pub fn purge(
        &self,
        drop: &dyn Fn(&str) -> bool,
        before_move: impl FnOnce(&PurgeSummary) -> Result<()>,
    ) -> Result<PurgeSummary> {
        let _lock = WriteLock::acquire(&self.state_dir(), &self.lock_wait)?;
        let objects = self.path.join("objects");
        // The object files as they are now: only these are rewritten and removed, so a pack a
        // concurrent writer publishes meanwhile is left alone.
        let packs: Vec<PathBuf> = super::gc::packs(&objects.join("pack"))
            .map_err(|e| io_error(&objects, e))?
            .into_iter()
            .map(|(index, _)| index)
            .collect();
        let loose = super::gc::loose_objects(&objects);

        // A ref lock seen while holding the writer lock was left by a killed writer.
        for (name, _) in self.commit_refs()? {
            let lock = self.path.join(format!("{name}.lock"));
            match std::fs::remove_file(&lock) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(io_error(&lock, e));
                }
                _ => {}
            }
        }
        let writer = self.pack_writer();
        let rewrite = self.rewrite(drop, Some(&writer))?;
        let new_pack = writer.publish()?;
        before_move(&rewrite.summary)?;

        // The old tips are written down before any ref moves: a purge killed after the move
        // and before the prune leaves its old history unreachable but present, and the next
        // purge must still know it as purged (it would otherwise keep it as young debris).
        let journal = self.state_dir().join(JOURNAL);
        let mut old_tips = read_journal(&journal);
        old_tips.extend(rewrite.roots.iter().map(|(_, id)| *id));
        old_tips.sort_unstable();
        old_tips.dedup();
        write_journal(&journal, &old_tips)?;
        let old_reachable = self.reachable_present(old_tips.iter().copied())?;
        let mut edits = Vec::new();
        let mut new_roots = Vec::new();
        for (name, old) in &rewrite.roots {
            let new = rewrite.commits.get(old).copied().unwrap_or(*old);
            new_roots.push(new);
            if new != *old {
                let full: gix::refs::FullName = name.as_str().try_into().map_err(|e| {
                    self.git_error(format!("use ref name {name}"))(gix::Error::from_error(e))
                })?;
                edits.push(super::compare_and_swap(
                    full,
                    Some(*old),
                    Some(new),
                    "traces forget --purge",
                ));
            }
        }
        if !edits.is_empty() {
            // Under the writer lock nothing else moves these refs; a ref that moved anyway
            // fails the whole transaction and nothing changes.
            self.repo
                .edit_references(edits)
                .map_err(self.git_error("move the rewritten refs"))?;
        }
        self.expire_reflogs()?;

        let new_reachable = self.reachable(new_roots.into_iter())?;
        let purged: HashSet<ObjectId> = old_reachable.difference(&new_reachable).copied().collect();
        let mut summary = rewrite.summary;
        let (kept, removed) =
            self.prune(&packs, new_pack.as_deref(), &loose, &new_reachable, &purged)?;
        summary.objects_kept = kept;
        summary.files_removed = removed;
        match std::fs::remove_file(&journal) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(io_error(&journal, e));
            }
            _ => {}
        }
        Ok(summary)
    }

    /// Rewrite the history of every ref, writing new trees and commits through `writer` (or
    /// only hashing them when `None`).
    fn rewrite(
        &self,
        drop: &dyn Fn(&str) -> bool,
        writer: Option<&ObjectWriter>,
    ) -> Result<Rewrite> {
        let roots = self.commit_refs()?;
        let mut trees: HashMap<(String, ObjectId), Option<ObjectId>> = HashMap::new();
        let mut commits: HashMap<ObjectId, ObjectId> = HashMap::new();
        let mut summary = PurgeSummary::default();
        let mut changed_commits: HashSet<ObjectId> = HashSet::new();
        for (name, root) in &roots {
            let mut rewritten_here = 0;
            for id in self.commits_parents_first(*root)? {
                if let Some(new) = commits.get(&id) {
                    if *new != id {
                        rewritten_here += 1;
                    }
                    continue;
                }
                let commit = self
                    .repo
                    .find_commit(id)
                    .map_err(self.git_error(format!("read commit {id}")))?;
                let mut owned = commit
                    .decode()
                    .and_then(|c| c.into_owned())
                    .map_err(|e| self.git_error(format!("decode commit {id}"))(e))?;
                let tree = self
                    .rewrite_tree(owned.tree, "", drop, writer, &mut trees, &mut summary)?
                    .unwrap_or_else(|| ObjectId::empty_tree(gix::hash::Kind::Sha1));
                let parents: Vec<ObjectId> = owned
                    .parents
                    .iter()
                    .map(|p| commits.get(p).copied().unwrap_or(*p))
                    .collect();
                let new = if tree == owned.tree && parents.iter().eq(owned.parents.iter()) {
                    id
                } else {
                    if tree == ObjectId::empty_tree(gix::hash::Kind::Sha1) {
                        self.put(writer, Kind::Tree, Vec::new())?;
                    }
                    owned.tree = tree;
                    owned.parents = parents.into_iter().collect();
                    // gpgsig and other extra headers would sign the old content: dropped.
                    owned.extra_headers.clear();
                    changed_commits.insert(id);
                    rewritten_here += 1;
                    self.put(writer, Kind::Commit, encode(&owned))?
                };
                commits.insert(id, new);
            }
            if rewritten_here > 0 {
                summary.refs.push((name.clone(), rewritten_here));
            }
        }
        summary.commits = changed_commits.len();
        Ok(Rewrite {
            roots,
            commits,
            summary,
        })
    }

    /// The tree `id` at `prefix` without the files `drop` names (`None`: nothing left).
    fn rewrite_tree(
        &self,
        id: ObjectId,
        prefix: &str,
        drop: &dyn Fn(&str) -> bool,
        writer: Option<&ObjectWriter>,
        memo: &mut HashMap<(String, ObjectId), Option<ObjectId>>,
        summary: &mut PurgeSummary,
    ) -> Result<Option<ObjectId>> {
        let key = (prefix.to_string(), id);
        if let Some(done) = memo.get(&key) {
            return Ok(*done);
        }
        let tree: gix::objs::Tree = self
            .repo
            .find_tree(id)
            .map_err(self.git_error(format!("read tree {id}")))?
            .decode()
            .map_err(|e| self.git_error(format!("decode tree {id}"))(e))?
            .into();
        let mut entries = Vec::with_capacity(tree.entries.len());
        let mut changed = false;
        for mut entry in tree.entries {
            let path = format!("{prefix}{}", entry.filename);
            if entry.mode.is_tree() {
                match self.rewrite_tree(
                    entry.oid,
                    &format!("{path}/"),
                    drop,
                    writer,
                    memo,
                    summary,
                )? {
                    Some(new) if new == entry.oid => entries.push(entry),
                    Some(new) => {
                        entry.oid = new;
                        entries.push(entry);
                        changed = true;
                    }
                    // Emptied folders go, as git keeps no empty trees.
                    None => changed = true,
                }
            } else if !entry.mode.is_commit() && drop(&path) {
                summary.paths.insert(path);
                changed = true;
            } else {
                entries.push(entry);
            }
        }
        let result = if !changed {
            Some(id)
        } else if entries.is_empty() {
            None
        } else {
            let tree = gix::objs::Tree { entries };
            Some(self.put(writer, Kind::Tree, encode(&tree))?)
        };
        memo.insert(key, result);
        Ok(result)
    }

    fn put(&self, writer: Option<&ObjectWriter>, kind: Kind, data: Vec<u8>) -> Result<ObjectId> {
        match writer {
            Some(writer) => writer.write_object(kind, &data),
            None => gix::objs::compute_hash(gix::hash::Kind::Sha1, kind, &data)
                .map_err(self.git_error("hash an object")),
        }
    }

    /// Every ref pointing to a commit, by full name.
    fn commit_refs(&self) -> Result<Vec<(String, ObjectId)>> {
        let references = self
            .repo
            .references()
            .map_err(self.git_error("list the refs"))?;
        let mut out = Vec::new();
        for reference in references.all().map_err(self.git_error("list the refs"))? {
            let Ok(reference) = reference else { continue };
            let Some(id) = reference.try_id() else {
                continue;
            };
            let id = id.detach();
            let is_commit = self
                .repo
                .find_header(id)
                .is_ok_and(|h| h.kind() == Kind::Commit);
            if is_commit {
                out.push((reference.name().as_bstr().to_string(), id));
            }
        }
        out.sort();
        Ok(out)
    }

    /// The commits `tip` reaches, each after all of its parents.
    fn commits_parents_first(&self, tip: ObjectId) -> Result<Vec<ObjectId>> {
        let mut out = Vec::new();
        let mut done = HashSet::new();
        let mut stack = vec![(tip, false)];
        while let Some((id, parents_done)) = stack.pop() {
            if parents_done {
                out.push(id);
                continue;
            }
            if !done.insert(id) {
                continue;
            }
            stack.push((id, true));
            let commit = self
                .repo
                .find_commit(id)
                .map_err(self.git_error(format!("read commit {id}")))?;
            for parent in commit.parent_ids() {
                if !done.contains(&parent.detach()) {
                    stack.push((parent.detach(), false));
                }
            }
        }
        Ok(out)
    }

    /// Every object the given commits reach.
    fn reachable(&self, tips: impl Iterator<Item = ObjectId>) -> Result<HashSet<ObjectId>> {
        self.walk(tips, false)
    }

    /// Every object still present that the given commits reach: an earlier, killed purge
    /// may have removed part of what they reached.
    fn reachable_present(&self, tips: impl Iterator<Item = ObjectId>) -> Result<HashSet<ObjectId>> {
        self.walk(tips, true)
    }

    fn walk(
        &self,
        tips: impl Iterator<Item = ObjectId>,
        skip_missing: bool,
    ) -> Result<HashSet<ObjectId>> {
        let mut seen = HashSet::new();
        let mut stack: Vec<ObjectId> = tips.collect();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            let object = match self.repo.try_find_object(id) {
                Ok(Some(object)) => object,
                Ok(None) if skip_missing => continue,
                Ok(None) => {
                    return Err(self.git_error(format!("read object {id}"))(
                        gix::Error::from_error(std::io::Error::other("object missing")),
                    ));
                }
                Err(e) => return Err(self.git_error(format!("read object {id}"))(e)),
            };
            match object.kind {
                Kind::Commit => {
                    let commit = object.into_commit();
                    let decoded = commit
                        .decode()
                        .map_err(|e| self.git_error(format!("decode commit {id}"))(e))?;
                    stack.push(decoded.tree());
                    stack.extend(decoded.parents());
                }
                Kind::Tree => {
                    let tree = object.into_tree();
                    let decoded = tree
                        .decode()
                        .map_err(|e| self.git_error(format!("decode tree {id}"))(e))?;
                    stack.extend(
                        decoded
                            .entries
                            .iter()
                            .filter(|e| !e.mode.is_commit())
                            .map(|e| e.oid.to_owned()),
                    );
                }
                Kind::Tag => {
                    let tag = object.into_tag();
                    if let Ok(decoded) = tag.decode() {
                        stack.push(decoded.target());
                    }
                }
                Kind::Blob => {}
            }
        }
        Ok(seen)
    }

    /// Empty every reflog: their entries name the commits of the old history. (A reflog
    /// naming a removed object would make `git fsck` fail.)
    fn expire_reflogs(&self) -> Result<()> {
        let logs = self.path.join("logs");
        match std::fs::remove_dir_all(&logs) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io_error(&logs, e)),
        }
    }

    /// Write one pack of what stays and remove the old object files. What stays: everything
    /// `reachable`, and unreachable objects that are not `purged` and younger than
    /// [`STALE_TEMPORARY_AGE`] (a concurrent writer's objects waiting for their ref; git's
    /// prune keeps young objects for the same reason). Returns (objects kept, files removed).
    fn prune(
        &self,
        packs: &[PathBuf],
        rewritten: Option<&Path>,
        loose: &[(ObjectId, PathBuf)],
        reachable: &HashSet<ObjectId>,
        purged: &HashSet<ObjectId>,
    ) -> Result<(usize, usize)> {
        let objects = self.path.join("objects");
        let young = |file: &Path| {
            std::fs::metadata(file)
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|m| m.elapsed().ok())
                .is_none_or(|age| age < STALE_TEMPORARY_AGE)
        };
        let keeps =
            |id: &ObjectId, young: bool| reachable.contains(id) || (young && !purged.contains(id));
        let mut kept: Vec<ObjectId> = Vec::new();
        let mut index_files: Vec<PathBuf> = packs.to_vec();
        if let Some(rewritten) = rewritten {
            index_files.push(rewritten.with_extension("idx"));
        }
        for index_path in &index_files {
            let index = gix::odb::pack::index::File::at(index_path, gix::hash::Kind::Sha1)
                .map_err(|e| self.git_error("read a pack index")(gix::Error::from_error(e)))?;
            let is_young = young(&index_path.with_extension("pack"));
            kept.extend(
                index
                    .iter()
                    .map(|entry| entry.oid)
                    .filter(|id| keeps(id, is_young)),
            );
        }
        for (id, path) in loose {
            if keeps(id, young(path)) {
                kept.push(*id);
            }
        }
        kept.sort_unstable();
        kept.dedup();

        let new_pack = self.pack_objects(&kept, |e| io_error(&objects, e))?;

        // Only now that everything kept is in the new pack do the old files go.
        let mut removed = 0;
        for index_path in &index_files {
            if new_pack.as_deref() == Some(index_path.with_extension("pack").as_path()) {
                continue;
            }
            super::gc::remove_pack(index_path).map_err(|e| io_error(index_path, e))?;
            removed += 1;
        }
        for (_, path) in loose {
            if super::gc::remove_loose(path).map_err(|e| io_error(path, e))? {
                removed += 1;
            }
        }
        // Files git may have written that name old commits.
        for extra in ["info/commit-graph", "pack/multi-pack-index"] {
            let _ = std::fs::remove_file(objects.join(extra));
        }
        let _ = std::fs::remove_dir_all(objects.join("info/commit-graphs"));
        Ok((kept.len(), removed))
    }
}

/// The old tips of a purge not finished yet, one hex id per line, under `traces/`.
const JOURNAL: &str = "purge-old-tips";

fn read_journal(path: &Path) -> Vec<ObjectId> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| ObjectId::from_hex(line.trim().as_bytes()).ok())
        .collect()
}

/// Written whole or not at all (a temporary file renamed over it).
fn write_journal(path: &Path, tips: &[ObjectId]) -> Result<()> {
    use std::io::Write;
    let text: String = tips.iter().map(|id| format!("{id}\n")).collect();
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(|e| io_error(dir, e))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.as_file().sync_all())
        .map_err(|e| io_error(path, e))?;
    file.persist(path).map_err(|e| io_error(path, e.error))?;
    Ok(())
}

fn encode(object: &impl gix::objs::WriteTo) -> Vec<u8> {
    let mut data = Vec::new();
    object
        .write_to(&mut data)
        .expect("writing an object to memory does not fail");
    data
}

fn io_error(file: &Path, source: std::io::Error) -> Error {
    Error::Io {
        what: "purge",
        file: file.to_path_buf(),
        source,
    }
}
