//! The roster's learner indices by id: one lookup per record read, so it
//! is built for speed.
//!
//! An id of at most 16 bytes (every id the generator writes, and most
//! employee numbers) is held as a [`ShortKey`] of three words (its first
//! and last bytes, and its length) inside the table's own slots: a lookup
//! hashes three words and compares three words, with no string compare
//! and no reach into a string on the heap. Longer ids go to a second map,
//! keyed by the string. Both use `ahash` with a per-process random seed.

use ahash::AHashMap;

/// Longest id held as a [`ShortKey`], in bytes.
const SHORT: usize = 16;

/// An id of at most [`SHORT`] bytes, exactly: two ids with equal keys are
/// equal (the words cover every byte, and the length tells how they
/// overlap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct ShortKey {
    head: u64,
    tail: u64,
    len: u64,
}

impl ShortKey {
    /// The key of `id`, or `None` when it is longer than [`SHORT`] bytes.
    ///
    /// 8 to 16 bytes: the first eight and the last eight (overlapping below
    /// 16); 4 to 7: the first four and the last four; 1 to 3: the first,
    /// middle and last byte (all of them, given the length).
    fn of(id: &[u8]) -> Option<ShortKey> {
        let len = id.len();
        if len > SHORT {
            return None;
        }
        let (head, tail) = if let (Some(first), Some(last)) = (id.first_chunk(), id.last_chunk()) {
            (u64::from_le_bytes(*first), u64::from_le_bytes(*last))
        } else if let (Some(first), Some(last)) = (id.first_chunk(), id.last_chunk()) {
            (
                u64::from(u32::from_le_bytes(*first)),
                u64::from(u32::from_le_bytes(*last)),
            )
        } else {
            let byte = |i: usize| u64::from(id.get(i).copied().unwrap_or(0));
            (
                byte(0) | (byte(len / 2) << 8) | (byte(len.saturating_sub(1)) << 16),
                0,
            )
        };
        Some(ShortKey {
            head,
            tail,
            len: len as u64,
        })
    }
}

/// Learner index (its place in the roster's id order) by learner id.
#[derive(Debug, Clone, Default)]
pub(crate) struct LearnerIndex {
    short: AHashMap<ShortKey, u32>,
    long: AHashMap<Box<str>, u32>,
}

impl LearnerIndex {
    /// The index of `ids`: the `i`-th id has index `i` (of an id given
    /// twice, the later place). Indices past `u32::MAX` are not held (a
    /// roster that large would not fit in memory anyway).
    pub(crate) fn new<'a>(ids: impl IntoIterator<Item = &'a str>) -> LearnerIndex {
        let mut index = LearnerIndex::default();
        for (i, id) in ids.into_iter().enumerate() {
            let Ok(i) = u32::try_from(i) else { break };
            match ShortKey::of(id.as_bytes()) {
                Some(key) => index.short.insert(key, i),
                None => index.long.insert(id.into(), i),
            };
        }
        index
    }

    /// The index of the learner with id `id` (exactly these bytes), if any.
    #[inline]
    pub(crate) fn get(&self, id: &str) -> Option<usize> {
        let found = match ShortKey::of(id.as_bytes()) {
            Some(key) => self.short.get(&key),
            None => self.long.get(id),
        };
        found.map(|i| *i as usize)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn finds_every_id_at_its_place_and_nothing_else() {
        let ids = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "e0000001",
            "e00000012",
            "0123456789abcdef",
            "0123456789abcdefg",
            "a much longer learner id, past sixteen bytes",
            "é",
            "ünïcödé-ïd",
        ];
        let index = LearnerIndex::new(ids);
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(index.get(id), Some(i), "{id:?}");
        }
        for other in [
            "b",
            "abd",
            "bbcd",
            "e0000002",
            "e00000013",
            "1123456789abcdef",
            "0123456789abcdefh",
            "a much longer learner id, past sixteen byte",
            " a",
            "a ",
        ] {
            assert_eq!(index.get(other), None, "{other:?}");
        }
    }

    #[test]
    fn an_id_given_twice_has_its_later_place() {
        let index = LearnerIndex::new(["x", "y", "x"]);
        assert_eq!(index.get("x"), Some(2));
        assert_eq!(index.get("y"), Some(1));
    }

    proptest! {
        /// Keys are exact: equal keys only for equal ids.
        #[test]
        fn short_keys_are_exact(a in proptest::collection::vec(any::<u8>(), 0..=17),
                                b in proptest::collection::vec(any::<u8>(), 0..=17)) {
            match (ShortKey::of(&a), ShortKey::of(&b)) {
                (Some(ka), Some(kb)) => prop_assert_eq!(ka == kb, a == b),
                (None, _) => prop_assert!(a.len() > SHORT),
                (_, None) => prop_assert!(b.len() > SHORT),
            }
        }

        /// Ids that differ in one byte (the hard case for overlapping
        /// words) never share a key.
        #[test]
        fn one_byte_apart_is_another_key(a in proptest::collection::vec(any::<u8>(), 1..=16),
                                         at in any::<prop::sample::Index>(),
                                         byte in any::<u8>()) {
            let mut b = a.clone();
            let i = at.index(a.len());
            b[i] = byte;
            prop_assert_eq!(ShortKey::of(&a) == ShortKey::of(&b), a == b);
        }

        /// Every id of a roster is found at its place; other ids are not.
        #[test]
        fn lookups_agree_with_a_plain_map(ids in proptest::collection::btree_set("[a-z0-9é]{0,20}", 0..40),
                                          probes in proptest::collection::vec("[a-z0-9é]{0,20}", 0..40)) {
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            let index = LearnerIndex::new(ids.iter().copied());
            let plain: std::collections::HashMap<&str, usize> =
                ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
            for id in ids.iter().copied().chain(probes.iter().map(String::as_str)) {
                prop_assert_eq!(index.get(id), plain.get(id).copied());
            }
        }
    }
}
