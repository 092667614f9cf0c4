//! Health clusters (*sundhedsklynger*, docs/rules.md section 7): their composition at the
//! political and the professional/strategic level, their two co-chairs, and a region's health
//! cooperation committee (*sundhedssamarbejdsudvalg*, SSU).
//!
//! A composition is assembled freely ([`HealthCluster`], [`Ssu`] have public fields and serde)
//! and checked as a whole: [`HealthCluster::validate`] and [`Ssu::validate`] report every
//! violation at once (SK-VALIDATE), each with its rule id, where it is, whom it concerns, and
//! what is wrong in English and Danish.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::geography::{Municipality, Region};
use crate::problem::{Problem, ValidationErrors};
use crate::registry::roles::name_key;
use crate::rule::Rule;

mod ssu;

pub use ssu::Ssu;

/// What a seat is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SeatKind {
    /// The regional council chair (*regionsrådsformand*).
    RegionalCouncilChair,
    /// A member of the regional council (*regionsrådsmedlem*).
    RegionalCouncilMember,
    /// The mayor (*borgmester*) of a municipality.
    Mayor {
        /// The municipality.
        municipality: Municipality,
    },
    /// A deputy (*rådmand*/*fagborgmester*) in the stead of the mayor of a municipality.
    DeputyMayor {
        /// The municipality.
        municipality: Municipality,
    },
    /// A representative of the region or its hospital.
    RegionRepresentative {
        /// True for a representative of psychiatry.
        psychiatry: bool,
    },
    /// A representative of a municipality at the professional level.
    MunicipalityRepresentative {
        /// The municipality.
        municipality: Municipality,
    },
    /// A representative of general practice (*almen praksis*).
    GeneralPractice,
    /// A representative of patient and relatives' organisations.
    PatientRepresentative,
    /// A further member of the political level.
    Extra,
}

impl SeatKind {
    /// True for the kinds that belong at the political level.
    pub fn is_political(self) -> bool {
        matches!(
            self,
            SeatKind::RegionalCouncilChair
                | SeatKind::RegionalCouncilMember
                | SeatKind::Mayor { .. }
                | SeatKind::DeputyMayor { .. }
                | SeatKind::Extra
        )
    }

    fn name_en(self) -> String {
        match self {
            SeatKind::RegionalCouncilChair => "regional council chair".into(),
            SeatKind::RegionalCouncilMember => "regional council member".into(),
            SeatKind::Mayor { municipality } => format!("mayor of {municipality}"),
            SeatKind::DeputyMayor { municipality } => format!("deputy for the mayor of {municipality}"),
            SeatKind::RegionRepresentative { psychiatry: true } => "region/hospital representative (psychiatry)".into(),
            SeatKind::RegionRepresentative { psychiatry: false } => "region/hospital representative".into(),
            SeatKind::MunicipalityRepresentative { municipality } => format!("representative of {municipality}"),
            SeatKind::GeneralPractice => "general-practice representative".into(),
            SeatKind::PatientRepresentative => "patient and relatives' representative".into(),
            SeatKind::Extra => "extra member".into(),
        }
    }

    fn name_da(self) -> String {
        match self {
            SeatKind::RegionalCouncilChair => "regionsrådsformand".into(),
            SeatKind::RegionalCouncilMember => "regionsrådsmedlem".into(),
            SeatKind::Mayor { municipality } => format!("borgmester i {municipality}"),
            SeatKind::DeputyMayor { municipality } => {
                format!("rådmand/fagborgmester i stedet for borgmesteren i {municipality}")
            }
            SeatKind::RegionRepresentative { psychiatry: true } => "repræsentant for region/sygehus (psykiatri)".into(),
            SeatKind::RegionRepresentative { psychiatry: false } => "repræsentant for region/sygehus".into(),
            SeatKind::MunicipalityRepresentative { municipality } => format!("repræsentant for {municipality}"),
            SeatKind::GeneralPractice => "repræsentant for almen praksis".into(),
            SeatKind::PatientRepresentative => "repræsentant for patient- og pårørendeorganisationer".into(),
            SeatKind::Extra => "supplerende medlem".into(),
        }
    }
}

