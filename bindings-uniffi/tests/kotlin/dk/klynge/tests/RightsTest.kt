package dk.klynge.tests

import dk.klynge.*
import dk.klynge.tests.Fixtures.anne
import dk.klynge.tests.Fixtures.bent
import dk.klynge.tests.Fixtures.day
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** GOV-RIGHTS: refused actions change nothing. */
class RightsTest {
    @Test
    fun govRightsAStrangerIsRefusedAndNothingChanges() {
        val registry = Fixtures.registry()
        val before = registry.toJson()
        val error = assertThrows(KlyngeException.Refused::class.java) {
            registry.addMember(bent, day("2019-03-01"), "12345674", "12345", null, 1L)
        }
        assertEquals("GOV-RIGHTS", error.rule)
        assertEquals("actor", error.field)
        assertTrue(error.messageDa.contains("har ikke ret"))
        assertEquals(before, registry.toJson())
    }

    @Test
    fun govRightsTheTableThroughMay() {
        val registry = Fixtures.registry()
        registry.assignRole(anne, day("2019-01-01"), "12345674", Role.TREASURER, "Tove Kasserer", null)
        val tove = Actor(person = "Tove Kasserer", credential = Credential.PRIVATE, ydernummer = null)
        val date = day("2019-06-01")
        for (action in Action.values()) {
            assertTrue(registry.may(anne, "12345674", action, date), "coordinator may $action")
            assertFalse(registry.may(bent, "12345674", action, date), "outsider may not $action")
            assertEquals(action == Action.READ, registry.may(tove, "12345674", action, date), "treasurer and $action")
        }
    }
}
