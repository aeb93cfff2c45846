//! The kubeconfig doctor: parses a kubeconfig and diagnoses every context.
