package dk.klynge.tests

import dk.klynge.*
import java.math.BigDecimal
import java.time.LocalDate
import kotlin.random.Random
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Test

/** Garbage in: a KlyngeException, never a panic across the boundary (InternalException). */
class GarbageTest {
    // Whole code points only: a lone surrogate is not a string any host could send.
    private val alphabet = (32..126).map { it.toChar().toString() } + listOf("æ", "ø", "å", "\u0000", "\u2028", "😀")

    private fun garbage(random: Random): String = (0 until random.nextInt(40)).map { alphabet[random.nextInt(alphabet.size)] }.joinToString("")

    private fun onlyKlyngeErrors(block: () -> Unit) {
        try {
            block()
        } catch (e: KlyngeException) {
            // expected
        }
    }

    @Test
    fun garbageStringsIntoEveryFunction() {
        val random = Random(2026)
        val registry = Fixtures.registry()
        repeat(300) {
            val g = garbage(random)
            onlyKlyngeErrors { validateRegistration(Fixtures.form().copy(cvr = g, municipality = g, coordinatorEmail = g)) }
            onlyKlyngeErrors { grantReportJson(g, 2018, 2026) }
            onlyKlyngeErrors { forecastFromScenario(g, g, 2018, 2026, listOf()) }
            onlyKlyngeErrors { validateHealthCluster(g) }
            onlyKlyngeErrors { validateSsu(g, g) }
            onlyKlyngeErrors { Registry.fromJson(g) }
            onlyKlyngeErrors { registry.addMember(Fixtures.anne, LocalDate.of(2020, 1, 1), g, g, g, random.nextLong()) }
            onlyKlyngeErrors { documentFromPdf(DocumentKind.OTHER, g, g.toByteArray()) }
        }
    }

    @Test
    fun extremeDatesAndDecimalsAreErrorsNotCrashes() {
        assertThrows(KlyngeException.Invalid::class.java) { consultantFee(BigDecimal("1e40"), LocalDate.of(2025, 1, 1)) }
        assertThrows(KlyngeException.Invalid::class.java) { consultantFee(BigDecimal("-1"), LocalDate.of(2025, 1, 1)) }
        assertThrows(KlyngeException.Invalid::class.java) { payoutWindow(LocalDate.of(999_999, 1, 1), Payer.REGION) }
        val registry = Fixtures.registry()
        val far = assertThrows(KlyngeException.Invalid::class.java) {
            registry.addMember(Fixtures.anne, LocalDate.MAX, "12345674", "1", null, 1L)
        }
        assertEquals("GOV-LOG", far.rule)
        assertThrows(KlyngeException.Invalid::class.java) {
            forecastFromScenario("{}", "k", Int.MIN_VALUE, Int.MAX_VALUE, listOf(RateOverride(2026, BigDecimal("-3"))))
        }
    }
}
