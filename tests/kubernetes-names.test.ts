/** The Kubernetes name rules: DNS-1123 labels and subdomains, qualified names (label and annotation keys) and label values. */
import { expect } from "chai";
import {
    dnsLabelProblem,
    dnsSubdomainProblem,
    labelValueProblem,
    qualifiedNameProblem,
} from "../core/kubernetes-names";

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

    it("accepts label and annotation keys as apimachinery's IsQualifiedName does: an optional DNS-subdomain prefix and '/', then a name of at most 63", () => {
        for (const ok of [
            "team",
            "Team_Name.v1",
            "app.kubernetes.io/name",
            "example.com/A-b_c.d",
            "a",
            "a".repeat(63),
            `${"a".repeat(253)}/x`,
        ]) {
            expect(qualifiedNameProblem(ok), ok).to.equal(undefined);
        }
        expect(qualifiedNameProblem("a".repeat(64))).to.match(
            /its name "a+" must be 1-63 letters, .*, got 64 characters/,
        );
        for (const bad of ["", "-team", "team-", "team name", "team!", "example.com/", "example.com/-x"]) {
            expect(qualifiedNameProblem(bad), bad).to.match(
                /^its name ".*" must be 1-63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit/,
            );
        }
        expect(qualifiedNameProblem("Example.com/team")).to.match(
            /^its prefix "Example.com" must be dot-separated parts of lowercase letters/,
        );
        expect(qualifiedNameProblem("/team")).to.equal('its prefix "" must not be empty');
        expect(qualifiedNameProblem(`${"a".repeat(254)}/team`)).to.match(
            /its prefix .* must be at most 253 characters/,
        );
        expect(qualifiedNameProblem("a/b/c")).to.match(/has more than one "\/"/);
        expect(qualifiedNameProblem(7)).to.equal("it must be a string, got number");
    });

    it("accepts label values of at most 63 letters, digits, '-', '_' and '.' between alphanumerics, or empty (IsValidLabelValue)", () => {
        for (const ok of ["", "payments", "v1.2_3-rc", "A", "a".repeat(63)]) {
            expect(labelValueProblem(ok), ok).to.equal(undefined);
        }
        expect(labelValueProblem("a".repeat(64))).to.equal(
            "must be at most 63 characters (Kubernetes label value), got 64",
        );
        for (const bad of ["-x", "x-", "a b", "a/b", "é"]) {
            expect(labelValueProblem(bad), bad).to.match(/must be empty or letters, digits, '-', '_' and '.'/);
        }
        expect(labelValueProblem(true)).to.equal("must be a string, got boolean");
        expect(labelValueProblem(null)).to.equal("must be a string, got null");
    });
});
