//! The subnet registry in the sandbox, over the real token and staking.

use drink::AccountId32;
use inktensor::chain::{ink_account, Backend, Chain};
use inktensor::suite::{NetworkConfig, Suite};
use interfaces::registry::RegistryError;
use interfaces::{Balance, NetUid, RAO_PER_TAO};

const TAO: Balance = RAO_PER_TAO;
const ANY_PRICE: Balance = Balance::MAX;

struct World {
    chain: Chain,
    suite: Suite,
    admin: AccountId32,
    emission: AccountId32,
    owner: AccountId32,
    owner_hotkey: AccountId32,
    alice: AccountId32,
    bob: AccountId32,
}

impl World {
    fn new() -> Self {
        let mut chain = Chain::new();
        let [admin, emission, owner, owner_hotkey, alice, bob] =
            ["admin", "emission", "owner", "owner-hk", "alice", "bob"].map(|n| chain.account(n));
        let suite = Suite::deploy(&mut chain, &admin, Some(&emission)).expect("suite deploys");
        suite
            .registry()
            .set_emission(&mut chain, &admin, Some(&emission))
            .unwrap()
            .unwrap();
        let mut world = World {
            chain,
            suite,
            admin,
            emission,
            owner,
            owner_hotkey,
            alice,
            bob,
        };
        for who in [world.owner.clone(), world.alice.clone(), world.bob.clone()] {
            world.fund(&who, 10_000 * TAO);
        }
        world
    }

    fn fund(&mut self, who: &AccountId32, amount: Balance) {
        self.suite
            .token()
            .mint(&mut self.chain, &self.emission, who, amount)
            .unwrap()
            .unwrap();
        let registry = self.suite.registry.clone();
        self.suite
            .token()
            .approve(&mut self.chain, who, &registry, Balance::MAX / 2)
            .unwrap()
            .unwrap();
    }

    fn balance(&mut self, who: &AccountId32) -> Balance {
        self.suite.token().balance_of(&mut self.chain, who).unwrap()
    }

    fn create(&mut self) -> NetUid {
        let (owner, hotkey) = (self.owner.clone(), self.owner_hotkey.clone());
        self.suite
            .registry()
            .create_subnet(&mut self.chain, &owner, &hotkey)
            .unwrap()
            .unwrap()
    }

    fn register(
        &mut self,
        coldkey: &AccountId32,
        netuid: NetUid,
        hotkey: &AccountId32,
    ) -> Result<u16, RegistryError> {
        self.suite
            .registry()
            .register(&mut self.chain, coldkey, netuid, hotkey, ANY_PRICE)
            .unwrap()
    }

    fn set(&mut self, netuid: NetUid, change: &str) {
        let admin = self.admin.clone();
        self.suite
            .registry()
            .set_hyperparameter(&mut self.chain, &admin, netuid, change)
            .unwrap()
            .unwrap();
    }
}

#[test]
fn creating_a_subnet_locks_tao_and_registers_the_owner_hotkey() {
    let mut w = World::new();
    let registry = w.suite.registry();
    assert_eq!(registry.lock_cost(&mut w.chain).unwrap(), 1_000 * TAO);
    let netuid = w.create();
    assert_eq!(netuid, 1);
    assert_eq!(w.balance(&w.owner.clone()), 9_000 * TAO);
    assert_eq!(w.balance(&w.suite.registry.clone()), 1_000 * TAO);
    let info = registry.subnet(&mut w.chain, netuid).unwrap().unwrap();
    assert_eq!(
        (
            info.owner,
            info.owner_hotkey,
            info.neuron_count,
            info.locked
        ),
        (
            ink_account(&w.owner),
            ink_account(&w.owner_hotkey),
            1,
            1_000 * TAO
        )
    );
    assert_eq!(
        registry
            .uid_of(&mut w.chain, netuid, &w.owner_hotkey.clone())
            .unwrap(),
        Some(0)
    );
    let owner_of = w
        .suite
        .staking()
        .owner_of(&mut w.chain, &w.owner_hotkey.clone())
        .unwrap();
    assert_eq!(owner_of, Some(ink_account(&w.owner)));
    let params = registry
        .hyperparameters(&mut w.chain, netuid)
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            params.tempo,
            params.max_allowed_uids,
            params.max_allowed_validators,
            params.immunity_period
        ),
        (360, 256, 64, 5_000)
    );
    assert_eq!(
        registry.burn_price(&mut w.chain, netuid).unwrap(),
        Some(TAO)
    );
    assert_eq!(registry.netuids(&mut w.chain).unwrap(), vec![1]);
}

