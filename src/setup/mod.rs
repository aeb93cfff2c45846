//! The setup model: every choice a user makes, as one serde-serializable value.
