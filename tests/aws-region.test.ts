/** Where ScopeIngress takes its AWS region from when the arguments give none, and the error when nothing does. */
import { expect } from "chai";
import { resolveRegion } from "../components/aws-region";

describe("AWS region", () => {
    it("takes stack config aws:region over the environment", () => {
        expect(resolveRegion("eu-west-1", { AWS_REGION: "us-east-1", AWS_DEFAULT_REGION: "us-west-2" })).to.equal(
            "eu-west-1",
        );
    });

    it("falls back to AWS_REGION, then AWS_DEFAULT_REGION", () => {
        expect(resolveRegion(undefined, { AWS_REGION: "us-east-1", AWS_DEFAULT_REGION: "us-west-2" })).to.equal(
            "us-east-1",
        );
        expect(resolveRegion(undefined, { AWS_DEFAULT_REGION: "us-west-2" })).to.equal("us-west-2");
        expect(resolveRegion("", { AWS_REGION: "", AWS_DEFAULT_REGION: "us-west-2" })).to.equal("us-west-2");
    });

    it("fails with every place a region can come from and how to set one", () => {
        expect(() => resolveRegion(undefined, {})).to.throw(
            /region: no AWS region found in the region argument, stack config aws:region, AWS_REGION or AWS_DEFAULT_REGION; set one, e.g. "pulumi config set aws:region us-east-1"/,
        );
    });
});
