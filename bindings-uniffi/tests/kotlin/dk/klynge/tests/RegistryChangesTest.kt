package dk.klynge.tests

import dk.klynge.*
import dk.klynge.tests.Fixtures.anne
import dk.klynge.tests.Fixtures.bent
import dk.klynge.tests.Fixtures.day
import dk.klynge.tests.Fixtures.form
import dk.klynge.tests.Fixtures.pdf
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.math.BigDecimal

/** The register as the coordinator keeps it: REG-DOCS-CHANGE, MEM-LEAVE, MEM-CAPACITY, MEM-DETAILS, MEM-LIST. */
class RegistryChangesTest {
    private val cluster = "12345674"

    @Test
    fun regDocsChangeReplaceAndRemove() {
        val registry = Fixtures.registry()
        registry.attachDocument(anne, day("2024-05-01"), cluster, pdf(DocumentKind.STATUTES, "vedtaegter-2024"))
        val statutes = registry.documents(cluster).filter { it.kind == DocumentKind.STATUTES }
        assertEquals(listOf("vedtaegter-2024.pdf"), statutes.map { it.fileName })
        val before = registry.toJson()
        val error = assertThrows(KlyngeException.Refused::class.java) {
            registry.removeDocument(anne, day("2024-05-02"), cluster, DocumentKind.STATUTES)
        }
        assertEquals("REG-DOCS-CHANGE", error.rule)
        assertEquals("kind", error.field)
        assertTrue(error.messageDa.contains("vedhæft i stedet"), error.messageDa)
        assertEquals(before, registry.toJson())
        registry.attachDocument(anne, day("2024-05-02"), cluster, pdf(DocumentKind.OTHER, "budget"))
        registry.removeDocument(anne, day("2024-05-03"), cluster, DocumentKind.OTHER)
        assertEquals(listOf(DocumentKind.FOUNDING_MINUTES, DocumentKind.STATUTES), registry.documents(cluster).map { it.kind })
        assertThrows(KlyngeException.Refused::class.java) {
            registry.removeDocument(bent, day("2024-05-04"), cluster, DocumentKind.FOUNDING_MINUTES)
        }
    }

    @Test
    fun memLeaveWithEachReason() {
        val registry = Fixtures.registry()
        for (y in listOf("11", "12", "13")) registry.addMember(anne, day("2019-03-01"), cluster, y, null, 1L)
        registry.removeMember(anne, day("2020-01-01"), cluster, "11", LeaveReason.LEFT)
        registry.removeMember(anne, day("2020-01-01"), cluster, "12", LeaveReason.EXCLUDED)
        registry.removeMember(anne, day("2020-01-01"), cluster, "13", LeaveReason.CLOSED)
        val list = registry.memberList(cluster, day("2019-01-01"), day("2020-12-31"))
        val reasons = list.rows.associate { it.ydernummer to it.reason }
        assertEquals(
            mapOf("061654" to null, "000011" to EndReason.LEFT, "000012" to EndReason.EXCLUDED, "000013" to EndReason.CLOSED),
            reasons,
        )
        val error = assertThrows(KlyngeException.Refused::class.java) {
            registry.addMember(anne, day("2021-01-01"), cluster, "13", null, 1L)
        }
        assertEquals("MEM-LEAVE", error.rule)
        assertEquals("ydernummer", error.field)
        assertTrue(error.messageEn.contains("closed on 2020-01-01"), error.messageEn)
        // One who left may come back.
        registry.addMember(anne, day("2021-01-01"), cluster, "11", null, null)
    }

