/** The ScopeIngress component under Pulumi mocks: its children, the assignment's inputs, region, hosted zone, validation and warnings. */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ScopeIngress } from "../components/scope-ingress";
import type { ScopeIngressArgs } from "../components/scope-ingress-args";
import type { AssignmentSource } from "../core/assignment-contract";
import { CapturedRejections, captureRejections } from "./support/captured-rejections";
import { captureWarnings } from "./support/captured-warnings";
import { CHECKOUT_SCOPE } from "./support/checkout-scope";
import {
    DEFAULT_ASSIGNMENT,
    DEFAULT_ZONE_NAME,
    DYNAMIC_RESOURCE_TYPE,
    RecordingMocks,
    installMocks,
    registrationsSettled,
    setStackConfig,
} from "./support/pulumi-mocks";
import { unwrap } from "./support/unwrap";

const ARGS: ScopeIngressArgs = {
    ...CHECKOUT_SCOPE,
    balancers: { base: "alb-public-1", additional: ["alb-public-2", "alb-public-3"] },
    region: "us-east-1",
};

/** Builds a ScopeIngress and waits until every child is registered and its warnings are logged. */
async function deploy(
    name: string,
    args: Partial<ScopeIngressArgs> = {},
    opts?: pulumi.ComponentResourceOptions,
): Promise<ScopeIngress> {
    const scope = new ScopeIngress(name, { ...ARGS, ...args }, opts);
    await unwrap(pulumi.all([scope.urn, scope.assignment.urn, scope.ingress.urn, ...scope.records.map(r => r.urn)]));
    // The warnings are logged from an apply on the assignment's outputs; let that callback run.
    await new Promise(resolve => setImmediate(resolve));
    return scope;
}

