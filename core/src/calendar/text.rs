//! What the calendar's events say, in English and in Danish: amounts with thousands
//! separators (`3,528.00 kr`, `3.528,00 kr`) and days as people write them
//! (`1 March 2026`, `1. marts 2026`).

use chrono::{Datelike, NaiveDate};

use super::Unknown;
use crate::dates::{MONTHS_DA, MONTHS_EN};
use crate::grants::Payer;
use crate::money::Dkk;

/// The language of a calendar's texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// Danish (the default: the coordinators' own).
    #[default]
    Danish,
    /// English.
    English,
}

impl std::str::FromStr for Language {
    type Err = crate::problem::Problem;

    /// `da` or `en`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "da" => Ok(Language::Danish),
            "en" => Ok(Language::English),
            other => Err(crate::problem::Problem::new(
                "lang",
                crate::rule::Rule::CalIcs,
                format!("the language is da or en, not {}", crate::problem::quote(other)),
                format!("sproget er da eller en, ikke {}", crate::problem::quote(other)),
            )),
        }
    }
}

/// An amount with thousands separators and the currency: `-10,000.00 kr` / `-10.000,00 kr`.
pub fn kroner(amount: Dkk, language: Language) -> String {
    let text = amount.to_string();
    let (sign, digits) = text.strip_prefix('-').map_or(("", text.as_str()), |d| ("-", d));
    let (whole, ore) = digits.split_once('.').unwrap_or((digits, "00"));
    let (group, point) = match language {
        Language::English => (',', '.'),
        Language::Danish => ('.', ','),
    };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}{point}{ore} kr")
}

/// The name of `date`'s month.
pub fn month(date: NaiveDate, language: Language) -> &'static str {
    let months = match language {
        Language::English => &MONTHS_EN,
        Language::Danish => &MONTHS_DA,
    };
    months.get(date.month0() as usize).copied().unwrap_or("")
}

/// A day as people write it: `1 March 2026` / `1. marts 2026`.
pub fn day(date: NaiveDate, language: Language) -> String {
    match language {
        Language::English => format!("{} {} {}", date.day(), month(date, language), date.year()),
        Language::Danish => format!("{}. {} {}", date.day(), month(date, language), date.year()),
    }
}

fn payer(payer: Payer, language: Language) -> &'static str {
    match (payer, language) {
        (Payer::Region, Language::English) => "the region",
        (Payer::Region, Language::Danish) => "regionen",
        (Payer::Plo, _) => "PLO",
    }
}

/// At most five practices, and how many more.
fn listed(practices: &[crate::ids::Ydernummer], language: Language) -> String {
    let shown: Vec<String> = practices.iter().take(5).map(|p| p.to_string()).collect();
    let more = practices.len().saturating_sub(shown.len());
    match (more, language) {
        (0, _) => shown.join(", "),
        (more, Language::English) => format!("{} and {more} more", shown.join(", ")),
        (more, Language::Danish) => format!("{} og {more} flere", shown.join(", ")),
    }
}

impl Unknown {
    /// Why there is no amount.
    pub fn text(&self, language: Language) -> String {
        match (self, language) {
            (Unknown::Rate { year, practices }, Language::English) if practices.is_empty() => {
                format!("no rate for grant year {year} is known (GR-RATE)")
            }
            (Unknown::Rate { year, practices }, Language::Danish) if practices.is_empty() => {
                format!("ingen sats for tilskudsåret {year} kendes (GR-RATE)")
            }
            (Unknown::Rate { year, practices }, Language::English) => format!(
                "no rate for grant year {year} is known (GR-RATE), nor a group-1 patient count for practice {} (MEM-PATIENTS)",
                listed(practices, language)
            ),
            (Unknown::Rate { year, practices }, Language::Danish) => format!(
                "ingen sats for tilskudsåret {year} kendes (GR-RATE) og intet antal gruppe 1-patienter for praksis {} (MEM-PATIENTS)",
                listed(practices, language)
            ),
            (Unknown::Patients { year, practices }, Language::English) => format!(
                "no group-1 patient count for {year} is known for practice {} (MEM-PATIENTS)",
                listed(practices, language)
            ),
            (Unknown::Patients { year, practices }, Language::Danish) => format!(
                "intet antal gruppe 1-patienter for {year} kendes for praksis {} (MEM-PATIENTS)",
                listed(practices, language)
            ),
        }
    }
}

/// A cluster as a sentence names it: `cluster nordfyn` / `klynge nordfyn`, or its name alone
/// where the name says it is a cluster already (`Klynge Nordfyn (nordfyn)`, never
/// "klynge Klynge Nordfyn"); `capital` at the start of a sentence.
pub fn the_cluster(cluster: &str, language: Language, capital: bool) -> String {
    let named = cluster.get(..7).is_some_and(|start| start.eq_ignore_ascii_case("klynge "));
    match (named, language, capital) {
        (true, _, _) => cluster.to_owned(),
        (false, Language::English, false) => format!("cluster {cluster}"),
        (false, Language::English, true) => format!("Cluster {cluster}"),
        (false, Language::Danish, false) => format!("klynge {cluster}"),
        (false, Language::Danish, true) => format!("Klynge {cluster}"),
    }
}

