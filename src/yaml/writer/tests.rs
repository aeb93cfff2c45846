//! Unit tests of `yaml::writer`.
use super::*;

#[test]
fn ambiguous_strings_are_single_quoted_and_the_rest_is_serde_yaml() {
    let mut inner = serde_yaml::Mapping::new();
    inner.insert("on".into(), "n".into());
    inner.insert("name".into(), "sky-sa".into());
    inner.insert(
        "list".into(),
        serde_yaml::Value::Sequence(vec!["yes".into(), "1:20".into()]),
    );
    inner.insert("flag".into(), serde_yaml::Value::Bool(true));
    inner.insert("text".into(), "it's skyauthquoted0q".into());
    let text = to_string(&inner).unwrap();
    assert_eq!(
        text,
        "'on': 'n'\nname: sky-sa\nlist:\n- 'yes'\n- '1:20'\nflag: true\ntext: it's skyauthquoted0q\n"
    );
    let plain = serde_yaml::Mapping::from_iter([("name".into(), "sky-sa".into())]);
    let expected = serde_yaml::to_string(&plain).unwrap();
    assert_eq!(to_string(&plain).unwrap(), expected);
}

/// Every YAML skyauth writes goes through [`to_string`]: no other module calls serde_yaml's
/// writers (the catalogue's own test of its serde names aside).
#[test]
fn nothing_else_writes_yaml() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![root.clone()];
    let mut offenders = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let relative = path
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if !relative.ends_with(".rs")
                || [
                    "yaml/writer.rs",
                    "yaml/writer/tests.rs",
                    "yaml/emit/tests.rs",
                    "catalogue/feature_set.rs",
                ]
                .contains(&relative.as_str())
            {
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            for writer in [
                "serde_yaml::to_string",
                "serde_yaml::to_writer",
                "serde_yaml::Serializer",
            ] {
                if source.contains(writer) {
                    offenders.push(format!("{relative}: {writer}"));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "write YAML with crate::yaml::writer::to_string: {offenders:?}"
    );
}
