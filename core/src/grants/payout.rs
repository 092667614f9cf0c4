//! GR-PAYDATE and CMP-PAYOUT: when money is paid, and when it reaches the cluster's account.

use chrono::{Days, NaiveDate};

/// GR-PAYDATE: nothing is paid before completion. A due date before the completion date moves
/// to the completion date; while the cluster is not complete the line has no payout date.
pub fn payout_date(nominal: NaiveDate, completed: Option<NaiveDate>) -> Option<NaiveDate> {
    completed.map(|completed| nominal.max(completed))
}

/// CMP-PAYOUT: funds are expected on the cluster's account 2 to 4 weeks after the payout date.
///
/// ```
/// let paid = "2019-01-20".parse().unwrap();
/// let (from, to) = klynge::grants::payout_window(paid);
/// assert_eq!((from.to_string(), to.to_string()), ("2019-02-03".into(), "2019-02-17".into()));
/// ```
pub fn payout_window(payout: NaiveDate) -> (NaiveDate, NaiveDate) {
    let after = |days| payout.checked_add_days(Days::new(days)).unwrap_or(NaiveDate::MAX);
    (after(14), after(28))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn gr_paydate_never_before_completion() {
        assert_eq!(payout_date(d("2019-01-01"), Some(d("2019-01-20"))), Some(d("2019-01-20")));
        assert_eq!(payout_date(d("2020-01-01"), Some(d("2019-01-20"))), Some(d("2020-01-01")));
        assert_eq!(payout_date(d("2020-01-01"), None), None);
    }

    #[test]
    fn cmp_payout_window_is_two_to_four_weeks() {
        assert_eq!(payout_window(d("2019-01-20")), (d("2019-02-03"), d("2019-02-17")));
        assert_eq!(payout_window(NaiveDate::MAX), (NaiveDate::MAX, NaiveDate::MAX));
    }
}
