//! The commands that change a registry (GOV-LOG), one file a group: clusters and completion,
//! members, roles, documents, practices' details. [`Registry::apply`] checks the actor's right
//! (GOV-RIGHTS, REG-AUTH) and the command's rules before anything changes, and appends the
//! accepted command to the history.

mod cluster;
mod documents;
mod members;
mod practices;
mod roles;

use chrono::NaiveDate;

use super::error::RegistryError;
use super::history::{Command, Event};
use super::members::{Capacities, EndReason, Membership, MembershipId, Practice};
use super::roles::Actor;
use super::{Applied, Registry};
use crate::dates::{MembershipPeriod, check_date};
use crate::ids::{ClusterId, Ydernummer};
use crate::rule::Rule;

impl Registry {
    /// Applies a command as `actor`, taking effect on `date`.
    ///
    /// Rights are checked first (GOV-RIGHTS, REG-AUTH), then the rules of the command. On
    /// any error the registry is unchanged; on success the command is appended to the history
    /// (GOV-LOG).
    pub fn apply(&mut self, actor: &Actor, date: NaiveDate, command: Command) -> Result<Applied, RegistryError> {
        check_date(date, Rule::GovLog)?;
        let confirmation = match &command {
            Command::CreateCluster { registration } => self.create_cluster(actor, date, registration)?,
            Command::AddMember { cluster, ydernummer, email, capacities } => {
                self.add_member(actor, date, cluster, *ydernummer, email.as_ref(), *capacities)?
            }
            Command::RemoveMember { cluster, ydernummer, reason } => {
                self.remove_member(actor, date, cluster, *ydernummer, *reason)?
            }
            Command::TransferMember { from, to, ydernummer } => self.transfer(actor, date, from, to, *ydernummer)?,
            Command::AssignRole { cluster, role, person } => self.assign_role(actor, date, cluster, *role, person)?,
            Command::EndRole { cluster, role, person } => self.end_role(actor, date, cluster, *role, person)?,
            Command::AttachDocument { cluster, document } => self.attach_document(actor, date, cluster, document)?,
            Command::RemoveDocument { cluster, kind } => self.remove_document(actor, date, cluster, *kind)?,
            Command::EditPractice { ydernummer, change } => self.edit_practice(actor, date, *ydernummer, change)?,
            Command::Complete { cluster } => self.complete(actor, date, cluster)?,
        };
        self.history.push(Event { date, actor: actor.clone(), command });
        Ok(Applied { event: self.history.len() - 1, confirmation })
    }

    /// MEM-ONE: the first membership of `ydernummer` (other than `except`) that shares a day
    /// with `requested`.
    pub(super) fn check_overlap(
        &self,
        ydernummer: Ydernummer,
        requested: MembershipPeriod,
        except: Option<MembershipId>,
    ) -> Result<(), RegistryError> {
        match self.index.overlapping(&self.memberships, ydernummer, requested, except) {
            Some(m) => {
                Err(RegistryError::Overlap { ydernummer, cluster: m.cluster.clone(), existing: m.period, requested })
            }
            None => Ok(()),
        }
    }

    /// MEM-CAPACITY: the capacities of a practice that joins on `day`: those it has that day, or
    /// those given for a practice new to the registry. Given capacities that differ from the
    /// known ones are refused: a change of doctors is its own, dated, command.
    pub(super) fn joining_capacities(
        &self,
        ydernummer: Ydernummer,
        day: NaiveDate,
        given: Option<Capacities>,
    ) -> Result<Capacities, RegistryError> {
        match (self.practices.get(&ydernummer).map(|p| p.capacities_on(day)), given) {
            (Some(known), Some(given)) if known != given => {
                Err(RegistryError::CapacitiesDiffer { ydernummer, known: known.get(), given: given.get() })
            }
            (Some(known), _) => Ok(known),
            (None, Some(given)) => Ok(given),
            (None, None) => Err(RegistryError::CapacitiesRequired { ydernummer }),
        }
    }

    /// MEM-LEAVE: a ydernummer that closed is never added again.
    pub(super) fn check_not_closed(&self, ydernummer: Ydernummer) -> Result<(), RegistryError> {
        match self.closed_on(ydernummer) {
            Some(closed) => Err(RegistryError::Closed { ydernummer, closed }),
            None => Ok(()),
        }
    }

    pub(super) fn next_membership_id(&self) -> MembershipId {
        MembershipId(u32::try_from(self.memberships.len()).unwrap_or(u32::MAX))
    }

    /// Records a practice that joins, if new (with its capacities from the joining day), and
    /// its membership.
    pub(super) fn enrol(&mut self, ydernummer: Ydernummer, capacities: Capacities, membership: Membership) {
        let joined = membership.period.joined();
        self.practices.entry(ydernummer).or_insert_with(|| Practice::new(ydernummer, capacities, joined));
        self.index.add_membership(self.memberships.len(), &membership);
        self.memberships.push(membership);
    }

    /// The index of the practice's open membership of `cluster`.
    pub(super) fn open_membership(
        &self,
        cluster: &ClusterId,
        ydernummer: Ydernummer,
        rule: Rule,
    ) -> Result<usize, RegistryError> {
        self.index.open_in(&self.memberships, ydernummer, cluster).ok_or_else(|| RegistryError::NotAMember {
            rule,
            cluster: cluster.clone(),
            ydernummer,
        })
    }

    /// Ends the open membership at `index` on `date`, for `reason`; nothing changes when the
    /// date does not end it (MEM-PERIOD).
    pub(super) fn end_membership(
        &mut self,
        index: usize,
        date: NaiveDate,
        reason: EndReason,
    ) -> Result<(), RegistryError> {
        if let Some(membership) = self.memberships.get_mut(index) {
            membership.period = membership.period.ending(date)?;
            membership.reason = Some(reason);
        }
        Ok(())
    }
}

/// The first day of a new open membership.
pub(super) fn open_from(date: NaiveDate) -> Result<MembershipPeriod, RegistryError> {
    Ok(MembershipPeriod::new(date, None)?)
}

/// The clusters a refusal names: at most five, then how many more.
pub(super) fn few(clusters: impl Iterator<Item = ClusterId> + Clone) -> String {
    const NAMED: usize = 5;
    let count = clusters.clone().count();
    let mut named = clusters.take(NAMED).map(|c| c.to_string()).collect::<Vec<_>>().join(", ");
    if count > NAMED {
        named.push_str(&format!(" … (+{})", count - NAMED));
    }
    named
}
