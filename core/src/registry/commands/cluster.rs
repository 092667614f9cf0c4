//! Creating a cluster (REG-AUTH, REG-FIELDS, REG-DOCS, REG-FOUNDER) and declaring it complete
//! (CMP-READY, CMP-ONCE).

use chrono::NaiveDate;

use super::open_from;
use crate::ids::ClusterId;
use crate::registry::Registry;
use crate::registry::cluster::{Cluster, Registration, current_documents, missing_documents};
use crate::registry::error::{CreateRefusal, RegistryError};
use crate::registry::members::{ConfirmationMail, Membership};
use crate::registry::roles::{Action, Actor, Credential, Role, RoleAssignment};
use crate::rule::Rule;

impl Registry {
    /// REG-AUTH, REG-FIELDS, REG-DOCS, REG-FOUNDER (MEM-LEAVE: not a closed ydernummer).
    pub(super) fn create_cluster(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        reg: &Registration,
    ) -> Result<Option<ConfirmationMail>, RegistryError> {
        let id = ClusterId::from(reg.cvr);
        let refused = |reason| RegistryError::CreateRefused { actor: actor.to_string(), cvr: id.to_string(), reason };
        if actor.credential != Credential::HealthProfessional {
            return Err(refused(CreateRefusal::PrivateCredential));
        }
        if actor.ydernummer.is_none() {
            return Err(refused(CreateRefusal::NoYdernummer));
        }
        if !actor.is(&reg.coordinator) {
            return Err(refused(CreateRefusal::NotTheCoordinator { coordinator: reg.coordinator.name.clone() }));
        }
        let founder = reg.coordinator.ydernummer.ok_or(RegistryError::CoordinatorYdernummer)?;
        if self.clusters.contains_key(&id) {
            return Err(RegistryError::CvrTaken { cvr: reg.cvr });
        }
        if reg.founded > date {
            return Err(RegistryError::FoundedAfterRegistration { founded: reg.founded, date });
        }
        if let Some(missing) = missing_documents(reg.founded, &reg.documents).into_iter().next() {
            return Err(missing.into());
        }
        self.check_not_closed(founder)?;
        let capacities = self.joining_capacities(founder, reg.founded, reg.coordinator_capacities)?;
        let period = open_from(reg.founded)?;
        self.check_overlap(founder, period, None)?;

        let membership = Membership {
            id: self.next_membership_id(),
            ydernummer: founder,
            cluster: id.clone(),
            period,
            transferred_from: None,
            reason: None,
        };
        self.enrol(founder, capacities, membership);
        let coordinator =
            RoleAssignment { role: Role::Coordinator, person: reg.coordinator.clone(), from: reg.founded, until: None };
        self.index.add_role(&id, 0, &coordinator);
        let documents = current_documents(reg.documents.clone());
        for document in &documents {
            self.index.add_document(&id, document.sha256());
        }
        self.clusters.insert(
            id.clone(),
            Cluster {
                id,
                cvr: reg.cvr,
                name: reg.name.clone(),
                municipality: reg.municipality,
                founded: reg.founded,
                registered: date,
                documents,
                roles: vec![coordinator],
                completed: None,
            },
        );
        Ok(None)
    }

    /// CMP-READY, CMP-ONCE.
    pub(super) fn complete(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        cluster: &ClusterId,
    ) -> Result<Option<ConfirmationMail>, RegistryError> {
        let c = self.find(cluster, Rule::CmpReady)?;
        self.authorize(actor, cluster, Action::Complete, date)?;
        if let Some(completed) = c.completed {
            return Err(RegistryError::AlreadyComplete { cluster: cluster.clone(), completed });
        }
        let checklist = self.checklist(cluster, date)?;
        if !checklist.is_ready() {
            return Err(RegistryError::NotReady { cluster: cluster.clone(), checklist });
        }
        if let Some(c) = self.clusters.get_mut(cluster) {
            c.completed = Some(date);
        }
        Ok(None)
    }
}
