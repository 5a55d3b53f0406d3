//! A value larger than one storage cell, kept as SCALE bytes across numbered cells.
//!
//! pallet-contracts bounds a storage value (and ink!'s static buffer) at 16 KiB; a running
//! epoch's state is larger for big subnets, so it is encoded once and written in slices of
//! `CHUNK` bytes under (netuid, index); the number of slices sits in its own cell.

use ink::prelude::vec::Vec;
use ink::scale::{Decode, Encode};

/// Bytes per cell: the encoded `Vec<u8>` (with its length prefix) stays under 16 KiB.
pub const CHUNK: usize = 16_000;

/// Splits `value`'s encoding into cell-sized slices.
pub fn split<T: Encode>(value: &T) -> Vec<Vec<u8>> {
    value.encode().chunks(CHUNK).map(<[u8]>::to_vec).collect()
}

/// Decodes a value from its slices, in order.
pub fn join<T: Decode>(slices: impl Iterator<Item = Vec<u8>>) -> Option<T> {
    let mut bytes = Vec::new();
    for slice in slices {
        bytes.extend_from_slice(&slice);
    }
    T::decode(&mut bytes.as_slice()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_survives_any_number_of_slices() {
        for len in [0usize, 1, CHUNK - 3, CHUNK, 3 * CHUNK + 17] {
            let value: Vec<u16> = (0..len).map(|i| (i % 65_536) as u16).collect();
            let slices = split(&value);
            assert!(slices.iter().all(|s| s.len() <= CHUNK));
            assert_eq!(join::<Vec<u16>>(slices.into_iter()), Some(value));
        }
        assert_eq!(join::<Vec<u16>>([vec![8u8, 1]].into_iter()), None);
    }
}
