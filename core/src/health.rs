//! Health clusters (*sundhedsklynger*, docs/rules.md section 7): their composition at the
//! political and the professional/strategic level, their two co-chairs, and a region's health
//! cooperation committee (*sundhedssamarbejdsudvalg*, SSU).
//!
//! A composition is assembled freely ([`HealthCluster`], [`Ssu`] have public fields and serde)
//! and checked as a whole: [`HealthCluster::validate`] and [`Ssu::validate`] report every
//! violation at once (SK-VALIDATE), each with its rule id, where it is, whom it concerns, and
//! what is wrong in English and Danish.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::geography::{Municipality, Region};
use crate::rule::Rule;

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

/// One violation of a composition (SK-VALIDATE).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// The rule broken.
    pub rule: Rule,
    /// Where: `political`, `professional[2]`, `co_chairs.municipal`, `members` …
    pub path: String,
    /// Whom it concerns: a municipality, a person, a seat kind or the cluster.
    pub concerns: String,
    /// What is wrong, in English.
    pub message_en: String,
    /// What is wrong, in Danish.
    pub message_da: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: [{}] {} ({})", self.path, self.rule, self.message_en, self.concerns)
    }
}

/// Every violation of a composition, in the order found; never empty as an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Violations(pub Vec<Violation>);

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} violation(s)", self.0.len())?;
        for v in &self.0 {
            write!(f, "\n  {v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

impl crate::problem::Explain for Violations {
    /// SK-VALIDATE: every violation carries its own rule.
    fn rule(&self) -> Rule {
        Rule::SkValidate
    }

    fn message_en(&self) -> String {
        self.to_string()
    }

    fn message_da(&self) -> String {
        let mut text = format!("{} overtrædelse(r)", self.0.len());
        for v in &self.0 {
            text.push_str(&format!("\n  {}: [{}] {} ({})", v.path, v.rule, v.message_da, v.concerns));
        }
        text
    }
}

/// Collects violations.
struct Found(Vec<Violation>);

impl Found {
    fn add(&mut self, rule: Rule, path: impl Into<String>, concerns: impl Into<String>, en: String, da: String) {
        self.0.push(Violation { rule, path: path.into(), concerns: concerns.into(), message_en: en, message_da: da });
    }

    /// `rule`: exactly `expected` seats of `kind` at `level` (`None`: at least `min`).
    fn count(&mut self, rule: Rule, level: &str, seats: &[Seat], kind: SeatKind, expected: Count) {
        let n = seats.iter().filter(|s| s.kind == kind).count();
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

    fn into_result(self) -> Result<(), Violations> {
        if self.0.is_empty() { Ok(()) } else { Err(Violations(self.0)) }
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
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

impl HealthCluster {
    /// SK-VALIDATE: every violation of SK-POLITICAL, SK-PROFESSIONAL and SK-COCHAIR at once.
    pub fn validate(&self) -> Result<(), Violations> {
        let mut found = Found(Vec::new());
        self.check_frame(&mut found);
        self.check_political(&mut found);
        self.check_professional(&mut found);
        self.check_co_chairs(&mut found);
        found.into_result()
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
            if self.municipalities.iter().take(i).any(|earlier| earlier == m) {
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
    fn check_political(&self, found: &mut Found) {
        let rule = Rule::SkPolitical;
        found.count(rule, "political", &self.political, SeatKind::RegionalCouncilChair, Count::Exactly(1));
        found.count(rule, "political", &self.political, SeatKind::RegionalCouncilMember, Count::AtLeast(1));
        for m in &self.municipalities {
            let n = self
                .political
                .iter()
                .filter(|s| matches!(s.kind, SeatKind::Mayor { municipality } | SeatKind::DeputyMayor { municipality } if municipality == *m))
                .count();
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
                    if !self.municipalities.contains(&municipality) =>
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
    fn check_professional(&self, found: &mut Found) {
        let rule = Rule::SkProfessional;
        let seats = &self.professional;
        let region = seats.iter().filter(|s| matches!(s.kind, SeatKind::RegionRepresentative { .. })).count();
        if region != 3 {
            found.add(
                rule,
                "professional",
                "region/hospital representative",
                format!("the professional level needs exactly 3 region/hospital representatives, it has {region}"),
                format!("det faglige/strategiske niveau skal have præcis 3 repræsentanter for region/sygehus, det har {region}"),
            );
        }
        if !seats.iter().any(|s| s.kind == SeatKind::RegionRepresentative { psychiatry: true }) {
            found.add(
                rule,
                "professional",
                "psychiatry",
                "at least one region/hospital representative must come from psychiatry".into(),
                "mindst én repræsentant for region/sygehus skal komme fra psykiatrien".into(),
            );
        }
        for m in &self.municipalities {
            found.count(
                rule,
                "professional",
                seats,
                SeatKind::MunicipalityRepresentative { municipality: *m },
                Count::Exactly(1),
            );
        }
        found.count(rule, "professional", seats, SeatKind::GeneralPractice, Count::Exactly(2));
        found.count(rule, "professional", seats, SeatKind::PatientRepresentative, Count::Exactly(2));
        for (i, seat) in seats.iter().enumerate() {
            let path = format!("professional[{i}]");
            match seat.kind {
                SeatKind::MunicipalityRepresentative { municipality }
                    if !self.municipalities.contains(&municipality) =>
                {
                    found.add(
                        rule,
                        path,
                        &seat.holder,
                        format!("{} represents {municipality}, which is not in the cluster", seat.holder),
                        format!("{} repræsenterer {municipality}, som ikke er med i klyngen", seat.holder),
                    )
                }
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
        self.political.iter().find(|s| {
            same_person(&s.holder, name)
                && matches!(s.kind, SeatKind::Mayor { municipality } if self.municipalities.contains(&municipality))
        })
    }
}

/// SK-SSU: a region's health cooperation committee (*sundhedssamarbejdsudvalg*), which
/// replaced the PPU and SKU.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ssu {
    /// The region.
    pub region: Region,
    /// Its members.
    pub members: Vec<Seat>,
}

impl Ssu {
    /// SK-SSU, SK-VALIDATE: the regional council chair, exactly 2 more regional council members,
    /// and one mayor from each health cluster of the region, namely its municipal co-chair;
    /// nobody else. `clusters` may hold clusters of other regions; only the region's count.
    pub fn validate(&self, clusters: &[HealthCluster]) -> Result<(), Violations> {
        let rule = Rule::SkSsu;
        let mut found = Found(Vec::new());
        found.count(rule, "members", &self.members, SeatKind::RegionalCouncilChair, Count::Exactly(1));
        found.count(rule, "members", &self.members, SeatKind::RegionalCouncilMember, Count::Exactly(2));
        let ours: Vec<&HealthCluster> = clusters.iter().filter(|c| c.region == self.region).collect();
        let mut expected: BTreeMap<usize, &Seat> = BTreeMap::new();
        for cluster in &ours {
            match cluster.municipal_co_chair_seat() {
                None => found.add(
                    rule,
                    "members",
                    &cluster.name,
                    format!(
                        "the health cluster {} has no municipal co-chair among its mayors to send to the SSU",
                        cluster.name
                    ),
                    format!(
                        "sundhedsklyngen {} har ingen kommunal medformand blandt sine borgmestre at sende i SSU",
                        cluster.name
                    ),
                ),
                Some(seat) => {
                    match self.members.iter().position(|m| same_person(&m.holder, &seat.holder) && m.kind == seat.kind)
                    {
                        Some(i) => {
                            expected.insert(i, seat);
                        }
                        None => found.add(
                            rule,
                            "members",
                            &seat.holder,
                            format!("{}, municipal co-chair of {}, is not in the SSU", seat.holder, cluster.name),
                            format!("{}, kommunal medformand for {}, er ikke med i SSU", seat.holder, cluster.name),
                        ),
                    }
                }
            }
        }
        for (i, seat) in self.members.iter().enumerate() {
            let council = matches!(seat.kind, SeatKind::RegionalCouncilChair | SeatKind::RegionalCouncilMember);
            if !council && !expected.contains_key(&i) {
                found.add(
                    rule,
                    format!("members[{i}]"),
                    &seat.holder,
                    format!("{} ({}) is neither on the regional council nor a municipal co-chair of one of the region's health clusters", seat.holder, seat.kind.name_en()),
                    format!("{} ({}) er hverken medlem af regionsrådet eller kommunal medformand for en af regionens sundhedsklynger", seat.holder, seat.kind.name_da()),
                );
            }
        }
        found.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(name: &str) -> Municipality {
        name.parse().unwrap()
    }

    fn northern() -> HealthCluster {
        let towns = ["Hjørring", "Brønderslev", "Frederikshavn", "Læsø"];
        let mut political = vec![
            Seat::new("Rita Region", SeatKind::RegionalCouncilChair),
            Seat::new("Rolf Rådsmedlem", SeatKind::RegionalCouncilMember),
        ];
        political.extend(
            towns.iter().map(|t| Seat::new(&format!("Borgmester {t}"), SeatKind::Mayor { municipality: m(t) })),
        );
        let mut professional = vec![
            Seat::new("Sygehus A", SeatKind::RegionRepresentative { psychiatry: false }),
            Seat::new("Sygehus B", SeatKind::RegionRepresentative { psychiatry: false }),
            Seat::new("Psykiatri C", SeatKind::RegionRepresentative { psychiatry: true }),
            Seat::new("Læge 1", SeatKind::GeneralPractice),
            Seat::new("Læge 2", SeatKind::GeneralPractice),
            Seat::new("Patient 1", SeatKind::PatientRepresentative),
            Seat::new("Patient 2", SeatKind::PatientRepresentative),
        ];
        professional.extend(
            towns.iter().map(|t| {
                Seat::new(&format!("Direktør {t}"), SeatKind::MunicipalityRepresentative { municipality: m(t) })
            }),
        );
        HealthCluster {
            name: "Sundhedsklynge Nord".into(),
            region: Region::Nordjylland,
            municipalities: towns.iter().map(|t| m(t)).collect(),
            political,
            professional,
            co_chairs: CoChairs {
                regional: Some("Rita Region".into()), municipal: Some("Borgmester Hjørring".into())
            },
        }
    }

    #[test]
    fn sk_validate_a_composition_to_the_rules_is_valid() {
        assert_eq!(northern().validate(), Ok(()));
    }

    #[test]
    fn sk_political_each_municipality_needs_exactly_one_mayor_or_deputy() {
        let mut c = northern();
        c.political.retain(|s| s.kind != SeatKind::Mayor { municipality: m("Læsø") });
        c.political.push(Seat::new("Rådmand Læsø", SeatKind::DeputyMayor { municipality: m("Læsø") }));
        assert_eq!(c.validate(), Ok(()), "a deputy may sit in the mayor's stead");
        c.political.push(Seat::new("Borgmester Læsø", SeatKind::Mayor { municipality: m("Læsø") }));
        let v = c.validate().unwrap_err().0;
        assert_eq!(v.len(), 1);
        assert_eq!((v[0].rule, v[0].concerns.as_str()), (Rule::SkPolitical, "Læsø"));
        assert!(v[0].message_da.contains("Læsø"));
    }

    #[test]
    fn sk_political_extra_members_may_be_added_but_not_mayors_of_other_municipalities() {
        let mut c = northern();
        c.political.push(Seat::new("Ekstra", SeatKind::Extra));
        assert_eq!(c.validate(), Ok(()));
        c.political.push(Seat::new("Borgmester Aalborg", SeatKind::Mayor { municipality: m("Aalborg") }));
        let v = c.validate().unwrap_err().0;
        assert_eq!((v[0].rule, v[0].path.as_str()), (Rule::SkPolitical, "political[7]"));
    }

    #[test]
    fn sk_professional_needs_a_psychiatry_representative() {
        let mut c = northern();
        c.professional[2].kind = SeatKind::RegionRepresentative { psychiatry: false };
        let v = c.validate().unwrap_err().0;
        assert_eq!(v.len(), 1);
        assert_eq!((v[0].rule, v[0].concerns.as_str()), (Rule::SkProfessional, "psychiatry"));
    }

    #[test]
    fn sk_cochair_municipal_co_chair_is_a_mayor_and_regional_one_from_the_council() {
        let mut c = northern();
        c.co_chairs.municipal = Some("Læge 1".into());
        c.co_chairs.regional = None;
        let v = c.validate().unwrap_err().0;
        let rules: Vec<(&str, Rule)> = v.iter().map(|v| (v.path.as_str(), v.rule)).collect();
        assert_eq!(rules, vec![("co_chairs.regional", Rule::SkCochair), ("co_chairs.municipal", Rule::SkCochair)]);
    }

    #[test]
    fn sk_validate_municipalities_lie_in_the_region_and_several_clusters_may_share_one() {
        let mut c = northern();
        c.municipalities.push(m("Odense"));
        let v = c.validate().unwrap_err().0;
        assert!(v.iter().any(|v| v.rule == Rule::SkValidate && v.concerns == "Odense"));
        // København in two clusters is fine: each cluster validates on its own.
        let kbh = |name: &str| HealthCluster {
            name: name.into(),
            region: Region::Hovedstaden,
            municipalities: vec![m("København")],
            ..northern()
        };
        assert!(kbh("A").validate().unwrap_err().0.iter().all(|v| v.rule != Rule::SkValidate));
        assert!(kbh("B").validate().unwrap_err().0.iter().all(|v| v.rule != Rule::SkValidate));
    }

    #[test]
    fn sk_ssu_the_chair_two_members_and_each_clusters_municipal_co_chair() {
        let cluster = northern();
        let ssu = Ssu {
            region: Region::Nordjylland,
            members: vec![
                Seat::new("Rita Region", SeatKind::RegionalCouncilChair),
                Seat::new("Rolf Rådsmedlem", SeatKind::RegionalCouncilMember),
                Seat::new("Randi Rådsmedlem", SeatKind::RegionalCouncilMember),
                Seat::new("Borgmester Hjørring", SeatKind::Mayor { municipality: m("Hjørring") }),
            ],
        };
        assert_eq!(ssu.validate(std::slice::from_ref(&cluster)), Ok(()));
        let mut wrong = ssu.clone();
        wrong.members[3] = Seat::new("Borgmester Læsø", SeatKind::Mayor { municipality: m("Læsø") });
        wrong.members.remove(2);
        let v = wrong.validate(std::slice::from_ref(&cluster)).unwrap_err().0;
        let found: Vec<(Rule, &str)> = v.iter().map(|v| (v.rule, v.concerns.as_str())).collect();
        assert_eq!(
            found,
            vec![
                (Rule::SkSsu, "regional council member"),
                (Rule::SkSsu, "Borgmester Hjørring"),
                (Rule::SkSsu, "Borgmester Læsø"),
            ]
        );
    }

    #[test]
    fn sk_validate_round_trips_through_json() {
        let c = northern();
        let json = serde_json::to_string(&c).unwrap();
        assert!(json.contains(r#""kind":"mayor","municipality":"860""#), "{json}");
        assert_eq!(serde_json::from_str::<HealthCluster>(&json).unwrap(), c);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// A composition built to the rules: region, 1..5 of its municipalities, 1..3 regional
        /// council members, a mayor or deputy per municipality (the first always a mayor, the
        /// municipal co-chair), 0..3 extras, and the professional level as SK-PROFESSIONAL says.
        fn valid() -> impl Strategy<Value = HealthCluster> {
            (0usize..5, proptest::collection::vec(any::<bool>(), 1..6), 1usize..4, 0usize..3, 1usize..4, any::<bool>())
                .prop_map(|(r, deputies, members, extras, psychiatry, chair_is_co_chair)| {
                    let region = Region::ALL[r];
                    let towns: Vec<Municipality> = region.municipalities().take(deputies.len()).collect();
                    let mut political = vec![Seat::new("Chair", SeatKind::RegionalCouncilChair)];
                    political.extend(
                        (0..members).map(|i| Seat::new(&format!("Member {i}"), SeatKind::RegionalCouncilMember)),
                    );
                    for (i, (town, deputy)) in towns.iter().zip(&deputies).enumerate() {
                        let kind = if *deputy && i > 0 {
                            SeatKind::DeputyMayor { municipality: *town }
                        } else {
                            SeatKind::Mayor { municipality: *town }
                        };
                        political.push(Seat::new(&format!("Politician {}", town.code()), kind));
                    }
                    political.extend((0..extras).map(|i| Seat::new(&format!("Extra {i}"), SeatKind::Extra)));
                    let mut professional: Vec<Seat> = (0..3)
                        .map(|i| {
                            Seat::new(
                                &format!("Region {i}"),
                                SeatKind::RegionRepresentative { psychiatry: i < psychiatry },
                            )
                        })
                        .collect();
                    professional.extend(towns.iter().map(|t| {
                        Seat::new(
                            &format!("Official {}", t.code()),
                            SeatKind::MunicipalityRepresentative { municipality: *t },
                        )
                    }));
                    professional.extend((0..2).map(|i| Seat::new(&format!("GP {i}"), SeatKind::GeneralPractice)));
                    professional
                        .extend((0..2).map(|i| Seat::new(&format!("Patient {i}"), SeatKind::PatientRepresentative)));
                    let municipal = towns.first().map(|t| format!("Politician {}", t.code()));
                    let regional = Some(if chair_is_co_chair { "Chair".to_owned() } else { "Member 0".to_owned() });
                    HealthCluster {
                        name: format!("Klynge {}", region.name()),
                        region,
                        municipalities: towns,
                        political,
                        professional,
                        co_chairs: CoChairs { regional, municipal },
                    }
                })
        }

        fn found(c: &HealthCluster) -> Vec<(Rule, String)> {
            let mut v: Vec<(Rule, String)> = match c.validate() {
                Ok(()) => Vec::new(),
                Err(v) => v.0.into_iter().map(|v| (v.rule, v.concerns)).collect(),
            };
            v.sort();
            v
        }

        fn sorted(mut v: Vec<(Rule, String)>) -> Vec<(Rule, String)> {
            v.sort();
            v
        }

        proptest! {
            #[test]
            fn sk_validate_a_composition_built_to_the_rules_validates(c in valid()) {
                prop_assert_eq!(c.validate(), Ok(()));
            }

            #[test]
            fn sk_political_removing_one_seat_gives_exactly_the_expected_violation(c in valid(), pick in any::<prop::sample::Index>()) {
                let i = pick.index(c.political.len());
                let seat = c.political[i].clone();
                let mut without = c.clone();
                without.political.remove(i);
                let co_chair = |name: &Option<String>| name.as_deref() == Some(seat.holder.as_str());
                let mut expected = Vec::new();
                match seat.kind {
                    SeatKind::RegionalCouncilChair => expected.push((Rule::SkPolitical, seat.kind.name_en())),
                    SeatKind::RegionalCouncilMember
                        if !without.political.iter().any(|s| s.kind == SeatKind::RegionalCouncilMember) =>
                    {
                        expected.push((Rule::SkPolitical, seat.kind.name_en()));
                    }
                    SeatKind::Mayor { municipality } | SeatKind::DeputyMayor { municipality } => {
                        expected.push((Rule::SkPolitical, municipality.name().to_owned()));
                    }
                    _ => {}
                }
                if co_chair(&c.co_chairs.regional) || co_chair(&c.co_chairs.municipal) {
                    expected.push((Rule::SkCochair, seat.holder.clone()));
                }
                prop_assert_eq!(found(&without), sorted(expected));
            }

            #[test]
            fn sk_professional_removing_one_seat_gives_exactly_the_expected_violation(c in valid(), pick in any::<prop::sample::Index>()) {
                let i = pick.index(c.professional.len());
                let seat = c.professional[i].clone();
                let mut without = c.clone();
                without.professional.remove(i);
                let mut expected = Vec::new();
                match seat.kind {
                    SeatKind::RegionRepresentative { psychiatry } => {
                        expected.push((Rule::SkProfessional, "region/hospital representative".to_owned()));
                        let left = without.professional.iter().any(|s| s.kind == SeatKind::RegionRepresentative { psychiatry: true });
                        if psychiatry && !left {
                            expected.push((Rule::SkProfessional, "psychiatry".to_owned()));
                        }
                    }
                    kind => expected.push((Rule::SkProfessional, kind.name_en())),
                }
                prop_assert_eq!(found(&without), sorted(expected));
            }

            #[test]
            fn sk_validate_adding_one_required_seat_gives_exactly_the_expected_violation(c in valid(), pick in any::<prop::sample::Index>()) {
                let required: Vec<(bool, SeatKind)> = c.political.iter().map(|s| (true, s.kind))
                    .chain(c.professional.iter().map(|s| (false, s.kind)))
                    .filter(|(_, k)| !matches!(k, SeatKind::RegionalCouncilMember | SeatKind::Extra))
                    .collect();
                let (political, kind) = required[pick.index(required.len())];
                let mut with = c.clone();
                let extra = Seat::new("Newcomer", kind);
                let expected = match kind {
                    SeatKind::Mayor { municipality } | SeatKind::DeputyMayor { municipality } => (Rule::SkPolitical, municipality.name().to_owned()),
                    SeatKind::RegionRepresentative { .. } => (Rule::SkProfessional, "region/hospital representative".to_owned()),
                    kind if political => (Rule::SkPolitical, kind.name_en()),
                    kind => (Rule::SkProfessional, kind.name_en()),
                };
                if political { with.political.push(extra) } else { with.professional.push(extra) }
                prop_assert_eq!(found(&with), vec![expected]);
            }
        }
    }
}
