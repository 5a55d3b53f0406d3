//! A value larger than one storage cell, kept as SCALE bytes across numbered cells.
//!
//! pallet-contracts bounds a storage value (and ink!'s static buffer) at 16 KiB; a running
//! epoch's state and a Yuma 3 row of exact bonds are larger for big subnets, so each is
//! encoded once and written in slices of `CHUNK` bytes under numbered keys of one mapping
//! ((netuid, index) for the state, whose slice count sits in its own cell; (netuid, uid,
//! index) for a bond row).
//!
//! Neither direction holds more than one slice besides the value: writing encodes into one
//! `CHUNK`-byte buffer that is flushed to a cell whenever it fills, and decoding reads the
//! slices one after another as they are fetched (no joined buffer). A 4,096-neuron epoch's
//! state is hundreds of KiB, and a call has 1 MiB.

use ink::prelude::vec::Vec;
use ink::scale::{Decode, Encode, EncodeLike, Error, Input, Output};
use ink::storage::traits::StorageKey;
use ink::storage::Mapping;

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

/// Stores `value` in `cells`, its i-th slice under `key(i)`; returns the number of slices.
pub fn store<K: EncodeLike, S: StorageKey, T: Encode>(
    cells: &mut Mapping<K, Vec<u8>, S>,
    value: &T,
    key: impl Fn(u16) -> K,
) -> u16 {
    write(value, |index, slice| {
        cells.insert(key(index), &Slice(slice));
    })
}

/// The value `store` put in `cells`, reading the i-th slice under `key(i)` until the value is
/// whole; `key` is `None` past the last slice there can be.
pub fn load<K: EncodeLike, S: StorageKey, T: Decode>(
    cells: &Mapping<K, Vec<u8>, S>,
    key: impl Fn(u16) -> Option<K>,
) -> Option<T> {
    let mut index = 0u16;
    decode(|| {
        let slice = key(index).and_then(|key| cells.get(key));
        index = index.saturating_add(1);
        slice
    })
}

/// Writes `value`'s encoding as slices of `CHUNK` bytes (the last one shorter), each through
/// `write(index, slice)` as soon as it is full; returns the number of slices.
pub fn write<T: Encode>(value: &T, mut write: impl FnMut(u16, &[u8])) -> u16 {
    let mut output = SliceWriter {
        buffer: Vec::with_capacity(CHUNK),
        count: 0,
        write: &mut write,
    };
    value.encode_to(&mut output);
    output.flush();
    output.count
}

/// Not generic over its `write`, so that every value's encoding shares one copy of the
/// encoders it calls (in Wasm, code is paid for by the byte at every call).
struct SliceWriter<'w> {
    buffer: Vec<u8>,
    count: u16,
    write: &'w mut dyn FnMut(u16, &[u8]),
}

impl SliceWriter<'_> {
    fn flush(&mut self) {
        if !self.buffer.is_empty() {
            (self.write)(self.count, &self.buffer);
            self.count = self.count.saturating_add(1);
            self.buffer.clear();
        }
    }
}

impl Output for SliceWriter<'_> {
    fn write(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let room = CHUNK.saturating_sub(self.buffer.len()).min(bytes.len());
            let (now, later) = bytes.split_at(room);
            self.buffer.extend_from_slice(now);
            bytes = later;
            if self.buffer.len() >= CHUNK {
                self.flush();
            }
        }
    }
}

/// Decodes a value from its slices, fetched in order by `next_slice`.
pub fn decode<T: Decode>(mut next_slice: impl FnMut() -> Option<Vec<u8>>) -> Option<T> {
    let mut input = Slices {
        next_slice: &mut next_slice,
        current: Vec::new(),
        position: 0,
    };
    T::decode(&mut input).ok()
}

/// Not generic over its `next_slice`, so that every value's decoding shares one copy of the
/// decoders it calls.
struct Slices<'n> {
    next_slice: &'n mut dyn FnMut() -> Option<Vec<u8>>,
    current: Vec<u8>,
    position: usize,
}

impl Input for Slices<'_> {
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
        for len in [0usize, 1, CHUNK / 2 - 3, CHUNK / 2, 3 * CHUNK + 17] {
            let value: Vec<u16> = (0..len).map(|i| (i % 65_536) as u16).collect();
            let mut slices: Vec<Vec<u8>> = Vec::new();
            let count = write(&value, |index, slice| {
                assert_eq!(usize::from(index), slices.len());
                slices.push(slice.to_vec());
            });
            assert_eq!(usize::from(count), slices.len());
            assert!(slices
                .iter()
                .all(|slice| !slice.is_empty() && slice.len() <= CHUNK));
            assert_eq!(slices.concat(), value.encode());
            let mut fetched = slices.into_iter();
            assert_eq!(decode::<Vec<u16>>(|| fetched.next()), Some(value));
        }
        let mut short = [vec![8u8, 1]].into_iter();
        assert_eq!(decode::<Vec<u16>>(|| short.next()), None);
    }

    #[ink::test]
    fn a_stored_value_loads_back_from_its_cells_only_when_whole() {
        let mut cells: Mapping<(u8, u16), Vec<u8>> = Mapping::default();
        let value: Vec<u64> = (0..5_000).collect();
        let count = store(&mut cells, &value, |index| (7, index));
        assert_eq!(count, 3);
        assert_eq!(
            cells.get((7, 2)).map(|slice| slice.len()),
            Some(40_002 - 2 * CHUNK)
        );
        let whole: Option<Vec<u64>> = load(&cells, |index| (index < count).then_some((7, index)));
        assert_eq!(whole, Some(value));
        let cut: Option<Vec<u64>> = load(&cells, |index| (index < 2).then_some((7, index)));
        assert_eq!(cut, None);
        let elsewhere: Option<Vec<u64>> = load(&cells, |index| Some((8, index)));
        assert_eq!(elsewhere, None);
    }
}
