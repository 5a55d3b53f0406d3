//! Which axon endpoints are acceptable (subtensor's `serve_axon` checks).

use interfaces::registry::AxonInfo;

/// An IPv4 address below 2^32 other than 0 and 127.0.0.1, or an IPv6 address other than 0
/// and all-ones; a non-zero port.
pub fn is_valid(axon: &AxonInfo) -> bool {
    let ip_ok = match axon.ip_type {
        4 => axon.ip != 0 && axon.ip < u128::from(u32::MAX) && axon.ip != 0x7f00_0001,
        6 => axon.ip != 0 && axon.ip != u128::MAX,
        _ => false,
    };
    ip_ok && axon.port != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn axon(ip_type: u8, ip: u128, port: u16) -> AxonInfo {
        AxonInfo {
            ip_type,
            ip,
            port,
            ..Default::default()
        }
    }

    #[test]
    fn accepts_public_endpoints_only() {
        assert!(is_valid(&axon(4, 0x0a00_0001, 8091)));
        assert!(is_valid(&axon(6, 1 << 100, 8091)));
        assert!(!is_valid(&axon(4, 0, 8091)));
        assert!(!is_valid(&axon(4, 0x7f00_0001, 8091)));
        assert!(!is_valid(&axon(4, 1 << 40, 8091)));
        assert!(!is_valid(&axon(6, u128::MAX, 8091)));
        assert!(!is_valid(&axon(5, 1, 8091)));
        assert!(!is_valid(&axon(4, 0x0a00_0001, 0)));
    }
}
