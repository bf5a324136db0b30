//! The directories agents write their sessions to, so `traces source add` can tell a known
//! directory's format and `traces source add --detect` can find every agent installed.

use std::path::{Path, PathBuf};

use super::SourceFormat;

/// Where each agent keeps its sessions, relative to the home directory (Codex's under
/// `$CODEX_HOME`, `~/.codex` by default).
const STANDARD: [(&str, SourceFormat, &str); 6] = [
    ("Claude Code", SourceFormat::ClaudeCode, ".claude/projects"),
    ("Codex", SourceFormat::Codex, "sessions"),
    ("Codex (archived)", SourceFormat::Codex, "archived_sessions"),
    ("Pi", SourceFormat::Pi, ".pi/agent/sessions"),
    ("Factory Droid", SourceFormat::Droid, ".factory/sessions"),
    (
        "ml-intern",
        SourceFormat::MlIntern,
        ".ml-intern/session_logs",
    ),
];

/// A standard session directory that exists on this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentDir {
    pub agent: &'static str,
    pub format: SourceFormat,
    pub dir: PathBuf,
}

/// The standard directories of every agent that has one here, in a fixed order.
pub fn detect(home: &Path, codex_home: Option<&Path>) -> Vec<AgentDir> {
    let codex_home = codex_home.map_or_else(|| home.join(".codex"), Path::to_path_buf);
    STANDARD
        .into_iter()
        .map(|(agent, format, relative)| {
            let base = if format == SourceFormat::Codex {
                &codex_home
            } else {
                home
            };
            AgentDir {
                agent,
                format,
                dir: base.join(relative),
            }
        })
        .filter(|candidate| candidate.dir.is_dir())
        .collect()
}

/// The format of a directory named like an agent's own (or inside one); `auto` otherwise.
pub fn infer(dir: &Path) -> SourceFormat {
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let parts: Vec<&str> = dir
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    let has = |pair: [&str; 2]| parts.windows(2).any(|w| w == pair);
    if has([".claude", "projects"]) {
        SourceFormat::ClaudeCode
    } else if has([".codex", "sessions"]) || has([".codex", "archived_sessions"]) {
        SourceFormat::Codex
    } else if parts.windows(3).any(|w| w == [".pi", "agent", "sessions"]) {
        SourceFormat::Pi
    } else if has([".factory", "sessions"]) {
        SourceFormat::Droid
    } else if parts.last() == Some(&"session_logs") {
        SourceFormat::MlIntern
    } else {
        SourceFormat::Auto
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_directories_and_their_insides_get_their_agent_format() {
        for (path, format) in [
            ("/h/.claude/projects", SourceFormat::ClaudeCode),
            ("/h/.claude/projects/-home-me-app", SourceFormat::ClaudeCode),
            ("/h/.codex/sessions/2025/09", SourceFormat::Codex),
            ("/h/.codex/archived_sessions", SourceFormat::Codex),
            ("/h/.pi/agent/sessions", SourceFormat::Pi),
            ("/h/.factory/sessions", SourceFormat::Droid),
            ("/h/.ml-intern/session_logs", SourceFormat::MlIntern),
            ("/h/notes", SourceFormat::Auto),
            ("/h/sessions", SourceFormat::Auto),
        ] {
            assert_eq!(infer(Path::new(path)), format, "{path}");
        }
    }

    #[test]
    fn detect_finds_only_the_directories_that_exist() {
        let home = tempfile::tempdir().unwrap();
        let codex_home = home.path().join("codex-home");
        for dir in [
            ".claude/projects",
            ".pi/agent/sessions",
            "codex-home/sessions",
        ] {
            std::fs::create_dir_all(home.path().join(dir)).unwrap();
        }
        let found: Vec<_> = detect(home.path(), Some(&codex_home))
            .into_iter()
            .map(|d| (d.format, d.dir))
            .collect();
        assert_eq!(
            found,
            [
                (
                    SourceFormat::ClaudeCode,
                    home.path().join(".claude/projects")
                ),
                (SourceFormat::Codex, codex_home.join("sessions")),
                (SourceFormat::Pi, home.path().join(".pi/agent/sessions")),
            ]
        );
    }
}
