//! A value larger than one storage cell, kept as SCALE bytes across numbered cells.
//!
//! pallet-contracts bounds a storage value (and ink!'s static buffer) at 16 KiB; a running
//! epoch's state is larger for big subnets, so it is encoded once and written in slices of
//! `CHUNK` bytes under (netuid, index); the number of slices sits in its own cell.
//!
//! The contract's allocator never frees, so neither direction copies more than it must: the
//! encoding is sized before it is written (no growth by doubling), and decoding reads the
//! slices one after another as they are fetched (no joined buffer).

use ink::prelude::vec::Vec;
use ink::scale::{Decode, Encode, Error, Input};

/// Bytes per cell: the encoded `Vec<u8>` (with its length prefix) stays under 16 KiB.
pub const CHUNK: usize = 16_000;

/// One slice written as the `Vec<u8>` a cell holds, straight from the encoding (a `to_vec`
/// per slice would copy the whole state once more).
pub struct Slice<'a>(pub &'a [u8]);

impl Encode for Slice<'_> {
    fn size_hint(&self) -> usize {
        self.0.encoded_size()
    }

    fn encode_to<T: ink::scale::Output + ?Sized>(&self, dest: &mut T) {
        self.0.encode_to(dest);
    }
}

impl ink::scale::EncodeLike<Vec<u8>> for Slice<'_> {}

impl ink::storage::traits::Storable for Slice<'_> {
    fn encode<T: ink::scale::Output + ?Sized>(&self, dest: &mut T) {
        self.0.encode_to(dest);
    }

    /// Slices are only written: reading goes through `decode` below into owned bytes.
    fn decode<I: Input>(_: &mut I) -> Result<Self, Error> {
        Err("a slice is read back as Vec<u8>".into())
    }

    fn encoded_size(&self) -> usize {
        self.0.encoded_size()
    }
}

/// `value`'s encoding, in one allocation of exactly its size; write it as `chunks(CHUNK)`.
pub fn encode<T: Encode>(value: &T) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(value.encoded_size());
    value.encode_to(&mut bytes);
    bytes
}

/// Decodes a value from its slices, fetched in order by `next_slice`.
pub fn decode<T: Decode>(next_slice: impl FnMut() -> Option<Vec<u8>>) -> Option<T> {
    let mut input = Slices {
        next_slice,
        current: Vec::new(),
        position: 0,
    };
    T::decode(&mut input).ok()
}

struct Slices<F> {
    next_slice: F,
    current: Vec<u8>,
    position: usize,
}

impl<F: FnMut() -> Option<Vec<u8>>> Input for Slices<F> {
    fn remaining_len(&mut self) -> Result<Option<usize>, Error> {
        Ok(None)
    }

    fn read(&mut self, into: &mut [u8]) -> Result<(), Error> {
        let mut filled = 0;
        while filled < into.len() {
            if self.position >= self.current.len() {
                self.current = (self.next_slice)().ok_or("the value ends early")?;
                self.position = 0;
                if self.current.is_empty() {
                    return Err("an empty slice".into());
                }
            }
            let available = self.current.len().saturating_sub(self.position);
            let take = available.min(into.len().saturating_sub(filled));
            let end = self.position.saturating_add(take);
            let (Some(target), Some(source)) = (
                into.get_mut(filled..filled.saturating_add(take)),
                self.current.get(self.position..end),
            ) else {
                return Err("slice bounds".into());
            };
            target.copy_from_slice(source);
            self.position = end;
            filled = filled.saturating_add(take);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_survives_any_number_of_slices() {
        for len in [0usize, 1, CHUNK - 3, CHUNK, 3 * CHUNK + 17] {
            let value: Vec<u16> = (0..len).map(|i| (i % 65_536) as u16).collect();
            let bytes = encode(&value);
            assert_eq!(bytes.len(), value.encoded_size());
            let mut slices = bytes.chunks(CHUNK).map(<[u8]>::to_vec);
            assert_eq!(decode::<Vec<u16>>(|| slices.next()), Some(value));
        }
        let mut short = [vec![8u8, 1]].into_iter();
        assert_eq!(decode::<Vec<u16>>(|| short.next()), None);
    }
}
