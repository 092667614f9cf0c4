//! The items of a scenario built from their fields, the same for every reader: each field is
//! checked on its own (ID-*, MEM-*, GR-RATE, FORMAT), every problem is recorded, and what was
//! read goes into a [`Collected`] for the cross-checks.

use chrono::NaiveDate;

use super::model::{
    Policy, ScenarioCluster, ScenarioMembership, ScenarioParts, ScenarioPatients, ScenarioPractice, ScenarioRate,
};
use super::read::{Item, Section};
use crate::dates::{MembershipPeriod, check_date, check_year, parse_date};
use crate::geography::{GeographyError, Municipality};
use crate::ids::{ClusterId, Cvr, Ydernummer};
use crate::problem::quote;
use crate::registry::cluster::check_name;
use crate::registry::members::{Capacities, PatientCount};
use crate::rule::Rule;

/// Where each item of the parts stood in its list or table, so that problems found among the
/// items that were read name their original place.
#[derive(Debug, Default, Clone)]
pub(crate) struct Positions {
    pub(crate) clusters: Vec<usize>,
    pub(crate) practices: Vec<usize>,
    pub(crate) memberships: Vec<usize>,
    pub(crate) patients: Vec<usize>,
    pub(crate) rates: Vec<usize>,
}

impl Positions {
    /// Every item where it stands.
    pub(crate) fn identity(parts: &ScenarioParts) -> Self {
        Positions {
            clusters: (0..parts.clusters.len()).collect(),
            practices: (0..parts.practices.len()).collect(),
            memberships: (0..parts.memberships.len()).collect(),
            patients: (0..parts.patients.len()).collect(),
            rates: (0..parts.rates.len()).collect(),
        }
    }
}

/// A cluster whose id was read, whether or not its other fields were: it exists for the
/// references of memberships, so that one bad field does not make a false follow-on error.
#[derive(Debug, Clone)]
pub(crate) struct ClusterKey {
    pub(crate) id: ClusterId,
    /// The founding day, where it was read.
    pub(crate) founded: Option<NaiveDate>,
    pub(crate) position: usize,
}

/// What the readers collected: the items that were read whole, and the keys of every item
/// whose key was read.
#[derive(Debug, Default)]
pub(crate) struct Collected {
    pub(crate) parts: ScenarioParts,
    pub(crate) positions: Positions,
    pub(crate) cluster_keys: Vec<ClusterKey>,
    /// Every practice whose ydernummer was read, with its position.
    pub(crate) practice_keys: Vec<(Ydernummer, usize)>,
    /// The policy was given (a second one in a table is a problem).
    pub(crate) policy_seen: bool,
    /// The sections with items that could not be read at all (a table whose header is wrong, a
    /// row the row reader refused): references into them are not checked, since what they
    /// name may be among the items not read.
    pub(crate) incomplete: Vec<Section>,
    /// The practices with a membership whose ydernummer was read but not the rest: their
    /// transfers are not checked, since the membership a transfer continues may be that one.
    pub(crate) broken_memberships: Vec<Ydernummer>,
}

impl Collected {
    /// Appends what `later` collected from the items after this one's, of the same lists,
    /// numbered from 0 where they stand from `offset`: what reading the items of both one after
    /// the other would have collected.
    pub(crate) fn append(&mut self, later: Collected, offset: usize) {
        let Collected { parts, positions, cluster_keys, practice_keys, policy_seen, incomplete, broken_memberships } =
            later;
        self.parts.clusters.extend(parts.clusters);
        self.parts.practices.extend(parts.practices);
        self.parts.memberships.extend(parts.memberships);
        self.parts.patients.extend(parts.patients);
        self.parts.rates.extend(parts.rates);
        let shifted = |positions: Vec<usize>| positions.into_iter().map(move |p| p + offset);
        self.positions.clusters.extend(shifted(positions.clusters));
        self.positions.practices.extend(shifted(positions.practices));
        self.positions.memberships.extend(shifted(positions.memberships));
        self.positions.patients.extend(shifted(positions.patients));
        self.positions.rates.extend(shifted(positions.rates));
        self.cluster_keys.extend(cluster_keys.into_iter().map(|k| ClusterKey { position: k.position + offset, ..k }));
        self.practice_keys.extend(practice_keys.into_iter().map(|(y, p)| (y, p + offset)));
        self.policy_seen |= policy_seen;
        self.incomplete.extend(incomplete);
        self.broken_memberships.extend(broken_memberships);
    }

