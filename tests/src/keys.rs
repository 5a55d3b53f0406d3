//! Key rotation in the sandbox: hotkey swaps and scheduled coldkey swaps, over the whole suite.

use drink::AccountId32;
use inktensor::chain::{ink_account, Backend};
use inktensor::suite::{EmissionConfig, NetworkConfig, Reveal};
use interfaces::registry::{NeuronResult, RegistryError, ValidatorIdentity, COLDKEY_SWAP_PAGE};
use interfaces::staking::{PositionInfo, StakingError};
use interfaces::weights::WeightsError;
use interfaces::{Balance, RAO_PER_TAO};

use crate::emission::{add_stake, attacker, one_subnet, step, unaccounted_issuance, World};

const TAO: Balance = RAO_PER_TAO;
/// The default `key_swap_cost`.
const KEY_SWAP_COST: Balance = TAO / 10;

/// Governance's part, done by the deployer (still admin): key swaps without rate limit and
/// with a coldkey swap delay of `delay` blocks.
fn set_key_swap_rules(world: &mut World, rate_limit: u32, delay: u32) {
    let registry = world.suite.registry();
    let config = NetworkConfig {
        hotkey_swap_rate_limit: rate_limit,
        coldkey_swap_delay: delay,
        ..registry.config(&mut world.chain).unwrap()
    };
    let admin = world.admin.clone();
    registry
        .set_config(&mut world.chain, &admin, config)
        .unwrap()
        .unwrap();
}

fn swap_hotkey(
    world: &mut World,
    coldkey: &AccountId32,
    old: &AccountId32,
    new: &AccountId32,
) -> Result<(), RegistryError> {
    world
        .suite
        .registry()
        .swap_hotkey(&mut world.chain, coldkey, old, new)
        .unwrap()
}

/// The world's first validator (uid 1) renamed `validator-new`; `World::set_weights` signs
/// with the new name from then on.
fn rename_first_validator(world: &mut World) -> AccountId32 {
    let new = world.chain.account("validator-new");
    let (coldkey, old) = (
        world.coldkey.clone(),
        world.subnets[0].validators[0].clone(),
    );
    swap_hotkey(world, &coldkey, &old, &new).unwrap();
    world.subnets[0].validators[0] = new.clone();
    new
}

/// `coldkey`'s positions, by hotkey (staking lists them in no particular order).
fn positions(world: &mut World, coldkey: &AccountId32) -> Vec<PositionInfo> {
    let mut positions = world
        .suite
        .staking()
        .positions(&mut world.chain, coldkey)
        .unwrap();
    positions.sort_by_key(|p| *AsRef::<[u8; 32]>::as_ref(&p.hotkey));
    positions
}

/// What staking holds against what it accounts for: always equal.
fn assert_backed(world: &mut World) {
    let staking = world.suite.staking.clone();
    let held = world.balance(&staking);
    let total = world.suite.staking().total_stake(&mut world.chain).unwrap();
    let dust = world
        .suite
        .staking()
        .undistributed(&mut world.chain)
        .unwrap();
    assert_eq!(held, total + dust);
}

/// A nominator's gain and every uid's result over the second epoch, the first validator
/// renamed (or not) after the first epoch wrote its bonds.
fn second_epoch(rename: bool) -> (Balance, Vec<NeuronResult>, Vec<(u16, u16)>) {
    let mut world = World::new(&[one_subnet()]);
    let nominator = attacker(&mut world, "nominator", 1_000 * TAO);
    let validator = world.subnets[0].validators[0].clone();
    add_stake(&mut world, &nominator, &validator, 500 * TAO);
    world.chain.advance_blocks(1);
    world.first_epochs();
    world.set_weights(0, &[1, 2, 3, 4]);
    world.advance_to_due(0);
    world.crank(0, 64);
    let netuid = world.netuid(0);
    let bonds_before = world
        .suite
        .epoch()
        .bonds(&mut world.chain, netuid, 1)
        .unwrap();
    assert!(!bonds_before.is_empty(), "the validator holds bonds");
    let validator = if rename {
        rename_first_validator(&mut world)
    } else {
        validator
    };
    let bonds = world
        .suite
        .epoch()
        .bonds(&mut world.chain, netuid, 1)
        .unwrap();
    assert_eq!(bonds, bonds_before);
    let before = world
        .suite
        .staking()
        .stake_of(&mut world.chain, &validator, &nominator);
    world.set_weights(0, &[1, 2, 3, 4]);
    world.advance_to_due(0);
    world.crank(0, 64);
    let after = world
        .suite
        .staking()
        .stake_of(&mut world.chain, &validator, &nominator);
    assert_backed(&mut world);
    let results = world.results(0);
    (after.unwrap() - before.unwrap(), results, bonds)
}

