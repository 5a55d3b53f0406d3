//! Governance in the sandbox, as the admin of the real suite: proposals that change a subnet
//! hyperparameter, upgrade a contract and retune governance itself, and every refusal.

use drink::AccountId32;
use inktensor::artifacts::bundle_path;
use inktensor::chain::{arg, Backend, Chain, Typed};
use inktensor::suite::{Call, Suite};
use interfaces::admin::AdminError;
use interfaces::governance::{GovernanceError, GovernanceSettings, ProposalState};
use interfaces::registry::RegistryError;
use interfaces::{Balance, NetUid, RAO_PER_TAO};

const TAO: Balance = RAO_PER_TAO;
const SETTINGS: GovernanceSettings = GovernanceSettings {
    voting_delay: 1,
    voting_period: 10,
    quorum_ppm: 300_000,
    proposal_threshold: 100 * TAO,
    timelock_delay: 5,
    grace_period: 10,
};

struct World {
    chain: Chain,
    suite: Suite,
    deployer: AccountId32,
    guardian: AccountId32,
    hotkey: AccountId32,
    /// Stakes 600, 300 and 100 TAO: 1,000 in all.
    alice: AccountId32,
    bob: AccountId32,
    carol: AccountId32,
    netuid: NetUid,
}

impl World {
    fn new() -> Self {
        let mut chain = Chain::new();
        let [deployer, guardian, emission, owner, hotkey, alice, bob, carol] = [
            "deployer", "guardian", "emission", "owner", "owner-hk", "alice", "bob", "carol",
        ]
        .map(|n| chain.account(n));
        let suite = Suite::deploy_with(
            &mut chain,
            &deployer,
            Some(&emission),
            Some(&guardian),
            &SETTINGS,
        )
        .expect("deploys");
        let token = suite.token();
        let (registry_address, staking_address) = (suite.registry.clone(), suite.staking.clone());
        for (who, amount) in [
            (&owner, 2_000 * TAO),
            (&alice, 600 * TAO),
            (&bob, 300 * TAO),
            (&carol, 100 * TAO),
        ] {
            token
                .mint(&mut chain, &emission, who, amount)
                .unwrap()
                .unwrap();
        }
        token
            .approve(&mut chain, &owner, &registry_address, 2_000 * TAO)
            .unwrap()
            .unwrap();
        let netuid = suite
            .registry()
            .create_subnet(&mut chain, &owner, &hotkey)
            .unwrap()
            .unwrap();
        for (who, amount) in [(&alice, 600 * TAO), (&bob, 300 * TAO), (&carol, 100 * TAO)] {
            token
                .approve(&mut chain, who, &staking_address, amount)
                .unwrap()
                .unwrap();
            suite
                .staking()
                .add_stake(&mut chain, who, &hotkey, amount)
                .unwrap()
                .unwrap();
        }
        suite.hand_over_to_governance(&mut chain).unwrap();
        chain.advance_blocks(1);
        World {
            chain,
            suite,
            deployer,
            guardian,
            hotkey,
            alice,
            bob,
            carol,
            netuid,
        }
    }

    fn tempo_call(&self, tempo: u16) -> Call {
        let args = [arg::number(self.netuid), format!("Tempo({tempo})")];
        Call::new(
            "subnet_registry",
            &self.suite.registry,
            "set_hyperparameter",
            &args,
        )
        .unwrap()
    }

    fn propose(&mut self, calls: &[Call]) -> u32 {
        let alice = self.alice.clone();
        self.suite
            .governance()
            .propose(&mut self.chain, &alice, calls, "change things")
            .unwrap()
            .unwrap()
    }

    fn vote(&mut self, who: &AccountId32, id: u32, vote: &str) -> Result<Balance, GovernanceError> {
        self.suite
            .governance()
            .cast_vote(&mut self.chain, who, id, vote)
            .unwrap()
    }

    fn state(&mut self, id: u32) -> Option<ProposalState> {
        self.suite.governance().state(&mut self.chain, id).unwrap()
    }

