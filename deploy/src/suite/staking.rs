//! Typed calls into the staking contract.

use drink::AccountId32;
use interfaces::ledger::LedgerError;
pub use interfaces::staking::StakingConfig;
use interfaces::staking::{HotkeyRecord, PositionInfo, StakingError, POSITIONS_PAGE};
use interfaces::{Balance, BlockNumber, NetUid, U16Proportion};

use crate::chain::{arg, Backend, ChainError, Typed};
use crate::messages;

pub struct StakingClient {
    pub address: AccountId32,
}

type Outcome = Result<Result<(), StakingError>, ChainError>;

impl StakingClient {
    pub fn set_roles(
        &self,
        chain: &mut dyn Backend,
        admin: &AccountId32,
        registry: Option<&AccountId32>,
        emission: Option<&AccountId32>,
        market: Option<&AccountId32>,
    ) -> Outcome {
        let args = [
            arg::option_account(registry),
            arg::option_account(emission),
            arg::option_account(market),
        ];
        chain
            .act_as(admin)
            .call(&self.address, messages::SET_ROLES, &args)
    }

    pub fn config(&self, chain: &mut dyn Backend) -> Result<StakingConfig, ChainError> {
        chain.query(&self.address, "config", &[])
    }

    pub fn set_config(
        &self,
        chain: &mut dyn Backend,
        admin: &AccountId32,
        config: StakingConfig,
    ) -> Outcome {
        chain.act_as(admin).call(
            &self.address,
            messages::SET_CONFIG,
            &[arg::numbers_struct(&config)],
        )
    }

    pub fn position_count(
        &self,
        chain: &mut dyn Backend,
        coldkey: &AccountId32,
    ) -> Result<u32, ChainError> {
        chain.query(&self.address, "position_count", &[arg::account(coldkey)])
    }

    /// Every position of `coldkey`, page after page.
    pub fn positions(
        &self,
        chain: &mut dyn Backend,
        coldkey: &AccountId32,
    ) -> Result<Vec<PositionInfo>, ChainError> {
        let count = self.position_count(chain, coldkey)?;
        let mut positions = Vec::new();
        for start in (0..count).step_by(POSITIONS_PAGE as usize) {
            let args = [
                arg::account(coldkey),
                arg::number(start),
                arg::number(POSITIONS_PAGE),
            ];
            let page: Vec<PositionInfo> = chain.query(&self.address, "positions_of", &args)?;
            positions.extend(page);
        }
        Ok(positions)
    }

    pub fn move_stake(
        &self,
        chain: &mut dyn Backend,
        coldkey: &AccountId32,
        from: &AccountId32,
        to: &AccountId32,
        amount: Balance,
    ) -> Outcome {
        let args = [arg::account(from), arg::account(to), arg::number(amount)];
        chain
            .act_as(coldkey)
            .call(&self.address, "move_stake", &args)
    }

    pub fn transfer_stake(
        &self,
        chain: &mut dyn Backend,
        coldkey: &AccountId32,
        hotkey: &AccountId32,
        to: &AccountId32,
        amount: Balance,
    ) -> Outcome {
        let args = [arg::account(hotkey), arg::account(to), arg::number(amount)];
        chain
            .act_as(coldkey)
            .call(&self.address, "transfer_stake", &args)
    }

    pub fn unstake_all(
        &self,
        chain: &mut dyn Backend,
        coldkey: &AccountId32,
        hotkey: &AccountId32,
    ) -> Result<Result<Balance, StakingError>, ChainError> {
        chain
            .act_as(coldkey)
            .call(&self.address, "unstake_all", &[arg::account(hotkey)])
    }

    pub fn undistributed(&self, chain: &mut dyn Backend) -> Result<Balance, ChainError> {
        chain.query(&self.address, "undistributed", &[])
    }

    pub fn nominator_count(
        &self,
        chain: &mut dyn Backend,
        hotkey: &AccountId32,
    ) -> Result<u32, ChainError> {
        chain.query(&self.address, "nominator_count", &[arg::account(hotkey)])
    }

    pub fn claim_hotkey(
        &self,
        chain: &mut dyn Backend,
        registry: &AccountId32,
        hotkey: &AccountId32,
        coldkey: &AccountId32,
    ) -> Outcome {
        let args = [arg::account(hotkey), arg::account(coldkey)];
        chain
            .act_as(registry)
            .call(&self.address, "Staking::claim_hotkey", &args)
    }

