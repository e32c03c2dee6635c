/** The shared AWS SDK clients: one per service and configuration, a new one when the endpoint changes. */
import { expect } from "chai";
import { elbv2Client, route53Client } from "../provider/aws-clients";

describe("AWS clients", () => {
    const saved = process.env.AWS_ENDPOINT_URL;
    after(() => {
        if (saved === undefined) {
            delete process.env.AWS_ENDPOINT_URL;
        } else {
            process.env.AWS_ENDPOINT_URL = saved;
        }
    });

    it("share one client, and so one adaptive rate limiter, per service and configuration in a process", () => {
        process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:1";
        expect(elbv2Client({ region: "us-east-1" })).to.equal(elbv2Client({ region: "us-east-1" }));
        expect(route53Client({ region: "us-east-1" })).to.equal(route53Client({ region: "us-east-1" }));
        expect(elbv2Client({ region: "us-east-1" })).to.not.equal(elbv2Client({ region: "eu-west-1" }));
        expect(elbv2Client({ region: "us-east-1" })).to.not.equal(elbv2Client({ region: "us-east-1", maxAttempts: 2 }));
    });

    it("build a new client when the endpoint variable changes, because the SDK reads it at construction", () => {
        process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:1";
        const first = elbv2Client({ region: "us-east-1" });
        process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:2";
        expect(elbv2Client({ region: "us-east-1" })).to.not.equal(first);
    });
});