#[test]
fn a_hotkey_swap_keeps_the_uid_its_bonds_and_every_nominator() {
    let mut world = World::new(&[one_subnet()]);
    let nominator = attacker(&mut world, "nominator", 1_000 * TAO);
    let (coldkey, netuid) = (world.coldkey.clone(), world.netuid(0));
    let old = world.subnets[0].validators[0].clone();
    add_stake(&mut world, &nominator, &old, 500 * TAO);
    let identity = ValidatorIdentity {
        name: b"Old name, same validator".to_vec(),
        ..ValidatorIdentity::default()
    };
    let registry = world.suite.registry();
    let staking = world.suite.staking();
    registry
        .set_validator_identity(&mut world.chain, &coldkey, &old, &identity)
        .unwrap()
        .unwrap();
    let total = world.stake(&old);
    let nominated = staking
        .stake_of(&mut world.chain, &old, &nominator)
        .unwrap();
    let take = staking.take_of(&mut world.chain, &old).unwrap();
    let balance = world.balance(&coldkey);

    let new = rename_first_validator(&mut world);

    assert_eq!(world.balance(&coldkey), balance - KEY_SWAP_COST);
    let neuron = registry.neurons(&mut world.chain, netuid, 1, 1).unwrap();
    assert_eq!(neuron[0].hotkey, ink_account(&new));
    assert_eq!(
        registry.uid_of(&mut world.chain, netuid, &new).unwrap(),
        Some(1)
    );
    assert_eq!(
        registry.uid_of(&mut world.chain, netuid, &old).unwrap(),
        None
    );
    assert_eq!(
        registry.validator_identity(&mut world.chain, &new).unwrap(),
        Some(identity)
    );
    assert_eq!(
        registry.validator_identity(&mut world.chain, &old).unwrap(),
        None
    );
    assert_eq!(
        staking.owner_of(&mut world.chain, &new).unwrap(),
        Some(ink_account(&coldkey))
    );
    assert_eq!(staking.owner_of(&mut world.chain, &old).unwrap(), None);
    assert_eq!(world.stake(&new), total);
    assert_eq!(world.stake(&old), 0);
    assert_eq!(
        staking
            .stake_of(&mut world.chain, &new, &nominator)
            .unwrap(),
        nominated
    );
    assert_eq!(staking.take_of(&mut world.chain, &new).unwrap(), take);
    assert_eq!(staking.nominator_count(&mut world.chain, &new).unwrap(), 2);
    let listed = positions(&mut world, &nominator);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].hotkey, ink_account(&new));
    // The stake history moved with the pool: an epoch reads the new name's past stake.
    world.chain.advance_blocks(1);
    let block = world.chain.block_number() - 1;
    let past = staking
        .total_stakes_at(&mut world.chain, &[new.clone(), old.clone()], block)
        .unwrap()
        .unwrap();
    assert_eq!(past, vec![total, 0]);
    // The nominator keeps managing the position under the new name.
    staking
        .remove_stake(&mut world.chain, &nominator, &new, 100 * TAO)
        .unwrap()
        .unwrap();
    assert_backed(&mut world);
}

#[test]
fn an_epoch_pays_a_renamed_validator_as_if_it_had_kept_its_name() {
    let (kept, kept_results, kept_bonds) = second_epoch(false);
    let (renamed, renamed_results, renamed_bonds) = second_epoch(true);
    eprintln!("nominator's gain over the second epoch: {kept} kept, {renamed} renamed");
    assert!(kept > 0);
    assert_eq!(renamed, kept);
    assert_eq!(renamed_bonds, kept_bonds);
    assert_eq!(renamed_results, kept_results);
}

