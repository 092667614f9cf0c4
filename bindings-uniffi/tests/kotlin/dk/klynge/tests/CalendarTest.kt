package dk.klynge.tests

import dk.klynge.*
import dk.klynge.tests.Fixtures.anne
import dk.klynge.tests.Fixtures.day
import dk.klynge.tests.Fixtures.member
import dk.klynge.tests.Fixtures.scenario
import java.math.BigDecimal
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The coordinator's calendar (CAL-EVENTS, CAL-ICS) as a coordinator's app sees it. */
class CalendarTest {
    private val counts = (2018..2027).joinToString(", ", "[", "]") { """{"ydernummer": "000001", "year": $it, "count": 1000}""" }

    @Test
    fun calEventsDeadlinesPayoutsAndWindowsAsLocalDatesAndBigDecimals() {
        val s = scenario("[${member("000001", "2018-09-15")}]", counts, rates = """[{"year": 2026, "rate": "4.00"}]""")
        val events = calendarFromScenario(s, day("2026-01-15"), day("2027-12-31"), listOf())
        val deadlines = events.filter { it.kind == EventKind.REGISTRATION_DEADLINE }
        assertEquals(listOf(day("2026-01-31"), day("2027-01-31")), deadlines.map { it.date })
        assertEquals(BigDecimal("4000.00"), deadlines[0].amount)
        assertNull(deadlines[1].amount)
        assertTrue(deadlines[1].reasonDa!!.contains("ingen sats for tilskudsåret 2027"))
        val payout = events.first { it.kind == EventKind.PAYOUT }
        assertEquals(day("2026-03-01"), payout.date)
        assertEquals(Payer.PLO, payout.payer)
        assertEquals(day("2026-03-01"), payout.windowFrom)
        assertEquals(Rule.GR_PAYDATE, payout.rule)
        assertEquals("GR-PAYDATE", ruleId(payout.rule))
        // A 2027 rate gives the deadline its amount.
        val withRate = calendarFromScenario(s, day("2026-01-15"), null, listOf(RateOverride(2027, BigDecimal("5"))))
        assertEquals(BigDecimal("5000.00"), withRate.last { it.kind == EventKind.REGISTRATION_DEADLINE }.amount)
    }

    @Test
    fun calEventsOfARegistryNotYetComplete() {
        val registry = Fixtures.registry()
        registry.setPatients(anne, day("2022-01-10"), "061654", 2022, 3150L)
        val events = registry.calendar(day("2022-02-01"), day("2022-12-31"), listOf())
        val completion = events.single { it.kind == EventKind.COMPLETION }
        assertEquals(day("2022-02-01"), completion.date)
        assertTrue(completion.amount!! > BigDecimal.ZERO)
        assertTrue(completion.textEn.contains("held back until the coordinator declares completion"))
    }

    @Test
    fun calIcsTextImportsWithStableUids() {
        val s = scenario("[${member("000001", "2018-09-15")}]", counts, rates = """[{"year": 2026, "rate": "4.00"}]""")
        val ics = calendarIcsFromScenario(s, day("2026-01-15"), null, listOf(), CalendarLanguage.DANISH)
        assertTrue(ics.startsWith("BEGIN:VCALENDAR"))
        assertTrue(ics.contains("DTSTART;VALUE=DATE:20260131"))
        assertTrue(ics.contains("Tilmeldingsfrist"))
        val events = calendarFromScenario(s, day("2026-01-15"), null, listOf())
        for (event in events) assertTrue(ics.contains("UID:${event.uid}"), event.uid)
        val later = calendarIcsFromScenario(s, day("2026-01-15"), day("2028-12-31"), listOf(), CalendarLanguage.ENGLISH)
        for (event in events) assertTrue(later.contains("UID:${event.uid}"), "a later calendar keeps ${event.uid}")
    }

    @Test
    fun calEventsBadDaysAreRefusedWithTheRule() {
        val s = scenario("[${member("000001", "2018-09-15")}]", counts)
        val error = assertThrows(KlyngeException.Invalid::class.java) {
            calendarFromScenario(s, day("2026-01-15"), day("2025-01-01"), listOf())
        }
        assertEquals("CAL-EVENTS", error.problems.single().rule)
        assertEquals("until", error.problems.single().field)
    }
}
