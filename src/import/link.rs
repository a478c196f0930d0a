//! Linking a dataset's group names to the case's actors: names are compared after folding case,
//! diacritics, apostrophe and hyphen variants and spacing, and with a trailing qualifier in
//! brackets dropped ("Kataib Hezbollah (Iraq)" is "Kata'ib Hezbollah"). A name no actor carries
//! becomes a new actor of kind Other, once, whatever spelling of it comes first. Pure Rust.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

use crate::model::{Actor, ActorKind, Case};

/// A name folded for comparison: lower case, no diacritics, no apostrophes, hyphens and other
/// punctuation read as spaces, runs of spaces collapsed.
#[must_use]
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = true;
    for c in name.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        // Apostrophes and their look-alikes vanish: "Kata'ib" = "Kataib" = "Kata\u{2019}ib".
        if matches!(
            c,
            '\'' | '\u{2018}' | '\u{2019}' | '\u{02bc}' | '\u{02be}' | '\u{02bf}' | '`' | '\u{b4}'
        ) {
            continue;
        }
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The name without a trailing qualifier in brackets: "Hezbollah (Lebanon)" → "Hezbollah".
/// GTD's "(Ideology)" is kept: "Islamic Jihad (Ideology)" is a category of perpetrators, not
/// the group called Islamic Jihad.
fn without_qualifier(name: &str) -> Option<&str> {
    let trimmed = name.trim_end();
    if !trimmed.ends_with(')') {
        return None;
    }
    let open = trimmed.rfind('(')?;
    if trimmed[open..].to_ascii_lowercase().contains("ideology") {
        return None;
    }
    let head = trimmed[..open].trim_end();
    (!head.is_empty()).then_some(head)
}

/// The unit after a bracketed qualifier, ACLED's way of naming a force inside a state's
/// forces: "Military Forces of Iraq (2018-) Popular Mobilization Forces" → "Popular
/// Mobilization Forces". Used only when the whole name matches nothing.
fn unit_of(name: &str) -> Option<&str> {
    let close = name.rfind(')')?;
    let unit = name[close + 1..].trim();
    (unit.len() > 2).then_some(unit)
}

/// How one dataset name was linked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkLine {
    /// The name as the file spells it (the first spelling seen).
    pub name: String,
    /// The actor it now refers to.
    pub actor: String,
    /// Rows that named it.
    pub rows: usize,
}

/// Matches names to actors and creates the actors no name matches.
#[derive(Debug, Default)]
pub struct Linker {
    /// Folded name (and folded name without qualifier) → actor id.
    known: HashMap<String, String>,
    /// Dataset name as written → its folded form (spares folding a name seen before).
    raw: HashMap<String, String>,
    /// Folded dataset name → index into `linked` or `created`.
    seen: HashMap<String, (bool, usize)>,
    /// Names that matched an actor of the case.
    pub linked: Vec<LinkLine>,
    /// Names that became new actors.
    pub created: Vec<LinkLine>,
    /// The new actors, in order of first mention.
    pub new_actors: Vec<Actor>,
    /// Actor ids in use (the case's and the new ones).
    ids: std::collections::HashSet<String>,
}

impl Linker {
    /// A linker for the actors of a case.
    #[must_use]
    pub fn new(case: &Case) -> Self {
        let mut linker = Self::default();
        for actor in &case.actors {
            linker.ids.insert(actor.id.clone());
            for name in std::iter::once(&actor.name).chain(&actor.aliases) {
                linker.learn(name, &actor.id);
            }
        }
        for actor in &case.actors {
            // Ids such as "kh" or "hezbollah" match too, after every name and alias.
            linker
                .known
                .entry(fold(&actor.id))
                .or_insert_with(|| actor.id.clone());
        }
        linker
    }

    fn learn(&mut self, name: &str, id: &str) {
        self.known
            .entry(fold(name))
            .or_insert_with(|| id.to_owned());
        if let Some(head) = without_qualifier(name) {
            self.known
                .entry(fold(head))
                .or_insert_with(|| id.to_owned());
        }
    }

