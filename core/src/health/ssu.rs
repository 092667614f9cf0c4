//! SK-SSU: a region's health cooperation committee and its members.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Count, Found, HealthCluster, Seat, SeatKind, tally};
use crate::geography::Region;
use crate::problem::ValidationErrors;
use crate::registry::roles::name_key;
use crate::rule::Rule;

/// SK-SSU: a region's health cooperation committee (*sundhedssamarbejdsudvalg*), which
/// replaced the PPU and SKU.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ssu {
    /// The region.
    pub region: Region,
    /// Its members.
    pub members: Vec<Seat>,
}

impl Ssu {
    /// SK-SSU, SK-VALIDATE: the regional council chair, exactly 2 more regional council members,
    /// and one mayor from each health cluster of the region, namely its municipal co-chair;
    /// nobody else. `clusters` may hold clusters of other regions; only the region's count.
    pub fn validate(&self, clusters: &[HealthCluster]) -> Result<(), ValidationErrors> {
        let rule = Rule::SkSsu;
        let mut found = Found(ValidationErrors::new());
        let seats = tally(&self.members);
        found.count(rule, "members", &seats, SeatKind::RegionalCouncilChair, Count::Exactly(1));
        found.count(rule, "members", &seats, SeatKind::RegionalCouncilMember, Count::Exactly(2));
        // Each member's first seat by kind and holder, so that finding a co-chair is a lookup.
        let mut first_seat: BTreeMap<(SeatKind, String), usize> = BTreeMap::new();
        for (i, m) in self.members.iter().enumerate() {
            first_seat.entry((m.kind, name_key(&m.holder))).or_insert(i);
        }
        let ours: Vec<&HealthCluster> = clusters.iter().filter(|c| c.region == self.region).collect();
        let mut expected: BTreeMap<usize, &Seat> = BTreeMap::new();
        for cluster in &ours {
            match cluster.municipal_co_chair_seat() {
                None => found.add(
                    rule,
                    "members",
                    &cluster.name,
                    format!(
                        "the health cluster {} has no municipal co-chair among its mayors to send to the SSU",
                        cluster.name
                    ),
                    format!(
                        "sundhedsklyngen {} har ingen kommunal medformand blandt sine borgmestre at sende i SSU",
                        cluster.name
                    ),
                ),
                Some(seat) => match first_seat.get(&(seat.kind, name_key(&seat.holder))).copied() {
                    Some(i) => {
                        expected.insert(i, seat);
                    }
                    None => found.add(
                        rule,
                        "members",
                        &seat.holder,
                        format!("{}, municipal co-chair of {}, is not in the SSU", seat.holder, cluster.name),
                        format!("{}, kommunal medformand for {}, er ikke med i SSU", seat.holder, cluster.name),
                    ),
                },
            }
        }
        for (i, seat) in self.members.iter().enumerate() {
            let council = matches!(seat.kind, SeatKind::RegionalCouncilChair | SeatKind::RegionalCouncilMember);
            if !council && !expected.contains_key(&i) {
                found.add(
                    rule,
                    format!("members[{i}]"),
                    &seat.holder,
                    format!("{} ({}) is neither on the regional council nor a municipal co-chair of one of the region's health clusters", seat.holder, seat.kind.name_en()),
                    format!("{} ({}) er hverken medlem af regionsrådet eller kommunal medformand for en af regionens sundhedsklynger", seat.holder, seat.kind.name_da()),
                );
            }
        }
        found.into_result()
    }
}
