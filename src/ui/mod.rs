//! The web page's Yew components. They render core state and send messages; no domain logic.

mod analysis_client;
mod app;
mod browser;
mod components;
pub mod highlight;
pub mod panic_page;
mod prose;
mod state;

pub use app::App;
