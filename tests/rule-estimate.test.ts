import { expect } from "chai";
import fc from "fast-check";
import { estimateListenerRules } from "../components/rule-estimate";

describe("rule estimate", () => {
    it("counts one HTTPS listener rule per host and path", () => {
        expect(estimateListenerRules(1, 1)).to.equal(1);
        expect(estimateListenerRules(2, 3)).to.equal(6);
    });

    it("grows by one host's paths for every host added", () => {
        fc.assert(fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 50 }), (hosts, paths) =>
            estimateListenerRules(hosts + 1, paths) - estimateListenerRules(hosts, paths) === paths));
    });
});
