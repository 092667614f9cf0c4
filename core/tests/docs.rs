//! The rule book in `docs/rules.md` and the code's `Rule` cannot drift apart: every rule has a
//! section headed by its id, every such section is a rule, in the same order; each section's
//! quote is the rule's statement word for word; and every module and test a section names
//! exists.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use klynge::Rule;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// One `### ID` section of the rule book: its id, its quote (lines joined by spaces) and the
/// rest of its text.
struct Section {
    id: String,
    quote: String,
    body: Vec<String>,
}

fn is_rule_id(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

fn sections() -> Vec<Section> {
    let text = fs::read_to_string(repository().join("docs/rules.md")).expect("docs/rules.md is readable");
    let mut sections: Vec<Section> = Vec::new();
    let mut open = false;
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("#") {
            let heading = heading.trim_start_matches('#').trim();
            open = line.starts_with("### ") && is_rule_id(heading);
            if open {
                sections.push(Section { id: heading.to_owned(), quote: String::new(), body: Vec::new() });
            }
            continue;
        }
        let Some(section) = sections.last_mut().filter(|_| open) else { continue };
        if let Some(quoted) = line.strip_prefix("> ") {
            if !section.quote.is_empty() {
                section.quote.push(' ');
            }
            section.quote.push_str(quoted.trim());
        } else {
            section.body.push(line.to_owned());
        }
    }
    sections
}

#[test]
fn every_rule_has_its_section_and_every_section_is_a_rule_in_order() {
    let documented: Vec<String> = sections().into_iter().map(|s| s.id).collect();
    let rules: Vec<String> = Rule::ALL.iter().map(|rule| rule.id().to_owned()).collect();
    let missing: Vec<&String> = rules.iter().filter(|id| !documented.contains(id)).collect();
    let unknown: Vec<&String> = documented.iter().filter(|id| id.parse::<Rule>().is_err()).collect();
    assert!(missing.is_empty(), "rules without a section in docs/rules.md: {missing:?}");
    assert!(unknown.is_empty(), "sections of docs/rules.md that are not rules: {unknown:?}");
    assert_eq!(documented, rules, "docs/rules.md lists the rules in the order of Rule::ALL, once each");
}

#[test]
fn every_section_quotes_its_rule_statement() {
    for section in sections() {
        let rule: Rule = section.id.parse().unwrap();
        assert_eq!(section.quote, rule.statement(), "the quote under ### {} in docs/rules.md", section.id);
    }
}

/// The texts between backticks on a line.
fn code_spans(line: &str) -> Vec<&str> {
    line.split('`').skip(1).step_by(2).collect()
}

/// Whether `source` defines a function `name` in Rust, Python or Kotlin.
fn defines(source: &str, name: &str) -> bool {
    ["fn ", "def ", "fun "].iter().any(|keyword| {
        source.match_indices(&format!("{keyword}{name}")).any(|(at, found)| {
            let after = source[at + found.len()..].chars().next();
            !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
    })
}

#[test]
fn every_module_and_test_named_exists() {
    let root = repository();
    for section in sections() {
        let mut modules = BTreeSet::new();
        let mut tests = 0;
        // The file of the test entry being read; a wrapped entry continues with its names.
        let mut file: Option<String> = None;
        for line in &section.body {
            let mut names = Vec::new();
            if let Some(rest) = line.strip_prefix("- Enforced in:") {
                // Each entry names the function that applies the rule: `core/src/file.rs::function`.
                for entry in code_spans(rest) {
                    let (path, function) = entry
                        .split_once("::")
                        .unwrap_or_else(|| panic!("{}: {entry} names no function (file.rs::function)", section.id));
                    let source = fs::read_to_string(root.join(path))
                        .unwrap_or_else(|_| panic!("{}: the module {path} does not exist", section.id));
                    assert!(defines(&source, function), "{}: {path} has no function {function}", section.id);
                    modules.insert(entry.to_owned());
                }
            } else if let Some(entry) = line.strip_prefix("  - ") {
                let spans = code_spans(entry);
                let (first, rest) = spans.split_first().expect("a test entry names its file first");
                file = Some((*first).to_owned());
                names.extend(rest);
            } else if line.starts_with("    ") && file.is_some() {
                names.extend(code_spans(line));
            } else {
                file = None;
            }
            if let Some(file) = &file {
                let source = fs::read_to_string(root.join(file))
                    .unwrap_or_else(|_| panic!("{}: the test file {file} does not exist", section.id));
                for name in names {
                    assert!(defines(&source, name), "{}: {file} has no test {name}", section.id);
                    tests += 1;
                }
            }
        }
        assert!(!modules.is_empty(), "{}: docs/rules.md names no function enforcing it", section.id);
        assert!(tests > 0, "{}: docs/rules.md names no test of it", section.id);
    }
}
