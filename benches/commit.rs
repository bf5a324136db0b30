//! `traces commit` benchmark (issue: the local store). Prints a table; not a timed test.
//!
//! Run with `cargo bench --bench commit` (`-- --sessions N` for a smaller run, `-- --tree-only`
//! for (t) alone, `--runs N` times). Measures, in
//! one run:
//! (a) `traces commit` of N realistic ~200 KB ml-intern sessions into an empty store;
//! (b) the baseline: `git add -A && git commit` of the same rendered files in a plain repository;
//! (c) `traces commit` of one new session into stores holding 1,000 and 10,000 sessions;
//! (d) re-commit of all N unchanged sessions (and the number of new objects it wrote);
//! (e) peak memory on one 20 MB ml-intern session;
//! (f) peak memory on one Claude Code transcript of about the same size (the rendering of (e));
//! (g) peak memory on one Claude Code transcript of about 200 MB (`-- --transcript-mb N`),
//!     which is read line by line;
//! (s) the seed's pipeline as it runs (Python: `json.load`, its seven regexes over every string,
//!     both renderings written; `benches/seed/pipeline.py`) on the same N sessions;
//! (t) `traces commit` of a Claude Code projects tree made of (a)'s renderings, beside
//!     `git add -A && git commit` of the same tree;
//! and the size on disk of each store.

mod common;

use std::path::Path;

use common::{Measure, Rng, git, measure, number_arg, sessions_arg, traces, write_sessions};

/// `--transcript-mb N`: the size of (g)'s transcript (200 MB unless told).
fn transcript_mb_arg() -> u64 {
    number_arg("--transcript-mb", 200)
}

fn objects(store: &Path) -> usize {
    let out = git(store)
        .args(["--git-dir", ".", "count-objects", "-v"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once(": "))
        .filter(|(k, _)| *k == "count" || *k == "in-pack")
        .map(|(_, v)| v.trim().parse::<usize>().unwrap())
        .sum()
}

/// Every file under `dir`, sorted.
fn walk_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn copy_tree(from: &Path, to: &Path) {
    for file in walk_files(from) {
        let dest = to.join(file.strip_prefix(from).unwrap());
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&file, dest).unwrap();
    }
}

/// Bytes of the files under `dir`, rounded up to 4 KiB blocks as the disk holds them.
fn disk_bytes(dir: &Path) -> u64 {
    walk_files(dir)
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len().div_ceil(4096) * 4096)
        .sum()
}

/// One row of the table: `vs git` is this case's time over git's (under 1 is faster), `vs
/// seed` the seed's time over this case's (how many times faster), as the issue states them.
fn row(
    name: &str,
    m: &Measure,
    input_bytes: u64,
    (git, seed): (Option<&Measure>, Option<&Measure>),
    note: &str,
) {
    let mbps = input_bytes as f64 / 1e6 / m.wall.as_secs_f64();
    let ratio = git.map_or("-".to_string(), |b| {
        format!("{:.2}x", m.wall.as_secs_f64() / b.wall.as_secs_f64())
    });
    let speedup = seed.map_or("-".to_string(), |s| {
        format!("{:.1}x", s.wall.as_secs_f64() / m.wall.as_secs_f64())
    });
    println!(
        "| {name} | {:.3} s | {mbps:.1} | {:.1} MiB | {ratio} | {speedup} | {note} |",
        m.wall.as_secs_f64(),
        m.peak_rss_kib as f64 / 1024.0
    );
}

/// The baseline: `git init`, then `git add -A && git commit` of what `dir` holds, measured
/// as one (the larger peak RSS of the two).
fn git_add_and_commit(dir: &Path) -> Measure {
    assert!(git(dir).args(["init", "-q"]).status().unwrap().success());
    let add = measure(
        git(dir)
            .args(["-c", "core.fsync=none"])
            .arg("add")
            .arg("-A"),
    );
    let commit = measure(git(dir).args(["commit", "-q", "-m", "baseline"]));
    Measure {
        wall: add.wall + commit.wall,
        peak_rss_kib: add.peak_rss_kib.max(commit.peak_rss_kib),
    }
}

