//! SCALE forms that a contract decodes as blocks of bytes.

use alloc::vec::Vec;
use parity_scale_codec::{Compact, Decode, Encode, EncodeAsRef, Error, Input, Output};

/// The SCALE form of a `Vec<bool>`, byte for byte what its derived encoding is (a length,
/// then one byte of 0 or 1 a value), but decoded as one block of bytes: parity-scale-codec
/// decodes a `Vec<bool>` value by value, which in a contract costs about as much gas as
/// reading eight times the bytes (use with `#[codec(encoded_as = "BoolBytes")]`).
pub struct BoolBytes(Vec<bool>);

/// A borrowed `Vec<bool>` being encoded as `BoolBytes`.
pub struct BoolBytesRef<'a>(&'a [bool]);

impl<'a> From<&'a Vec<bool>> for BoolBytesRef<'a> {
    fn from(values: &'a Vec<bool>) -> Self {
        BoolBytesRef(values)
    }
}

impl From<BoolBytes> for Vec<bool> {
    fn from(bools: BoolBytes) -> Self {
        bools.0
    }
}

impl<'a> EncodeAsRef<'a, Vec<bool>> for BoolBytes {
    type RefType = BoolBytesRef<'a>;
}

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
