//! Keeps the URL's fragment in step with the setup. A choice enters the history at once, so
//! Back returns to it; typing replaces the address once the keys pause, because writing it is
//! the costliest part of a keystroke (about 1.5 ms of 5 with every feature on, measured with
//! the browser benchmark) and a word typed is one entry, not one per key. A write still waiting
//! when the page is hidden (reload, close) is made then.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::ui::browser::{self, HistoryMode};

/// How long typing must pause before the address follows it.
pub const TYPING_PAUSE_MS: u32 = 250;

/// Writes `fragment` into the URL as `history` says, unless `keep_link` (the page keeps a link
/// it could not fully read, so it can be fixed or reported).
#[hook]
pub fn use_link_sync(fragment: Rc<AttrValue>, history: HistoryMode, keep_link: bool) {
    let unwritten = use_mut_ref(|| None::<AttrValue>);
    let timer = use_mut_ref(|| None::<Timeout>);
    {
        let unwritten = unwritten.clone();
        use_effect_with((), move |_| {
            let on_hide = EventListener::new(&gloo::utils::window(), "pagehide", move |_| {
                write_unwritten(&unwritten)
            });
            move || drop(on_hide)
        });
    }
    use_effect_with(fragment, move |fragment| {
        // Dropping the timer cancels it.
        timer.borrow_mut().take();
        if keep_link {
            unwritten.borrow_mut().take();
            return;
        }
        match history {
            HistoryMode::Push => {
                // The typed state a choice follows keeps its own entry.
                write_unwritten(&unwritten);
                browser::set_fragment(fragment, history);
            }
            HistoryMode::Replace => {
                // Back or forward moved to another entry: typing not yet written belonged to
                // the one left.
                unwritten.borrow_mut().take();
                browser::set_fragment(fragment, history);
            }
            HistoryMode::Typing => {
                *unwritten.borrow_mut() = Some((**fragment).clone());
                let unwritten = unwritten.clone();
                *timer.borrow_mut() = Some(Timeout::new(TYPING_PAUSE_MS, move || {
                    write_unwritten(&unwritten)
                }));
            }
        }
    });
}

fn write_unwritten(unwritten: &RefCell<Option<AttrValue>>) {
    if let Some(fragment) = unwritten.borrow_mut().take() {
        browser::set_fragment(&fragment, HistoryMode::Replace);
    }
}