    /// The keys of valid parts, for a scenario built from values.
    pub(crate) fn from_parts(parts: ScenarioParts) -> Self {
        let positions = Positions::identity(&parts);
        let cluster_keys = parts
            .clusters
            .iter()
            .enumerate()
            .map(|(position, c)| ClusterKey { id: c.id.clone(), founded: Some(c.founded), position })
            .collect();
        let practice_keys = parts.practices.iter().enumerate().map(|(i, p)| (p.ydernummer, i)).collect();
        Collected {
            parts,
            positions,
            cluster_keys,
            practice_keys,
            policy_seen: true,
            incomplete: Vec::new(),
            broken_memberships: Vec::new(),
        }
    }
}

/// One kind of item: its section, its fields in docs/formats.md's order, and how it is built.
pub(crate) trait Kind {
    const SECTION: Section;
    const FIELDS: &'static [&'static str];
    /// Builds the item from the fields read into `item`, recording every problem.
    fn build(item: &mut Item<'_, '_>, out: &mut Collected);
}

/// The position of `name` among `fields`. Field names are short: comparing their bytes in
/// place is faster than a call to `memcmp` for each.
pub(crate) fn field_index(fields: &[&str], name: &str) -> Option<usize> {
    let name = name.as_bytes();
    fields.iter().position(|f| f.len() == name.len() && f.bytes().zip(name).all(|(a, b)| a == *b))
}

/// A ydernummer written as one to six ASCII digits, not all zeros: what [`Ydernummer`]'s
/// `FromStr` takes from such text.
fn ydernummer_of_digits(digits: &[u8]) -> Option<Ydernummer> {
    if digits.is_empty() || digits.len() > 6 {
        return None;
    }
    let mut value = 0u32;
    for digit in digits {
        value = value * 10 + u32::from(digit.checked_sub(b'0').filter(|d| *d <= 9)?);
    }
    Ydernummer::from_value(value).ok()
}

/// A date `YYYY-MM-DD` within the supported years, as [`Item::date`] takes it for `rule`.
fn plain_date(text: &str, rule: Rule) -> Option<NaiveDate> {
    check_date(parse_date(text)?, rule).ok()
}

/// The quick readers' way (the JSON scanner's, and the tables' rows split from lines): an item
/// of a long list whose values were read plainly (a ydernummer of digits, whole numbers, dates
/// as text, `left` absent as `None`), built by the constructors [`Kind::build`] calls and
/// collected as it collects it. `None`, having collected nothing, where any of them refuses a
/// value: the general way then reads the item again and makes the problem.
impl Collected {
    pub(crate) fn quick_practice(&mut self, index: usize, ydernummer: &[u8], capacities: i64) -> Option<()> {
        let ydernummer = ydernummer_of_digits(ydernummer)?;
        let capacities = Capacities::new(capacities).ok()?;
        self.practice_keys.push((ydernummer, index));
        self.parts.practices.push(ScenarioPractice { ydernummer, capacities });
        self.positions.practices.push(index);
        Some(())
    }

    pub(crate) fn quick_membership(
        &mut self,
        index: usize,
        ydernummer: &[u8],
        cluster: &str,
        joined: &str,
        left: Option<&str>,
        by_transfer: bool,
    ) -> Option<()> {
        let ydernummer = ydernummer_of_digits(ydernummer)?;
        let cluster = cluster.parse::<ClusterId>().ok()?;
        let joined = plain_date(joined, Rule::MemPeriod)?;
        let left = match left {
            Some(left) => Some(plain_date(left, Rule::MemPeriod)?),
            None => None,
        };
        let period = MembershipPeriod::new(joined, left).ok()?;
        self.parts.memberships.push(ScenarioMembership { ydernummer, cluster, period, by_transfer });
        self.positions.memberships.push(index);
        Some(())
    }

    pub(crate) fn quick_patients(&mut self, index: usize, ydernummer: &[u8], year: i64, count: i64) -> Option<()> {
        let ydernummer = ydernummer_of_digits(ydernummer)?;
        let year = check_year(year, Rule::MemPatients).ok()?;
        let count = PatientCount::new(count).ok()?;
        self.parts.patients.push(ScenarioPatients { ydernummer, year, count });
        self.positions.patients.push(index);
        Some(())
    }
}

pub(crate) struct Clusters;
pub(crate) struct Practices;
pub(crate) struct Memberships;
pub(crate) struct Patients;
pub(crate) struct Rates;
pub(crate) struct PolicyKind;

