//! Where a remote keeps session files: the store's own layout (`sessions/<date>/<file>`), or
//! one folder deeper per hour of the session's start (`sessions/<date>/<hh>/<file>`), for
//! datasets whose day folders would pass the Hub's 10,000 entries per folder. Chosen per
//! remote with `remote.<name>.layout` (`traces config set org_layout hourly` for the built-in
//! remotes) and applied when a push plans that remote; the store never moves a file.
//!
//! A session's subagent transcripts (`sessions/<date>/<id>/subagents/...`) follow their
//! session into its hour, so a session stays one folder.

use gix::bstr::BStr;

use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// `sessions/<date>/<file>`, as the store holds it.
    #[default]
    Daily,
    /// `sessions/<date>/<hh>/<file>`, the hour (UTC) of the session's first timestamp.
    Hourly,
}

impl Layout {
    pub fn parse(text: &str) -> Option<Layout> {
        match text {
            "daily" => Some(Layout::Daily),
            "hourly" => Some(Layout::Hourly),
            _ => None,
        }
    }

    /// The layout configured for remote `name` (`remote.<name>.layout`), daily when unset or
    /// unknown.
    pub fn of(store: &Store, name: &str) -> Layout {
        store
            .config()
            .ok()
            .and_then(|config| {
                config
                    .string_by("remote", Some(BStr::new(name)), "layout")
                    .and_then(|v| Layout::parse(&v.to_string()))
            })
            .unwrap_or_default()
    }

    /// The session file (`sessions/<date>/<id>.jsonl`) whose start decides where `path` goes,
    /// `None` when the layout does not move `path`.
    pub fn anchor(&self, path: &str) -> Option<String> {
        if *self == Layout::Daily {
            return None;
        }
        let rest = path.strip_prefix("sessions/")?;
        let (date, file) = rest.split_once('/')?;
        Some(match file.split_once('/') {
            // A subagent's transcript goes where its session goes.
            Some((session, _)) => format!("sessions/{date}/{session}.jsonl"),
            None => path.to_string(),
        })
    }

    /// Where `path` of the store goes on the remote; `hour` is the anchor's start hour
    /// (`None`: unknown, hour 00).
    pub fn place(&self, path: &str, hour: Option<u32>) -> String {
        if *self == Layout::Daily {
            return path.to_string();
        }
        let Some((date, file)) = path
            .strip_prefix("sessions/")
            .and_then(|rest| rest.split_once('/'))
        else {
            return path.to_string();
        };
        format!("sessions/{date}/{:02}/{file}", hour.unwrap_or(0))
    }
}

/// The UTC hour of the first timestamp in a session file (Claude Code lines' `timestamp`, a
/// row's `session_start_time`).
pub fn start_hour(text: &[u8]) -> Option<u32> {
    use chrono::Timelike;
    let text = std::str::from_utf8(text).ok()?;
    text.lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find_map(|value| {
            ["timestamp", "session_start_time"]
                .iter()
                .find_map(|key| value.get(key)?.as_str())
                .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        })
        .map(|t| t.with_timezone(&chrono::Utc).hour())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hourly_puts_a_session_and_its_subagents_under_the_hour_of_its_start() {
        let hourly = Layout::Hourly;
        assert_eq!(
            hourly.place("sessions/2025-06-01/abc.jsonl", Some(9)),
            "sessions/2025-06-01/09/abc.jsonl"
        );
        assert_eq!(
            hourly.anchor("sessions/2025-06-01/abc/subagents/agent-1.jsonl"),
            Some("sessions/2025-06-01/abc.jsonl".to_string())
        );
        assert_eq!(
            hourly.place("sessions/2025-06-01/abc/subagents/agent-1.jsonl", Some(9)),
            "sessions/2025-06-01/09/abc/subagents/agent-1.jsonl"
        );
        assert_eq!(hourly.place("README.md", None), "README.md");
        assert_eq!(hourly.anchor(".gitattributes"), None);
        assert_eq!(
            Layout::Daily.place("sessions/2025-06-01/abc.jsonl", Some(9)),
            "sessions/2025-06-01/abc.jsonl"
        );
    }

    #[test]
    fn the_start_hour_is_the_first_timestamp_in_utc() {
        let text = b"{\"type\":\"summary\"}\n{\"timestamp\":\"2025-06-01T23:30:00-02:00\"}\n{\"timestamp\":\"2025-06-02T05:00:00Z\"}\n";
        assert_eq!(start_hour(text), Some(1));
        assert_eq!(
            start_hour(b"{\"session_start_time\":\"2025-06-01T10:00:00Z\"}"),
            Some(10)
        );
        assert_eq!(start_hour(b"not json"), None);
    }
}
