//! The epoch's hottest loops in a form the compiler vectorises, natively (in Wasm, which has no
//! vector instructions in pallet-contracts, the scalar forms are the cheaper ones): Yuma 3's
//! dense ranks row (`ranks`), a consensus window's shares (`shares`), the dividends of a
//! row's bonds (`dividends`), the range of a consensus column's scores (`range`).
//!
//! Every value is a fixed-point value's raw bits in a u64 lane, and every product one of
//! 32 × 32 → 64 bits, which vector units have; the scalar `fixed::mul` tests its operands and
//! may take a 128-bit product, which they do not. Each kernel states the bounds under which its
//! results are bit-identical to the scalar steps, and its constructor checks them; property
//! tests compare both.
//!
//! A kernel's loop is written once (`Kernel::run`) and compiled three times: for AVX-512 and
//! for AVX2 (four u64 lanes), which the processor is asked for at run time; and for x86-64's
//! baseline SSE2, which has no 64-bit comparison, so that there most loops stay scalar.

pub(crate) mod dividends;
pub(crate) mod range;
pub(crate) mod ranks;
pub(crate) mod shares;

use crate::fixed::{ShiftedQuotient, I32F32};
use alloc::vec::Vec;

/// A loop to compile for each instruction set: `run`, marked `#[inline(always)]`, is inlined
/// into each `InstructionSet`'s copy.
pub(crate) trait Kernel {
    type Output;
    fn run(self) -> Self::Output;
}

/// The instruction set kernels run with, narrowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum InstructionSet {
    Baseline,
    #[cfg(all(feature = "std", target_arch = "x86_64"))]
    Avx2,
    /// AVX-512 with its byte, word, doubleword and quadword instructions, on 256-bit lanes
    /// as well as 512-bit ones: 64-bit minima, maxima and comparisons into masks, which AVX2
    /// makes of several instructions.
    #[cfg(all(feature = "std", target_arch = "x86_64"))]
    Avx512,
}

impl InstructionSet {
    /// The widest this processor has.
    pub(crate) fn detect() -> Self {
        #[cfg(all(feature = "std", target_arch = "x86_64"))]
        {
            let avx2 = std::is_x86_feature_detected!("avx2");
            // Every feature `avx512` is compiled with, those `avx512f` implies included.
            if avx2
                && std::is_x86_feature_detected!("avx512f")
                && std::is_x86_feature_detected!("avx512bw")
                && std::is_x86_feature_detected!("avx512dq")
                && std::is_x86_feature_detected!("avx512vl")
                && std::is_x86_feature_detected!("fma")
                && std::is_x86_feature_detected!("f16c")
            {
                return InstructionSet::Avx512;
            }
            if avx2 {
                return InstructionSet::Avx2;
            }
        }
        InstructionSet::Baseline
    }

    /// This set, or AVX2 in place of AVX-512: for a kernel that runs slower in AVX-512's code
    /// (the ranks row's, 5–10% slower on the build machine's AMD EPYC).
    pub(crate) fn up_to_avx2(self) -> Self {
        match self {
            #[cfg(all(feature = "std", target_arch = "x86_64"))]
            InstructionSet::Avx512 => InstructionSet::Avx2,
            set => set,
        }
    }

    /// Every set this processor has, for the tests that compare them.
    #[cfg(test)]
    pub(crate) fn available() -> impl Iterator<Item = Self> {
        let widest = Self::detect();
        let mut sets = alloc::vec![InstructionSet::Baseline];
        #[cfg(all(feature = "std", target_arch = "x86_64"))]
        sets.extend([InstructionSet::Avx2, InstructionSet::Avx512]);
        sets.into_iter().filter(move |set| *set <= widest)
    }

    #[inline(always)]
    pub(crate) fn run<K: Kernel>(self, kernel: K) -> K::Output {
        match self {
            InstructionSet::Baseline => baseline(kernel),
            #[cfg(all(feature = "std", target_arch = "x86_64"))]
            // SAFETY: `detect` found AVX2 on this processor (nothing else makes this variant).
            InstructionSet::Avx2 => unsafe { avx2(kernel) },
            #[cfg(all(feature = "std", target_arch = "x86_64"))]
            // SAFETY: `detect` found these on this processor (nothing else makes this variant).
            InstructionSet::Avx512 => unsafe { avx512(kernel) },
        }
    }
}

#[inline(never)]
fn baseline<K: Kernel>(kernel: K) -> K::Output {
    kernel.run()
}

#[cfg(all(feature = "std", target_arch = "x86_64"))]
#[target_feature(enable = "avx2")]
fn avx2<K: Kernel>(kernel: K) -> K::Output {
    kernel.run()
}

#[cfg(all(feature = "std", target_arch = "x86_64"))]
#[target_feature(enable = "avx2,avx512f,avx512bw,avx512dq,avx512vl")]
fn avx512<K: Kernel>(kernel: K) -> K::Output {
    kernel.run()
}

/// `fixed::mul` of raw bits `a` below 2³² and `b` at most 2³², from one 32 × 32 → 64-bit
/// product: the low word of b times a, plus a itself if b is 2³².
#[inline(always)]
fn product(a: u64, b: u64) -> u64 {
    // `a`'s mask changes nothing; it tells the compiler the product is 32 × 32 bits.
    let low = ((a & 0xFFFF_FFFF).wrapping_mul(b & 0xFFFF_FFFF)) >> 32;
    low.wrapping_add(a & 0u64.wrapping_sub(b >> 32))
}

/// A sum its kernel's bounds keep from saturating.
#[inline(always)]
fn add(sum: I32F32, term: u64) -> I32F32 {
    I32F32::from_bits(sum.to_bits().wrapping_add(term.cast_signed()))
}

/// Divisors side by side, one a lane: each one's `ShiftedQuotient`, or, for a divisor without
/// one whose values pass through undivided, a mask of all ones (`passed`).
pub(crate) struct Quotients {
    high: Vec<u64>,
    low: Vec<u64>,
    shift: Vec<u64>,
    passed: Vec<u64>,
}

/// Some of `Quotients`' lanes, for a kernel.
#[derive(Clone, Copy)]
pub(crate) struct QuotientLanes<'a> {
    pub high: &'a [u64],
    pub low: &'a [u64],
    pub shift: &'a [u64],
    pub passed: &'a [u64],
}

impl Quotients {
    pub(crate) fn with_capacity(divisors: usize) -> Self {
        Quotients {
            high: Vec::with_capacity(divisors),
            low: Vec::with_capacity(divisors),
            shift: Vec::with_capacity(divisors),
            passed: Vec::with_capacity(divisors),
        }
    }

    /// Adds a divisor: its quotient, or, where it has none, whether its values pass through;
    /// `None` for a divisor with neither, which has no lane form.
    pub(crate) fn push(&mut self, quotient: Option<ShiftedQuotient>, passed: bool) -> Option<()> {
        let quotient = match quotient {
            Some(quotient) => quotient,
            None if passed => ShiftedQuotient::default(),
            None => return None,
        };
        self.high.push(quotient.high);
        self.low.push(quotient.low);
        self.shift.push(quotient.shift);
        self.passed.push(0u64.wrapping_sub(u64::from(passed)));
        Some(())
    }

    /// The lanes of divisors `range`.
    pub(crate) fn lanes(&self, range: core::ops::Range<usize>) -> Option<QuotientLanes<'_>> {
        Some(QuotientLanes {
            high: self.high.get(range.clone())?,
            low: self.low.get(range.clone())?,
            shift: self.shift.get(range.clone())?,
            passed: self.passed.get(range)?,
        })
    }
}
