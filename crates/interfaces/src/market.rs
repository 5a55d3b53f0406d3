//! Dynamic TAO's markets: one constant-product TAO/alpha pool per subnet, opened with the
//! subnet's lock as its liquidity, and the alpha stake bought from it. A stake in a subnet
//! is alpha held in a hotkey's share pool on that subnet; staking buys the alpha with TAO,
//! unstaking sells it back, each with an optional price limit.
//!
//! Alpha is not a transferable token: like subtensor's, it only exists as stake, so one
//! contract keeps every subnet's alpha as a ledger instead of a PSP22 contract per subnet
//! (docs/protocol.md says why).

use crate::staking::HotkeyCredit;
use crate::types::{AccountId, Balance, BlockNumber, NetUid, U16Proportion};
use ink::prelude::vec::Vec;

/// The smallest TAO a stake may put in (subtensor's `DefaultMinStake`, 0.002 TAO).
pub const MIN_MARKET_STAKE: Balance = 2_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum MarketError {
    NotAdmin,
    /// The registry knows no such subnet.
    UnknownSubnet,
    /// Only the subnet's owner (or the admin) may open its market.
    NotSubnetOwner,
    /// The subnet's market is open already.
    MarketOpen,
    /// The subnet has no market yet.
    NoMarket,
    /// The subnet's lock is below the pool's minimum liquidity.
    LockTooSmall,
    /// No coldkey owns the hotkey.
    UnknownHotkey,
    /// A stake below `MIN_MARKET_STAKE`, or an unstake of nothing.
    BelowMinimumStake,
    /// The swap would leave a reserve below the minimum liquidity, or puts in more than
    /// 1,000 times its reserve.
    InsufficientLiquidity,
    /// The amount is too small to buy a single rao.
    NothingOut,
    /// The price after the swap would be past the caller's limit.
    PriceLimitExceeded,
    /// More alpha unstaked than the position holds.
    InsufficientStake,
    /// The hotkey's share price would cost the stake more than a rao.
    StakeLostToRounding,
    Overflow,
    InsufficientBalance,
    InsufficientAllowance,
    TokenCallFailed,
    RegistryCallFailed,
    StakingCallFailed,
    /// Only emission funds a subnet's epoch.
    Unauthorized,
    /// The caller's coldkey was swapped: its alpha positions are its successor's.
    ColdkeySwapped,
    /// The coldkey was never swapped.
    NotSwapped,
    /// The coldkey holds no alpha in that hotkey on that subnet.
    NothingToMove,
}

impl From<crate::admin::AdminError> for MarketError {
    fn from(_: crate::admin::AdminError) -> Self {
        MarketError::NotAdmin
    }
}

impl From<psp22::PSP22Error> for MarketError {
    fn from(error: psp22::PSP22Error) -> Self {
        match error {
            psp22::PSP22Error::InsufficientBalance => MarketError::InsufficientBalance,
            psp22::PSP22Error::InsufficientAllowance => MarketError::InsufficientAllowance,
            _ => MarketError::TokenCallFailed,
        }
    }
}

/// A subnet's market as it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct MarketState {
    /// TAO in the pool.
    pub tao_reserve: Balance,
    /// Alpha in the pool.
    pub alpha_reserve: Balance,
    /// Alpha held as stake, outside the pool.
    pub alpha_staked: Balance,
    /// Rao of TAO per alpha (10⁹ = 1 TAO per alpha).
    pub price: Balance,
    /// The moving price (subtensor's EMA of the price, capped at 1 TAO per alpha).
    pub moving_price: Balance,
    pub opened_at: BlockNumber,
    /// TAO emission injected into the pool so far.
    pub tao_emitted: Balance,
    /// Alpha emitted so far: into the pool beside that TAO, and to stakers (the owner's cut
    /// and the epochs' rewards).
    pub alpha_emitted: Balance,
    /// Root dividends so far: alpha sold into the pool, and the TAO it fetched, paid to
    /// validators' TAO stakers; and root alpha recycled (never minted) while the markets'
    /// prices were too low to sell it.
    pub root_alpha_sold: Balance,
    pub root_tao_paid: Balance,
    pub root_alpha_recycled: Balance,
}

