//! Helpers shared by the integration tests: the setup matrix, strategies and oracles
//! (`fixtures`), running the binary (`cli`) and the kubectl stand-in (`standin`).

pub mod cli;
pub mod fixtures;
pub mod standin;
