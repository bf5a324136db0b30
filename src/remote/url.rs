//! Remote URLs as they may be shown: credentials in a URL's userinfo
//! (`https://user:token@host/...`) never reach the store's config, the terminal or a log.
//!
//! `remote add` and `remote set-url` refuse a URL with userinfo ([`has_credentials`]); a store
//! written before that rule may still hold one, so everything that prints or records a URL
//! goes through [`SafeUrl`], whose `Display` and `Debug` mask the userinfo.

use std::fmt;

/// The URL parsed, when it is one and carries userinfo (a user name or a password).
fn with_userinfo(text: &str) -> Option<url::Url> {
    let parsed = url::Url::parse(text).ok()?;
    (!parsed.username().is_empty() || parsed.password().is_some()).then_some(parsed)
}

/// Whether a `scheme://userinfo@host/...` URL carries credentials.
pub fn has_credentials(url: &str) -> bool {
    with_userinfo(url).is_some()
}

/// The URL without its userinfo, and the user name and password that were there (decoded).
pub fn split_credentials(url: &str) -> (String, Option<(String, Option<String>)>) {
    let Some(mut parsed) = with_userinfo(url) else {
        return (url.to_string(), None);
    };
    let decode = |text: &str| {
        percent_encoding::percent_decode_str(text)
            .decode_utf8_lossy()
            .into_owned()
    };
    let user = decode(parsed.username());
    let password = parsed.password().map(decode);
    // Cannot fail on a URL that has an authority, which userinfo implies.
    let _ = parsed.set_username("");
    let _ = parsed.set_password(None);
    (parsed.to_string(), Some((user, password)))
}

/// The URL with its userinfo masked: `user:****@` keeps a user name next to a password,
/// and a lone user name is masked whole (tokens are often given as one). A URL without
/// userinfo is returned exactly as written.
pub fn mask(url: &str) -> String {
    let Some(mut parsed) = with_userinfo(url) else {
        return url.to_string();
    };
    let has_password = parsed.password().is_some();
    if has_password && !parsed.username().is_empty() {
        let _ = parsed.set_password(Some("****"));
    } else {
        let _ = parsed.set_password(None);
        let _ = parsed.set_username("****");
    }
    parsed.to_string()
}

/// A URL that prints without its credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct SafeUrl<'a>(pub &'a str);

impl fmt::Display for SafeUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask(self.0))
    }
}

impl fmt::Debug for SafeUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", mask(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_is_masked_and_nothing_else_changes() {
        let secret = format!("hf_{}", "Ab3".repeat(10));
        let url = format!("https://alice:{secret}@hub.example/datasets/a/b.git");
        assert_eq!(
            mask(&url),
            "https://alice:****@hub.example/datasets/a/b.git"
        );
        assert!(has_credentials(&url));
        let lone = format!("https://{secret}@hub.example/x");
        assert_eq!(mask(&lone), "https://****@hub.example/x");
        assert!(!format!("{:?} {}", SafeUrl(&lone), SafeUrl(&lone)).contains(&secret));
        let (clean, parts) = split_credentials(&url);
        assert_eq!(clean, "https://hub.example/datasets/a/b.git");
        assert_eq!(parts, Some(("alice".to_string(), Some(secret.clone()))));
        let at_in_password = "https://u:p@ss@host/x";
        assert_eq!(mask(at_in_password), "https://u:****@host/x");
    }

    #[test]
    fn urls_without_userinfo_are_kept() {
        for url in [
            "https://host/a@b",
            "hf://datasets/alice/sessions",
            "/srv/git/x.git",
            "file:///srv/x.git",
            "https://host/x?q=a@b",
        ] {
            assert_eq!(mask(url), url);
            assert!(!has_credentials(url), "{url}");
        }
    }
}
