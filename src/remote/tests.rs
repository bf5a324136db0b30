use super::*;

fn def(url: &str) -> RemoteDef {
    RemoteDef {
        name: "r".into(),
        url: url.into(),
        format: Rendering::ClaudeCode,
        role: Role::None,
        token: Role::None.default_chain(),
    }
}

#[test]
fn urls_resolve_to_targets() {
    let hub = Target::resolve(
        &def("hf://datasets/{hf_user}/sessions"),
        "http://127.0.0.1:9/",
        Some("alice"),
    );
    assert_eq!(
        hub.unwrap().unwrap(),
        Target::Hub {
            endpoint: "http://127.0.0.1:9".into(),
            owner: "alice".into(),
            name: "sessions".into()
        }
    );
    assert_eq!(
        Target::resolve(&def("hf://datasets/{hf_user}/s"), DEFAULT_ENDPOINT, None).unwrap(),
        None
    );
    assert_eq!(
        Target::resolve(&def("/srv/git/s.git"), DEFAULT_ENDPOINT, None)
            .unwrap()
            .unwrap(),
        Target::Local {
            path: "/srv/git/s.git".into()
        }
    );
    assert_eq!(
        Target::resolve(&def("file:///srv/s.git"), DEFAULT_ENDPOINT, None)
            .unwrap()
            .unwrap(),
        Target::Local {
            path: "/srv/s.git".into()
        }
    );
    for bad in [
        "hf://models/a/b",
        "hf://datasets/a",
        "ssh://host/x",
        "hf://datasets/a/b/c",
    ] {
        assert!(
            Target::resolve(&def(bad), DEFAULT_ENDPOINT, Some("u")).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn remote_names_follow_git_rules() {
    for good in ["personal", "org", "my.backup", "a_b-c"] {
        assert!(check_name(good).is_ok(), "{good}");
    }
    for bad in ["", "-x", "a/b", "a b", "..", "tab\t"] {
        assert!(check_name(bad).is_err(), "{bad:?}");
    }
}
