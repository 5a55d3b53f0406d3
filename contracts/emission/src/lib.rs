//! # Emission
//!
//! Where the protocol's TAO comes from. The schedule (1 TAO per block, halving towards 21M)
//! accrues lazily into each subnet's pending emission by its share — governance's fixed split
//! or the root network's weights. When a subnet's epoch starts, the epoch contract takes that
//! emission through `open_epoch`: the owner's cut is minted at once and the rest is held for
//! the run, minted to staking page by page (`pay_epoch`) and settled when the run ends
//! (`close_epoch`: the keeper's fee, the rest pending again). Emission is the token's only
//! minter, and an epoch can never be paid more than it holds.
//!
//! The logic is plain Rust: `ledger` (schedule and shares), `root` (the root network). This
//! module wires storage, calls and events.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

mod ledger;
mod root;

// Word-wise memcpy and its kin in place of ink_env's byte-wise ones (see crates/memops).
memops::routines!();

pub use self::emission::{EmissionContract, EmissionContractRef};

#[ink::contract]
mod emission {
    use crate::ledger::Ledger;
    use crate::root;
    use economics::accrual::owner_cut;
    use economics::halving::block_emission;
    use economics::market::price_shares;
    use economics::shares::fixed_shares;
    use ink::prelude::vec::Vec;
    use ink::storage::{Lazy, Mapping};
    use interfaces::admin::{Admin, AdminError, AdminRole};
    use interfaces::emission::{
        Emission, EmissionConfig, EmissionConfigChanged, EmissionError, EpochContractSet,
        EpochFunded, EpochPaid, EpochSettled, EpochTerms, MarketContractSet, RootMembershipChanged,
        RootWeightsSet, SharesChanged, SharesRule, SubnetEmission,
    };
    use interfaces::market::{AlphaFunding, Market, MarketError};
    use interfaces::psp22::PSP22;
    use interfaces::registry::SubnetRegistry;
    use interfaces::staking::Staking;
    use interfaces::token::TaoSupply;
    use interfaces::NetUid;
    use substrate_fixed::types::I64F64;

