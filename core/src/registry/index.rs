//! Where the registry finds a practice's memberships, a cluster's members, a person's current
//! roles and a cluster's documents without scanning them all, so that a command costs a
//! logarithm of the registry's size and replaying a history of n events about n log n.
//!
//! The index is derived from the registry's state: it is never stored, a replay builds it, and
//! two registries with equal state have equal indexes (so it takes no part in equality).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

use chrono::NaiveDate;

use crate::dates::MembershipPeriod;
use crate::ids::{ClusterId, Ydernummer};
use crate::registry::members::{Membership, MembershipId};
use crate::registry::roles::{Person, Role, RoleAssignment, name_key};

/// The registry's lookups; positions are indexes into its memberships and into a cluster's roles.
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    /// Each practice's memberships by the day they begin. MEM-ONE keeps a practice's
    /// memberships apart, and a period has at least one day, so no two begin on the same day.
    by_practice: BTreeMap<Ydernummer, BTreeMap<NaiveDate, usize>>,
    /// Each cluster's memberships, in the order they were made.
    by_cluster: BTreeMap<ClusterId, Vec<usize>>,
    /// The clusters each practice is or was a member of.
    clusters_of: BTreeMap<Ydernummer, BTreeSet<ClusterId>>,
    /// The current role assignments of each cluster by the holder's name, trimmed and in lower
    /// case (as an actor is matched to a person).
    current_by_name: BTreeMap<(ClusterId, String), BTreeSet<usize>>,
    /// The current role assignments of each cluster by role.
    current_by_role: BTreeMap<(ClusterId, Role), BTreeSet<usize>>,
    /// The fingerprints of each cluster's documents.
    documents: BTreeSet<(ClusterId, [u8; 32])>,
}

impl PartialEq for Index {
    /// Derived from the state the registry compares, so it never makes two registries differ.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Index {}

impl Index {
    /// Records membership `position` (just pushed).
    pub(crate) fn add_membership(&mut self, position: usize, membership: &Membership) {
        self.by_practice.entry(membership.ydernummer).or_default().insert(membership.period.joined(), position);
        self.by_cluster.entry(membership.cluster.clone()).or_default().push(position);
        self.clusters_of.entry(membership.ydernummer).or_default().insert(membership.cluster.clone());
    }

    /// The clusters a practice is or was a member of.
    pub(crate) fn clusters_of(&self, ydernummer: Ydernummer) -> impl Iterator<Item = &ClusterId> + Clone + '_ {
        self.clusters_of.get(&ydernummer).into_iter().flatten()
    }

