//! The web entry point: installs the friendly panic page, then mounts the Yew app, or, in a
//! frame of another site, only a link to open the page in its own tab (`ui::framing`).

fn main() {
    skyauth::ui::panic_page::install();
    if skyauth::ui::framing::framed_by_another_origin() {
        let _ = skyauth::ui::framing::show_framed_notice();
        return;
    }
    yew::Renderer::<skyauth::ui::App>::new().render();
}
