/** The placement ledger: reservations that make scopes placed one after another in one process land as the policy says. */
import { expect } from "chai";
import fc from "fast-check";
import { CapacityExhaustedError } from "../core/placement";
import { PlacementLedger } from "../core/placement-ledger";
import { measured } from "./support/measurements";
import { expectLeastLoadedWithRoom, expectRefusedOnlyWhenFull } from "./support/placement-spec";

describe("placement ledger", () => {
    const pool = { visibility: "internet-facing" as const, base: "a", candidates: ["a", "b", "c", "d"] };

    it("fills the least-loaded ALBs first and never passes the threshold", () => {
        const ledger = new PlacementLedger();
        const ms = [measured("a", 10), measured("b", 40), measured("c", 0), measured("d", 75)];
        const placed = new Map<string, number>();
        let refused = 0;
        for (let i = 0; i < 200; i++) {
            try {
                const p = ledger.place(pool, ms, { maxRules: 75, expectedRules: 1, strict: false });
                placed.set(p.balancerName, (placed.get(p.balancerName) ?? 0) + 1);
            } catch (err) {
                expect(err).to.be.instanceOf(CapacityExhaustedError);
                refused++;
            }
        }
        expect(Object.fromEntries(placed)).to.deep.equal({ a: 65, b: 35, c: 75 });
        expect(refused).to.equal(200 - 175);
    });

    it("counts adopted and pinned rules, and releases deleted ones", () => {
        const ledger = new PlacementLedger();
        ledger.record("a", 3);
        expect(ledger.reservedOn("a")).to.equal(3);
        ledger.release("a", 5);
        expect(ledger.reservedOn("a")).to.equal(0);
    });

    it("never exceeds the threshold for any mix of expectedRules, refuses only when no ALB has room, and otherwise picks the least loaded with room", () => {
        fc.assert(
            fc.property(
                fc.array(fc.nat({ max: 80 }), { minLength: 4, maxLength: 4 }),
                fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 120 }),
                (counts, sizes) => {
                    const ledger = new PlacementLedger();
                    const ms = counts.map((c, i) => measured(pool.candidates[i], c));
                    // Each candidate's load as this test counts it: measured, plus every scope placed on it so far.
                    const loads = counts.map((rules, i) => ({ name: pool.candidates[i], rules }));
                    for (const expectedRules of sizes) {
                        const limits = { maxRules: 75, expectedRules, strict: false };
                        let placement;
                        try {
                            placement = ledger.place(pool, ms, limits);
                        } catch (err) {
                            expectRefusedOnlyWhenFull(err, loads, limits);
                            continue;
                        }
                        expectLeastLoadedWithRoom(placement, loads, limits);
                        loads.find(l => l.name === placement.balancerName)!.rules += expectedRules;
                    }
                    return ms.every(
                        m =>
                            ledger.reservedOn(m.name) === 0 ||
                            (m as { rules: number }).rules + ledger.reservedOn(m.name) <= 75,
                    );
                },
            ),
        );
    });
});
