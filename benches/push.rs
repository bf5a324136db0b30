//! `traces push` benchmark (issue: push). Prints a table; not a timed test.
//!
//! Run with `cargo bench --bench push` (`-- --sessions N` for a smaller run). Against the test
//! hub (the same one the tests use: real `git http-backend` on 127.0.0.1), in one run:
//! (1) the first push of N ~200 KB sessions onto a fresh Hub repository, by `traces push` and
//!     by `git push` of the same commit to an identical copy of the repository;
//! (2) a fresh store pushing one ~12 KB session onto datasets of 1,000, 10,000 and 50,000
//!     sessions another machine's `traces push` wrote (1,000 per day folder, the new session's
//!     day among them; at 1,000 also one another tool wrote, without the counts in its commit
//!     message), beside `git push` of the same file from a full clone of the dataset, and the
//!     same push to the dataset's git server by URL, as a plain git remote (protocol v2 `fetch`
//!     with `filter tree:0`, `uploadpack.allowFilter` on);
//! (3) the push of (2) at 1,000 sessions onto a dataset in the hourly layout
//!     (`sessions/<date>/<hh>/`), with `remote.personal.layout = hourly`.
//! Bytes up are the request bodies the hub received (git-receive-pack, and the commit call's
//! lookups, preupload and commit); bytes down what the hub answered (git, tree listings,
//! lookups, raw files). `-- --scale-only` skips (1).

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
    let hub = TestHub::start();
    hub.add_user("alice", TOKEN);
    let work = tempfile::tempdir().unwrap();
    if !std::env::args().any(|a| a == "--scale-only") {
        first_push(&hub, work.path());
    }
    scale(&hub, work.path());
}

fn clone(from: &Path, to: &Path, bare: bool) {
    let mut cmd = git(from.parent().unwrap());
    cmd.args(["clone", "-q"]);
    if bare {
        cmd.arg("--bare");
    }
    assert!(cmd.arg(from).arg(to).status().unwrap().success());
}

