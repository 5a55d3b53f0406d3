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
        let len = u32::try_from(self.0.len()).unwrap_or(u32::MAX);
        Compact(len).encoded_size().saturating_add(self.0.len())
    }

    fn encode_to<T: Output + ?Sized>(&self, dest: &mut T) {
        let len = u32::try_from(self.0.len()).unwrap_or(u32::MAX);
        Compact(len).encode_to(dest);
        // Written a block at a time, not a byte at a time.
        let mut block = [0u8; 256];
        for values in self.0.chunks(block.len()) {
            for (byte, value) in block.iter_mut().zip(values) {
                *byte = u8::from(*value);
            }
            dest.write(block.get(..values.len()).unwrap_or_default());
        }
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

    proptest! {
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
