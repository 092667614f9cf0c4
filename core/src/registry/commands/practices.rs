//! A practice's details: capacities (MEM-CAPACITY), patients (MEM-PATIENTS), name, clinic
//! address and e-mail (MEM-DETAILS), and its municipality; each change dated.

use chrono::NaiveDate;

use super::few;
use crate::dates::check_year;
use crate::ids::Ydernummer;
use crate::registry::Registry;
use crate::registry::error::RegistryError;
use crate::registry::history::PracticeChange;
use crate::registry::members::{ConfirmationMail, check_detail};
use crate::registry::roles::{Action, Actor};
use crate::rule::Rule;

impl Registry {
    /// GOV-RIGHTS: a member practice edits its own details; the coordinator and co-coordinator
    /// of a cluster the practice is or was a member of edit any. A dated value (capacities,
    /// name, address, e-mail) holds from the command's date.
    pub(super) fn edit_practice(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        ydernummer: Ydernummer,
        change: &PracticeChange,
    ) -> Result<Option<ConfirmationMail>, RegistryError> {
        if !self.practices.contains_key(&ydernummer) {
            return Err(RegistryError::UnknownPractice { rule: Rule::GovRights, ydernummer });
        }
        let action =
            if actor.ydernummer == Some(ydernummer) { Action::EditOwnPractice } else { Action::EditOtherPractice };
        if !self.index.clusters_of(ydernummer).any(|c| self.may(actor, c, action, date)) {
            // The message names a few of the clusters, however many the practice was in.
            return Err(RegistryError::Refused {
                rule: Rule::GovRights,
                actor: actor.to_string(),
                action,
                cluster: few(self.index.clusters_of(ydernummer).cloned()),
            });
        }
        let detail = match change {
            PracticeChange::Patients { year, .. } => {
                check_year(i64::from(*year), Rule::MemPatients)?;
                None
            }
            PracticeChange::Name(text) => Some(check_detail("name", text)?),
            PracticeChange::Address(text) => Some(check_detail("address", text)?),
            _ => None,
        };
        if let Some(p) = self.practices.get_mut(&ydernummer) {
            match change {
                PracticeChange::Capacities(c) => p.timeline.capacities.set(date, *c),
                PracticeChange::Patients { year, count } => {
                    p.patients.insert(*year, *count);
                }
                PracticeChange::Email(email) => p.timeline.email.set(date, email.clone()),
                PracticeChange::Name(_) => p.timeline.name.set(date, detail.flatten()),
                PracticeChange::Address(_) => p.timeline.address.set(date, detail.flatten()),
                PracticeChange::Municipality(m) => p.municipality = *m,
            }
            p.refresh();
        }
        Ok(None)
    }
}
