//! What `traces commit` leaves out on purpose, remembered in the store:
//!
//! - `traces/forgotten.json`: session ids taken back with `traces forget` (a session's
//!   subagent transcripts, `<id>/agent-<agentId>`, go with it);
//! - `traces/ignore.json`: glob patterns (`traces ignore`) matched against a session's source
//!   file and the working directory (`cwd`) its first lines record.
//!
//! Both are small JSON documents written through a temporary file renamed into place, so a
//! reader never sees half of one. This module does not print.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::store::Store;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("could not {what} {file}")]
    Io {
        what: &'static str,
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{file} is not a valid list: {source}")]
    Parse {
        file: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("bad ignore pattern {pattern:?}")]
    Pattern {
        pattern: String,
        #[source]
        source: globset::Error,
    },
    #[error("bad session id: {0}")]
    SessionId(#[source] crate::formats::InputError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// As a store error, for operations that report only those (`traces commit`): a list that
    /// cannot be read stops the commit rather than let a forgotten session back in.
    pub fn into_store(self) -> crate::store::Error {
        let (file, source) = match self {
            Error::Io { file, source, .. } => (file, source),
            Error::Parse { file, source } => (file, std::io::Error::other(source)),
            other => (
                PathBuf::from(IGNORE_FILE),
                std::io::Error::other(other.to_string()),
            ),
        };
        crate::store::Error::Io {
            what: "read",
            file,
            source,
        }
    }
}

const FORGOTTEN_FILE: &str = "forgotten.json";
const IGNORE_FILE: &str = "ignore.json";

/// Session ids never committed again (`traces forget`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forgotten {
    pub ids: BTreeSet<String>,
}

impl Forgotten {
    pub fn load(store: &Store) -> Result<Forgotten> {
        load(&store.state_dir().join(FORGOTTEN_FILE))
    }

    pub fn save(&self, store: &Store) -> Result<()> {
        save(&store.state_dir().join(FORGOTTEN_FILE), self)
    }

    /// Whether a session (or subagent transcript `<id>/agent-<agentId>`) is forgotten.
    pub fn contains(&self, session_id: &str) -> bool {
        let parent = session_id.split('/').next().unwrap_or(session_id);
        self.ids.contains(session_id) || self.ids.contains(parent)
    }
}

/// Check a session id given on the command line: a session's, or a subagent transcript's.
pub fn check_id(id: &str) -> Result<()> {
    let mut parts = id.splitn(2, '/');
    let session = parts.next().unwrap_or_default();
    crate::formats::check_session_id(session).map_err(Error::SessionId)?;
    if let Some(agent) = parts.next() {
        crate::formats::check_session_id(agent).map_err(Error::SessionId)?;
    }
    Ok(())
}

/// Patterns keeping sessions out of the store (`traces ignore`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IgnoreList {
    pub patterns: Vec<String>,
}

impl IgnoreList {
    pub fn load(store: &Store) -> Result<IgnoreList> {
        load(&store.state_dir().join(IGNORE_FILE))
    }

    pub fn save(&self, store: &Store) -> Result<()> {
        save(&store.state_dir().join(IGNORE_FILE), self)
    }
}

/// Ignore patterns compiled for matching. A pattern matches a path and everything under it;
/// `*` stays within one path component, `**` crosses them. Patterns are stored as absolute
/// paths or globs (`traces ignore add` expands `~/`).
#[derive(Debug, Clone)]
pub struct IgnoreMatcher {
    set: globset::GlobSet,
    patterns: Vec<String>,
    /// For each glob in `set`, the pattern it came from.
    owners: Vec<usize>,
}