    /// The positions of a practice's memberships, by the day they begin.
    pub(crate) fn of_practice(&self, ydernummer: Ydernummer) -> impl Iterator<Item = usize> + '_ {
        self.by_practice.get(&ydernummer).into_iter().flat_map(|own| own.values().copied())
    }

    /// The positions of a cluster's memberships, in the order they were made.
    pub(crate) fn of_cluster(&self, cluster: &ClusterId) -> &[usize] {
        self.by_cluster.get(cluster).map_or(&[], Vec::as_slice)
    }

    /// MEM-ONE: a membership of the practice (other than `except`) that shares a day with
    /// `requested`. As the practice's memberships do not overlap, only two can: the last to
    /// begin on or before `requested` begins, and the first to begin within it.
    pub(crate) fn overlapping<'m>(
        &self,
        memberships: &'m [Membership],
        ydernummer: Ydernummer,
        requested: MembershipPeriod,
        except: Option<MembershipId>,
    ) -> Option<&'m Membership> {
        let own = self.by_practice.get(&ydernummer)?;
        let start = requested.joined();
        let end = requested.left().map_or(Bound::Unbounded, Bound::Excluded);
        let before = own.range(..=start).next_back();
        let within = own.range((Bound::Excluded(start), end)).take(2);
        before
            .into_iter()
            .chain(within)
            .filter_map(|(_, &position)| memberships.get(position))
            .find(|m| Some(m.id) != except && m.period.overlaps(requested))
    }

    /// The position of the practice's open membership (at most one: it has no end, so nothing
    /// begins after it), if it is in `cluster`.
    pub(crate) fn open_in(
        &self,
        memberships: &[Membership],
        ydernummer: Ydernummer,
        cluster: &ClusterId,
    ) -> Option<usize> {
        let (_, &position) = self.by_practice.get(&ydernummer)?.last_key_value()?;
        let m = memberships.get(position)?;
        (m.period.left().is_none() && &m.cluster == cluster).then_some(position)
    }

    /// GOV-RIGHTS: whether the practice is a member of `cluster` on `day`, or has an open
    /// membership of it.
    pub(crate) fn is_member(
        &self,
        memberships: &[Membership],
        ydernummer: Ydernummer,
        cluster: &ClusterId,
        day: NaiveDate,
    ) -> bool {
        let Some(own) = self.by_practice.get(&ydernummer) else { return false };
        let covering = own.range(..=day).next_back().map(|(_, &p)| p);
        let covers =
            covering.and_then(|p| memberships.get(p)).is_some_and(|m| &m.cluster == cluster && m.period.contains(day));
        covers || self.open_in(memberships, ydernummer, cluster).is_some()
    }

    /// Records role assignment `position` of `cluster` (just pushed, current).
    pub(crate) fn add_role(&mut self, cluster: &ClusterId, position: usize, assignment: &RoleAssignment) {
        let by_name = (cluster.clone(), name_key(&assignment.person.name));
        self.current_by_name.entry(by_name).or_default().insert(position);
        self.current_by_role.entry((cluster.clone(), assignment.role)).or_default().insert(position);
    }

    /// Forgets role assignment `position` of `cluster` as current (it has ended).
    pub(crate) fn end_role(&mut self, cluster: &ClusterId, position: usize, assignment: &RoleAssignment) {
        let by_name = (cluster.clone(), name_key(&assignment.person.name));
        if let Some(set) = self.current_by_name.get_mut(&by_name) {
            set.remove(&position);
        }
        if let Some(set) = self.current_by_role.get_mut(&(cluster.clone(), assignment.role)) {
            set.remove(&position);
        }
    }

    /// The positions of the current assignments in `cluster` held by someone called `name`.
    pub(crate) fn current_named(&self, cluster: &ClusterId, name: &str) -> impl Iterator<Item = usize> + '_ {
        self.current_by_name.get(&(cluster.clone(), name_key(name))).into_iter().flatten().copied()
    }

    /// The positions of the current assignments of `role` in `cluster`.
    pub(crate) fn current_of_role(&self, cluster: &ClusterId, role: Role) -> impl Iterator<Item = usize> + '_ {
        self.current_by_role.get(&(cluster.clone(), role)).into_iter().flatten().copied()
    }

    /// The position of the current assignment of `role` to `person` in `cluster`, matched as
    /// GOV-ROLES matches a holder: the same name and ydernummer.
    pub(crate) fn holder(
        &self,
        roles: &[RoleAssignment],
        cluster: &ClusterId,
        role: Role,
        person: &Person,
    ) -> Option<usize> {
        self.current_named(cluster, &person.name).find(|&p| {
            roles.get(p).is_some_and(|a| {
                a.role == role && a.person.name == person.name.trim() && a.person.ydernummer == person.ydernummer
            })
        })
    }

    /// Records a document of `cluster` by its fingerprint.
    pub(crate) fn add_document(&mut self, cluster: &ClusterId, sha256: [u8; 32]) {
        self.documents.insert((cluster.clone(), sha256));
    }

    /// Forgets a document of `cluster` (removed or replaced, REG-DOCS-CHANGE).
    pub(crate) fn remove_document(&mut self, cluster: &ClusterId, sha256: [u8; 32]) {
        self.documents.remove(&(cluster.clone(), sha256));
    }

    /// REG-PDF: whether `cluster` has a document with this fingerprint.
    pub(crate) fn has_document(&self, cluster: &ClusterId, sha256: [u8; 32]) -> bool {
        self.documents.contains(&(cluster.clone(), sha256))
    }
}