    /// What a running epoch holds of its subnet's emission, kept here so that the run can
    /// never be paid more, and so that an abort returns the rest whatever the run's state.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct EpochAccount {
        /// Paid as rewards so far.
        paid: Balance,
        /// What Yuma has not paid or burned yet.
        held: Balance,
        /// TAO set aside for whoever finishes the run: never paid as rewards.
        keeper_fee: Balance,
        /// The rewards are the subnet's alpha, which the market mints as it credits them;
        /// otherwise TAO this contract mints to staking.
        in_alpha: bool,
    }

    impl EpochAccount {
        /// The TAO the account holds: the keeper's fee, and the rewards when they are TAO.
        fn tao_held(&self) -> Balance {
            if self.in_alpha {
                self.keeper_fee
            } else {
                self.held.saturating_add(self.keeper_fee)
            }
        }
    }

    /// (netuid, weight) pairs of a root member.
    type SubnetWeights = Vec<(NetUid, u16)>;

    #[ink(storage)]
    pub struct EmissionContract {
        admin: AdminRole,
        token: AccountId,
        staking: AccountId,
        registry: AccountId,
        /// The epoch contract: the only caller of `open_epoch`, `pay_epoch`, `close_epoch`.
        epoch: Option<AccountId>,
        config: EmissionConfig,
        rule: SharesRule,
        ledger: Lazy<Ledger>,
        minted: Balance,
        /// Released and never minted: the owner hotkeys' incentive, and the TAO a dynamic
        /// subnet's pool could not take beside its alpha emission.
        burned: Balance,
        root_members: Lazy<Vec<AccountId>>,
        root_weights: Mapping<AccountId, SubnetWeights>,
        /// The last refresh of the root or market shares (once per root tempo).
        shares_refreshed_at: Option<BlockNumber>,
        /// Per subnet with a running epoch.
        epoch_accounts: Mapping<NetUid, EpochAccount>,
        /// The market: subnets whose market is open are paid in alpha through it, and the
        /// market rule shares the block's TAO by its moving prices.
        market: Lazy<Option<AccountId>>,
    }

    impl EmissionContract {
        /// Emission over the suite's contracts. The token's supply at deployment counts as
        /// issued (the halving reads it); the schedule releases nothing until shares are set.
        /// The epoch contract, deployed after it, is set with `set_epoch`.
        #[ink(constructor)]
        pub fn new(token: AccountId, staking: AccountId, registry: AccountId) -> Self {
            let token_ref: ink::contract_ref!(PSP22) = token.into();
            let supply = saturate(token_ref.total_supply());
            let mut ledger = Lazy::new();
            ledger.set(&Ledger::new(supply, Self::env().block_number()));
            Self {
                admin: AdminRole::new(Self::env().caller()),
                token,
                staking,
                registry,
                epoch: None,
                config: EmissionConfig::default(),
                rule: SharesRule::Fixed,
                ledger,
                minted: 0,
                burned: 0,
                root_members: Lazy::new(),
                root_weights: Mapping::default(),
                shares_refreshed_at: None,
                epoch_accounts: Mapping::default(),
                market: Lazy::new(),
            }
        }

        #[ink(message)]
        pub fn market(&self) -> Option<AccountId> {
            self.market.get().flatten()
        }

        /// Admin only: sets the market contract.
        ///
        /// # Errors
        /// `NotAdmin`.
        #[ink(message)]
        pub fn set_market(&mut self, market: Option<AccountId>) -> Result<(), EmissionError> {
            self.admin.ensure(self.env().caller())?;
            self.market.set(&market);
            self.env().emit_event(MarketContractSet { market });
            Ok(())
        }

        /// Admin only: shares the block's TAO by the subnets' moving prices from now on
        /// (`update_market_shares`).
        ///
        /// # Errors
        /// `NotAdmin`.
        #[ink(message)]
        pub fn use_market_shares(&mut self) -> Result<(), EmissionError> {
            self.admin.ensure(self.env().caller())?;
            self.use_rule(SharesRule::Market);
            Ok(())
        }

        /// Anyone, once per root tempo while the market rule is in force: each subnet's share
        /// becomes its moving price over the sum of them (spec §6B); a subnet without a market
        /// gets nothing. A moving price follows the spot price by 3·10⁻⁶ a block, so no trade
        /// around this call moves a share by more than that.
        ///
        /// # Errors
        /// `WrongSharesRule`, `RootRateLimited`, `MarketCallFailed`.
        #[ink(message)]
        pub fn update_market_shares(&mut self) -> Result<(), EmissionError> {
            self.ensure_refresh(SharesRule::Market)?;
            let market: ink::contract_ref!(Market) =
                self.market().ok_or(EmissionError::MarketCallFailed)?.into();
            let netuids = self.registry_ref().netuids();
            let prices: Vec<u64> = market
                .moving_prices(netuids.clone())
                .into_iter()
                .map(saturate)
                .collect();
            let shares: Vec<(NetUid, I64F64)> = netuids
                .into_iter()
                .zip(price_shares(&prices))
                .filter(|(_, share)| *share > I64F64::from_num(0))
                .collect();
            self.apply_shares(&shares);
            Ok(())
        }

        /// The epoch contract, the only one allowed to take and pay subnets' emission.
        #[ink(message)]
        pub fn epoch(&self) -> Option<AccountId> {
            self.epoch
        }

        /// Admin only: sets the epoch contract.
        ///
        /// # Errors
        /// `NotAdmin`.
        #[ink(message)]
        pub fn set_epoch(&mut self, epoch: Option<AccountId>) -> Result<(), EmissionError> {
            self.admin.ensure(self.env().caller())?;
            self.epoch = epoch;
            self.env().emit_event(EpochContractSet { epoch });
            Ok(())
        }

        #[ink(message)]
        pub fn config(&self) -> EmissionConfig {
            self.config
        }

        /// Admin only.
        ///
        /// # Errors
        /// `NotAdmin`, `ConfigOutOfRange`.
        #[ink(message)]
        pub fn set_config(&mut self, config: EmissionConfig) -> Result<(), EmissionError> {
            self.admin.ensure(self.env().caller())?;
            if !config.is_valid() {
                return Err(EmissionError::ConfigOutOfRange);
            }
            self.config = config;
            self.env().emit_event(EmissionConfigChanged { config });
            Ok(())
        }

        #[ink(message)]
        pub fn shares_rule(&self) -> SharesRule {
            self.rule
        }

        /// Every subnet with a share or pending emission: its share, rate and pending amount.
        #[ink(message)]
        pub fn subnet_emissions(&self) -> Vec<SubnetEmission> {
            let ledger = self.ledger_now();
            let per_block = block_emission(ledger.issuance);
            ledger
                .accruals
                .iter()
                .map(|accrual| SubnetEmission {
                    netuid: accrual.netuid,
                    share_ppb: parts_per_billion(accrual.share()),
                    per_block: u128::from(
                        accrual
                            .share()
                            .saturating_mul(I64F64::from_num(per_block))
                            .saturating_to_num::<u64>(),
                    ),
                    pending: u128::from(ledger.pending(accrual.netuid)),
                })
                .collect()
        }

        /// Admin only: splits the block emission by `parts` (normalised) and makes the fixed
        /// split the rule.
        ///
        /// # Errors
        /// `NotAdmin`, `InvalidShares` (a netuid twice or unknown), `RegistryCallFailed`.
        #[ink(message)]
        pub fn set_fixed_shares(&mut self, parts: Vec<(NetUid, u16)>) -> Result<(), EmissionError> {
            self.admin.ensure(self.env().caller())?;
            if !root::weights_valid(&parts, &self.registry_ref().netuids()) {
                return Err(EmissionError::InvalidShares);
            }
            let values: Vec<u16> = parts.iter().map(|(_, part)| *part).collect();
            let shares: Vec<(NetUid, I64F64)> = parts
                .iter()
                .map(|(netuid, _)| *netuid)
                .zip(fixed_shares(&values))
                .collect();
            self.rule = SharesRule::Fixed;
            self.apply_shares(&shares);
            Ok(())
        }

        /// Admin only: hands the split to the root network (`update_root_shares`).
        ///
        /// # Errors
        /// `NotAdmin`.
        #[ink(message)]
        pub fn use_root_shares(&mut self) -> Result<(), EmissionError> {
            self.admin.ensure(self.env().caller())?;
            self.use_rule(SharesRule::Root);
            Ok(())
        }

        /// A rule refreshed by anyone (root or market): the shares stay until its first
        /// refresh, which may come at once.
        fn use_rule(&mut self, rule: SharesRule) {
            self.rule = rule;
            self.shares_refreshed_at = None;
            self.env().emit_event(SharesChanged {
                rule,
                shares: shares_ppb(&self.ledger.get().unwrap_or_default()),
            });
        }

        /// A refresh of `rule`'s shares is allowed now: the rule is in force and the last
        /// refresh is a root tempo old.
        fn ensure_refresh(&mut self, rule: SharesRule) -> Result<(), EmissionError> {
            if self.rule != rule {
                return Err(EmissionError::WrongSharesRule);
            }
            let now = self.env().block_number();
            if self
                .shares_refreshed_at
                .is_some_and(|at| now.saturating_sub(at) < self.config.root_tempo)
            {
                return Err(EmissionError::RootRateLimited);
            }
            self.shares_refreshed_at = Some(now);
            Ok(())
        }

        #[ink(message)]
        pub fn root_members(&self) -> Vec<AccountId> {
            self.root_members.get().unwrap_or_default()
        }

        #[ink(message)]
        pub fn root_weights(&self, hotkey: AccountId) -> Vec<(NetUid, u16)> {
            self.root_weights.get(hotkey).unwrap_or_default()
        }

        /// The hotkey's owner joins the root network with it: a free seat, or the seat of the
        /// smallest-stake member if `hotkey` out-stakes it.
        ///
        /// # Errors
        /// `NotHotkeyOwner`, `AlreadyRootValidator`, `RootStakeTooLow`, `RootFull`.
        #[ink(message)]
        pub fn root_register(&mut self, hotkey: AccountId) -> Result<(), EmissionError> {
            self.ensure_hotkey_owner(hotkey)?;
            let mut members = self.root_members.get().unwrap_or_default();
            if members.contains(&hotkey) {
                return Err(EmissionError::AlreadyRootValidator);
            }
            let mut all = members.clone();
            all.push(hotkey);
            let mut stakes = self.past_stakes(all)?;
            let stake = stakes.pop().unwrap_or(0);
            if stake < self.config.root_stake_threshold || stake == 0 {
                return Err(EmissionError::RootStakeTooLow);
            }
            let replaced = match root::admit(&stakes, self.config.root_validators, stake)? {
                None => {
                    members.push(hotkey);
                    None
                }
                Some(seat) => {
                    let slot = members.get_mut(seat).ok_or(EmissionError::RootFull)?;
                    let old = core::mem::replace(slot, hotkey);
                    self.root_weights.remove(old);
                    Some(old)
                }
            };
            self.root_members.set(&members);
            self.env().emit_event(RootMembershipChanged {
                joined: hotkey,
                replaced,
            });
            Ok(())
        }

        /// The owner of a root member's hotkey sets its weights on subnets.
        ///
        /// # Errors
        /// `NotHotkeyOwner`, `NotRootValidator`, `InvalidRootWeights`.
        #[ink(message)]
        pub fn set_root_weights(
            &mut self,
            hotkey: AccountId,
            weights: Vec<(NetUid, u16)>,
        ) -> Result<(), EmissionError> {
            self.ensure_hotkey_owner(hotkey)?;
            if !self.root_members().contains(&hotkey) {
                return Err(EmissionError::NotRootValidator);
            }
            if !root::weights_valid(&weights, &self.registry_ref().netuids()) {
                return Err(EmissionError::InvalidRootWeights);
            }
            self.root_weights.insert(hotkey, &weights);
            self.env().emit_event(RootWeightsSet { hotkey, weights });
            Ok(())
        }

        /// Anyone, once per root tempo while the root rule is in force: recomputes every
        /// subnet's share from the members' current stakes and weights (spec §6A).
        ///
        /// # Errors
        /// `WrongSharesRule`, `RootRateLimited`.
        #[ink(message)]
        pub fn update_root_shares(&mut self) -> Result<(), EmissionError> {
            self.ensure_refresh(SharesRule::Root)?;
            let members = self.root_members();
            let stakes = self.past_stakes(members.clone())?;
            let inputs: Vec<(Balance, Vec<(NetUid, u16)>)> = members
                .iter()
                .zip(stakes)
                .map(|(hotkey, stake)| (stake, self.root_weights(*hotkey)))
                .collect();
            let shares = root::shares(&inputs, self.config.root_kappa, self.config.root_rho);
            self.apply_shares(&shares);
            Ok(())
        }

        /// Stakes as of the previous block: a stake made in this block (a flash stake around
        /// a call) counts for nothing.
        fn past_stakes(&self, hotkeys: Vec<AccountId>) -> Result<Vec<Balance>, EmissionError> {
            self.stakes_at(hotkeys, self.env().block_number().saturating_sub(1))
        }

        /// Every hotkey's total stake at the end of `block` (a past block).
        fn stakes_at(
            &self,
            hotkeys: Vec<AccountId>,
            block: BlockNumber,
        ) -> Result<Vec<Balance>, EmissionError> {
            self.staking_ref()
                .total_stakes_at(hotkeys, block)
                .map_err(|_| EmissionError::StakingCallFailed)
        }

        fn apply_shares(&mut self, shares: &[(NetUid, I64F64)]) {
            let mut ledger = self.ledger_now();
            ledger.set_shares(shares);
            self.ledger.set(&ledger);
            self.env().emit_event(SharesChanged {
                rule: self.rule,
                shares: shares_ppb(&ledger),
            });
        }

        fn ledger_now(&self) -> Ledger {
            self.ledger
                .get()
                .unwrap_or_default()
                .at(self.env().block_number())
        }

        fn ensure_hotkey_owner(&self, hotkey: AccountId) -> Result<(), EmissionError> {
            if self.staking_ref().owner_of(hotkey) != Some(self.env().caller()) {
                return Err(EmissionError::NotHotkeyOwner);
            }
            Ok(())
        }

        fn staking_ref(&self) -> ink::contract_ref!(Staking) {
            self.staking.into()
        }

        fn registry_ref(&self) -> ink::contract_ref!(SubnetRegistry) {
            self.registry.into()
        }

        fn mint(&mut self, to: AccountId, amount: u64) -> Result<(), EmissionError> {
            if amount == 0 {
                return Ok(());
            }
            let mut token: ink::contract_ref!(TaoSupply) = self.token.into();
            token
                .mint(to, Balance::from(amount))
                .map_err(|_| EmissionError::TokenCallFailed)?;
            self.minted = self.minted.saturating_add(Balance::from(amount));
            Ok(())
        }

        /// For a subnet whose market is open: the market funds the epoch with alpha and takes
        /// `tao` into the subnet's pool, or as much of it as the alpha put in beside it is worth
        /// (minted to it here); the rest is recycled, released and never minted, as `burned`.
        /// `None` when the subnet has no market (or no market contract is set): the epoch is
        /// paid in TAO.
        fn fund_market(
            &mut self,
            netuid: NetUid,
            tao: u64,
        ) -> Result<Option<(AccountId, AlphaFunding)>, EmissionError> {
            let Some(address) = self.market() else {
                return Ok(None);
            };
            let mut market: ink::contract_ref!(Market) = address.into();
            match market.fund_epoch(netuid, Balance::from(tao), self.config.owner_cut) {
                Err(MarketError::NoMarket) => Ok(None),
                Err(_) => Err(EmissionError::MarketCallFailed),
                Ok(funding) => {
                    self.mint(address, saturate(funding.tao_in))?;
                    self.burned = self.burned.saturating_add(funding.tao_left);
                    Ok(Some((address, funding)))
                }
            }
        }

        /// An epoch's terms paid in TAO through staking, with `keeper_fee` set aside.
        fn terms(&self, keeper_fee: u64) -> EpochTerms {
            EpochTerms {
                emission: 0,
                owner_cut: 0,
                keeper_fee: Balance::from(keeper_fee),
                to_yuma: 0,
                ledger: self.staking,
                consensus_cells: self.config.consensus_cells,
                neuron_page: self.config.neuron_page,
            }
        }

        fn ensure_epoch(&self) -> Result<(), EmissionError> {
            if self.epoch != Some(self.env().caller()) {
                return Err(EmissionError::Unauthorized);
            }
            Ok(())
        }
    }

    /// Every subnet's share as the `SharesChanged` event reports it.
    fn shares_ppb(ledger: &Ledger) -> Vec<(NetUid, u32)> {
        ledger
            .accruals
            .iter()
            .map(|a| (a.netuid, parts_per_billion(a.share())))
            .collect()
    }

    fn parts_per_billion(share: I64F64) -> u32 {
        share
            .saturating_mul(I64F64::from_num(1_000_000_000u32))
            .saturating_to_num::<u32>()
    }

    /// A balance as the ledger counts it (rao, u64: the 21M cap is 2.1·10¹⁶).
    fn saturate(amount: Balance) -> u64 {
        u64::try_from(amount).unwrap_or(u64::MAX)
    }

    impl Emission for EmissionContract {
        #[ink(message)]
        fn issuance(&self) -> Balance {
            Balance::from(self.ledger_now().issuance)
        }

        #[ink(message)]
        fn minted(&self) -> Balance {
            self.minted
        }

        #[ink(message)]
        fn burned(&self) -> Balance {
            self.burned
        }

        #[ink(message)]
        fn block_emission(&self) -> Balance {
            Balance::from(block_emission(self.ledger_now().issuance))
        }

        #[ink(message)]
        fn pending_emission(&self, netuid: NetUid) -> Balance {
            Balance::from(self.ledger_now().pending(netuid))
        }

        #[ink(message)]
        fn held_by_epoch(&self, netuid: NetUid) -> Balance {
            self.epoch_accounts.get(netuid).map_or(0, |a| a.tao_held())
        }

        #[ink(message)]
        fn open_epoch(
            &mut self,
            netuid: NetUid,
            owner: AccountId,
        ) -> Result<EpochTerms, EmissionError> {
            self.ensure_epoch()?;
            if self.epoch_accounts.contains(netuid) {
                return Err(EmissionError::EpochRunning);
            }
            let mut ledger = self.ledger_now();
            let emission = ledger.take(netuid);
            self.ledger.set(&ledger);
            // The keeper's fee is the same cut of the TAO either way: of all of it when the
            // owner is paid in alpha, of what the owner's TAO cut leaves otherwise.
            let (keeper_fee, tao_in) = owner_cut(emission, self.config.keeper_fee);
            let in_market = self.fund_market(netuid, tao_in)?;
            let (to_owner, to_yuma, terms) = match in_market {
                Some((market, funding)) => (
                    0,
                    funding.to_yuma,
                    EpochTerms {
                        emission: funding.alpha_emission,
                        owner_cut: funding.owner_alpha,
                        to_yuma: funding.to_yuma,
                        ledger: market,
                        ..self.terms(keeper_fee)
                    },
                ),
                None => {
                    let (to_owner, rest) = owner_cut(emission, self.config.owner_cut);
                    let (keeper_fee, to_yuma) = owner_cut(rest, self.config.keeper_fee);
                    self.mint(owner, to_owner)?;
                    let terms = EpochTerms {
                        emission: Balance::from(emission),
                        owner_cut: Balance::from(to_owner),
                        to_yuma: Balance::from(to_yuma),
                        ..self.terms(keeper_fee)
                    };
                    (to_owner, Balance::from(to_yuma), terms)
                }
            };
            let account = EpochAccount {
                paid: 0,
                held: to_yuma,
                keeper_fee: terms.keeper_fee,
                in_alpha: in_market.is_some(),
            };
            self.epoch_accounts.insert(netuid, &account);
            self.env().emit_event(EpochFunded {
                netuid,
                emission: Balance::from(emission),
                owner_cut: Balance::from(to_owner),
                held: account.tao_held(),
                in_alpha: account.in_alpha,
            });
            Ok(terms)
        }

        #[ink(message)]
        fn pay_epoch(
            &mut self,
            netuid: NetUid,
            paid: Balance,
            burned: Balance,
        ) -> Result<(), EmissionError> {
            self.ensure_epoch()?;
            let mut account = self
                .epoch_accounts
                .get(netuid)
                .ok_or(EmissionError::NoRunningEpoch)?;
            let spent = paid
                .checked_add(burned)
                .ok_or(EmissionError::EpochOverpaid)?;
            account.held = account
                .held
                .checked_sub(spent)
                .ok_or(EmissionError::EpochOverpaid)?;
            account.paid = account.paid.saturating_add(paid);
            // Alpha is minted by the market as it credits it, and alpha never minted is no
            // TAO released.
            if !account.in_alpha {
                self.mint(self.staking, saturate(paid))?;
                self.burned = self.burned.saturating_add(burned);
            }
            self.epoch_accounts.insert(netuid, &account);
            self.env().emit_event(EpochPaid {
                netuid,
                paid,
                burned,
            });
            Ok(())
        }

        #[ink(message)]
        fn close_epoch(
            &mut self,
            netuid: NetUid,
            keeper: Option<AccountId>,
        ) -> Result<(Balance, Balance), EmissionError> {
            self.ensure_epoch()?;
            let account = self
                .epoch_accounts
                .take(netuid)
                .ok_or(EmissionError::NoRunningEpoch)?;
            let keeper_fee = if let Some(keeper) = keeper {
                self.mint(keeper, saturate(account.keeper_fee))?;
                account.keeper_fee
            } else {
                0
            };
            let returned = account.tao_held().saturating_sub(keeper_fee);
            let mut ledger = self.ledger_now();
            ledger.carry(netuid, saturate(returned));
            self.ledger.set(&ledger);
            self.env().emit_event(EpochSettled {
                netuid,
                paid: account.paid,
                keeper_fee,
                returned,
                in_alpha: account.in_alpha,
            });
            Ok((account.paid, returned))
        }
    }

    impl Admin for EmissionContract {
        #[ink(message)]
        fn admin(&self) -> AccountId {
            self.admin.admin()
        }

        #[ink(message)]
        fn transfer_admin(&mut self, new_admin: AccountId) -> Result<(), AdminError> {
            let event = self.admin.transfer(self.env().caller(), new_admin)?;
            self.env().emit_event(event);
            Ok(())
        }

        #[ink(message)]
        fn set_code(&mut self, code_hash: Hash) -> Result<(), AdminError> {
            let event = self.admin.set_code(self.env().caller(), code_hash)?;
            self.env().emit_event(event);
            Ok(())
        }
    }
}
