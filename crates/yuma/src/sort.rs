//! The one sort of the epoch: stable, by an integer key, in O(n log n) for any input.
//!
//! Every sort of the epoch (rows by column, stakes for validator permits, a consensus column
//! that outlasted its selection rounds) goes through here instead of the standard library's.
//! In Wasm the standard sorts are monomorphised per element type and per key, about 18 KB of
//! the epoch contract's code for four call sites; this is one heapsort over packed
//! `(key, position)` integers, whatever the callers sort. The inputs are chosen by validators,
//! so the bound holds for every order: a heapsort has no quadratic case. Natively, where code
//! size costs nothing, the packed integers are sorted by the standard library's unstable sort,
//! a few times faster and O(n log n) too (it falls back to a heapsort).

use alloc::vec::Vec;

/// Sorts `items` by `key`, keeping the order of equal keys (a stable sort).
pub fn sort_by_key<T: Copy>(items: &mut [T], key: impl Fn(&T) -> u64) {
    // Each item becomes `key << 32 | position`: distinct integers, so sorting them is stable
    // whatever the algorithm, and the low half says where each item came from.
    let mut packed: Vec<u128> = items
        .iter()
        .zip(0u32..)
        .map(|(item, position)| u128::from(key(item)) << 32 | u128::from(position))
        .collect();
    #[cfg(target_arch = "wasm32")]
    heapsort(&mut packed);
    #[cfg(not(target_arch = "wasm32"))]
    packed.sort_unstable();
    let source = items.to_vec();
    for (slot, entry) in items.iter_mut().zip(&packed) {
        let position = usize::try_from(entry & u128::from(u32::MAX)).unwrap_or(usize::MAX);
        if let Some(item) = source.get(position) {
            *slot = *item;
        }
    }
}

/// A key that orders signed values as integers do: the sign bit flipped.
pub fn signed_key(bits: i64) -> u64 {
    bits.cast_unsigned() ^ (1 << 63)
}

/// Ascending, in place; not stable (the callers' entries are distinct).
#[cfg(any(test, target_arch = "wasm32"))]
fn heapsort(values: &mut [u128]) {
    let len = values.len();
    for root in (0..len / 2).rev() {
        sift_down(values, root, len);
    }
    for end in (1..len).rev() {
        values.swap(0, end);
        sift_down(values, 0, end);
    }
}

/// Moves `values[root]` down the max-heap held in `values[..end]` to where it belongs.
#[cfg(any(test, target_arch = "wasm32"))]
fn sift_down(values: &mut [u128], mut root: usize, end: usize) {
    loop {
        let Some(left) = root.checked_mul(2).and_then(|twice| twice.checked_add(1)) else {
            return;
        };
        if left >= end {
            return;
        }
        let right = left.saturating_add(1);
        let child = match (values.get(left), values.get(right)) {
            (Some(l), Some(r)) if right < end && r > l => right,
            _ => left,
        };
        match (values.get(root), values.get(child)) {
            (Some(parent), Some(larger)) if larger > parent => values.swap(root, child),
            _ => return,
        }
        root = child;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_as_the_standard_stable_sort(
            items in proptest::collection::vec((0u64..8, any::<u32>()), 0..300)
        ) {
            let mut expected = items.clone();
            expected.sort_by_key(|(key, _)| *key);
            let mut sorted = items;
            sort_by_key(&mut sorted, |(key, _)| *key);
            prop_assert_eq!(sorted, expected);
        }

        #[test]
        fn the_heapsort_sorts(mut values in proptest::collection::vec(any::<u128>(), 0..300)) {
            let mut expected = values.clone();
            expected.sort_unstable();
            heapsort(&mut values);
            prop_assert_eq!(values, expected);
        }

        #[test]
        fn signed_keys_order_as_the_values(a in any::<i64>(), b in any::<i64>()) {
            prop_assert_eq!(a.cmp(&b), signed_key(a).cmp(&signed_key(b)));
        }
    }

    #[test]
    fn full_range_keys_and_adversarial_orders_sort() {
        let descending: Vec<(u64, u32)> =
            (0..1000u32).map(|i| (u64::MAX - u64::from(i), i)).collect();
        let organ_pipe: Vec<(u64, u32)> = (0..1000u32)
            .map(|i| (u64::from(i.min(999 - i)), i))
            .collect();
        for items in [descending, organ_pipe] {
            let mut expected = items.clone();
            expected.sort_by_key(|(key, _)| *key);
            let mut sorted = items;
            sort_by_key(&mut sorted, |(key, _)| *key);
            assert_eq!(sorted, expected);
        }
    }
}