#[test]
fn hotkey_swap_refusals_change_nothing() {
    let mut world = World::new(&[one_subnet()]);
    let stranger = attacker(&mut world, "stranger", 100 * TAO);
    let coldkey = world.coldkey.clone();
    let [v0, v1, v2] = [0, 1, 2].map(|i| world.subnets[0].validators[i].clone());
    let fresh = world.chain.account("fresh");
    let snapshot = |world: &mut World| {
        let netuid = world.netuid(0);
        let neurons = world.suite.registry().all_neurons(&mut world.chain, netuid);
        let stakes: Vec<Balance> = [&v0, &v1, &v2, &fresh].map(|h| world.stake(h)).to_vec();
        let owners: Vec<_> = [&v0, &fresh]
            .map(|h| world.suite.staking().owner_of(&mut world.chain, h).unwrap())
            .to_vec();
        (neurons.unwrap(), stakes, owners, world.balance(&coldkey))
    };
    let before = snapshot(&mut world);
    let refusals = [
        (
            stranger.clone(),
            v0.clone(),
            fresh.clone(),
            RegistryError::NotHotkeyOwner,
        ),
        (
            coldkey.clone(),
            v0.clone(),
            v1.clone(),
            RegistryError::HotkeyInUse,
        ),
        (
            coldkey.clone(),
            v0.clone(),
            v0.clone(),
            RegistryError::HotkeyInUse,
        ),
        (
            coldkey.clone(),
            fresh.clone(),
            v0.clone(),
            RegistryError::NotHotkeyOwner,
        ),
    ];
    for (caller, old, new, error) in refusals {
        assert_eq!(swap_hotkey(&mut world, &caller, &old, &new), Err(error));
    }
    assert_eq!(snapshot(&mut world), before);

    // A swap, then: the coldkey's next one waits out the rate limit, and the old name is
    // retired for good — it cannot be swapped back to, registered again or staked on.
    swap_hotkey(&mut world, &coldkey, &v0, &fresh).unwrap();
    let other = world.chain.account("other");
    assert_eq!(
        swap_hotkey(&mut world, &coldkey, &v1, &other),
        Err(RegistryError::HotkeySwapRateLimited)
    );
    set_key_swap_rules(&mut world, 0, 0);
    assert_eq!(
        swap_hotkey(&mut world, &coldkey, &fresh, &v0),
        Err(RegistryError::HotkeyInUse)
    );
    let netuid = world.netuid(0);
    assert_eq!(
        world
            .suite
            .registry()
            .register(&mut world.chain, &coldkey, netuid, &v0, Balance::MAX)
            .unwrap(),
        Err(RegistryError::HotkeyInUse)
    );
    assert_eq!(
        world
            .suite
            .staking()
            .add_stake(&mut world.chain, &stranger, &v0, TAO)
            .unwrap(),
        Err(StakingError::UnknownHotkey)
    );
    // The new name can be swapped on again.
    swap_hotkey(&mut world, &coldkey, &fresh, &other).unwrap();
    assert_eq!(world.stake(&other), before.1[0]);
}