    /// The registry's part of a hotkey swap.
    pub fn swap_hotkey(
        &self,
        chain: &mut dyn Backend,
        registry: &AccountId32,
        old: &AccountId32,
        new: &AccountId32,
    ) -> Outcome {
        let args = [arg::account(old), arg::account(new)];
        chain
            .act_as(registry)
            .call(&self.address, "Staking::swap_hotkey", &args)
    }

    /// The registry's part of a coldkey swap: one page of `max` holdings.
    pub fn swap_coldkey(
        &self,
        chain: &mut dyn Backend,
        registry: &AccountId32,
        old: &AccountId32,
        new: &AccountId32,
        max: u32,
    ) -> Result<Result<bool, StakingError>, ChainError> {
        let args = [arg::account(old), arg::account(new), arg::number(max)];
        chain
            .act_as(registry)
            .call(&self.address, "Staking::swap_coldkey", &args)
    }

    pub fn owner_of(
        &self,
        chain: &mut dyn Backend,
        hotkey: &AccountId32,
    ) -> Result<Option<interfaces::AccountId>, ChainError> {
        chain.query(&self.address, "Staking::owner_of", &[arg::account(hotkey)])
    }

    pub fn add_stake(
        &self,
        chain: &mut dyn Backend,
        coldkey: &AccountId32,
        hotkey: &AccountId32,
        amount: Balance,
    ) -> Outcome {
        let args = [arg::account(hotkey), arg::number(amount)];
        chain
            .act_as(coldkey)
            .call(&self.address, "Staking::add_stake", &args)
    }

    pub fn remove_stake(
        &self,
        chain: &mut dyn Backend,
        coldkey: &AccountId32,
        hotkey: &AccountId32,
        amount: Balance,
    ) -> Outcome {
        let args = [arg::account(hotkey), arg::number(amount)];
        chain
            .act_as(coldkey)
            .call(&self.address, "Staking::remove_stake", &args)
    }

    pub fn stake_of(
        &self,
        chain: &mut dyn Backend,
        hotkey: &AccountId32,
        coldkey: &AccountId32,
    ) -> Result<Balance, ChainError> {
        let args = [arg::account(hotkey), arg::account(coldkey)];
        chain.query(&self.address, "Staking::stake_of", &args)
    }

    pub fn total_stake_of(
        &self,
        chain: &mut dyn Backend,
        hotkey: &AccountId32,
    ) -> Result<Balance, ChainError> {
        chain.query(
            &self.address,
            "Staking::total_stake_of",
            &[arg::account(hotkey)],
        )
    }

    pub fn total_stakes(
        &self,
        chain: &mut dyn Backend,
        hotkeys: &[AccountId32],
    ) -> Result<Vec<Balance>, ChainError> {
        let list = arg::list(hotkeys.iter().map(arg::account));
        chain.query(&self.address, "Staking::total_stakes", &[list])
    }

    pub fn total_stakes_at(
        &self,
        chain: &mut dyn Backend,
        hotkeys: &[AccountId32],
        block: BlockNumber,
    ) -> Result<Result<Vec<Balance>, StakingError>, ChainError> {
        let list = arg::list(hotkeys.iter().map(arg::account));
        chain.query(
            &self.address,
            "Staking::total_stakes_at",
            &[list, arg::number(block)],
        )
    }

    pub fn total_stake(&self, chain: &mut dyn Backend) -> Result<Balance, ChainError> {
        chain.query(&self.address, "Staking::total_stake", &[])
    }

    pub fn take_of(
        &self,
        chain: &mut dyn Backend,
        hotkey: &AccountId32,
    ) -> Result<U16Proportion, ChainError> {
        chain.query(&self.address, "Staking::take_of", &[arg::account(hotkey)])
    }

    pub fn set_take(
        &self,
        chain: &mut dyn Backend,
        owner: &AccountId32,
        hotkey: &AccountId32,
        take: U16Proportion,
    ) -> Outcome {
        let args = [arg::account(hotkey), arg::number(take)];
        chain
            .act_as(owner)
            .call(&self.address, "Staking::set_take", &args)
    }

    /// Credits `(hotkey, incentive, dividend)` rewards as `epoch` (staking's emission role).
    pub fn credit_rewards(
        &self,
        chain: &mut dyn Backend,
        epoch: &AccountId32,
        rewards: &[(AccountId32, Balance, Balance)],
    ) -> Result<Result<(), LedgerError>, ChainError> {
        credit_epoch_rewards(chain, &self.address, epoch, 0, rewards)
    }

