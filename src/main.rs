//! The web entry point: mounts the Yew app into the page.

fn main() {
    yew::Renderer::<skyauth::ui::App>::new().render();
}
