//! The main example's command line (docs/formats.md): formats, years, and exit status 2 with every
//! problem on standard error for a scenario that does not validate.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// `cargo test` builds the examples next to the test binaries: target/<profile>/examples/.
fn binary() -> PathBuf {
    example("grant_report")
}

fn example(name: &str) -> PathBuf {
    let deps = std::env::current_exe().unwrap().parent().unwrap().to_path_buf();
    let path = deps.parent().unwrap().join("examples").join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(path.exists(), "build the example first (cargo test builds it): {}", path.display());
    path
}

fn run(args: &[&str]) -> Output {
    Command::new(binary()).args(args).output().unwrap()
}

fn scenario_file(name: &str, text: &str) -> String {
    let path = std::env::temp_dir().join(format!("klynge-cli-{}-{name}.json", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn table_of_the_national_sample_shows_years_regions_and_clusters() {
    let out = run(&[]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Net per grant year and region (pending included), and the pending part"));
    assert!(text.contains("fees and claws: how many lines"));
    assert!(text.lines().last().unwrap().starts_with("all clusters"), "a totals row ends the table");
    assert!(text.contains("Hovedstaden") && text.contains("Denmark"));
    assert!(text.contains("Per cluster"));
    assert!(text.contains("116 clusters, 2000 practices"));
}

#[test]
fn json_is_the_grant_report_and_csv_has_one_row_per_line() {
    let json = run(&["--format", "json", "--years", "2022-2023"]);
    assert!(json.status.success());
    let report = klynge::GrantReport::from_json(std::str::from_utf8(&json.stdout).unwrap()).unwrap();
    assert_eq!((report.first_year(), report.last_year()), (2022, 2023));
    let csv = run(&["--format", "csv", "--years", "2022-2023"]);
    let rows = String::from_utf8(csv.stdout).unwrap().lines().count();
    assert_eq!(rows, report.len() + 1, "a header and one row per line");
}

#[test]
fn format_a_scenario_file_is_read_and_computed() {
    let path = scenario_file(
        "w2",
        r#"{"clusters": [{"id": "nordfyn", "founded": "2018-09-15", "completed": "2019-01-20"}],
            "practices": [{"ydernummer": "061654", "capacities": 2}],
            "memberships": [{"ydernummer": "061654", "cluster": "nordfyn", "joined": "2018-09-15", "left": null, "by_transfer": false}],
            "patients": [{"ydernummer": "061654", "year": 2022, "count": 3150}]}"#,
    );
    let out = run(&["--scenario", &path, "--years", "2022-2022", "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8(out.stdout).unwrap().contains("\"amount\": \"3528.00\""));
}

#[test]
fn format_a_bad_scenario_exits_2_with_every_problem() {
    let path = scenario_file(
        "bad",
        r#"{"clusters": [{"id": "X", "founded": "2018-01-01"}], "practices": [],
            "memberships": [{"ydernummer": "1", "cluster": "nope", "joined": "2018-01-01"}], "patients": [], "oops": 1}"#,
    );
    let out = run(&["--scenario", &path]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    for expected in ["oops", "clusters[0].id", "memberships[0].ydernummer", "memberships[0].cluster"] {
        assert!(err.contains(expected), "{expected} missing from:\n{err}");
    }
    assert!(out.stdout.is_empty());
}

#[test]
fn garbage_arguments_and_files_never_panic() {
    for args in [vec!["--years", "x"], vec!["--format", "pdf"], vec!["--nope"], vec!["--years", "2030-2020"]] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    let garbage = scenario_file("garbage", "\u{0}\u{1}{[");
    assert_eq!(run(&["--scenario", &garbage]).status.code(), Some(2));
    assert_eq!(run(&["--scenario", "/does/not/exist"]).status.code(), Some(1));
    let missing_rate = scenario_file(
        "rate",
        r#"{"clusters": [{"id": "k", "founded": "2018-01-01", "completed": null}],
            "practices": [{"ydernummer": "1", "capacities": 1}],
            "memberships": [{"ydernummer": "1", "cluster": "k", "joined": "2018-01-01"}],
            "patients": [{"ydernummer": "1", "year": 2018, "count": 5}]}"#,
    );
    let out = run(&["--scenario", &missing_rate]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("GR-RATE"));
}

#[test]
fn help_prints_every_option_and_exits_0() {
    let out = run(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for option in ["--scenario", "--years", "--format", "--output", "parquet"] {
        assert!(text.contains(option), "{option} missing from:\n{text}");
    }
}

#[test]
fn format_a_folder_of_csv_tables_is_a_scenario() {
    let folder = std::env::temp_dir().join(format!("klynge-cli-{}-tables", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let write = |name: &str, text: &str| std::fs::write(folder.join(name), text).unwrap();
    write("clusters.csv", "id,founded,completed\nnordfyn,2018-09-15,2019-01-20\n");
    write("practices.csv", "ydernummer,capacities\n061654,2\n");
    write("memberships.csv", "ydernummer,cluster,joined,left,by_transfer\n061654,nordfyn,2018-09-15,,\n");
    write("patients.csv", "ydernummer,year,count\n061654,2022,3150\n");
    let path = folder.to_string_lossy().into_owned();
    let out = run(&["--scenario", &path, "--years", "2022-2022", "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8(out.stdout).unwrap().contains("\"amount\": \"3528.00\""));
    write("patients.csv", "ydernummer,year,count\n061654,2022,lots\n");
    let out = run(&["--scenario", &path, "--years", "2022-2022"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("patients.csv:1:count: [MEM-PATIENTS] expected a whole number, found the text \"lots\""),
        "{err}"
    );
}

#[test]
fn format_parquet_holds_every_line_with_exact_money() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let path = std::env::temp_dir().join(format!("klynge-cli-{}-report.parquet", std::process::id()));
    let file = path.to_string_lossy().into_owned();
    let out = run(&["--years", "2022-2023", "--format", "parquet", "--output", &file]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report = klynge::sample::national().grants(2022, 2023).unwrap();
    let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    assert_eq!(reader.metadata().file_metadata().num_rows(), i64::try_from(report.len()).unwrap());
    let schema = reader.metadata().file_metadata().schema_descr();
    let names: Vec<&str> = schema.columns().iter().map(|c| c.name()).collect();
    assert_eq!(names, klynge::grants::REPORT_COLUMNS);
    let amount = schema.columns().iter().find(|c| c.name() == "amount").unwrap();
    assert_eq!(amount.logical_type_ref(), Some(&parquet::basic::LogicalType::decimal(2, 28)));
    assert_eq!(run(&["--format", "parquet"]).status.code(), Some(2), "parquet needs --output");
}

/// The calendar example, built beside the main one.
fn calendar(args: &[&str]) -> Output {
    let path = binary().with_file_name(format!("calendar{}", std::env::consts::EXE_SUFFIX));
    Command::new(path).args(args).output().unwrap()
}

#[test]
fn cal_events_the_calendar_example_prints_a_table_json_and_ics() {
    let table = calendar(&["--today", "2026-01-15", "--until", "2026-03-31", "--lang", "en"]);
    assert!(table.status.success(), "{}", String::from_utf8_lossy(&table.stderr));
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(
        text.contains("March 2026")
            && text.contains("registration deadline")
            && text.contains("net this month (payouts less repayments)")
    );
    let json = calendar(&["--today", "2026-01-15", "--until", "2026-03-31", "--format", "json"]);
    let events: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(events.as_array().unwrap().iter().all(|e| e["date"].as_str().unwrap() >= "2026-01-15"));
    let ics = calendar(&["--today", "2026-01-15", "--format", "ics"]);
    let ics = String::from_utf8(ics.stdout).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR") && ics.contains("Tilmeldingsfrist"));
    assert!(calendar(&["--help"]).status.success());
    for bad in [
        vec!["--today", "2026-1-5"],
        vec!["--today", "2026-01-15", "--until", "2025-01-01"],
        vec!["--today", "2026-01-15", "--lang", "de"],
    ] {
        let out = calendar(&bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(!out.stderr.is_empty());
    }
}

/// The reconcile example, built beside the main one.
fn reconcile(args: &[&str]) -> Output {
    let path = binary().with_file_name(format!("reconcile{}", std::env::consts::EXE_SUFFIX));
    Command::new(path).args(args).output().unwrap()
}

#[test]
fn rec_match_the_reconcile_example_shows_differences_with_their_lines() {
    let report = klynge::sample::national().grants(2022, 2023).unwrap();
    let first = report.expected_transfers().into_iter().next().unwrap();
    let statement = std::env::temp_dir().join(format!("klynge-cli-{}-statement.csv", std::process::id()));
    std::fs::write(
        &statement,
        format!("date,amount,text\n{},{},grant\n{},5.00,stray\n", first.due, first.amount, first.due),
    )
    .unwrap();
    let path = statement.to_string_lossy().into_owned();
    let cluster = first.cluster.to_string();
    let args = ["--statement", &path, "--cluster", &cluster, "--today", "2024-06-01", "--years", "2022-2023"];
    let out = reconcile(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("matched") && text.contains("UNEXPECTED 5.00 kr") && text.contains("MISSING"), "{text}");
    assert!(text.contains("line "), "the lines behind a missing transfer");
    let json = reconcile(&[&args[..], &["--format", "json"]].concat());
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["matched"].as_array().unwrap().len(), 1);
    std::fs::write(&statement, "date,amount\n2022-13-01,5\n").unwrap();
    let bad = reconcile(&args);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8(bad.stderr).unwrap().contains("statement:1:date: [REC-STATEMENT]"));
    assert!(reconcile(&["--help"]).status.success());
    assert_eq!(reconcile(&["--today", "2024-01-01"]).status.code(), Some(2), "--statement is required");
}

#[test]
fn every_example_prints_its_options_with_help_and_refuses_unknown_ones() {
    for name in ["grant_report", "calendar", "reconcile", "ledger", "adjust", "register_cluster", "health_cluster"] {
        let help = Command::new(example(name)).arg("--help").output().unwrap();
        assert!(help.status.success(), "{name} --help exits 0");
        let text = String::from_utf8(help.stdout).unwrap();
        assert!(text.starts_with(&format!("usage: {name}")), "{name} --help prints its usage: {text}");
        let wrong = Command::new(example(name)).arg("--no-such-option").output().unwrap();
        assert_eq!(wrong.status.code(), Some(2), "{name} refuses an unknown option");
    }
}

#[test]
fn the_tables_net_counts_pending_money_shows_it_beside_and_ends_with_totals() {
    let out = run(&["--years", "2024-2024"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let total = text.lines().last().unwrap();
    let amounts: Vec<&str> = total.split_whitespace().rev().take(4).collect();
    // pending, net, repaid, paid (read from the right): net = paid - repaid over every line,
    // pending included (docs/formats.md), the pending part beside it; net equals the JSON's.
    let kroner = |s: &str| s.replace(',', "").parse::<klynge::Dkk>().unwrap();
    let (pending, net, repaid, paid) = (kroner(amounts[0]), kroner(amounts[1]), kroner(amounts[2]), kroner(amounts[3]));
    assert_eq!(paid.checked_sub(repaid).unwrap(), net, "{total}");
    assert!(pending > klynge::Dkk::ZERO, "the sample has clusters not yet complete: {total}");
    let report = klynge::sample::national().grants(2024, 2024).unwrap();
    let json_net: klynge::Dkk = report.totals().map(|t| t.net).sum();
    let json_pending: klynge::Dkk = report.totals().map(|t| t.pending).sum();
    assert_eq!((net, pending), (json_net, json_pending), "one net everywhere: {total}");
}

/// A cluster founded in 2021, the year before the rule book's first rate: two practices, one of
/// which leaves within its first year.
const FOUNDED_2021: &str = r#"{
  "clusters": [{"id": "nord", "name": "Klynge Nord", "founded": "2021-06-01", "completed": "2022-01-20"}],
  "practices": [{"ydernummer": "000001", "capacities": 1}, {"ydernummer": "000002", "capacities": 2}],
  "memberships": [{"ydernummer": "000001", "cluster": "nord", "joined": "2021-06-01"},
                  {"ydernummer": "000002", "cluster": "nord", "joined": "2021-06-01", "left": "2022-03-15"}],
  "patients": [{"ydernummer": "000001", "year": 2021, "count": 1000}, {"ydernummer": "000002", "year": 2021, "count": 1000},
               {"ydernummer": "000001", "year": 2022, "count": 1000}, {"ydernummer": "000002", "year": 2022, "count": 1000}]
}"#;

#[test]
fn gr_rate_a_missing_rate_says_how_to_supply_one_and_rate_supplies_it() {
    let path = scenario_file("founded-2021", FOUNDED_2021);
    let out = run(&["--scenario", &path, "--years", "2021-2022"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("--rate 2021=1.00") && err.contains("--years"), "{err}");
    let out = run(&["--scenario", &path, "--years", "2021-2022", "--rate", "2021=1.00", "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: klynge::GrantReport = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report.lines().any(|l| l.grant_year == 2021 && l.rate.map(|r| r.to_string()) == Some("1.00".into())));
    let out = run(&["--rate", "2021"]);
    assert_eq!(out.status.code(), Some(2), "YEAR=RATE is required");
}

#[test]
fn gr_rate_many_missing_counts_are_a_few_lines() {
    let out = run(&["--years", "2027-2027"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.lines().count() < 12, "{err}");
}

#[test]
fn the_calendar_runs_without_arguments_and_a_year_without_a_rate_is_left_out_with_its_fees_kept() {
    let out = Command::new(example("calendar")).output().unwrap();
    assert!(out.status.success(), "today is the default: {}", String::from_utf8_lossy(&out.stderr));
    let path = scenario_file("founded-2021-cal", FOUNDED_2021);
    let out = Command::new(example("calendar"))
        .args(["--scenario", &path, "--today", "2022-01-01", "--until", "2022-12-31", "--lang", "en"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("grants left out") && text.contains("no rate for grant year 2021"), "{text}");
    assert!(text.contains("repayment") && text.contains("repaid by the cluster to the region"), "{text}");
    assert!(!text.contains("payout                             -"), "a repayment is no payout: {text}");
}

#[test]
fn reconcile_reads_a_bank_export_as_it_is_and_expects_fees_of_a_year_without_a_rate() {
    let path = scenario_file("founded-2021-rec", FOUNDED_2021);
    let statement = std::env::temp_dir().join(format!("klynge-cli-{}-nordea.csv", std::process::id()));
    std::fs::write(
        &statement,
        "\u{feff}Bogføringsdato;Beløb;Afsender;Modtager;Navn;Beskrivelse;Saldo;Valuta;Afstemt;\n\
         Reserveret;-450,00;;;Kortkøb;Café;;DKK;;\n\
         2022/02/01;32240,00;;;Region;Tilskud;32240,00;DKK;;\n",
    )
    .unwrap();
    let out = Command::new(example("reconcile"))
        .args(["--scenario", &path, "--statement", statement.to_str().unwrap(), "--dialect", "danish-bank"])
        .args(["--cluster", "nord", "--today", "2022-06-01", "--years", "2021-2022", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["matched"].as_array().unwrap().len(), 1, "{json}");
    assert_eq!(json["left_out"][0]["grant_year"], 2021);
    assert_eq!(json["left_out"][0]["missing_rate"], true);
}

/// W7 of the rule book: cluster k, founded 2022-01-01, completed 2022-02-01, one practice of 1
/// capacity and 2,000 patients each year.
const W7: &str = r#"{"clusters": [{"id": "k", "founded": "2022-01-01", "completed": "2022-02-01"}],
 "practices": [{"ydernummer": "000001", "capacities": 1}],
 "memberships": [{"ydernummer": "000001", "cluster": "k", "joined": "2022-01-01"}],
 "patients": [{"ydernummer": "000001", "year": 2022, "count": 2000}, {"ydernummer": "000001", "year": 2023, "count": 2000},
              {"ydernummer": "000001", "year": 2024, "count": 2000}, {"ydernummer": "000001", "year": 2025, "count": 2000}]}"#;

#[test]
fn w7_led_the_ledger_example_answers_can_we_afford_it_in_its_table_and_json() {
    let scenario = scenario_file("w7", W7);
    let spendings = std::env::temp_dir().join(format!("klynge-cli-{}-spendings.csv", std::process::id()));
    std::fs::write(
        &spendings,
        "date,kind,payee,amount,hours,status\n2023-06-10,meeting,Hotel Fyn,1250.00,,paid\n\
         2024-11-10,consultant,Konsulent A/S,,1.5,paid\n2025-02-15,refund,Anne Hansen,25000.00,,requested\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        Command::new(example("ledger"))
            .args(["--scenario", &scenario, "--spendings", spendings.to_str().unwrap(), "--today", "2025-02-15"])
            .args(["--cluster", "k"])
            .args(extra)
            .output()
            .unwrap()
    };
    let table = run(&[]);
    assert!(table.status.success(), "{}", String::from_utf8_lossy(&table.stderr));
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(text.contains("balance on 15 February 2025: 21,121.97 kr"), "{text}");
    assert!(text.contains("NOT covered: short by 3,878.03 kr; covered from 1 March 2025"), "{text}");
    assert!(text.contains("15,630.00 kr"), "{text}");
    let json: serde_json::Value = serde_json::from_slice(&run(&["--format", "json"]).stdout).unwrap();
    assert_eq!(json["years"][1]["closing"], "15630.00");
    let bad = std::env::temp_dir().join(format!("klynge-cli-{}-bad-spendings.csv", std::process::id()));
    std::fs::write(&bad, "date,kind,payee,amount,status\n2023-13-01,party,,x,maybe\n").unwrap();
    let out = Command::new(example("ledger"))
        .args([
            "--scenario",
            &scenario,
            "--spendings",
            bad.to_str().unwrap(),
            "--today",
            "2025-02-15",
            "--cluster",
            "k",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("klynge-cli-") && err.contains(":1:kind: [LED-SPENDING]"), "{err}");
}

#[test]
fn w8_adj_the_adjust_example_says_why_the_cluster_got_less() {
    let paid_scenario = r#"{"clusters": [{"id": "c", "founded": "2018-09-15", "completed": "2019-01-20"}],
     "practices": [{"ydernummer": "000001", "capacities": 2}, {"ydernummer": "000002", "capacities": 1}],
     "memberships": [{"ydernummer": "000001", "cluster": "c", "joined": "2018-09-15"}, {"ydernummer": "000002", "cluster": "c", "joined": "2022-03-01"}],
     "patients": [{"ydernummer": "000001", "year": 2022, "count": 3000}, {"ydernummer": "000002", "year": 2022, "count": 1800}]}"#;
    let owed_scenario =
        paid_scenario.replace(r#""joined": "2022-03-01"}"#, r#""joined": "2022-03-01", "left": "2022-12-31"}"#);
    let paid =
        run(&["--scenario", &scenario_file("w8-paid", paid_scenario), "--years", "2022-2022", "--format", "json"]);
    assert!(paid.status.success());
    let paid_file = std::env::temp_dir().join(format!("klynge-cli-{}-w8-paid-report.json", std::process::id()));
    std::fs::write(&paid_file, &paid.stdout).unwrap();
    let out = Command::new(example("adjust"))
        .args(["--paid", paid_file.to_str().unwrap(), "--scenario", &scenario_file("w8-owed", &owed_scenario)])
        .args(["--today", "2023-06-15"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("due on 2023-06-15: the cluster repays 10,005.53 kr to the region"), "{text}");
    assert!(text.contains("because days 306 -> 305"), "{text}");
    let bad = Command::new(example("adjust"))
        .args([
            "--paid",
            &scenario_file("not-a-report", "{}"),
            "--owed",
            paid_file.to_str().unwrap(),
            "--today",
            "2023-06-15",
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn sweep_reads_its_variants_from_json_and_names_every_wrong_key() {
    let out = Command::new(example("sweep"))
        .args(["--variants", concat!(env!("CARGO_MANIFEST_DIR"), "/data/variants.json"), "--years", "2025"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("4 variants, grant years 2025-2025"), "{text}");
    assert!(text.contains(r#"{"rates":{"2025":"4.00"},"startup_fee_per_capacity":"12000.00"}"#), "{text}");
    let wrong = scenario_file("variants", r#"[{"rate": {"2025": "3.65"}}, {"rates": {"2025": 3.65}}]"#);
    let out = Command::new(example("sweep")).args(["--variants", &wrong]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("variants[0].rate: [SW-VARIANTS] unknown key \"rate\""), "{err}");
    assert!(err.contains("variants[1].rates[2025]: [GR-RATE] a rate is written as text"), "{err}");
}
