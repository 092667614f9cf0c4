//! Documents: attaching (REG-DOCS, REG-PDF), replacing and removing (REG-DOCS-CHANGE).

use chrono::NaiveDate;

use crate::ids::ClusterId;
use crate::registry::Registry;
use crate::registry::cluster::missing_documents;
use crate::registry::documents::{Document, DocumentKind};
use crate::registry::error::RegistryError;
use crate::registry::members::ConfirmationMail;
use crate::registry::roles::{Action, Actor};
use crate::rule::Rule;

impl Registry {
    /// REG-DOCS, REG-PDF, REG-DOCS-CHANGE: a document of a kind the cluster holds replaces it
    /// (in its place); the same document twice is refused.
    pub(super) fn attach_document(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        cluster: &ClusterId,
        document: &Document,
    ) -> Result<Option<ConfirmationMail>, RegistryError> {
        self.find(cluster, Rule::RegDocs)?;
        self.authorize(actor, cluster, Action::ChangeDocuments, date)?;
        if self.index.has_document(cluster, document.sha256()) {
            return Err(RegistryError::DuplicateDocument { file_name: document.file_name().to_owned() });
        }
        if let Some(c) = self.clusters.get_mut(cluster) {
            match c.documents.iter_mut().find(|held| held.kind() == document.kind()) {
                Some(held) => {
                    self.index.remove_document(cluster, held.sha256());
                    *held = document.clone();
                }
                None => c.documents.push(document.clone()),
            }
            self.index.add_document(cluster, document.sha256());
        }
        Ok(None)
    }

    /// REG-DOCS-CHANGE: removes the cluster's document of `kind`, unless REG-DOCS would then
    /// find a required document missing.
    pub(super) fn remove_document(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        cluster: &ClusterId,
        kind: DocumentKind,
    ) -> Result<Option<ConfirmationMail>, RegistryError> {
        let c = self.find(cluster, Rule::RegDocsChange)?;
        self.authorize(actor, cluster, Action::ChangeDocuments, date)?;
        let Some(position) = c.documents.iter().position(|d| d.kind() == kind) else {
            return Err(RegistryError::NoDocument { kind });
        };
        let remaining: Vec<Document> = c.documents.iter().filter(|d| d.kind() != kind).cloned().collect();
        if let Some(missing) = missing_documents(c.founded, &remaining).into_iter().next() {
            return Err(RegistryError::RequiredDocument { kind, missing });
        }
        if let Some(c) = self.clusters.get_mut(cluster) {
            let removed = c.documents.remove(position);
            self.index.remove_document(cluster, removed.sha256());
        }
        Ok(None)
    }
}
