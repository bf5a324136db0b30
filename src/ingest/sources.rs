//! Source directories: where an agent writes its sessions, committed by `traces sync` and
//! `traces watch` when no path is given. Kept in the store's git config as
//! `[source "<absolute dir>"] format = auto|ml_intern|claude_code|codex|pi|droid`. Where each
//! agent writes, and what a directory's format is, is in [`agent_dirs`].

pub mod agent_dirs;
pub mod routes;

use std::path::{Path, PathBuf};

use super::{Rejected, collect_inputs};
use crate::store::{self, Store};

/// Which files of a source directory are sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SourceFormat {
    /// `*.json` and `*.jsonl`, the format told from each file's content
    Auto,
    /// ml-intern session logs: `*.json`
    #[value(name = "ml_intern", alias = "ml-intern")]
    MlIntern,
    /// Claude Code projects: `*.jsonl`
    #[value(name = "claude_code", alias = "claude-code")]
    ClaudeCode,
    /// Codex rollouts: `*.jsonl`
    Codex,
    /// Pi (or OpenClaw) sessions: `*.jsonl`
    Pi,
    /// Factory Droid sessions: `*.jsonl`
    Droid,
}

impl SourceFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Auto => "auto",
            SourceFormat::MlIntern => "ml_intern",
            SourceFormat::ClaudeCode => "claude_code",
            SourceFormat::Codex => "codex",
            SourceFormat::Pi => "pi",
            SourceFormat::Droid => "droid",
        }
    }

    fn parse(text: &str) -> Option<SourceFormat> {
        [
            SourceFormat::Auto,
            SourceFormat::MlIntern,
            SourceFormat::ClaudeCode,
            SourceFormat::Codex,
            SourceFormat::Pi,
            SourceFormat::Droid,
        ]
        .into_iter()
        .find(|f| f.as_str() == text)
    }

    /// Whether a file found by walking the source is one of its sessions.
    fn takes(self, path: &Path) -> bool {
        let extension = path.extension().and_then(|e| e.to_str());
        match self {
            SourceFormat::Auto => true,
            SourceFormat::MlIntern => extension == Some("json"),
            SourceFormat::ClaudeCode
            | SourceFormat::Codex
            | SourceFormat::Pi
            | SourceFormat::Droid => extension == Some("jsonl"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub dir: PathBuf,
    pub format: SourceFormat,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}: not a directory")]
    NotADirectory(PathBuf),
    #[error("{0} is already a source")]
    Exists(PathBuf),
    #[error("{0} is not a source")]
    NotFound(PathBuf),
    #[error("source {dir}: unknown format {format:?} in the store's config")]
    BadFormat { dir: String, format: String },
    #[error(transparent)]
    Store(#[from] store::Error),
}

const SECTION: &str = "source";

/// Every source, in config order.
pub fn list(store: &Store) -> Result<Vec<Source>, Error> {
    let config = store.config()?;
    let mut out = Vec::new();
    for section in config.sections_by_name(SECTION).into_iter().flatten() {
        let Some(dir) = section.header().subsection_name() else {
            continue;
        };
        let dir = dir.to_string();
        let format = match section.value("format") {
            None => SourceFormat::Auto,
            Some(f) => SourceFormat::parse(&f.to_string()).ok_or_else(|| Error::BadFormat {
                dir: dir.clone(),
                format: f.to_string(),
            })?,
        };
        out.push(Source {
            dir: PathBuf::from(dir),
            format,
        });
    }
    Ok(out)
}

/// Add a directory (kept as an absolute path, so `sync` works from anywhere).
pub fn add(store: &Store, dir: &Path, format: SourceFormat) -> Result<Source, Error> {
    let dir = std::fs::canonicalize(dir)
        .ok()
        .filter(|d| d.is_dir())
        .ok_or_else(|| Error::NotADirectory(dir.to_path_buf()))?;
    if list(store)?.iter().any(|s| s.dir == dir) {
        return Err(Error::Exists(dir));
    }
    let name = dir.to_string_lossy().into_owned();
    store.edit_config(|file| {
        file.set_raw_value_by(
            SECTION,
            Some(name.as_str().into()),
            "format",
            format.as_str(),
        )
        .map(|_| ())
        .map_err(|_| Error::NotADirectory(dir.clone()))
    })??;
    Ok(Source { dir, format })
}

/// Remove a source, named as it was added or as `list` shows it.
pub fn remove(store: &Store, dir: &Path) -> Result<Source, Error> {
    let wanted = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let source = list(store)?
        .into_iter()
        .find(|s| s.dir == wanted || s.dir == dir)
        .ok_or_else(|| Error::NotFound(dir.to_path_buf()))?;
    let name = source.dir.to_string_lossy().into_owned();
    store.edit_config(|file| {
        while file
            .remove_section(SECTION, Some(name.as_str().into()))
            .is_some()
        {}
    })?;
    Ok(source)
}

/// The session files of every source. A source that has gone missing is reported, not fatal.
pub fn collect(sources: &[Source]) -> (Vec<PathBuf>, Vec<Rejected>) {
    let mut files = Vec::new();
    let mut rejected = Vec::new();
    for source in sources {
        let (found, missing) = collect_inputs(std::slice::from_ref(&source.dir));
        files.extend(found.into_iter().filter(|f| source.format.takes(f)));
        rejected.extend(missing);
    }
    (files, rejected)
}
