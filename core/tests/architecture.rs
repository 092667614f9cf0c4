//! The modules depend one way (docs/architecture.md): no module of the core reaches, through
//! `crate::` paths in its code, a module that reaches back to it.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Each top-level module of `core/src` with the top-level modules its code (comments left out)
/// names through `crate::` paths.
fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph = BTreeMap::new();
    for entry in fs::read_dir(&src).unwrap_or_else(|e| panic!("{e}")) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
        if name == "lib" || name == "geography_data" {
            continue;
        }
        let mut files = Vec::new();
        let mut stack = vec![path];
        while let Some(p) = stack.pop() {
            if p.is_dir() {
                stack.extend(
                    fs::read_dir(&p)
                        .unwrap_or_else(|e| panic!("{e}"))
                        .map(|e| e.unwrap_or_else(|e| panic!("{e}")).path()),
                );
            } else if p.extension().is_some_and(|e| e == "rs") {
                files.push(p);
            }
        }
        let mut uses = BTreeSet::new();
        for file in files {
            let text = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
            for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for (at, _) in line.match_indices("crate::") {
                    let rest = &line[at + "crate::".len()..];
                    let module: String = rest.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                    if !module.is_empty() && module != name {
                        uses.insert(module);
                    }
                }
            }
        }
        graph.insert(name, uses);
    }
    graph
}

#[test]
fn no_module_depends_on_one_that_depends_on_it() {
    let graph = dependencies();
    // Depth-first search for a cycle, reporting the first found.
    fn visit(
        module: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|m| m == module) {
            return Some(path[at..].iter().cloned().chain([module.to_owned()]).collect());
        }
        if done.contains(module) {
            return None;
        }
        path.push(module.to_owned());
        for next in graph.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(module.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        if let Some(cycle) = visit(module, &graph, &mut Vec::new(), &mut done) {
            panic!("the modules depend on each other: {}", cycle.join(" -> "));
        }
    }
}

#[test]
fn the_layers_are_as_docs_architecture_md_draws_them() {
    let graph = dependencies();
    let uses = |a: &str, b: &str| graph.get(a).is_some_and(|d| d.contains(b));
    // scenario -> grants -> calendar / reconcile -> ledger; registry below scenario.
    assert!(uses("grants", "scenario") && !uses("scenario", "grants"));
    assert!(uses("calendar", "grants") && !uses("grants", "calendar"));
    assert!(uses("reconcile", "grants") && !uses("grants", "reconcile"));
    assert!(uses("scenario", "registry") && !uses("registry", "scenario"));
    for base in ["rule", "problem", "ids", "dates", "money", "geography"] {
        for upper in ["registry", "scenario", "grants", "calendar", "reconcile", "ledger", "health"] {
            assert!(!uses(base, upper), "{base} depends on {upper}");
        }
    }
}
