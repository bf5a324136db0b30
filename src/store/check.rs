//! `traces fsck` for the store: every object reachable from a ref is read and hashed, so a
//! missing or damaged object is found with the ref that reaches it; and the debris a killed
//! writer can leave (temporary object files, ref locks) is listed.
//!
//! Repair lives with the caller (it needs the sources and the scrubber); here are the pieces
//! it uses: moving a damaged loose object aside so it can be written again, and writing
//! objects back from another repository.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use gix::ObjectId;

use super::{Error, Result, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Not in the object database at all.
    Missing,
    /// Present but unreadable, undecodable, or hashing to another id.
    Corrupt,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    pub id: ObjectId,
    pub problem: Problem,
    /// The first ref found to reach it.
    pub reached_from: String,
    /// The loose object file, when it is one.
    pub file: Option<PathBuf>,
}

impl Store {
    /// The loose object file of `id` (whether or not it exists).
    fn loose_path(&self, id: &ObjectId) -> PathBuf {
        let hex = id.to_string();
        self.path.join("objects").join(&hex[..2]).join(&hex[2..])
    }

    /// Every missing or damaged object reachable from any ref.
    pub fn check_objects(&self) -> Result<Vec<Damage>> {
        let references = self
            .repo
            .references()
            .map_err(self.git_error("list the refs"))?;
        let mut tips = Vec::new();
        for reference in references.all().map_err(self.git_error("list the refs"))? {
            let Ok(reference) = reference else { continue };
            if let Some(id) = reference.try_id() {
                tips.push((reference.name().as_bstr().to_string(), id.detach()));
            }
        }
        let mut seen = HashSet::new();
        let mut damage = Vec::new();
        for (name, tip) in tips {
            let mut stack = vec![tip];
            while let Some(id) = stack.pop() {
                if !seen.insert(id) {
                    continue;
                }
                match self.read_checked(id) {
                    Ok(children) => stack.extend(children),
                    Err(problem) => {
                        let file = Some(self.loose_path(&id)).filter(|p| p.exists());
                        damage.push(Damage {
                            id,
                            problem,
                            reached_from: name.clone(),
                            file,
                        });
                    }
                }
            }
        }
        Ok(damage)
    }

    /// Read `id`, check its hash, and return the ids it points to.
    fn read_checked(&self, id: ObjectId) -> std::result::Result<Vec<ObjectId>, Problem> {
        let object = match self.repo.try_find_object(id) {
            Ok(Some(object)) => object,
            Ok(None) if !self.loose_path(&id).exists() => return Err(Problem::Missing),
            _ => return Err(Problem::Corrupt),
        };
        super::verify_object(&self.path, id, object.kind, &object.data)
            .map_err(|_| Problem::Corrupt)?;
        let mut children = Vec::new();
        match object.kind {
            gix::objs::Kind::Commit => {
                let commit = object.into_commit();
                let decoded = commit.decode().map_err(|_| Problem::Corrupt)?;
                children.push(decoded.tree());
                children.extend(decoded.parents());
            }
            gix::objs::Kind::Tree => {
                let tree = object.into_tree();
                let decoded = tree.decode().map_err(|_| Problem::Corrupt)?;
                for entry in &decoded.entries {
                    if !entry.mode.is_commit() {
                        children.push(entry.oid.to_owned());
                    }
                }
            }
            gix::objs::Kind::Tag => {
                let tag = object.into_tag();
                let decoded = tag.decode().map_err(|_| Problem::Corrupt)?;
                children.push(decoded.target());
            }
            gix::objs::Kind::Blob => {}
        }
        Ok(children)
    }

    /// Temporary object files and ref locks, which only a killed writer leaves for long.
    pub fn debris(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        if let Ok(entries) = std::fs::read_dir(self.path.join("objects")) {
            out.extend(
                entries
                    .flatten()
                    .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp"))
                    .map(|e| e.path()),
            );
        }
        if let Ok(entries) = std::fs::read_dir(self.path.join("objects/pack")) {
            out.extend(
                entries
                    .flatten()
                    .filter(|e| {
                        e.file_name()
                            .to_string_lossy()
                            .starts_with(super::pack::TEMPORARY_PREFIX)
                    })
                    .map(|e| e.path()),
            );
        }
        if let Ok(entries) = std::fs::read_dir(self.path.join("refs/heads")) {
            out.extend(
                entries
                    .flatten()
                    .filter(|e| e.file_name().to_string_lossy().ends_with(".lock"))
                    .map(|e| e.path()),
            );
        }
        out.sort();
        out
    }

    /// Move a damaged loose object into `traces/lost-found/`, so the object can be written
    /// again (writers skip ids that are present); returns where it went.
    pub fn set_aside(&self, damage: &Damage) -> Result<Option<PathBuf>> {
        let Some(file) = &damage.file else {
            return Ok(None);
        };
        let dir = self.state_dir().join("lost-found");
        let io = |what, file: &Path| {
            let file = file.to_path_buf();
            move |source| Error::Io { what, file, source }
        };
        std::fs::create_dir_all(&dir).map_err(io("create", &dir))?;
        let to = dir.join(damage.id.to_string());
        std::fs::rename(file, &to).map_err(io("move aside", file))?;
        Ok(Some(to))
    }
}