    /// Votes For with alice and bob (900 of 1,000) and lets voting end.
    fn pass(&mut self, id: u32) {
        self.chain.advance_blocks(2);
        let (alice, bob) = (self.alice.clone(), self.bob.clone());
        self.vote(&alice, id, "For").unwrap();
        self.vote(&bob, id, "For").unwrap();
        self.chain.advance_blocks(SETTINGS.voting_period);
        assert_eq!(self.state(id), Some(ProposalState::Succeeded));
    }

    fn queue_and_wait(&mut self, id: u32) {
        let carol = self.carol.clone();
        self.suite
            .governance()
            .queue(&mut self.chain, &carol, id)
            .unwrap()
            .unwrap();
        self.chain.advance_blocks(SETTINGS.timelock_delay);
    }

    fn tempo(&mut self) -> u16 {
        self.suite
            .registry()
            .hyperparameters(&mut self.chain, self.netuid)
            .unwrap()
            .unwrap()
            .tempo
    }
}

#[test]
fn a_passed_proposal_changes_a_subnet_hyperparameter() {
    let mut w = World::new();
    let deployer = w.deployer.clone();
    // After hand-over the deployer is no longer the admin.
    assert_eq!(
        w.suite
            .registry()
            .set_hyperparameter(&mut w.chain, &deployer, w.netuid, "Tempo(100)")
            .unwrap(),
        Err(RegistryError::NotSubnetOwner)
    );
    let call = w.tempo_call(100);
    let id = w.propose(&[call]);
    assert_eq!(w.state(id), Some(ProposalState::Pending));
    w.chain.advance_blocks(2);
    assert_eq!(w.state(id), Some(ProposalState::Active));
    let (alice, bob, carol) = (w.alice.clone(), w.bob.clone(), w.carol.clone());
    assert_eq!(w.vote(&alice, id, "For"), Ok(600 * TAO));
    assert_eq!(w.vote(&bob, id, "Abstain"), Ok(300 * TAO));
    assert_eq!(w.vote(&carol, id, "Against"), Ok(100 * TAO));
    w.chain.advance_blocks(SETTINGS.voting_period);
    assert_eq!(w.state(id), Some(ProposalState::Succeeded));
    let governance = w.suite.governance();
    governance.queue(&mut w.chain, &carol, id).unwrap().unwrap();
    assert_eq!(w.state(id), Some(ProposalState::Queued));
    assert_eq!(
        governance.execute(&mut w.chain, &carol, id).unwrap(),
        Err(GovernanceError::TimelockNotExpired)
    );
    w.chain.advance_blocks(SETTINGS.timelock_delay);
    assert_eq!(w.tempo(), 360);
    governance
        .execute(&mut w.chain, &carol, id)
        .unwrap()
        .unwrap();
    assert_eq!(w.state(id), Some(ProposalState::Executed));
    assert_eq!(w.tempo(), 100);
    assert_eq!(
        governance.execute(&mut w.chain, &carol, id).unwrap(),
        Err(GovernanceError::InvalidState)
    );
}

#[test]
fn a_passed_proposal_upgrades_a_contracts_code() {
    let mut w = World::new();
    let v2 = bundle_path("tao_token_v2");
    let code_hash = w.chain.upload(&v2).unwrap();
    let deployer = w.deployer.clone();
    let token_address = w.suite.token.clone();
    assert_eq!(
        w.suite
            .admin_of(&token_address)
            .set_code(&mut w.chain, &deployer, &code_hash)
            .unwrap(),
        Err(AdminError::NotAdmin)
    );
    let call = Call::new(
        "tao_token",
        &token_address,
        "Admin::set_code",
        &[arg::hash(&code_hash)],
    )
    .unwrap();
    let id = w.propose(&[call]);
    w.pass(id);
    w.queue_and_wait(id);
    let carol = w.carol.clone();
    w.suite
        .governance()
        .execute(&mut w.chain, &carol, id)
        .unwrap()
        .unwrap();
    w.chain.use_metadata(&token_address, &v2).unwrap();
    let version: u32 = w.chain.query(&token_address, "version", &[]).unwrap();
    assert_eq!(version, 2);
    let balance: u128 = w
        .chain
        .query(&token_address, "balance_of", &[arg::account(&carol)])
        .unwrap();
    assert_eq!(balance, 0); // all of carol's TAO is staked: the ledger survived the upgrade
    let staking_balance: u128 = w
        .chain
        .query(
            &token_address,
            "balance_of",
            &[arg::account(&w.suite.staking.clone())],
        )
        .unwrap();
    assert_eq!(staking_balance, 1_000 * TAO);
}

