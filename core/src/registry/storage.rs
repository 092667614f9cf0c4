//! GOV-LOG: a registry stored and read back. The stored form is the state and the history;
//! reading replays the history and checks that it gives the stored state, so a registry written
//! and read back loses nothing and a tampered state is refused.
//!
//! Registries stored before a rule kept more are read as the same history gives them today
//! ([`RegistryFile::upgrade`]).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Registry;
use super::cluster::{Cluster, current_documents};
use super::error::{RegistryError, StoredPart};
use super::history::Event;
use super::members::{Membership, Practice};
use crate::ids::{ClusterId, Ydernummer};

/// The stored form of a registry: its state and its history.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RegistryFile {
    clusters: BTreeMap<ClusterId, Cluster>,
    practices: BTreeMap<Ydernummer, Practice>,
    memberships: Vec<Membership>,
    history: Vec<Event>,
}

impl RegistryFile {
    /// Reads a state stored before these rules kept more, as its history gives it today:
    ///
    /// - REG-DOCS-CHANGE: a cluster holds one document of each kind; of several attached of one
    ///   kind, the last replaced the others (in the first one's place);
    /// - MEM-LEAVE: an ended membership stored without a reason has the reason replaying its
    ///   history gives (`transferred` where a transfer continued it, otherwise `left`);
    /// - MEM-CAPACITY, MEM-DETAILS: the dated values are never stored; the replay's are taken.
    fn upgrade(&mut self, replayed: &Registry) {
        for cluster in self.clusters.values_mut() {
            cluster.documents = current_documents(std::mem::take(&mut cluster.documents));
        }
        for (stored, replayed) in self.memberships.iter_mut().zip(&replayed.memberships) {
            if stored.reason.is_none() && stored.period.left().is_some() {
                stored.reason = replayed.reason;
            }
        }
        for (ydernummer, practice) in &mut self.practices {
            if let Some(replayed) = replayed.practices.get(ydernummer) {
                practice.timeline = replayed.timeline.clone();
            }
        }
    }
}

impl TryFrom<RegistryFile> for Registry {
    type Error = RegistryError;

    /// GOV-LOG: replays the history and checks that it gives the stored state.
    fn try_from(mut file: RegistryFile) -> Result<Self, RegistryError> {
        let registry = Registry::replay(std::mem::take(&mut file.history))?;
        file.upgrade(&registry);
        let mismatch = |part| Err(RegistryError::ReplayMismatch(part));
        if registry.clusters != file.clusters {
            return mismatch(StoredPart::Clusters);
        }
        if registry.practices != file.practices {
            return mismatch(StoredPart::Practices);
        }
        if registry.memberships != file.memberships {
            return mismatch(StoredPart::Memberships);
        }
        Ok(registry)
    }
}

impl Registry {
    /// GOV-LOG: the registry that applying `events` in order gives.
    pub fn replay(events: impl IntoIterator<Item = Event>) -> Result<Self, RegistryError> {
        let mut registry = Registry::new();
        for (index, event) in events.into_iter().enumerate() {
            registry
                .apply(&event.actor, event.date, event.command)
                .map_err(|error| RegistryError::Replay { index, error: Box::new(error) })?;
        }
        Ok(registry)
    }
}
