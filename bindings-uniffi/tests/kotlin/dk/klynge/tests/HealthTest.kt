package dk.klynge.tests

import dk.klynge.*
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Test

/** Health clusters (SK-*) through the FFI. */
class HealthTest {
    private val towns = listOf("860", "810", "813", "825")

    private fun cluster(mayors: List<String> = towns, coChair: String = "Borgmester 860"): String {
        val political = listOf("""{"holder": "Rita", "kind": "regional_council_chair"}""", """{"holder": "Rolf", "kind": "regional_council_member"}""") +
            mayors.map { """{"holder": "Borgmester $it", "kind": "mayor", "municipality": "$it"}""" }
        val professional = listOf(
            """{"holder": "A", "kind": "region_representative", "psychiatry": false}""",
            """{"holder": "B", "kind": "region_representative", "psychiatry": false}""",
            """{"holder": "C", "kind": "region_representative", "psychiatry": true}""",
            """{"holder": "G1", "kind": "general_practice"}""", """{"holder": "G2", "kind": "general_practice"}""",
            """{"holder": "P1", "kind": "patient_representative"}""", """{"holder": "P2", "kind": "patient_representative"}""",
        ) + towns.map { """{"holder": "D$it", "kind": "municipality_representative", "municipality": "$it"}""" }
        return """{"name": "Nord", "region": "1081", "municipalities": ${towns.map { "\"$it\"" }},
          "political": $political, "professional": $professional,
          "co_chairs": {"regional": "Rita", "municipal": "$coChair"}}"""
    }

    @Test
    fun skValidateCorrectAndFaulty() {
        validateHealthCluster(cluster())
        val error = assertThrows(KlyngeException.Invalid::class.java) { validateHealthCluster(cluster(mayors = towns.dropLast(1), coChair = "G1")) }
        assertEquals(listOf("SK-POLITICAL", "SK-COCHAIR"), error.problems.map { it.rule })
        assertEquals("Læsø", error.problems[0].concerns)
    }
}
