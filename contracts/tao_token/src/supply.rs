//! The two rules TAO adds to PSP22: only the minter mints, and the supply never passes the cap.

use interfaces::token::TokenError;
use interfaces::{AccountId, Balance, TAO_SUPPLY_CAP};

/// Decides whether `caller` may mint `amount` on top of `supply`.
pub fn check_mint(
    minter: Option<AccountId>,
    caller: AccountId,
    supply: Balance,
    amount: Balance,
) -> Result<(), TokenError> {
    if minter != Some(caller) {
        return Err(TokenError::NotMinter);
    }
    match supply.checked_add(amount) {
        Some(new_supply) if new_supply <= TAO_SUPPLY_CAP => Ok(()),
        _ => Err(TokenError::CapExceeded),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minter() -> AccountId {
        AccountId::from([7; 32])
    }

    #[test]
    fn only_the_minter_mints() {
        assert_eq!(check_mint(Some(minter()), minter(), 0, 1), Ok(()));
        assert_eq!(
            check_mint(Some(minter()), AccountId::from([8; 32]), 0, 1),
            Err(TokenError::NotMinter)
        );
        assert_eq!(check_mint(None, minter(), 0, 1), Err(TokenError::NotMinter));
    }

    #[test]
    fn the_cap_is_reachable_and_never_passed() {
        assert_eq!(
            check_mint(Some(minter()), minter(), 0, TAO_SUPPLY_CAP),
            Ok(())
        );
        assert_eq!(
            check_mint(Some(minter()), minter(), TAO_SUPPLY_CAP - 5, 5),
            Ok(())
        );
        assert_eq!(
            check_mint(Some(minter()), minter(), TAO_SUPPLY_CAP - 5, 6),
            Err(TokenError::CapExceeded)
        );
        assert_eq!(
            check_mint(Some(minter()), minter(), TAO_SUPPLY_CAP, 1),
            Err(TokenError::CapExceeded)
        );
        assert_eq!(
            check_mint(Some(minter()), minter(), 1, Balance::MAX),
            Err(TokenError::CapExceeded)
        );
    }
}