#[test]
fn more_against_than_for_is_defeated() {
    let mut w = World::new();
    let call = w.tempo_call(100);
    let id = w.propose(&[call]);
    w.chain.advance_blocks(2);
    let (alice, bob) = (w.alice.clone(), w.bob.clone());
    w.vote(&alice, id, "Against").unwrap();
    w.vote(&bob, id, "For").unwrap();
    w.chain.advance_blocks(SETTINGS.voting_period);
    assert_eq!(w.state(id), Some(ProposalState::Defeated));
    assert_eq!(
        w.suite.governance().queue(&mut w.chain, &bob, id).unwrap(),
        Err(GovernanceError::InvalidState)
    );
}

#[test]
fn without_quorum_it_is_defeated() {
    let mut w = World::new();
    let call = w.tempo_call(100);
    let id = w.propose(&[call]);
    w.chain.advance_blocks(2);
    let carol = w.carol.clone();
    w.vote(&carol, id, "For").unwrap(); // 10% of the stake, quorum 30%
    w.chain.advance_blocks(SETTINGS.voting_period);
    assert_eq!(w.state(id), Some(ProposalState::Defeated));
}

#[test]
fn voting_refusals() {
    let mut w = World::new();
    let (alice, carol) = (w.alice.clone(), w.carol.clone());
    let nobody = w.chain.account("nobody");
    let governance = w.suite.governance();
    assert_eq!(
        governance
            .propose(&mut w.chain, &alice, &[], "nothing")
            .unwrap(),
        Err(GovernanceError::EmptyProposal)
    );
    let call = w.tempo_call(100);
    let one_call = std::slice::from_ref(&call);
    assert_eq!(
        governance
            .propose(&mut w.chain, &nobody, one_call, "no stake")
            .unwrap(),
        Err(GovernanceError::BelowProposalThreshold)
    );
    // 100 TAO is exactly the threshold.
    assert!(governance
        .propose(&mut w.chain, &carol, one_call, "at threshold")
        .unwrap()
        .is_ok());
    let too_many = vec![call.clone(); 11];
    assert_eq!(
        governance
            .propose(&mut w.chain, &alice, &too_many, "too large")
            .unwrap(),
        Err(GovernanceError::ProposalTooLarge)
    );
    let id = w.propose(&[call]);
    assert_eq!(
        w.vote(&alice, id, "For"),
        Err(GovernanceError::InvalidState),
        "not active yet"
    );
    w.chain.advance_blocks(2);
    w.vote(&alice, id, "For").unwrap();
    assert_eq!(
        w.vote(&alice, id, "Against"),
        Err(GovernanceError::AlreadyVoted)
    );
    assert_eq!(
        w.vote(&nobody, id, "For"),
        Err(GovernanceError::NoVotingPower)
    );
    assert_eq!(
        w.vote(&alice, 99, "For"),
        Err(GovernanceError::UnknownProposal)
    );
    let proposal = governance.proposal(&mut w.chain, id).unwrap().unwrap();
    assert_eq!((proposal.for_votes, proposal.against_votes), (600 * TAO, 0));
}

