//! The doctor's whole-file recommendation on a kubeconfig of 80,000 contexts (#22 item 13):
//! choosing the default identity counted every context's identity against every other one,
//! the allowed list was checked for duplicates by searching the names before each, and
//! `context_configs` searched its keys before each insert, so `doctor --format config` took
//! 234 s on such a file. Each is one pass now.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use skyauth::doctor::{diagnose_config, parse, KubeconfigJourney, Recommendation};
use skyauth::setup::RemoteIdentity;

const CONTEXTS: usize = 80_000;

/// 80,000 contexts on one cluster, alternately a token user and a kubelogin one (3.9 MB,
/// within the doctor's 4 MiB): judged for LOCAL_CREDENTIALS, half of them need their own
/// identity, so `context_configs` has 40,000 entries.
fn many_contexts() -> String {
    let mut out = String::from(
        "apiVersion: v1\nkind: Config\ncurrent-context: c0\nclusters:\n- name: k\n  cluster: {server: 'https://k.example.com'}\n\
         users:\n- name: t\n  user: {token: abc}\n- name: e\n  user: {exec: {command: kubelogin, apiVersion: client.authentication.k8s.io/v1beta1}}\ncontexts:\n",
    );
    for i in 0..CONTEXTS {
        let user = if i % 2 == 0 { "e" } else { "t" };
        let _ = writeln!(
            out,
            "- {{name: c{i}, context: {{cluster: k, user: {user}}}}}"
        );
    }
    out
}

#[test]
fn the_recommendation_for_80000_contexts_is_linear() {
    let text = many_contexts();
    let config = parse(&text).expect("a valid kubeconfig");
    let diagnosis = diagnose_config(
        &config,
        &KubeconfigJourney::for_identity(RemoteIdentity::LocalCredentials),
        None,
    );
    let start = Instant::now();
    let recommendation = Recommendation::of(&diagnosis);
    let snippet = recommendation.config().expect("a snippet");
    let elapsed = start.elapsed();
    assert_eq!(recommendation.contexts.len(), CONTEXTS);
    assert_eq!(snippet.matches("remote_identity").count(), CONTEXTS / 2 + 1);
    // Quadratic, this took minutes (a debug build); linear, well under a second.
    assert!(
        elapsed < Duration::from_secs(15),
        "the recommendation took {elapsed:?}"
    );
}
