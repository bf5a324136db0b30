//! A session id that scrubbing had to redact (it looks like a token) still has to name one
//! file: it gets a stable substitute, `redacted-<keyed hash of the id>`, instead of a shared
//! `[REDACTED:...]` placeholder under which a second such session would replace the first.
//!
//! HMAC-SHA-256 under a fixed, published key: the substitute is the same on every machine
//! (the same session pushed twice stays one file), different for different ids, and does not
//! reveal the id (preimage resistance; the ids worth redacting are token-shaped, far beyond
//! guessing).

use sha2::{Digest, Sha256};

/// Domain separation: these hashes are used for nothing else.
const KEY: &[u8] = b"traces: substitute for a redacted session id, v1";
const BLOCK: usize = 64;

/// The substitute for `raw`, a session id that scrubbing changed.
pub(crate) fn substitute(raw: &str) -> String {
    let mac = hmac_sha256(KEY, raw.as_bytes());
    let hex: String = mac[..12].iter().map(|b| format!("{b:02x}")).collect();
    format!("redacted-{hex}")
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.map(|b| b ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_the_rfc_4231_vector() {
        // RFC 4231, test case 2.
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn substitutes_are_stable_distinct_and_safe_names() {
        let a = substitute("ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        let b = substitute("ghp_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
        assert_ne!(a, b);
        assert_eq!(a, substitute("ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
        assert!(a.starts_with("redacted-") && a.len() == "redacted-".len() + 24);
        assert!(super::super::check_session_id(&a).is_ok());
    }
}
