/** How a failed adoption look-up (Route53 record, Kubernetes Ingress) is reported: the cause, and advice that fits it. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { AWS_TEST_ENV } from "./support/aws-test-env";
import { useAssignmentHost } from "./support/assignment-host-world";
import { DynamicProviderHost } from "./support/dynamic-provider-host";
import { freePort } from "./support/moto-server";
import { createZone } from "./support/route53-fixtures";

const POOL = { region: "us-east-1", visibility: "internet-facing", baseBalancer: "alb-a" };

describe("adoption look-up failures", function () {
    const world = useAssignmentHost();

    beforeEach(async () => {
        await world.albs.createBalancer({ name: "alb-a", listeners: [{ port: 443, rules: 1 }] });
    });

    it("tells a missing hosted zone (NoSuchHostedZone from Route53) to check hostedZoneId, not to grant a permission", async () => {
        await world
            .up("no-zone", { ...POOL, domain: "checkout.apps.example.com", hostedZoneId: "Z0NOSUCHZONE0000000" })
            .then(
                () => expect.fail("create must fail"),
                err => {
                    expect(err.message).to.contain(
                        "domain: looking up the existing Route53 record of checkout.apps.example.com in zone Z0NOSUCHZONE0000000 failed: NoSuchHostedZone",
                    );
                    expect(err.message).to.contain(
                        'Check hostedZoneId: no hosted zone "Z0NOSUCHZONE0000000" is visible to these credentials',
                    );
                    expect(err.message).not.to.contain("Grant route53:ListResourceRecordSets");
                },
            );
    });

    it("tells a denied look-up (AccessDenied) to grant route53:ListResourceRecordSets", async () => {
        const zone = await createZone(world.moto.url, "apps.example.com");
        world.proxy.faults.push({
            match: r => r.action.startsWith("GET /2013-04-01/hostedzone/"),
            respond: "access-denied",
        });
        await world.up("denied", { ...POOL, domain: "checkout.apps.example.com", hostedZoneId: zone }).then(
            () => expect.fail("create must fail"),
            err =>
                expect(err.message).to.match(
                    /failed: AccessDenied: .*\. Grant route53:ListResourceRecordSets on the zone \(needed to adopt existing scopes\) and run the deployment again\./,
                ),
        );
    });

    it("reports an unreachable cluster as a network failure naming the kubeconfig's server and the cause, not as an HTTP status", async () => {
        const port = await freePort();
        const server = `https://127.0.0.1:${port}`;
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scope-ingress-closed-kube-"));
        const kubeconfig = path.join(dir, "kubeconfig");
        fs.writeFileSync(
            kubeconfig,
            JSON.stringify({
                apiVersion: "v1",
                kind: "Config",
                clusters: [{ name: "closed", cluster: { server, "insecure-skip-tls-verify": true } }],
                users: [{ name: "closed", user: { token: "t" } }],
                contexts: [{ name: "closed", context: { cluster: "closed", user: "closed" } }],
                "current-context": "closed",
            }),
        );
        await world.host.stop();
        world.host = await DynamicProviderHost.start({
            ...AWS_TEST_ENV,
            AWS_ENDPOINT_URL: world.proxy.url,
            KUBECONFIG: kubeconfig,
        });
        try {
            await world
                .up("unreachable", { ...POOL, ingressRef: { namespace: "checkout", name: "checkout-api" } })
                .then(
                    () => expect.fail("create must fail"),
                    err => {
                        expect(err.message).to.contain(
                            `ingressRef: reading Ingress checkout/checkout-api failed: cannot reach the Kubernetes API server ${server} ` +
                                '(cluster "closed" of the kubeconfig\'s current context "closed"): ',
                        );
                        expect(err.message).to.contain("ECONNREFUSED");
                        expect(err.message).not.to.contain("HTTP ECONNREFUSED");
                    },
                );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