#[test]
fn subnet_creation_is_rate_limited_priced_up_and_capped() {
    let mut w = World::new();
    let (owner, alice, admin) = (w.owner.clone(), w.alice.clone(), w.admin.clone());
    let registry = w.suite.registry();
    w.create();
    let alice_hotkey = w.chain.account("alice-hk");
    assert_eq!(
        registry
            .create_subnet(&mut w.chain, &alice, &alice_hotkey)
            .unwrap(),
        Err(RegistryError::NetworkRateLimited)
    );
    let config = NetworkConfig {
        network_rate_limit: 5,
        max_subnets: 2,
        ..registry.config(&mut w.chain).unwrap()
    };
    assert_eq!(
        registry.set_config(&mut w.chain, &alice, config).unwrap(),
        Err(RegistryError::NotAdmin)
    );
    registry
        .set_config(&mut w.chain, &admin, config)
        .unwrap()
        .unwrap();
    w.chain.advance_blocks(5);
    // Doubled, minus 5 blocks of linear decay over 100,800.
    let expected = 2_000 * TAO - (1_000 * TAO / 100_800) * 5;
    assert_eq!(registry.lock_cost(&mut w.chain).unwrap(), expected);
    // A hotkey owned by someone else cannot become an owner hotkey: nothing is charged.
    let owner_hotkey = w.owner_hotkey.clone();
    assert_eq!(
        registry
            .create_subnet(&mut w.chain, &alice, &owner_hotkey)
            .unwrap(),
        Err(RegistryError::NotHotkeyOwner)
    );
    assert_eq!(w.balance(&alice), 10_000 * TAO);
    assert_eq!(
        registry
            .create_subnet(&mut w.chain, &alice, &alice_hotkey)
            .unwrap(),
        Ok(2)
    );
    assert_eq!(w.balance(&alice), 10_000 * TAO - expected);
    w.chain.advance_blocks(5);
    let another = w.chain.account("another-hk");
    assert_eq!(
        registry
            .create_subnet(&mut w.chain, &owner, &another)
            .unwrap(),
        Err(RegistryError::SubnetLimitReached)
    );
}

#[test]
fn creation_without_allowance_changes_nothing() {
    let mut w = World::new();
    let bob = w.bob.clone();
    let registry_address = w.suite.registry.clone();
    w.suite
        .token()
        .approve(&mut w.chain, &bob, &registry_address, 0)
        .unwrap()
        .unwrap();
    let hotkey = w.chain.account("bob-hk");
    let registry = w.suite.registry();
    assert_eq!(
        registry.create_subnet(&mut w.chain, &bob, &hotkey).unwrap(),
        Err(RegistryError::InsufficientAllowance)
    );
    assert!(registry.netuids(&mut w.chain).unwrap().is_empty());
    assert_eq!(
        w.suite.staking().owner_of(&mut w.chain, &hotkey).unwrap(),
        None
    );
}

