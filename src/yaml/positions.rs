//! Where things are in a YAML file, for reports that point into it (SARIF): each mapping key
//! and each sequence item by its document and path (`contexts/2`,
//! `kubernetes/context_configs/gke`), with its 1-based line and column and, for a scalar, its
//! value. Read from libyaml's own events
//! (`guard::EventParser`, the parser serde_yaml uses), so the places are the ones the
//! file's reader saw. Only for text that `guard::admit` let through; aliases are
//! not followed (a finding points at what the file says, not what it expands to).

use std::collections::HashMap;

use super::guard::{Event, EventParser};

/// One step of a path: a mapping key or a sequence index.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A node's place: 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: u64,
    pub column: u64,
}

/// Every key and item of every document, in file order.
#[derive(Clone, Debug, Default)]
pub struct Positions {
    /// (document, path, place, scalar value).
    nodes: Vec<(usize, Vec<Step>, Position, Option<String>)>,
    /// Each (document, path)'s entry in `nodes` (the first, for a key written twice).
    index: HashMap<(usize, Vec<Step>), usize>,
    documents: usize,
}

/// An open container while the events are read.
enum Open {
    Mapping { key: Option<String> },
    Sequence { next: usize },
}

impl Positions {
    /// The places of `text`'s documents (none past a syntax error).
    pub fn of_text(text: &str) -> Positions {
        let mut out = Positions::default();
        let Some(mut parser) = EventParser::new(text) else {
            return out;
        };
        let mut path: Vec<Step> = Vec::new();
        let mut open: Vec<Open> = Vec::new();
        while let Some((event, _, span, value)) = parser.next_event(true) {
            let document = out.documents.saturating_sub(1);
            let position = Position {
                line: span.line,
                column: span.column,
            };
            match event {
                Event::DocumentStart => out.documents += 1,
                Event::Scalar | Event::Alias | Event::Start { .. } => {
                    // A key of the open mapping: its place is the key's, its value follows.
                    if let Some(Open::Mapping { key: key @ None }) = open.last_mut() {
                        let name = value.unwrap_or_default();
                        let mut at = path.clone();
                        at.push(Step::Key(name.clone()));
                        out.nodes.push((document, at, position, None));
                        *key = Some(name);
                        if let Event::Start { .. } = event {
                            // A complex key: read under a step no path asks for.
                            open.push(Open::Sequence { next: 0 });
                            path.push(Step::Index(usize::MAX));
                        }
                        continue;
                    }
                    let step = match open.last_mut() {
                        Some(Open::Mapping { key }) => key.take().map(Step::Key),
                        Some(Open::Sequence { next }) => {
                            *next += 1;
                            let step = Step::Index(*next - 1);
                            let mut at = path.clone();
                            at.push(step.clone());
                            out.nodes.push((document, at, position, value.clone()));
                            Some(step)
                        }
                        None => None,
                    };
                    if let Some(Step::Key(_)) = &step {
                        // A key's value comes right after the key: the last entry is the key's.
                        if let Some(entry) = out.nodes.last_mut() {
                            entry.3 = value;
                        }
                    }
                    if let Event::Start { mapping } = event {
                        // The root has no step; every other container is its step's.
                        if !open.is_empty() {
                            path.push(step.unwrap_or(Step::Index(usize::MAX)));
                        }
                        open.push(if mapping {
                            Open::Mapping { key: None }
                        } else {
                            Open::Sequence { next: 0 }
                        });
                    }
                }
                Event::End => {
                    open.pop();
                    path.truncate(open.len().saturating_sub(1));
                }
                Event::Other => {}
            }
        }
        for (at, (document, path, _, _)) in out.nodes.iter().enumerate() {
            out.index.entry((*document, path.clone())).or_insert(at);
        }
        out
    }

    /// How many documents the text has.
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// The place of the node at `path` of the first document (a key's place for a mapping
    /// entry).
    pub fn at(&self, path: &[Step]) -> Option<Position> {
        self.at_in(0, path)
    }

    /// The place of the node at `path` of `document`.
    pub fn at_in(&self, document: usize, path: &[Step]) -> Option<Position> {
        self.index
            .get(&(document, path.to_vec()))
            .map(|at| self.nodes[*at].2)
    }

    /// The scalar value at `path` of the first document, if it is one.
    pub fn value(&self, path: &[Step]) -> Option<&str> {
        self.value_in(0, path)
    }

    /// The scalar value at `path` of `document`, if it is one.
    pub fn value_in(&self, document: usize, path: &[Step]) -> Option<&str> {
        self.index
            .get(&(document, path.to_vec()))
            .and_then(|at| self.nodes[*at].3.as_deref())
    }

    /// The items of the first document's sequence at `list` by the scalar under their `key`
    /// (the contexts by name): one pass, the first item of a name kept.
    pub fn items_by(&self, list: &[Step], key: &str) -> HashMap<String, usize> {
        let mut items = HashMap::new();
        for (_, path, _, value) in self.nodes.iter().filter(|(doc, ..)| *doc == 0) {
            if let (Some(value), [Step::Index(index), Step::Key(last)]) =
                (value, path.get(list.len()..).unwrap_or_default())
            {
                if last == key && path[..list.len()] == list[..] {
                    items.entry(value.clone()).or_insert(*index);
                }
            }
        }
        items
    }
}

/// A path from its keys (`["kubernetes", "context_configs", "gke"]`).
pub fn keys(names: &[&str]) -> Vec<Step> {
    names
        .iter()
        .map(|name| Step::Key((*name).to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KUBECONFIG: &str = "apiVersion: v1\ncontexts:\n- name: a\n  context: {cluster: c, user: u}\n- context:\n    cluster: c\n  name: b\ncurrent-context: b\n";

    #[test]
    fn keys_and_items_have_their_places_and_values() {
        let positions = Positions::of_text(KUBECONFIG);
        let at = |path: Vec<Step>| positions.at(&path).map(|p| (p.line, p.column));
        assert_eq!(at(keys(&["apiVersion"])), Some((1, 1)));
        assert_eq!(positions.value(&keys(&["current-context"])), Some("b"));
        let contexts = keys(&["contexts"]);
        let by_name = positions.items_by(&contexts, "name");
        assert_eq!(by_name.get("b"), Some(&1));
        assert_eq!(by_name.get("a"), Some(&0));
        assert_eq!(by_name.get("z"), None);
        let mut second = contexts.clone();
        second.push(Step::Index(1));
        assert_eq!(at(second.clone()), Some((5, 3)));
        second.extend(keys(&["name"]));
        assert_eq!(at(second), Some((7, 3)));
        let mut flow = contexts;
        flow.extend([
            Step::Index(0),
            Step::Key("context".into()),
            Step::Key("user".into()),
        ]);
        assert_eq!(at(flow), Some((4, 25)));
    }

    #[test]
    fn every_document_has_its_own_places() {
        let positions =
            Positions::of_text("kind: Role\n---\nkind: RoleBinding\nmetadata:\n  name: rb\n");
        assert_eq!(positions.documents(), 2);
        assert_eq!(positions.value_in(1, &keys(&["kind"])), Some("RoleBinding"));
        let name = positions.at_in(1, &keys(&["metadata", "name"]));
        assert_eq!(name, Some(Position { line: 5, column: 3 }));
        assert_eq!(positions.at_in(0, &keys(&["metadata"])), None);
    }

    #[test]
    fn unreadable_text_has_no_places() {
        assert!(Positions::of_text("a: [b").at(&keys(&["a"])).is_some());
        assert!(Positions::of_text(": : :\n\t").nodes.len() <= 1);
    }
}
