//! The TAO token in the sandbox, deployed from its release bundle.

use inktensor::artifacts::bundle_path;
use inktensor::chain::{ink_account, Backend, Chain, Typed};
use inktensor::suite::Suite;
use interfaces::admin::AdminError;
use interfaces::psp22::PSP22Error;
use interfaces::token::TokenError;
use interfaces::{RAO_PER_TAO, TAO_SUPPLY_CAP};

struct World {
    chain: Chain,
    suite: Suite,
    admin: drink::AccountId32,
    minter: drink::AccountId32,
    alice: drink::AccountId32,
    bob: drink::AccountId32,
}

fn world() -> World {
    let mut chain = Chain::new();
    let admin = chain.account("admin");
    let minter = chain.account("minter");
    let alice = chain.account("alice");
    let bob = chain.account("bob");
    let suite = Suite::deploy(&mut chain, &admin, Some(&minter)).expect("suite deploys");
    World {
        chain,
        suite,
        admin,
        minter,
        alice,
        bob,
    }
}

#[test]
fn minter_mints_and_transfers_move_balances() {
    let World {
        mut chain,
        suite,
        minter,
        alice,
        bob,
        ..
    } = world();
    let token = suite.token();
    token
        .mint(&mut chain, &minter, &alice, 100 * RAO_PER_TAO)
        .unwrap()
        .unwrap();
    token
        .transfer(&mut chain, &alice, &bob, 30 * RAO_PER_TAO)
        .unwrap()
        .unwrap();
    assert_eq!(
        token.balance_of(&mut chain, &alice).unwrap(),
        70 * RAO_PER_TAO
    );
    assert_eq!(
        token.balance_of(&mut chain, &bob).unwrap(),
        30 * RAO_PER_TAO
    );
    assert_eq!(token.total_supply(&mut chain).unwrap(), 100 * RAO_PER_TAO);
    assert_eq!(
        token
            .transfer(&mut chain, &bob, &alice, 31 * RAO_PER_TAO)
            .unwrap(),
        Err(PSP22Error::InsufficientBalance)
    );
    assert_eq!(
        token.balance_of(&mut chain, &bob).unwrap(),
        30 * RAO_PER_TAO
    );
}

#[test]
fn allowances_limit_transfer_from() {
    let World {
        mut chain,
        suite,
        minter,
        alice,
        bob,
        admin,
    } = world();
    let token = suite.token();
    token
        .mint(&mut chain, &minter, &alice, 10)
        .unwrap()
        .unwrap();
    token.approve(&mut chain, &alice, &bob, 6).unwrap().unwrap();
    assert_eq!(token.allowance(&mut chain, &alice, &bob).unwrap(), 6);
    token
        .transfer_from(&mut chain, &bob, &alice, &admin, 4)
        .unwrap()
        .unwrap();
    assert_eq!(token.allowance(&mut chain, &alice, &bob).unwrap(), 2);
    assert_eq!(
        token
            .transfer_from(&mut chain, &bob, &alice, &admin, 3)
            .unwrap(),
        Err(PSP22Error::InsufficientAllowance)
    );
    assert_eq!(token.balance_of(&mut chain, &admin).unwrap(), 4);
    assert_eq!(token.balance_of(&mut chain, &alice).unwrap(), 6);
}

#[test]
fn only_the_minter_mints_and_never_past_the_cap() {
    let World {
        mut chain,
        suite,
        minter,
        alice,
        admin,
        ..
    } = world();
    let token = suite.token();
    assert_eq!(
        token.mint(&mut chain, &alice, &alice, 1).unwrap(),
        Err(TokenError::NotMinter)
    );
    assert_eq!(
        token.mint(&mut chain, &admin, &alice, 1).unwrap(),
        Err(TokenError::NotMinter)
    );
    token
        .mint(&mut chain, &minter, &alice, TAO_SUPPLY_CAP - 1)
        .unwrap()
        .unwrap();
    assert_eq!(
        token.mint(&mut chain, &minter, &alice, 2).unwrap(),
        Err(TokenError::CapExceeded)
    );
    token.mint(&mut chain, &minter, &alice, 1).unwrap().unwrap();
    assert_eq!(
        token.mint(&mut chain, &minter, &alice, 1).unwrap(),
        Err(TokenError::CapExceeded)
    );
    assert_eq!(token.total_supply(&mut chain).unwrap(), TAO_SUPPLY_CAP);
}

