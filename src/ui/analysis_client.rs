//! The page's side of the analysis worker: starts it on the first question, waits for it to
//! say it listens, keeps one question in flight and only the newest waiting per kind (a fast
//! typist or a 4 MiB paste never queues stale work), and hands each answer to its asker. A
//! question of the same kind as one that has run for longer than [`PATIENCE_MS`] replaces it:
//! the busy worker is stopped and a new one started, and the older asker is told why. The
//! worker is started from a `blob:` URL so that it runs under the page's CSP
//! ([`worker_script_url`]).
//!
//! Kept in one file on purpose: the worker's start, its one-question-in-flight queue and the
//! reply hook share the client's state and its replacement rule.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};
use yew::Callback;

use crate::analysis::codec::{decode, encode};
use crate::analysis::{Answer, Message, Query, READY};

/// The worker's loader, next to the page (relative, so any sub-path works), when the page does
/// not name it with its version in `<meta name="skyauth-worker">`.
const WORKER_URL: &str = "./skyauth-worker_loader.js";

/// The worker's URL from the page's meta tag (versioned by the build), or [`WORKER_URL`].
fn worker_url() -> String {
    gloo::utils::document()
        .query_selector("meta[name=skyauth-worker]")
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .filter(|url| !url.is_empty())
        .unwrap_or_else(|| WORKER_URL.to_owned())
}

/// An answer, or why there is none.
pub type Reply = Result<Answer, String>;

/// How long a question may run before a newer one of its kind replaces it.
const PATIENCE_MS: f64 = 3000.0;

/// What the asker of a question that was replaced is told (and its panel says).
const SET_ASIDE: &str =
    "The check of the earlier text ran for more than 3 seconds and was stopped for the newer one.";

struct Asked {
    id: usize,
    kind: usize,
    message: String,
    on_reply: Callback<Reply>,
    /// When it was sent to the worker (`Date.now()`), once sent.
    sent_at: f64,
}

struct Client {
    worker: Worker,
    ready: bool,
    in_flight: Option<Asked>,
    /// The newest unsent question per kind (doctor, audit, rewrite, verify, explain, link).
    waiting: [Option<Asked>; KINDS],
    next_id: usize,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(ErrorEvent)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
}

/// How many kinds of question there are ([`kind`]).
const KINDS: usize = 6;

fn kind(query: &Query) -> usize {
    match query {
        Query::Doctor(_) => 0,
        Query::Audit(_) => 1,
        Query::Rewrite(_) => 2,
        Query::Verify(_) => 3,
        Query::Explain(_) => 4,
        Query::Link(_) => 5,
    }
}

/// Asks the worker `query`; `on_reply` gets the answer (later, never synchronously).
pub fn ask(query: Query, on_reply: Callback<Reply>) {
    let slot = kind(&query);
    let on_failure = on_reply.clone();
    let started = CLIENT.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            match start() {
                Ok(client) => *cell = Some(client),
                Err(message) => return Err(message),
            }
        }
        let stuck = cell.as_ref().is_some_and(|client| {
            client.in_flight.as_ref().is_some_and(|asked| {
                asked.kind == slot && js_sys::Date::now() - asked.sent_at > PATIENCE_MS
            })
        });
        if stuck {
            if let Some(old) = cell.take() {
                let replacement = start()?;
                *cell = Some(old.replaced_by(replacement));
            }
        }
        let Some(client) = cell.as_mut() else {
            return Err("the analysis worker is not running".to_owned());
        };
        client.next_id += 1;
        let id = client.next_id;
        client.waiting[slot] = Some(Asked {
            id,
            kind: slot,
            message: encode(&Message { id, body: query }),
            on_reply,
            sent_at: 0.0,
        });
        client.send_next();
        Ok(())
    });
    if let Err(message) = started {
        on_failure.emit(Err(message));
    }
}

/// What a stopped worker leaves: the question it was answering, those waiting, the next id.
struct Stopped {
    in_flight: Option<Asked>,
    waiting: [Option<Asked>; KINDS],
    next_id: usize,
}