/// Attack: the owner renames a validator in the middle of a paged epoch — one whose page
/// was already gathered under the old name, one whose page was not — hoping that the old name
/// is paid and the new one counted again, or that the pool is skipped. Each is paid exactly
/// what it is paid without the swaps.
#[test]
fn attack_a_hotkey_swap_mid_epoch_neither_loses_nor_doubles_rewards() {
    let outcome = |swap: bool| {
        let mut world = World::new(&[one_subnet()]);
        let admin = world.admin.clone();
        // Payout pages of one neuron, so gather pages of two.
        let two_per_page = EmissionConfig {
            neuron_page: 1,
            ..EmissionConfig::default()
        };
        world
            .suite
            .emission()
            .set_config(&mut world.chain, &admin, &two_per_page)
            .unwrap()
            .unwrap();
        set_key_swap_rules(&mut world, 0, 0);
        world.first_epochs();
        world.set_weights(0, &[1, 2, 3, 4]);
        world.advance_to_due(0);
        let validators = world.subnets[0].validators.clone();
        let before: Vec<Balance> = validators.iter().map(|v| world.stake(v)).collect();
        let issuance_gap = unaccounted_issuance(&mut world);
        // Gathers uids 0 and 1 (validator 0) under their names.
        step(&mut world, 0, 1);
        let mut names = validators.clone();
        if swap {
            let coldkey = world.coldkey.clone();
            for i in [0, 2] {
                let new = world.chain.account(&format!("renamed-{i}"));
                swap_hotkey(&mut world, &coldkey, &validators[i], &new).unwrap();
                names[i] = new;
            }
        }
        world.crank(0, 1);
        assert_eq!(unaccounted_issuance(&mut world), issuance_gap);
        assert_backed(&mut world);
        let gains: Vec<Balance> = names
            .iter()
            .zip(before)
            .map(|(v, before)| world.stake(v) - before)
            .collect();
        (gains, world.results(0))
    };
    let honest = outcome(false);
    let swapped = outcome(true);
    eprintln!(
        "validators' gains: {:?} without swaps, {:?} with",
        honest.0, swapped.0
    );
    assert!(honest.0.iter().all(|gain| *gain > 0));
    assert_eq!(swapped, honest);
}

/// A renamed root member's seat weighs nothing (its old name holds no stake, so a swap cannot
/// seat the same stake twice); the new name takes a seat of its own.
#[test]
fn a_renamed_root_member_joins_again_under_its_new_name() {
    let mut world = World::new(&[one_subnet()]);
    let coldkey = world.coldkey.clone();
    let old = world.subnets[0].validators[2].clone();
    let emission = world.suite.emission();
    emission
        .root_register(&mut world.chain, &coldkey, &old)
        .unwrap()
        .unwrap();
    let new = world.chain.account("root-new");
    swap_hotkey(&mut world, &coldkey, &old, &new).unwrap();
    world.chain.advance_blocks(1);
    let block = world.chain.block_number() - 1;
    let stakes = world
        .suite
        .staking()
        .total_stakes_at(&mut world.chain, &[old.clone(), new.clone()], block)
        .unwrap()
        .unwrap();
    assert_eq!(stakes, vec![0, 3_000 * TAO]);
    emission
        .root_register(&mut world.chain, &coldkey, &new)
        .unwrap()
        .unwrap();
    assert_eq!(
        emission.root_members(&mut world.chain).unwrap(),
        vec![ink_account(&old), ink_account(&new)]
    );
}

