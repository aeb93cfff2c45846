//! YAML merge keys (`<<: *base`, `<<: [*a, *b]`, `<<: {inline: map}`) resolved in a parsed
//! value, as the program that will read the same file resolves them: kubectl (Go's yaml.v2,
//! through sigs.k8s.io/yaml) for kubeconfigs and RBAC exports, PyYAML for SkyPilot's config.
//! serde_yaml keeps `<<` as an ordinary key, so without this a merged field was silently
//! missing (a context with no cluster) where kubectl reads it.
//!
//! The two readers agree on what may be merged (a mapping, or a list of mappings; anything
//! else is an error: "map merge requires map or sequence of maps as the value") and that in a
//! list the earlier mapping wins; they differ on explicit keys: yaml.v2 applies keys and
//! merges in the order written, so a merge after `namespace: x` overrides it, while PyYAML's
//! explicit keys always win.
//!
//! PyYAML's releases disagree on a list whose mappings share a key: 6.0.3 lets the earlier
//! mapping win as the merge-key spec says, 6.0.4 (what `pip install skypilot` brings today)
//! sometimes the later one (`<<: [*one, *two]` with `remote_identity` in both gives `two`'s).
//! For SkyPilot's config such a key, unless the mapping sets it explicitly, is refused with the
//! fix (write the key), not guessed.
//!
//! Known difference: a quoted `"<<"` key is an ordinary key to both readers but a merge key
//! here (the parsed value no longer says how a key was written).

use serde_yaml::{Mapping, Value};

/// Whose rules a merge follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MergeRules {
    /// kubectl's (Go yaml.v2): keys and merges in the order written, the last one wins.
    Kubectl,
    /// PyYAML's (SkyPilot): explicit keys win over merged ones, later merges over earlier.
    PyYaml,
}

/// True when `value` has a `<<` key anywhere (then [`resolve`] changes it).
pub(crate) fn has_merge_keys(value: &Value) -> bool {
    match value {
        Value::Mapping(map) => map
            .iter()
            .any(|(key, value)| is_merge_key(key) || has_merge_keys(value)),
        Value::Sequence(items) => items.iter().any(has_merge_keys),
        Value::Tagged(tagged) => has_merge_keys(&tagged.value),
        _ => false,
    }
}

fn is_merge_key(key: &Value) -> bool {
    key.as_str() == Some("<<")
}

/// Resolves every merge key in `value` by `rules`, innermost first (a merged mapping's own
/// merges are resolved before it is merged). The error names the path of the mapping whose
/// `<<` holds something else than mappings: `contexts[0].context: ...`.
pub(crate) fn resolve(value: &mut Value, rules: MergeRules) -> Result<(), String> {
    resolve_at(value, rules, &mut String::new())
}

fn resolve_at(value: &mut Value, rules: MergeRules, path: &mut String) -> Result<(), String> {
    match value {
        Value::Sequence(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                let length = path.len();
                path.push_str(&format!("[{index}]"));
                resolve_at(item, rules, path)?;
                path.truncate(length);
            }
            Ok(())
        }
        Value::Tagged(tagged) => resolve_at(&mut tagged.value, rules, path),
        Value::Mapping(map) => {
            for (key, value) in map.iter_mut() {
                let length = path.len();
                if !is_merge_key(key) {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key.as_str().unwrap_or("?"));
                }
                resolve_at(value, rules, path)?;
                path.truncate(length);
            }
            if map.keys().any(is_merge_key) {
                *map = merged(std::mem::take(map), rules).map_err(|message| {
                    let place = if path.is_empty() {
                        "the document"
                    } else {
                        path
                    };
                    format!("{place}: {message}")
                })?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// `map` with its `<<` entries replaced by what they merge.
fn merged(map: Mapping, rules: MergeRules) -> Result<Mapping, String> {
    let map_keys: Vec<Value> = map
        .keys()
        .filter(|key| !is_merge_key(key))
        .cloned()
        .collect();
    let mut out = Mapping::new();
    let mut explicit = Vec::new();
    for (key, value) in map {
        if !is_merge_key(&key) {
            match rules {
                MergeRules::Kubectl => {
                    out.insert(key, value);
                }
                MergeRules::PyYaml => explicit.push((key, value)),
            }
            continue;
        }
        let sources = match value {
            Value::Mapping(source) => vec![source],
            Value::Sequence(items) => {
                let mut sources = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::Mapping(source) => sources.push(source),
                        _ => return Err(not_mergeable()),
                    }
                }
                if rules == MergeRules::PyYaml {
                    ambiguous_in_pyyaml(&sources, &map_keys)?;
                }
                // Earlier mappings of the list win: apply them last.
                sources.reverse();
                sources
            }
            _ => return Err(not_mergeable()),
        };
        for source in sources {
            for (key, value) in source {
                out.insert(key, value);
            }
        }
    }
    for (key, value) in explicit {
        out.insert(key, value);
    }
    Ok(out)
}

