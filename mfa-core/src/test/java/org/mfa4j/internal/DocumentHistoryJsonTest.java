package org.mfa4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mfa4j.AuthenticatorHistoryEntry;
import org.mfa4j.AuthenticatorHistoryEntry.RemovedBy;
import org.mfa4j.EnrolmentDeadline;
import org.mfa4j.MfaStoreException;

/** The codec's {@code history} and {@code enrolment} fields (issue 15): left out when empty, checked when read. */
class DocumentHistoryJsonTest {

    private static final Instant T = Instant.parse("2026-03-04T05:06:07Z");

    private static HistoryRecord entry(String id) {
        return new HistoryRecord(id, new AuthenticatorHistoryEntry("u2f", Optional.of("cred-" + id), "YubiKey \"5C\"", T,
                Optional.of(T.plusSeconds(9)), Optional.of(T.plusSeconds(60)), Optional.of(RemovedBy.ADMINISTRATOR)));
    }

    @Test
    void historyAndDeadlineRoundTripAndADocumentWithoutThemKeepsItsBytes() {
        UserDocument plain = Documents.richDocument();
        String before = DocumentJson.encode(plain);
        assertThat(before).doesNotContain("history").doesNotContain("enrolment");
        UserDocument doc = plain.withHistory(List.of(entry("a"), new HistoryRecord("b", new AuthenticatorHistoryEntry("totp",
                Optional.empty(), "Authenticator app", T, Optional.empty(), Optional.of(T), Optional.of(RemovedBy.USER)))))
                .withEnrolment(Optional.of(new EnrolmentDeadline(Optional.of(T.plusSeconds(3600)), Optional.of(2), T)));
        String json = DocumentJson.encode(doc);
        assertThat(json).startsWith(before.substring(0, before.length() - 1) + ",\"history\":[{\"id\":\"a\",\"provider\":\"u2f\"")
                .contains("\"removedBy\":\"ADMINISTRATOR\"")
                .endsWith(",\"enrolment\":{\"set\":\"2026-03-04T05:06:07Z\",\"requiredFrom\":\"2026-03-04T06:06:07Z\","
                        + "\"skipsLeft\":2}}");
        assertThat(DocumentJson.decode(json)).isEqualTo(doc);
        assertThat(DocumentJson.encode(doc.withHistory(List.of()).withEnrolment(Optional.empty()))).isEqualTo(before);

        UserDocument skipsOnly = plain.withEnrolment(Optional.of(new EnrolmentDeadline(Optional.empty(), Optional.of(0), T)));
        assertThat(DocumentJson.decode(DocumentJson.encode(skipsOnly))).isEqualTo(skipsOnly);
    }

    @Test
    void badEntriesAreRefusedWithoutQuotingThem() {
        String json = DocumentJson.encode(UserDocument.empty().withHistory(List.of(entry("a"), entry("b"))));
        assertRefused(json.replace("\"ADMINISTRATOR\"", "\"JANITOR\""), "a value is out of range or not an instant");
        assertRefused(json.replace("\"id\":\"b\"", "\"id\":\"a\""), "history entry 'a' appears twice");
        assertRefused(json.replace("\"provider\":\"u2f\"", "\"provider\":\"u2f\",\"secret\":\"x\""),
                "history entry 'a' has fields this mfa4j does not know [secret]; refusing to read it rather than drop"
                        + " them on the next write");
        String deadline = DocumentJson.encode(UserDocument.empty().withEnrolment(Optional.of(
                new EnrolmentDeadline(Optional.empty(), Optional.of(1), T))));
        assertRefused(deadline.replace("\"skipsLeft\":1", "\"skipsLeft\":-1"), "a value is out of range or not an instant");
        assertRefused(deadline.replace(",\"skipsLeft\":1", ""), "a value is out of range or not an instant");
    }

    @Test
    void theHistoryHasACapBothWays() {
        List<HistoryRecord> many = new ArrayList<>();
        for (int i = 0; i <= DocumentJson.MAX_HISTORY; i++) {
            many.add(entry("e" + i));
        }
        UserDocument over = UserDocument.empty().withHistory(many);
        assertThatThrownBy(() -> DocumentJson.encode(over)).isInstanceOf(MfaStoreException.class)
                .hasMessageContaining("'history' of the document");
        String atCap = DocumentJson.encode(UserDocument.empty().withHistory(many.subList(1, many.size())));
        String oneMore = atCap.replace("[{\"id\":\"e1\"", DocumentJson.encode(UserDocument.empty()
                .withHistory(List.of(many.get(0)))).replaceAll("^.*\"history\":\\[(.*)\\]}$", "[$1,") + "{\"id\":\"e1\"");
        assertThatThrownBy(() -> DocumentJson.decode(oneMore)).isInstanceOf(MfaStoreException.class)
                .hasMessageContaining("'history' of the document");
    }

    @Test
    void aFullHistoryOfTheLongestEntriesStaysUnderAThirdOfTheDocumentCap() {
        List<HistoryRecord> full = new ArrayList<>();
        String label = "\"".repeat(org.mfa4j.spi.Credential.MAX_LABEL_LENGTH); // each one written as two characters
        for (int i = 0; i < DocumentJson.MAX_HISTORY; i++) {
            full.add(new HistoryRecord("AAAAAAAAAAA" + (char) ('A' + i % 26) + i, new AuthenticatorHistoryEntry(
                    "p".repeat(32), Optional.of("c".repeat(22)), label, T, Optional.of(T.plusNanos(1)),
                    Optional.of(T.plusNanos(2)), Optional.of(RemovedBy.ADMINISTRATOR))));
        }
        String json = DocumentJson.encode(UserDocument.empty().withHistory(full));
        assertThat(json.length()).isLessThan(DocumentJson.MAX_DOCUMENT_CHARS / 3);
        assertThat(DocumentJson.decode(json).history()).isEqualTo(full);
    }

    private static void assertRefused(String json, String why) {
        assertThatThrownBy(() -> DocumentJson.decode(json)).as(json).isInstanceOf(MfaStoreException.class)
                .hasNoCause().hasMessage("a stored MFA document cannot be read: " + why);
    }
}
