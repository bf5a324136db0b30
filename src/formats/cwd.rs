//! The working directory a session ran in: Claude Code and Pi lines carry `cwd`, a Codex
//! rollout's `session_meta` carries `payload.cwd`, an ml-intern session JSON `cwd` or
//! `working_directory`.

/// Lines looked at: agents write the working directory in their first lines.
const LINES_SCANNED: usize = 64;

/// The first working directory recorded in a session (JSON or JSONL), if any.
pub fn session_cwd(text: &[u8]) -> Option<String> {
    if let Ok(whole) = serde_json::from_slice::<serde_json::Value>(text) {
        return cwd_of(&whole);
    }
    text.split(|&b| b == b'\n')
        .take(LINES_SCANNED)
        .filter_map(|line| serde_json::from_slice::<serde_json::Value>(line).ok())
        .find_map(|line| cwd_of(&line))
}

fn cwd_of(value: &serde_json::Value) -> Option<String> {
    let cwd = value
        .get("cwd")
        .or_else(|| value.get("working_directory"))
        .or_else(|| value.get("payload").and_then(|p| p.get("cwd")))?;
    cwd.as_str().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cwd_on_a_line_or_in_a_payload() {
        assert_eq!(
            session_cwd(b"{\"type\":\"summary\"}\n{\"cwd\":\"/w/app\"}\n").as_deref(),
            Some("/w/app")
        );
        assert_eq!(
            session_cwd(b"{\"type\":\"session_meta\",\"payload\":{\"cwd\":\"/w/x\"}}").as_deref(),
            Some("/w/x")
        );
        assert_eq!(session_cwd(b"{\"type\":\"summary\"}\nnot json\n"), None);
        let ml_intern = b"{\n  \"session_id\": \"s\",\n  \"working_directory\": \"/w/ml\"\n}";
        assert_eq!(session_cwd(ml_intern).as_deref(), Some("/w/ml"));
    }
}