#[test]
fn registration_burns_the_price_which_rises_then_decays() {
    let mut w = World::new();
    let netuid = w.create();
    let (alice, bob) = (w.alice.clone(), w.bob.clone());
    let hotkey = w.chain.account("alice-hk");
    let supply = w.suite.token().total_supply(&mut w.chain).unwrap();
    assert_eq!(w.register(&alice, netuid, &hotkey), Ok(1));
    assert_eq!(w.balance(&alice), 10_000 * TAO - TAO);
    assert_eq!(
        w.suite.token().total_supply(&mut w.chain).unwrap(),
        supply - TAO
    );
    let registry = w.suite.registry();
    assert_eq!(
        registry.burn_price(&mut w.chain, netuid).unwrap(),
        Some(1_260_000_000)
    );
    w.chain.advance_blocks(360);
    let decayed = registry.burn_price(&mut w.chain, netuid).unwrap().unwrap();
    assert!(
        (629_000_000..=630_000_000).contains(&decayed),
        "one half-life later: {decayed}"
    );
    // Refusals, each leaving balances and membership unchanged.
    assert_eq!(
        w.register(&alice, netuid, &hotkey),
        Err(RegistryError::HotkeyAlreadyRegistered)
    );
    assert_eq!(
        w.register(&bob, netuid, &hotkey),
        Err(RegistryError::HotkeyAlreadyRegistered)
    );
    let bob_hotkey = w.chain.account("bob-hk");
    assert_eq!(
        w.register(&bob, 9, &bob_hotkey),
        Err(RegistryError::UnknownSubnet)
    );
    assert_eq!(
        registry
            .register(&mut w.chain, &bob, netuid, &bob_hotkey, decayed - 1)
            .unwrap(),
        Err(RegistryError::PriceAboveLimit)
    );
    let second = w.chain.account("alice-hk-2");
    let other_subnet_owner_hotkey = w.owner_hotkey.clone();
    assert_eq!(
        w.register(&bob, netuid, &other_subnet_owner_hotkey),
        Err(RegistryError::HotkeyAlreadyRegistered)
    );
    assert_eq!(w.balance(&bob), 10_000 * TAO);
    assert_eq!(w.register(&alice, netuid, &second), Ok(2));
    assert_eq!(
        registry
            .subnet(&mut w.chain, netuid)
            .unwrap()
            .unwrap()
            .neuron_count,
        3
    );
}

#[test]
fn a_full_subnet_replaces_the_lowest_emission_neuron() {
    let mut w = World::new();
    let netuid = w.create();
    w.set(netuid, "MaxAllowedValidators(3)");
    w.set(netuid, "MaxAllowedUids(3)");
    w.set(netuid, "ImmunityPeriod(0)");
    w.set(netuid, "MinNonImmuneUids(0)");
    let alice = w.alice.clone();
    let [a, b, c] = ["hk-a", "hk-b", "hk-c"].map(|n| w.chain.account(n));
    assert_eq!(w.register(&alice, netuid, &a), Ok(1));
    assert_eq!(w.register(&alice, netuid, &b), Ok(2));
    let emission = w.emission.clone();
    let registry = w.suite.registry();
    // uid 0 (the owner) has the lowest emission but is never pruned; uid 2 is next lowest.
    registry
        .record_epoch(
            &mut w.chain,
            &emission,
            netuid,
            5,
            &[(0, 0, true), (1, 900, true), (2, 100, false)],
        )
        .unwrap()
        .unwrap();
    assert_eq!(w.register(&alice, netuid, &c), Ok(2));
    assert_eq!(registry.uid_of(&mut w.chain, netuid, &b).unwrap(), None);
    assert_eq!(registry.uid_of(&mut w.chain, netuid, &c).unwrap(), Some(2));
    let neurons = registry.neurons(&mut w.chain, netuid, 0, 10).unwrap();
    assert_eq!(
        neurons.iter().map(|n| n.hotkey).collect::<Vec<_>>(),
        vec![
            ink_account(&w.owner_hotkey),
            ink_account(&a),
            ink_account(&c)
        ]
    );
    assert_eq!(
        (neurons[2].emission, neurons[2].validator_permit),
        (0, false)
    );
    // With every other neuron immune and none allowed to go, nobody can be replaced.
    w.set(netuid, "ImmunityPeriod(1000)");
    w.set(netuid, "MinNonImmuneUids(10)");
    let d = w.chain.account("hk-d");
    let before = w.balance(&alice);
    // c and a are immune now (registered just now / recently): the best immune goes.
    assert_eq!(w.register(&alice, netuid, &d), Ok(2));
    w.set(netuid, "ImmunityPeriod(0)");
    let e = w.chain.account("hk-e");
    assert_eq!(
        w.register(&alice, netuid, &e),
        Err(RegistryError::NoNeuronAvailable)
    );
    assert!(w.balance(&alice) < before);
}