/// What a subnet's epoch is funded with: the TAO emission injected into its pool and the
/// alpha emitted since the last epoch (or the opening), of which the owner's cut is staked at
/// once and the rest is for Yuma to pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct AlphaFunding {
    /// TAO put into the pool: what it was offered, or, when the alpha put in beside it is
    /// capped at the alpha emission, what that alpha is worth.
    pub tao_in: Balance,
    /// TAO offered and not put in (the cap): the offerer keeps it (emission recycles it).
    pub tao_left: Balance,
    /// Alpha put into the pool beside it, at the pool's price (at most `alpha_emission`).
    pub alpha_in: Balance,
    /// Alpha emitted to the subnet's participants since the last funding.
    pub alpha_emission: Balance,
    /// The owner's cut of it, staked to the owner hotkey for the owner.
    pub owner_alpha: Balance,
    /// The rest, which the epoch pays through Yuma (`EpochLedger::credit_epoch_rewards`).
    pub to_yuma: Balance,
}

/// What a swap would do now, before it is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct SwapQuote {
    /// What goes in, the fee included.
    pub amount_in: Balance,
    /// The fee, kept in the pool.
    pub fee: Balance,
    pub amount_out: Balance,
    /// The price the swap leaves.
    pub price_after: Balance,
}

#[ink::trait_definition]
pub trait Market {
    /// Opens `netuid`'s market: the registry hands over the subnet's lock, which becomes the
    /// pool's TAO reserve against as much alpha (a price of 1 TAO per alpha). The subnet's
    /// owner or the admin may open it.
    ///
    /// # Events
    /// `MarketOpened`.
    /// # Errors
    /// `UnknownSubnet`, `NotSubnetOwner`, `MarketOpen`, `LockTooSmall`, `RegistryCallFailed`.
    #[ink(message)]
    fn open_market(&mut self, netuid: NetUid) -> Result<Balance, MarketError>;

    /// Stakes `tao` of the caller's TAO to `hotkey` on `netuid` (approve the market on the
    /// token first): buys alpha from the pool, refused if the price would end above
    /// `max_price` (any limit past `u64::MAX` is none). Returns the alpha bought.
    ///
    /// # Events
    /// `AlphaBought`.
    /// # Errors
    /// `NoMarket`, `UnknownHotkey`, `BelowMinimumStake`, `InsufficientLiquidity`,
    /// `NothingOut`, `PriceLimitExceeded`, `StakeLostToRounding`, `InsufficientBalance`,
    /// `InsufficientAllowance`, `Overflow`.
    #[ink(message)]
    fn add_stake(
        &mut self,
        hotkey: AccountId,
        netuid: NetUid,
        tao: Balance,
        max_price: Option<Balance>,
    ) -> Result<Balance, MarketError>;

    /// Unstakes `alpha` of the caller's stake in `hotkey` on `netuid`: sells it to the pool,
    /// refused if the price would end below `min_price`. Returns the TAO paid to the caller.
    ///
    /// # Events
    /// `AlphaSold`.
    /// # Errors
    /// `NoMarket`, `UnknownHotkey`, `ColdkeySwapped`, `BelowMinimumStake`,
    /// `InsufficientStake`, `InsufficientLiquidity`, `NothingOut`, `PriceLimitExceeded`,
    /// `Overflow`.
    #[ink(message)]
    fn remove_stake(
        &mut self,
        hotkey: AccountId,
        netuid: NetUid,
        alpha: Balance,
        min_price: Option<Balance>,
    ) -> Result<Balance, MarketError>;

    #[ink(message)]
    fn market(&self, netuid: NetUid) -> Option<MarketState>;