struct TreeCase {
    traces: Measure,
    git: Measure,
    bytes: u64,
    store: std::path::PathBuf,
    plain: std::path::PathBuf,
}

/// (t) a Claude Code projects tree: (a)'s transcripts (checked out under `plain`), spread over a
/// few project directories the way ~/.claude/projects holds them; `traces commit` of it beside
/// `git add -A && git commit` of the same tree.
fn tree_case(root: &Path, plain: &Path, name: &str) -> TreeCase {
    let tree = root.join(format!("claude-projects-{name}"));
    let mut bytes = 0;
    for (i, entry) in walk_files(&plain.join("claude-code/sessions"))
        .into_iter()
        .enumerate()
    {
        let project = tree.join(format!("-home-user-project{}", i % 7));
        std::fs::create_dir_all(&project).unwrap();
        bytes += std::fs::metadata(&entry).unwrap().len();
        std::fs::copy(&entry, project.join(entry.file_name().unwrap())).unwrap();
    }
    let store = root.join(format!("store-{name}"));
    let traces = measure(traces(&store).arg("commit").arg(&tree));
    let plain_t = root.join(format!("plain-{name}"));
    copy_tree(&tree, &plain_t);
    TreeCase {
        traces,
        git: git_add_and_commit(&plain_t),
        bytes,
        store,
        plain: plain_t,
    }
}

/// `--tree-only`: (t) alone, `--runs N` times (5 unless told), each on fresh copies, for work
/// on that case; the first run's inputs and store are kept for profiling.
fn tree_only_arg() -> bool {
    std::env::args().any(|a| a == "--tree-only")
}

fn runs_arg() -> usize {
    number_arg("--runs", 5)
}

/// The runs of (t) alternate with git's, so that a slow spell of a shared machine falls on
/// both; the median ratio is the number to quote.
fn tree_runs(root: &Path, plain: &Path) {
    println!("| run | traces commit | git add -A && git commit | vs git |");
    println!("|---|---|---|---|");
    let mut ratios = Vec::new();
    for run in 1..=runs_arg() {
        let case = tree_case(root, plain, &format!("t{run}"));
        let ratio = case.traces.wall.as_secs_f64() / case.git.wall.as_secs_f64();
        println!(
            "| {run} | {:.3} s | {:.3} s | {ratio:.2}x |",
            case.traces.wall.as_secs_f64(),
            case.git.wall.as_secs_f64(),
        );
        ratios.push(ratio);
        // The first run's tree is kept for profiling; the copies only fill the disk.
        std::fs::remove_dir_all(case.plain).unwrap();
        if run > 1 {
            std::fs::remove_dir_all(case.store).unwrap();
            std::fs::remove_dir_all(root.join(format!("claude-projects-t{run}"))).unwrap();
        }
    }
    ratios.sort_by(f64::total_cmp);
    println!();
    println!(
        "median {:.2}x git over {} runs (from {:.2}x to {:.2}x)",
        ratios[ratios.len() / 2],
        ratios.len(),
        ratios[0],
        ratios[ratios.len() - 1]
    );
}

