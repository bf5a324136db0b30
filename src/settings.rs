//! The settings `traces config` reads and writes, each kept in the store's git config so plain
//! git sees them too. One table: the key users type, where it lives, its default, and how a
//! value is checked.

use std::time::Duration;

use gix::bstr::BStr;

use crate::remote::{ORG_URL, PERSONAL_URL};
use crate::store::{self, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Bool,
    /// An integer within bounds.
    Int {
        min: u64,
        max: u64,
    },
    Text,
    /// `OWNER/NAME` of a Hub dataset, stored as the `hf://datasets/...` URL of a remote.
    Dataset,
    /// One of a few words.
    Choice(&'static [&'static str]),
}

#[derive(Debug, Clone, Copy)]
pub struct Setting {
    pub key: &'static str,
    /// Git config section, subsection and name.
    pub section: &'static str,
    pub subsection: Option<&'static str>,
    pub name: &'static str,
    pub kind: Kind,
    /// `None`: unset means "not known" (no default).
    pub default: Option<&'static str>,
    pub about: &'static str,
}

const HF_DATASETS: &str = "hf://datasets/";

/// Where a remote keeps session files (`push::layout`).
pub const LAYOUTS: &[&str] = &["daily", "hourly"];

pub const SETTINGS: &[Setting] = &[
    Setting {
        key: "share_traces",
        section: "traces",
        subsection: None,
        name: "shareTraces",
        kind: Kind::Bool,
        default: Some("true"),
        about: "push to the personal remote (false skips it)",
    },
    Setting {
        key: "personal_repo_template",
        section: "remote",
        subsection: Some("personal"),
        name: "url",
        kind: Kind::Dataset,
        default: Some(PERSONAL_URL),
        about: "the personal dataset, OWNER/NAME; {hf_user} is your Hub user name",
    },
    Setting {
        key: "org_repo",
        section: "remote",
        subsection: Some("org"),
        name: "url",
        kind: Kind::Dataset,
        default: Some(ORG_URL),
        about: "the shared org dataset, OWNER/NAME",
    },
    Setting {
        key: "personal_layout",
        section: "remote",
        subsection: Some("personal"),
        name: "layout",
        kind: Kind::Choice(LAYOUTS),
        default: Some("daily"),
        about: "session folders on the personal dataset: daily (sessions/<date>/) or hourly (sessions/<date>/<hh>/, for over 10,000 sessions a day); any remote: git config remote.<name>.layout",
    },
    Setting {
        key: "org_layout",
        section: "remote",
        subsection: Some("org"),
        name: "layout",
        kind: Kind::Choice(LAYOUTS),
        default: Some("daily"),
        about: "session folders on the org dataset: daily or hourly (see personal_layout)",
    },
    Setting {
        key: "author_name",
        section: "user",
        subsection: None,
        name: "name",
        kind: Kind::Text,
        default: Some("traces"),
        about: "author of the store's commits",
    },
    Setting {
        key: "author_email",
        section: "user",
        subsection: None,
        name: "email",
        kind: Kind::Text,
        default: Some("traces@localhost"),
        about: "author email of the store's commits",
    },
    Setting {
        key: "hf_user",
        section: "traces",
        subsection: None,
        name: "hfUser",
        kind: Kind::Text,
        default: None,
        about: "your Hub user name (learned from whoami and cached)",
    },
    Setting {
        key: "scrub_home_paths",
        section: "traces",
        subsection: None,
        name: "scrubHomePaths",
        kind: Kind::Bool,
        default: Some("true"),
        about: "rewrite /home/<user>/, /Users/<user>/ and C:\\Users\\<user>\\ to ~/ when committing",
    },
    Setting {
        key: "push_attempts",
        section: "traces",
        subsection: None,
        name: "pushAttempts",
        kind: Kind::Int { min: 1, max: 100 },
        default: Some("5"),
        about: "attempts per remote for retryable push failures",
    },
    Setting {
        key: "retry_delay_ms",
        section: "traces",
        subsection: None,
        name: "retryDelayMs",
        kind: Kind::Int {
            min: 0,
            max: 600_000,
        },
        default: Some("500"),
        about: "first retry delay in milliseconds, doubled per retry, with jitter",
    },
    Setting {
        key: "timeout_secs",
        section: "traces",
        subsection: None,
        name: "timeoutSecs",
        kind: Kind::Int {
            min: 1,
            max: 86_400,
        },
        default: Some("300"),
        about: "seconds one HTTP request may take",
    },
    Setting {
        key: "retry_after_max_secs",
        section: "traces",
        subsection: None,
        name: "retryAfterMaxSecs",
        kind: Kind::Int {
            min: 0,
            max: 86_400,
        },
        default: Some("60"),
        about: "longest Retry-After a push waits out; a server asking for more stops the push",
    },
    Setting {
        key: "max_input_mib",
        section: "traces",
        subsection: None,
        name: "maxInputMib",
        kind: Kind::Int {
            min: 1,
            max: 1 << 20,
        },
        default: Some("512"),
        about: "largest input file committed, in MiB; a larger one is refused and the rest committed",
    },
    Setting {
        key: "lock_wait_secs",
        section: "traces",
        subsection: None,
        name: "lockWaitSecs",
        kind: Kind::Int {
            min: 1,
            max: 86_400,
        },
        default: Some("600"),
        about: "seconds to wait for a lock another traces process holds before giving up",
    },
];