#[test]
fn stake_moved_after_the_snapshot_gives_no_extra_weight() {
    let mut w = World::new();
    let call = w.tempo_call(100);
    let id = w.propose(&[call]);
    w.chain.advance_blocks(2);
    // After the snapshot carol unstakes and hands her TAO to dave, who stakes it.
    let (carol, hotkey) = (w.carol.clone(), w.hotkey.clone());
    let dave = w.chain.account("dave");
    let staking_address = w.suite.staking.clone();
    w.suite
        .staking()
        .remove_stake(&mut w.chain, &carol, &hotkey, 100 * TAO)
        .unwrap()
        .unwrap();
    w.suite
        .token()
        .transfer(&mut w.chain, &carol, &dave, 100 * TAO)
        .unwrap()
        .unwrap();
    w.suite
        .token()
        .approve(&mut w.chain, &dave, &staking_address, 100 * TAO)
        .unwrap()
        .unwrap();
    w.suite
        .staking()
        .add_stake(&mut w.chain, &dave, &hotkey, 100 * TAO)
        .unwrap()
        .unwrap();
    assert_eq!(
        w.vote(&dave, id, "For"),
        Err(GovernanceError::NoVotingPower)
    );
    assert_eq!(w.vote(&carol, id, "For"), Ok(100 * TAO));
}

#[test]
fn an_unexecuted_queued_proposal_expires() {
    let mut w = World::new();
    let call = w.tempo_call(100);
    let id = w.propose(&[call]);
    w.pass(id);
    w.queue_and_wait(id);
    w.chain.advance_blocks(SETTINGS.grace_period + 1);
    assert_eq!(w.state(id), Some(ProposalState::Expired));
    let carol = w.carol.clone();
    assert_eq!(
        w.suite
            .governance()
            .execute(&mut w.chain, &carol, id)
            .unwrap(),
        Err(GovernanceError::InvalidState)
    );
    assert_eq!(w.tempo(), 360);
}

#[test]
fn the_guardian_cancels_queued_and_the_proposer_pending_proposals() {
    let mut w = World::new();
    let (alice, bob, guardian) = (w.alice.clone(), w.bob.clone(), w.guardian.clone());
    let governance = w.suite.governance();
    let call = w.tempo_call(100);
    let pending = w.propose(std::slice::from_ref(&call));
    assert_eq!(
        governance.cancel(&mut w.chain, &bob, pending).unwrap(),
        Err(GovernanceError::NotProposer)
    );
    governance
        .cancel(&mut w.chain, &alice, pending)
        .unwrap()
        .unwrap();
    assert_eq!(w.state(pending), Some(ProposalState::Canceled));
    let id = w.propose(&[call]);
    w.pass(id);
    w.queue_and_wait(id);
    assert_eq!(
        governance.cancel(&mut w.chain, &alice, id).unwrap(),
        Err(GovernanceError::NotGuardian)
    );
    governance
        .cancel(&mut w.chain, &guardian, id)
        .unwrap()
        .unwrap();
    assert_eq!(w.state(id), Some(ProposalState::Canceled));
    assert_eq!(
        governance.execute(&mut w.chain, &alice, id).unwrap(),
        Err(GovernanceError::InvalidState)
    );
    assert_eq!(w.tempo(), 360);
}

#[test]
fn one_failing_call_applies_nothing() {
    let mut w = World::new();
    let good = w.tempo_call(50);
    let args = [arg::number(w.netuid), "MaxAllowedUids(5000)".to_string()];
    let bad = Call::new(
        "subnet_registry",
        &w.suite.registry,
        "set_hyperparameter",
        &args,
    )
    .unwrap();
    let id = w.propose(&[good, bad]);
    w.pass(id);
    w.queue_and_wait(id);
    let carol = w.carol.clone();
    assert_eq!(
        w.suite
            .governance()
            .execute(&mut w.chain, &carol, id)
            .unwrap(),
        Err(GovernanceError::CallFailed(1))
    );
    assert_eq!(w.tempo(), 360);
    assert_eq!(w.state(id), Some(ProposalState::Queued));
}

