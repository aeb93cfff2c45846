//! The web entry point: installs the friendly panic page, then mounts the Yew app.

fn main() {
    skyauth::ui::panic_page::install();
    yew::Renderer::<skyauth::ui::App>::new().render();
}
