//! The market's storage forms of `economics`' values, and its errors in the interface's terms.

use economics::alpha_stake::StakeError;
use economics::pool::{Pool, SwapError};
use economics::share_pool::{ShareError, SharePool};
use economics::subnet_market::{MarketError as Rules, SubnetMarket};
use interfaces::market::MarketError;
use interfaces::{Balance, BlockNumber};

/// A subnet's market (`SubnetMarket`) and the block it opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct StoredMarket {
    pub tao_reserve: u64,
    pub alpha_reserve: u64,
    pub alpha_out: u64,
    pub moving_price: u64,
    pub as_of: u64,
    pub opened_at: BlockNumber,
}

impl From<StoredMarket> for SubnetMarket {
    fn from(stored: StoredMarket) -> Self {
        SubnetMarket {
            pool: Pool {
                tao: stored.tao_reserve,
                alpha: stored.alpha_reserve,
            },
            alpha_out: stored.alpha_out,
            moving_price: stored.moving_price,
            as_of: stored.as_of,
        }
    }
}

impl StoredMarket {
    /// `market` as stored, opened at `opened_at`.
    pub fn new(market: SubnetMarket, opened_at: BlockNumber) -> Self {
        StoredMarket {
            tao_reserve: market.pool.tao,
            alpha_reserve: market.pool.alpha,
            alpha_out: market.alpha_out,
            moving_price: market.moving_price,
            as_of: market.as_of,
            opened_at,
        }
    }
}

/// A hotkey's share pool on a subnet: its alpha and its stakers' shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct StoredShares {
    pub value: Balance,
    pub shares: u128,
}

impl From<StoredShares> for SharePool {
    fn from(stored: StoredShares) -> Self {
        SharePool {
            value: stored.value,
            shares: stored.shares,
        }
    }
}

impl From<SharePool> for StoredShares {
    fn from(pool: SharePool) -> Self {
        StoredShares {
            value: pool.value,
            shares: pool.shares,
        }
    }
}

/// A refusal of the market's rules, in the interface's terms.
pub fn market_error(error: StakeError) -> MarketError {
    match error {
        StakeError::Market(Rules::Swap(SwapError::NothingOut)) => MarketError::NothingOut,
        StakeError::Market(Rules::Swap(SwapError::InsufficientLiquidity)) => {
            MarketError::InsufficientLiquidity
        }
        StakeError::Market(Rules::Swap(SwapError::PriceLimitExceeded)) => {
            MarketError::PriceLimitExceeded
        }
        StakeError::Market(Rules::NotEnoughAlpha)
        | StakeError::Shares(ShareError::Insufficient) => MarketError::InsufficientStake,
        StakeError::Shares(ShareError::LostToRounding) => MarketError::StakeLostToRounding,
        StakeError::Shares(ShareError::Overflow) => MarketError::Overflow,
    }
}
