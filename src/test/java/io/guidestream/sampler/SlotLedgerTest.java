package io.guidestream.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.PreviewKind;
import io.guidestream.bus.SamplerKind;
import io.guidestream.bus.SamplerStatus;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A sampler's slots: taken on arrival up to the capacity, freed by the job's last message, counted in adverts. */
class SlotLedgerTest {
    private static GenerateCommand job(String id, String model, int images) {
        return new GenerateCommand(id, "reply." + id, model, Collections.nCopies(images, 0), 1,
                new GenerateCommand.SamplerSettings(SamplerKind.DDIM, 10, 0),
                GenerateCommand.GuidanceSettings.none(),
                new GenerateCommand.PreviewSettings(1, Set.of(PreviewKind.XT)));
    }

    private static JobEvent.Reserved take(SlotLedger ledger, GenerateCommand cmd) {
        assertNull(ledger.refusal(cmd), cmd.jobId());
        return ledger.reserve(cmd);
    }

    @Test
    void jobsTakeSlotsUpToTheCapacityAndAreNumberedInOrder() {
        SlotLedger ledger = new SlotLedger("s1", 16);
        assertEquals(new JobEvent.Reserved("j1", "s1", 1), take(ledger, job("j1", "a", 10)));
        assertEquals(new JobEvent.Reserved("j2", "s1", 2), take(ledger, job("j2", "b", 6)));
        JobEvent.Failed full = ledger.refusal(job("j3", "a", 1));
        assertEquals(ErrorCode.CAPACITY, full.code());
        assertEquals("sampler s1 is full: 16 of 16 items in flight, the job needs 1", full.message());
        SamplerStatus advert = ledger.status(true, List.of());
        assertEquals(16, advert.live());
        assertEquals(2, advert.admissions());
        assertEquals(Map.of("a", 10, "b", 6), advert.running());
    }

    @Test
    void aJobsLastMessageFreesItsSlotsOnce() {
        SlotLedger ledger = new SlotLedger("s1", 16);
        take(ledger, job("j1", "a", 16));
        assertTrue(ledger.release("j1"));
        assertFalse(ledger.release("j1"), "freed once");
        assertEquals(new JobEvent.Reserved("j2", "s1", 2), take(ledger, job("j2", "a", 16)));
        assertEquals(Map.of("a", 16), ledger.status(true, List.of()).running());
    }

    @Test
    void aCancelThatOvertakesItsCommandRefusesTheJob() {
        SlotLedger ledger = new SlotLedger("s1", 16);
        take(ledger, job("held", "a", 1));
        assertTrue(ledger.cancel("held"), "a job holding slots goes to the sampler thread to be dropped");
        assertFalse(ledger.cancel("early"));
        JobEvent.Failed refused = ledger.refusal(job("early", "a", 1));
        assertEquals(ErrorCode.CANCELLED, refused.code());
        assertEquals(1, ledger.status(true, List.of()).live(), "the refused job took nothing");
    }

    @Test
    void aJobIdAlreadyHoldingSlotsIsRefused() {
        SlotLedger ledger = new SlotLedger("s1", 16);
        take(ledger, job("j1", "a", 1));
        assertEquals(ErrorCode.BAD_REQUEST, ledger.refusal(job("j1", "a", 1)).code());
    }
}
