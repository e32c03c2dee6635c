/** Resolving a pool's candidate ALBs from the arguments, stack config and the defaults, per visibility. */
import { expect } from "chai";
import { balancerNameProblem } from "../core/balancer-name";
import { StackConfigReader, resolveCandidatePool } from "../core/candidate-pool";

const config =
    (values: Record<string, string>): StackConfigReader =>
    key =>
        values[key];

describe("candidate pool", () => {
    it("defaults the base ALB per visibility", () => {
        expect(resolveCandidatePool("internet-facing").candidates).to.deep.equal(["k8s-nullplatform-internet-facing"]);
        expect(resolveCandidatePool("internal").candidates).to.deep.equal(["k8s-nullplatform-internal"]);
    });

    it("takes the base from stack config, per visibility, over the default", () => {
        const cfg = config({ publicBalancer: "alb-pub", privateBalancer: "alb-priv" });
        expect(resolveCandidatePool("internet-facing", {}, cfg).base).to.equal("alb-pub");
        expect(resolveCandidatePool("internal", {}, cfg).base).to.equal("alb-priv");
    });

    it("takes an explicit base over stack config", () => {
        const cfg = config({ publicBalancer: "alb-pub" });
        expect(resolveCandidatePool("internet-facing", { base: "alb-explicit" }, cfg).base).to.equal("alb-explicit");
    });

    it("appends additional ALBs from stack config for both visibilities", () => {
        const cfg = config({
            additionalPublicBalancers: '["alb-public-2","alb-public-3"]',
            additionalPrivateBalancers: '["alb-private-2"]',
        });
        expect(resolveCandidatePool("internet-facing", { base: "alb-public-1" }, cfg).candidates).to.deep.equal([
            "alb-public-1",
            "alb-public-2",
            "alb-public-3",
        ]);
        expect(resolveCandidatePool("internal", {}, cfg).candidates).to.deep.equal([
            "k8s-nullplatform-internal",
            "alb-private-2",
        ]);
    });

    it("takes explicit additional ALBs over stack config, and an explicit empty list means none", () => {
        const cfg = config({ additionalPublicBalancers: '["alb-cfg"]' });
        expect(resolveCandidatePool("internet-facing", { additional: ["alb-x"] }, cfg).candidates).to.deep.equal([
            "k8s-nullplatform-internet-facing",
            "alb-x",
        ]);
        expect(resolveCandidatePool("internet-facing", { additional: [] }, cfg).candidates).to.deep.equal([
            "k8s-nullplatform-internet-facing",
        ]);
    });

    it("removes duplicates, keeping the first occurrence", () => {
        expect(
            resolveCandidatePool("internet-facing", { base: "a", additional: ["b", "a", "c", "b"] }).candidates,
        ).to.deep.equal(["a", "b", "c"]);
    });

    it("rejects an invalid name, naming the field, the value and the rule", () => {
        expect(() => resolveCandidatePool("internet-facing", { base: "alb_1" })).to.throw(
            /balancers\.base: "alb_1" .*only letters, digits and hyphens/,
        );
        expect(() => resolveCandidatePool("internet-facing", { additional: ["ok", "-bad"] })).to.throw(
            /balancers\.additional\[1\]: "-bad" .*hyphen/,
        );
        expect(() => resolveCandidatePool("internal", {}, config({ privateBalancer: "internal-x" }))).to.throw(
            /scope-ingress:privateBalancer: "internal-x" .*internal-/,
        );
    });

    it("rejects stack config that is not a JSON array, naming the key", () => {
        expect(() =>
            resolveCandidatePool("internet-facing", {}, config({ additionalPublicBalancers: "alb-2,alb-3" })),
        ).to.throw(/scope-ingress:additionalPublicBalancers: "alb-2,alb-3" is not JSON/);
        expect(() =>
            resolveCandidatePool("internet-facing", {}, config({ additionalPublicBalancers: '"alb-2"' })),
        ).to.throw(/scope-ingress:additionalPublicBalancers: "alb-2" is not an array/);
    });

    it("rejects an unknown visibility", () => {
        expect(() => resolveCandidatePool("public" as never)).to.throw(
            /visibility: "public" is not a visibility; use "internet-facing" or "internal"/,
        );
    });
});

describe("ALB name rules", () => {
    it("accepts names AWS accepts", () => {
        for (const ok of ["a", "alb-public-1", "K8s-Ns-Name-0123456789abcdefghij".slice(0, 32)]) {
            expect(balancerNameProblem(ok), ok).to.equal(undefined);
        }
    });

    it("rejects names AWS rejects", () => {
        expect(balancerNameProblem("")).to.match(/1-32 characters/);
        expect(balancerNameProblem("a".repeat(33))).to.match(/1-32 characters.*33/);
        expect(balancerNameProblem("alb.public")).to.match(/letters, digits and hyphens/);
        expect(balancerNameProblem("alb-")).to.match(/hyphen/);
        expect(balancerNameProblem("internal-alb")).to.match(/internal-/);
        expect(balancerNameProblem(42)).to.match(/string/);
    });
});