describe("ScopeIngress component", () => {
    let mocks: RecordingMocks;
    let captured: ReturnType<typeof captureWarnings>;

    before(async () => {
        mocks = await installMocks();
    });

    beforeEach(() => {
        mocks.assignment = DEFAULT_ASSIGNMENT;
        mocks.zoneName = DEFAULT_ZONE_NAME;
        setStackConfig({});
        captured = captureWarnings();
    });

    afterEach(() => captured.restore());

    after(() => setStackConfig({}));

    describe("children", () => {
        it("registers the assignment, one A record per host and the Ingress, named after the component and parented to it", async () => {
            const scope = await deploy("children", { additionalDomains: ["shop.apps.example.com"] });
            expect(mocks.named("children-assignment").type).to.equal(DYNAMIC_RESOURCE_TYPE);
            expect(mocks.named("children-a-checkout.apps.example.com").type).to.equal("aws:route53/record:Record");
            expect(mocks.named("children-a-shop.apps.example.com").type).to.equal("aws:route53/record:Record");
            expect(mocks.named("children-ingress").type).to.equal("kubernetes:networking.k8s.io/v1:Ingress");
            expect(scope.records).to.have.length(2);
            for (const child of [scope.assignment, scope.ingress, ...scope.records]) {
                expect(await unwrap(child.urn)).to.contain("::scope-ingress:index:ScopeIngress$");
            }
        });

        it("aliases every host's A record to exactly the assignment's DNS name and zone", async () => {
            await deploy("alias", {
                additionalDomains: ["shop.apps.example.com"],
                hostedZoneId: pulumi.output("Z0FROMZONEOUTPUT"),
            });
            for (const host of ["checkout.apps.example.com", "shop.apps.example.com"]) {
                expect(mocks.named(`alias-a-${host}`).inputs).to.deep.include({
                    zoneId: "Z0FROMZONEOUTPUT",
                    name: host,
                    type: "A",
                    aliases: [
                        {
                            name: "alb-public-2-123.us-east-1.elb.amazonaws.com",
                            zoneId: "Z35SXDOTRQ7X7K",
                            evaluateTargetHealth: true,
                        },
                    ],
                    allowOverwrite: false,
                });
            }
        });

        it("adds an AAAA record per host and aliases dualstack.<DNS name> when dual-stack", async () => {
            const scope = await deploy("dual", { dualStack: true, additionalDomains: ["shop.apps.example.com"] });
            expect(scope.records).to.have.length(4);
            for (const host of ["checkout.apps.example.com", "shop.apps.example.com"]) {
                for (const type of ["A", "AAAA"]) {
                    const { inputs } = mocks.named(`dual-${type.toLowerCase()}-${host}`);
                    expect(inputs.type).to.equal(type);
                    expect(inputs.aliases).to.deep.equal([
                        {
                            name: "dualstack.alb-public-2-123.us-east-1.elb.amazonaws.com",
                            zoneId: "Z35SXDOTRQ7X7K",
                            evaluateTargetHealth: true,
                        },
                    ]);
                }
            }
        });

        it("asks the assignment to check exactly the records it creates, and overwrites only those it found aliasing the adopted ALB", async () => {
            mocks.assignment = {
                ...DEFAULT_ASSIGNMENT,
                source: "adopted-route53",
                overwritableRecords: ["A checkout.apps.example.com"],
            };
            await deploy("per-record", { dualStack: true, additionalDomains: ["shop.apps.example.com"] });
            expect(mocks.named("per-record-assignment").inputs.aliasRecords).to.deep.equal([
                "A checkout.apps.example.com",
                "AAAA checkout.apps.example.com",
                "A shop.apps.example.com",
                "AAAA shop.apps.example.com",
            ]);
            const overwrites = Object.fromEntries(
                [
                    "a-checkout.apps.example.com",
                    "aaaa-checkout.apps.example.com",
                    "a-shop.apps.example.com",
                    "aaaa-shop.apps.example.com",
                ].map(record => [record, mocks.named(`per-record-${record}`).inputs.allowOverwrite]),
            );
            expect(overwrites).to.deep.equal({
                "a-checkout.apps.example.com": true,
                "aaaa-checkout.apps.example.com": false,
                "a-shop.apps.example.com": false,
                "aaaa-shop.apps.example.com": false,
            });
            await deploy("per-record-off", { dnsRecords: false });
            expect(mocks.named("per-record-off-assignment").inputs.aliasRecords).to.deep.equal([]);
        });

        it("overwrites nothing for an adopted scope stored before overwritableRecords, and never diffs allowOverwrite of a stored record", async () => {
            for (const source of ["adopted-ingress", "adopted-route53", "least-loaded"] as AssignmentSource[]) {
                mocks.assignment = { ...DEFAULT_ASSIGNMENT, source };
                await deploy(`old-${source}`);
                expect(mocks.named(`old-${source}-a-checkout.apps.example.com`).inputs.allowOverwrite, source).to.equal(
                    false,
                );
                expect(mocks.ignoreChanges.get(`old-${source}-a-checkout.apps.example.com`), source).to.deep.equal([
                    "allowOverwrite",
                ]);
            }
        });

        it("creates no records when dnsRecords is false, but still routes every host through the Ingress", async () => {
            const scope = await deploy("no-dns", { dnsRecords: false, additionalDomains: ["shop.apps.example.com"] });
            expect(scope.records).to.deep.equal([]);
            await registrationsSettled();
            expect(
                mocks.registered.filter(r => r.name.startsWith("no-dns-") && r.type === "aws:route53/record:Record"),
            ).to.deep.equal([]);
            expect(mocks.named("no-dns-ingress").inputs.spec.rules.map((r: { host: string }) => r.host)).to.deep.equal([
                "checkout.apps.example.com",
                "shop.apps.example.com",
            ]);
        });

        it("puts the assignment's ALB, not the pool's base, in both ALB annotations of the Ingress", async () => {
            mocks.assignment = { ...DEFAULT_ASSIGNMENT, balancerName: "alb-public-3" };
            const scope = await deploy("ingress");
            const { metadata, spec } = mocks.named("ingress-ingress").inputs;
            expect(metadata.name).to.equal("ingress");
            expect(metadata.namespace).to.equal("checkout");
            expect(metadata.annotations).to.deep.equal({
                "alb.ingress.kubernetes.io/load-balancer-name": "alb-public-3",
                "alb.ingress.kubernetes.io/group.name": "alb-public-3",
                "alb.ingress.kubernetes.io/scheme": "internet-facing",
                "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP":80},{"HTTPS":443}]',
                "alb.ingress.kubernetes.io/ssl-redirect": "443",
                "alb.ingress.kubernetes.io/target-type": "ip",
            });
            expect(spec.ingressClassName).to.equal("alb");
            expect(spec.rules).to.deep.equal([
                {
                    host: "checkout.apps.example.com",
                    http: {
                        paths: [
                            {
                                path: "/",
                                pathType: "Prefix",
                                backend: { service: { name: "checkout", port: { number: 8080 } } },
                            },
                        ],
                    },
                },
            ]);
            expect(await unwrap(scope.balancerName)).to.equal("alb-public-3");
            expect(await unwrap(scope.dnsName)).to.equal(DEFAULT_ASSIGNMENT.dnsName);
        });

        it("passes group.order, Exact and Prefix paths, the Ingress name, annotations and labels as given", async () => {
            await deploy("v2", {
                ingressName: "checkout-api-v2",
                groupOrder: -10,
                paths: [
                    { path: "/orders", pathType: "Exact" },
                    { path: "/carts", pathType: "Prefix" },
                ],
                annotations: { "alb.ingress.kubernetes.io/healthcheck-path": "/healthz" },
                labels: { team: "payments" },
            });
            const { metadata, spec } = mocks.named("v2-ingress").inputs;
            expect(metadata.name).to.equal("checkout-api-v2");
            expect(metadata.labels).to.deep.equal({ team: "payments" });
            expect(metadata.annotations).to.include({
                "alb.ingress.kubernetes.io/group.order": "-10",
                "alb.ingress.kubernetes.io/healthcheck-path": "/healthz",
            });
            expect(
                spec.rules[0].http.paths.map((p: { path: string; pathType: string }) => [p.path, p.pathType]),
            ).to.deep.equal([
                ["/orders", "Exact"],
                ["/carts", "Prefix"],
            ]);
        });

        it("passes explicit providers to the children", async () => {
            const awsProvider = new aws.Provider("test-aws", { region: "eu-west-1" });
            const k8sProvider = new k8s.Provider("test-k8s", {});
            await deploy("providers", {}, { providers: { aws: awsProvider, kubernetes: k8sProvider } });
            const awsRef = `${await unwrap(awsProvider.urn)}::${await unwrap(awsProvider.id)}`;
            const k8sRef = `${await unwrap(k8sProvider.urn)}::${await unwrap(k8sProvider.id)}`;
            expect(mocks.named("providers-a-checkout.apps.example.com").provider).to.equal(awsRef);
            expect(mocks.named("providers-ingress").provider).to.equal(k8sRef);
        });
    });

    describe("assignment inputs", () => {
        it("asks for hosts x paths rules, with the domain, zone and region", async () => {
            await deploy("rules", {
                additionalDomains: ["shop.apps.example.com"],
                paths: [
                    { path: "/a", pathType: "Prefix" },
                    { path: "/b", pathType: "Prefix" },
                    { path: "/c", pathType: "Exact" },
                ],
            });
            expect(mocks.named("rules-assignment").inputs).to.deep.include({
                expectedRules: 6,
                region: "us-east-1",
                visibility: "internet-facing",
                domain: "checkout.apps.example.com",
                hostedZoneId: "Z0123456789ABCDEFGHIJ",
            });
        });

        it("multiplies the rules by the pool's listener ports that carry them, and writes those listeners on the Ingress", async () => {
            const twoHostsThreePaths: Partial<ScopeIngressArgs> = {
                additionalDomains: ["shop.apps.example.com"],
                paths: [
                    { path: "/a", pathType: "Prefix" },
                    { path: "/b", pathType: "Prefix" },
                    { path: "/c", pathType: "Exact" },
                ],
            };
            // A second HTTPS port carries every host and path again; HTTP still only redirects.
            await deploy("two-https", {
                ...twoHostsThreePaths,
                balancers: { ...ARGS.balancers, listenPorts: [{ HTTP: 80 }, { HTTPS: 443 }, { HTTPS: 8443 }] },
            });
            expect(mocks.named("two-https-assignment").inputs.expectedRules).to.equal(12);
            expect(mocks.named("two-https-ingress").inputs.metadata.annotations).to.include({
                "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP":80},{"HTTPS":443},{"HTTPS":8443}]',
                "alb.ingress.kubernetes.io/ssl-redirect": "443",
            });
            // Without the redirect the HTTP listener routes every host and path too.
            await deploy("no-redirect", {
                ...twoHostsThreePaths,
                balancers: { ...ARGS.balancers, sslRedirect: false },
            });
            expect(mocks.named("no-redirect-ingress").inputs.metadata.annotations).not.to.have.property(
                "alb.ingress.kubernetes.io/ssl-redirect",
            );
            expect(mocks.named("no-redirect-assignment").inputs.expectedRules).to.equal(12);
        });

        it("takes the pool's listeners from stack config when the arguments give none", async () => {
            setStackConfig({
                "scope-ingress:listenPorts": '[{"HTTP":8080},{"HTTPS":8443},{"HTTPS":9443}]',
                "scope-ingress:sslRedirect": "8443",
            });
            await deploy("listeners-config");
            expect(mocks.named("listeners-config-ingress").inputs.metadata.annotations).to.include({
                "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP":8080},{"HTTPS":8443},{"HTTPS":9443}]',
                "alb.ingress.kubernetes.io/ssl-redirect": "8443",
            });
            expect(mocks.named("listeners-config-assignment").inputs.expectedRules).to.equal(2);
        });

        it("refuses, before registering anything, a scope that sets its own listeners through annotations", async () => {
            expect(
                () =>
                    new ScopeIngress("own-ports", {
                        ...ARGS,
                        annotations: { "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS":80},{"HTTPS":443}]' },
                    }),
            ).to.throw(
                'annotations["alb.ingress.kubernetes.io/listen-ports"]: "[{\\"HTTPS\\":80},{\\"HTTPS\\":443}]" cannot be set here; the listeners are one setting of the whole pool',
            );
            expect(
                () =>
                    new ScopeIngress("own-ports", {
                        ...ARGS,
                        annotations: { "alb.ingress.kubernetes.io/ssl-redirect": "8443" },
                    }),
            ).to.throw('annotations["alb.ingress.kubernetes.io/ssl-redirect"]: "8443" cannot be set here');
            expect(
                () =>
                    new ScopeIngress("own-ports", {
                        ...ARGS,
                        balancers: { ...ARGS.balancers, listenPorts: [{ TCP: 80 } as never] },
                    }),
            ).to.throw('balancers.listenPorts: [{"TCP":80}] has the protocol "TCP"');
            await registrationsSettled();
            expect(mocks.registered.filter(r => r.name.startsWith("own-ports"))).to.deep.equal([]);
        });

        it("passes the placement options, ingressRef and pinnedBalancer only when given", async () => {
            await deploy("bare");
            const bare = mocks.named("bare-assignment").inputs;
            for (const key of ["maxRules", "strict", "assumeMissingInFlight", "ingressRef", "pinnedBalancer"]) {
                expect(bare, key).not.to.have.property(key);
            }
            await deploy("full", {
                balancers: { ...ARGS.balancers, maxRules: 90, strict: true, assumeMissingInFlight: true },
                ingressRef: { namespace: "checkout", name: "checkout-api" },
                pinnedBalancer: "alb-public-3",
            });
            expect(mocks.named("full-assignment").inputs).to.deep.include({
                maxRules: 90,
                strict: true,
                assumeMissingInFlight: true,
                ingressRef: { namespace: "checkout", name: "checkout-api" },
                pinnedBalancer: "alb-public-3",
            });
        });

        it("passes the coordination namespace and the scope's own Ingress only with coordination, from the argument or stack config", async () => {
            await deploy("uncoordinated");
            for (const key of ["coordinationNamespace", "ownIngress"]) {
                expect(mocks.named("uncoordinated-assignment").inputs, key).not.to.have.property(key);
            }
            await deploy("coordinated", {
                ingressName: "checkout-web",
                balancers: { ...ARGS.balancers, coordinationNamespace: "scope-ingress" },
            });
            expect(mocks.named("coordinated-assignment").inputs).to.deep.include({
                coordinationNamespace: "scope-ingress",
                ownIngress: { namespace: ARGS.namespace, name: "checkout-web" },
            });
            setStackConfig({ "scope-ingress:coordinationNamespace": "fleet" });
            await deploy("from-config");
            expect(mocks.named("from-config-assignment").inputs).to.deep.include({
                coordinationNamespace: "fleet",
                ownIngress: { namespace: ARGS.namespace, name: "from-config" },
            });
        });

        it("takes the pool from the arguments over stack config", async () => {
            setStackConfig({
                "scope-ingress:publicBalancer": "alb-cfg-1",
                "scope-ingress:additionalPublicBalancers": '["alb-cfg-2"]',
            });
            await deploy("pool-args");
            expect(mocks.named("pool-args-assignment").inputs).to.deep.include({
                baseBalancer: "alb-public-1",
                additionalBalancers: ["alb-public-2", "alb-public-3"],
            });
        });

        it("takes the pool from stack config over the defaults, per visibility", async () => {
            setStackConfig({
                "scope-ingress:publicBalancer": "alb-cfg-1",
                "scope-ingress:additionalPublicBalancers": '["alb-cfg-2","alb-cfg-3"]',
                "scope-ingress:privateBalancer": "alb-private-1",
            });
            await deploy("pool-config", { balancers: undefined });
            await deploy("pool-config-internal", { balancers: undefined, visibility: "internal" });
            expect(mocks.named("pool-config-assignment").inputs).to.deep.include({
                baseBalancer: "alb-cfg-1",
                additionalBalancers: ["alb-cfg-2", "alb-cfg-3"],
            });
            expect(mocks.named("pool-config-internal-assignment").inputs).to.deep.include({
                baseBalancer: "alb-private-1",
                additionalBalancers: [],
            });
        });

        it("falls back to the default base ALB without arguments or stack config", async () => {
            await deploy("pool-default", { balancers: undefined });
            expect(mocks.named("pool-default-assignment").inputs).to.deep.include({
                baseBalancer: "k8s-nullplatform-internet-facing",
                additionalBalancers: [],
            });
        });
    });

    describe("region", () => {
        const saved = { AWS_REGION: process.env.AWS_REGION, AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION };

        beforeEach(() => {
            delete process.env.AWS_REGION;
            delete process.env.AWS_DEFAULT_REGION;
        });

        afterEach(() => {
            for (const [key, value] of Object.entries(saved)) {
                if (value === undefined) {
                    delete process.env[key];
                } else {
                    process.env[key] = value;
                }
            }
        });

        it("takes stack config aws:region over the environment when no region is given", async () => {
            process.env.AWS_REGION = "us-west-2";
            setStackConfig({ "aws:region": "eu-central-1" });
            await deploy("region-config", { region: undefined });
            expect(mocks.named("region-config-assignment").inputs.region).to.equal("eu-central-1");
        });

        it("takes AWS_REGION when neither the argument nor stack config gives one", async () => {
            process.env.AWS_REGION = "us-west-2";
            await deploy("region-env", { region: undefined });
            expect(mocks.named("region-env-assignment").inputs.region).to.equal("us-west-2");
        });

        it("takes the region of an explicit aws provider over stack config, directly or through a parent", async () => {
            setStackConfig({ "aws:region": "eu-central-1" });
            const awsProvider = new aws.Provider("region-aws", { region: "ap-southeast-2" });
            await deploy("region-provider", { region: undefined }, { providers: { aws: awsProvider } });
            expect(mocks.named("region-provider-assignment").inputs.region).to.equal("ap-southeast-2");
            const parent = new pulumi.ComponentResource(
                "test:index:Platform",
                "platform",
                {},
                { providers: [awsProvider] },
            );
            await deploy("region-parent", { region: undefined }, { parent });
            expect(mocks.named("region-parent-assignment").inputs.region).to.equal("ap-southeast-2");
        });

        it("takes the region of an aws provider built by another copy of @pulumi/aws, which instanceof would miss", async () => {
            // A second load of @pulumi/aws's provider module is what a program's own, undeduped copy of
            // @pulumi/aws gives: a Provider class that is not this one.
            const modulePath = require.resolve("@pulumi/aws/provider");
            const loaded = require.cache[modulePath];
            delete require.cache[modulePath];
            let OtherCopyProvider: typeof aws.Provider;
            try {
                OtherCopyProvider = require("@pulumi/aws/provider").Provider;
            } finally {
                require.cache[modulePath] = loaded;
            }
            const awsProvider = new OtherCopyProvider("other-copy-aws", { region: "sa-east-1" });
            expect(awsProvider instanceof aws.Provider).to.equal(false);
            await deploy("region-other-copy", { region: undefined }, { providers: { aws: awsProvider } });
            expect(mocks.named("region-other-copy-assignment").inputs.region).to.equal("sa-east-1");
        });

        it("fails before registering anything, saying how to set a region, when none is found, in the one error of the scope", async () => {
            let message = "";
            try {
                new ScopeIngress("region-none", { ...ARGS, region: undefined, namespace: "Checkout" });
            } catch (e) {
                message = (e as Error).message;
            }
            expect(message).to.match(/^ScopeIngress "region-none" has invalid arguments:\n/);
            expect(message).to.contain('namespace: "Checkout"');
            expect(message).to.match(/region: no AWS region found.*pulumi config set aws:region/);
            await registrationsSettled();
            expect(mocks.registered.filter(r => r.name.startsWith("region-none"))).to.deep.equal([]);
        });
    });

    describe("hosted zone", () => {
        const GET_ZONE = "aws:route53/getZone:getZone";
        let rejections: CapturedRejections;

        beforeEach(() => {
            rejections = captureRejections();
        });

        afterEach(() => rejections.restore());

        it("fails the deployment with one error naming each hostname outside the hosted zone, its field, the zone and the fix", async () => {
            const scope = new ScopeIngress("outside", {
                ...ARGS,
                additionalDomains: [
                    "checkout.example.org",
                    "shop.apps.example.com",
                    "*.example.com",
                    "shopapps.example.com",
                ],
            });
            const error = await rejections.first();
            expect(pulumi.ResourceError.isInstance(error), String(error)).to.equal(true);
            expect((error as pulumi.ResourceError).resource).to.equal(scope);
            const message = (error as Error).message;
            expect(message).to.contain(
                'additionalDomains[0]: "checkout.example.org" is not in the hosted zone "apps.example.com" (Z0123456789ABCDEFGHIJ): ' +
                    'the AWS provider would name its record "checkout.example.org.apps.example.com" while the Ingress serves "checkout.example.org"; ' +
                    'use a hostname ending in ".apps.example.com", or give the hostnames of another zone their own ScopeIngress with that zone\'s hostedZoneId',
            );
            expect(message).to.contain(
                'additionalDomains[2]: "*.example.com" is not in the hosted zone "apps.example.com"',
            );
            expect(message).to.contain(
                'additionalDomains[3]: "shopapps.example.com" is not in the hosted zone "apps.example.com"',
            );
            expect(message).not.to.contain("additionalDomains[1]");
            expect(message).not.to.contain('domain: "checkout.apps.example.com"');
            // The records wait for the zone check; once every registration has settled, theirs has failed.
            await unwrap(scope.ingress.urn);
            await registrationsSettled();
            expect(
                mocks.registered.filter(r => r.name.startsWith("outside-") && r.type === "aws:route53/record:Record"),
            ).to.deep.equal([]);
            expect(new Set(rejections.reasons)).to.deep.equal(new Set([error]));
            // The refused records never register, as in a real run, which then ends with this error. Forget their pending
            // promises (an SDK internal, untyped) so that the test process's exit does not report them as leaked.
            (require("@pulumi/pulumi/runtime/debuggable") as { leakedPromises(): unknown }).leakedPromises();
        });

        it("fails the preview too: the zone is read during preview when its id is known", async () => {
            await pulumi.runtime.setMocks(mocks, "scope-ingress-tests", "test", true);
            try {
                expect(pulumi.runtime.isDryRun()).to.equal(true);
                const scope = new ScopeIngress("outside-preview", {
                    ...ARGS,
                    additionalDomains: ["checkout.example.org"],
                });
                const error = await rejections.first();
                expect((error as pulumi.ResourceError).resource).to.equal(scope);
                expect((error as Error).message).to.contain(
                    'additionalDomains[0]: "checkout.example.org" is not in the hosted zone "apps.example.com"',
                );
                await unwrap(scope.ingress.urn);
                await registrationsSettled();
                expect(
                    mocks.registered.filter(
                        r => r.name.startsWith("outside-preview-") && r.type === "aws:route53/record:Record",
                    ),
                ).to.deep.equal([]);
                (require("@pulumi/pulumi/runtime/debuggable") as { leakedPromises(): unknown }).leakedPromises();
            } finally {
                await pulumi.runtime.setMocks(mocks, "scope-ingress-tests", "test");
            }
        });

        it("accepts the zone's apex, names below it and a wildcard below it, whatever the zone name's letter case and trailing dot", async () => {
            mocks.zoneName = "Apps.Example.COM.";
            const hosts = ["apps.example.com", "*.apps.example.com", "a.b.apps.example.com"];
            const scope = await deploy("inside", { domain: hosts[0], additionalDomains: hosts.slice(1) });
            expect(scope.records).to.have.length(3);
            for (const host of hosts) {
                expect(mocks.named(`inside-a-${host}`).inputs).to.deep.include({
                    name: host,
                    zoneId: "Z0123456789ABCDEFGHIJ",
                });
            }
            expect(rejections.reasons).to.deep.equal([]);
        });

        it("reads the zone once per scope, by its id, through the component's aws provider", async () => {
            mocks.calls.length = 0;
            const awsProvider = new aws.Provider("zone-aws", { region: "eu-west-1" });
            await deploy(
                "zone-lookup",
                { additionalDomains: ["shop.apps.example.com"], dualStack: true },
                { providers: { aws: awsProvider } },
            );
            const lookups = mocks.calls.filter(call => call.token === GET_ZONE);
            expect(lookups).to.have.length(1);
            expect(lookups[0].inputs).to.deep.include({ zoneId: "Z0123456789ABCDEFGHIJ" });
            expect(lookups[0].provider).to.equal(`${await unwrap(awsProvider.urn)}::${await unwrap(awsProvider.id)}`);
        });

        it("reads no zone and refuses nothing without records, since no record can be mis-named", async () => {
            mocks.calls.length = 0;
            const scope = await deploy("zone-no-dns", {
                dnsRecords: false,
                additionalDomains: ["checkout.example.org"],
            });
            expect(scope.records).to.deep.equal([]);
            expect(mocks.calls.filter(call => call.token === GET_ZONE)).to.deep.equal([]);
            expect(rejections.reasons).to.deep.equal([]);
        });
    });

    describe("validation", () => {
        /**
         * Constructs a ScopeIngress named `name` from `args`, expects one error headed with its type and name that contains
         * each of `expected`, then proves nothing of it was registered once every registration begun has settled.
         */
        async function expectRefusedAndNothingRegistered(
            name: string,
            args: Record<string, unknown>,
            expected: string[],
        ): Promise<void> {
            let message = "";
            try {
                new ScopeIngress(name, { ...ARGS, ...args } as ScopeIngressArgs);
            } catch (e) {
                message = (e as Error).message;
            }
            expect(message, "the constructor threw").to.match(
                new RegExp(`^ScopeIngress "${name}" has invalid arguments:\n`),
            );
            for (const text of expected) {
                expect(message).to.contain(text);
            }
            await registrationsSettled();
            expect(mocks.registered.filter(r => r.name === name || r.name.startsWith(`${name}-`))).to.deep.equal([]);
        }

        it("refuses wrong JavaScript types, Kubernetes names and IP hostnames in one error, and registers nothing once registration has settled", async () => {
            await expectRefusedAndNothingRegistered(
                "typed",
                {
                    dualStack: "yes",
                    additionalDomains: "a.example.com",
                    domain: "10.0.0.1",
                    labels: { "team name": "payments" },
                    annotations: { "example.com/port": 8080 },
                    service: "checkout",
                },
                [
                    'dualStack: "yes" is not true or false',
                    'additionalDomains: "a.example.com" is a string, not an array',
                    'domain: "10.0.0.1" is an IP address',
                    'labels: "team name" is not a valid label key',
                    'annotations["example.com/port"]: 8080 is a number, not a string',
                    'service: "checkout" is a string, not an object',
                ],
            );
        });

        it("refuses limits that can never fit and a missing hostedZoneId, and registers nothing once registration has settled", async () => {
            await expectRefusedAndNothingRegistered(
                "limits",
                { balancers: { ...ARGS.balancers, maxRules: 0 }, hostedZoneId: undefined },
                ["balancers.maxRules: 0 is below the 1 listener rules one scope adds", "hostedZoneId: is missing"],
            );
        });

        it("names a misspelled scope-ingress stack config key with the valid keys, and registers nothing once registration has settled", async () => {
            setStackConfig({
                "scope-ingress:publicBalancers": "alb-public-1",
                "scope-ingress:listenPorts": '[{"HTTP":80},{"HTTPS":443}]',
                "aws:region": "us-east-1",
            });
            let message = "";
            try {
                new ScopeIngress("config-typo", ARGS);
            } catch (e) {
                message = (e as Error).message;
            }
            expect(message).to.equal(
                'ScopeIngress "config-typo" has invalid arguments:\n' +
                    "  stack config scope-ingress:publicBalancers: is not a setting of this package, so it would be ignored; did you mean scope-ingress:publicBalancer? " +
                    "The keys are scope-ingress:publicBalancer, scope-ingress:additionalPublicBalancers, scope-ingress:privateBalancer, " +
                    "scope-ingress:additionalPrivateBalancers, scope-ingress:listenPorts, scope-ingress:sslRedirect, scope-ingress:coordinationNamespace",
            );
            setStackConfig({});
            await registrationsSettled();
            expect(mocks.registered.filter(r => r.name.startsWith("config-typo"))).to.deep.equal([]);
        });

        it("rejects invalid arguments before registering anything", async () => {
            expect(
                () =>
                    new ScopeIngress("invalid", {
                        ...ARGS,
                        annotations: { "alb.ingress.kubernetes.io/load-balancer-name": "alb-public-3" },
                    }),
            ).to.throw(
                /annotations\["alb.ingress.kubernetes.io\/load-balancer-name"\]: "[^"]*" cannot be set here; .*point at different ALBs\. To move a scope to another ALB, set pinnedBalancer/,
            );
            expect(() => new ScopeIngress("invalid", { ...ARGS, service: { name: "checkout", port: 70000 } })).to.throw(
                /service\.port: 70000 must be at most 65535/,
            );
            await registrationsSettled();
            expect(mocks.registered.filter(r => r.name.startsWith("invalid"))).to.deep.equal([]);
        });
    });

    describe("warnings", () => {
        it("logs each of the assignment's warnings on the component", async () => {
            mocks.assignment = {
                ...DEFAULT_ASSIGNMENT,
                warnings: ["alb-public-1: skipped, AccessDenied", "alb-public-3: skipped, not found"],
            };
            const scope = await deploy("warned");
            expect(captured.warnings.map(w => w.message)).to.deep.equal([
                "alb-public-1: skipped, AccessDenied",
                "alb-public-3: skipped, not found",
            ]);
            for (const warning of captured.warnings) {
                expect(warning.resource).to.equal(scope);
            }
        });

        it("logs nothing for a clean assignment inside the pool", async () => {
            await deploy("quiet");
            expect(captured.warnings).to.deep.equal([]);
        });

        it("warns on the component when the stored ALB left the pool, saying the scope stays and how to move it", async () => {
            mocks.assignment = { ...DEFAULT_ASSIGNMENT, balancerName: "alb-retired" };
            const scope = await deploy("drift");
            expect(captured.warnings).to.have.length(1);
            expect(captured.warnings[0].resource).to.equal(scope);
            expect(captured.warnings[0].message).to.equal(
                'ALB "alb-retired" is no longer in the internet-facing pool (alb-public-1, alb-public-2, alb-public-3); ' +
                    "the scope stays on it, because its DNS and routing both follow the stored assignment. To move it, set pinnedBalancer to an ALB of the pool.",
            );
        });

        it("logs the departure once when the stored warnings already carry it", async () => {
            const departure =
                'ALB "alb-retired" is no longer in the internet-facing pool (alb-public-1, alb-public-2, alb-public-3); ' +
                "the scope stays on it, because its DNS and routing both follow the stored assignment. To move it, set pinnedBalancer to an ALB of the pool.";
            mocks.assignment = { ...DEFAULT_ASSIGNMENT, balancerName: "alb-retired", warnings: [departure] };
            await deploy("drift-stored");
            expect(captured.warnings.map(w => w.message)).to.deep.equal([departure]);
        });

        it("does not warn about a pinned ALB outside the pool", async () => {
            mocks.assignment = { ...DEFAULT_ASSIGNMENT, balancerName: "alb-special", source: "pinned" };
            await deploy("pinned-outside", { pinnedBalancer: "alb-special" });
            expect(captured.warnings).to.deep.equal([]);
        });
    });

    describe("every quota dimension", () => {
        it("gives the assignment the scope's shape and the thresholds of balancers, relative ones as given", async () => {
            await deploy("quotas", {
                additionalDomains: ["shop.apps.example.com"],
                balancers: { ...ARGS.balancers, maxRules: "75%", maxCertificates: 20, maxListeners: "90%" },
                annotations: { "alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:us-east-1:1:certificate/a" },
            });
            const inputs = mocks.named("quotas-assignment").inputs;
            expect(inputs).to.deep.include({ maxRules: "75%", maxCertificates: 20, maxListeners: "90%" });
            expect(inputs.maxTargetGroups, "left to the provider's default").to.equal(undefined);
            expect(inputs.scopeShape).to.deep.equal({
                hosts: ["checkout.apps.example.com", "shop.apps.example.com"],
                pathCount: 1,
                servicePorts: 1,
                listenPorts: [
                    { protocol: "HTTP", port: 80 },
                    { protocol: "HTTPS", port: 443 },
                ],
                sslRedirectPort: 443,
                certificateArns: ["arn:aws:acm:us-east-1:1:certificate/a"],
            });
        });
    });
});