pub fn find(key: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.key == key)
}

pub fn keys() -> String {
    SETTINGS
        .iter()
        .map(|s| s.key)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Setting {
    /// The git config key, for messages.
    pub fn git_key(&self) -> String {
        match self.subsection {
            Some(sub) => format!("{}.{sub}.{}", self.section, self.name),
            None => format!("{}.{}", self.section, self.name),
        }
    }

    /// Check a value as typed and turn it into what the git config holds.
    pub fn to_stored(&self, value: &str) -> Result<String, String> {
        match self.kind {
            Kind::Bool => match value {
                "true" | "yes" | "on" | "1" => Ok("true".into()),
                "false" | "no" | "off" | "0" => Ok("false".into()),
                _ => Err(format!("{} takes true or false", self.key)),
            },
            Kind::Int { min, max } => match value.parse::<u64>() {
                Ok(n) if (min..=max).contains(&n) => Ok(n.to_string()),
                _ => Err(format!(
                    "{} takes a whole number from {min} to {max}",
                    self.key
                )),
            },
            Kind::Choice(names) if names.contains(&value) => Ok(value.to_string()),
            Kind::Choice(names) => Err(format!("{} takes {}", self.key, names.join(" or "))),
            Kind::Text if value.trim().is_empty() => Err(format!("{} cannot be empty", self.key)),
            Kind::Text => Ok(value.to_string()),
            Kind::Dataset => {
                let parts: Vec<&str> = value.split('/').collect();
                if parts.len() == 2 && parts.iter().all(|p| !p.is_empty()) {
                    Ok(format!("{HF_DATASETS}{value}"))
                } else {
                    Err(format!(
                        "{} takes OWNER/NAME, for example {{hf_user}}/agent-sessions",
                        self.key
                    ))
                }
            }
        }
    }

    /// What the git config holds, as `traces config` shows it.
    pub fn to_shown(&self, stored: &str) -> String {
        match self.kind {
            Kind::Dataset => stored
                .strip_prefix(HF_DATASETS)
                .unwrap_or(stored)
                .to_string(),
            _ => stored.to_string(),
        }
    }
}

impl Setting {
    /// The value in the store's config, in shown form; `None` when unset.
    pub fn read(&self, store: &Store) -> store::Result<Option<String>> {
        Ok(store
            .config()?
            .string_by(self.section, self.subsection.map(BStr::new), self.name)
            .map(|v| self.to_shown(&v.to_string())))
    }

    /// Write a stored-form value, or remove it (`None`).
    pub fn write(&self, store: &Store, value: Option<&str>) -> store::Result<()> {
        store.edit_config(|file| match value {
            Some(value) => {
                // Section, subsection and name come from the table above: always valid.
                let _ = file.set_raw_value_by(
                    self.section,
                    self.subsection.map(BStr::new),
                    self.name,
                    value,
                );
            }
            None => {
                if let Ok(mut section) =
                    file.section_mut(self.section, self.subsection.map(BStr::new))
                {
                    section.remove(self.name);
                }
            }
        })
    }
}

/// Every setting a run uses, read from the store's config once (a missing or unreadable value
/// is its default). Writes still go through [`set`], checked like `traces config set`.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub share_traces: bool,
    /// The Hub user name, cached after the first whoami.
    pub hf_user: Option<String>,
    pub scrub_home_paths: bool,
    /// Attempts per remote for retryable failures (at least 1).
    pub push_attempts: u32,
    /// First backoff delay; doubled per retry.
    pub retry_delay: Duration,
    /// How long one HTTP request may take.
    pub timeout: Duration,
    /// The longest Retry-After a push waits out.
    pub retry_after_max: Duration,
    /// Inputs larger than this are refused before they are read.
    pub max_input_bytes: u64,
    /// How long a command waits for a lock another process holds.
    pub lock_wait: Duration,
}

