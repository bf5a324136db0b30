//! `traces push` benchmark (issue: push). Prints a table; not a timed test.
//!
//! Run with `cargo bench --bench push` (`-- --sessions N` for a smaller run). Against the test
//! hub (the same one the tests use: real `git http-backend` on 127.0.0.1), in one run:
//! (1) the first push of N ~200 KB sessions onto a fresh Hub repository, by `traces push` and
//!     by `git push` of the same commit to an identical copy of the repository;
//! (2) a push of one new session onto a repository already holding 10,000 sessions, both ways.
//! Bytes are the request bodies git-receive-pack received.

mod common;
// Not every helper of the test hub is used by the benchmark.
#[allow(dead_code)]
#[path = "../tests/cli/hub.rs"]
mod hub;

use std::path::Path;
use std::process::Command;

use common::{Measure, Rng, git, measure, sessions_arg, traces, write_sessions};
use hub::TestHub;

const TOKEN: &str = "hf_bench_token_0123456789abcdefghij";

fn traces_push(store: &Path, hub: &TestHub) -> Measure {
    let mut cmd = traces(store);
    cmd.env("HF_ENDPOINT", &hub.url)
        .env("HF_TOKEN", TOKEN)
        .args(["push", "personal"]);
    measure(&mut cmd)
}

fn git_push(store: &Path, hub: &TestHub, repo: &str, commit: &str) -> Measure {
    let url = hub
        .url
        .replace("http://", &format!("http://alice:{TOKEN}@"));
    let mut cmd = git(store);
    cmd.args(["--git-dir", ".", "push", "-q"])
        .arg(format!("{url}/datasets/alice/{repo}"))
        .arg(format!("{commit}:refs/heads/main"));
    measure(&mut cmd)
}

fn rev_parse(store: &Path, name: &str) -> String {
    let out = Command::new("git")
        .arg("--git-dir")
        .arg(store)
        .args(["rev-parse", name])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn setup_store(store: &Path, inputs: &Path) {
    assert!(
        traces(store)
            .arg("commit")
            .arg(inputs)
            .output()
            .unwrap()
            .status
            .success()
    );
    let set = |key: &str, value: &str| {
        Command::new("git")
            .arg("--git-dir")
            .arg(store)
            .args(["config", key, value])
            .status()
            .unwrap()
    };
    set("traces.hfUser", "alice");
}

fn row(case: &str, tool: &str, m: &Measure, bytes: u64, baseline: Option<(&Measure, u64)>) {
    let (time_ratio, byte_ratio) = match baseline {
        Some((b, b_bytes)) => (
            format!("{:.2}x", m.wall.as_secs_f64() / b.wall.as_secs_f64()),
            format!("{:.2}x", bytes as f64 / b_bytes as f64),
        ),
        None => ("-".into(), "-".into()),
    };
    println!(
        "| {case} | {tool} | {:.3} s | {:.2} MB | {time_ratio} | {byte_ratio} |",
        m.wall.as_secs_f64(),
        bytes as f64 / 1e6
    );
}

fn main() {
    let n = sessions_arg();
    let work = tempfile::tempdir().unwrap();
    let root = work.path();
    let mut rng = Rng(0x5eed_0000_0000_0042);
    let hub = TestHub::start();
    hub.add_user("alice", TOKEN);

    // (1) First push of N sessions.
    eprintln!("generating {n} sessions ...");
    let big = root.join("big");
    write_sessions(&big, "big", n, 200_000, &mut rng);
    let store = root.join("store-big");
    setup_store(&store, &big);
    hub.create_repo("alice", "ml-intern-sessions", true);
    hub.copy_repo("alice", "ml-intern-sessions", "baseline-big");
    let t1 = traces_push(&store, &hub);
    let t1_bytes = *hub.receive_pack_bytes().last().unwrap();
    let pushed = rev_parse(&store, "refs/remotes/personal/main");
    let g1 = git_push(&store, &hub, "baseline-big", &pushed);
    let g1_bytes = *hub.receive_pack_bytes().last().unwrap();

    // (2) One new session onto a remote holding 10,000.
    eprintln!("filling a remote with 10,000 sessions ...");
    let filler = root.join("filler");
    write_sessions(&filler, "fill", 10_000, 2_000, &mut rng);
    let store2 = root.join("store-10k");
    setup_store(&store2, &filler);
    std::process::Command::new("git")
        .arg("--git-dir")
        .arg(&store2)
        .args([
            "remote",
            "set-url",
            "personal",
            "hf://datasets/{hf_user}/ten-thousand",
        ])
        .status()
        .unwrap();
    hub.create_repo("alice", "ten-thousand", true);
    traces_push(&store2, &hub);
    hub.copy_repo("alice", "ten-thousand", "baseline-10k");
    let one = root.join("one");
    write_sessions(&one, "one", 1, 200_000, &mut rng);
    assert!(
        traces(&store2)
            .arg("commit")
            .arg(&one)
            .output()
            .unwrap()
            .status
            .success()
    );
    let t2 = traces_push(&store2, &hub);
    let t2_bytes = *hub.receive_pack_bytes().last().unwrap();
    let pushed2 = rev_parse(&store2, "refs/remotes/personal/main");
    let g2 = git_push(&store2, &hub, "baseline-10k", &pushed2);
    let g2_bytes = *hub.receive_pack_bytes().last().unwrap();

    println!();
    println!("| case | tool | wall | bytes sent | time vs git | bytes vs git |");
    println!("|---|---|---|---|---|---|");
    row(
        &format!("first push, {n} sessions"),
        "traces push",
        &t1,
        t1_bytes,
        Some((&g1, g1_bytes)),
    );
    row(
        &format!("first push, {n} sessions"),
        "git push",
        &g1,
        g1_bytes,
        None,
    );
    row(
        "1 new session onto 10,000",
        "traces push",
        &t2,
        t2_bytes,
        Some((&g2, g2_bytes)),
    );
    row("1 new session onto 10,000", "git push", &g2, g2_bytes, None);
}
