//! Helpers shared by the integration tests that drive the binary.

pub mod cli;
pub mod standin;