/// A seat and the person who holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seat {
    /// The holder's name.
    pub holder: String,
    /// What the seat is.
    #[serde(flatten)]
    pub kind: SeatKind,
}

impl Seat {
    /// A seat of `kind` held by `holder`.
    pub fn new(holder: &str, kind: SeatKind) -> Self {
        Seat { holder: holder.to_owned(), kind }
    }
}

/// SK-COCHAIR: the two co-chairs, by name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CoChairs {
    /// The regional co-chair: a regional council chair or member of the political level.
    pub regional: Option<String>,
    /// The municipal co-chair: one of the cluster's mayors, elected by the municipalities; also
    /// the cluster's member of the SSU.
    pub municipal: Option<String>,
}

/// A health cluster: a region, its hospital and one or more of its municipalities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthCluster {
    /// The cluster's name.
    pub name: String,
    /// Its region.
    pub region: Region,
    /// The participating municipalities, all in the region; a municipality may take part in
    /// several clusters.
    pub municipalities: Vec<Municipality>,
    /// The political level.
    pub political: Vec<Seat>,
    /// The professional/strategic level.
    pub professional: Vec<Seat>,
    /// The co-chairs.
    pub co_chairs: CoChairs,
}

/// How many seats of each kind a level has: counted once, so that every check is a lookup and
/// validating n seats takes about n log n, whatever the input.
type Tally = BTreeMap<SeatKind, usize>;

fn tally(seats: &[Seat]) -> Tally {
    let mut tally = Tally::new();
    for seat in seats {
        *tally.entry(seat.kind).or_default() += 1;
    }
    tally
}

fn seats_of(tally: &Tally, kind: SeatKind) -> usize {
    tally.get(&kind).copied().unwrap_or(0)
}

/// Collects violations.
struct Found(ValidationErrors);

impl Found {
    fn add(&mut self, rule: Rule, path: impl Into<String>, concerns: impl Into<String>, en: String, da: String) {
        self.0.push(Problem::new(path, rule, en, da).concerning(concerns));
    }

    /// `rule`: exactly `expected` seats of `kind` at `level` (`None`: at least `min`).
    fn count(&mut self, rule: Rule, level: &str, seats: &Tally, kind: SeatKind, expected: Count) {
        let n = seats_of(seats, kind);
        let (ok, en, da) = match expected {
            Count::Exactly(k) => (n == k, format!("exactly {k}"), format!("præcis {k}")),
            Count::AtLeast(k) => (n >= k, format!("at least {k}"), format!("mindst {k}")),
        };
        if !ok {
            self.add(
                rule,
                level,
                kind.name_en(),
                format!("the {level} level needs {en} {} seat(s), it has {n}", kind.name_en()),
                format!("{} niveau skal have {da} {}, det har {n}", level_da(level), kind.name_da()),
            );
        }
    }

    fn into_result(self) -> Result<(), ValidationErrors> {
        self.0.into_result(())
    }
}

#[derive(Clone, Copy)]
enum Count {
    Exactly(usize),
    AtLeast(usize),
}

fn level_da(level: &str) -> &'static str {
    match level {
        "political" => "det politiske",
        "professional" => "det faglige/strategiske",
        _ => "SSU'ets",
    }
}

fn same_person(a: &str, b: &str) -> bool {
    name_key(a) == name_key(b)
}