fn main() {
    let n = sessions_arg();
    let work = tempfile::tempdir().unwrap();
    let root = work.path();
    let mut rng = Rng(0x5eed_1234_abcd_0001);

    eprintln!("generating {n} sessions of ~200 KB ...");
    let big = root.join("big");
    let (input_bytes, largest) = write_sessions(&big, "big", n, 200_000, &mut rng);

    // (a) traces commit into an empty store.
    let store_a = root.join("store-a");
    let a = measure(traces(&store_a).arg("commit").arg(&big));

    // (b) git add -A && git commit of the same rendered files in a plain repository.
    let plain = root.join("plain");
    for branch in ["claude-code", "row"] {
        let dest = plain.join(branch);
        std::fs::create_dir_all(&dest).unwrap();
        let status = git(&store_a)
            .args(["--git-dir", ".", "--work-tree"])
            .arg(&dest)
            .args(["checkout", branch, "--", "."])
            .status()
            .unwrap();
        assert!(status.success());
    }
    if tree_only_arg() {
        tree_runs(root, &plain);
        eprintln!("inputs and stores kept under {}", work.keep().display());
        return;
    }
    let b = git_add_and_commit(&plain);

    // (s) the seed's pipeline on the same sessions.
    let seed_out = root.join("seed-out");
    let s = measure(
        std::process::Command::new("python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/seed/pipeline.py"))
            .arg(&big)
            .arg(&seed_out),
    );

    let TreeCase {
        traces: t,
        git: t_git,
        bytes: tree_bytes,
        store: store_t,
        plain: plain_t,
    } = tree_case(root, &plain, "t");

    // (d) re-commit of all unchanged sessions.
    let before = objects(&store_a);
    let d = measure(traces(&store_a).arg("commit").arg(&big));
    let new_objects = objects(&store_a) - before;

    // (c) one new session into stores of growing size.
    let mut c_rows = Vec::new();
    for held in [1_000usize, 10_000] {
        let filler = root.join(format!("filler-{held}"));
        write_sessions(&filler, &format!("fill{held}"), held, 2_000, &mut rng);
        let store = root.join(format!("store-{held}"));
        let fill = measure(traces(&store).arg("commit").arg(&filler));
        eprintln!(
            "filled a store with {held} sessions in {:.1} s",
            fill.wall.as_secs_f64()
        );
        let one = root.join(format!("one-{held}"));
        let (one_bytes, _) = write_sessions(&one, &format!("one{held}"), 1, 200_000, &mut rng);
        let c = measure(traces(&store).arg("commit").arg(&one));
        c_rows.push((held, c, one_bytes));
    }

    // (e) memory on one large session, where the process baseline no longer dominates.
    let large = root.join("large");
    let (large_bytes, _) = write_sessions(&large, "large", 1, 20_000_000, &mut rng);
    let store_large = root.join("store-large");
    let e = measure(traces(&store_large).arg("commit").arg(&large));

    // (f) the same on a Claude Code transcript: (e)'s rendering, committed as an input.
    let transcript = root.join("large-transcript");
    std::fs::create_dir_all(&transcript).unwrap();
    let listing = git(&store_large)
        .args([
            "--git-dir",
            ".",
            "ls-tree",
            "-r",
            "--name-only",
            "claude-code",
        ])
        .output()
        .unwrap();
    let listing = String::from_utf8(listing.stdout).unwrap();
    let path = listing
        .lines()
        .find(|l| l.starts_with("sessions/"))
        .unwrap();
    let blob = git(&store_large)
        .args(["--git-dir", ".", "show"])
        .arg(format!("claude-code:{path}"))
        .output()
        .unwrap();
    let transcript_bytes = blob.stdout.len() as u64;
    std::fs::write(transcript.join("transcript.jsonl"), blob.stdout).unwrap();
    let f = measure(
        traces(&root.join("store-transcript"))
            .arg("commit")
            .arg(&transcript),
    );

    // (g) a transcript of hundreds of megabytes, read line by line: (f)'s lines over and over.
    let huge = root.join("huge-transcript");
    std::fs::create_dir_all(&huge).unwrap();
    let huge_bytes = {
        let unit = std::fs::read(transcript.join("transcript.jsonl")).unwrap();
        let copies = (transcript_mb_arg() * 1_000_000)
            .div_ceil(unit.len() as u64)
            .max(1);
        let mut file =
            std::io::BufWriter::new(std::fs::File::create(huge.join("transcript.jsonl")).unwrap());
        for _ in 0..copies {
            std::io::Write::write_all(&mut file, &unit).unwrap();
        }
        copies * unit.len() as u64
    };
    let g = measure(traces(&root.join("store-huge")).arg("commit").arg(&huge));

    println!();
    println!(
        "{n} sessions, {:.1} MB of input, largest {:.0} KB",
        input_bytes as f64 / 1e6,
        largest as f64 / 1e3
    );
    println!();
    println!("| case | wall | input MB/s | peak RSS | vs git (b) | vs seed (s) | notes |");
    println!("|---|---|---|---|---|---|---|");
    row(
        "(a) traces commit, empty store",
        &a,
        input_bytes,
        (Some(&b), Some(&s)),
        "both renderings",
    );
    row(
        "(b) git add -A && git commit",
        &b,
        input_bytes,
        (None, Some(&s)),
        "same rendered files, baseline",
    );
    row(
        "(s) seed pipeline (Python)",
        &s,
        input_bytes,
        (Some(&b), None),
        "both renderings written, no git",
    );
    row(
        "(t) traces commit, Claude Code tree",
        &t,
        tree_bytes,
        (Some(&t_git), None),
        "(a)'s transcripts as inputs",
    );
    row(
        "(t) git add -A && git commit, same tree",
        &t_git,
        tree_bytes,
        (None, None),
        "baseline of (t)",
    );
    for (held, c, bytes) in &c_rows {
        row(
            &format!("(c) 1 new session, store of {held}"),
            c,
            *bytes,
            (None, None),
            "",
        );
    }
    row(
        "(d) re-commit, all unchanged",
        &d,
        input_bytes,
        (Some(&b), None),
        &format!("{new_objects} new objects"),
    );
    println!();
    println!(
        "(a) is {:.1}x faster than the seed (s) and takes {:.2}x git's time (b); \
         (t) takes {:.2}x git's time on the Claude Code tree",
        s.wall.as_secs_f64() / a.wall.as_secs_f64(),
        a.wall.as_secs_f64() / b.wall.as_secs_f64(),
        t.wall.as_secs_f64() / t_git.wall.as_secs_f64(),
    );
    println!(
        "on disk: store of (a) {:.1} MB (both renderings, after the re-commit), git's repository \
         of (b) {:.1} MB; store of (t) {:.1} MB, git's of (t) {:.1} MB",
        disk_bytes(&store_a.join("objects")) as f64 / 1e6,
        disk_bytes(&plain.join(".git/objects")) as f64 / 1e6,
        disk_bytes(&store_t.join("objects")) as f64 / 1e6,
        disk_bytes(&plain_t.join(".git/objects")) as f64 / 1e6,
    );
    // What the process costs before it holds any session: a read command on an empty store.
    let idle_store = root.join("idle");
    measure(traces(&idle_store).arg("init"));
    let idle = measure(traces(&idle_store).arg("status"));
    let above_idle = (a.peak_rss_kib - idle.peak_rss_kib).max(0) as f64 * 1024.0;
    println!();
    println!(
        "peak RSS of (a): {:.1} MiB = {:.1} MiB process baseline (`traces status`) + {:.1} MiB for sessions, \
         {:.1}x the largest session ({} render workers)",
        a.peak_rss_kib as f64 / 1024.0,
        idle.peak_rss_kib as f64 / 1024.0,
        above_idle / 1024.0 / 1024.0,
        above_idle / largest as f64,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    for (case, m, bytes) in [
        ("(e) one ml-intern session", &e, large_bytes),
        ("(f) one Claude Code transcript", &f, transcript_bytes),
        ("(g) one large Claude Code transcript", &g, huge_bytes),
    ] {
        println!(
            "peak RSS of {case} of {:.1} MB: {:.1} MiB, {:.2}x the session ({:.2}x above the process baseline), {:.2} s",
            bytes as f64 / 1e6,
            m.peak_rss_kib as f64 / 1024.0,
            m.peak_rss_kib as f64 * 1024.0 / bytes as f64,
            (m.peak_rss_kib - idle.peak_rss_kib) as f64 * 1024.0 / bytes as f64,
            m.wall.as_secs_f64(),
        );
    }
}
