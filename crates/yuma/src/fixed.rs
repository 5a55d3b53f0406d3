//! Fixed-point helpers with subtensor's semantics (`epoch/math.rs`): every operation saturates,
//! multiplication and division truncate, a division by zero (or one that overflows) gives 0.

use alloc::vec::Vec;
pub use substrate_fixed::types::{I32F32, I64F64, I96F32};

pub const U16_MAX: u16 = u16::MAX;

pub fn zero() -> I32F32 {
    I32F32::from_bits(0)
}

// The constructors below build the bits directly: substrate-fixed's generic `from_num` /
// `saturating_to_num` go through 128-bit conversions, software routines in Wasm that the
// epoch would run for every entry.

pub fn one() -> I32F32 {
    I32F32::from_bits(1 << 32)
}

pub(crate) fn half() -> I32F32 {
    I32F32::from_bits(1 << 31)
}

pub(crate) fn u16_max_fixed() -> I32F32 {
    u16_to_fixed(U16_MAX)
}

/// `x / y`, or 0 when `y` is 0 or the quotient overflows (subtensor's `safe_div`).
pub trait SafeDiv: Sized {
    fn safe_div(self, rhs: Self) -> Self;
}

impl SafeDiv for I32F32 {
    fn safe_div(self, rhs: Self) -> Self {
        fast_div(self, rhs).unwrap_or_else(|| self.checked_div(rhs).unwrap_or_default())
    }
}

/// `a × b` (saturating, rounding down, as substrate-fixed does) for non-negative operands with
/// one machine multiplication: a 64-bit one when both raw values are below 2³² (every
/// proportion but 1 itself: the epoch's common case, tested with one comparison), whose top
/// bits need no overflow check; otherwise natively 64 × 64 → 128 bits, which x86-64 and
/// AArch64 have (Wasm has no such instruction: there, a 128-bit software multiplication).
#[inline]
pub fn mul(a: I32F32, b: I32F32) -> I32F32 {
    let (x, y) = (a.to_bits(), b.to_bits());
    if let Some(product) = mul_below_one(x, y) {
        return product;
    }
    #[cfg(not(target_arch = "wasm32"))]
    if x >= 0 && y >= 0 {
        let product = u128::from(x.unsigned_abs()).wrapping_mul(u128::from(y.unsigned_abs())) >> 32;
        return I32F32::from_bits(i64::try_from(product).unwrap_or(i64::MAX));
    }
    a.saturating_mul(b)
}

/// The product of two raw values both in [0, 2³²) with one 64-bit multiplication: it fits, and
/// its top 32 bits fit an i64. `None` for any other operands.
#[inline]
pub fn mul_below_one(x: i64, y: i64) -> Option<I32F32> {
    let (x, y) = (x.cast_unsigned(), y.cast_unsigned());
    ((x | y) >> 32 == 0).then(|| I32F32::from_bits((x.wrapping_mul(y) >> 32).cast_signed()))
}

/// `a / b` for the common case of non-negative operands with one native 64-bit division
/// instead of substrate-fixed's 128-bit one (a long software routine in Wasm, where the epoch
/// spends most of its gas on divisions). The quotient's bits are `(a << 32) / b`; scaling both
/// operands down by their common power of two leaves that floor unchanged, and the result is
/// then exact whenever the shifted dividend fits 64 bits. `None` when this path does not apply.
fn fast_div(a: I32F32, b: I32F32) -> Option<I32F32> {
    let (a, b) = (a.to_bits(), b.to_bits());
    if a < 0 || b <= 0 {
        return None;
    }
    let common = a.trailing_zeros().min(b.trailing_zeros()).min(63);
    let (a, b) = (a.unsigned_abs() >> common, b.unsigned_abs() >> common);
    if a >> 32 != 0 {
        return None;
    }
    let quotient = (a << 32).checked_div(b)?;
    // A quotient beyond I32F32's range is an overflow: subtensor's safe_div gives 0.
    Some(i64::try_from(quotient).map_or(zero(), I32F32::from_bits))
}

impl SafeDiv for I64F64 {
    fn safe_div(self, rhs: Self) -> Self {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(quotient) = fast_wide_div(self, rhs) {
            return quotient;
        }
        self.checked_div(rhs).unwrap_or_default()
    }
}