    /// What staking `tao` on `netuid` would buy now.
    ///
    /// # Errors
    /// As `add_stake`'s swap: `NoMarket`, `InsufficientLiquidity`, `NothingOut`.
    #[ink(message)]
    fn quote_stake(&self, netuid: NetUid, tao: Balance) -> Result<SwapQuote, MarketError>;

    /// What unstaking `alpha` on `netuid` would pay now.
    ///
    /// # Errors
    /// As `remove_stake`'s swap: `NoMarket`, `InsufficientLiquidity`, `NothingOut`.
    #[ink(message)]
    fn quote_unstake(&self, netuid: NetUid, alpha: Balance) -> Result<SwapQuote, MarketError>;

    /// The alpha `coldkey` holds in `hotkey`'s pool on `netuid`.
    #[ink(message)]
    fn alpha_of(&self, hotkey: AccountId, netuid: NetUid, coldkey: AccountId) -> Balance;

    /// All the alpha staked to `hotkey` on `netuid`.
    #[ink(message)]
    fn total_alpha_of(&self, hotkey: AccountId, netuid: NetUid) -> Balance;

    /// Anyone: moves `old`'s alpha position in `hotkey` on `netuid` to the coldkey a finished
    /// coldkey swap handed `old`'s holdings to (the registry's `swapped_to`), once `old` has
    /// been swapped; it cannot sell it any more. Returns the alpha moved. One hop: call again
    /// for a successor swapped in turn.
    ///
    /// # Events
    /// `AlphaPositionMoved`.
    /// # Errors
    /// `NotSwapped`, `UnknownHotkey`, `NothingToMove`, `Overflow`.
    #[ink(message)]
    fn move_swapped_alpha(
        &mut self,
        old: AccountId,
        hotkey: AccountId,
        netuid: NetUid,
    ) -> Result<Balance, MarketError>;

    /// Each subnet's moving price now (0 for a subnet without a market): what the market rule
    /// of emission shares by.
    #[ink(message)]
    fn moving_prices(&self, netuids: Vec<NetUid>) -> Vec<Balance>;

    /// Emission only, as `netuid`'s epoch starts: emits the alpha of the blocks since the last
    /// funding (the halving schedule over the subnet's alpha issuance), puts `tao` into the pool
    /// with its worth of alpha at the price the block began with (at most that alpha emission,
    /// and then only the TAO it is worth: `tao_left` is not taken), stakes the owner's
    /// `owner_cut` of the alpha emission to the owner hotkey, and keeps the rest for the epoch
    /// to pay. Emission mints `tao_in` to the market right after. Alpha kept for an earlier
    /// epoch and not paid is never minted.
    ///
    /// # Events
    /// `MarketFunded`.
    /// # Errors
    /// `Unauthorized`, `NoMarket`, `UnknownSubnet`, `Overflow`.
    #[ink(message)]
    fn fund_epoch(
        &mut self,
        netuid: NetUid,
        tao: Balance,
        owner_cut: U16Proportion,
    ) -> Result<AlphaFunding, MarketError>;

    /// (emission, epoch): the contracts allowed to fund epochs and to credit their rewards.
    #[ink(message)]
    fn roles(&self) -> (Option<AccountId>, Option<AccountId>);

    /// Admin only.
    ///
    /// # Events
    /// `MarketRolesChanged`.
    /// # Errors
    /// `NotAdmin`.
    #[ink(message)]
    fn set_roles(
        &mut self,
        emission: Option<AccountId>,
        epoch: Option<AccountId>,
    ) -> Result<(), MarketError>;

    /// How much a hotkey's TAO stake weighs beside its alpha in an epoch, of 65,535
    /// (subtensor's `TaoWeight`, 0.18 by default). Each subnet's epoch weighs by the value it
    /// was funded under (a market not yet funded, the value it opened under), so a change
    /// counts from each subnet's next epoch.
    #[ink(message)]
    fn tao_weight(&self) -> U16Proportion;

