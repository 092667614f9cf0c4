package dk.klynge.tests

import dk.klynge.*
import dk.klynge.tests.Fixtures.anne
import dk.klynge.tests.Fixtures.bent
import dk.klynge.tests.Fixtures.day
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** A membership's lifecycle (MEM-*), roles (GOV-ROLES) and completion (CMP-*). */
class MembershipTest {
    @Test
    fun memLifecycleAddTransferLeave() {
        val registry = Fixtures.registry()
        registry.createCluster(bent, day("2019-01-05"), Fixtures.form("10000009", "Bent Bo", "070000", "2019-01-01"))
        registry.assignRole(bent, day("2019-02-01"), "10000009", Role.CO_COORDINATOR, "Anne Hansen", "061654")

        val mail = registry.addMember(anne, day("2019-03-01"), "12345674", "12345", "praksis@example.dk", 1L)
        assertNotNull(mail)
        assertEquals("praksis@example.dk", mail!!.to)
        assertEquals(day("2019-03-01"), mail.joined)
        assertTrue(mail.bodyDa.contains("Klynge Nordfyn"))
        assertNull(registry.addMember(anne, day("2019-03-01"), "12345674", "54321", null, 1L))

        val overlap = assertThrows(KlyngeException.Refused::class.java) {
            registry.addMember(bent, day("2019-06-01"), "10000009", "12345", null, 1L)
        }
        assertEquals("MEM-ONE", overlap.rule)

        registry.transferMember(anne, day("2020-06-01"), "12345674", "10000009", "12345")
        assertTrue(registry.membersOn("10000009", day("2020-06-01")).contains("012345"))
        assertFalse(registry.membersOn("12345674", day("2020-06-01")).contains("012345"))

        registry.removeMember(bent, day("2021-01-01"), "10000009", "12345", LeaveReason.LEFT)
        val again = assertThrows(KlyngeException.Refused::class.java) {
            registry.removeMember(bent, day("2021-02-01"), "10000009", "12345", LeaveReason.LEFT)
        }
        assertEquals("MEM-LEAVE", again.rule)
    }

    @Test
    fun cmpChecklistAndCompletionOnce() {
        val registry = Fixtures.registry()
        val checklist = registry.checklist("12345674", day("2019-01-20"))
        assertTrue(checklist.ready)
        assertEquals(setOf(ChecklistCode.PATIENT_COUNTS_MISSING, ChecklistCode.FEW_PATIENTS), checklist.warnings.map { it.item }.toSet())
        registry.complete(anne, day("2019-01-20"), "12345674")
        val twice = assertThrows(KlyngeException.Refused::class.java) { registry.complete(anne, day("2019-02-01"), "12345674") }
        assertEquals("CMP-ONCE", twice.rule)
    }

    @Test
    fun govLogTheRegistryRoundTripsThroughJson() {
        val registry = Fixtures.registry()
        registry.addMember(anne, day("2019-03-01"), "12345674", "12345", null, 1L)
        val back = Registry.fromJson(registry.toJson())
        assertEquals(registry.toJson(), back.toJson())
        val tampered = assertThrows(KlyngeException.Invalid::class.java) {
            Registry.fromJson(registry.toJson().replace("\"capacities\":2", "\"capacities\":9"))
        }
        assertEquals("GOV-LOG", tampered.rule)
    }

    @Test
    fun practiceEditsEmailMunicipalityAndCapacities() {
        val registry = Fixtures.registry()
        registry.setEmail(anne, day("2019-01-01"), "061654", "klinik@example.dk")
        registry.setMunicipality(anne, day("2019-01-01"), "061654", "Nordfyns Kommune")
        registry.setCapacities(anne, day("2019-01-01"), "061654", 3L)
        val practice = "\"061654\":{\"ydernummer\":\"061654\",\"capacities\":3,\"email\":\"klinik@example.dk\",\"municipality\":\"480\""
        assertTrue(registry.toJson().contains(practice), registry.toJson())
        registry.setEmail(anne, day("2019-02-01"), "061654", null)
        assertTrue(registry.toJson().contains("\"email\":null"))

        val before = registry.toJson()
        val cases = listOf(
            Triple("ID-EMAIL", "email") { registry.setEmail(anne, day("2019-03-01"), "061654", "klinik.example.dk") },
            Triple("ID-KOMMUNE", "municipality") { registry.setMunicipality(anne, day("2019-03-01"), "061654", "Atlantis") },
            Triple("MEM-CAPACITY", "capacities") { registry.setCapacities(anne, day("2019-03-01"), "061654", 0L) },
        )
        for ((rule, field, edit) in cases) {
            val error = assertThrows(KlyngeException.Invalid::class.java) { edit() }
            assertEquals(rule to field, error.rule to error.field)
        }
        assertEquals(before, registry.toJson())
    }
}
