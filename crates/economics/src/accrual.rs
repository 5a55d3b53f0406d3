//! Pending emission accrues lazily: a subnet's pending amount grows by its per-block value for
//! every block since it was last brought up to date, with no per-block call.

/// A subnet's undistributed emission as of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pending {
    pub amount: u64,
    pub as_of: u64,
}

impl Pending {
    /// The amount at `now` given `per_block` since `as_of`.
    pub fn at(&self, per_block: u64, now: u64) -> Pending {
        let blocks = now.saturating_sub(self.as_of);
        Pending {
            amount: self.amount.saturating_add(per_block.saturating_mul(blocks)),
            as_of: now.max(self.as_of),
        }
    }
}

/// A cut of an epoch's emission, floor(E × cut / 65535), and what is left: the owner's (18% =
/// 11,796) and the keeper's fee are both taken this way.
pub fn owner_cut(emission: u64, cut: u16) -> (u64, u64) {
    let owner = u128::from(emission)
        .saturating_mul(u128::from(cut))
        .checked_div(u128::from(u16::MAX))
        .and_then(|x| u64::try_from(x).ok())
        .unwrap_or(0);
    (owner, emission.saturating_sub(owner))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accrual_is_per_block_times_blocks() {
        let pending = Pending {
            amount: 5,
            as_of: 10,
        };
        assert_eq!(
            pending.at(100, 13),
            Pending {
                amount: 305,
                as_of: 13
            }
        );
        assert_eq!(
            pending.at(100, 9),
            Pending {
                amount: 5,
                as_of: 10
            }
        );
        // Accruing in steps equals accruing at once.
        assert_eq!(pending.at(7, 12).at(7, 20), pending.at(7, 20));
    }

    #[test]
    fn eighteen_percent_to_the_owner() {
        assert_eq!(owner_cut(1_000_000_000, 11_796), (179_995_422, 820_004_578));
        assert_eq!(owner_cut(0, 11_796), (0, 0));
    }
}