#[test]
fn hyperparameters_follow_roles_bounds_and_the_owner_rate_limit() {
    let mut w = World::new();
    let netuid = w.create();
    let (owner, alice) = (w.owner.clone(), w.alice.clone());
    let registry = w.suite.registry();
    assert_eq!(
        registry
            .set_hyperparameter(&mut w.chain, &alice, netuid, "MinAllowedWeights(8)")
            .unwrap(),
        Err(RegistryError::NotSubnetOwner)
    );
    assert_eq!(
        registry
            .set_hyperparameter(&mut w.chain, &owner, netuid, "Tempo(10)")
            .unwrap(),
        Err(RegistryError::NotOwnerSettable)
    );
    assert_eq!(
        registry
            .set_hyperparameter(&mut w.chain, &owner, netuid, "MaxAllowedUids(4097)")
            .unwrap(),
        Err(RegistryError::HyperparameterOutOfRange)
    );
    assert_eq!(
        registry
            .set_hyperparameter(&mut w.chain, &owner, netuid, "AlphaValues(1000, 2000)")
            .unwrap(),
        Err(RegistryError::HyperparameterOutOfRange)
    );
    registry
        .set_hyperparameter(&mut w.chain, &owner, netuid, "MinAllowedWeights(8)")
        .unwrap()
        .unwrap();
    assert_eq!(
        registry
            .set_hyperparameter(&mut w.chain, &owner, netuid, "MinAllowedWeights(9)")
            .unwrap(),
        Err(RegistryError::HyperparameterRateLimited)
    );
    registry
        .set_hyperparameter(&mut w.chain, &owner, netuid, "YumaVariant(Classic)")
        .unwrap()
        .unwrap();
    w.set(netuid, "Tempo(10)");
    let params = registry
        .hyperparameters(&mut w.chain, netuid)
        .unwrap()
        .unwrap();
    assert_eq!((params.min_allowed_weights, params.tempo), (8, 10));
    assert_eq!(
        params.yuma_variant,
        interfaces::registry::YumaVariant::Classic
    );
    w.chain.advance_blocks(20);
    registry
        .set_hyperparameter(&mut w.chain, &owner, netuid, "MinAllowedWeights(9)")
        .unwrap()
        .unwrap();
    assert_eq!(
        registry
            .set_hyperparameter(&mut w.chain, &owner, 7, "MinAllowedWeights(9)")
            .unwrap(),
        Err(RegistryError::UnknownSubnet)
    );
}