    /// Each hotkey's stable key, owner and take (`rewarded`: retired names lead to their key),
    /// and its total stake at the end of `stake_at`, if given.
    pub fn hotkey_records(
        &self,
        chain: &mut dyn Backend,
        hotkeys: &[AccountId32],
        rewarded: bool,
        stake_at: Option<BlockNumber>,
    ) -> Result<Result<Vec<Option<HotkeyRecord>>, StakingError>, ChainError> {
        let list = arg::list(hotkeys.iter().map(arg::account));
        chain.query(
            &self.address,
            "Staking::hotkey_records",
            &[list, rewarded.to_string(), arg::option_number(stake_at)],
        )
    }

    pub fn sync_votes(
        &self,
        chain: &mut dyn Backend,
        caller: &AccountId32,
        hotkey: &AccountId32,
        coldkey: &AccountId32,
    ) -> Outcome {
        let args = [arg::account(hotkey), arg::account(coldkey)];
        chain
            .act_as(caller)
            .call(&self.address, "Staking::sync_votes", &args)
    }

    /// Lends `account`'s voting power to `delegate` (itself: takes it back).
    pub fn delegate(
        &self,
        chain: &mut dyn Backend,
        account: &AccountId32,
        delegate: &AccountId32,
    ) -> Outcome {
        chain
            .act_as(account)
            .call(&self.address, "delegate", &[arg::account(delegate)])
    }

    pub fn delegate_of(
        &self,
        chain: &mut dyn Backend,
        account: &AccountId32,
    ) -> Result<interfaces::AccountId, ChainError> {
        chain.query(&self.address, "delegate_of", &[arg::account(account)])
    }

    pub fn own_votes(
        &self,
        chain: &mut dyn Backend,
        account: &AccountId32,
    ) -> Result<Balance, ChainError> {
        chain.query(&self.address, "own_votes", &[arg::account(account)])
    }

    pub fn get_votes(
        &self,
        chain: &mut dyn Backend,
        account: &AccountId32,
    ) -> Result<Balance, ChainError> {
        chain.query(
            &self.address,
            "Staking::get_votes",
            &[arg::account(account)],
        )
    }

    pub fn get_past_votes(
        &self,
        chain: &mut dyn Backend,
        account: &AccountId32,
        block: BlockNumber,
    ) -> Result<Result<Balance, StakingError>, ChainError> {
        let args = [arg::account(account), arg::number(block)];
        chain.query(&self.address, "Staking::get_past_votes", &args)
    }

    pub fn get_past_total_stake(
        &self,
        chain: &mut dyn Backend,
        block: BlockNumber,
    ) -> Result<Result<Balance, StakingError>, ChainError> {
        chain.query(
            &self.address,
            "Staking::get_past_total_stake",
            &[arg::number(block)],
        )
    }
}

/// Credits `(hotkey, incentive, dividend)` rewards of `netuid` on `ledger` (staking or the
/// market) as `epoch`.
pub fn credit_epoch_rewards(
    chain: &mut dyn Backend,
    ledger: &AccountId32,
    epoch: &AccountId32,
    netuid: NetUid,
    rewards: &[(AccountId32, Balance, Balance)],
) -> Result<Result<(), LedgerError>, ChainError> {
    let items = rewards.iter().map(|(hotkey, incentive, dividend)| {
        format!("Reward {{ hotkey: {hotkey}, incentive: {incentive}, dividend: {dividend} }}")
    });
    chain.act_as(epoch).call(
        ledger,
        "EpochLedger::credit_epoch_rewards",
        &[arg::number(netuid), arg::list(items)],
    )
}

/// Each hotkey's stake weight on `netuid` at the end of `block`, as `ledger` counts it.
pub fn epoch_stakes(
    chain: &mut dyn Backend,
    ledger: &AccountId32,
    netuid: NetUid,
    hotkeys: &[AccountId32],
    block: BlockNumber,
) -> Result<Result<Vec<Balance>, LedgerError>, ChainError> {
    let list = arg::list(hotkeys.iter().map(arg::account));
    chain.query(
        ledger,
        "EpochLedger::epoch_stakes",
        &[arg::number(netuid), list, arg::number(block)],
    )
}
