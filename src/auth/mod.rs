//! The only code that reads tokens: the environment chains, the OS keyring entry written by
//! `traces login` (or its `--insecure-storage` file), and the huggingface-cli token file.
//! A [`Token`] never prints its value.

pub mod keyring;

use std::path::PathBuf;

use crate::env::Env;

pub use keyring::LoginEntry;

/// A secret. `Debug` and `Display` mask it; only [`Token::expose`] gives the value, for the
/// one place that puts it in a request header.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(value: impl Into<String>) -> Token {
        Token(value.into().trim().to_string())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(***)")
    }
}

impl std::fmt::Display for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// Where a token came from; printed by `-v` and `whoami`, never the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `--token-env VAR`
    Flag(String),
    Env(&'static str),
    /// The OS keyring entry `traces login` wrote.
    Keyring(String),
    /// The `traces login --insecure-storage` file.
    InsecureFile(PathBuf),
    File(PathBuf),
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Flag(var) => write!(f, "${var} (--token-env)"),
            Source::Env(var) => write!(f, "${var}"),
            Source::Keyring(service) => {
                write!(f, "the OS keyring ({service}, from `traces login`)")
            }
            Source::InsecureFile(path) => write!(
                f,
                "{} (from `traces login --insecure-storage`)",
                path.display()
            ),
            Source::File(path) => write!(f, "the huggingface-cli token file {}", path.display()),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Resolved {
    pub token: Token,
    pub source: Source,
}

/// Which chain of token sources a remote uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Chain {
    /// The user's own token: HF_TOKEN, HUGGING_FACE_HUB_TOKEN, then the token file.
    Personal,
    /// The org upload: HF_SESSION_UPLOAD_TOKEN, HF_TOKEN, HF_ADMIN_TOKEN, then the personal chain.
    Org,
}

/// The first token the chain finds; `token_env` (`--token-env VAR`) overrides the chain.
/// `login` is the keyring entry of `traces login`, looked up after the environment and before
/// the huggingface-cli file; a keyring that is missing or does not answer is skipped.
pub fn resolve(
    env: &Env,
    chain: Chain,
    token_env: Option<&str>,
    login: Option<&LoginEntry>,
) -> Option<Resolved> {
    if let Some(var) = token_env {
        return env.get_named(var).map(|value| Resolved {
            token: Token::new(value),
            source: Source::Flag(var.to_string()),
        });
    }
    let vars: &[&'static str] = match chain {
        Chain::Personal => &["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"],
        Chain::Org => &[
            "HF_SESSION_UPLOAD_TOKEN",
            "HF_TOKEN",
            "HF_ADMIN_TOKEN",
            "HUGGING_FACE_HUB_TOKEN",
        ],
    };
    for var in vars {
        if let Some(value) = env.get_str(var).filter(|v| !v.trim().is_empty()) {
            return Some(Resolved {
                token: Token::new(value),
                source: Source::Env(var),
            });
        }
    }
    if let Some(entry) = login {
        if let Ok(Some(token)) = keyring::read(entry) {
            return Some(Resolved {
                token,
                source: Source::Keyring(entry.service.clone()),
            });
        }
        if let Some(config) = env.config_dir() {
            let path = keyring::insecure_file(&config, entry);
            if let Ok(value) = std::fs::read_to_string(&path)
                && !value.trim().is_empty()
            {
                return Some(Resolved {
                    token: Token::new(value),
                    source: Source::InsecureFile(path),
                });
            }
        }
    }
    let path = token_file(env)?;
    let value = std::fs::read_to_string(&path).ok()?;
    (!value.trim().is_empty()).then(|| Resolved {
        token: Token::new(value),
        source: Source::File(path),
    })
}

