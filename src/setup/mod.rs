//! The setup model: every choice a user makes, as one serde-serializable value.

mod remote_identity;

pub use remote_identity::RemoteIdentity;
