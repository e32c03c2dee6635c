import { expect } from "chai";
import { dnsLabelProblem, dnsSubdomainProblem, hostnameProblem } from "../provider/dns-names";

describe("DNS names", () => {
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

    it("accepts DNS-1123 subdomains of any label length up to 253 characters", () => {
        expect(dnsSubdomainProblem("checkout-api")).to.equal(undefined);
        expect(dnsSubdomainProblem("checkout.v2")).to.equal(undefined);
        expect(dnsSubdomainProblem("a".repeat(100))).to.equal(undefined);
        expect(dnsSubdomainProblem("a".repeat(254))).to.match(/at most 253 .* got 254/);
        expect(dnsSubdomainProblem("a..b")).to.match(/DNS-1123 subdomain/);
        expect(dnsSubdomainProblem("Api")).to.match(/DNS-1123 subdomain/);
    });

    it("accepts lowercase hostnames with an optional leading wildcard", () => {
        for (const ok of ["checkout.apps.example.com", "*.apps.example.com", "localhost", `${"a".repeat(63)}.example.com`]) {
            expect(hostnameProblem(ok), ok).to.equal(undefined);
        }
    });

    it("rejects upper case, inner wildcards, long labels and long names", () => {
        expect(hostnameProblem("Checkout.example.com")).to.match(/lowercase/);
        expect(hostnameProblem("a.*.example.com")).to.match(/DNS-1123 subdomain/);
        expect(hostnameProblem("*")).to.match(/DNS-1123 subdomain/);
        expect(hostnameProblem("example.com.")).to.match(/DNS-1123 subdomain/);
        expect(hostnameProblem(`${"a".repeat(64)}.example.com`)).to.match(/label of 64 characters; at most 63/);
        expect(hostnameProblem(`${"a.".repeat(127)}com`)).to.match(/at most 253 characters, got 257/);
    });
});