/// `fast_div` for I64F64, natively: the quotient's bits are `(a << 64) / b`, one 128-bit
/// integer division where substrate-fixed widens to 256 bits; exact whenever the dividend,
/// scaled down by the operands' common power of two, is below 2⁶⁴ (a stake's share of a
/// total: both whole numbers). `None` when this path does not apply. In Wasm, where a 128-bit
/// division is a software routine too, the few divisions an epoch makes (one a neuron, in the
/// call that builds it) are left as they were rather than every call loading more code.
#[cfg(not(target_arch = "wasm32"))]
fn fast_wide_div(a: I64F64, b: I64F64) -> Option<I64F64> {
    let (a, b) = (a.to_bits(), b.to_bits());
    if a < 0 || b <= 0 {
        return None;
    }
    let common = a.trailing_zeros().min(b.trailing_zeros()).min(127);
    let (a, b) = (a.unsigned_abs() >> common, b.unsigned_abs() >> common);
    if a >> 64 != 0 {
        return None;
    }
    let quotient = (a << 64).checked_div(b)?;
    // A quotient beyond I64F64's range is an overflow: safe_div gives 0.
    Some(i128::try_from(quotient).map_or(I64F64::from_num(0), I64F64::from_bits))
}

/// A raw u16 as a fixed-point integer (not a proportion).
pub fn u16_to_fixed(x: u16) -> I32F32 {
    I32F32::from_bits(i64::from(x) << 32)
}

/// A u16 proportion v/65535, as `u16_to_fixed(v).safe_div(u16_max_fixed())` gives it, without
/// the division: 2³² = 65535 · 65537 + 1, so floor(v · 2³² / 65535) = v · 65537 + floor(v / 65535).
#[inline(always)]
pub fn u16_proportion_to_fixed(x: u16) -> I32F32 {
    let v = u64::from(x);
    let bits = v
        .wrapping_mul(65_537)
        .wrapping_add(u64::from(x == u16::MAX));
    I32F32::from_bits(i64::try_from(bits).unwrap_or(i64::MAX))
}

/// floor(x · 65535), saturating to [0, 65535]: what `mul(x, 65535)` truncated to its integer
/// part gives, from the raw bits (the product of a fixed-point value and an integer is exact,
/// so its integer part is floor(bits · 65535 / 2³²)).
#[inline]
pub fn fixed_proportion_to_u16(x: I32F32) -> u16 {
    let bits = u64::try_from(x.to_bits()).unwrap_or(0);
    // Up to 1 (2³² bits) the product fits 64 bits: one machine multiplication, where an
    // overflow check would be a 128-bit software one in Wasm. Above 1 the result saturates.
    if bits > 1 << 32 {
        return u16::MAX;
    }
    let whole = bits.wrapping_mul(u64::from(U16_MAX)) >> 32;
    u16::try_from(whole).unwrap_or(u16::MAX)
}

/// Exact floor division of u64 values by one divisor. Natively, a multiplication by the
/// divisor's reciprocal (Granlund and Montgomery, "Division by invariant integers using
/// multiplication", 1994, §4 with N = 64: m = floor(2⁶⁴⁺ˡ / d) + 1 for l = ceil(log2 d), and
/// floor(n / d) = (t + (n − t) / 2) >> (l − 1) with t the high word of n · (m − 2⁶⁴)) replaces
/// a hardware division that costs tens of cycles; in Wasm, where a division is one instruction
/// priced like any other, it is the division.
#[derive(Debug, Clone, Copy)]
pub struct Reciprocal {
    divisor: u64,
    /// m − 2⁶⁴, in [0, 2⁶⁴).
    #[cfg(not(target_arch = "wasm32"))]
    multiplier: u64,
    /// l − 1; 1 and divisors above 2⁶³ (l = 0, l = 64) have no multiplier and are special.
    #[cfg(not(target_arch = "wasm32"))]
    shift: u32,
}