    @Test
    fun memCapacityChangesOnADate() {
        val registry = Fixtures.registry()
        registry.addMember(anne, day("2019-03-01"), cluster, "21", null, 1L)
        registry.setCapacities(anne, day("2020-08-01"), "21", 3L)
        assertEquals(1L, registry.practice("21", day("2020-07-31"))!!.capacities)
        assertEquals(3L, registry.practice("21", day("2020-08-01"))!!.capacities)
        assertNull(registry.practice("99", day("2020-08-01")))
        // The startup fee counts the joining day's capacity: 10,000 kr, not 30,000.
        registry.setPatients(anne, day("2019-03-01"), "21", 2019, 1000L)
        registry.setPatients(anne, day("2019-03-01"), "061654", 2019, 1000L)
        val forecast = registry.grantForecast(cluster, 2019, 2019, listOf(RateOverride(2019, BigDecimal("1.00"))))
        val fee = forecast.lines.first { it.ydernummer == "000021" && it.kind == LineKind.STARTUP_FEE }
        assertEquals(BigDecimal("10000.00"), fee.amount)
    }

    @Test
    fun memDetailsEditedAndCleared() {
        val registry = Fixtures.registry()
        registry.addMember(anne, day("2019-03-01"), cluster, "31", null, 1L)
        val own = Actor(person = "Dorte Læge", credential = Credential.HEALTH_PROFESSIONAL, ydernummer = "000031")
        registry.setName(own, day("2020-01-01"), "31", "  Lægerne i Bogense ")
        registry.setAddress(anne, day("2020-01-01"), "31", "Østergade 1, 5400 Bogense")
        val practice = registry.practice("31", day("2020-06-01"))!!
        assertEquals("Lægerne i Bogense", practice.name)
        assertEquals("Østergade 1, 5400 Bogense", practice.address)
        assertThrows(KlyngeException.Refused::class.java) { registry.setName(bent, day("2020-02-01"), "31", "Andet") }
        val tooLong = assertThrows(KlyngeException.Invalid::class.java) {
            registry.setAddress(own, day("2020-02-01"), "31", "x".repeat(201))
        }
        assertEquals("MEM-DETAILS", tooLong.rule)
        assertEquals("address", tooLong.field)
        registry.setName(own, day("2021-01-01"), "31", null)
        assertNull(registry.practice("31", day("2021-01-01"))!!.name)
        assertEquals("Lægerne i Bogense", registry.practice("31", day("2020-12-31"))!!.name)
    }

    @Test
    fun memListACoordinatorsYear() {
        val registry = Registry()
        registry.createCluster(anne, day("2025-02-10"), form(founded = "2025-02-01"))
        registry.addMember(anne, day("2025-03-01"), cluster, "51", null, 1L)
        registry.addMember(anne, day("2025-03-01"), cluster, "52", null, 2L)
        registry.addMember(anne, day("2025-03-01"), cluster, "53", null, 1L)
        val ida = Actor(person = "Ida Otterup", credential = Credential.HEALTH_PROFESSIONAL, ydernummer = "000051")
        registry.setName(ida, day("2025-03-02"), "51", "Lægehuset Otterup")
        registry.removeMember(anne, day("2025-06-01"), cluster, "52", LeaveReason.LEFT)
        registry.removeMember(anne, day("2025-09-01"), cluster, "53", LeaveReason.EXCLUDED)
        registry.setCapacities(anne, day("2025-10-01"), "51", 2L)
        registry.attachDocument(anne, day("2025-11-15"), cluster, pdf(DocumentKind.STATUTES, "vedtaegter-2025"))

        val list = registry.memberList(cluster, day("2026-01-31"), null)
        assertEquals(
            "ydernummer,name,address,email,capacities,joined,left,reason\n" +
                "061654,,,,2,2025-02-01,,\n" +
                "000051,Lægehuset Otterup,,,2,2025-03-01,,\n",
            list.csv,
        )
        assertEquals(listOf(2L, 2L), list.rows.map { it.capacities })
        val year = registry.memberList(cluster, day("2025-01-01"), day("2025-12-31"))
        assertEquals(listOf(null, null, EndReason.LEFT, EndReason.EXCLUDED), year.rows.map { it.reason })
        assertEquals(day("2025-06-01"), year.rows[2].left)
        val backwards = assertThrows(KlyngeException.Invalid::class.java) {
            registry.memberList(cluster, day("2025-12-31"), day("2025-01-01"))
        }
        assertEquals("MEM-LIST", backwards.rule)
    }
}