#[test]
fn axons_are_validated_and_rate_limited() {
    let mut w = World::new();
    let netuid = w.create();
    let hotkey = w.owner_hotkey.clone();
    let stranger = w.alice.clone();
    let registry = w.suite.registry();
    let endpoint = (1, 0x0a00_0001, 8091, 4, 0);
    assert_eq!(
        registry
            .serve_axon(&mut w.chain, &stranger, netuid, endpoint)
            .unwrap(),
        Err(RegistryError::NotRegistered)
    );
    assert_eq!(
        registry
            .serve_axon(&mut w.chain, &hotkey, netuid, (1, 0x7f00_0001, 8091, 4, 0))
            .unwrap(),
        Err(RegistryError::InvalidAxon)
    );
    registry
        .serve_axon(&mut w.chain, &hotkey, netuid, endpoint)
        .unwrap()
        .unwrap();
    assert_eq!(
        registry
            .serve_axon(&mut w.chain, &hotkey, netuid, endpoint)
            .unwrap(),
        Err(RegistryError::ServingRateLimited)
    );
    let axon = registry
        .axon(&mut w.chain, netuid, &hotkey)
        .unwrap()
        .unwrap();
    assert_eq!((axon.ip, axon.port, axon.ip_type), (0x0a00_0001, 8091, 4));
    w.chain.advance_blocks(50);
    registry
        .serve_axon(&mut w.chain, &hotkey, netuid, (2, 0x0a00_0002, 9000, 4, 1))
        .unwrap()
        .unwrap();
}

#[test]
fn only_emission_records_epochs_within_the_subnet() {
    let mut w = World::new();
    let netuid = w.create();
    let (alice, emission) = (w.alice.clone(), w.emission.clone());
    let registry = w.suite.registry();
    assert_eq!(
        registry
            .record_epoch(&mut w.chain, &alice, netuid, 3, &[(0, 5, true)])
            .unwrap(),
        Err(RegistryError::Unauthorized)
    );
    assert_eq!(
        registry
            .record_epoch(&mut w.chain, &emission, netuid, 3, &[(1, 5, true)])
            .unwrap(),
        Err(RegistryError::ResultsOutOfRange)
    );
    assert_eq!(
        registry
            .record_epoch(&mut w.chain, &emission, 4, 3, &[])
            .unwrap(),
        Err(RegistryError::UnknownSubnet)
    );
    registry
        .record_epoch(&mut w.chain, &emission, netuid, 3, &[(0, 5, true)])
        .unwrap()
        .unwrap();
    let results = registry.results(&mut w.chain, netuid, 0, 64).unwrap();
    assert_eq!(
        (
            results.len(),
            results[0].emission,
            results[0].validator_permit
        ),
        (1, 5, true)
    );
    assert_eq!(
        registry
            .subnet(&mut w.chain, netuid)
            .unwrap()
            .unwrap()
            .last_epoch,
        3
    );
}

#[test]
fn gas_of_create_subnet_and_register() {
    let mut w = World::new();
    w.create();
    let create = w.chain.last_call_gas();
    let (alice, hotkey) = (w.alice.clone(), w.chain.account("alice-hk"));
    w.register(&alice, 1, &hotkey).unwrap();
    let register = w.chain.last_call_gas();
    for (name, gas) in [("create_subnet", create), ("register", register)] {
        eprintln!(
            "gas {name}: ref_time {} proof_size {}",
            gas.ref_time, gas.proof_size
        );
        assert!(gas.ref_time > 0 && gas.ref_time < 300_000_000_000);
    }
}

#[test]
fn admin_settings_are_refused_to_others_and_bounded() {
    let mut w = World::new();
    let (admin, alice) = (w.admin.clone(), w.alice.clone());
    let registry = w.suite.registry();
    assert_eq!(
        registry
            .set_emission(&mut w.chain, &alice, Some(&alice))
            .unwrap(),
        Err(RegistryError::NotAdmin)
    );
    let config = registry.config(&mut w.chain).unwrap();
    let no_subnets = NetworkConfig {
        max_subnets: 0,
        ..config
    };
    assert_eq!(
        registry
            .set_config(&mut w.chain, &admin, no_subnets)
            .unwrap(),
        Err(RegistryError::ConfigOutOfRange)
    );
    let no_decay = NetworkConfig {
        lock_reduction_interval: 0,
        ..config
    };
    assert_eq!(
        registry.set_config(&mut w.chain, &admin, no_decay).unwrap(),
        Err(RegistryError::ConfigOutOfRange)
    );
    assert_eq!(registry.config(&mut w.chain).unwrap(), config);
}

