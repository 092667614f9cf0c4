//! Money (ID-MONEY): amounts and rates parse to what they write; rounding a ratio never panics
//! and rounds half away from zero to the øre.
#![no_main]

use klynge::{Dkk, Rate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() >= 32 {
        let n = i128::from_le_bytes(data[..16].try_into().unwrap_or_default());
        let d = i128::from_le_bytes(data[16..32].try_into().unwrap_or_default());
        if let Ok(amount) = Dkk::round_ratio(n, d) {
            let exact = n.checked_mul(2).zip(d.checked_mul(2));
            if let (Some((n2, d2)), Some(ore)) = (exact, Some(amount.ore())) {
                // |n/d - ore| <= 1/2, checked without division: |n - ore·d| <= |d| / 2.
                if let Some(product) = ore.checked_mul(d2) {
                    assert!((n2 - product).unsigned_abs() <= d.unsigned_abs(), "{n}/{d} -> {ore}");
                }
            }
        }
    }
    let Some(text) = klynge_fuzz::text(data) else { return };
    if let Ok(amount) = text.parse::<Dkk>() {
        assert_eq!(amount.to_string().parse::<Dkk>().ok(), Some(amount));
        let _ = amount.checked_add(amount);
        let _ = [amount, -amount, amount].iter().sum::<Dkk>();
    }
    if let Ok(rate) = text.parse::<Rate>() {
        assert_eq!(rate.to_string().parse::<Rate>().ok(), Some(rate));
    }
});