impl Reciprocal {
    /// `None` for 0.
    pub fn new(divisor: u64) -> Option<Self> {
        if divisor == 0 {
            return None;
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let l = u64::BITS.saturating_sub(divisor.wrapping_sub(1).leading_zeros());
            let multiplier = if (1..64).contains(&l) {
                let m = (1u128 << 64u32.saturating_add(l))
                    .checked_div(u128::from(divisor))
                    .unwrap_or(0);
                u64::try_from(m.wrapping_add(1).wrapping_sub(1u128 << 64)).unwrap_or(0)
            } else {
                0
            };
            Some(Reciprocal {
                divisor,
                multiplier,
                shift: l.wrapping_sub(1),
            })
        }
        #[cfg(target_arch = "wasm32")]
        Some(Reciprocal { divisor })
    }

    /// floor(n / d).
    #[inline]
    pub fn quotient(&self, n: u64) -> u64 {
        #[cfg(not(target_arch = "wasm32"))]
        {
            if self.shift >= 63 {
                // d = 1 (l − 1 wrapped) or d > 2⁶³.
                return if self.divisor == 1 {
                    n
                } else {
                    u64::from(n >= self.divisor)
                };
            }
            let product = u128::from(n).wrapping_mul(u128::from(self.multiplier));
            let t = u64::try_from(product >> 64).unwrap_or(u64::MAX);
            (t.wrapping_add(n.wrapping_sub(t) >> 1)) >> self.shift
        }
        #[cfg(target_arch = "wasm32")]
        n.checked_div(self.divisor).unwrap_or(0)
    }

    /// floor(v · 2³² / d) for every v below 2³² without a 128-bit product: the quotient's
    /// high word t = floor(v · 2³² · (m − 2⁶⁴) / 2⁶⁴) is v · h + floor(v · l / 2³²) for the
    /// multiplier's 32-bit halves h and l, two 32 × 32 → 64-bit products, which vector units
    /// have. `None` for the divisors without a multiplier (1 and those above 2⁶³).
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn shifted(&self) -> Option<ShiftedQuotient> {
        (self.shift < 63).then_some(ShiftedQuotient {
            high: self.multiplier >> 32,
            low: self.multiplier & 0xFFFF_FFFF,
            shift: u64::from(self.shift),
        })
    }
}

/// `Reciprocal::quotient(v << 32)` for v below 2³² (`Reciprocal::shifted`).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ShiftedQuotient {
    pub(crate) high: u64,
    pub(crate) low: u64,
    pub(crate) shift: u64,
}

#[cfg(not(target_arch = "wasm32"))]
impl ShiftedQuotient {
    #[inline(always)]
    pub(crate) fn of(&self, v: u64) -> u64 {
        shifted_quotient(v, self.high, self.low, self.shift)
    }
}

/// `ShiftedQuotient::of` from its parts, for loops that hold them in vectors.
#[cfg(not(target_arch = "wasm32"))]
#[inline(always)]
pub(crate) fn shifted_quotient(v: u64, high: u64, low: u64, shift: u64) -> u64 {
    // The halves' masks change nothing; they tell the compiler the products are 32 × 32.
    let (high, low) = (high & 0xFFFF_FFFF, low & 0xFFFF_FFFF);
    let t = v.wrapping_mul(high).wrapping_add(v.wrapping_mul(low) >> 32);
    let n = v << 32;
    (t.wrapping_add(n.wrapping_sub(t) >> 1)) >> shift
}

/// `value.safe_div(divisor)` for many values and one divisor. The values the epoch divides are
/// proportions in [0, 1): for those the quotient's bits are floor(value · 2³² / divisor), one
/// `Reciprocal::quotient` (0 when it overflows, as `safe_div` gives); anything else divides.
#[derive(Debug, Clone, Copy)]
pub struct Divisor {
    divisor: I32F32,
    reciprocal: Option<Reciprocal>,
}

impl Divisor {
    pub fn new(divisor: I32F32) -> Self {
        let reciprocal = u64::try_from(divisor.to_bits())
            .ok()
            .and_then(Reciprocal::new);
        Divisor {
            divisor,
            reciprocal,
        }
    }

