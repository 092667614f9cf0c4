//! FORMAT: the fast and the careful JSON reader give the same answer. Every text, valid or
//! not, is read by both (`Scenario::from_json`, which takes the fast path where it can, and
//! `Scenario::from_json_carefully`): the same scenario, or the same problems, at 1,000 cases of
//! scenarios written in many ways, with wrong values, and with random edits of their text.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use klynge::Scenario;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// A small scenario as JSON values: 1-3 clusters, 1-6 practices, memberships, counts, rates.
fn scenario() -> impl Strategy<Value = Value> {
    (1usize..4, 1usize..7, proptest::collection::vec((0usize..6, 0usize..3, 0u32..2000, proptest::option::of(1u32..900), any::<bool>()), 0..8), any::<bool>())
        .prop_map(|(clusters, practices, memberships, policy)| {
            let day = |n: u32| {
                let d = chrono::NaiveDate::from_ymd_opt(2018, 1, 1).unwrap() + chrono::Days::new(u64::from(n));
                d.to_string()
            };
            let clusters: Vec<Value> = (0..clusters)
                .map(|k| json!({"id": format!("k{k}"), "name": format!("Klynge {k}"), "founded": day(k as u32 * 30), "completed": if k == 1 { Value::Null } else { json!(day(200)) }}))
                .collect();
            let practices: Vec<Value> = (0..practices).map(|p| json!({"ydernummer": format!("{:06}", p + 1), "capacities": p % 3 + 1})).collect();
            let members: Vec<Value> = memberships
                .iter()
                .map(|(p, k, joined, length, transfer)| {
                    let left = length.map(|l| json!(day(joined + l))).unwrap_or(Value::Null);
                    json!({"ydernummer": format!("{:06}", p + 1), "cluster": format!("k{k}"), "joined": day(*joined), "left": left, "by_transfer": transfer})
                })
                .collect();
            let patients: Vec<Value> = (0..6).flat_map(|p| (2022..2025).map(move |y| json!({"ydernummer": format!("{:06}", p + 1), "year": y, "count": 1000 + p * 7 + y}))).collect();
            json!({
                "clusters": clusters, "practices": practices, "memberships": members, "patients": patients,
                "rates": [{"year": 2021, "rate": "1.00"}],
                "policy": if policy { json!({"clawback_on_transfer": true}) } else { Value::Null },
            })
        })
}

/// One change to a value somewhere in the scenario: another type, an unknown key, a value that
/// does not check, an escape, a float, a big number.
fn mutate(value: &mut Value, choice: usize, what: usize) {
    let replacements = [
        json!(1.5),
        json!("x"),
        json!(null),
        json!(true),
        json!([1]),
        json!({"a": 1}),
        json!(-3),
        json!(18446744073709551615u64),
        json!("2023-02-30"),
        json!("06165\u{34}"),
        json!("line\nbreak"),
        json!(""),
        json!(0),
    ];
    let sections = ["clusters", "practices", "memberships", "patients", "rates"];
    let section = sections[choice % sections.len()];
    let Some(list) = value.get_mut(section).and_then(Value::as_array_mut) else { return };
    if list.is_empty() {
        return;
    }
    let len = list.len();
    let item = &mut list[choice / sections.len() % len];
    let Some(object) = item.as_object_mut() else { return };
    let keys: Vec<String> = object.keys().cloned().collect();
    match what % 4 {
        0 => {
            object.insert("unknown".into(), json!(1));
        }
        1 => {
            let key = &keys[what % keys.len()];
            object.remove(key);
        }
        _ => {
            let key = &keys[what % keys.len()];
            object.insert(key.clone(), replacements[what % replacements.len()].clone());
        }
    }
}

