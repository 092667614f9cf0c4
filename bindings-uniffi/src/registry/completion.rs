//! CMP-READY: the completion checklist.

use crate::codes::{ChecklistCode, Rule};

/// One checklist item (CMP-READY).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ChecklistItem {
    /// What the item is.
    pub item: ChecklistCode,
    pub rule: Rule,
    pub message_en: String,
    pub message_da: String,
}

/// CMP-READY: what blocks completion, and what only warns.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Checklist {
    pub ready: bool,
    pub blocking: Vec<ChecklistItem>,
    pub warnings: Vec<ChecklistItem>,
}

pub(crate) fn checklist_item(item: &klynge::ChecklistItem) -> ChecklistItem {
    use klynge::Explain;
    ChecklistItem {
        item: ChecklistCode::from(item),
        rule: item.rule().into(),
        message_en: item.message_en(),
        message_da: item.message_da(),
    }
}