    #[inline]
    pub fn divide(&self, value: I32F32) -> I32F32 {
        let bits = value.to_bits();
        match self.reciprocal {
            Some(reciprocal) if (0..1 << 32).contains(&bits) => {
                let q = reciprocal.quotient(bits.unsigned_abs() << 32);
                I32F32::from_bits(i64::try_from(q).unwrap_or(0))
            }
            _ => value.safe_div(self.divisor),
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn is_zero(&self) -> bool {
        self.divisor == zero()
    }

    /// The reciprocal's `ShiftedQuotient`, which `divide` is for every value below 1.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn quotients(&self) -> Option<ShiftedQuotient> {
        self.reciprocal.as_ref()?.shifted()
    }

    /// `divide`, or the value itself when the divisor is 0: how a column is normalised by
    /// its total (an empty column stays as it is).
    #[inline]
    pub fn divide_or_keep(&self, value: I32F32) -> I32F32 {
        if self.divisor == zero() {
            value
        } else {
            self.divide(value)
        }
    }
}

/// `u16_to_fixed(raw).safe_div(total)` for the raw u16 weights of one row and their
/// fixed-point sum, or the raw weight itself when the sum is not positive (how step 5
/// normalises a row). A sum of integers is S · 2³², so the quotient's bits are
/// floor(raw · 2³² / S), one `Reciprocal::quotient` of S.
#[derive(Debug, Clone, Copy)]
pub struct RowTotal {
    total: I32F32,
    integer_sum: Option<Reciprocal>,
}

impl RowTotal {
    pub fn new(total: I32F32) -> Self {
        let bits = total.to_bits();
        let integer_sum = (bits > 0 && bits & 0xFFFF_FFFF == 0)
            .then(|| Reciprocal::new(bits.unsigned_abs() >> 32))
            .flatten();
        RowTotal { total, integer_sum }
    }

    /// The integer sum's `Reciprocal::shifted`: each share without a 128-bit product.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn shares(&self) -> Option<ShiftedQuotient> {
        self.integer_sum.as_ref()?.shifted()
    }

    #[inline]
    pub fn share(&self, raw: u16) -> I32F32 {
        match self.integer_sum {
            Some(sum) => {
                let q = sum.quotient(u64::from(raw) << 32);
                I32F32::from_bits(i64::try_from(q).unwrap_or(i64::MAX))
            }
            None if self.total > zero() => u16_to_fixed(raw).safe_div(self.total),
            None => u16_to_fixed(raw),
        }
    }
}

pub fn sum(values: &[I32F32]) -> I32F32 {
    values.iter().fold(zero(), |acc, v| acc.saturating_add(*v))
}

/// Divides every value by the sum, unless the sum is 0.
pub fn normalize_in_place(values: &mut [I32F32]) {
    let total = sum(values);
    divide_in_place(values, total);
}

/// Divides every value by `total`, unless `total` is 0.
pub fn divide_in_place(values: &mut [I32F32], total: I32F32) {
    if total == zero() {
        return;
    }
    for value in values.iter_mut() {
        *value = value.safe_div(total);
    }
}

pub fn is_zero(values: &[I32F32]) -> bool {
    sum(values) == zero()
}

/// Scales a vector so that its maximum becomes 65535, rounding half away from zero
/// (subtensor's `vec_max_upscale_to_u16`, including its two rounding branches).
pub fn max_upscale_to_u16(values: &[I32F32]) -> Vec<u16> {
    let u16_max = u16_max_fixed();
    let Some(max) = values.iter().max().copied() else {
        return Vec::new();
    };
    if max == zero() {
        return values
            .iter()
            .map(|v| mul(*v, u16_max).saturating_to_num())
            .collect();
    }
    if max > I32F32::from_num(32_768) {
        let scale = u16_max.safe_div(max);
        return values
            .iter()
            .map(|v| mul(*v, scale).saturating_round().saturating_to_num())
            .collect();
    }
    values
        .iter()
        .map(|v| {
            mul(*v, u16_max)
                .safe_div(max)
                .saturating_round()
                .saturating_to_num()
        })
        .collect()
}

/// `max_upscale_to_u16` of raw u16 values (how `set_weights` stores a row).
pub fn u16_max_upscale(values: &[u16]) -> Vec<u16> {
    let fixed: Vec<I32F32> = values.iter().map(|v| u16_to_fixed(*v)).collect();
    max_upscale_to_u16(&fixed)
}

