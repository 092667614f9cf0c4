//! Members: adding (MEM-ADD), leaving with a reason (MEM-LEAVE) and transfers (MEM-TRANSFER),
//! each kept to MEM-PERIOD and MEM-ONE.

use chrono::NaiveDate;

use super::open_from;
use crate::ids::{ClusterId, Email, Ydernummer};
use crate::registry::Registry;
use crate::registry::error::RegistryError;
use crate::registry::members::{Capacities, ConfirmationMail, EndReason, LeaveReason, Membership};
use crate::registry::roles::{Action, Actor};
use crate::rule::Rule;

impl Registry {
    /// MEM-ADD, MEM-PERIOD, MEM-ONE, MEM-CAPACITY; MEM-LEAVE: not a closed ydernummer.
    pub(super) fn add_member(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        cluster: &ClusterId,
        ydernummer: Ydernummer,
        email: Option<&Email>,
        capacities: Option<Capacities>,
    ) -> Result<Option<ConfirmationMail>, RegistryError> {
        let c = self.find(cluster, Rule::MemAdd)?;
        self.authorize(actor, cluster, Action::ChangeMembers, date)?;
        if date < c.founded {
            return Err(RegistryError::BeforeFounding { rule: Rule::MemPeriod, date, founded: c.founded });
        }
        self.check_not_closed(ydernummer)?;
        let capacities = self.joining_capacities(ydernummer, date, capacities)?;
        let period = open_from(date)?;
        self.check_overlap(ydernummer, period, None)?;

        let confirmation = email.map(|to| ConfirmationMail {
            to: to.clone(),
            ydernummer,
            cluster: cluster.clone(),
            cluster_name: c.name.clone(),
            joined: date,
        });
        let membership = Membership {
            id: self.next_membership_id(),
            ydernummer,
            cluster: cluster.clone(),
            period,
            transferred_from: None,
            reason: None,
        };
        self.enrol(ydernummer, capacities, membership);
        if let (Some(to), Some(practice)) = (email, self.practices.get_mut(&ydernummer)) {
            practice.timeline.email.set(date, Some(to.clone()));
            practice.refresh();
        }
        Ok(confirmation)
    }

    /// MEM-LEAVE: the membership ends on `date` (the first day without), for `reason`.
    pub(super) fn remove_member(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        cluster: &ClusterId,
        ydernummer: Ydernummer,
        reason: LeaveReason,
    ) -> Result<Option<ConfirmationMail>, RegistryError> {
        self.find(cluster, Rule::MemLeave)?;
        self.authorize(actor, cluster, Action::ChangeMembers, date)?;
        let index = self.open_membership(cluster, ydernummer, Rule::MemLeave)?;
        self.end_membership(index, date, EndReason::from(reason))?;
        Ok(None)
    }

    /// MEM-TRANSFER: needs the right to change members in both clusters; the old membership
    /// ends with the reason `transferred`.
    pub(super) fn transfer(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        from: &ClusterId,
        to: &ClusterId,
        ydernummer: Ydernummer,
    ) -> Result<Option<ConfirmationMail>, RegistryError> {
        self.find(from, Rule::MemTransfer)?;
        let target = self.find(to, Rule::MemTransfer)?;
        if from == to {
            return Err(RegistryError::SameCluster { cluster: from.clone() });
        }
        self.authorize(actor, from, Action::ChangeMembers, date)?;
        self.authorize(actor, to, Action::ChangeMembers, date)?;
        if date < target.founded {
            return Err(RegistryError::BeforeFounding { rule: Rule::MemTransfer, date, founded: target.founded });
        }
        let index = self.open_membership(from, ydernummer, Rule::MemTransfer)?;
        let old = self.memberships.get(index).ok_or(RegistryError::NotAMember {
            rule: Rule::MemTransfer,
            cluster: from.clone(),
            ydernummer,
        })?;
        old.period.ending(date)?;
        let old_id = old.id;
        let period = open_from(date)?;
        self.check_overlap(ydernummer, period, Some(old_id))?;

        self.end_membership(index, date, EndReason::Transferred)?;
        let new = Membership {
            id: self.next_membership_id(),
            ydernummer,
            cluster: to.clone(),
            period,
            transferred_from: Some(old_id),
            reason: None,
        };
        self.index.add_membership(self.memberships.len(), &new);
        self.memberships.push(new);
        Ok(None)
    }
}
