//! GOV-ROLES: assigning and ending roles.

use chrono::NaiveDate;

use crate::ids::ClusterId;
use crate::registry::Registry;
use crate::registry::cluster::check_name;
use crate::registry::error::RegistryError;
use crate::registry::members::ConfirmationMail;
use crate::registry::roles::{Action, Actor, Person, Role, RoleAssignment};
use crate::rule::Rule;

impl Registry {
    /// GOV-ROLES: assign a role from `date`.
    pub(super) fn assign_role(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        cluster: &ClusterId,
        role: Role,
        person: &Person,
    ) -> Result<Option<ConfirmationMail>, RegistryError> {
        let c = self.find(cluster, Rule::GovRoles)?;
        self.authorize(actor, cluster, Action::ChangeRoles, date)?;
        let name = check_name("person.name", &person.name)?;
        if role == Role::Coordinator && person.ydernummer.is_none() {
            return Err(RegistryError::CoordinatorYdernummer);
        }
        if date < c.founded {
            return Err(RegistryError::BeforeFounding { rule: Rule::GovRoles, date, founded: c.founded });
        }
        let person = Person { name, ..person.clone() };
        if self.index.holder(&c.roles, cluster, role, &person).is_some() {
            return Err(RegistryError::AlreadyHolds { role, person });
        }
        let replaced: Vec<usize> =
            if role.is_single() { self.index.current_of_role(cluster, role).collect() } else { Vec::new() };
        if let Some(a) = replaced.iter().filter_map(|i| c.roles.get(*i)).find(|a| a.from >= date) {
            return Err(RegistryError::RoleDate { role, date, from: a.from });
        }

        if let Some(c) = self.clusters.get_mut(cluster) {
            for i in replaced {
                if let Some(a) = c.roles.get_mut(i) {
                    a.until = Some(date);
                    self.index.end_role(cluster, i, a);
                }
            }
            let assignment = RoleAssignment { role, person, from: date, until: None };
            self.index.add_role(cluster, c.roles.len(), &assignment);
            c.roles.push(assignment);
        }
        Ok(None)
    }

    /// GOV-ROLES: end a role on `date` (never the coordinator's).
    pub(super) fn end_role(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        cluster: &ClusterId,
        role: Role,
        person: &Person,
    ) -> Result<Option<ConfirmationMail>, RegistryError> {
        let c = self.find(cluster, Rule::GovRoles)?;
        self.authorize(actor, cluster, Action::ChangeRoles, date)?;
        if role == Role::Coordinator {
            return Err(RegistryError::CoordinatorRequired);
        }
        let index = self
            .index
            .holder(&c.roles, cluster, role, person)
            .ok_or_else(|| RegistryError::NotHolder { role, person: person.clone() })?;
        let from = c.roles.get(index).map_or(date, |a| a.from);
        if date <= from {
            return Err(RegistryError::RoleDate { role, date, from });
        }
        if let Some(a) = self.clusters.get_mut(cluster).and_then(|c| c.roles.get_mut(index)) {
            a.until = Some(date);
            self.index.end_role(cluster, index, a);
        }
        Ok(None)
    }
}