/// e^x with x clamped to [-20, 20]; on overflow of the series, 0 below zero, MAX above.
pub fn exp_safe(input: I32F32) -> I32F32 {
    let clamped = input.max(I32F32::from_num(-20)).min(I32F32::from_num(20));
    match substrate_fixed::transcendental::exp::<I32F32, I32F32>(clamped) {
        Ok(value) => value,
        Err(()) if clamped <= zero() => zero(),
        Err(()) => I32F32::max_value(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(numerator: i64, denominator: i64) -> I32F32 {
        I32F32::from_num(numerator).safe_div(I32F32::from_num(denominator))
    }

    /// subtensor-spec §9.8, first case (test_vec_max_upscale_to_u16).
    #[test]
    fn max_upscale_of_small_proportions() {
        let millionths = [
            1, 6, 7, 100, 1_000, 10_000, 100_000, 200_000, 300_000, 400_000,
        ];
        let values: Vec<I32F32> = millionths.iter().map(|m| fixed(*m, 1_000_000)).collect();
        assert_eq!(
            max_upscale_to_u16(&values),
            [0, 1, 1, 16, 164, 1638, 16384, 32768, 49151, 65535]
        );
    }

    /// subtensor-spec §9.8, second case: a maximum above 32768 takes the other branch.
    #[test]
    fn max_upscale_of_large_values() {
        let halves = [0, 1, 2, 3, 4, 65_536, 65_538];
        let values: Vec<I32F32> = halves.iter().map(|h| fixed(*h, 2)).collect();
        assert_eq!(max_upscale_to_u16(&values), [0, 1, 2, 3, 4, 65533, 65535]);
    }

    #[test]
    fn max_upscale_of_zeros_and_empty() {
        assert_eq!(max_upscale_to_u16(&[zero(), zero()]), [0, 0]);
        assert!(max_upscale_to_u16(&[]).is_empty());
        assert_eq!(u16_max_upscale(&[1, 2, 4]), [16384, 32768, 65535]);
    }

    #[test]
    fn division_by_zero_is_zero_and_proportions_floor() {
        assert_eq!(one().safe_div(zero()), zero());
        assert_eq!(fixed_proportion_to_u16(one()), 65535);
        assert_eq!(fixed_proportion_to_u16(half()), 32767);
        assert_eq!(fixed_proportion_to_u16(I32F32::from_num(-1)), 0);
        assert_eq!(u16_proportion_to_fixed(65535), one());
    }

    #[test]
    fn exp_safe_matches_known_points_and_clamps() {
        assert_eq!(exp_safe(zero()), one());
        // 1/(1+e^5) = 0.0066929 (subtensor-spec §9.4 hand check).
        let sigmoid = one().saturating_div(one().saturating_add(exp_safe(I32F32::from_num(5))));
        assert_eq!(fixed_proportion_to_u16(sigmoid), 438);
        assert_eq!(
            exp_safe(I32F32::from_num(100)),
            exp_safe(I32F32::from_num(20))
        );
        assert!(exp_safe(I32F32::from_num(-100)) >= zero());
    }
}

/// The SCALE form of a `Vec<I32F32>` in a persisted epoch: its i64 bits, as a `Vec<i64>`
/// encodes. parity-scale-codec decodes a `Vec<i64>` as one block of bytes, but a vector of a
/// newtype element by element, which in a contract costs more gas than the epoch's arithmetic
/// (use with `#[codec(encoded_as = "FixedBits")]`). Encoding writes straight from the values.
pub struct FixedBits(Vec<i64>);

/// A borrowed `Vec<I32F32>` being encoded as `FixedBits`, with no copy.
pub struct FixedBitsRef<'a>(&'a [I32F32]);

impl<'a> From<&'a Vec<I32F32>> for FixedBitsRef<'a> {
    fn from(values: &'a Vec<I32F32>) -> Self {
        FixedBitsRef(values)
    }
}

impl From<FixedBits> for Vec<I32F32> {
    fn from(bits: FixedBits) -> Self {
        bits.0.into_iter().map(I32F32::from_bits).collect()
    }
}

impl<'a> parity_scale_codec::EncodeAsRef<'a, Vec<I32F32>> for FixedBits {
    type RefType = FixedBitsRef<'a>;
}

