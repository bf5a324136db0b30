//! Which remotes a source's sessions go to, kept beside the source in the store's git config:
//! `[source "<dir>"] remotes = a,b` (absent: every remote) and `private = true`; a remote
//! marked `[remote "<name>"] public = true` never receives a private source's sessions.

use std::path::{Path, PathBuf};

use crate::store::{self, Store};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Route {
    /// The remotes the source's sessions go to; `None`: every remote.
    pub remotes: Option<Vec<String>>,
    pub private: bool,
}

impl Route {
    /// Whether a session of this source may go to `remote` (`public`: marked public).
    pub fn allows(&self, remote: &str, public: bool) -> bool {
        if self.private && public {
            return false;
        }
        self.remotes
            .as_ref()
            .is_none_or(|names| names.iter().any(|n| n == remote))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "source {source_dir} is private and remote {remote} is public: its sessions cannot go there"
    )]
    PrivateToPublic { source_dir: PathBuf, remote: String },
    #[error("{0} is not a source (`traces source add` it first)")]
    NotASource(PathBuf),
    #[error(transparent)]
    Remote(#[from] crate::remote::Error),
    #[error(transparent)]
    Store(#[from] store::Error),
}

const SECTION: &str = "source";

/// The route of every source, by directory.
pub fn all(store: &Store) -> store::Result<Vec<(PathBuf, Route)>> {
    let config = store.config()?;
    let mut out = Vec::new();
    for section in config.sections_by_name(SECTION).into_iter().flatten() {
        let Some(dir) = section.header().subsection_name() else {
            continue;
        };
        let remotes = section.value("remotes").map(|v| {
            v.to_string()
                .split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string)
                .collect()
        });
        let private = section.value("private").is_some_and(|v| {
            matches!(
                v.to_string().to_ascii_lowercase().as_str(),
                "true" | "yes" | "on" | "1"
            )
        });
        out.push((PathBuf::from(dir.to_string()), Route { remotes, private }));
    }
    Ok(out)
}

/// Whether a remote is marked public.
pub fn is_public(store: &Store, remote: &str) -> store::Result<bool> {
    let config = store.config()?;
    Ok(config
        .boolean_by("remote", Some(remote.into()), "public")
        .ok()
        .flatten()
        .unwrap_or(false))
}

/// Mark a remote public or not.
pub fn set_public(store: &Store, remote: &str, public: bool) -> Result<(), Error> {
    crate::remote::find(store, remote)?;
    if public {
        for (dir, route) in all(store)? {
            if route.private
                && route
                    .remotes
                    .as_ref()
                    .is_some_and(|r| r.iter().any(|n| n == remote))
            {
                return Err(Error::PrivateToPublic {
                    source_dir: dir,
                    remote: remote.to_string(),
                });
            }
        }
    }
    store
        .edit_config(|file| {
            file.set_raw_value_by(
                "remote",
                Some(remote.into()),
                "public",
                if public { "true" } else { "false" },
            )
            .map(|_| ())
        })?
        .map_err(|e| store::Error::Io {
            what: "write",
            file: store.path().join("config"),
            source: std::io::Error::other(e),
        })?;
    Ok(())
}

/// Change a source's route: `remotes` `Some(names)` sends it only there, `Some([])` resets it
/// to every remote; `private` marks it. Refuses a private source routed to a public remote.
pub fn set(
    store: &Store,
    dir: &Path,
    remotes: Option<Vec<String>>,
    private: Option<bool>,
) -> Result<Route, Error> {
    let wanted = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let (dir, mut route) = all(store)?
        .into_iter()
        .find(|(d, _)| *d == wanted || d == dir)
        .ok_or_else(|| Error::NotASource(dir.to_path_buf()))?;
    if let Some(names) = remotes {
        for name in &names {
            crate::remote::find(store, name)?;
        }
        route.remotes = (!names.is_empty()).then_some(names);
    }
    if let Some(private) = private {
        route.private = private;
    }
    if route.private {
        let names = match &route.remotes {
            Some(names) => names.clone(),
            None => Vec::new(),
        };
        for name in names {
            if is_public(store, &name)? {
                return Err(Error::PrivateToPublic {
                    source_dir: dir,
                    remote: name,
                });
            }
        }
    }
    let name = dir.to_string_lossy().into_owned();
    let written = route.clone();
    store
        .edit_config(|file| {
            let subsection = Some(name.as_str().into());
            match &written.remotes {
                Some(names) => {
                    file.set_raw_value_by(
                        SECTION,
                        subsection,
                        "remotes",
                        names.join(",").as_str(),
                    )?;
                }
                None => {
                    if let Ok(mut section) = file.section_mut(SECTION, subsection) {
                        section.remove("remotes");
                    }
                }
            }
            file.set_raw_value_by(
                SECTION,
                subsection,
                "private",
                if written.private { "true" } else { "false" },
            )
            .map(|_| ())
        })?
        .map_err(|e| store::Error::Io {
            what: "write",
            file: store.path().join("config"),
            source: std::io::Error::other(e),
        })?;
    Ok(route)
}

/// The route of the source holding `file` (the deepest source directory above it), if any.
pub fn route_of<'a>(routes: &'a [(PathBuf, Route)], file: &Path) -> Option<&'a Route> {
    routes
        .iter()
        .filter(|(dir, _)| file.starts_with(dir))
        .max_by_key(|(dir, _)| dir.components().count())
        .map(|(_, route)| route)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_private_source_never_goes_to_a_public_remote() {
        let route = Route {
            remotes: None,
            private: true,
        };
        assert!(route.allows("backup", false));
        assert!(!route.allows("public-ds", true));
        let routed = Route {
            remotes: Some(vec!["work".into()]),
            private: false,
        };
        assert!(routed.allows("work", true));
        assert!(!routed.allows("personal", false));
    }

    #[test]
    fn the_deepest_source_holding_a_file_routes_it() {
        let routes = vec![
            (PathBuf::from("/s"), Route::default()),
            (
                PathBuf::from("/s/work"),
                Route {
                    remotes: Some(vec!["work".into()]),
                    private: false,
                },
            ),
        ];
        let route = route_of(&routes, Path::new("/s/work/a.jsonl")).unwrap();
        assert_eq!(route.remotes.as_deref(), Some(&["work".to_string()][..]));
        assert_eq!(
            route_of(&routes, Path::new("/s/x.jsonl")),
            Some(&Route::default())
        );
        assert_eq!(route_of(&routes, Path::new("/elsewhere/x.jsonl")), None);
    }
}