/// Every token this machine could send, from every source either chain reads: the scrubber
/// redacts their values wherever they appear, with or without a recognisable prefix.
pub fn known_tokens(env: &Env, login: Option<&LoginEntry>) -> Vec<Token> {
    let mut tokens: Vec<Token> = [
        "HF_TOKEN",
        "HUGGING_FACE_HUB_TOKEN",
        "HF_SESSION_UPLOAD_TOKEN",
        "HF_ADMIN_TOKEN",
    ]
    .iter()
    .filter_map(|var| env.get_str(var))
    .map(Token::new)
    .collect();
    if let Some(entry) = login {
        if let Ok(Some(token)) = keyring::read(entry) {
            tokens.push(token);
        }
        if let Some(config) = env.config_dir()
            && let Ok(value) = std::fs::read_to_string(keyring::insecure_file(&config, entry))
        {
            tokens.push(Token::new(value));
        }
    }
    if let Some(value) = token_file(env).and_then(|path| std::fs::read_to_string(path).ok()) {
        tokens.push(Token::new(value));
    }
    tokens
}

/// The huggingface-cli token file: HF_TOKEN_PATH, else $HF_HOME/token, HF_HOME defaulting to
/// $XDG_CACHE_HOME/huggingface or ~/.cache/huggingface. Read only, never written.
pub fn token_file(env: &Env) -> Option<PathBuf> {
    if let Some(path) = env.get("HF_TOKEN_PATH") {
        return Some(PathBuf::from(path));
    }
    let home = match env.get("HF_HOME") {
        Some(home) => PathBuf::from(home),
        None => match env.get("XDG_CACHE_HOME") {
            Some(cache) => PathBuf::from(cache).join("huggingface"),
            None => PathBuf::from(env.get("HOME")?).join(".cache/huggingface"),
        },
    };
    Some(home.join("token"))
}

/// Whether a token may be sent to `url`: over https, or plain http to a loopback address only.
pub fn may_send_token_to(url: &str) -> bool {
    let Ok(parsed) = url::Url::parse(url) else {
        return false;
    };
    match (parsed.scheme(), parsed.host()) {
        ("https", Some(_)) => true,
        ("http", Some(url::Host::Domain(name))) => name == "localhost",
        ("http", Some(url::Host::Ipv4(ip))) => ip.is_loopback(),
        ("http", Some(url::Host::Ipv6(ip))) => ip.is_loopback(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_never_displays() {
        let token = Token::new("hf_secretvalue\n");
        assert_eq!(format!("{token} {token:?}"), "*** Token(***)");
        assert_eq!(token.expose(), "hf_secretvalue");
    }

    #[test]
    fn chains_follow_their_order() {
        let env = Env::from_pairs([
            ("HF_TOKEN", "a"),
            ("HF_SESSION_UPLOAD_TOKEN", "b"),
            ("HF_ADMIN_TOKEN", "c"),
        ]);
        assert_eq!(
            resolve(&env, Chain::Personal, None, None).unwrap().source,
            Source::Env("HF_TOKEN")
        );
        assert_eq!(
            resolve(&env, Chain::Org, None, None)
                .unwrap()
                .token
                .expose(),
            "b"
        );
        let env = Env::from_pairs([("HF_ADMIN_TOKEN", "c")]);
        assert_eq!(
            resolve(&env, Chain::Org, None, None)
                .unwrap()
                .token
                .expose(),
            "c"
        );
        assert!(resolve(&env, Chain::Personal, None, None).is_none());
    }

    #[test]
    fn the_token_file_is_found_like_huggingface_hub_does() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("cache/huggingface")).unwrap();
        std::fs::write(dir.path().join("cache/huggingface/token"), "hf_fromfile\n").unwrap();
        let cache = dir.path().join("cache");
        let env = Env::from_pairs([("XDG_CACHE_HOME", cache.to_str().unwrap())]);
        let found = resolve(&env, Chain::Org, None, None).unwrap();
        assert_eq!(found.token.expose(), "hf_fromfile");
        assert!(matches!(found.source, Source::File(_)));
    }

    #[test]
    fn tokens_go_over_https_or_to_loopback_only() {
        assert!(may_send_token_to("https://huggingface.co/datasets/a/b"));
        assert!(may_send_token_to("http://127.0.0.1:8080/datasets/a/b"));
        assert!(may_send_token_to("http://[::1]:80/x"));
        assert!(may_send_token_to("http://localhost:3000"));
        assert!(!may_send_token_to("http://example.com/x"));
        assert!(!may_send_token_to("http://127.0.0.1.evil.com/x"));
    }
}