/// The value written with keys in another order and with or without whitespace.
fn write(value: &Value, pretty: bool, reverse: bool) -> String {
    fn reorder(value: &Value, reverse: bool) -> Value {
        match value {
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                if reverse {
                    entries.reverse();
                }
                let mut out = Map::new();
                for (k, v) in entries {
                    out.insert(k.clone(), reorder(v, reverse));
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(items.iter().map(|v| reorder(v, reverse)).collect()),
            other => other.clone(),
        }
    }
    let value = reorder(value, reverse);
    if pretty { serde_json::to_string_pretty(&value).unwrap() } else { serde_json::to_string(&value).unwrap() }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn format_fast_and_careful_json_readers_give_the_same_answer(
        value in scenario(),
        mutations in proptest::collection::vec((any::<usize>(), any::<usize>()), 0..3),
        pretty in any::<bool>(),
        reverse in any::<bool>(),
        edit in proptest::option::of((any::<usize>(), 0u8..6)),
    ) {
        let mut value = value;
        for (choice, what) in mutations {
            mutate(&mut value, choice, what);
        }
        let mut text = write(&value, pretty, reverse);
        if let Some((at, kind)) = edit {
            // A random edit of the text: a byte left out, doubled, or another in its place.
            let at = at % text.len();
            if text.is_char_boundary(at) && text.is_char_boundary(at + 1) {
                let replacement = [",", "\"", "{", "0", " ", "\\"][usize::from(kind)];
                text.replace_range(at..at + 1, replacement);
            }
        }
        prop_assert_eq!(Scenario::from_json(&text), Scenario::from_json_carefully(&text), "{}", text);
    }
}

#[test]
fn format_the_fast_path_reads_what_scenarios_are_written_as() {
    let national = klynge::sample::national().to_json();
    assert!(Scenario::json_fast_path_reads(&national));
    assert_eq!(Scenario::from_json(&national), Scenario::from_json_carefully(&national));
    let compact = serde_json::to_string(&serde_json::from_str::<Value>(&national).unwrap()).unwrap();
    assert!(Scenario::json_fast_path_reads(&compact));
    // Hand-written, with a wrong value: still the fast path, with the careful reader's problem.
    let wrong =
        r#"{"clusters": [{"id": "k", "founded": "2018-02-30"}], "practices": [], "memberships": [], "patients": []}"#;
    assert!(Scenario::json_fast_path_reads(wrong));
    let error = Scenario::from_json(wrong).unwrap_err();
    assert_eq!(Some(error), Scenario::from_json_carefully(wrong).err());
    // Whole numbers at and beyond the edges of 64 bits: the same problems both ways.
    for count in [
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "-9223372036854775809",
        "000",
        "-0",
        "99999999999999999999",
    ] {
        let text = format!(
            r#"{{"clusters": [], "practices": [{{"ydernummer": "000001", "capacities": {count}}}], "memberships": [], "patients": [{{"ydernummer": "000001", "year": 2022, "count": {count}}}]}}"#
        );
        assert_eq!(Scenario::from_json(&text), Scenario::from_json_carefully(&text), "{text}");
    }
    // What it leaves to the careful reader.
    for text in [
        r#"{"clusters": [{"id": "k\u0041", "founded": "2018-02-01"}], "practices": [], "memberships": [], "patients": []}"#,
        r#"{"clusters": [], "practices": [{"ydernummer": "000001", "capacities": 1.0}], "memberships": [], "patients": []}"#,
        r#"{"clusters": [], "practices": [], "memberships": [], "patients": [], "extra": 1}"#,
        r#"{"clusters": [], "practices": [], "memberships": []}"#,
        r#"{"clusters": [], "clusters": [], "practices": [], "memberships": [], "patients": []}"#,
        r#"{"clusters": [], "practices": [], "memberships": [], "patients": []} x"#,
        "\u{feff}{}",
    ] {
        assert!(!Scenario::json_fast_path_reads(text), "{text}");
        assert_eq!(Scenario::from_json(text), Scenario::from_json_carefully(text), "{text}");
    }
}

/// Patient counts after the first one read quickly are compared with its layout (the bytes
/// between its values); a count that departs from it, in a value or in a byte between them,
/// gives the careful reader's answer.
#[test]
fn format_counts_written_alike_are_read_by_their_layout_and_any_other_the_general_way() {
    let count = |y: &str, year: &str, n: &str| format!(r#"{{"ydernummer": "{y}", "year": {year}, "count": {n}}}"#);
    let practices: Vec<String> = (1..=6).map(|p| format!(r#"{{"ydernummer": "{p:06}", "capacities": 1}}"#)).collect();
    let counts: Vec<String> = (1..=6).map(|p| count(&format!("{p:06}"), "2022", &format!("{}", 100 + p))).collect();
    let edits = [
        ("000002", "2022", "0123"),
        ("000002", "2022", "0"),
        ("000002", "2022", "-5"),
        ("000002", "2022", "1e3"),
        ("000002", "2022", "12.0"),
        ("000002", "2022", "123456789012345678"),
        ("000002", "2022", "1234567890123456789"),
        ("000002", "2022", "99999999999999999999"),
        ("000002", "02022", "5"),
        ("000002", "1899", "5"),
        ("00002", "2022", "5"),
        ("0000002", "2022", "5"),
        ("00000a", "2022", "5"),
        ("000002", "2022", "5"),
        ("000001", "2022", "5"),
        ("000009", "2022", "5"),
    ];
    for (y, year, n) in edits {
        for at in [0, 1, 3, 5] {
            for spacing in [false, true] {
                let mut items = counts.clone();
                items[at] = count(y, year, n);
                if spacing {
                    items[at] = items[at].replace(": ", ":");
                }
                for (pretty, separator) in [(false, ", "), (false, ","), (true, ",")] {
                    let text = format!(
                        r#"{{"clusters": [], "practices": [{}], "memberships": [], "patients": [{}]}}"#,
                        practices.join(separator),
                        items.join(separator)
                    );
                    let text = if pretty {
                        serde_json::from_str::<Value>(&text).map_or(text, |v| serde_json::to_string_pretty(&v).unwrap())
                    } else {
                        text
                    };
                    assert_eq!(Scenario::from_json(&text), Scenario::from_json_carefully(&text), "{text}");
                }
            }
        }
    }
}

/// The long lists are read on two cores, split at a guess the first core confirms: a problem,
/// a wrong type or broken syntax anywhere (before the split, at it, after it) gives the
/// careful reader's answer.
#[test]
fn format_a_long_scenario_split_across_cores_reads_as_the_careful_reader_reads_it() {
    let national = klynge::sample::national().to_json();
    let value: Value = serde_json::from_str(&national).unwrap();
    let patients = value["patients"].as_array().unwrap().len();
    let memberships = value["memberships"].as_array().unwrap().len();
    let mut cases = 0;
    for (section, len) in [("patients", patients), ("memberships", memberships)] {
        for at in [0, len / 3, len / 2 - 1, len / 2, len / 2 + 1, 2 * len / 3, len - 1] {
            for bad in [json!(-1), json!(1.5)] {
                let mut changed = value.clone();
                let item = changed[section][at].as_object_mut().unwrap();
                let key = if section == "patients" { "count" } else { "joined" };
                item.insert(key.into(), bad.clone());
                // Written with and without whitespace, in turn.
                let text = if at % 2 == 0 {
                    serde_json::to_string_pretty(&changed).unwrap()
                } else {
                    serde_json::to_string(&changed).unwrap()
                };
                assert_eq!(Scenario::from_json(&text), Scenario::from_json_carefully(&text), "{section}[{at}] = {bad}");
                cases += 1;
            }
        }
    }
    // Broken text at many places of the long text.
    let step = national.len() / 37;
    for at in (1..37).map(|i| i * step) {
        let mut text = national.clone();
        if text.is_char_boundary(at) && text.is_char_boundary(at + 1) {
            text.replace_range(at..at + 1, "}");
            assert_eq!(Scenario::from_json(&text), Scenario::from_json_carefully(&text), "at {at}");
            cases += 1;
        }
    }
    assert!(cases > 50);
}

/// A valid scenario of `practices` practices, the first `memberships` of them members of one
/// cluster, with `patients` counts each.
fn long_scenario(practices: u32, memberships: u32, patients: i32) -> Value {
    let ydernummer = |n: u32| format!("{:06}", n + 1);
    json!({
        "clusters": [{"id": "k", "founded": "2018-01-01"}],
        "practices": (0..practices).map(|n| json!({"ydernummer": ydernummer(n), "capacities": 1 + n % 3})).collect::<Vec<_>>(),
        "memberships": (0..memberships)
            .map(|n| json!({"ydernummer": ydernummer(n), "cluster": "k", "joined": "2018-01-01", "left": null, "by_transfer": false}))
            .collect::<Vec<_>>(),
        "patients": (0..memberships)
            .flat_map(|n| (0..patients).map(move |y| json!({"ydernummer": ydernummer(n), "year": 2018 + y, "count": 1000 + n})))
            .collect::<Vec<_>>(),
        "rates": [{"year": 2022, "rate": "1.12"}],
        "policy": {"clawback_on_transfer": false},
    })
}

/// The split of a long text between the cores falls wherever the middle of the text is: in the
/// patients, the memberships or the practices, or in no long list at all, as the lists stand in
/// the text. Written in several orders, with and without whitespace, long scenarios read as the
/// careful reader reads them, also with a problem in any item about the middle.
#[test]
fn format_the_split_reads_as_the_careful_reader_in_every_list() {
    let national: Value = serde_json::from_str(&klynge::sample::national().to_json()).unwrap();
    let cases = [
        (national.clone(), ["clusters", "practices", "memberships", "patients", "rates", "policy"]),
        (national.clone(), ["patients", "memberships", "practices", "clusters", "policy", "rates"]),
        // The middle in the memberships, and in the practices.
        (long_scenario(6000, 6000, 0), ["clusters", "practices", "memberships", "patients", "rates", "policy"]),
        (long_scenario(20000, 10, 1), ["memberships", "practices", "clusters", "patients", "rates", "policy"]),
        // The middle in the clusters: no split.
        (long_scenario(10, 10, 1), ["practices", "memberships", "patients", "rates", "policy", "clusters"]),
    ];
    let mut compared = 0;
    for (n, (value, order)) in cases.into_iter().enumerate() {
        let mut map = Map::new();
        for key in order {
            map.insert(key.into(), value[key].clone());
        }
        if n == 4 {
            let clusters = (0..12000).map(|i| json!({"id": format!("c{i}"), "founded": "2018-01-01"})).collect();
            map.insert("clusters".into(), Value::Array(clusters));
        }
        let value = Value::Object(map);
        let text = if n % 2 == 0 {
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            serde_json::to_string(&value).unwrap()
        };
        assert!(text.len() > 600_000, "{n}: {}", text.len());
        assert!(Scenario::json_fast_path_reads(&text), "{order:?}");
        assert_eq!(Scenario::from_json(&text), Scenario::from_json_carefully(&text), "{order:?}");
        // A wrong first value (a minus before its first digit) in each item about the middle.
        let middle = text.len() / 2;
        for start in (middle - 300..middle + 300).filter(|at| text.as_bytes()[*at] == b'{') {
            let digit = start + text[start..].find(|c: char| c.is_ascii_digit()).unwrap();
            let mut wrong = text.clone();
            wrong.insert(digit, '-');
            assert!(Scenario::from_json(&wrong).is_err());
            assert_eq!(Scenario::from_json(&wrong), Scenario::from_json_carefully(&wrong), "{order:?} at {digit}");
            compared += 1;
        }
    }
    // Items each valid on their own, wrong together (a count given twice, a practice not listed):
    // problems the cross-checks find, naming the items' indices, on either side of the split.
    let patients = national["patients"].as_array().unwrap().len();
    for at in [10, patients / 2 - 50, patients / 2 + 50, patients - 1] {
        let mut changed = national.clone();
        let list = changed["patients"].as_array_mut().unwrap();
        let copy = list[at].clone();
        list.insert(at, copy);
        list[at + 1 - at % 2]["ydernummer"] = json!("999999");
        let text = serde_json::to_string_pretty(&changed).unwrap();
        assert!(Scenario::from_json(&text).is_err());
        assert_eq!(Scenario::from_json(&text), Scenario::from_json_carefully(&text), "at {at}");
    }
    assert!(compared > 20);
}

#[test]
fn format_a_byte_order_mark_before_the_json_is_ignored() {
    // Windows editors save "UTF-8 with BOM"; the mark is not part of the JSON (RFC 8259).
    let bom = |text: &str| format!("\u{feff}{text}");
    let scenario = klynge::sample::national();
    let text = scenario.to_json();
    assert_eq!(Scenario::from_json(&bom(&text)).unwrap(), scenario);
    assert_eq!(Scenario::from_json_carefully(&bom(&text)).unwrap(), scenario);
    let report = scenario.grants(2022, 2022).unwrap();
    assert_eq!(klynge::GrantReport::from_json(&bom(&report.to_json())).unwrap(), report);
    let variants = r#"[{"clawback_on_transfer": true}]"#;
    assert_eq!(
        klynge::grants::Variant::list_from_json(&bom(variants)).unwrap(),
        klynge::grants::Variant::list_from_json(variants).unwrap()
    );
    let spendings =
        r#"[{"date": "2025-01-10", "kind": "meeting", "payee": "Anne", "amount": "1250.00", "status": "paid"}]"#;
    let read = |text: &str| klynge::ledger::Spendings::from_json(text, Some("nordfyn".parse().unwrap()));
    assert_eq!(read(&bom(spendings)).unwrap().to_json(), read(spendings).unwrap().to_json());
    // Only at the start: a mark elsewhere is not whitespace.
    assert!(Scenario::from_json(&format!("{{\u{feff}{}", &text[1..])).is_err());
}

/// The helper thread is the process's: reads from several threads at once share it, wait for
/// one another's work on it, and each gets its own scenario.
#[test]
fn format_reads_from_several_threads_at_once_share_the_helper() {
    let national = klynge::sample::national();
    let json = national.to_json();
    let tables = klynge::sample::csv_tables(&national);
    std::thread::scope(|scope| {
        let readers: Vec<_> = (0..4)
            .map(|i| {
                let (json, tables) = (&json, &tables);
                scope.spawn(move || {
                    (0..3).all(|_| {
                        if i % 2 == 0 {
                            Scenario::from_json(json).is_ok_and(|s| s.to_json() == *json)
                        } else {
                            let [clusters, practices, memberships, patients, rates, policy] = tables;
                            let read = Scenario::from_tables(&klynge::ScenarioTables {
                                clusters: Some(clusters),
                                practices: Some(practices),
                                memberships: Some(memberships),
                                patients: Some(patients),
                                rates: Some(rates),
                                policy: Some(policy),
                            });
                            read.is_ok_and(|s| s.to_json() == *json)
                        }
                    })
                })
            })
            .collect();
        for reader in readers {
            assert!(reader.join().unwrap());
        }
    });
}
