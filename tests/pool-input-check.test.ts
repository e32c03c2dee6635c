/** The `pool` input of a `BalancerAssignment` is checked at preview, and its growth record names members one past the highest. */
import { expect } from "chai";
import fc from "fast-check";
import { liveGrownMembers, nextMemberName, readGrowthRecord, withGrownMember } from "../core/pool-growth-record";
import { checkAssignmentInputs } from "../provider/assignment-input-check";
import { diffAssignment } from "../provider/assignment-upkeep";

const INPUTS = {
    region: "us-east-1",
    visibility: "internet-facing",
    baseBalancer: "edge-1",
    additionalBalancers: ["edge-2"],
    coordinationNamespace: "scope-ingress",
};
const POOL = {
    name: "edge",
    visibility: "internet-facing",
    region: "us-east-1",
    namePrefix: "edge",
    maxMembers: 6,
    draining: [],
};

describe("the pool input of a BalancerAssignment", () => {
    it("accepts a BalancerPool's exported pool", () => {
        expect(checkAssignmentInputs({ ...INPUTS, pool: POOL }).failures).to.deep.equal([]);
    });

    it("refuses every bad sub-field in one check, each naming pool.<field>, its value and the fix", () => {
        const { failures } = checkAssignmentInputs({
            ...INPUTS,
            pool: {
                name: "Edge_Pool",
                visibility: "internal",
                region: "eu-west-1",
                namePrefix: "a-prefix-far-too-long-for-an-alb-name",
                maxMembers: 0,
                draining: ["-bad"],
            },
        });
        const reasons = failures.map(f => f.reason);
        expect(failures.every(f => f.property === "pool")).to.equal(true);
        expect(reasons).to.have.length(6);
        for (const field of ["name", "visibility", "region", "namePrefix", "maxMembers", "draining"]) {
            expect(
                reasons.some(r => r.includes(`pool.${field}`)),
                field,
            ).to.equal(true);
        }
        expect(reasons.find(r => r.includes("pool.visibility"))).to.contain(
            'differs from visibility "internet-facing"',
        );
        expect(reasons.find(r => r.includes("pool.maxMembers"))).to.contain("0");
    });

    it("takes a pool without draining as one with no member draining", () => {
        const { draining: _draining, ...withoutDraining } = POOL;
        expect(checkAssignmentInputs({ ...INPUTS, pool: withoutDraining }).failures).to.deep.equal([]);
    });

    it("refuses a pool that is not an object", () => {
        const { failures } = checkAssignmentInputs({ ...INPUTS, pool: "edge" });
        expect(failures.map(f => f.property)).to.deep.equal(["pool"]);
    });

    it("is no change after create: a new pool (grown, draining, a higher maximum) never moves the scope", () => {
        const stored = { ...INPUTS, pool: POOL, balancerName: "edge-2" };
        const diff = diffAssignment(stored, { ...INPUTS, pool: { ...POOL, maxMembers: 9, draining: ["edge-2"] } });
        expect(diff.changes).to.equal(false);
    });
});

describe("the growth record of a pool", () => {
    it("names the next member one past the highest numbered one, never one that exists", () => {
        fc.assert(
            fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { maxLength: 20 }), numbers => {
                const known = [...numbers.map(n => `edge-${n}`), "other-alb", "edge-x"];
                const next = nextMemberName("edge", known);
                expect(known).to.not.include(next);
                const n = Number(next.slice("edge-".length));
                expect(numbers.every(k => k < n)).to.equal(true);
                // One past the highest: no gap is left behind the last member.
                expect(numbers.length === 0 ? n === 1 : numbers.includes(n - 1)).to.equal(true);
            }),
        );
    });

    it("reads back what it writes, in claim order, and refuses a record it did not write instead of taking it as empty", () => {
        const once = readGrowthRecord(withGrownMember({ members: [] }, "edge-5", "id-1", 0), "cm");
        const twice = readGrowthRecord(withGrownMember(once, "edge-6", "id-2", 0), "cm");
        expect(twice.members.map(m => m.name)).to.deep.equal(["edge-5", "edge-6"]);
        expect(readGrowthRecord(undefined, "cm").members).to.deep.equal([]);
        expect(() => readGrowthRecord({ "growth.json": "{not json" }, "ConfigMap ns/x")).to.throw(
            /ConfigMap ns\/x: key growth.json is not a growth record/,
        );
    });

    it("drops from the live members a grown member numbered above a lowered maximum, so it is neither a candidate nor rebuilt", () => {
        const once = readGrowthRecord(withGrownMember({ members: [] }, "edge-5", "id-1", 0), "cm");
        const record = readGrowthRecord(withGrownMember(once, "edge-6", "id-2", 0), "cm");
        expect(liveGrownMembers(record, "edge", 6)).to.deep.equal(["edge-5", "edge-6"]);
        // The platform stack lowered maxMembers to 5 and dropped edge-6: its claim no longer counts.
        expect(liveGrownMembers(record, "edge", 5)).to.deep.equal(["edge-5"]);
        // With edge-6 gone, a raised maximum names edge-6 again rather than skipping a number.
        expect(nextMemberName("edge", liveGrownMembers(record, "edge", 5))).to.equal("edge-6");
    });
});
