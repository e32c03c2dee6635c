/** The rule limits (maxRules, expectedRules, strict): defaults, and the errors for bad values. */
import { expect } from "chai";
import { resolveRuleLimits } from "../core/rule-limits";

describe("rule limits", () => {
    it("defaults to maxRules 75, expectedRules 1, not strict", () => {
        expect(resolveRuleLimits()).to.deep.equal({ maxRules: 75, expectedRules: 1, strict: false });
    });

    it("rejects a non-numeric threshold with the field, the value and what to set", () => {
        expect(() => resolveRuleLimits({ maxRules: "75" })).to.throw(
            /maxRules: "75" is not a whole number; set it to the number of listener rules one ALB may carry/,
        );
    });

    it("rejects a negative or fractional threshold", () => {
        expect(() => resolveRuleLimits({ maxRules: -1 })).to.throw(/maxRules: -1 must be at least 0; /);
        expect(() => resolveRuleLimits({ maxRules: 7.5 })).to.throw(/maxRules: 7.5 is not a whole number/);
        expect(() => resolveRuleLimits({ maxRules: NaN })).to.throw(/maxRules: NaN is not a whole number/);
    });

    it("rejects expectedRules below 1 and reports every bad field at once", () => {
        expect(() => resolveRuleLimits({ expectedRules: 0, strict: "yes" })).to.throw(
            /expectedRules: 0 must be at least 1;.*\nstrict: "yes" is not true or false/,
        );
    });

    it("names the fields as the caller's users spell them", () => {
        expect(() =>
            resolveRuleLimits(
                { maxRules: "abc", expectedRules: 0 },
                { maxRules: "--max-rules", expectedRules: "--expected-rules" },
            ),
        ).to.throw(/^--max-rules: "abc" is not a whole number; .*\n--expected-rules: 0 must be at least 1/);
    });

    it("refuses a threshold below what one scope adds: no ALB could ever take it", () => {
        expect(() => resolveRuleLimits({ maxRules: 2, expectedRules: 3 })).to.throw(
            /^maxRules: 2 is below the 3 listener rules one scope adds \(expectedRules\), so no ALB could ever take it/,
        );
        expect(resolveRuleLimits({ maxRules: 3, expectedRules: 3 })).to.include({ maxRules: 3, expectedRules: 3 });
    });
});
