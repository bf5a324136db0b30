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
    Env(String),
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

/// One place a token can come from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TokenSource {
    /// An environment variable.
    Env(String),
    /// The keyring entry `traces login` wrote (or its `--insecure-storage` file).
    Login,
    /// The huggingface-cli token file.
    HfCache,
}

/// The token sources a remote reads, in order; the first that holds a token wins. Kept in a
/// remote's config as `token = HF_TOKEN HUGGING_FACE_HUB_TOKEN login hf-cache`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TokenChain(pub Vec<TokenSource>);

/// A chain's text that is not a list of variable names, `login` and `hf-cache`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadChain {
    #[error(
        "token chain {0:?}: expected environment variable names, `login` and `hf-cache`, separated by spaces"
    )]
    Syntax(String),
    /// Never echoed: the text is most likely the token itself.
    #[error(
        "the token chain holds what looks like a token, not the name of a variable that holds one; it is not stored"
    )]
    LooksLikeToken,
}

impl TokenChain {
    /// The user's own token: HF_TOKEN, HUGGING_FACE_HUB_TOKEN, `traces login`, then the
    /// huggingface-cli token file.
    pub fn personal() -> TokenChain {
        TokenChain::with_vars(&["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"])
    }

    /// The org upload: HF_SESSION_UPLOAD_TOKEN, HF_TOKEN, HF_ADMIN_TOKEN, then the personal
    /// chain.
    pub fn org() -> TokenChain {
        TokenChain::with_vars(&[
            "HF_SESSION_UPLOAD_TOKEN",
            "HF_TOKEN",
            "HF_ADMIN_TOKEN",
            "HUGGING_FACE_HUB_TOKEN",
        ])
    }

    fn with_vars(vars: &[&str]) -> TokenChain {
        let mut sources: Vec<TokenSource> = vars
            .iter()
            .map(|v| TokenSource::Env(v.to_string()))
            .collect();
        sources.extend([TokenSource::Login, TokenSource::HfCache]);
        TokenChain(sources)
    }

    pub fn parse(text: &str) -> Result<TokenChain, BadChain> {
        let items = || {
            text.split(|c: char| c.is_whitespace() || c == ',')
                .filter(|item| !item.is_empty())
        };
        // Checked first, so no error below quotes a token back.
        if items().any(looks_like_token) {
            return Err(BadChain::LooksLikeToken);
        }
        let bad = || BadChain::Syntax(text.to_string());
        let sources = items()
            .map(|item| match item {
                "login" => Ok(TokenSource::Login),
                "hf-cache" => Ok(TokenSource::HfCache),
                var if is_var_name(var) => Ok(TokenSource::Env(var.to_string())),
                _ => Err(bad()),
            })
            .collect::<Result<Vec<_>, _>>()?;
        if sources.is_empty() {
            return Err(bad());
        }
        Ok(TokenChain(sources))
    }
}

/// A chain item shaped like a credential rather than a variable name: long and mixing
/// lower case, upper case and digits (as base62 tokens do: `hf_…`, `ghp_…`), or long and
/// digit-heavy (hex and base32 keys). Variable names are words: `HF_TOKEN`, `MyUploadToken`.
fn looks_like_token(item: &str) -> bool {
    let count = |f: fn(&char) -> bool| item.chars().filter(f).count();
    let (lower, upper, digits) = (
        count(char::is_ascii_lowercase),
        count(char::is_ascii_uppercase),
        count(char::is_ascii_digit),
    );
    let len = item.chars().count();
    (len >= 20 && lower > 0 && upper > 0 && digits > 0) || (len >= 24 && digits * 5 >= len)
}

fn is_var_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl std::fmt::Display for TokenChain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, source) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            match source {
                TokenSource::Env(var) => f.write_str(var)?,
                TokenSource::Login => f.write_str("login")?,
                TokenSource::HfCache => f.write_str("hf-cache")?,
            }
        }
        Ok(())
    }
}