impl Settings {
    /// The settings of `store`, from one read of its config.
    pub fn load(store: &Store) -> Settings {
        let config = store.config().ok();
        let value = |key: &str| -> Option<String> {
            let setting = known(key);
            config
                .as_ref()
                .and_then(|c| {
                    c.string_by(
                        setting.section,
                        setting.subsection.map(BStr::new),
                        setting.name,
                    )
                })
                // Normalised the way `traces config set` stores it; a bad value is unset.
                .and_then(|v| setting.to_stored(&setting.to_shown(&v.to_string())).ok())
                .or_else(|| setting.default.map(str::to_string))
        };
        let int = |key: &str| value(key).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
        let flag = |key: &str| value(key).as_deref() == Some("true");
        Settings {
            share_traces: flag("share_traces"),
            hf_user: value("hf_user"),
            scrub_home_paths: flag("scrub_home_paths"),
            push_attempts: u32::try_from(int("push_attempts"))
                .unwrap_or(u32::MAX)
                .max(1),
            retry_delay: Duration::from_millis(int("retry_delay_ms")),
            timeout: Duration::from_secs(int("timeout_secs")),
            retry_after_max: Duration::from_secs(int("retry_after_max_secs")),
            max_input_bytes: int("max_input_mib").saturating_mul(1 << 20),
            lock_wait: Duration::from_secs(int("lock_wait_secs")),
        }
    }
}

fn known(key: &str) -> &'static Setting {
    find(key).unwrap_or_else(|| panic!("{key} is not in settings::SETTINGS"))
}

/// A setting's value, else its default; an unreadable config counts as unset.
pub fn get(store: &Store, key: &str) -> Option<String> {
    let setting = known(key);
    setting
        .read(store)
        .ok()
        .flatten()
        .or_else(|| setting.default.map(|d| setting.to_shown(d)))
}

/// An integer setting (its default when unset or out of range).
pub fn int(store: &Store, key: &str) -> u64 {
    let setting = known(key);
    get(store, key)
        .and_then(|v| setting.to_stored(&v).ok())
        .or_else(|| setting.default.map(str::to_string))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// A boolean setting.
pub fn flag(store: &Store, key: &str) -> bool {
    get(store, key).as_deref() == Some("true")
}

/// Write a setting from a typed value, checked like `traces config set`.
pub fn set(store: &Store, key: &str, value: &str) -> store::Result<Result<(), String>> {
    let setting = known(key);
    match setting.to_stored(value) {
        Ok(stored) => setting.write(store, Some(&stored)).map(Ok),
        Err(reason) => Ok(Err(reason)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_store(dir: &tempfile::TempDir) -> Store {
        Store::open_or_init(&dir.path().join("store"), |_| Ok(()))
            .unwrap()
            .0
    }

    #[test]
    fn a_new_store_has_the_defaults_of_the_table() {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings::load(&new_store(&dir));
        assert!(settings.share_traces && settings.scrub_home_paths);
        assert_eq!(settings.hf_user, None);
        assert_eq!(settings.push_attempts, 5);
        assert_eq!(settings.retry_delay, Duration::from_millis(500));
        assert_eq!(settings.timeout, Duration::from_secs(300));
    }

    #[test]
    fn values_are_read_once_typed_and_bad_ones_fall_back_to_the_default() {
        let dir = tempfile::tempdir().unwrap();
        let store = new_store(&dir);
        set(&store, "share_traces", "no").unwrap().unwrap();
        set(&store, "push_attempts", "9").unwrap().unwrap();
        set(&store, "hf_user", "alice").unwrap().unwrap();
        // Written by hand, out of range: ignored, as `traces config get` would refuse it.
        known("timeout_secs").write(&store, Some("0")).unwrap();
        let settings = Settings::load(&store);
        assert!(!settings.share_traces);
        assert_eq!(settings.push_attempts, 9);
        assert_eq!(settings.hf_user.as_deref(), Some("alice"));
        assert_eq!(settings.timeout, Duration::from_secs(300));
    }
}
