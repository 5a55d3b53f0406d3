//! SCALE forms that a contract decodes as blocks of bytes.

use alloc::vec::Vec;
use parity_scale_codec::{Compact, Decode, Encode, EncodeAsRef, Error, Input, Output};

/// A vector's SCALE form for `#[codec(encoded_as = "...")]`: the owned form `decode` gives,
/// the borrowed form `encode` writes from, and the conversions the derive calls between them
/// and the vector.
macro_rules! encoded_vector {
    ($(#[$form_doc:meta])* $form:ident, $(#[$ref_doc:meta])* $borrowed:ident, $value:ty) => {
        $(#[$form_doc])*
        pub struct $form(Vec<$value>);

        $(#[$ref_doc])*
        pub struct $borrowed<'a>(&'a [$value]);

        impl<'a> From<&'a Vec<$value>> for $borrowed<'a> {
            fn from(values: &'a Vec<$value>) -> Self {
                $borrowed(values)
            }
        }

        impl From<$form> for Vec<$value> {
            fn from(form: $form) -> Self {
                form.0
            }
        }

        impl<'a> EncodeAsRef<'a, Vec<$value>> for $form {
            type RefType = $borrowed<'a>;
        }
    };
}

encoded_vector!(
    /// The SCALE form of a `Vec<bool>`, byte for byte what its derived encoding is (a length,
    /// then one byte of 0 or 1 a value), but decoded as one block of bytes: parity-scale-codec
    /// decodes a `Vec<bool>` value by value, which in a contract costs about as much gas as
    /// reading eight times the bytes (use with `#[codec(encoded_as = "BoolBytes")]`).
    BoolBytes,
    /// A borrowed `Vec<bool>` being encoded as `BoolBytes`.
    BoolBytesRef,
    bool
);

impl Encode for BoolBytesRef<'_> {
    fn size_hint(&self) -> usize {
        vector_size(self.0.len(), 1)
    }

    fn encode_to<T: Output + ?Sized>(&self, dest: &mut T) {
        write_vector(dest, self.0, |value| [u8::from(*value)]);
    }
}

/// The encoded size of a vector of `len` values of `width` bytes each.
pub(crate) fn vector_size(len: usize, width: usize) -> usize {
    let prefix = Compact(u32::try_from(len).unwrap_or(u32::MAX)).encoded_size();
    prefix.saturating_add(len.saturating_mul(width))
}

/// Writes `values` as a SCALE vector whose elements are `bytes(value)`: the length, then the
/// elements a block at a time (a call into the output per value costs more than the copy).
pub(crate) fn write_vector<T, V, const WIDTH: usize>(
    dest: &mut T,
    values: &[V],
    bytes: impl Fn(&V) -> [u8; WIDTH],
) where
    T: Output + ?Sized,
{
    Compact(u32::try_from(values.len()).unwrap_or(u32::MAX)).encode_to(dest);
    write_blocks(dest, values, bytes);
}

/// Writes `values` as one SCALE `Vec<u8>` of their `bytes(value)`.
fn write_byte_vector<T, V, const WIDTH: usize>(
    dest: &mut T,
    values: &[V],
    bytes: impl Fn(&V) -> [u8; WIDTH],
) where
    T: Output + ?Sized,
{
    let len = values.len().saturating_mul(WIDTH);
    Compact(u32::try_from(len).unwrap_or(u32::MAX)).encode_to(dest);
    write_blocks(dest, values, bytes);
}

fn write_blocks<T, V, const WIDTH: usize>(
    dest: &mut T,
    values: &[V],
    bytes: impl Fn(&V) -> [u8; WIDTH],
) where
    T: Output + ?Sized,
{
    let mut block = [0u8; 2048];
    let per_block = block.len().checked_div(WIDTH).unwrap_or(1).max(1);
    for values in values.chunks(per_block) {
        for (slot, value) in block.chunks_exact_mut(WIDTH).zip(values) {
            slot.copy_from_slice(&bytes(value));
        }
        let used = values.len().saturating_mul(WIDTH);
        dest.write(block.get(..used).unwrap_or_default());
    }
}

impl Decode for BoolBytes {
    fn decode<I: Input>(input: &mut I) -> Result<Self, Error> {
        let bytes = Vec::<u8>::decode(input)?;
        if bytes.iter().any(|byte| *byte > 1) {
            return Err("a bool is 0 or 1".into());
        }
        Ok(BoolBytes(bytes.into_iter().map(|byte| byte == 1).collect()))
    }
}