/// The first token the chain finds; `token_env` (`--token-env VAR`) overrides the chain.
/// `login` is the keyring entry of `traces login`, looked up where the chain says `login`; a
/// keyring that is missing or does not answer is skipped.
pub fn resolve(
    env: &Env,
    chain: &TokenChain,
    token_env: Option<&str>,
    login: Option<&LoginEntry>,
) -> Option<Resolved> {
    if let Some(var) = token_env {
        return env.get_named(var).map(|value| Resolved {
            token: Token::new(value),
            source: Source::Flag(var.to_string()),
        });
    }
    chain.0.iter().find_map(|source| match source {
        // A chain may name any variable, not only those `env` lists.
        TokenSource::Env(var) => env
            .get_named(var)
            .filter(|v| !v.trim().is_empty())
            .map(|value| Resolved {
                token: Token::new(value),
                source: Source::Env(var.clone()),
            }),
        TokenSource::Login => login.and_then(|entry| from_login(env, entry)),
        TokenSource::HfCache => {
            let path = token_file(env)?;
            let value = std::fs::read_to_string(&path).ok()?;
            (!value.trim().is_empty()).then(|| Resolved {
                token: Token::new(value),
                source: Source::File(path),
            })
        }
    })
}

/// The token `traces login` stored: the keyring entry, else its `--insecure-storage` file.
fn from_login(env: &Env, entry: &LoginEntry) -> Option<Resolved> {
    if let Ok(Some(token)) = keyring::read(entry) {
        return Some(Resolved {
            token,
            source: Source::Keyring(entry.service.clone()),
        });
    }
    let path = keyring::insecure_file(&env.config_dir()?, entry);
    let value = std::fs::read_to_string(&path).ok()?;
    (!value.trim().is_empty()).then(|| Resolved {
        token: Token::new(value),
        source: Source::InsecureFile(path),
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
            resolve(&env, &TokenChain::personal(), None, None)
                .unwrap()
                .source,
            Source::Env("HF_TOKEN".into())
        );
        assert_eq!(
            resolve(&env, &TokenChain::org(), None, None)
                .unwrap()
                .token
                .expose(),
            "b"
        );
        let env = Env::from_pairs([("HF_ADMIN_TOKEN", "c")]);
        assert_eq!(
            resolve(&env, &TokenChain::org(), None, None)
                .unwrap()
                .token
                .expose(),
            "c"
        );
        assert!(resolve(&env, &TokenChain::personal(), None, None).is_none());
    }

    #[test]
    fn a_chain_reads_and_writes_as_its_config_text() {
        let chain = TokenChain::parse("MY_UPLOAD_TOKEN, hf-cache  login").unwrap();
        assert_eq!(
            chain.0,
            [
                TokenSource::Env("MY_UPLOAD_TOKEN".into()),
                TokenSource::HfCache,
                TokenSource::Login
            ]
        );
        assert_eq!(chain.to_string(), "MY_UPLOAD_TOKEN hf-cache login");
        assert_eq!(
            TokenChain::parse(&TokenChain::org().to_string()),
            Ok(TokenChain::org())
        );
        assert!(TokenChain::parse("").is_err());
        assert!(TokenChain::parse("HF_TOKEN $HOME").is_err());
        assert!(TokenChain::parse("9LIVES").is_err());
        assert_eq!(
            TokenChain::parse("MY_UPLOAD_TOKEN MyUploadToken HF_TOKEN_2 login").map(|c| c.0.len()),
            Ok(4)
        );
        // A chain never falls back to sources it does not name.
        let env = Env::from_pairs([("HF_TOKEN", "a"), ("HF_ADMIN_TOKEN", "m")]);
        let only = TokenChain::parse("HF_ADMIN_TOKEN").unwrap();
        assert_eq!(
            resolve(&env, &only, None, None).unwrap().token.expose(),
            "m"
        );
        let env = Env::from_pairs([("HF_TOKEN", "a")]);
        assert!(resolve(&env, &only, None, None).is_none());
    }

    #[test]
    fn a_pasted_token_is_refused_without_being_quoted() {
        for token in [
            "hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567",
            "ghp_0123456789abcdefABCDEF0123456789abcd",
            "0123456789abcdef0123456789abcdef01234567",
        ] {
            let error = TokenChain::parse(&format!("HF_TOKEN {token} login")).unwrap_err();
            assert_eq!(error, BadChain::LooksLikeToken);
            assert!(!error.to_string().contains(token), "{error}");
        }
    }

    #[test]
    fn the_token_file_is_found_like_huggingface_hub_does() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("cache/huggingface")).unwrap();
        std::fs::write(dir.path().join("cache/huggingface/token"), "hf_fromfile\n").unwrap();
        let cache = dir.path().join("cache");
        let env = Env::from_pairs([("XDG_CACHE_HOME", cache.to_str().unwrap())]);
        let found = resolve(&env, &TokenChain::org(), None, None).unwrap();
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
