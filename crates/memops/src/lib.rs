//! # memops
//!
//! pallet-contracts runs Wasm without the bulk-memory proposal, so a copy is not one
//! `memory.copy` instruction but a call to `memcpy`. ink_env supplies `memcpy`, `memmove`,
//! `memset` and `memcmp` by linking the crates.io crate `rlibc`, whose loops move one byte
//! per iteration: about 16 metered Wasm instructions a byte. Every storage read and write,
//! cross-contract call and answer, SCALE decode of a byte vector and `Vec` clone goes through
//! them, so a contract paid more to copy a 10 KiB storage value around its own memory than the
//! host charged to read it.
//!
//! This crate's routines move 8 bytes per iteration with unaligned 64-bit loads and stores
//! (Wasm allows them; an access's alignment is only a hint), about 1.5 instructions a byte. A
//! contract defines the four symbols with them by invoking `memops::routines!()` at its root:
//! defined in the contract's own object, they are found before the linker searches rlibc's
//! archive, which is then never loaded. `no_builtins` keeps the compiler from recognising the
//! loops here as copies and turning them back into calls to `memcpy`; the routines stay in
//! this crate (which link-time optimisation leaves apart) and the symbols only call them.
#![no_std]
#![no_builtins]

const WORD: usize = 8;

/// Copies `n` bytes from `src` to `dest`, from the first byte to the last.
///
/// # Safety
/// `src..src+n` readable, `dest..dest+n` writable; if they overlap, `dest` is not after `src`.
#[inline(never)]
pub unsafe fn copy_forward(dest: *mut u8, src: *const u8, n: usize) {
    let mut i = 0usize;
    while n.saturating_sub(i) >= WORD {
        // SAFETY: i + 8 <= n, so both 8-byte ranges lie in the caller's ranges. The word is
        // read whole before it is written, and a forward copy with dest <= src never writes a
        // byte it has yet to read.
        unsafe {
            let word = src.add(i).cast::<u64>().read_unaligned();
            dest.add(i).cast::<u64>().write_unaligned(word);
        }
        i = i.wrapping_add(WORD);
    }
    while i < n {
        // SAFETY: i < n.
        unsafe { dest.add(i).write(src.add(i).read()) };
        i = i.wrapping_add(1);
    }
}

/// Copies `n` bytes from `src` to `dest`, from the last byte to the first.
///
/// # Safety
/// As `copy_forward`, except that if the ranges overlap, `dest` is not before `src`.
#[inline(never)]
pub unsafe fn copy_backward(dest: *mut u8, src: *const u8, n: usize) {
    let mut i = n;
    while !i.is_multiple_of(WORD) {
        i = i.wrapping_sub(1);
        // SAFETY: i < n.
        unsafe { dest.add(i).write(src.add(i).read()) };
    }
    while i >= WORD {
        i = i.wrapping_sub(WORD);
        // SAFETY: i + 8 <= n; words go from the end, each read whole before it is written.
        unsafe {
            let word = src.add(i).cast::<u64>().read_unaligned();
            dest.add(i).cast::<u64>().write_unaligned(word);
        }
    }
}

/// Sets `n` bytes at `dest` to `byte`.
///
/// # Safety
/// `dest..dest+n` writable.
#[inline(never)]
pub unsafe fn fill(dest: *mut u8, byte: u8, n: usize) {
    let word = u64::from_ne_bytes([byte; WORD]);
    let mut i = 0usize;
    while n.saturating_sub(i) >= WORD {
        // SAFETY: i + 8 <= n.
        unsafe { dest.add(i).cast::<u64>().write_unaligned(word) };
        i = i.wrapping_add(WORD);
    }
    while i < n {
        // SAFETY: i < n.
        unsafe { dest.add(i).write(byte) };
        i = i.wrapping_add(1);
    }
}

/// Compares `n` bytes as unsigned bytes: the difference of the first pair that differs, or 0.
/// Equal words are skipped a word at a time.
///
/// # Safety
/// Both ranges readable.
#[inline(never)]
pub unsafe fn compare(left: *const u8, right: *const u8, n: usize) -> i32 {
    let mut i = 0usize;
    // SAFETY (both loops): i + 8 <= n, then i < n.
    while n.saturating_sub(i) >= WORD
        && unsafe {
            left.add(i).cast::<u64>().read_unaligned()
                == right.add(i).cast::<u64>().read_unaligned()
        }
    {
        i = i.wrapping_add(WORD);
    }
    while i < n {
        let (a, b) = unsafe { (left.add(i).read(), right.add(i).read()) };
        if a != b {
            return i32::from(a).wrapping_sub(i32::from(b));
        }
        i = i.wrapping_add(1);
    }
    0
}