encoded_vector!(
    /// The SCALE form of a vector of block numbers: a width byte, then the numbers as one
    /// vector of bytes, four a number when every one fits a u32 (every block of a chain whose
    /// block numbers are u32), else eight. Lossless for any value, and half the bytes of the
    /// derived form on such a chain, for vectors that a running epoch loads with nearly every
    /// call (use with `#[codec(encoded_as = "Blocks")]`).
    Blocks,
    /// A borrowed vector of block numbers being encoded as `Blocks`.
    BlocksRef,
    u64
);

/// Width bytes: four-byte numbers, eight-byte numbers, or (optional blocks only) the derived
/// encoding.
const NARROW: u8 = 4;
const WIDE: u8 = 8;
const DERIVED: u8 = 0;

fn narrow(block: u64) -> Option<u32> {
    u32::try_from(block).ok()
}

fn array<const N: usize>(bytes: &[u8]) -> [u8; N] {
    bytes.try_into().unwrap_or([0; N])
}

/// The numbers of a vector of `width`-byte numbers, read as one block of bytes.
fn read_numbers<I: Input>(input: &mut I, width: u8) -> Result<Vec<u64>, Error> {
    let bytes = Vec::<u8>::decode(input)?;
    if bytes.len().checked_rem(usize::from(width)) != Some(0) {
        return Err("a vector of numbers cut short".into());
    }
    Ok(match width {
        NARROW => bytes
            .chunks_exact(4)
            .map(|b| u64::from(u32::from_le_bytes(array(b))))
            .collect(),
        _ => bytes
            .chunks_exact(8)
            .map(|b| u64::from_le_bytes(array(b)))
            .collect(),
    })
}

fn numbers_size(len: usize, width: u8) -> usize {
    1usize.saturating_add(vector_size(len.saturating_mul(usize::from(width)), 1))
}

impl BlocksRef<'_> {
    fn width(&self) -> u8 {
        if self.0.iter().all(|block| narrow(*block).is_some()) {
            NARROW
        } else {
            WIDE
        }
    }
}

impl Encode for BlocksRef<'_> {
    fn size_hint(&self) -> usize {
        numbers_size(self.0.len(), self.width())
    }

    fn encode_to<T: Output + ?Sized>(&self, dest: &mut T) {
        let width = self.width();
        dest.push_byte(width);
        if width == NARROW {
            write_byte_vector(dest, self.0, |block| {
                narrow(*block).unwrap_or(u32::MAX).to_le_bytes()
            });
        } else {
            write_byte_vector(dest, self.0, |block| block.to_le_bytes());
        }
    }
}

impl Decode for Blocks {
    fn decode<I: Input>(input: &mut I) -> Result<Self, Error> {
        match input.read_byte()? {
            width @ (NARROW | WIDE) => read_numbers(input, width).map(Blocks),
            _ => Err("block numbers are 4 or 8 bytes wide".into()),
        }
    }
}

encoded_vector!(
    /// The SCALE form of a vector of optional block numbers (commits): four bytes a number,
    /// none written as `u32::MAX`, when every block is below `u32::MAX`; else the derived
    /// form, after a width byte as in `Blocks` (use with
    /// `#[codec(encoded_as = "OptionalBlocks")]`).
    OptionalBlocks,
    /// A borrowed vector of optional block numbers being encoded as `OptionalBlocks`.
    OptionalBlocksRef,
    Option<u64>
);

impl OptionalBlocksRef<'_> {
    fn is_narrow(&self) -> bool {
        self.0
            .iter()
            .flatten()
            .all(|block| narrow(*block).is_some_and(|b| b < u32::MAX))
    }
}

impl Encode for OptionalBlocksRef<'_> {
    fn size_hint(&self) -> usize {
        if self.is_narrow() {
            numbers_size(self.0.len(), NARROW)
        } else {
            1usize.saturating_add(self.0.encoded_size())
        }
    }

    fn encode_to<T: Output + ?Sized>(&self, dest: &mut T) {
        if self.is_narrow() {
            dest.push_byte(NARROW);
            write_byte_vector(dest, self.0, |block| {
                block.and_then(narrow).unwrap_or(u32::MAX).to_le_bytes()
            });
        } else {
            dest.push_byte(DERIVED);
            self.0.encode_to(dest);
        }
    }
}

