//! CMP-READY: the completion checklist.

/// One checklist item (CMP-READY).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ChecklistItem {
    /// A stable code, e.g. "missing_minutes", "few_patients".
    pub item: String,
    pub rule: String,
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
        item: item.code().to_owned(),
        rule: item.rule().id().to_owned(),
        message_en: item.message_en(),
        message_da: item.message_da(),
    }
}