    /// The actor a dataset name refers to, creating one (kind Other) when no actor of the case
    /// carries the name. `dataset` is said in a created actor's description.
    pub fn link(&mut self, name: &str, dataset: &str) -> String {
        let name = name.trim();
        if let Some(key) = self.raw.get(name) {
            let &(created, i) = self.seen.get(key).unwrap_or(&(false, usize::MAX));
            let line = if created {
                self.created.get_mut(i)
            } else {
                self.linked.get_mut(i)
            };
            if let Some(line) = line {
                line.rows += 1;
                return line.actor.clone();
            }
        }
        let key = fold(name);
        self.raw.insert(name.to_owned(), key.clone());
        if let Some(&(created, i)) = self.seen.get(&key) {
            let line = if created {
                &mut self.created[i]
            } else {
                &mut self.linked[i]
            };
            line.rows += 1;
            return line.actor.clone();
        }
        let found = self
            .known
            .get(&key)
            .cloned()
            .or_else(|| without_qualifier(name).and_then(|h| self.known.get(&fold(h)).cloned()))
            .or_else(|| unit_of(name).and_then(|u| self.known.get(&fold(u)).cloned()));
        let line = |actor: String| LinkLine {
            name: name.to_owned(),
            actor,
            rows: 1,
        };
        if let Some(actor) = found {
            self.seen.insert(key, (false, self.linked.len()));
            self.linked.push(line(actor.clone()));
            return actor;
        }
        let id = self.fresh_id(&key);
        self.new_actors.push(Actor {
            id: id.clone(),
            name: name.to_owned(),
            aliases: Vec::new(),
            kind: ActorKind::Other,
            founded: None,
            dissolved: None,
            parent: None,
            description: format!(
                "Named in imported {dataset} records; no actor of the case carried this name, so \
                 the import created it (kind Other). Link it by adding the name as an alias of \
                 the right actor and importing again."
            ),
            sources: Vec::new(),
        });
        self.learn(name, &id);
        self.seen.insert(key, (true, self.created.len()));
        self.created.push(line(id.clone()));
        id
    }

    /// An unused actor id made from a folded name: "imported-kataib-hezbollah-iraq".
    fn fresh_id(&mut self, key: &str) -> String {
        let slug: String = key
            .chars()
            .map(|c| if c == ' ' { '-' } else { c })
            .take(60)
            .collect();
        let base = if slug.is_empty() {
            "imported-actor".to_owned()
        } else {
            format!("imported-{slug}")
        };
        let mut id = base.clone();
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.ids.insert(id.clone());
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case_with(actors: &[(&str, &str, &[&str])]) -> Case {
        let mut case = crate::synth::case(0, 1, 1);
        case.actors = actors
            .iter()
            .map(|(id, name, aliases)| Actor {
                id: (*id).to_owned(),
                name: (*name).to_owned(),
                aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
                kind: ActorKind::Militia,
                founded: None,
                dissolved: None,
                parent: None,
                description: String::new(),
                sources: Vec::new(),
            })
            .collect();
        case
    }

    #[test]
    fn spellings_of_one_group_meet() {
        assert_eq!(fold("Kata\u{2019}ib  Hezbollah"), "kataib hezbollah");
        assert_eq!(fold("Kata'ib Hizballah"), "kataib hizballah");
        assert_eq!(fold("Asa\u{2bf}ib Ahl al-\u{1e24}aq"), "asaib ahl al haq");
        let case = case_with(&[(
            "kh",
            "Kata'ib Hezbollah",
            &["Kata'ib Hizballah", "Kataib Hezbollah"],
        )]);
        let mut linker = Linker::new(&case);
        assert_eq!(linker.link("KATAIB HIZBALLAH", "GTD"), "kh");
        assert_eq!(linker.link("Kataib Hezbollah (Iraq)", "ACLED"), "kh");
        assert_eq!(linker.link("Kata\u{2019}ib Hezbollah", "GTD"), "kh");
        assert_eq!(
            linker.link("Military Forces of Iraq (2018-) Kataib Hezbollah", "ACLED"),
            "kh"
        );
        assert!(linker.created.is_empty());
        assert_eq!(linker.linked.len(), 4);
    }

    #[test]
    fn a_qualified_actor_name_matches_the_bare_name() {
        let case = case_with(&[("hezbollah", "Hezbollah (Lebanon)", &["Hizballah"])]);
        let mut linker = Linker::new(&case);
        assert_eq!(linker.link("Hezbollah", "GTD"), "hezbollah");
        assert_eq!(linker.link("Hizballah", "GTD"), "hezbollah");
    }

    #[test]
    fn an_ideology_is_not_a_group() {
        let case = case_with(&[("ijo", "Islamic Jihad Organization", &["Islamic Jihad"])]);
        let mut linker = Linker::new(&case);
        assert_ne!(linker.link("Islamic Jihad (Ideology)", "GTD"), "ijo");
        assert_eq!(linker.link("Islamic Jihad", "GTD"), "ijo");
    }

    #[test]
    fn unknown_names_become_one_new_actor_each() {
        let case = case_with(&[("kh", "Kata'ib Hezbollah", &[])]);
        let mut linker = Linker::new(&case);
        let a = linker.link("Saraya Thar al-Muhandis", "ACLED");
        let b = linker.link("saraya thar al muhandis", "ACLED");
        assert_eq!(a, b);
        assert_eq!(a, "imported-saraya-thar-al-muhandis");
        assert_eq!(linker.new_actors.len(), 1);
        assert_eq!(linker.created[0].rows, 2);
        assert_eq!(linker.new_actors[0].kind, ActorKind::Other);
    }
}
