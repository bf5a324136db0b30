//! The one place the process environment is read.
//!
//! Commands receive an [`Env`] snapshot instead of calling `std::env::var`, so tests can run them
//! with a controlled environment (a fixed clock, a temporary home) and so every variable `traces`
//! honours is listed here, in [`VARIABLES`].

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::PathBuf;

/// Every variable `traces` reads, with its meaning.
pub const VARIABLES: &[(&str, &str)] = &[
    (
        "TRACES_HOME",
        "the store directory (default: $XDG_DATA_HOME/traces, else ~/.local/share/traces)",
    ),
    ("XDG_DATA_HOME", "base directory for the default store"),
    (
        "HOME",
        "home directory, for the default store and the agents' session directories",
    ),
    (
        "CODEX_HOME",
        "Codex's home, where `source add --detect` looks for its sessions (default ~/.codex)",
    ),
    (
        "TRACES_NOW",
        "commit time instead of the clock: RFC 3339 (2025-01-02T03:04:05+01:00) or @<unix seconds>",
    ),
    (
        "TRACES_AUTHOR_NAME",
        "commit author name (default: store config user.name, else 'traces')",
    ),
    (
        "TRACES_AUTHOR_EMAIL",
        "commit author email (default: store config user.email, else 'traces@localhost')",
    ),
    ("NO_COLOR", "when set and not empty, no colour in output"),
    ("TERM", "`dumb` turns colour off, as NO_COLOR does"),
    ("HF_TOKEN", "Hugging Face token (personal, then org chain)"),
    ("HUGGING_FACE_HUB_TOKEN", "legacy name of HF_TOKEN"),
    (
        "HF_SESSION_UPLOAD_TOKEN",
        "token for the org remote, tried first",
    ),
    (
        "HF_ADMIN_TOKEN",
        "token for the org remote, tried after HF_TOKEN",
    ),
    (
        "HF_TOKEN_PATH",
        "the huggingface-cli token file (default $HF_HOME/token)",
    ),
    (
        "HF_HOME",
        "huggingface-cli home (default $XDG_CACHE_HOME/huggingface, else ~/.cache/huggingface)",
    ),
    ("XDG_CACHE_HOME", "base directory for HF_HOME's default"),
    (
        "XDG_CONFIG_HOME",
        "base directory of traces' own config (the --insecure-storage token files)",
    ),
    (
        "HF_ENDPOINT",
        "the Hugging Face Hub to talk to (default https://huggingface.co); hf:// remotes resolve against it",
    ),
];

/// A snapshot of the variables listed in [`VARIABLES`].
#[derive(Clone, Default)]
pub struct Env {
    vars: BTreeMap<&'static str, OsString>,
    /// Whether [`Env::get_named`] may read the process environment (`--token-env VAR` names a
    /// variable no list can know in advance).
    process: bool,
    /// Values of variables with secret-looking names (`*_TOKEN`, `*_PASSWORD`, ...): the
    /// scrubber redacts them wherever they appear. Never printed.
    secret_values: Vec<String>,
}

impl std::fmt::Debug for Env {
    /// Names only: values may be tokens.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.vars.keys()).finish()
    }
}

impl Env {
    /// Read the listed variables from the process environment.
    pub fn from_process() -> Env {
        let vars = VARIABLES
            .iter()
            .filter_map(|(name, _)| std::env::var_os(name).map(|v| (*name, v)))
            .collect();
        let secret_values = std::env::vars_os()
            .filter_map(|(name, value)| {
                let name = name.to_str()?;
                let value = value.into_string().ok()?;
                // `GOOGLE_APPLICATION_CREDENTIALS=/path/key.json` names where a secret is, not
                // the secret: a path is not redacted everywhere it appears.
                let is_path = value.starts_with(['/', '~', '.']);
                (crate::scrub::secret_name(name) && !is_path).then_some(value)
            })
            .collect();
        Env {
            vars,
            process: true,
            secret_values,
        }
    }

    /// An environment holding exactly these variables (for tests). Names must be listed in
    /// [`VARIABLES`].
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Env {
        let vars = pairs
            .into_iter()
            .map(|(name, value)| {
                let known = VARIABLES
                    .iter()
                    .find(|(known, _)| *known == name)
                    .unwrap_or_else(|| panic!("{name} is not listed in env::VARIABLES"));
                (known.0, OsString::from(value))
            })
            .collect();
        Env {
            vars,
            process: false,
            secret_values: Vec::new(),
        }
    }

    /// Values of the environment variables whose names look secret.
    pub fn secret_values(&self) -> &[String] {
        &self.secret_values
    }

    /// A variable named at run time (`--token-env VAR`): from the process environment when this
    /// snapshot came from it, else from the snapshot.
    pub fn get_named(&self, name: &str) -> Option<String> {
        if self.process {
            std::env::var(name).ok().filter(|v| !v.is_empty())
        } else {
            self.get_str(name).map(str::to_string)
        }
    }

    /// A variable's value; unset and empty are the same.
    pub fn get(&self, name: &str) -> Option<&OsString> {
        self.vars.get(name).filter(|v| !v.is_empty())
    }

    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(|v| v.to_str())
    }

    /// `traces`' config directory: $XDG_CONFIG_HOME/traces, else ~/.config/traces.
    pub fn config_dir(&self) -> Option<PathBuf> {
        match self.get("XDG_CONFIG_HOME") {
            Some(config) => Some(PathBuf::from(config).join("traces")),
            None => self
                .get("HOME")
                .map(|home| PathBuf::from(home).join(".config/traces")),
        }
    }

    /// The store directory when `--store` is not given.
    pub fn default_store(&self) -> Option<PathBuf> {
        if let Some(home) = self.get("TRACES_HOME") {
            return Some(PathBuf::from(home));
        }
        if let Some(data) = self.get("XDG_DATA_HOME") {
            return Some(PathBuf::from(data).join("traces"));
        }
        self.get("HOME")
            .map(|home| PathBuf::from(home).join(".local/share/traces"))
    }
}