/// Validators and subnets present themselves: only the hotkey's owner (in staking) sets a
/// validator's identity and only the owner a subnet's; fields are bounded UTF-8; an empty
/// identity clears it; a refusal leaves the identity as it was. Gas of each under 1% of a block.
#[test]
fn owners_set_bounded_identities_for_their_validators_and_subnets() {
    use interfaces::registry::{SubnetIdentity, ValidatorIdentity, MAX_IDENTITY_NAME};
    let mut w = World::new();
    let netuid = w.create();
    let (owner, hotkey, alice) = (w.owner.clone(), w.owner_hotkey.clone(), w.alice.clone());
    let registry = w.suite.registry();
    let identity = ValidatorIdentity {
        name: "Owner's validator".as_bytes().to_vec(),
        url: b"https://validator.example".to_vec(),
        description: "Scores honestly, 5% take.".as_bytes().to_vec(),
        image_url: Vec::new(),
    };
    registry
        .set_validator_identity(&mut w.chain, &owner, &hotkey, &identity)
        .unwrap()
        .unwrap();
    let validator_gas = w.chain.last_call_gas();
    assert_eq!(
        registry.validator_identity(&mut w.chain, &hotkey).unwrap(),
        Some(identity.clone())
    );
    let subnet = SubnetIdentity {
        name: b"Text prompting".to_vec(),
        contact: b"owner@subnet.example".to_vec(),
        ..Default::default()
    };
    registry
        .set_subnet_identity(&mut w.chain, &owner, netuid, &subnet)
        .unwrap()
        .unwrap();
    let subnet_gas = w.chain.last_call_gas();
    assert_eq!(
        registry.subnet_identity(&mut w.chain, netuid).unwrap(),
        Some(subnet.clone())
    );

    let too_long = ValidatorIdentity {
        name: vec![b'x'; MAX_IDENTITY_NAME + 1],
        ..Default::default()
    };
    let not_utf8 = SubnetIdentity {
        name: vec![0xc3, 0x28],
        ..Default::default()
    };
    let refusals = [
        registry
            .set_validator_identity(&mut w.chain, &alice, &hotkey, &identity)
            .unwrap(),
        registry
            .set_validator_identity(&mut w.chain, &owner, &hotkey, &too_long)
            .unwrap(),
        registry
            .set_subnet_identity(&mut w.chain, &alice, netuid, &subnet)
            .unwrap(),
        registry
            .set_subnet_identity(&mut w.chain, &owner, netuid, &not_utf8)
            .unwrap(),
        registry
            .set_subnet_identity(&mut w.chain, &owner, 99, &subnet)
            .unwrap(),
    ];
    assert_eq!(
        refusals.map(|r| r.unwrap_err()),
        [
            RegistryError::NotHotkeyOwner,
            RegistryError::InvalidIdentity,
            RegistryError::NotSubnetOwner,
            RegistryError::InvalidIdentity,
            RegistryError::UnknownSubnet,
        ]
    );
    assert_eq!(
        registry.validator_identity(&mut w.chain, &hotkey).unwrap(),
        Some(identity)
    );
    assert_eq!(
        registry.subnet_identity(&mut w.chain, netuid).unwrap(),
        Some(subnet)
    );
    // An empty identity clears it.
    registry
        .set_validator_identity(&mut w.chain, &owner, &hotkey, &ValidatorIdentity::default())
        .unwrap()
        .unwrap();
    assert_eq!(
        registry.validator_identity(&mut w.chain, &hotkey).unwrap(),
        None
    );
    for (name, gas) in [
        ("set_validator_identity", validator_gas),
        ("set_subnet_identity", subnet_gas),
    ] {
        eprintln!(
            "gas {name}: ref_time {} proof_size {}",
            gas.ref_time, gas.proof_size
        );
        assert!(gas.ref_time < 30_000_000_000, "{name}: {}", gas.ref_time);
    }
}