#[test]
fn burn_takes_only_the_callers_own_balance() {
    let World {
        mut chain,
        suite,
        minter,
        alice,
        bob,
        ..
    } = world();
    let token = suite.token();
    token
        .mint(&mut chain, &minter, &alice, 50)
        .unwrap()
        .unwrap();
    assert_eq!(
        token.burn(&mut chain, &bob, 1).unwrap(),
        Err(PSP22Error::InsufficientBalance)
    );
    token.burn(&mut chain, &alice, 20).unwrap().unwrap();
    assert_eq!(token.balance_of(&mut chain, &alice).unwrap(), 30);
    assert_eq!(token.total_supply(&mut chain).unwrap(), 30);
}

#[test]
fn admin_hands_over_and_sets_the_minter() {
    let World {
        mut chain,
        suite,
        minter,
        alice,
        bob,
        admin,
    } = world();
    let token = suite.token();
    assert_eq!(
        token.set_minter(&mut chain, &alice, Some(&alice)).unwrap(),
        Err(TokenError::NotAdmin)
    );
    assert_eq!(
        suite
            .admin_of(&suite.token)
            .transfer_admin(&mut chain, &alice, &alice)
            .unwrap(),
        Err(AdminError::NotAdmin)
    );
    suite
        .admin_of(&suite.token)
        .transfer_admin(&mut chain, &admin, &bob)
        .unwrap()
        .unwrap();
    assert_eq!(
        suite.admin_of(&suite.token).admin(&mut chain).unwrap(),
        ink_account(&bob)
    );
    assert_eq!(
        token.set_minter(&mut chain, &admin, None).unwrap(),
        Err(TokenError::NotAdmin)
    );
    token
        .set_minter(&mut chain, &bob, Some(&alice))
        .unwrap()
        .unwrap();
    assert_eq!(token.minter(&mut chain).unwrap(), Some(ink_account(&alice)));
    assert_eq!(
        token.mint(&mut chain, &minter, &bob, 1).unwrap(),
        Err(TokenError::NotMinter)
    );
    token.mint(&mut chain, &alice, &bob, 1).unwrap().unwrap();
}

#[test]
fn admin_upgrades_the_code_and_balances_survive() {
    let World {
        mut chain,
        suite,
        minter,
        alice,
        admin,
        bob,
    } = world();
    let token = suite.token();
    token
        .mint(&mut chain, &minter, &alice, 77)
        .unwrap()
        .unwrap();
    let v2 = bundle_path("tao_token_v2");
    let code_hash = chain.upload(&v2).unwrap();
    assert_eq!(
        suite
            .admin_of(&suite.token)
            .set_code(&mut chain, &bob, &code_hash)
            .unwrap(),
        Err(AdminError::NotAdmin)
    );
    suite
        .admin_of(&suite.token)
        .set_code(&mut chain, &admin, &code_hash)
        .unwrap()
        .unwrap();
    chain.use_metadata(&suite.token, &v2).unwrap();
    let version: u32 = chain.query(&suite.token, "version", &[]).unwrap();
    assert_eq!(version, 2);
    let balance: u128 = chain
        .query(&suite.token, "balance_of", &[alice.to_string()])
        .unwrap();
    assert_eq!(balance, 77);
}

#[test]
fn upgrade_to_unknown_code_is_refused() {
    let World {
        mut chain,
        suite,
        admin,
        ..
    } = world();
    let unknown = interfaces::Hash::from([9u8; 32]);
    assert_eq!(
        suite
            .admin_of(&suite.token)
            .set_code(&mut chain, &admin, &unknown)
            .unwrap(),
        Err(AdminError::CodeNotFound)
    );
}