impl Decode for OptionalBlocks {
    fn decode<I: Input>(input: &mut I) -> Result<Self, Error> {
        match input.read_byte()? {
            NARROW => {
                let none = u64::from(u32::MAX);
                let blocks = read_numbers(input, NARROW)?;
                Ok(OptionalBlocks(
                    blocks
                        .into_iter()
                        .map(|b| (b != none).then_some(b))
                        .collect(),
                ))
            }
            DERIVED => Vec::<Option<u64>>::decode(input).map(OptionalBlocks),
            _ => Err("optional block numbers are 4 bytes wide or in the derived form".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, PartialEq, Encode, Decode)]
    struct Plain(Vec<bool>);

    #[derive(Debug, PartialEq, Encode, Decode)]
    struct Packed(#[codec(encoded_as = "BoolBytes")] Vec<bool>);

    #[derive(Debug, PartialEq, Encode, Decode)]
    struct Fixed(#[codec(encoded_as = "crate::fixed::FixedBits")] Vec<crate::fixed::I32F32>);

    proptest! {
        /// Across several 2 KiB blocks: a fixed-point vector is written as its i64 bits.
        #[test]
        fn fixed_point_vectors_are_their_bits(bits in proptest::collection::vec(any::<i64>(), 0..700)) {
            let values: Vec<crate::fixed::I32F32> =
                bits.iter().map(|b| crate::fixed::I32F32::from_bits(*b)).collect();
            let bytes = bits.encode();
            prop_assert_eq!(&Fixed(values.clone()).encode(), &bytes);
            prop_assert_eq!(Fixed::decode(&mut bytes.as_slice()).ok(), Some(Fixed(values)));
        }

        #[test]
        fn the_same_bytes_as_the_derived_form(values in proptest::collection::vec(any::<bool>(), 0..700)) {
            let bytes = Plain(values.clone()).encode();
            prop_assert_eq!(&Packed(values.clone()).encode(), &bytes);
            prop_assert_eq!(Packed::decode(&mut bytes.as_slice()).ok(), Some(Packed(values)));
        }
    }

    #[derive(Debug, PartialEq, Encode, Decode)]
    struct Numbers(#[codec(encoded_as = "Blocks")] Vec<u64>);

    #[derive(Debug, PartialEq, Encode, Decode)]
    struct Commits(#[codec(encoded_as = "OptionalBlocks")] Vec<Option<u64>>);

    /// Mostly chain-sized block numbers, now and then one at or past a u32's edge.
    fn block() -> impl Strategy<Value = u64> {
        prop_oneof![
            8 => 0..=u64::from(u32::MAX),
            1 => Just(u64::from(u32::MAX)),
            1 => any::<u64>(),
        ]
    }

    proptest! {
        #[test]
        fn block_numbers_read_back_as_written(blocks in proptest::collection::vec(block(), 0..700)) {
            let bytes = Numbers(blocks.clone()).encode();
            prop_assert_eq!(bytes.len(), Numbers(blocks.clone()).size_hint());
            prop_assert_eq!(Numbers::decode(&mut bytes.as_slice()).ok(), Some(Numbers(blocks.clone())));
            if blocks.iter().all(|b| *b <= u64::from(u32::MAX)) {
                prop_assert_eq!(bytes.len(), vector_size(blocks.len().saturating_mul(4), 1).saturating_add(1));
            }
        }

        #[test]
        fn commits_read_back_as_written(
            commits in proptest::collection::vec(proptest::option::of(block()), 0..700),
        ) {
            let bytes = Commits(commits.clone()).encode();
            prop_assert_eq!(bytes.len(), Commits(commits.clone()).size_hint());
            prop_assert_eq!(Commits::decode(&mut bytes.as_slice()).ok(), Some(Commits(commits.clone())));
            if commits.iter().flatten().all(|b| *b < u64::from(u32::MAX)) {
                prop_assert_eq!(bytes.len(), vector_size(commits.len().saturating_mul(4), 1).saturating_add(1));
            }
        }
    }

    #[test]
    fn a_width_other_than_4_or_8_is_refused() {
        let mut bytes = Numbers(alloc::vec![1, 2]).encode();
        assert_eq!(bytes.first(), Some(&4));
        if let Some(width) = bytes.first_mut() {
            *width = 2;
        }
        assert!(Numbers::decode(&mut bytes.as_slice()).is_err());
        assert!(Commits::decode(&mut bytes.as_slice()).is_err());
        let mut cut = Numbers(alloc::vec![1, 2]).encode();
        // The byte vector's length prefix (compact 8 = 32) says 7 bytes instead.
        if let Some(len) = cut.get_mut(1) {
            *len = 7 << 2;
        }
        cut.pop();
        assert!(Numbers::decode(&mut cut.as_slice()).is_err());
    }

    #[test]
    fn a_byte_other_than_0_or_1_is_refused() {
        let bytes = Plain(alloc::vec![true, false]).encode();
        let mut bad = bytes.clone();
        if let Some(last) = bad.last_mut() {
            *last = 2;
        }
        assert!(Packed::decode(&mut bad.as_slice()).is_err());
        assert!(Plain::decode(&mut bad.as_slice()).is_err());
    }
}
