//! REG-PDF and REG-DOCS: documents attached to a cluster.
//!
//! The library keeps a document's kind, file name, size and SHA-256 fingerprint; the bytes
//! are the host's to store.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::problem::Explain;
use crate::rule::Rule;

/// What a document is (REG-DOCS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Minutes of the founding general assembly (*referat af stiftende generalforsamling*).
    FoundingMinutes,
    /// The cluster's statutes (*vedtægter*).
    Statutes,
    /// PLO's cluster rules (*klyngeregler*), which may stand in for statutes from 2023-04-01.
    ClusterRules,
    /// Anything else the coordinator attaches.
    Other,
}

crate::problem::codes!(DocumentKind, "kind", Rule::RegDocs, ("a document kind", "en dokumenttype"), {
    FoundingMinutes = "founding_minutes",
    Statutes = "statutes",
    ClusterRules = "cluster_rules",
    Other = "other",
});

impl DocumentKind {
    /// What the kind is, in English, for messages.
    pub const fn name_en(self) -> &'static str {
        match self {
            DocumentKind::FoundingMinutes => "founding-assembly minutes",
            DocumentKind::Statutes => "statutes",
            DocumentKind::ClusterRules => "cluster rules",
            DocumentKind::Other => "other document",
        }
    }

    /// What the kind is, in Danish, for messages.
    pub const fn name_da(self) -> &'static str {
        match self {
            DocumentKind::FoundingMinutes => "referatet af den stiftende generalforsamling",
            DocumentKind::Statutes => "vedtægterne",
            DocumentKind::ClusterRules => "klyngereglerne",
            DocumentKind::Other => "det andet dokument",
        }
    }
}

/// A document is not acceptable (REG-PDF).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// The file is empty.
    #[error("the document {file_name:?} is empty")]
    Empty {
        /// The file name.
        file_name: String,
    },
    /// The bytes do not start with `%PDF-`.
    #[error("the document {file_name:?} is not a PDF (it does not start with %PDF-)")]
    NotPdf {
        /// The file name.
        file_name: String,
    },
    /// Larger than [`Document::MAX_BYTES`].
    #[error("the document {file_name:?} has {size} bytes, more than the {max} allowed", max = Document::MAX_BYTES)]
    TooLarge {
        /// The file name.
        file_name: String,
        /// Its size in bytes.
        size: u64,
    },
    /// The file name is empty or longer than 255 characters.
    #[error("a document needs a file name of 1 to 255 characters")]
    FileName,
    /// A stored fingerprint is not 64 hexadecimal digits.
    #[error("a SHA-256 fingerprint is 64 hexadecimal digits")]
    Fingerprint,
}

impl Explain for DocumentError {
    fn rule(&self) -> Rule {
        Rule::RegPdf
    }

    fn message_en(&self) -> String {
        self.to_string()
    }

    fn message_da(&self) -> String {
        match self {
            DocumentError::Empty { file_name } => format!("dokumentet {file_name:?} er tomt"),
            DocumentError::NotPdf { file_name } => {
                format!("dokumentet {file_name:?} er ikke en PDF (det begynder ikke med %PDF-)")
            }
            DocumentError::TooLarge { file_name, size } => {
                format!("dokumentet {file_name:?} fylder {size} bytes, mere end de tilladte {}", Document::MAX_BYTES)
            }
            DocumentError::FileName => "et dokument skal have et filnavn på 1 til 255 tegn".into(),
            DocumentError::Fingerprint => "et SHA-256-fingeraftryk er 64 hexadecimale cifre".into(),
        }
    }
}

/// A PDF attached to a cluster: kind, file name, size and SHA-256 fingerprint (REG-PDF).
///
/// ```
/// use klynge::{Document, DocumentKind};
/// let minutes = Document::from_pdf(DocumentKind::FoundingMinutes, "referat.pdf", b"%PDF-1.7 ...")?;
/// assert_eq!(minutes.size(), 12);
/// assert!(Document::from_pdf(DocumentKind::Statutes, "x.pdf", b"hello").is_err());
/// # Ok::<(), klynge::DocumentError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawDocument", into = "RawDocument")]
pub struct Document {
    kind: DocumentKind,
    file_name: String,
    size: u64,
    sha256: [u8; 32],
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    kind: DocumentKind,
    file_name: String,
    size: u64,
    sha256: String,
}

impl Document {
    /// REG-PDF (*policy*): the largest document accepted, 20 MiB.
    pub const MAX_BYTES: u64 = 20 * 1024 * 1024;