#[test]
fn a_coldkey_swap_waits_its_delay_then_moves_positions_hotkeys_subnets_and_votes() {
    let mut world = World::new(&[one_subnet()]);
    set_key_swap_rules(&mut world, 1_000, 20);
    let registry = world.suite.registry();
    let staking = world.suite.staking();
    let (old, keeper, netuid) = (world.coldkey.clone(), world.keeper.clone(), world.netuid(0));
    let new = world.chain.account("new-coldkey");
    let held = positions(&mut world, &old);
    assert_eq!(held.len(), 3);
    let votes = staking.get_votes(&mut world.chain, &old).unwrap();
    assert!(votes > 0);
    let balance = world.balance(&old);

    registry
        .announce_coldkey_swap(&mut world.chain, &old, &new)
        .unwrap()
        .unwrap();
    assert_eq!(world.balance(&old), balance - KEY_SWAP_COST);
    assert_eq!(
        registry
            .swap_coldkey(&mut world.chain, &keeper, &old)
            .unwrap(),
        Err(RegistryError::ColdkeySwapNotDue)
    );
    assert_eq!(
        registry
            .announce_coldkey_swap(&mut world.chain, &old, &new)
            .unwrap(),
        Err(RegistryError::ColdkeySwapPending)
    );
    // Cancelled during the delay, then announced again: the delay starts over.
    world.chain.advance_blocks(10);
    registry
        .cancel_coldkey_swap(&mut world.chain, &old)
        .unwrap()
        .unwrap();
    assert_eq!(registry.coldkey_swap(&mut world.chain, &old).unwrap(), None);
    registry
        .announce_coldkey_swap(&mut world.chain, &old, &new)
        .unwrap()
        .unwrap();
    world.chain.advance_blocks(19);
    assert_eq!(
        registry
            .swap_coldkey(&mut world.chain, &keeper, &old)
            .unwrap(),
        Err(RegistryError::ColdkeySwapNotDue)
    );
    world.chain.advance_blocks(1);
    let before_swap = world.chain.block_number() - 1;
    // Anyone may execute a due swap: 3 positions and 7 hotkeys fit one call.
    assert_eq!(
        registry
            .swap_coldkey(&mut world.chain, &keeper, &old)
            .unwrap(),
        Ok(true)
    );

    assert_eq!(positions(&mut world, &new), held);
    assert!(positions(&mut world, &old).is_empty());
    let subnet = world.subnets[0].validators.clone();
    for hotkey in subnet.iter().chain(&world.subnets[0].miners.clone()) {
        assert_eq!(
            staking.owner_of(&mut world.chain, hotkey).unwrap(),
            Some(ink_account(&new))
        );
    }
    assert_eq!(staking.get_votes(&mut world.chain, &new).unwrap(), votes);
    assert_eq!(staking.get_votes(&mut world.chain, &old).unwrap(), 0);
    // At a snapshot taken before the swap the power is the old key's only: no vote twice.
    world.chain.advance_blocks(1);
    let past = |world: &mut World, who: &AccountId32| {
        let staking = world.suite.staking();
        staking
            .get_past_votes(&mut world.chain, who, before_swap)
            .unwrap()
            .unwrap()
    };
    assert_eq!((past(&mut world, &old), past(&mut world, &new)), (votes, 0));
    assert_backed(&mut world);
    // The new coldkey manages what it took over; the old one holds nothing.
    let validator = world.subnets[0].validators[0].clone();
    staking
        .remove_stake(&mut world.chain, &new, &validator, TAO)
        .unwrap()
        .unwrap();
    assert_eq!(
        staking
            .remove_stake(&mut world.chain, &old, &validator, TAO)
            .unwrap(),
        Err(StakingError::InsufficientStake)
    );

    // The subnet's owner swaps too: the subnet, and the owner's cut, follow.
    let owner = world.subnets[0].owner.clone();
    let heir = world.chain.account("heir");
    registry
        .announce_coldkey_swap(&mut world.chain, &owner, &heir)
        .unwrap()
        .unwrap();
    world.chain.advance_blocks(20);
    assert_eq!(
        registry
            .swap_coldkey(&mut world.chain, &heir, &owner)
            .unwrap(),
        Ok(true)
    );
    let info = registry.subnet(&mut world.chain, netuid).unwrap().unwrap();
    assert_eq!(info.owner, ink_account(&heir));
    world.advance_to_due(0);
    world.crank(0, 64);
    assert!(
        world.balance(&heir) > 0,
        "the owner's cut goes to the new coldkey"
    );
}

