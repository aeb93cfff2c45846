//! [`Teams`]: the teams by workspace name, kept sorted by name as the config writes them. A
//! sorted `Vec`, not a `BTreeMap`: a setup has a handful of teams, and a map's generic code
//! (its nodes, search, clone, drop and serde for each value type) cost the page's first load
//! more than the teams themselves. Its methods are the map's, so callers read alike; it
//! serializes as a map (share links: `teams.research.namespace=...`).

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Team;

/// The teams, sorted by name, each name once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Teams(Vec<(String, Team)>);

impl Teams {
    pub fn new() -> Teams {
        Teams::default()
    }

    /// Where `name` is, or where it would go.
    fn position(&self, name: &str) -> Result<usize, usize> {
        self.0
            .binary_search_by(|(known, _)| known.as_str().cmp(name))
    }

    pub fn get(&self, name: &str) -> Option<&Team> {
        self.position(name).ok().map(|at| &self.0[at].1)
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut Team> {
        self.position(name).ok().map(|at| &mut self.0[at].1)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.position(name).is_ok()
    }

    /// Adds or replaces the team `name`; the team it replaced.
    pub fn insert(&mut self, name: String, team: Team) -> Option<Team> {
        match self.position(&name) {
            Ok(at) => Some(std::mem::replace(&mut self.0[at].1, team)),
            Err(at) => {
                self.0.insert(at, (name, team));
                None
            }
        }
    }

    pub fn remove(&mut self, name: &str) -> Option<Team> {
        self.position(name).ok().map(|at| self.0.remove(at).1)
    }

    /// The team `name`, added with every setting inherited if there is none.
    pub fn get_or_default(&mut self, name: &str) -> &mut Team {
        let at = match self.position(name) {
            Ok(at) => at,
            Err(at) => {
                self.0.insert(at, (name.to_owned(), Team::default()));
                at
            }
        };
        &mut self.0[at].1
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &Team)> {
        self.0.iter().map(|(name, team)| (name, team))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> {
        self.0.iter().map(|(name, _)| name)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Team> {
        self.0.iter().map(|(_, team)| team)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut Team> {
        self.0.iter_mut().map(|(_, team)| team)
    }
}

impl std::ops::Index<&str> for Teams {
    type Output = Team;

    /// The team `name`; panics when there is none (as a map's index does): tests only.
    fn index(&self, name: &str) -> &Team {
        self.get(name).expect("no team of that name")
    }
}

impl<'a> IntoIterator for &'a Teams {
    type Item = (&'a String, &'a Team);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, Team)>,
        fn(&'a (String, Team)) -> (&'a String, &'a Team),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(name, team)| (name, team))
    }
}

impl FromIterator<(String, Team)> for Teams {
    /// The teams, sorted; a name given twice keeps its last team (as a map's `collect`).
    fn from_iter<I: IntoIterator<Item = (String, Team)>>(items: I) -> Teams {
        let mut teams = Teams::new();
        for (name, team) in items {
            teams.insert(name, team);
        }
        teams
    }
}

impl Serialize for Teams {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, team) in &self.0 {
            map.serialize_entry(name, team)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Teams {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Teams, D::Error> {
        struct TeamsVisitor;

        impl<'de> Visitor<'de> for TeamsVisitor {
            type Value = Teams;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("teams by name")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Teams, A::Error> {
                let mut teams = Teams::new();
                while let Some((name, team)) = map.next_entry::<String, Team>()? {
                    teams.insert(name, team);
                }
                Ok(teams)
            }
        }

        deserializer.deserialize_map(TeamsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teams_stay_sorted_by_name_each_once_as_a_map_keeps_them() {
        let mut teams: Teams = [("prod", "p"), ("research", "r"), ("alpha", "a")]
            .into_iter()
            .map(|(name, namespace)| {
                let team = Team {
                    namespace: namespace.into(),
                    ..Team::default()
                };
                (name.to_owned(), team)
            })
            .collect();
        assert_eq!(
            teams.keys().collect::<Vec<_>>(),
            ["alpha", "prod", "research"]
        );
        let replaced = teams.insert("prod".into(), Team::default());
        assert_eq!(replaced.map(|team| team.namespace), Some("p".to_owned()));
        assert_eq!(teams.len(), 3);
        assert_eq!(
            teams.remove("alpha").map(|team| team.namespace),
            Some("a".into())
        );
        assert!(teams.get("alpha").is_none() && teams.contains_key("research"));
        teams.get_or_default("beta").namespace = "b".into();
        assert_eq!(
            teams.keys().collect::<Vec<_>>(),
            ["beta", "prod", "research"]
        );
        assert_eq!(teams["beta"].namespace, "b");
    }
}
