//! Lookups by id: actors, sources and events found in constant time instead of by a scan of
//! their list, so that work per item never grows with the size of the case (issue #17: one
//! event citing 100,000 sources, 100,000 perpetrators, a 100,000-step story).
//!
//! The [`Index`] lives inside the [`super::Case`] (never written to a file) and is built on the
//! first lookup. It stores positions only (4 bytes per item, in hash tables keyed by the ids the
//! lists already hold: no id is copied). A position found is checked against the list before it
//! is returned, and an id not found is looked for by a scan, so a case changed after the index
//! was built still answers correctly (only slower); code that changes the lists calls
//! [`super::Case::reindex`].

use std::hash::BuildHasher as _;
use std::sync::OnceLock;

use hashbrown::HashTable;

use super::types::Case;

/// The positions of a case's actors, sources and events by id, built when first needed.
#[derive(Clone, Default)]
pub struct Index {
    tables: OnceLock<Tables>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.tables.get().is_some() {
            "Index(built)"
        } else {
            "Index(not built)"
        })
    }
}

/// Two cases are equal by their contents; the index is how they are looked up, not what they hold.
impl PartialEq for Index {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[derive(Clone)]
struct Tables {
    hasher: std::hash::RandomState,
    actors: HashTable<u32>,
    sources: HashTable<u32>,
    events: HashTable<u32>,
}

/// One list's table: the first item with each id (as a scan would find it).
fn table<T>(
    hasher: &std::hash::RandomState,
    list: &[T],
    id: impl Fn(&T) -> &str,
) -> HashTable<u32> {
    let mut table = HashTable::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let key = id(item);
        let hash = hasher.hash_one(key);
        let entry = table.entry(
            hash,
            |&j: &u32| id(&list[j as usize]) == key,
            |&j: &u32| hasher.hash_one(id(&list[j as usize])),
        );
        if let hashbrown::hash_table::Entry::Vacant(v) = entry {
            v.insert(i as u32);
        }
    }
    table
}

impl Index {
    fn tables(&self, case: &Case) -> &Tables {
        self.tables.get_or_init(|| {
            let hasher = std::hash::RandomState::new();
            Tables {
                actors: table(&hasher, &case.actors, |a| &a.id),
                sources: table(&hasher, &case.sources, |s| &s.id),
                events: table(&hasher, &case.events, |e| &e.id),
                hasher,
            }
        })
    }

    /// The position of the item with `id` in `list`, through the table `pick` chooses.
    fn find<T>(
        &self,
        case: &Case,
        pick: fn(&Tables) -> &HashTable<u32>,
        list: &[T],
        key: fn(&T) -> &str,
        id: &str,
    ) -> Option<usize> {
        let tables = self.tables(case);
        let hash = tables.hasher.hash_one(id);
        let found = pick(tables)
            .find(hash, |&i| {
                list.get(i as usize).is_some_and(|t| key(t) == id)
            })
            .map(|&i| i as usize);
        // Not in the index: the list may have changed since it was built.
        found.or_else(|| list.iter().position(|t| key(t) == id))
    }

    /// The position of the actor with this id.
    pub(super) fn actor(&self, case: &Case, id: &str) -> Option<usize> {
        self.find(case, |t| &t.actors, &case.actors, |a| &a.id, id)
    }

    /// The position of the source with this id.
    pub(super) fn source(&self, case: &Case, id: &str) -> Option<usize> {
        self.find(case, |t| &t.sources, &case.sources, |s| &s.id, id)
    }

    /// The position of the event with this id.
    pub(super) fn event(&self, case: &Case, id: &str) -> Option<usize> {
        self.find(case, |t| &t.events, &case.events, |e| &e.id, id)
    }
}
