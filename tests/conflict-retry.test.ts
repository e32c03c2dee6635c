/** The pause between conflicting reservation writes: capped exponential backoff with full jitter, and its time limit. */
import { expect } from "chai";
import fc from "fast-check";
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffMs, conflictRetry } from "../provider/conflict-retry";

describe("conflict retry", () => {
    it("pauses a random time below min(cap, base x 2^attempt), from 0 up", () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 1, max: 1000 }),
                fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
                (attempt, r) => {
                    const ms = backoffMs(attempt, () => r);
                    expect(ms).to.be.at.least(0);
                    expect(ms).to.be.below(Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt) + 1e-9);
                },
            ),
        );
        expect(backoffMs(1, () => 0)).to.equal(0);
        expect(backoffMs(50, () => 0.999)).to.be.closeTo(BACKOFF_CAP_MS * 0.999, 1e-6);
    });

    it("stops retrying once its time limit has passed", async () => {
        const retry = conflictRetry(0.05);
        let attempts = 1;
        const started = Date.now();
        while (await retry.pause(attempts)) {
            attempts++;
        }
        expect(Date.now() - started)
            .to.be.at.least(45)
            .and.below(1000);
        expect(attempts).to.be.above(1);
    });
});
