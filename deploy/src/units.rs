//! TAO amounts as people write them: 9 decimals, rao underneath.

use interfaces::{Balance, RAO_PER_TAO};

use crate::error::{usage, Result};

/// `rao` as TAO with four decimals (truncated).
pub fn tao(rao: Balance) -> String {
    format!("{}.{:04}", rao / RAO_PER_TAO, (rao % RAO_PER_TAO) / 100_000)
}

pub fn parse_tao(text: &str) -> Result<Balance> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 9 {
        return Err(usage(format!("`{text}`: TAO has 9 decimals")));
    }
    let not_tao = || usage(format!("`{text}` is not an amount of TAO"));
    let whole: Balance = whole.parse().map_err(|_| not_tao())?;
    let fraction: Balance = format!("{fraction:0<9}").parse().map_err(|_| not_tao())?;
    whole
        .checked_mul(RAO_PER_TAO)
        .and_then(|rao| rao.checked_add(fraction))
        .ok_or_else(|| usage(format!("`{text}` is more TAO than can exist")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_and_print() {
        assert_eq!(parse_tao("12").unwrap(), 12 * RAO_PER_TAO);
        assert_eq!(parse_tao("0.5").unwrap(), RAO_PER_TAO / 2);
        assert_eq!(parse_tao("1.000000001").unwrap(), RAO_PER_TAO + 1);
        assert!(parse_tao("1.0000000001").is_err());
        assert!(parse_tao("ten").is_err());
        assert!(parse_tao("340282366920938463463374607431768211455").is_err());
        assert_eq!(tao(1_234_567_890), "1.2345");
    }
}