/// A registration deadline (GR-ANNUAL-PLO).
pub fn deadline(language: Language, cluster: &str, year: i32, amount: Option<Dkk>, reason: Option<&Unknown>) -> String {
    let c = the_cluster(cluster, language, false);
    let stake = match (amount, reason, language) {
        (Some(amount), _, Language::English) => format!("At stake: {}.", kroner(amount, language)),
        (Some(amount), _, Language::Danish) => format!("Det drejer sig om {}.", kroner(amount, language)),
        (None, Some(reason), Language::English) => format!("What is at stake is not known: {}.", reason.text(language)),
        (None, Some(reason), Language::Danish) => format!("Beløbet kendes ikke: {}.", reason.text(language)),
        (None, None, _) => String::new(),
    };
    match language {
        Language::English => format!(
            "Registration deadline for grant year {year} in {c}: the practices that are members on this day count for the whole year (GR-ANNUAL-PLO). {stake}"
        ),
        Language::Danish => format!(
            "Tilmeldingsfrist for tilskudsåret {year} i {c}: de praksisser, der er medlemmer denne dag, tæller for hele året (GR-ANNUAL-PLO). {stake}"
        ),
    }
}

/// A payout (GR-PAYDATE, CMP-PAYOUT); a negative net is money the cluster repays.
pub fn payout(language: Language, cluster: &str, amount: Dkk, by: Payer, window: (NaiveDate, NaiveDate)) -> String {
    let (c, start) = (the_cluster(cluster, language, false), the_cluster(cluster, language, true));
    let (from, until) = (day(window.0, language), day(window.1, language));
    let arrival = match (by, language) {
        (Payer::Plo, Language::English) => "paid into the cluster's account at PLO on the day".to_owned(),
        (Payer::Plo, Language::Danish) => "indsættes på klyngens konto hos PLO samme dag".to_owned(),
        (Payer::Region, Language::English) => {
            format!("expected on the cluster's account {from} to {until} (CMP-PAYOUT)")
        }
        (Payer::Region, Language::Danish) => format!("forventes på klyngens konto {from} til {until} (CMP-PAYOUT)"),
    };
    let kr = kroner(amount.abs(), language);
    match (amount.is_negative(), language) {
        (false, Language::English) => {
            format!("Payout of {kr} from {} to {c} (GR-PAYDATE); {arrival}.", payer(by, language))
        }
        (false, Language::Danish) => {
            format!("Udbetaling af {kr} fra {} til {c} (GR-PAYDATE); {arrival}.", payer(by, language))
        }
        (true, Language::English) => {
            format!("{start} repays {kr} to {} (GR-CLAWBACK).", payer(by, language))
        }
        (true, Language::Danish) => {
            format!("{start} tilbagebetaler {kr} til {} (GR-CLAWBACK).", payer(by, language))
        }
    }
}

/// A first anniversary (GR-CLAWBACK, GR-TRANSFER).
pub fn anniversary(language: Language, cluster: &str, practice: &str, fee: Dkk, transfer_counts: bool) -> String {
    let c = the_cluster(cluster, language, false);
    let kr = kroner(fee, language);
    match (language, transfer_counts) {
        (Language::English, false) => format!(
            "First anniversary of practice {practice} in {c}: leaving before this day costs the startup fee of {kr} (GR-CLAWBACK); a move to another cluster does not count (GR-TRANSFER)."
        ),
        (Language::English, true) => format!(
            "First anniversary of practice {practice} in {c}: leaving before this day, a move to another cluster included, costs the startup fee of {kr} (GR-CLAWBACK, GR-TRANSFER)."
        ),
        (Language::Danish, false) => format!(
            "Etårsdag for praksis {practice} i {c}: udtræder praksis før denne dag, koster det opstartshonoraret på {kr} (GR-CLAWBACK); skift til en anden klynge tæller ikke (GR-TRANSFER)."
        ),
        (Language::Danish, true) => format!(
            "Etårsdag for praksis {practice} i {c}: udtræder praksis før denne dag, også ved skift til en anden klynge, koster det opstartshonoraret på {kr} (GR-CLAWBACK, GR-TRANSFER)."
        ),
    }
}

/// A cluster not yet complete (CMP-PAYOUT).
pub fn completion(language: Language, cluster: &str, held: Dkk) -> String {
    let start = the_cluster(cluster, language, true);
    let kr = kroner(held, language);
    match language {
        Language::English => format!(
            "{start} is not complete: {kr} due by today is held back until the coordinator declares completion (CMP-PAYOUT)."
        ),
        Language::Danish => format!(
            "{start} er ikke færdigmeldt: {kr}, der var forfaldent i dag, holdes tilbage, til koordinatoren færdigmelder klyngen (CMP-PAYOUT)."
        ),
    }
}

/// A cluster's annual grants of a grant year left out (CAL-EVENTS): why, and what is still
/// shown.
pub fn left_out(language: Language, cluster: &str, year: i32, reason: &Unknown) -> String {
    let c = the_cluster(cluster, language, false);
    match language {
        Language::English => format!(
            "The annual grants of grant year {year} in {c} are left out of this calendar: {}. Its startup fees and repayments are shown; supply what is missing to see the grants.",
            reason.text(language)
        ),
        Language::Danish => format!(
            "De årlige tilskud for tilskudsåret {year} i {c} er udeladt af denne kalender: {}. Opstartshonorarer og tilbagebetalinger vises; angiv det, der mangler, for at se tilskuddene.",
            reason.text(language)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cal_events_amounts_and_days_read_as_people_write_them() {
        let amount: Dkk = "-1234567.5".parse().unwrap_or_default();
        assert_eq!(kroner(amount, Language::English), "-1,234,567.50 kr");
        assert_eq!(kroner(amount, Language::Danish), "-1.234.567,50 kr");
        assert_eq!(kroner(Dkk::ZERO, Language::Danish), "0,00 kr");
        let date = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default();
        assert_eq!(day(date, Language::English), "1 March 2026");
        assert_eq!(day(date, Language::Danish), "1. marts 2026");
    }
}
