//! The examples live beside this file; see `grant_report.rs`.
