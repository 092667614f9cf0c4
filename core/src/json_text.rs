//! JSON text as files hold it.

/// `text` without the byte-order mark some editors put at the start of a UTF-8 file (Windows
/// Notepad's "UTF-8 with BOM"): it is not part of the JSON, and RFC 8259 lets a reader ignore
/// it, as the CSV readers do.
pub(crate) fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}