impl Client {
    /// Stops the worker and gives back its questions. This may run inside the worker's own
    /// message or error handler, whose closures must outlive that call: they are leaked (a few
    /// bytes, once per stopped worker).
    fn stop(self) -> Stopped {
        let Client {
            worker,
            waiting,
            in_flight,
            next_id,
            _on_message,
            _on_error,
            ..
        } = self;
        worker.terminate();
        std::mem::forget(_on_message);
        std::mem::forget(_on_error);
        Stopped {
            in_flight,
            waiting,
            next_id,
        }
    }

    /// Stops this client's busy worker for `replacement`, keeping the questions still waiting;
    /// the one in flight is answered with why it stopped.
    fn replaced_by(self, mut replacement: Client) -> Client {
        let stopped = self.stop();
        replacement.waiting = stopped.waiting;
        replacement.next_id = stopped.next_id;
        if let Some(asked) = stopped.in_flight {
            let waiting_again = asked.on_reply.clone();
            // Answered after the borrow of the client ends (the callback may ask again).
            wasm_bindgen_futures::spawn_local(async move {
                waiting_again.emit(Err(SET_ASIDE.into()));
            });
        }
        replacement
    }

    fn send_next(&mut self) {
        if !self.ready || self.in_flight.is_some() {
            return;
        }
        let next = self.waiting.iter_mut().find_map(Option::take);
        if let Some(asked) = next {
            if self
                .worker
                .post_message(&JsValue::from_str(&asked.message))
                .is_err()
            {
                asked
                    .on_reply
                    .emit(Err("Could not send the text to the analysis worker.".into()));
                return;
            }
            let mut asked = asked;
            asked.sent_at = js_sys::Date::now();
            self.in_flight = Some(asked);
        }
    }
}

/// A `blob:` URL of a one-line script that loads the worker's loader by its absolute URL.
///
/// A worker started from a URL of its own is not governed by the page's `<meta>` CSP (only a
/// header could govern it, and static hosts such as GitHub Pages send none); a worker started
/// from a `blob:` URL inherits the policy of the page that creates it (CSP 3), so from it, as
/// from the page, nothing but this origin can be fetched or imported. The loader learns its own
/// URL from `self.skyauthLoaderUrl` (a blob worker's `location` is the blob's).
fn worker_script_url() -> Result<String, JsValue> {
    let base = gloo::utils::window().location().href()?;
    let loader = web_sys::Url::new_with_base(&worker_url(), &base)?.href();
    // A JSON string is a JavaScript string literal: the URL cannot end the script's string.
    let literal = js_sys::JSON::stringify(&JsValue::from_str(&loader))?
        .as_string()
        .unwrap_or_default();
    let script = format!("self.skyauthLoaderUrl = {literal};\nimportScripts({literal});\n");
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let parts = js_sys::Array::of1(&JsValue::from_str(&script));
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    web_sys::Url::create_object_url_with_blob(&blob)
}

fn start() -> Result<Client, String> {
    let cannot_start = |_| "The analysis worker could not start; reload the page.".to_owned();
    let script_url = worker_script_url().map_err(cannot_start)?;
    let worker = Worker::new(&script_url).map_err(cannot_start);
    // Constructing the worker resolved the blob (parsing a blob: URL captures its entry), so
    // revoking it now does not stop the start (tested in Chromium); the blob is released
    // either way.
    let _ = web_sys::Url::revoke_object_url(&script_url);
    let worker = worker?;
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| {
        let data = event.data().as_string().unwrap_or_default();
        on_worker_message(&data);
    });
    let on_error = Closure::<dyn Fn(ErrorEvent)>::new(|event: ErrorEvent| {
        fail_all(&format!(
            "The analysis worker stopped ({}). Reload the page to try again.",
            event.message()
        ));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Client {
        worker,
        ready: false,
        in_flight: None,
        waiting: [const { None }; KINDS],
        next_id: 0,
        _on_message: on_message,
        _on_error: on_error,
    })
}

