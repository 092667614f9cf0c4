package dk.klynge.tests

import dk.klynge.*
import java.time.LocalDate

/** Shared fixtures: people, documents, forms and scenarios. */
object Fixtures {
    val anne = Actor(person = "Anne Hansen", credential = Credential.HEALTH_PROFESSIONAL, ydernummer = "061654")
    val bent = Actor(person = "Bent Bo", credential = Credential.HEALTH_PROFESSIONAL, ydernummer = "070000")

    fun day(text: String): LocalDate = LocalDate.parse(text)

    fun pdf(kind: DocumentKind, seed: String): Document =
        documentFromPdf(kind, "$seed.pdf", "%PDF-1.7 $seed $kind".toByteArray())

    fun form(
        cvr: String = "12345674",
        coordinator: String = "Anne Hansen",
        ydernummer: String = "061654",
        founded: String = "2018-09-15",
    ) = RegistrationForm(
        cvr = cvr,
        name = "Klynge Nordfyn",
        coordinatorName = coordinator,
        coordinatorEmail = "anne@example.dk",
        coordinatorPhone = "+45 42 14 46 38",
        coordinatorYdernummer = ydernummer,
        coordinatorCapacities = 2L,
        municipality = "Nordfyns",
        founded = day(founded),
        documents = listOf(pdf(DocumentKind.FOUNDING_MINUTES, cvr), pdf(DocumentKind.STATUTES, cvr)),
    )

    /** A registry with cluster 12345674 (Anne, founded 2018-09-15). */
    fun registry(): Registry {
        val registry = Registry()
        registry.createCluster(anne, day("2018-10-01"), form())
        return registry
    }

    /** One cluster "k" founded 2018-09-15, completed as given, with the memberships given. */
    fun scenario(memberships: String, patients: String, completed: String? = "2019-01-20", rates: String = "[]"): String {
        val done = if (completed == null) "null" else "\"$completed\""
        return """{"clusters": [{"id": "k", "founded": "2018-09-15", "completed": $done}],
          "practices": [{"ydernummer": "000001", "capacities": 2}, {"ydernummer": "000002", "capacities": 1}],
          "memberships": $memberships, "patients": $patients, "rates": $rates}"""
    }

    fun member(yder: String, joined: String, left: String? = null): String {
        val l = if (left == null) "null" else "\"$left\""
        return """{"ydernummer": "$yder", "cluster": "k", "joined": "$joined", "left": $l, "by_transfer": false}"""
    }
}
