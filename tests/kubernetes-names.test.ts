/** The Kubernetes name rules: DNS-1123 labels and subdomains. */
import { expect } from "chai";
import { dnsLabelProblem, dnsSubdomainProblem } from "../core/kubernetes-names";

describe("Kubernetes names", () => {
    it("accepts DNS-1123 labels and rejects the rest", () => {
        for (const ok of ["checkout", "a", "team-1", "1a", "a".repeat(63)]) {
            expect(dnsLabelProblem(ok), ok).to.equal(undefined);
        }
        expect(dnsLabelProblem("a".repeat(64))).to.match(/at most 63 characters .* got 64/);
        for (const bad of ["Checkout", "-a", "a-", "a.b", "a_b", ""]) {
            expect(dnsLabelProblem(bad), bad).to.match(/DNS-1123 label/);
        }
        expect(dnsLabelProblem(8080)).to.match(/must be a string, got number/);
    });

    it("accepts DNS-1123 subdomains, whose parts may be longer than 63, up to 253 characters", () => {
        expect(dnsSubdomainProblem("checkout-api")).to.equal(undefined);
        expect(dnsSubdomainProblem("checkout.v2")).to.equal(undefined);
        expect(dnsSubdomainProblem("a".repeat(100))).to.equal(undefined);
        expect(dnsSubdomainProblem("a".repeat(254))).to.match(/at most 253 .* got 254/);
        for (const bad of ["a..b", "Api", ".a", "a.", "a_b"]) {
            expect(dnsSubdomainProblem(bad), bad).to.match(/DNS-1123 subdomain/);
        }
    });
});