#[test]
fn coldkey_swap_refusals_change_nothing_and_a_started_swap_cannot_be_cancelled() {
    let mut world = World::new(&[one_subnet()]);
    set_key_swap_rules(&mut world, 0, 5);
    let registry = world.suite.registry();
    let (coldkey, keeper, netuid) = (world.coldkey.clone(), world.keeper.clone(), world.netuid(0));
    let owner = world.subnets[0].owner.clone();
    let new = world.chain.account("new-coldkey");
    let balance = world.balance(&owner);
    for (old, to, error) in [
        (&owner, &coldkey, RegistryError::ColdkeyInUse),
        (&owner, &owner, RegistryError::ColdkeyInUse),
    ] {
        assert_eq!(
            registry
                .announce_coldkey_swap(&mut world.chain, old, to)
                .unwrap(),
            Err(error)
        );
    }
    assert_eq!(
        registry
            .cancel_coldkey_swap(&mut world.chain, &owner)
            .unwrap(),
        Err(RegistryError::NoColdkeySwap)
    );
    assert_eq!(
        registry
            .swap_coldkey(&mut world.chain, &keeper, &owner)
            .unwrap(),
        Err(RegistryError::NoColdkeySwap)
    );
    assert_eq!(world.balance(&owner), balance);
    assert_eq!(
        registry.coldkey_swap(&mut world.chain, &owner).unwrap(),
        None
    );

    // 7 hotkeys and 3 positions now; 58 more hotkeys make 68 holdings, three calls' worth.
    for i in 0..58 {
        let hotkey = world.chain.account(&format!("extra-{i}"));
        registry
            .register(&mut world.chain, &coldkey, netuid, &hotkey, Balance::MAX)
            .unwrap()
            .unwrap();
    }
    registry
        .announce_coldkey_swap(&mut world.chain, &coldkey, &new)
        .unwrap()
        .unwrap();
    // One swap at a time through a coldkey: no second swap into `new`, none out of it while
    // holdings are coming, none into the leaving coldkey.
    let fresh = world.chain.account("fresh-coldkey");
    for (old, to, error) in [
        (&owner, &new, RegistryError::ColdkeyInUse),
        (&new, &fresh, RegistryError::ColdkeySwapPending),
        (&owner, &coldkey, RegistryError::ColdkeyInUse),
    ] {
        assert_eq!(
            registry
                .announce_coldkey_swap(&mut world.chain, old, to)
                .unwrap(),
            Err(error)
        );
    }
    world.chain.advance_blocks(5);
    assert_eq!(
        registry
            .swap_coldkey(&mut world.chain, &keeper, &coldkey)
            .unwrap(),
        Ok(false)
    );
    assert_eq!(
        registry
            .cancel_coldkey_swap(&mut world.chain, &coldkey)
            .unwrap(),
        Err(RegistryError::ColdkeySwapStarted)
    );
    assert_backed(&mut world);
    for done in [false, true] {
        assert_eq!(
            registry
                .swap_coldkey(&mut world.chain, &keeper, &coldkey)
                .unwrap(),
            Ok(done)
        );
    }
    let staking = world.suite.staking();
    assert_eq!(positions(&mut world, &new).len(), 3);
    for i in 0..58 {
        let hotkey = world.chain.account(&format!("extra-{i}"));
        assert_eq!(
            staking.owner_of(&mut world.chain, &hotkey).unwrap(),
            Some(ink_account(&new))
        );
    }
    assert_backed(&mut world);
}