#[test]
fn governance_retunes_itself_only_through_a_proposal() {
    let mut w = World::new();
    let alice = w.alice.clone();
    let governance = w.suite.governance();
    assert_eq!(
        governance
            .set_guardian(&mut w.chain, &alice, Some(&alice))
            .unwrap(),
        Err(GovernanceError::NotGovernance)
    );
    let faster = GovernanceSettings {
        voting_period: 20,
        ..SETTINGS
    };
    assert_eq!(
        governance
            .set_settings(&mut w.chain, &alice, &faster)
            .unwrap(),
        Err(GovernanceError::NotGovernance)
    );
    let governance_address = w.suite.governance.clone();
    let call = Call::new(
        "governance",
        &governance_address,
        "set_settings",
        &[inktensor::chain::arg::numbers_struct(&faster)],
    )
    .unwrap();
    let id = w.propose(&[call]);
    w.pass(id);
    w.queue_and_wait(id);
    governance
        .execute(&mut w.chain, &alice, id)
        .unwrap()
        .unwrap();
    assert_eq!(governance.settings(&mut w.chain).unwrap(), faster);
    assert_eq!(w.state(id), Some(ProposalState::Executed));
}

/// Gas of propose, cast_vote, queue and execute (one hyperparameter change).
#[test]
fn gas_of_the_lifecycle() {
    let mut w = World::new();
    let call = w.tempo_call(100);
    let id = w.propose(&[call]);
    let propose = w.chain.last_call_gas();
    w.chain.advance_blocks(2);
    let (alice, bob) = (w.alice.clone(), w.bob.clone());
    w.vote(&alice, id, "For").unwrap();
    let vote = w.chain.last_call_gas();
    w.vote(&bob, id, "For").unwrap();
    w.chain.advance_blocks(SETTINGS.voting_period);
    w.suite
        .governance()
        .queue(&mut w.chain, &alice, id)
        .unwrap()
        .unwrap();
    let queue = w.chain.last_call_gas();
    w.chain.advance_blocks(SETTINGS.timelock_delay);
    w.suite
        .governance()
        .execute(&mut w.chain, &alice, id)
        .unwrap()
        .unwrap();
    let execute = w.chain.last_call_gas();
    for (name, gas) in [
        ("propose", propose),
        ("cast_vote", vote),
        ("queue", queue),
        ("execute", execute),
    ] {
        eprintln!(
            "gas {name}: ref_time {} proof_size {}",
            gas.ref_time, gas.proof_size
        );
        assert!(gas.ref_time > 0 && gas.ref_time < 300_000_000_000, "{name}");
    }
}

/// Attack: a proposal whose calls propose again (governance calling itself inside `execute`).
/// The proposal made inside `execute` must keep its id: before, the root struct written back
/// at the end of `execute` rolled the id counter back, so the next proposal reused the id and
/// replaced the one made inside (proposal 1 became alice's, proposed by governance no more).
#[test]
fn attack_a_proposal_made_inside_execute_keeps_its_id() {
    let mut w = World::new();
    let governance_address = w.suite.governance.clone();
    let open_to_all = GovernanceSettings {
        proposal_threshold: 0,
        ..SETTINGS
    };
    let settings = Call::new(
        "governance",
        &governance_address,
        "set_settings",
        &[inktensor::chain::arg::numbers_struct(&open_to_all)],
    )
    .unwrap();
    let inner = w.tempo_call(77);
    let nested = Call::new(
        "governance",
        &governance_address,
        "Governance::propose",
        &[
            arg::list([inner.as_arg()]),
            arg::bytes(b"made inside execute"),
        ],
    )
    .unwrap();
    let id = w.propose(&[settings, nested]);
    w.pass(id);
    w.queue_and_wait(id);
    let alice = w.alice.clone();
    let governance = w.suite.governance();
    governance
        .execute(&mut w.chain, &alice, id)
        .unwrap()
        .unwrap();
    let inside = id + 1;
    let made_inside = governance
        .proposal(&mut w.chain, inside)
        .unwrap()
        .expect("the proposal made inside execute exists");
    assert_eq!(
        made_inside.proposer,
        inktensor::chain::ink_account(&governance_address)
    );
    let call = w.tempo_call(78);
    let next = w.propose(&[call]);
    assert_eq!(next, inside + 1, "a fresh id after the one made inside");
    let still = governance.proposal(&mut w.chain, inside).unwrap().unwrap();
    assert_eq!(still.proposer, made_inside.proposer);
    assert_eq!(still.calls, made_inside.calls);
}