/// Fill the hub repository `name` as another machine would have: `count` sessions of ~4 KB,
/// 1,000 per day folder counting back from 2025-01-01 (`hourly`: spread over 24 hour folders
/// in each day), in one commit on top of its first; `by_traces`: its message carries the
/// counts `traces push` writes, as another store's push leaves them (else another tool's).
fn fill_remote(
    hub: &TestHub,
    name: &str,
    count: usize,
    (hourly, by_traces): (bool, bool),
    rng: &mut Rng,
) {
    use std::io::Write;
    hub.create_repo("alice", name, true);
    let repo = hub.repo_path("alice", name);
    let parent = rev_parse(&repo, "main");
    let mut child = git(&repo)
        .args(["--git-dir", ".", "fast-import", "--quiet"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = std::io::BufWriter::new(child.stdin.take().unwrap());
    let message = if by_traces {
        format!(
            "Add {count} sessions\n\nTraces-Files: {}\nTraces-Sessions: {count}\n",
            count + 1
        )
    } else {
        "fill".to_string()
    };
    writeln!(
        input,
        "commit refs/heads/main\ncommitter other <other@example.com> 1735689600 +0000\ndata {}\n{message}\nfrom {parent}",
        message.len()
    )
    .unwrap();
    let first = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    for i in 0..count {
        let day = first - chrono::Days::new((i / 1000) as u64);
        let hour = if hourly { i % 24 } else { 10 };
        let line =
            serde_json::json!({"type": "user", "timestamp": format!("{day}T{hour:02}:00:00Z"),
            "message": {"role": "user", "content": rng.words(600)}})
            .to_string();
        let data = format!("{line}\n");
        let folder = if hourly {
            format!("sessions/{day}/{hour:02}")
        } else {
            format!("sessions/{day}")
        };
        writeln!(
            input,
            "M 100644 inline {folder}/other-{i:06}.jsonl\ndata {}\n{data}",
            data.len()
        )
        .unwrap();
    }
    drop(input);
    assert!(child.wait().unwrap().success());
}

/// (2): bytes down, bytes up and wall time of one new session onto datasets of growing size.
fn scale(hub: &TestHub, root: &Path) {
    let mut rng = Rng(0x5eed_0000_0000_0015);
    println!();
    println!(
        "| remote sessions | remote size | tool | wall | bytes down | bytes up | down / remote |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (count, by_traces) in [
        (1_000usize, true),
        (1_000, false),
        (10_000, true),
        (50_000, true),
    ] {
        let name = format!("scale-{count}-{by_traces}");
        let label = if by_traces {
            format!("{count}")
        } else {
            format!("{count}, no counts")
        };
        eprintln!("filling a remote with {count} sessions ...");
        fill_remote(hub, &name, count, (false, by_traces), &mut rng);
        let baseline = format!("{name}-git");
        hub.copy_repo("alice", &name, &baseline);
        let repo = hub.repo_path("alice", &name);
        let remote_bytes = dir_bytes(&repo.join("objects"));

        // traces: a fresh store with one session.
        let inputs = root.join(format!("one-{name}"));
        write_sessions(&inputs, "mine", 1, 12_000, &mut rng);
        let store = root.join(format!("store-{name}"));
        setup_store(&store, &inputs);
        git(root)
            .arg("--git-dir")
            .arg(&store)
            .args(["remote", "set-url", "personal"])
            .arg(format!("hf://datasets/{{hf_user}}/{name}"))
            .status()
            .unwrap();
        let (down, up) = (hub.sent_bytes(), hub.received_bytes());
        let t = traces_push(&store, hub);
        let t_down = hub.sent_bytes() - down;
        let t_up = hub.received_bytes() - up;

        // git: a full clone, the same file committed, pushed.
        let url = hub
            .url
            .replace("http://", &format!("http://alice:{TOKEN}@"));
        let checkout = root.join(format!("clone-{name}"));
        let down = hub.sent_bytes();
        let mut cmd = git(root);
        cmd.args(["clone", "-q"])
            .arg(format!("{url}/datasets/alice/{baseline}"))
            .arg(&checkout);
        let c = measure(&mut cmd);
        let g_down = hub.sent_bytes() - down;
        let file = git(root)
            .arg("--git-dir")
            .arg(&store)
            .args(["ls-tree", "-r", "--name-only", "claude-code"])
            .output()
            .unwrap();
        let file = String::from_utf8(file.stdout).unwrap();
        let file = file.lines().find(|l| l.starts_with("sessions/")).unwrap();
        let content = git(root)
            .arg("--git-dir")
            .arg(&store)
            .args(["show", &format!("claude-code:{file}")])
            .output()
            .unwrap()
            .stdout;
        std::fs::create_dir_all(checkout.join(file).parent().unwrap()).unwrap();
        std::fs::write(checkout.join(file), content).unwrap();
        assert!(
            git(&checkout)
                .args(["add", "."])
                .status()
                .unwrap()
                .success()
        );
        assert!(
            git(&checkout)
                .args(["commit", "-q", "-m", "one session"])
                .status()
                .unwrap()
                .success()
        );
        let up = hub.received_bytes();
        let g = measure(git(&checkout).args(["push", "-q", "origin", "HEAD:main"]));
        let g_up = hub.received_bytes() - up;
        let mb = |b: u64| format!("{:.3} MB", b as f64 / 1e6);
        println!(
            "| {label} | {} | traces push | {:.3} s | {} | {} | {:.3}% |",
            mb(remote_bytes),
            t.wall.as_secs_f64(),
            mb(t_down),
            mb(t_up),
            t_down as f64 * 100.0 / remote_bytes as f64
        );
        println!(
            "| {label} | {} | git clone + push | {:.3} s + {:.3} s | {} | {} | {:.1}% |",
            mb(remote_bytes),
            c.wall.as_secs_f64(),
            g.wall.as_secs_f64(),
            mb(g_down),
            mb(g_up),
            g_down as f64 * 100.0 / remote_bytes as f64
        );

        // traces onto the same dataset as a plain git remote: another fresh store, one session.
        git(&repo)
            .args(["--git-dir", ".", "config", "uploadpack.allowFilter", "true"])
            .status()
            .unwrap();
        let inputs = root.join(format!("plain-one-{name}"));
        write_sessions(&inputs, "plain", 1, 12_000, &mut rng);
        let store = root.join(format!("plain-store-{name}"));
        setup_store(&store, &inputs);
        assert!(
            traces(&store)
                .args(["remote", "add", "plain"])
                .arg(format!("{}/datasets/alice/{name}", hub.url))
                .status()
                .unwrap()
                .success()
        );
        let (down, up) = (hub.sent_bytes(), hub.received_bytes());
        let p = measure(traces(&store).env("BENCH_TOKEN", TOKEN).args([
            "push",
            "plain",
            "--token-env",
            "BENCH_TOKEN",
        ]));
        let p_down = hub.sent_bytes() - down;
        let p_up = hub.received_bytes() - up;
        println!(
            "| {label} | {} | traces push, plain git remote | {:.3} s | {} | {} | {:.3}% |",
            mb(remote_bytes),
            p.wall.as_secs_f64(),
            mb(p_down),
            mb(p_up),
            p_down as f64 * 100.0 / remote_bytes as f64
        );
    }

    // (3) The hourly layout at 1,000 sessions: the new session joins a folder of ~42.
    let count = 1_000;
    let name = format!("hourly-{count}");
    eprintln!("filling a remote with {count} sessions in hour folders ...");
    fill_remote(hub, &name, count, (true, true), &mut rng);
    let repo = hub.repo_path("alice", &name);
    let remote_bytes = dir_bytes(&repo.join("objects"));
    let inputs = root.join(format!("hourly-one-{count}"));
    write_sessions(&inputs, "hourly", 1, 12_000, &mut rng);
    let store = root.join(format!("hourly-store-{count}"));
    setup_store(&store, &inputs);
    for (key, value) in [
        (
            "remote.personal.url",
            format!("hf://datasets/{{hf_user}}/{name}"),
        ),
        ("remote.personal.layout", "hourly".to_string()),
    ] {
        assert!(
            git(root)
                .arg("--git-dir")
                .arg(&store)
                .args(["config", key, &value])
                .status()
                .unwrap()
                .success()
        );
    }
    let (down, up) = (hub.sent_bytes(), hub.received_bytes());
    let t = traces_push(&store, hub);
    let t_down = hub.sent_bytes() - down;
    let t_up = hub.received_bytes() - up;
    let mb = |b: u64| format!("{:.3} MB", b as f64 / 1e6);
    println!(
        "| {count}, hourly layout | {} | traces push | {:.3} s | {} | {} | {:.3}% |",
        mb(remote_bytes),
        t.wall.as_secs_f64(),
        mb(t_down),
        mb(t_up),
        t_down as f64 * 100.0 / remote_bytes as f64
    );
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            let meta = e.metadata().unwrap();
            if meta.is_dir() {
                dir_bytes(&e.path())
            } else {
                meta.len()
            }
        })
        .sum()
}

/// (1): the first push of N sessions, beside `git push` of the same commit.
fn first_push(hub: &TestHub, root: &Path) {
    let n = sessions_arg();
    let mut rng = Rng(0x5eed_0000_0000_0042);

    // (1) First push of N sessions.
    eprintln!("generating {n} sessions ...");
    let big = root.join("big");
    write_sessions(&big, "big", n, 200_000, &mut rng);
    let store = root.join("store-big");
    setup_store(&store, &big);
    hub.create_repo("alice", "ml-intern-sessions", true);
    hub.copy_repo("alice", "ml-intern-sessions", "baseline-big");
    let t1 = traces_push(&store, hub);
    let t1_bytes = *hub.receive_pack_bytes().last().unwrap();
    // The commit traces built lives only on the remote: push it from a bare clone.
    let repo = hub.repo_path("alice", "ml-intern-sessions");
    let pushed = rev_parse(&repo, "main");
    let mirror = root.join("mirror-big.git");
    clone(&repo, &mirror, true);
    let g1 = git_push(&mirror, hub, "baseline-big", &pushed);
    let g1_bytes = *hub.receive_pack_bytes().last().unwrap();

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
}
