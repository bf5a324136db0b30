//! Fixed files of the `claude-code` rendering: the dataset card and `.gitattributes`.

/// The dataset card. The `configs` glob pins every session into one split: without it the Hub
/// sorts folders named like `dev`, `test` or `eval` into other splits and drops files.
pub const DATASET_CARD: &str = r#"---
pretty_name: Agent session traces
tags:
  - agent-traces
  - coding-agent
  - session-traces
  - claude-code
configs:
  - config_name: default
    data_files:
      - split: train
        path: "sessions/**/*.jsonl"
---

# Agent session traces

Sessions of AI coding agents, one Claude Code JSONL file per session, kept and shared with
`traces`. Files live at `sessions/<YYYY-MM-DD>/<session_id>.jsonl` and open in the Hugging Face
Agent Trace Viewer.

## Privacy

Secrets (API keys, tokens, passwords in assignments) were scrubbed before these files were
written. Scrubbing is best-effort and **not a privacy guarantee**: transcripts can hold personal
data, file contents and free-form secrets no rule recognises.

This dataset was created **private**. Inspect the sessions before making it public.
"#;

/// The agents a dataset card lists, in this order, by the names the Hub gives harnesses
/// (ml-intern sessions are rendered as Claude Code JSONL, but the card says where they came from).
const HARNESSES: [(&str, &str); 6] = [
    ("ml_intern", "ml-intern"),
    ("claude_code", "Claude Code"),
    ("codex", "Codex"),
    ("pi", "Pi"),
    ("openclaw", "OpenClaw"),
    ("droid", "Factory Droid"),
];

fn tag(harness: &str) -> String {
    harness.replace('_', "-")
}

/// The dataset card naming the agents it holds: a tag per agent, and a line saying which.
/// Claude Code's tag is always there (the card's format tag since the first version).
pub fn dataset_card<'a>(harnesses: impl IntoIterator<Item = &'a str>) -> String {
    let held: std::collections::BTreeSet<&str> = harnesses.into_iter().collect();
    let listed: Vec<(&str, &str)> = HARNESSES
        .into_iter()
        .filter(|(h, _)| held.contains(h))
        .collect();
    let mut card = DATASET_CARD.to_string();
    let extra_tags: String = listed
        .iter()
        .filter(|(h, _)| *h != "claude_code")
        .map(|(h, _)| format!("  - {}\n", tag(h)))
        .collect();
    card = card.replacen(
        "  - claude-code\n",
        &format!("  - claude-code\n{extra_tags}"),
        1,
    );
    if !listed.is_empty() {
        let names: Vec<&str> = listed.iter().map(|(_, name)| *name).collect();
        card = card.replacen(
            "\n## Privacy",
            &format!("\nAgents: {}.\n\n## Privacy", names.join(", ")),
            1,
        );
    }
    card
}

/// The agents a card written by [`dataset_card`] names (from its `Agents:` line).
pub fn card_harnesses(card: &str) -> Vec<&'static str> {
    let Some(line) = card.lines().find_map(|l| l.strip_prefix("Agents: ")) else {
        return Vec::new();
    };
    let names: Vec<&str> = line.trim_end_matches('.').split(", ").collect();
    HARNESSES
        .into_iter()
        .filter(|(_, name)| names.contains(name))
        .map(|(h, _)| h)
        .collect()
}

/// Transcripts are stored byte for byte: no end-of-line conversion.
pub const GITATTRIBUTES: &str = "sessions/**/*.jsonl -text\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_names_its_agents_and_reads_them_back() {
        let card = dataset_card(["codex", "claude_code", "pi", "codex"]);
        assert!(
            card.contains("  - claude-code\n  - codex\n  - pi\n"),
            "{card}"
        );
        assert!(
            card.contains("\nAgents: Claude Code, Codex, Pi.\n"),
            "{card}"
        );
        assert_eq!(card_harnesses(&card), ["claude_code", "codex", "pi"]);
        let grown = dataset_card(card_harnesses(&card).into_iter().chain(["ml_intern"]));
        assert!(
            grown.contains("Agents: ml-intern, Claude Code, Codex, Pi."),
            "{grown}"
        );
        assert!(grown.contains("  - ml-intern\n"), "{grown}");
        // A card of an earlier version names none: the next commit lists what it sees.
        assert!(card_harnesses(DATASET_CARD).is_empty());
    }
}