fn on_worker_message(data: &str) {
    let delivery = CLIENT.with(|cell| {
        let mut cell = cell.borrow_mut();
        let client = cell.as_mut()?;
        if data == READY {
            client.ready = true;
            client.send_next();
            return None;
        }
        let asked = client.in_flight.take()?;
        client.send_next();
        Some((asked, data.to_owned()))
    });
    // Callbacks run outside the borrow: they may ask again.
    if let Some((asked, data)) = delivery {
        let reply = match decode::<Message<Answer>>(&data) {
            Ok(message) if message.id == asked.id => Ok(message.body),
            Ok(_) | Err(_) => Err(
                "The analysis worker sent an answer this page cannot read; reload the page."
                    .to_owned(),
            ),
        };
        asked.on_reply.emit(reply);
    }
}

/// Tells every asker the worker is gone, and forgets it so the next question starts a new one.
fn fail_all(message: &str) {
    let askers: Vec<Asked> = CLIENT.with(|cell| {
        let Some(client) = cell.borrow_mut().take() else {
            return Vec::new();
        };
        let Stopped {
            waiting, in_flight, ..
        } = client.stop();
        waiting.into_iter().flatten().chain(in_flight).collect()
    });
    for asked in askers {
        asked.on_reply.emit(Err(message.to_owned()));
    }
}

/// What a panel knows of its question: the latest answer, of the kind it asked for; whether a
/// newer one is due; and whether the check before it was stopped for running too long (then
/// the message that says so, until the next question).
pub struct Replied<V> {
    pub answer: Option<std::rc::Rc<Result<V, String>>>,
    pub busy: bool,
    pub stopped: Option<&'static str>,
}

/// What a panel shows if the worker answered a question of another kind (it cannot: answers
/// are paired with questions by id; said once here instead of in every panel).
pub const OTHER_ANSWER: &str = "The analysis worker answered another question; reload the page.";

/// The worker's answer to the query `make` builds from `deps`, as the kind `expect` takes
/// (`Answer::doctor`, `Answer::audit`, ...), asked again whenever `deps` change: none until
/// the first answer (or when `make` gives no query). Answers to superseded queries are
/// dropped.
#[yew::hook]
pub fn use_reply<D, V>(
    deps: D,
    make: fn(&D) -> Option<Query>,
    expect: fn(Answer) -> Option<V>,
) -> Replied<V>
where
    D: PartialEq + 'static,
    V: 'static,
{
    use std::rc::Rc;
    use yew::{use_effect_with, use_mut_ref, use_state};

    let answer = use_state(|| None::<Rc<Result<V, String>>>);
    let busy = use_state(|| false);
    let stopped = use_state(|| None::<&'static str>);
    let generation = use_mut_ref(|| 0_usize);
    {
        let (answer, busy, stopped) = (answer.clone(), busy.clone(), stopped.clone());
        use_effect_with(deps, move |deps| {
            *generation.borrow_mut() += 1;
            let asked = *generation.borrow();
            stopped.set(None);
            match make(deps) {
                None => {
                    answer.set(None);
                    busy.set(false);
                }
                Some(query) => {
                    busy.set(true);
                    ask(
                        query,
                        Callback::from(move |reply: Reply| {
                            if *generation.borrow() == asked {
                                let typed = reply.and_then(|reply| {
                                    expect(reply).ok_or_else(|| OTHER_ANSWER.to_owned())
                                });
                                answer.set(Some(Rc::new(typed)));
                                busy.set(false);
                            } else if matches!(&reply, Err(message) if message == SET_ASIDE) {
                                // Superseded, but why is worth saying beside the newer answer.
                                stopped.set(Some(SET_ASIDE));
                            }
                        }),
                    );
                }
            }
        });
    }
    Replied {
        answer: (*answer).clone(),
        busy: *busy,
        stopped: *stopped,
    }
}
