"""The seed's per-session pipeline, as the seed runs it, for `cargo bench --bench commit`.

Written from the seed's documented behaviour, not copied from it: for every session file, `json.load`, the seven scrubbing regexes over every string value
(recursively), the Claude Code JSONL rendering and the org row, both files written. No upload:
the benchmark compares the local work only.

Usage: python3 pipeline.py INPUT_DIR OUTPUT_DIR
"""

import hashlib
import json
import os
import re
import sys

RULES = [
    (re.compile(r"hf_[A-Za-z0-9]{30,}"), "[REDACTED_HF_TOKEN]"),
    (re.compile(r"sk-ant-[A-Za-z0-9_-]{20,}"), "[REDACTED_PROVIDER_API_KEY]"),
    (re.compile(r"sk-(?!ant-)[A-Za-z0-9_-]{40,}"), "[REDACTED_PROVIDER_API_KEY]"),
    (re.compile(r"gh[pousr]_[A-Za-z0-9]{36,}"), "[REDACTED_GITHUB_TOKEN]"),
    (re.compile(r"github_pat_[A-Za-z0-9_]{36,}"), "[REDACTED_GITHUB_TOKEN]"),
    (re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"), "[REDACTED_AWS_KEY_ID]"),
    (re.compile(r"(?i)bearer\s+[A-Za-z0-9_.=-]{20,}"), "Bearer [REDACTED]"),
]
ASSIGNMENT = re.compile(
    r"(?i)([A-Za-z0-9_]*(?:TOKEN|API_KEY|SECRET|PASSWORD|ACCESS_KEY_ID))\s*[=:]\s*\S+"
)


def scrub(value):
    if isinstance(value, str):
        for pattern, replacement in RULES:
            value = pattern.sub(replacement, value)
        return ASSIGNMENT.sub(lambda m: m.group(1) + "=[REDACTED]", value)
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items()}
    return value


def line_uuid(session_id, role, index):
    h = hashlib.sha1(f"{session_id}::{role}::{index}".encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def text_of(content):
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    parts = []
    for block in content:
        if isinstance(block, dict) and block.get("type") == "text":
            parts.append(block.get("text", ""))
        else:
            parts.append(json.dumps(block))
    return "\n".join(parts)


def claude_code(session):
    sid = session["session_id"]
    start = session.get("session_start_time")
    model = session.get("model_name")
    lines, parent = [], None
    for index, message in enumerate(session.get("messages", [])):
        role = message.get("role")
        if role == "system":
            continue
        if role == "assistant":
            content = []
            text = text_of(message.get("content"))
            if text:
                content.append({"type": "text", "text": text})
            for call in message.get("tool_calls") or []:
                function = call.get("function", {})
                try:
                    arguments = json.loads(function.get("arguments") or "{}")
                except ValueError:
                    arguments = {"_raw": function.get("arguments")}
                content.append(
                    {"type": "tool_use", "id": call.get("id"), "name": function.get("name"),
                     "input": arguments}
                )
            if not content:
                continue
            body = {"role": "assistant", "model": model, "content": content}
            kind = "assistant"
        elif role == "tool":
            body = {"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": message.get("tool_call_id"),
                 "content": text_of(message.get("content"))}]}
            kind = "user"
        else:
            body = {"role": "user", "content": text_of(message.get("content"))}
            kind = "user"
        uuid = line_uuid(sid, role, index)
        lines.append(json.dumps({
            "type": kind, "message": body, "uuid": uuid, "parentUuid": parent,
            "sessionId": sid, "timestamp": message.get("timestamp") or start,
        }))
        parent = uuid
    return "\n".join(lines) + "\n"


def org_row(session):
    row = {k: session.get(k) for k in (
        "session_id", "user_id", "session_start_time", "session_end_time", "model_name",
        "total_cost_usd")}
    for key in ("messages", "events", "tools", "usage_metrics"):
        row[key] = json.dumps(session.get(key))
    usage = session.get("usage_metrics")
    if isinstance(usage, dict):
        for k, v in usage.items():
            if isinstance(v, (int, float, str)) and k not in row:
                row[k] = v
    return json.dumps(row) + "\n"


def main(inputs, outputs):
    for root, _, names in os.walk(inputs):
        for name in sorted(names):
            if not name.endswith(".json"):
                continue
            with open(os.path.join(root, name)) as f:
                session = scrub(json.load(f))
            day = (session.get("session_start_time") or "")[:10]
            rel = os.path.join("sessions", day, session["session_id"] + ".jsonl")
            for kind, text in (("claude-code", claude_code(session)), ("row", org_row(session))):
                path = os.path.join(outputs, kind, rel)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w") as f:
                    f.write(text)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
