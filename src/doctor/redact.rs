//! Redaction: secrets are never shown, only their length and a short fingerprint, so two
//! entries can be told apart without revealing either.

/// `secret` as `redacted (N chars, fingerprint 1a2b3c4d)`.
pub fn redact(secret: &str) -> String {
    format!(
        "redacted ({} chars, fingerprint {})",
        secret.chars().count(),
        fingerprint(secret)
    )
}

/// The first 8 hex digits of the 64-bit FNV-1a hash of `secret`: not reversible to the
/// secret at any useful length, stable across runs.
pub fn fingerprint(secret: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in secret.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{:08x}", hash >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_hides_the_secret_and_distinguishes_secrets() {
        let shown = redact("sk-very-secret-token");
        assert!(!shown.contains("secret-token"));
        assert!(shown.contains("20 chars"));
        assert_ne!(fingerprint("a"), fingerprint("b"));
        assert_eq!(fingerprint("a"), fingerprint("a"));
        assert_eq!(fingerprint("a").len(), 8);
    }
}