    /// Checks the bytes (non-empty, `%PDF-`, at most 20 MiB) and fingerprints them.
    pub fn from_pdf(kind: DocumentKind, file_name: &str, bytes: &[u8]) -> Result<Self, DocumentError> {
        let file_name = Self::check_file_name(file_name)?;
        let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        if bytes.is_empty() {
            return Err(DocumentError::Empty { file_name });
        }
        if size > Self::MAX_BYTES {
            return Err(DocumentError::TooLarge { file_name, size });
        }
        if !bytes.starts_with(b"%PDF-") {
            return Err(DocumentError::NotPdf { file_name });
        }
        Ok(Document { kind, file_name, size, sha256: Sha256::digest(bytes).into() })
    }

    fn check_file_name(file_name: &str) -> Result<String, DocumentError> {
        let name = file_name.trim();
        if name.is_empty() || name.chars().count() > 255 || name.chars().any(char::is_control) {
            return Err(DocumentError::FileName);
        }
        Ok(name.to_owned())
    }

    /// What the document is.
    pub fn kind(&self) -> DocumentKind {
        self.kind
    }

    /// Its file name.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// Its size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Its SHA-256 fingerprint.
    pub fn sha256(&self) -> [u8; 32] {
        self.sha256
    }

    /// Its SHA-256 fingerprint as 64 lower-case hexadecimal digits.
    pub fn sha256_hex(&self) -> String {
        self.sha256.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl TryFrom<RawDocument> for Document {
    type Error = DocumentError;

    fn try_from(raw: RawDocument) -> Result<Self, DocumentError> {
        let file_name = Document::check_file_name(&raw.file_name)?;
        if raw.size == 0 {
            return Err(DocumentError::Empty { file_name });
        }
        if raw.size > Document::MAX_BYTES {
            return Err(DocumentError::TooLarge { file_name, size: raw.size });
        }
        let hex = raw.sha256.as_bytes();
        if hex.len() != 64 {
            return Err(DocumentError::Fingerprint);
        }
        let mut sha256 = [0u8; 32];
        // Digit by digit: `u8::from_str_radix` would also take a sign (`+f`), which does not
        // write back as it was read.
        let digit = |b: u8| char::from(b).to_digit(16).ok_or(DocumentError::Fingerprint);
        for (byte, pair) in sha256.iter_mut().zip(hex.chunks_exact(2)) {
            let [high, low] = *pair else { return Err(DocumentError::Fingerprint) };
            *byte = u8::try_from(digit(high)? * 16 + digit(low)?).map_err(|_| DocumentError::Fingerprint)?;
        }
        Ok(Document { kind: raw.kind, file_name, size: raw.size, sha256 })
    }
}

impl From<Document> for RawDocument {
    fn from(doc: Document) -> Self {
        let sha256 = doc.sha256_hex();
        RawDocument { kind: doc.kind, file_name: doc.file_name, size: doc.size, sha256 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reg_pdf_checks_magic_size_and_emptiness() {
        let ok = Document::from_pdf(DocumentKind::Statutes, " v.pdf ", b"%PDF-1.4\n").unwrap();
        assert_eq!(ok.file_name(), "v.pdf");
        assert_eq!(ok.sha256_hex().len(), 64);
        assert!(matches!(Document::from_pdf(DocumentKind::Statutes, "v.pdf", b""), Err(DocumentError::Empty { .. })));
        assert!(matches!(
            Document::from_pdf(DocumentKind::Statutes, "v.pdf", b"GIF89a"),
            Err(DocumentError::NotPdf { .. })
        ));
        let mut big = b"%PDF-".to_vec();
        big.resize(usize::try_from(Document::MAX_BYTES).unwrap() + 1, b' ');
        assert!(matches!(
            Document::from_pdf(DocumentKind::Statutes, "v.pdf", &big),
            Err(DocumentError::TooLarge { .. })
        ));
        assert_eq!(Document::from_pdf(DocumentKind::Other, "", b"%PDF-").unwrap_err().rule(), Rule::RegPdf);
    }

    #[test]
    fn reg_pdf_fingerprint_round_trips() {
        let doc = Document::from_pdf(DocumentKind::FoundingMinutes, "r.pdf", b"%PDF-1.7 x").unwrap();
        let json = serde_json::to_string(&doc).unwrap();
        assert_eq!(serde_json::from_str::<Document>(&json).unwrap(), doc);
        let bad = json.replace(&doc.sha256_hex(), "zz");
        assert!(serde_json::from_str::<Document>(&bad).is_err());
    }
}
