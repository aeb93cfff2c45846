//! The root component.

use yew::prelude::*;

/// Placeholder root: a heading and a live input, proving the Yew pipeline end to end.
#[function_component(App)]
pub fn app() -> Html {
    let namespace = use_state(|| String::from("default"));
    let oninput = {
        let namespace = namespace.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            namespace.set(input.value());
        })
    };
    html! {
        <main>
            <h1>{ "skyauth" }</h1>
            <label for="namespace">{ "Namespace" }</label>
            <input id="namespace" value={(*namespace).clone()} {oninput} />
            <p id="echo">{ format!("Namespace: {}", *namespace) }</p>
        </main>
    }
}