impl Kind for Clusters {
    const SECTION: Section = Section::Clusters;
    const FIELDS: &'static [&'static str] = &["id", "name", "cvr", "municipality", "founded", "completed"];

    fn build(item: &mut Item<'_, '_>, out: &mut Collected) {
        let id = item.parsed::<ClusterId>(0, true);
        let name = item.text_with(1, |text| check_name("name", text));
        let cvr = item.parsed::<Cvr>(2, false);
        let municipality = item.text_with(3, municipality_code);
        let founded = item.date(4, true, Rule::Format);
        let completed = item.date(5, false, Rule::CmpOnce);
        let position = item.index();
        if let Some(Some(id)) = &id {
            out.cluster_keys.push(ClusterKey { id: id.clone(), founded: founded.flatten(), position });
        }
        let cluster = (|| {
            Some(ScenarioCluster {
                id: id??,
                name: name?,
                cvr: cvr?,
                municipality: municipality?,
                founded: founded??,
                completed: completed?,
            })
        })();
        if let Some(cluster) = cluster {
            out.parts.clusters.push(cluster);
            out.positions.clusters.push(position);
        }
    }
}

/// ID-KOMMUNE: a scenario names a municipality by its 3-digit code.
fn municipality_code(text: &str) -> Result<Municipality, GeographyError> {
    if text.len() == 3 && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse()
    } else {
        Err(GeographyError::NotACode(quote(text)))
    }
}

impl Kind for Practices {
    const SECTION: Section = Section::Practices;
    const FIELDS: &'static [&'static str] = &["ydernummer", "capacities"];

    fn build(item: &mut Item<'_, '_>, out: &mut Collected) {
        let ydernummer = item.parsed::<Ydernummer>(0, true);
        let capacities = item.integer(1, Rule::MemCapacity).and_then(|n| item.check(1, Capacities::new(n)));
        let position = item.index();
        if let Some(Some(ydernummer)) = ydernummer {
            out.practice_keys.push((ydernummer, position));
            if let Some(capacities) = capacities {
                out.parts.practices.push(ScenarioPractice { ydernummer, capacities });
                out.positions.practices.push(position);
            }
        }
    }
}

impl Kind for Memberships {
    const SECTION: Section = Section::Memberships;
    const FIELDS: &'static [&'static str] = &["ydernummer", "cluster", "joined", "left", "by_transfer"];

    fn build(item: &mut Item<'_, '_>, out: &mut Collected) {
        let ydernummer = item.parsed::<Ydernummer>(0, true);
        let cluster = item.parsed::<ClusterId>(1, true);
        let joined = item.date(2, true, Rule::MemPeriod);
        let left = item.date(3, false, Rule::MemPeriod);
        let by_transfer = item.boolean(4);
        let period = match (joined, left) {
            (Some(Some(joined)), Some(left)) => item.check_relation(3, MembershipPeriod::new(joined, left)),
            _ => None,
        };
        let membership = (|| {
            Some(ScenarioMembership {
                ydernummer: ydernummer??,
                cluster: cluster??,
                period: period?,
                by_transfer: by_transfer?,
            })
        })();
        match (membership, ydernummer) {
            (Some(membership), _) => {
                out.parts.memberships.push(membership);
                out.positions.memberships.push(item.index());
            }
            (None, Some(Some(ydernummer))) => out.broken_memberships.push(ydernummer),
            (None, _) => out.incomplete.push(Section::Memberships),
        }
    }
}

impl Kind for Patients {
    const SECTION: Section = Section::Patients;
    const FIELDS: &'static [&'static str] = &["ydernummer", "year", "count"];

    fn build(item: &mut Item<'_, '_>, out: &mut Collected) {
        let ydernummer = item.parsed::<Ydernummer>(0, true);
        let year = item.year(1, Rule::MemPatients);
        let count = item.integer(2, Rule::MemPatients).and_then(|n| item.check(2, PatientCount::new(n)));
        if let (Some(Some(ydernummer)), Some(year), Some(count)) = (ydernummer, year, count) {
            out.parts.patients.push(ScenarioPatients { ydernummer, year, count });
            out.positions.patients.push(item.index());
        }
    }
}

impl Kind for Rates {
    const SECTION: Section = Section::Rates;
    const FIELDS: &'static [&'static str] = &["year", "rate"];

    fn build(item: &mut Item<'_, '_>, out: &mut Collected) {
        let year = item.year(0, Rule::GrRate);
        let rate = item.rate(1);
        if let (Some(year), Some(rate)) = (year, rate) {
            out.parts.rates.push(ScenarioRate { year, rate });
            out.positions.rates.push(item.index());
        }
    }
}

impl Kind for PolicyKind {
    const SECTION: Section = Section::Policy;
    const FIELDS: &'static [&'static str] = &["clawback_on_transfer"];

    fn build(item: &mut Item<'_, '_>, out: &mut Collected) {
        if out.policy_seen {
            item.item_problem(
                Rule::Format,
                "the policy is given more than once".into(),
                "politikken er angivet mere end én gang".into(),
            );
        }
        out.policy_seen = true;
        if let Some(clawback_on_transfer) = item.boolean(0) {
            out.parts.policy = Policy { clawback_on_transfer };
        }
    }
}
