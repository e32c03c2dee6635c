/** The problems vocabulary: how one bad input is shown, and how every problem of a call becomes one error. */
import { expect } from "chai";
import { InvalidInputError, Problems, collecting, renderProblem, showValue } from "../core/problems";

describe("problems", () => {
    it("shows a problem as field, value, rule, then fix, with the value once", () => {
        expect(
            renderProblem({ field: "balancers.maxRules", value: -5, rule: "must be at least 0", fix: "set it to 75" }),
        ).to.equal("balancers.maxRules: -5 must be at least 0; set it to 75");
        expect(
            renderProblem({
                field: "paths[2].pathType",
                value: "exact",
                rule: "is not a path type",
                fix: 'use "Exact"',
            }),
        ).to.equal('paths[2].pathType: "exact" is not a path type; use "Exact"');
    });

    it("shows a missing field as missing, not as the word undefined", () => {
        expect(renderProblem({ field: "hostedZoneId", value: undefined, rule: "is missing", fix: "set it" })).to.equal(
            "hostedZoneId: is missing; set it",
        );
    });

    it("shows numbers JSON cannot, and cuts long values short", () => {
        expect(showValue(NaN)).to.equal("NaN");
        expect(showValue(Infinity)).to.equal("Infinity");
        const long = showValue("x".repeat(500));
        expect(long.length).to.equal(120);
        expect(long.endsWith("…")).to.equal(true);
    });

    it("collects every problem and throws them in one error under the subject", () => {
        const problems = new Problems();
        expect(problems.check("a", 1, undefined, "fix a")).to.equal(true);
        expect(problems.check("b", 2, "is bad", "fix b")).to.equal(false);
        problems.check("c", "x", "is worse", "fix c");
        expect(() => problems.throwIfAny('ScopeIngress "s"')).to.throw(
            InvalidInputError,
            'ScopeIngress "s" has invalid arguments:\n  b: 2 is bad; fix b\n  c: "x" is worse; fix c',
        );
        try {
            problems.throwIfAny();
        } catch (err) {
            expect((err as InvalidInputError).problems.map(p => p.field)).to.deep.equal(["b", "c"]);
            expect((err as Error).message).to.equal('b: 2 is bad; fix b\nc: "x" is worse; fix c');
        }
        expect(() => new Problems().throwIfAny("nothing")).not.to.throw();
    });

    it("joins a resolution's problems to the caller's, or throws them when the caller collects none", () => {
        const resolve = (found: Problems) => {
            found.check("inner", 0, "is zero", "fix it");
            return "best effort";
        };
        const outer = new Problems();
        expect(collecting(outer, resolve)).to.equal("best effort");
        expect(outer.list.map(p => p.field)).to.deep.equal(["inner"]);
        expect(() => collecting(undefined, resolve)).to.throw(InvalidInputError, "inner: 0 is zero; fix it");
    });
});