impl HealthCluster {
    /// SK-VALIDATE: every violation of SK-POLITICAL, SK-PROFESSIONAL and SK-COCHAIR at once.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut found = Found(ValidationErrors::new());
        self.check_frame(&mut found);
        let municipalities = self.distinct_municipalities();
        self.check_political(&mut found, &municipalities);
        self.check_professional(&mut found, &municipalities);
        self.check_co_chairs(&mut found);
        found.into_result()
    }

    /// The cluster's municipalities, each once, in the order first listed.
    fn distinct_municipalities(&self) -> Vec<Municipality> {
        let mut seen = BTreeSet::new();
        self.municipalities.iter().copied().filter(|m| seen.insert(*m)).collect()
    }

    /// The cluster itself: a name, one or more municipalities, each once and in the region.
    fn check_frame(&self, found: &mut Found) {
        if self.name.trim().is_empty() {
            found.add(
                Rule::SkValidate,
                "name",
                "the cluster",
                "a health cluster needs a name".into(),
                "en sundhedsklynge skal have et navn".into(),
            );
        }
        if self.municipalities.is_empty() {
            found.add(
                Rule::SkValidate,
                "municipalities",
                &self.name,
                "a health cluster has one or more municipalities".into(),
                "en sundhedsklynge har én eller flere kommuner".into(),
            );
        }
        let mut seen = BTreeSet::new();
        for (i, m) in self.municipalities.iter().enumerate() {
            if m.region() != self.region {
                found.add(
                    Rule::SkValidate,
                    format!("municipalities[{i}]"),
                    m.name(),
                    format!("{m} lies in {}, not in the cluster's region {}", m.region(), self.region),
                    format!("{m} ligger i {}, ikke i klyngens region {}", m.region(), self.region),
                );
            }
            if !seen.insert(*m) {
                found.add(
                    Rule::SkValidate,
                    format!("municipalities[{i}]"),
                    m.name(),
                    format!("{m} is listed twice"),
                    format!("{m} er opført to gange"),
                );
            }
        }
    }

    /// SK-POLITICAL: the regional council chair, at least one other regional council member,
    /// and for each municipality exactly one mayor or deputy in the mayor's stead; further
    /// (extra) members may be added.
    fn check_political(&self, found: &mut Found, municipalities: &[Municipality]) {
        let rule = Rule::SkPolitical;
        let listed: BTreeSet<Municipality> = municipalities.iter().copied().collect();
        let seats = tally(&self.political);
        found.count(rule, "political", &seats, SeatKind::RegionalCouncilChair, Count::Exactly(1));
        found.count(rule, "political", &seats, SeatKind::RegionalCouncilMember, Count::AtLeast(1));
        for m in municipalities {
            let n = seats_of(&seats, SeatKind::Mayor { municipality: *m })
                + seats_of(&seats, SeatKind::DeputyMayor { municipality: *m });
            if n != 1 {
                found.add(
                    rule,
                    "political",
                    m.name(),
                    format!("{m} needs exactly one mayor, or a deputy in the mayor's stead, at the political level; it has {n}"),
                    format!("{m} skal have præcis én borgmester, eller en rådmand/fagborgmester i stedet, på det politiske niveau; den har {n}"),
                );
            }
        }
        for (i, seat) in self.political.iter().enumerate() {
            let path = format!("political[{i}]");
            match seat.kind {
                SeatKind::Mayor { municipality } | SeatKind::DeputyMayor { municipality }
                    if !listed.contains(&municipality) =>
                {
                    found.add(
                        rule,
                        path,
                        &seat.holder,
                        format!("{} holds a seat for {municipality}, which is not in the cluster", seat.holder),
                        format!("{} har en plads for {municipality}, som ikke er med i klyngen", seat.holder),
                    );
                }
                kind if !kind.is_political() => found.add(
                    rule,
                    path,
                    &seat.holder,
                    format!("a {} seat belongs at the professional level", kind.name_en()),
                    format!("en plads som {} hører til på det faglige/strategiske niveau", kind.name_da()),
                ),
                _ => {}
            }
        }
    }

    /// SK-PROFESSIONAL: exactly 3 region/hospital representatives, at least one from
    /// psychiatry; exactly one per municipality; exactly 2 for general practice; exactly 2 for
    /// patient and relatives' organisations; nothing else.
    fn check_professional(&self, found: &mut Found, municipalities: &[Municipality]) {
        let rule = Rule::SkProfessional;
        let listed: BTreeSet<Municipality> = municipalities.iter().copied().collect();
        let seats = tally(&self.professional);
        let psychiatry = seats_of(&seats, SeatKind::RegionRepresentative { psychiatry: true });
        let region = psychiatry + seats_of(&seats, SeatKind::RegionRepresentative { psychiatry: false });
        if region != 3 {
            found.add(
                rule,
                "professional",
                "region/hospital representative",
                format!("the professional level needs exactly 3 region/hospital representatives, it has {region}"),
                format!("det faglige/strategiske niveau skal have præcis 3 repræsentanter for region/sygehus, det har {region}"),
            );
        }
        if psychiatry == 0 {
            found.add(
                rule,
                "professional",
                "psychiatry",
                "at least one region/hospital representative must come from psychiatry".into(),
                "mindst én repræsentant for region/sygehus skal komme fra psykiatrien".into(),
            );
        }
        for m in municipalities {
            found.count(
                rule,
                "professional",
                &seats,
                SeatKind::MunicipalityRepresentative { municipality: *m },
                Count::Exactly(1),
            );
        }
        found.count(rule, "professional", &seats, SeatKind::GeneralPractice, Count::Exactly(2));
        found.count(rule, "professional", &seats, SeatKind::PatientRepresentative, Count::Exactly(2));
        for (i, seat) in self.professional.iter().enumerate() {
            let path = format!("professional[{i}]");
            match seat.kind {
                SeatKind::MunicipalityRepresentative { municipality } if !listed.contains(&municipality) => found.add(
                    rule,
                    path,
                    &seat.holder,
                    format!("{} represents {municipality}, which is not in the cluster", seat.holder),
                    format!("{} repræsenterer {municipality}, som ikke er med i klyngen", seat.holder),
                ),
                kind if kind.is_political() => found.add(
                    rule,
                    path,
                    &seat.holder,
                    format!("a {} seat does not belong at the professional level", kind.name_en()),
                    format!("en plads som {} hører ikke til på det faglige/strategiske niveau", kind.name_da()),
                ),
                _ => {}
            }
        }
    }

    /// SK-COCHAIR: a regional co-chair who holds a regional council seat, and a municipal
    /// co-chair who is one of the cluster's mayors (a deputy does not qualify: the
    /// municipalities elect the co-chair among the mayors).
    fn check_co_chairs(&self, found: &mut Found) {
        let rule = Rule::SkCochair;
        let holds = |name: &str, ok: &dyn Fn(SeatKind) -> bool| {
            self.political.iter().any(|s| same_person(&s.holder, name) && ok(s.kind))
        };
        match &self.co_chairs.regional {
            None => found.add(
                rule,
                "co_chairs.regional",
                &self.name,
                "the cluster has no regional co-chair".into(),
                "klyngen har ingen regional medformand".into(),
            ),
            Some(name)
                if !holds(name, &|k| matches!(k, SeatKind::RegionalCouncilChair | SeatKind::RegionalCouncilMember)) =>
            {
                found.add(
                    rule,
                    "co_chairs.regional",
                    name,
                    format!("the regional co-chair {name} holds no regional council seat at the political level"),
                    format!("den regionale medformand {name} har ingen plads fra regionsrådet på det politiske niveau"),
                )
            }
            Some(_) => {}
        }
        match &self.co_chairs.municipal {
            None => found.add(
                rule,
                "co_chairs.municipal",
                &self.name,
                "the cluster has no municipal co-chair".into(),
                "klyngen har ingen kommunal medformand".into(),
            ),
            Some(name) if self.municipal_co_chair_seat().is_none() => found.add(
                rule,
                "co_chairs.municipal",
                name,
                format!("the municipal co-chair {name} is not one of the cluster's mayors"),
                format!("den kommunale medformand {name} er ikke en af klyngens borgmestre"),
            ),
            Some(_) => {}
        }
    }

    /// The mayor's seat held by the municipal co-chair, if the co-chair is one of the cluster's
    /// mayors.
    pub fn municipal_co_chair_seat(&self) -> Option<&Seat> {
        let name = self.co_chairs.municipal.as_deref()?;
        let listed: BTreeSet<&Municipality> = self.municipalities.iter().collect();
        self.political.iter().find(|s| {
            matches!(s.kind, SeatKind::Mayor { municipality } if listed.contains(&municipality))
                && same_person(&s.holder, name)
        })
    }
}

#[cfg(test)]
mod tests;
