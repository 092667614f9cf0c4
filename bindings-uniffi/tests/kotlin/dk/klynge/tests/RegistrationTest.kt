package dk.klynge.tests

import dk.klynge.*
import dk.klynge.tests.Fixtures.anne
import dk.klynge.tests.Fixtures.day
import dk.klynge.tests.Fixtures.form
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** REG-FIELDS, REG-DOCS, REG-PDF, REG-AUTH through the FFI. */
class RegistrationTest {
    @Test
    fun regFieldsEveryFailingFieldInBothLanguages() {
        val bad = form().copy(cvr = "12345678", name = " ", coordinatorEmail = "nope", municipality = "Atlantis", documents = listOf())
        val error = assertThrows(KlyngeException.Invalid::class.java) { validateRegistration(bad) }
        val fields = error.problems.map { it.field }
        assertEquals(listOf("cvr", "name", "coordinatorEmail", "municipality", "documents", "documents"), fields)
        // Danish messages name the fields in Danish.
        assertEquals("klyngens navn skal udfyldes", error.problems[1].messageDa)
        assertEquals("ID-CVR", error.rule)
        assertEquals("cvr", error.field)
        assertTrue(error.problems.all { it.messageDa.isNotEmpty() && it.messageEn.isNotEmpty() && it.messageDa != it.messageEn })
    }

    @Test
    fun regFieldsAValidFormPassesAndCanBeSubmitted() {
        validateRegistration(form())
        val registry = Registry()
        registry.validateRegistration(form())
        assertEquals("12345674", registry.createCluster(anne, day("2018-10-01"), form()))
        assertEquals(listOf("12345674"), registry.clusterIds())
    }

    @Test
    fun regFieldsAFormThatPassesTheRegistryCheckIsAccepted() {
        // The coordinator's practice is new to the registry: its capacities are needed, and the
        // registry's check says so before the form is submitted.
        val registry = Registry()
        val noCapacities = form().copy(coordinatorCapacities = null)
        validateRegistration(noCapacities) // the form alone cannot know
        val error = assertThrows(KlyngeException.Invalid::class.java) { registry.validateRegistration(noCapacities) }
        assertEquals("coordinatorCapacities", error.field)
        assertEquals("MEM-CAPACITY", error.rule)
        assertThrows(KlyngeException.Invalid::class.java) { registry.createCluster(anne, day("2018-10-01"), noCapacities) }
        assertEquals(listOf<String>(), registry.clusterIds())
    }

    @Test
    fun regPdfChecksTheBytes() {
        val error = assertThrows(KlyngeException.Invalid::class.java) {
            documentFromPdf(DocumentKind.STATUTES, "x.pdf", "GIF89a".toByteArray())
        }
        assertEquals("REG-PDF", error.rule)
        val doc = Fixtures.pdf(DocumentKind.STATUTES, "v")
        assertEquals(64, doc.sha256.length)
    }

    @Test
    fun regAuthAPrivateCredentialIsRefused() {
        val registry = Registry()
        val private = anne.copy(credential = Credential.PRIVATE)
        val error = assertThrows(KlyngeException.Refused::class.java) { registry.createCluster(private, day("2018-10-01"), form()) }
        assertEquals("REG-AUTH", error.rule)
        assertEquals("actor", error.field)
        assertTrue(error.messageEn.contains("sign in with a health-professional ID"), error.messageEn)
        assertEquals(listOf<String>(), registry.clusterIds())
        val other = assertThrows(KlyngeException.Refused::class.java) { registry.createCluster(Fixtures.bent, day("2018-10-01"), form()) }
        assertTrue(other.messageEn.contains("only the form's coordinator, Anne Hansen"), other.messageEn)
    }

    @Test
    fun formatAnUnknownClusterIsOneAnswerFromEveryCall() {
        val registry = Fixtures.registry()
        val fromComplete = assertThrows(KlyngeException.Invalid::class.java) { registry.complete(anne, day("2019-01-20"), "99999999") }
        val fromForecast = assertThrows(KlyngeException.Invalid::class.java) { registry.grantForecast("99999999", 2022, 2022, listOf()) }
        assertEquals(fromForecast.rule, fromComplete.rule)
        assertEquals(fromForecast.messageEn, fromComplete.messageEn)
        assertEquals("cluster", fromComplete.field)
    }
}