impl IgnoreMatcher {
    pub fn new(list: &IgnoreList) -> Result<IgnoreMatcher> {
        let mut builder = globset::GlobSetBuilder::new();
        let mut owners = Vec::new();
        for (index, pattern) in list.patterns.iter().enumerate() {
            let trimmed = pattern.trim_end_matches('/');
            for glob in [trimmed.to_string(), format!("{trimmed}/**")] {
                let glob = globset::GlobBuilder::new(&glob)
                    .literal_separator(true)
                    .build()
                    .map_err(|source| Error::Pattern {
                        pattern: pattern.clone(),
                        source,
                    })?;
                builder.add(glob);
                owners.push(index);
            }
        }
        let set = builder.build().map_err(|source| Error::Pattern {
            pattern: list.patterns.join(", "),
            source,
        })?;
        Ok(IgnoreMatcher {
            set,
            patterns: list.patterns.clone(),
            owners,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The first pattern matching the source file or the working directory, if any.
    pub fn matching(&self, source: &Path, cwd: Option<&str>) -> Option<&str> {
        let source = std::path::absolute(source).unwrap_or(source.to_path_buf());
        let candidates = std::iter::once(source).chain(cwd.map(PathBuf::from));
        candidates.into_iter().find_map(|candidate| {
            let index = *self.set.matches(&candidate).first()?;
            Some(self.patterns[self.owners[index]].as_str())
        })
    }
}

/// The sessions on `branch` whose recorded working directory matches (their subagent
/// transcripts included), for `traces ignore add` to offer forgetting. The stored lines have
/// home paths rewritten to `~/`, which `home` turns back.
pub fn committed_matching(
    store: &Store,
    branch: &str,
    matcher: &IgnoreMatcher,
    home: Option<&Path>,
) -> crate::store::Result<Vec<String>> {
    let origins = super::origins::Origins::load(store);
    let mut out = Vec::new();
    for session in store.sessions(branch)? {
        let top = session.session_id.split('/').next().unwrap_or_default();
        if out.last().is_some_and(|last: &String| last == top) {
            continue;
        }
        // The source file first: it has the real cwd (the stored lines may have another
        // user's home rewritten to `~/`, which `home` cannot turn back).
        if let Some(source) = origins.source_of(&session.path())
            && matcher
                .matching(source, source_cwd(source).as_deref())
                .is_some()
        {
            out.push(top.to_string());
            continue;
        }
        let Some(cwd) = crate::formats::session_cwd(&store.read_blob(session.blob)?) else {
            continue;
        };
        let expanded = match (cwd.strip_prefix("~/"), home) {
            (Some(rest), Some(home)) => home.join(rest),
            _ => PathBuf::from(&cwd),
        };
        if matcher.set.is_match(&expanded) || matcher.set.is_match(&cwd) {
            out.push(top.to_string());
        }
    }
    out.dedup();
    Ok(out)
}

/// Check one pattern before it is stored.
pub fn check_pattern(pattern: &str) -> Result<()> {
    IgnoreMatcher::new(&IgnoreList {
        patterns: vec![pattern.to_string()],
    })
    .map(|_| ())
}

/// The working directory recorded in a session file (its first 256 KiB), read from the file
/// itself: the stored rendering has home paths rewritten.
pub fn source_cwd(source: &Path) -> Option<String> {
    use std::io::Read as _;
    // Agents write `cwd` on their first lines; a bounded prefix keeps huge lines cheap.
    const PREFIX_BYTES: u64 = 256 * 1024;
    let mut prefix = Vec::new();
    std::fs::File::open(source)
        .ok()?
        .take(PREFIX_BYTES)
        .read_to_end(&mut prefix)
        .ok()?;
    crate::formats::session_cwd(&prefix)
}

fn load<T: Default + for<'de> Deserialize<'de>>(file: &Path) -> Result<T> {
    match std::fs::read(file) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|source| Error::Parse {
            file: file.to_path_buf(),
            source,
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(T::default()),
        Err(source) => Err(Error::Io {
            what: "read",
            file: file.to_path_buf(),
            source,
        }),
    }
}

fn save<T: Serialize>(file: &Path, value: &T) -> Result<()> {
    let io = |what, source| Error::Io {
        what,
        file: file.to_path_buf(),
        source,
    };
    let dir = file.parent().expect("state files live in the store");
    std::fs::create_dir_all(dir).map_err(|e| io("create the directory of", e))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| io("write", e))?;
    let mut text = serde_json::to_vec_pretty(value).expect("lists serialise");
    text.push(b'\n');
    std::io::Write::write_all(&mut tmp, &text).map_err(|e| io("write", e))?;
    tmp.persist(file).map_err(|e| io("replace", e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(patterns: &[&str]) -> IgnoreMatcher {
        let list = IgnoreList {
            patterns: patterns.iter().map(|p| p.to_string()).collect(),
        };
        IgnoreMatcher::new(&list).unwrap()
    }

    #[test]
    fn a_pattern_matches_a_directory_and_everything_under_it() {
        let m = matcher(&["/work/client"]);
        assert_eq!(
            m.matching(Path::new("/work/client/a/b.jsonl"), None),
            Some("/work/client")
        );
        assert_eq!(m.matching(Path::new("/work/clientele/b.jsonl"), None), None);
    }

    #[test]
    fn a_star_stays_in_one_component_and_cwd_counts() {
        let m = matcher(&["/home/me/work/*-secret"]);
        let elsewhere = Path::new("/elsewhere/x.jsonl");
        assert!(
            m.matching(elsewhere, Some("/home/me/work/x-secret"))
                .is_some()
        );
        assert!(
            m.matching(elsewhere, Some("/home/me/work/x-secret/sub"))
                .is_some()
        );
        assert!(
            m.matching(elsewhere, Some("/home/me/work/a/x-secret"))
                .is_none()
        );
        assert!(m.matching(elsewhere, None).is_none());
    }

    #[test]
    fn a_subagent_transcript_is_forgotten_with_its_session() {
        let forgotten = Forgotten {
            ids: ["s1".to_string()].into(),
        };
        assert!(forgotten.contains("s1"));
        assert!(forgotten.contains("s1/agent-a1"));
        assert!(!forgotten.contains("s10"));
        assert!(!forgotten.contains("s2/agent-a1"));
    }

    #[test]
    fn ids_that_could_escape_the_sessions_folder_are_refused() {
        assert!(check_id("abc").is_ok());
        assert!(check_id("abc/agent-1").is_ok());
        assert!(check_id("../x").is_err());
        assert!(check_id("a/b/c").is_err());
        assert!(check_id("").is_err());
    }
}
