//! Benchmarks of the core: generation for a full-featured setup, and the doctor on a generated
//! 1 MiB kubeconfig with 500 contexts of mixed auth kinds (written to
//! target/bench-kubeconfig.yaml so `scripts/bench-pyyaml.py` can time PyYAML on the same file),
//! and the audit of a 1000-object RBAC export.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use skyauth::audit::{audit, AuditRequest};
use skyauth::doctor::{diagnose, KubeconfigJourney};
use skyauth::generate::generate;
use skyauth::samples::{kubeconfig, rbac_export};
use skyauth::setup::{AuthMethod, FeatureSet, Setup};

fn benches(c: &mut Criterion) {
    let setup = Setup {
        auth: AuthMethod::Custom,
        account: skyauth::setup::CustomAccount {
            create_namespace: true,
            token_secret: true,
            ..Default::default()
        },
        features: FeatureSet::all_optional(),
        ..Setup::default()
    };
    c.bench_function("generate: custom account, all features", |b| {
        b.iter(|| generate(black_box(&setup)))
    });

    let text = kubeconfig(Some(500), 1024 * 1024, "ctx-");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/target/bench-kubeconfig.yaml");
    std::fs::write(path, &text).expect("write the bench kubeconfig");
    eprintln!(
        "bench kubeconfig: {} bytes, 500 contexts, {path}",
        text.len()
    );
    c.bench_function("diagnose: 1 MiB kubeconfig, 500 contexts", |b| {
        b.iter(|| diagnose(black_box(&text), &KubeconfigJourney::LocalCredentials))
    });

    let export = rbac_export(1000, "default");
    let request = AuditRequest::new(
        "default/sky-sa".parse().expect("a service account"),
        skyauth::catalogue::Feature::ALL.to_vec(),
    );
    let checked = audit(&export, &request).expect("the export reads");
    eprintln!(
        "bench RBAC export: {} bytes, {} objects",
        export.len(),
        checked.objects_read
    );
    c.bench_function("audit: 1000-object RBAC export, every feature", |b| {
        b.iter(|| audit(black_box(&export), &request))
    });
}

criterion_group!(core, benches);
criterion_main!(core);
