//! When a case is written, which empty fields are left out.
//!
//! RON case files leave out fields at their default (`None`, `false`, empty lists and texts), so
//! hand-edited files stay short. The binary format ([`super::binary`]) writes every field in a
//! fixed order, with no names, so it must not skip any: while it writes, [`Writing::every_field`]
//! turns skipping off for the current thread. Every `skip_serializing_if` in the model goes
//! through these functions.

use std::cell::Cell;
use std::collections::BTreeMap;

thread_local! {
    /// Whether empty fields are left out on this thread (true except while writing binary).
    static SKIPPING: Cell<bool> = const { Cell::new(true) };
}

/// Whether empty fields are being left out on this thread.
fn skipping() -> bool {
    SKIPPING.with(Cell::get)
}

/// A value that, while alive, makes serialisation on this thread write every field.
#[derive(Debug)]
pub struct Writing {
    before: bool,
}

impl Writing {
    /// Writes every field on this thread until the returned value is dropped.
    #[must_use]
    pub fn every_field() -> Self {
        let before = SKIPPING.with(|s| s.replace(false));
        Self { before }
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        SKIPPING.with(|s| s.set(self.before));
    }
}

/// `None` is left out (serde hands the predicate `&Option<T>`).
#[allow(
    clippy::ref_option,
    reason = "the signature serde's skip_serializing_if calls"
)]
pub(super) fn none<T>(value: &Option<T>) -> bool {
    value.is_none() && skipping()
}

/// An empty list is left out.
pub(super) fn empty<T>(value: &[T]) -> bool {
    value.is_empty() && skipping()
}

/// An empty text is left out.
pub(super) fn empty_text(value: &str) -> bool {
    value.is_empty() && skipping()
}

/// An empty map is left out.
pub(super) fn empty_map<K, V>(value: &BTreeMap<K, V>) -> bool {
    value.is_empty() && skipping()
}

/// `false` is left out.
pub(super) fn is_false(value: &bool) -> bool {
    !*value && skipping()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipping_is_off_only_while_writing_binary() {
        assert!(none::<u8>(&None));
        {
            let _writing = Writing::every_field();
            assert!(!none::<u8>(&None));
            assert!(!empty::<u8>(&[]));
            assert!(!is_false(&false));
        }
        assert!(none::<u8>(&None));
        assert!(!none(&Some(1)));
    }
}