/// Gas of each key rotation message at its largest, against 1% of a subtensor block's normal
/// class (4 s × 75% of ref_time): a hotkey registered on 8 subnets (the registry visits each
/// subnet the hotkey is on), and a full coldkey swap page (`COLDKEY_SWAP_PAGE` holdings). Run
/// with `--nocapture` to see the numbers.
#[test]
fn gas_of_key_rotation() {
    const BUDGET: u64 = 30_000_000_000;
    let spec = crate::emission::Spec {
        tempo: 10,
        validators: 1,
        miners: 0,
    };
    let mut world = World::new(&[spec; 8]);
    set_key_swap_rules(&mut world, 0, 0);
    let (coldkey, keeper) = (world.coldkey.clone(), world.keeper.clone());
    let registry = world.suite.registry();
    let single = world.subnets[1].validators[0].clone();
    let single_new = world.chain.account("renamed-single");
    swap_hotkey(&mut world, &coldkey, &single, &single_new).unwrap();
    let one_subnet_swap = world.chain.last_call_gas();
    let hotkey = world.subnets[0].validators[0].clone();
    for k in 1..8 {
        let netuid = world.netuid(k);
        registry
            .register(&mut world.chain, &coldkey, netuid, &hotkey, Balance::MAX)
            .unwrap()
            .unwrap();
    }
    let new = world.chain.account("renamed");
    swap_hotkey(&mut world, &coldkey, &hotkey, &new).unwrap();
    let hotkey_swap = world.chain.last_call_gas();
    for k in 0..8 {
        let netuid = world.netuid(k);
        assert_eq!(
            registry.uid_of(&mut world.chain, netuid, &new).unwrap(),
            Some(if k == 0 { 1 } else { 2 })
        );
    }
    // 8 positions and 8 hotkeys; 8 more hotkeys make a full page.
    let netuid = world.netuid(0);
    for i in 0..COLDKEY_SWAP_PAGE - 16 {
        let extra = world.chain.account(&format!("extra-{i}"));
        registry
            .register(&mut world.chain, &coldkey, netuid, &extra, Balance::MAX)
            .unwrap()
            .unwrap();
    }
    let heir = world.chain.account("heir");
    registry
        .announce_coldkey_swap(&mut world.chain, &coldkey, &heir)
        .unwrap()
        .unwrap();
    let announce = world.chain.last_call_gas();
    registry
        .cancel_coldkey_swap(&mut world.chain, &coldkey)
        .unwrap()
        .unwrap();
    let cancel = world.chain.last_call_gas();
    registry
        .announce_coldkey_swap(&mut world.chain, &coldkey, &heir)
        .unwrap()
        .unwrap();
    assert_eq!(
        registry
            .swap_coldkey(&mut world.chain, &keeper, &coldkey)
            .unwrap(),
        Ok(true)
    );
    let coldkey_page = world.chain.last_call_gas();
    assert_eq!(positions(&mut world, &heir).len(), 8);
    for (name, gas) in [
        ("swap_hotkey (1 subnet)", one_subnet_swap),
        ("swap_hotkey (8 subnets)", hotkey_swap),
        ("announce_coldkey_swap", announce),
        ("cancel_coldkey_swap", cancel),
        ("swap_coldkey (8 positions, 16 hotkeys)", coldkey_page),
    ] {
        eprintln!(
            "gas {name}: ref_time {} proof_size {}",
            gas.ref_time, gas.proof_size
        );
        assert!(
            gas.ref_time < BUDGET,
            "{name} uses {} ref_time, over 1% of a block ({BUDGET})",
            gas.ref_time
        );
    }
}

/// A commit hashes its hotkey's name: one made before a swap is revealed by the new name in
/// its reveal epoch, like one made after it.
#[test]
fn commits_made_before_a_hotkey_swap_are_revealed_under_the_new_name() {
    let mut world = World::new(&[one_subnet()]);
    set_key_swap_rules(&mut world, 0, 0);
    // The first epoch grants the validators their permits.
    world.first_epochs();
    let (admin, netuid) = (world.admin.clone(), world.netuid(0));
    world
        .suite
        .registry()
        .set_hyperparameter(
            &mut world.chain,
            &admin,
            netuid,
            "CommitRevealEnabled(true)",
        )
        .unwrap()
        .unwrap();
    let weights = world.suite.weights();
    let old = world.subnets[0].validators[0].clone();
    let miners = world.subnets[0].miner_uids();
    let (values, salt) = ([1u16, 2, 3, 4], [7u16, 8]);
    let reveal = Reveal {
        uids: &miners,
        values: &values,
        salt: &salt,
        version_key: 0,
    };
    let hash = weights
        .commit_hash(&mut world.chain, &old, netuid, &reveal)
        .unwrap();
    weights
        .commit_weights(&mut world.chain, &old, netuid, &hash)
        .unwrap()
        .unwrap();
    let new = rename_first_validator(&mut world);
    let later = Reveal {
        salt: &[9],
        ..reveal
    };
    let later_hash = weights
        .commit_hash(&mut world.chain, &new, netuid, &later)
        .unwrap();
    world.chain.advance_blocks(1);
    weights
        .commit_weights(&mut world.chain, &new, netuid, &later_hash)
        .unwrap()
        .unwrap();
    // One tempo + 1 blocks: the next epoch, the commits' reveal epoch.
    world.chain.advance_blocks(11);
    for commit in [&reveal, &later] {
        assert_eq!(
            weights
                .reveal_weights(&mut world.chain, &new, netuid, commit)
                .unwrap(),
            Ok(())
        );
    }
    assert_eq!(
        weights
            .reveal_weights(&mut world.chain, &new, netuid, &reveal)
            .unwrap(),
        Err(WeightsError::NoMatchingCommit)
    );
}
