//! REG-PDF, REG-DOCS: the documents attached to a cluster.

use crate::error::{KlyngeError, explained};
use klynge::{Problem, Rule};

/// What a document is (REG-DOCS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum DocumentKind {
    /// Minutes of the founding general assembly.
    FoundingMinutes,
    /// The statutes.
    Statutes,
    /// PLO's cluster rules (stand in for statutes from 2023-04-01).
    ClusterRules,
    /// Anything else.
    Other,
}

/// A checked PDF (REG-PDF): kind, file name, size and SHA-256; the bytes stay with the host.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Document {
    /// What it is.
    pub kind: DocumentKind,
    /// Its file name.
    pub file_name: String,
    /// Its size in bytes.
    pub size: i64,
    /// Its SHA-256 fingerprint, 64 hex digits.
    pub sha256: String,
}

pub(crate) fn core_kind(kind: DocumentKind) -> klynge::DocumentKind {
    match kind {
        DocumentKind::FoundingMinutes => klynge::DocumentKind::FoundingMinutes,
        DocumentKind::Statutes => klynge::DocumentKind::Statutes,
        DocumentKind::ClusterRules => klynge::DocumentKind::ClusterRules,
        DocumentKind::Other => klynge::DocumentKind::Other,
    }
}

pub(crate) fn ffi_kind(kind: klynge::DocumentKind) -> DocumentKind {
    match kind {
        klynge::DocumentKind::FoundingMinutes => DocumentKind::FoundingMinutes,
        klynge::DocumentKind::Statutes => DocumentKind::Statutes,
        klynge::DocumentKind::ClusterRules => DocumentKind::ClusterRules,
        klynge::DocumentKind::Other => DocumentKind::Other,
    }
}

/// REG-PDF: checks a PDF's bytes and fingerprints them.
#[uniffi::export]
pub fn document_from_pdf(kind: DocumentKind, file_name: String, data: Vec<u8>) -> Result<Document, KlyngeError> {
    let doc = klynge::Document::from_pdf(core_kind(kind), &file_name, &data).map_err(|e| explained("document", &e))?;
    Ok(Document {
        kind,
        file_name: doc.file_name().to_owned(),
        size: crate::codes::count(doc.size()),
        sha256: doc.sha256_hex(),
    })
}

/// A host's document record back as the core's (checked on the way, REG-PDF).
pub(crate) fn core_document(doc: &Document) -> Result<klynge::Document, KlyngeError> {
    let value = serde_json::json!({
        "kind": core_kind(doc.kind).to_string(), "file_name": doc.file_name, "size": doc.size, "sha256": doc.sha256,
    });
    serde_json::from_value(value).map_err(|e| {
        KlyngeError::from(Problem::new(
            "documents",
            Rule::RegPdf,
            format!("not a checked document: {e}"),
            format!("ikke et kontrolleret dokument: {e}"),
        ))
    })
}
