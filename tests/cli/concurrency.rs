//! Several processes committing into one store at once.

use crate::support::*;

#[test]
fn eight_processes_committing_at_once_all_land() {
    let env = TestEnv::new();
    let dir = env.inputs();
    let paths: Vec<_> = (0..8)
        .map(|i| {
            let path = dir.join(format!("s{i}.json"));
            write_json(&path, &ml_session(&format!("sess-{i}"), 30));
            path
        })
        .collect();
    // The store does not exist yet: creating it is part of the race.
    let children: Vec<_> = paths
        .iter()
        .map(|p| {
            env.traces()
                .arg("commit")
                .arg(p)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        Run::from(child.wait_with_output().unwrap()).success();
    }
    env.assert_fsck_clean();
    for branch in ["claude-code", "row"] {
        let sessions: Vec<_> = tree_paths(&env.store(), branch)
            .into_iter()
            .filter(|p| p.starts_with("sessions/"))
            .collect();
        assert_eq!(sessions.len(), 8, "{branch}: {sessions:?}");
        assert_eq!(env.git(&["rev-list", "--count", branch]).trim(), "8");
    }
}
