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
        assertEquals(listOf("cvr", "name", "coordinator_email", "municipality", "documents", "documents"), fields)
        assertEquals("ID-CVR", error.rule)
        assertEquals("cvr", error.field)
        assertTrue(error.problems.all { it.messageDa.isNotEmpty() && it.messageEn.isNotEmpty() && it.messageDa != it.messageEn })
    }

    @Test
    fun regFieldsAValidForm() {
        validateRegistration(form())
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
        assertEquals(listOf<String>(), registry.clusterIds())
    }
}