/// A key that two mappings of one merge list both set, and the mapping itself does not: PyYAML
/// releases pick different winners for it.
fn ambiguous_in_pyyaml(sources: &[Mapping], explicit: &[Value]) -> Result<(), String> {
    let mut seen: Vec<&Value> = Vec::new();
    for source in sources {
        for key in source.keys() {
            if seen.contains(&key) && !explicit.contains(key) {
                let name = key.as_str().unwrap_or("?");
                return Err(format!(
                    "`{name}` is set by more than one mapping of this merge list (`<<: [...]`), and \
                     PyYAML releases disagree on which one SkyPilot then reads (6.0.3: the first; \
                     6.0.4: not always): write `{name}:` in this mapping itself"
                ));
            }
        }
        seen.extend(source.keys());
    }
    Ok(())
}

fn not_mergeable() -> String {
    "a merge key (`<<`) takes a mapping or a list of mappings (`<<: *base`, `<<: [*a, *b]`), \
     as kubectl reads it (\"map merge requires map or sequence of maps as the value\")"
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, rules: MergeRules) -> Result<Value, String> {
        let mut value: Value = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
        resolve(&mut value, rules)?;
        Ok(value)
    }

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).unwrap()
    }

    #[test]
    fn kubectl_applies_keys_and_merges_in_order_pyyaml_lets_explicit_keys_win() {
        let text = "base: &b {ns: ml, user: u}\nafter: {ns: x, <<: *b}\nbefore: {<<: *b, ns: x}\n";
        let kubectl = read(text, MergeRules::Kubectl).unwrap();
        assert_eq!(kubectl["after"], yaml("{ns: ml, user: u}"));
        assert_eq!(kubectl["before"], yaml("{ns: x, user: u}"));
        let pyyaml = read(text, MergeRules::PyYaml).unwrap();
        assert_eq!(pyyaml["after"], yaml("{ns: x, user: u}"));
        assert_eq!(pyyaml["before"], yaml("{ns: x, user: u}"));
    }

    #[test]
    fn in_a_list_the_earlier_mapping_wins_and_merges_nest() {
        let text = "a: &a {ns: one, x: 1}\nb: &b {ns: two, y: 2, <<: {z: 3}}\nc: {<<: [*a, *b]}\n";
        let value = read(text, MergeRules::Kubectl).unwrap();
        assert_eq!(value["c"], yaml("{ns: one, x: 1, y: 2, z: 3}"));
        assert!(!has_merge_keys(&value));
        // PyYAML releases disagree on `ns` here: refused; settled by an explicit key, merged.
        let error = read(text, MergeRules::PyYaml).unwrap_err();
        assert!(
            error.starts_with("c: `ns` is set by more than one mapping"),
            "{error}"
        );
        let settled = text.replace("{<<: [*a, *b]}", "{ns: own, <<: [*a, *b]}");
        let value = read(&settled, MergeRules::PyYaml).unwrap();
        assert_eq!(value["c"], yaml("{ns: own, x: 1, y: 2, z: 3}"));
    }

    #[test]
    fn anything_but_mappings_is_refused_with_its_path() {
        for text in [
            "contexts:\n- context: {<<: 3}\n",
            "contexts:\n- context: {<<: [{a: 1}, x]}\n",
            "contexts:\n- context:\n    <<:\n",
        ] {
            let error = read(text, MergeRules::Kubectl).unwrap_err();
            assert!(
                error.starts_with("contexts[0].context: a merge key"),
                "{error}"
            );
        }
        assert!(read("<<: 3\n", MergeRules::Kubectl)
            .unwrap_err()
            .starts_with("the document: "));
    }
}
