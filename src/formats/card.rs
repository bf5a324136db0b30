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

/// Transcripts are stored byte for byte: no end-of-line conversion.
pub const GITATTRIBUTES: &str = "sessions/**/*.jsonl -text\n";
