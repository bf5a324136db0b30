//! Remote URLs as they may be shown: credentials in a URL's userinfo
//! (`https://user:token@host/...`) never reach the store's config, the terminal or a log.
//!
//! `remote add` and `remote set-url` refuse a URL with userinfo ([`credentials`]); a store
//! written before that rule may still hold one, so everything that prints or records a URL
//! goes through [`SafeUrl`], whose `Display` and `Debug` mask the userinfo.

use std::fmt;

/// The userinfo of a `scheme://userinfo@host/...` URL, if it has one.
pub fn credentials(url: &str) -> Option<&str> {
    let (start, end) = userinfo_span(url)?;
    Some(&url[start..end])
}

/// `(start, end)` of the userinfo, without its `@`.
fn userinfo_span(url: &str) -> Option<(usize, usize)> {
    let start = url.find("://")? + 3;
    let authority_end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    // The last '@' of the authority ends the userinfo (a password may hold a raw '@').
    let at = url[start..authority_end].rfind('@')? + start;
    Some((start, at))
}

/// The URL without its userinfo, and the user name and password that were there.
pub fn split_credentials(url: &str) -> (String, Option<(String, Option<String>)>) {
    let Some((start, end)) = userinfo_span(url) else {
        return (url.to_string(), None);
    };
    let clean = format!("{}{}", &url[..start], &url[end + 1..]);
    let userinfo = &url[start..end];
    let parts = match userinfo.split_once(':') {
        Some((user, password)) => (user.to_string(), Some(password.to_string())),
        None => (userinfo.to_string(), None),
    };
    (clean, Some(parts))
}

/// The URL with its userinfo masked: `user:****@` keeps a user name next to a password,
/// and a lone user name is masked whole (tokens are often given as one).
pub fn mask(url: &str) -> String {
    let Some((start, end)) = userinfo_span(url) else {
        return url.to_string();
    };
    let masked = match url[start..end].split_once(':') {
        Some((user, _)) if !user.is_empty() => format!("{user}:****"),
        _ => "****".to_string(),
    };
    format!("{}{masked}{}", &url[..start], &url[end..])
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
        assert_eq!(credentials(&url), Some(format!("alice:{secret}").as_str()));
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
            assert_eq!(credentials(url), None, "{url}");
        }
    }
}
