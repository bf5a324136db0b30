//! `traces sync` benchmark (issue: auto-share). Prints a table; not a timed test.
//!
//! Run with `cargo bench --bench sync` (`-- --sessions N` for the store's size, 1,000 by
//! default). In a store already holding N sessions and pushed to a local bare repository, one
//! session changes, then each case runs five times (a new change each time), median reported:
//! (a) `traces commit FILE`, the baseline; (b) `traces sync --background FILE`, which returns
//! after committing; (c) `traces sync FILE`, commit and push in the foreground.
//! (d) `traces watch` over a source of 200 sessions, 20 of them rewritten every half second
//! for a minute: its resident memory after the first commit and at the end.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{Measure, Rng, measure, sessions_arg, traces, write_sessions};

const RUNS: usize = 5;

fn median(mut runs: Vec<Measure>) -> Measure {
    runs.sort_by_key(|m| m.wall);
    runs.swap_remove(runs.len() / 2)
}

fn wait_for_log(store: &Path, pushes: usize) {
    let log = store.join("traces").join("sync.log");
    for _ in 0..600 {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if text.matches("backup: pushed").count() >= pushes {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the background push did not land: {log:?}");
}

fn main() {
    let n = sessions_arg();
    let work = tempfile::tempdir().unwrap();
    let root = work.path();
    let mut rng = Rng(0x5eed_5a0c_0000_0007);
    let store = root.join("store");
    let filler = root.join("filler");
    eprintln!("filling a store with {n} sessions ...");
    write_sessions(&filler, "fill", n, 20_000, &mut rng);
    let ok = |cmd: &mut std::process::Command| assert!(cmd.output().unwrap().status.success());
    ok(traces(&store).arg("commit").arg(&filler));
    for name in ["personal", "org"] {
        ok(traces(&store).args(["remote", "remove", name]));
    }
    let backup = root.join("backup.git");
    ok(traces(&store)
        .args(["remote", "add", "backup"])
        .arg(&backup));
    ok(traces(&store).args(["push", "backup"]));

    let one = root.join("one");
    let mut change = 0;
    let mut next_change = |rng: &mut Rng| {
        change += 1;
        let _ = std::fs::remove_dir_all(&one);
        write_sessions(&one, "live", 1, 20_000 + change * 1_000, rng);
        one.join("session_live_00000.json")
    };
    let mut run_case = |args: &[&str], rng: &mut Rng| -> Measure {
        median(
            (0..RUNS)
                .map(|_| {
                    let file = next_change(rng);
                    measure(traces(&store).args(args).arg(&file))
                })
                .collect(),
        )
    };
    let a = run_case(&["commit"], &mut rng);
    let b = run_case(&["sync", "--background"], &mut rng);
    wait_for_log(&store, RUNS);
    let c = run_case(&["sync"], &mut rng);

    let (rss_start, rss_end, rounds) = watch_memory(root, &mut rng);

    println!();
    println!("store of {n} sessions, one changed session of ~20 KB, median of {RUNS} runs");
    println!();
    println!("| case | wall | vs commit (a) | peak RSS |");
    println!("|---|---|---|---|");
    for (name, m) in [
        ("(a) traces commit FILE", &a),
        ("(b) traces sync --background FILE", &b),
        ("(c) traces sync FILE (push to a local bare repository)", &c),
    ] {
        println!(
            "| {name} | {:.1} ms | {:.2}x | {:.1} MiB |",
            m.wall.as_secs_f64() * 1e3,
            m.wall.as_secs_f64() / a.wall.as_secs_f64(),
            m.peak_rss_kib as f64 / 1024.0
        );
    }
    println!();
    println!(
        "(d) traces watch, {rounds} rounds of 20 rewrites: {:.1} MiB resident after the first commit, {:.1} MiB at the end ({:+.1}%)",
        rss_start as f64 / 1024.0,
        rss_end as f64 / 1024.0,
        (rss_end as f64 / rss_start as f64 - 1.0) * 100.0
    );
}

/// Resident set of a running process, in KiB (Linux).
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

fn watch_memory(root: &Path, rng: &mut Rng) -> (u64, u64, usize) {
    let store = root.join("watch-store");
    let logs = root.join("watch-logs");
    write_sessions(&logs, "w", 200, 20_000, rng);
    let ok = |cmd: &mut std::process::Command| assert!(cmd.output().unwrap().status.success());
    ok(traces(&store).arg("init"));
    for name in ["personal", "org"] {
        ok(traces(&store).args(["remote", "remove", name]));
    }
    ok(traces(&store).args(["source", "add"]).arg(&logs));
    let mut child = traces(&store)
        .args(["watch", "--interval", "0.2", "--settle", "0.3"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let committed = |store: &Path| {
        std::process::Command::new("git")
            .arg("--git-dir")
            .arg(store)
            .args(["rev-list", "--count", "claude-code"])
            .output()
            .map(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .trim()
                    .parse::<usize>()
                    .unwrap_or(0)
            })
            .unwrap_or(0)
    };
    while committed(&store) == 0 {
        std::thread::sleep(Duration::from_millis(100));
    }
    let start = rss_kib(child.id());
    let rounds = 120;
    for round in 0..rounds {
        for k in 0..20 {
            let i = (round * 20 + k) % 200;
            let path = logs.join(format!("session_w_{i:05}.json"));
            let mut value: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            value["messages"]
                .as_array_mut()
                .unwrap()
                .push(serde_json::json!({"role": "user", "content": format!("round {round}")}));
            std::fs::write(&path, serde_json::to_vec(&value).unwrap()).unwrap();
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    std::thread::sleep(Duration::from_secs(1));
    let end = rss_kib(child.id());
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    assert!(child.wait().unwrap().success());
    (start, end, rounds)
}