impl parity_scale_codec::Encode for FixedBitsRef<'_> {
    fn size_hint(&self) -> usize {
        crate::codec::vector_size(self.0.len(), 8)
    }

    fn encode_to<T: parity_scale_codec::Output + ?Sized>(&self, dest: &mut T) {
        crate::codec::write_vector(dest, self.0, |value| value.to_bits().to_le_bytes());
    }
}

impl parity_scale_codec::Decode for FixedBits {
    fn decode<I: parity_scale_codec::Input>(
        input: &mut I,
    ) -> Result<Self, parity_scale_codec::Error> {
        Vec::<i64>::decode(input).map(FixedBits)
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod division_tests {
    use super::*;
    use proptest::prelude::*;

    fn reference(a: I32F32, b: I32F32) -> I32F32 {
        a.checked_div(b).unwrap_or_default()
    }

    fn wide_reference(a: I64F64, b: I64F64) -> I64F64 {
        a.checked_div(b).unwrap_or_default()
    }

    /// I64F64 bits: whole numbers (stakes and their totals), proportions, anything.
    fn wide_bits() -> impl Strategy<Value = i128> {
        prop_oneof![
            (0u64..u64::MAX >> 1).prop_map(|whole| i128::from(whole) << 64),
            0i128..1 << 64,
            any::<i128>(),
            Just(0),
            Just(i128::MAX),
        ]
    }

    proptest! {
        #[test]
        fn wide_divisions_equal_substrate_fixed((a, b) in (wide_bits(), wide_bits())) {
            let (a, b) = (I64F64::from_bits(a), I64F64::from_bits(b));
            prop_assert_eq!(a.safe_div(b), wide_reference(a, b));
        }
    }

    #[test]
    fn a_stake_share_takes_the_wide_fast_path() {
        let (stake, total) = (I64F64::from_num(3u64), I64F64::from_num(7u64 << 40));
        assert!(fast_wide_div(stake, total).is_some());
        assert_eq!(stake.safe_div(total), wide_reference(stake, total));
        assert_eq!(total.safe_div(I64F64::from_bits(1)), I64F64::from_num(0));
    }

    #[test]
    fn constants_are_what_from_num_gives() {
        assert_eq!(one(), I32F32::from_num(1));
        assert_eq!(u16_max_fixed(), I32F32::from_num(65_535));
    }

    #[test]
    fn the_fast_path_covers_proportions_and_integers() {
        let third = I32F32::from_num(1).safe_div(I32F32::from_num(3));
        assert_eq!(third, reference(I32F32::from_num(1), I32F32::from_num(3)));
        assert!(fast_div(I32F32::from_num(65_535), I32F32::from_num(1_000_000)).is_some());
        assert!(fast_div(I32F32::from_bits(3), I32F32::from_bits(7)).is_some());
        assert_eq!(I32F32::from_num(5).safe_div(zero()), zero());
        assert_eq!(I32F32::max_value().safe_div(I32F32::from_bits(1)), zero());
    }

    #[test]
    fn every_u16_proportion_equals_the_division() {
        for x in 0..=u16::MAX {
            assert_eq!(
                u16_proportion_to_fixed(x),
                u16_to_fixed(x).safe_div(u16_max_fixed()),
                "{x}"
            );
        }
    }

    fn reciprocal_cases() -> impl Strategy<Value = (u64, u64)> {
        (any::<u64>(), any::<u64>(), 0u32..64, 0u32..64)
            .prop_map(|(n, d, ns, ds)| (n >> ns, (d >> ds).max(1)))
    }

    #[test]
    fn reciprocals_at_the_edges() {
        let divisors = [
            1,
            2,
            3,
            7,
            65_535,
            1 << 32,
            (1 << 63) - 1,
            1 << 63,
            (1 << 63) + 1,
            u64::MAX,
        ];
        let numerators = [
            0,
            1,
            2,
            65_535,
            1 << 32,
            (1 << 48) - 1,
            (1 << 63) + 5,
            u64::MAX - 1,
            u64::MAX,
        ];
        for d in divisors {
            let r = Reciprocal::new(d).expect("non-zero");
            for n in
                numerators
                    .into_iter()
                    .chain([d - 1, d, d.saturating_add(1), d.wrapping_mul(3)])
            {
                assert_eq!(r.quotient(n), n / d, "{n} / {d}");
            }
        }
        assert!(Reciprocal::new(0).is_none());
    }

    proptest! {
        #[test]
        fn reciprocals_divide_exactly((n, d) in reciprocal_cases()) {
            prop_assert_eq!(Reciprocal::new(d).expect("non-zero").quotient(n), n / d);
        }

        #[test]
        fn divisors_equal_safe_div(a in any::<i64>(), b in any::<i64>(), shift in 0u32..64, bshift in 0u32..64) {
            let (a, b) = (I32F32::from_bits(a >> shift), I32F32::from_bits(b >> bshift));
            prop_assert_eq!(Divisor::new(b).divide(a), a.safe_div(b));
        }

        #[test]
        fn row_totals_equal_safe_div(raw in any::<u16>(), sum in 0u32..1 << 31, fraction in any::<u32>(), whole in any::<bool>()) {
            let bits = (i64::from(sum) << 31) | if whole { 0 } else { i64::from(fraction) };
            let total = I32F32::from_bits(bits);
            let expected = if total > zero() { u16_to_fixed(raw).safe_div(total) } else { u16_to_fixed(raw) };
            prop_assert_eq!(RowTotal::new(total).share(raw), expected);
            let integer_total = u16_to_fixed(raw).saturating_add(I32F32::from_bits(i64::from(sum) << 32));
            prop_assert_eq!(RowTotal::new(integer_total).share(raw), u16_to_fixed(raw).safe_div(integer_total));
        }

        #[test]
        fn products_below_one_equal_substrate_fixed(x in any::<i64>(), y in any::<i64>(), x_shift in 0u32..64, y_shift in 0u32..64) {
            let (x, y) = (x >> x_shift, y >> y_shift);
            let expected = I32F32::from_bits(x).saturating_mul(I32F32::from_bits(y));
            if let Some(product) = mul_below_one(x, y) {
                prop_assert_eq!(product, expected);
            }
            prop_assert_eq!(mul(I32F32::from_bits(x), I32F32::from_bits(y)), expected);
        }

        #[test]
        fn conversions_equal_substrate_fixed(x in any::<u16>(), bits in any::<i64>()) {
            prop_assert_eq!(u16_to_fixed(x), I32F32::from_num(x));
            let v = I32F32::from_bits(bits >> (bits.unsigned_abs() % 40) as u32);
            prop_assert_eq!(
                fixed_proportion_to_u16(v),
                v.saturating_mul(I32F32::from_num(U16_MAX)).saturating_to_num::<u16>()
            );
        }

        #[test]
        fn products_equal_substrate_fixed(a in any::<i64>(), b in any::<i64>(), shift in 0u32..64) {
            let (a, b) = (I32F32::from_bits(a >> shift), I32F32::from_bits(b >> 63u32.saturating_sub(shift)));
            prop_assert_eq!(mul(a, b), a.saturating_mul(b));
        }

        #[test]
        fn equals_substrate_fixed(a in any::<i64>(), b in any::<i64>(), shift in 0u32..48) {
            let (a, b) = (I32F32::from_bits(a >> shift), I32F32::from_bits(b >> 47u32.saturating_sub(shift)));
            prop_assert_eq!(a.safe_div(b), reference(a, b));
        }

        #[test]
        fn equals_substrate_fixed_on_integers(a in 0u32..1_000_000, b in 0u32..10_000_000) {
            let (a, b) = (I32F32::from_num(a), I32F32::from_num(b));
            prop_assert_eq!(a.safe_div(b), reference(a, b));
        }
    }
}

#[cfg(test)]
mod codec_tests {
    use super::*;
    use parity_scale_codec::{Decode, Encode};

    #[derive(Debug, PartialEq, Encode, Decode)]
    struct Holder {
        #[codec(encoded_as = "FixedBits")]
        values: Vec<I32F32>,
    }

    #[test]
    fn fixed_vectors_encode_as_their_bits() {
        let values = vec![I32F32::from_num(-1.5), I32F32::from_bits(7), zero()];
        let bits: Vec<i64> = values.iter().map(|v| v.to_bits()).collect();
        let holder = Holder { values };
        assert_eq!(holder.encode(), bits.encode());
        assert_eq!(holder.encoded_size(), bits.encode().len());
        assert_eq!(Holder::decode(&mut &holder.encode()[..]).unwrap(), holder);
    }
}
