/** The rule limits (maxRules, expectedRules, strict): defaults, and the errors for bad values. */
import { expect } from "chai";
import { resolveRuleLimits } from "../core/rule-limits";

describe("rule limits", () => {
    it("defaults to maxRules 75, expectedRules 1, not strict", () => {
        expect(resolveRuleLimits()).to.deep.equal({ maxRules: 75, expectedRules: 1, strict: false });
    });

    it("rejects a non-numeric threshold with the field, the value and what to set", () => {
        expect(() => resolveRuleLimits({ maxRules: "75" })).to.throw(/maxRules: must be a whole number, got "75"; set it to the number of listener rules one ALB may carry/);
    });

    it("rejects a negative or fractional threshold", () => {
        expect(() => resolveRuleLimits({ maxRules: -1 })).to.throw(/maxRules: must be at least 0, got -1/);
        expect(() => resolveRuleLimits({ maxRules: 7.5 })).to.throw(/maxRules: must be a whole number, got 7.5/);
        expect(() => resolveRuleLimits({ maxRules: NaN })).to.throw(/maxRules: must be a whole number/);
    });

    it("rejects expectedRules below 1 and reports every bad field at once", () => {
        expect(() => resolveRuleLimits({ expectedRules: 0, strict: "yes" })).to.throw(/expectedRules: must be at least 1, got 0.*; strict: must be true or false, got "yes"/);
    });

    it("names the fields as the caller's users spell them", () => {
        expect(() => resolveRuleLimits({ maxRules: "abc", expectedRules: 0 }, { maxRules: "--max-rules", expectedRules: "--expected-rules" }))
            .to.throw(/^--max-rules: must be a whole number, got "abc"; .*; --expected-rules: must be at least 1, got 0/);
    });
});
