//! What the grant rules decide about a practice's memberships taken together, once per
//! scenario: which membership is the practice's first (GR-STARTUP) and which end by a transfer
//! (MEM-TRANSFER, for GR-CLAWBACK and GR-TRANSFER).

use crate::scenario::CompiledMembership;

/// Marks, in place, each practice's earliest membership of any cluster (GR-STARTUP: only that
/// one earns the startup fee) and each membership that the practice's next one, begun by
/// transfer on its leaving day in another cluster, continues (MEM-TRANSFER). O(n log n).
pub(crate) fn mark_memberships(memberships: &mut [CompiledMembership]) {
    let mut by_practice: Vec<usize> = (0..memberships.len()).collect();
    by_practice.sort_unstable_by_key(|i| memberships.get(*i).map(|m| (m.practice, m.period.joined())));
    let mut previous: Option<u32> = None;
    for (k, i) in by_practice.iter().enumerate() {
        let next = by_practice
            .get(k + 1)
            .and_then(|n| memberships.get(*n))
            .map(|n| (n.practice, n.by_transfer, n.cluster, n.period.joined()));
        if let Some(m) = memberships.get_mut(*i) {
            m.first = previous != Some(m.practice);
            previous = Some(m.practice);
            m.ends_by_transfer = matches!(next, Some((p, true, c, joined))
                if p == m.practice && c != m.cluster && Some(joined) == m.period.left());
        }
    }
}
