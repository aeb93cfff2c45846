//! The web page's Yew components. They render core state and send messages; no domain logic.

mod analysis_client;
mod app;
mod attention;
mod browser;
mod components;
mod copy_action;
pub mod framing;
pub mod highlight;
mod link_sync;
pub mod panic_page;
mod prose;
mod state;
mod tone;

pub use app::App;
