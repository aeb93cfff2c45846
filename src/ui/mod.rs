//! The web page's Yew components. They render core state and send messages; no domain logic.

mod app;

pub use app::App;