    /// Admin only.
    ///
    /// # Events
    /// `TaoWeightChanged`.
    /// # Errors
    /// `NotAdmin`.
    #[ink(message)]
    fn set_tao_weight(&mut self, weight: U16Proportion) -> Result<(), MarketError>;

    /// (the markets' moving prices added up, the sum above which root dividends are sold),
    /// both in rao of TAO per alpha. At or below it, validators' root dividends are recycled
    /// instead (never minted): subtensor's `root_sell_flag`, which keeps root alpha out of
    /// young pools. Each market counts with its moving price as it last brought it up to date.
    #[ink(message)]
    fn root_sale_terms(&self) -> (Balance, Balance);

    /// Admin only: the sum of moving prices above which root dividends are sold (subtensor
    /// fixes it at 1 TAO per alpha, `DEFAULT_ROOT_SALE_THRESHOLD`).
    ///
    /// # Events
    /// `RootSaleThresholdChanged`.
    /// # Errors
    /// `NotAdmin`.
    #[ink(message)]
    fn set_root_sale_threshold(&mut self, threshold: Balance) -> Result<(), MarketError>;
}

/// subtensor's default `TaoWeight`: 0.18 of 65,535.
pub const DEFAULT_TAO_WEIGHT: U16Proportion = 11_796;

/// subtensor's root sale condition: the moving prices add up to more than 1 TAO per alpha.
pub const DEFAULT_ROOT_SALE_THRESHOLD: Balance = 1_000_000_000;

#[ink::event]
pub struct MarketOpened {
    #[ink(topic)]
    pub netuid: NetUid,
    pub tao_reserve: Balance,
    pub alpha_reserve: Balance,
}

#[ink::event]
pub struct AlphaBought {
    #[ink(topic)]
    pub coldkey: AccountId,
    #[ink(topic)]
    pub hotkey: AccountId,
    pub netuid: NetUid,
    pub tao_in: Balance,
    pub fee: Balance,
    pub alpha_out: Balance,
    pub price_after: Balance,
}

#[ink::event]
pub struct AlphaSold {
    #[ink(topic)]
    pub coldkey: AccountId,
    #[ink(topic)]
    pub hotkey: AccountId,
    pub netuid: NetUid,
    pub alpha_in: Balance,
    pub fee: Balance,
    pub tao_out: Balance,
    pub price_after: Balance,
}

/// An alpha position followed its coldkey's swap.
#[ink::event]
pub struct AlphaPositionMoved {
    #[ink(topic)]
    pub old: AccountId,
    #[ink(topic)]
    pub new: AccountId,
    pub hotkey: AccountId,
    pub netuid: NetUid,
    pub alpha: Balance,
}

/// A subnet's epoch funded: TAO and alpha into the pool, alpha emitted.
#[ink::event]
pub struct MarketFunded {
    #[ink(topic)]
    pub netuid: NetUid,
    pub funding: AlphaFunding,
}

/// A page of an epoch's alpha rewards credited on a subnet.
#[ink::event]
pub struct AlphaRewarded {
    #[ink(topic)]
    pub netuid: NetUid,
    pub credits: Vec<HotkeyCredit>,
}

/// A page's root dividends: the root part of its validators' alpha dividends, sold into the
/// pool, and the TAO it fetched paid to their TAO stakers through staking.
#[ink::event]
pub struct RootDividendsPaid {
    #[ink(topic)]
    pub netuid: NetUid,
    pub alpha_sold: Balance,
    pub fee: Balance,
    pub tao_paid: Balance,
    pub price_after: Balance,
}

#[ink::event]
pub struct MarketRolesChanged {
    pub emission: Option<AccountId>,
    pub epoch: Option<AccountId>,
}

#[ink::event]
pub struct TaoWeightChanged {
    pub weight: U16Proportion,
}

#[ink::event]
pub struct RootSaleThresholdChanged {
    pub threshold: Balance,
}
