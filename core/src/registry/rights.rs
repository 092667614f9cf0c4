//! GOV-RIGHTS: who may do what in a cluster on a day, read from the registry's roles and
//! memberships; the table of standings and actions is [`may`](super::roles::may).

use chrono::NaiveDate;

use super::Registry;
use super::error::RegistryError;
use super::roles::{Action, Actor, Standing, may};
use crate::ids::ClusterId;
use crate::registry::cluster::Cluster;
use crate::rule::Rule;

impl Registry {
    /// GOV-RIGHTS: the actor's standings in a cluster on a day. Roles count while current;
    /// a practice counts as a member when its membership covers the day or is still open.
    pub fn standings(&self, actor: &Actor, cluster: &ClusterId, day: NaiveDate) -> Vec<Standing> {
        let mut standings = Vec::new();
        if let Some(c) = self.clusters.get(cluster) {
            let current = self.index.current_named(cluster, &actor.person).filter_map(|p| c.roles.get(p));
            for assignment in current.filter(|a| a.until.is_none() && actor.is(&a.person)) {
                standings.push(Standing::from(assignment.role));
            }
        }
        let member = actor.ydernummer.is_some_and(|y| self.index.is_member(&self.memberships, y, cluster, day));
        if member {
            standings.push(Standing::MemberPractice);
        }
        if standings.is_empty() {
            standings.push(Standing::Outsider);
        }
        standings.sort();
        standings.dedup();
        standings
    }

    /// GOV-RIGHTS: whether the actor may take `action` in `cluster` on `day`.
    pub fn may(&self, actor: &Actor, cluster: &ClusterId, action: Action, day: NaiveDate) -> bool {
        self.standings(actor, cluster, day).into_iter().any(|s| may(s, action))
    }

    pub(super) fn authorize(
        &self,
        actor: &Actor,
        cluster: &ClusterId,
        action: Action,
        day: NaiveDate,
    ) -> Result<(), RegistryError> {
        if self.may(actor, cluster, action, day) {
            Ok(())
        } else {
            Err(RegistryError::Refused {
                rule: Rule::GovRights,
                actor: actor.to_string(),
                action,
                cluster: cluster.to_string(),
            })
        }
    }

    /// GOV-RIGHTS: the cluster, for an actor who may read it.
    pub fn read(&self, actor: &Actor, cluster: &ClusterId, day: NaiveDate) -> Result<&Cluster, RegistryError> {
        let found = self.find(cluster, Rule::GovRights)?;
        self.authorize(actor, cluster, Action::Read, day)?;
        Ok(found)
    }
}
