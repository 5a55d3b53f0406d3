//! The market's storage forms of `economics`' values, and its errors in the interface's terms.

use economics::alpha_stake::StakeError;
use economics::pool::{Pool, SwapError};
use economics::share_pool::{ShareError, SharePool};
use economics::subnet_market::{MarketError as Rules, SubnetMarket};
use history::Tail;
use interfaces::market::MarketError;
use interfaces::{Balance, BlockNumber, U16Proportion};

/// A subnet's market (`SubnetMarket`), the block it opened, and its epochs' funding.
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
    /// The block alpha was last emitted to (the opening before the first epoch).
    pub funded_at: BlockNumber,
    /// Alpha the running epoch may still pay: what funding kept for Yuma, less what was paid.
    pub reserved: u64,
    /// The pool as block `as_of` began.
    pub block_tao: u64,
    pub block_alpha: u64,
    /// TAO emission injected so far.
    pub tao_emitted: u64,
    /// Alpha minted so far (into the pool and to stakers).
    pub alpha_emitted: u64,
    /// Root dividends so far: alpha sold, TAO paid, alpha recycled.
    pub root_alpha_sold: u64,
    pub root_tao_paid: u64,
    pub root_alpha_recycled: u64,
    /// `tao_weight` as the running epoch was funded: what its every page weighs TAO stake by,
    /// in its stakes and in its root dividends.
    pub epoch_tao_weight: U16Proportion,
}

impl StoredMarket {
    /// `market` as stored, opened at `opened_at` under `tao_weight`.
    pub fn opened(market: SubnetMarket, opened_at: BlockNumber, tao_weight: U16Proportion) -> Self {
        StoredMarket {
            tao_reserve: 0,
            alpha_reserve: 0,
            alpha_out: 0,
            moving_price: 0,
            as_of: 0,
            opened_at,
            funded_at: opened_at,
            reserved: 0,
            block_tao: 0,
            block_alpha: 0,
            tao_emitted: 0,
            alpha_emitted: 0,
            root_alpha_sold: 0,
            root_tao_paid: 0,
            root_alpha_recycled: 0,
            epoch_tao_weight: tao_weight,
        }
        .with(market)
    }

    pub fn market(&self) -> SubnetMarket {
        SubnetMarket {
            pool: Pool {
                tao: self.tao_reserve,
                alpha: self.alpha_reserve,
            },
            alpha_out: self.alpha_out,
            moving_price: self.moving_price,
            as_of: self.as_of,
            block_pool: Pool {
                tao: self.block_tao,
                alpha: self.block_alpha,
            },
        }
    }

    /// This record with `market` in it.
    pub fn with(self, market: SubnetMarket) -> Self {
        StoredMarket {
            tao_reserve: market.pool.tao,
            alpha_reserve: market.pool.alpha,
            alpha_out: market.alpha_out,
            moving_price: market.moving_price,
            as_of: market.as_of,
            block_tao: market.block_pool.tao,
            block_alpha: market.block_pool.alpha,
            ..self
        }
    }
}

/// A hotkey's share pool on a subnet: its alpha, its stakers' shares, and the end of its
/// alpha's history (what epochs read, as of the block before they start).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct StoredShares {
    pub value: Balance,
    pub shares: u128,
    pub checkpoints: Tail,
}

impl StoredShares {
    pub fn pool(&self) -> SharePool {
        SharePool {
            value: self.value,
            shares: self.shares,
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