/// Defines `memcpy`, `memmove`, `memset` and `memcmp` (Wasm only) with this crate's routines,
/// in the crate that invokes it: a contract, at its root.
#[macro_export]
macro_rules! routines {
    () => {
        #[cfg(target_arch = "wasm32")]
        mod memory_routines {
            /// # Safety
            /// C's `memcpy`: valid, disjoint ranges.
            #[no_mangle]
            pub unsafe extern "C" fn memcpy(dest: *mut u8, src: *const u8, n: usize) -> *mut u8 {
                // SAFETY: the caller's contract.
                unsafe { $crate::copy_forward(dest, src, n) };
                dest
            }

            /// # Safety
            /// C's `memmove`: valid ranges, which may overlap.
            #[no_mangle]
            pub unsafe extern "C" fn memmove(dest: *mut u8, src: *const u8, n: usize) -> *mut u8 {
                // SAFETY: the caller's contract, copying in the direction that never
                // overwrites a byte before reading it.
                unsafe { $crate::copy_within(dest, src, n) };
                dest
            }

            /// # Safety
            /// C's `memset`: a valid range.
            #[no_mangle]
            pub unsafe extern "C" fn memset(dest: *mut u8, value: i32, n: usize) -> *mut u8 {
                // SAFETY: the caller's contract; C converts the value to `unsigned char`.
                unsafe { $crate::fill(dest, value.to_le_bytes()[0], n) };
                dest
            }

            /// # Safety
            /// C's `memcmp`: valid ranges.
            #[no_mangle]
            pub unsafe extern "C" fn memcmp(left: *const u8, right: *const u8, n: usize) -> i32 {
                // SAFETY: the caller's contract.
                unsafe { $crate::compare(left, right, n) }
            }
        }
    };
}

/// Copies `n` bytes from `src` to `dest`, which may overlap, in the direction that never
/// overwrites a byte before reading it.
///
/// # Safety
/// `src..src+n` readable, `dest..dest+n` writable.
#[inline(never)]
pub unsafe fn copy_within(dest: *mut u8, src: *const u8, n: usize) {
    // SAFETY: the caller's ranges; forward when dest is not after src, backward otherwise.
    unsafe {
        if dest.addr() <= src.addr() {
            copy_forward(dest, src, n);
        } else {
            copy_backward(dest, src, n);
        }
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use proptest::prelude::*;
    use std::vec::Vec;

    proptest! {
        #[test]
        fn a_copy_equals_the_source(bytes in proptest::collection::vec(any::<u8>(), 0..100), at in 0usize..8) {
            let mut dest = std::vec![0u8; bytes.len() + 8];
            unsafe { copy_forward(dest.as_mut_ptr().add(at), bytes.as_ptr(), bytes.len()) };
            prop_assert_eq!(&dest[at..at + bytes.len()], &bytes[..]);
            prop_assert!(dest[..at].iter().chain(&dest[at + bytes.len()..]).all(|b| *b == 0));
        }

        #[test]
        fn an_overlapping_move_equals_copy_within(
            bytes in proptest::collection::vec(any::<u8>(), 1..100),
            from in 0usize..100,
            to in 0usize..100,
            len in 0usize..100,
        ) {
            let (from, to) = (from % bytes.len(), to % bytes.len());
            let len = len.min(bytes.len() - from).min(bytes.len() - to);
            let mut expected = bytes.clone();
            expected.copy_within(from..from + len, to);
            let mut moved = bytes.clone();
            let base = moved.as_mut_ptr();
            unsafe {
                if to <= from {
                    copy_forward(base.add(to), base.add(from), len);
                } else {
                    copy_backward(base.add(to), base.add(from), len);
                }
            }
            prop_assert_eq!(moved, expected);
        }

        #[test]
        fn a_fill_sets_exactly_its_range(len in 0usize..100, at in 0usize..8, byte in any::<u8>()) {
            let mut dest = std::vec![!byte; len + 16];
            unsafe { fill(dest.as_mut_ptr().add(at), byte, len) };
            let inside = |i: usize| (at..at + len).contains(&i);
            prop_assert!(dest.iter().enumerate().all(|(i, b)| (*b == byte) == inside(i)));
        }

        #[test]
        fn a_comparison_orders_as_slices_do(
            left in proptest::collection::vec(0u8..4, 0..40),
            right in proptest::collection::vec(0u8..4, 0..40),
        ) {
            let n = left.len().min(right.len());
            let got = unsafe { compare(left.as_ptr(), right.as_ptr(), n) };
            let first_difference: Option<(u8, u8)> = left[..n]
                .iter()
                .zip(&right[..n])
                .map(|(a, b)| (*a, *b))
                .find(|(a, b)| a != b);
            let expected = first_difference.map_or(0, |(a, b)| i32::from(a) - i32::from(b));
            prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn long_equal_prefixes_compare_by_their_first_difference() {
        let left: Vec<u8> = (0..64).collect();
        let mut right = left.clone();
        right[37] = 200;
        assert_eq!(
            unsafe { compare(left.as_ptr(), right.as_ptr(), 64) },
            37 - 200
        );
        assert_eq!(unsafe { compare(left.as_ptr(), right.as_ptr(), 37) }, 0);
    }
}
