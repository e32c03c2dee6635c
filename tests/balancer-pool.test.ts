/** The BalancerPool component under Pulumi mocks, against the Kubernetes stand-in: anchors, shared settings, the published settings, the reference, grown members, shrinking, and a ScopeIngress consuming it. */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { BalancerPool } from "../components/balancer-pool";
import type { BalancerPoolArgs } from "../components/balancer-pool-args";
import { ScopeIngress } from "../components/scope-ingress";
import {
    GROWN_LABEL,
    POOL_SETTINGS_KEY,
    PoolReference,
    PoolSettings,
    anchorIngress,
    anchorIngressName,
} from "../core/pool-settings";
import { InvalidInputError } from "../core/problems";
import { poolMemberGuardProvider } from "../provider/pool-member-guard-provider";
import { CapturedRejections, captureRejections } from "./support/captured-rejections";
import { CHECKOUT_SCOPE } from "./support/checkout-scope";
import { DynamicProviderHost } from "./support/dynamic-provider-host";
import { KubernetesApiServer } from "./support/kubernetes-api-server";
import { RecordingMocks, installMocks, registrationsSettled, setStackConfig } from "./support/pulumi-mocks";
import { scopeIngress } from "./support/scope-ingress-object";
import { unwrap } from "./support/unwrap";

const NAMESPACE = "scope-ingress";

const ARGS: BalancerPoolArgs = {
    name: "public",
    visibility: "internet-facing",
    region: "us-east-1",
    coordinationNamespace: NAMESPACE,
    namePrefix: "alb-pub",
    minMembers: 2,
    maxMembers: 5,
};

/** The value of `output`, or its error: a rejected output never calls an apply. */
function settled<T>(output: pulumi.Output<T>): Promise<T> {
    return (output as unknown as { promise(): Promise<T> }).promise();
}

/** Builds a pool and waits until its members and every child are registered. */
async function deploy(resourceName: string, args: Partial<BalancerPoolArgs> = {}): Promise<BalancerPool> {
    const pool = new BalancerPool(resourceName, { ...ARGS, ...args });
    await unwrap(pool.reference);
    await registrationsSettled();
    return pool;
}

/** The settings the pool publishes, as growth in the scope stack reads them (for seeding grown anchors). */
function settingsOf(mocks: RecordingMocks, resourceName: string): PoolSettings {
    return JSON.parse(
        (mocks.named(`${resourceName}-settings`).inputs.data as Record<string, string>)[POOL_SETTINGS_KEY],
    );
}

describe("BalancerPool component", () => {
    let mocks: RecordingMocks;
    let kube: KubernetesApiServer;
    let kubeconfig: string | undefined;

    before(async () => {
        mocks = await installMocks();
        kube = await KubernetesApiServer.start();
        kubeconfig = process.env.KUBECONFIG;
        process.env.KUBECONFIG = kube.kubeconfigPath;
    });

    after(async () => {
        process.env.KUBECONFIG = kubeconfig;
        if (kubeconfig === undefined) {
            delete process.env.KUBECONFIG;
        }
        await kube.close();
    });

    beforeEach(() => {
        kube.reset();
        setStackConfig({});
    });

    describe("members", () => {
        it("creates one anchor Ingress per member, with the member's group and name, the scheme and a fixed 404, and no Service", async () => {
            await deploy("anchors");
            for (const member of ["alb-pub-1", "alb-pub-2"]) {
                const anchor = mocks.named(`anchors-anchor-${member}`);
                expect(anchor.type).to.equal("kubernetes:networking.k8s.io/v1:Ingress");
                expect(anchor.id, "a declared member is created, not imported").to.equal("");
                const { metadata, spec } = anchor.inputs;
                expect(metadata.name).to.equal(anchorIngressName(member));
                expect(metadata.namespace).to.equal(NAMESPACE);
                expect(metadata.labels).to.deep.equal({
                    "app.kubernetes.io/managed-by": "pulumi-scope-ingress",
                    "pulumi-scope-ingress/pool": "public",
                    "pulumi-scope-ingress/member": member,
                });
                expect(metadata.annotations).to.include({
                    "alb.ingress.kubernetes.io/group.name": member,
                    "alb.ingress.kubernetes.io/load-balancer-name": member,
                    "alb.ingress.kubernetes.io/scheme": "internet-facing",
                    "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP":80},{"HTTPS":443}]',
                    "alb.ingress.kubernetes.io/ssl-redirect": "443",
                });
                expect(
                    JSON.parse(metadata.annotations["alb.ingress.kubernetes.io/actions.anchor-fixed-404"]),
                ).to.deep.include({ type: "fixed-response" });
                expect(spec).to.deep.equal({
                    ingressClassName: "alb",
                    defaultBackend: { service: { name: "anchor-fixed-404", port: { name: "use-annotation" } } },
                });
                expect(spec.rules).to.equal(undefined);
            }
            expect(mocks.registered.filter(r => r.name.startsWith("anchors-anchor-"))).to.have.length(2);
        });

        it("creates a deletion guard per member of an explicit pool, depending on the member's anchor", async () => {
            const pool = await deploy("explicit", {
                namePrefix: undefined,
                minMembers: undefined,
                maxMembers: undefined,
                members: ["alb-a", "alb-b", "alb-c"],
            });
            expect(await unwrap(pool.members)).to.deep.equal(["alb-a", "alb-b", "alb-c"]);
            for (const member of ["alb-a", "alb-b", "alb-c"]) {
                const guard = mocks.named(`explicit-guard-${member}`);
                expect(guard.type).to.equal("pulumi-nodejs:dynamic/scope-ingress:PoolMemberGuard");
                expect(guard.inputs).to.deep.include({ pool: "public", member });
                // It depends on the member's anchor, so the engine deletes the guard (which refuses while scopes
                // are on the member) before the anchor.
                expect(mocks.dependencies.get(`explicit-guard-${member}`)).to.satisfy((urns: string[]) =>
                    urns.some(urn => urn.endsWith(`::explicit-anchor-${member}`)),
                );
            }
        });
    });

    describe("shared settings", () => {
        it("maps every typed ALB setting to its controller annotation, in the controller's formats", async () => {
            await deploy("shared", {
                ingressClassName: "alb-internet",
                subnets: ["subnet-0a", "subnet-0b"],
                securityGroups: ["sg-01", "sg-02"],
                certificateArns: [
                    "arn:aws:acm:us-east-1:123456789012:certificate/one",
                    "arn:aws:acm:us-east-1:123456789012:certificate/two",
                ],
                tags: { team: "platform", env: "prod" },
                accessLogs: { bucket: "alb-logs", prefix: "public" },
                idleTimeoutSeconds: 120,
                wafv2AclArn: "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/edge/abc",
                annotations: { "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06" },
                listenPorts: [{ HTTPS: 443 }],
                sslRedirect: false,
            });
            const { metadata, spec } = mocks.named("shared-anchor-alb-pub-1").inputs;
            expect(spec.ingressClassName).to.equal("alb-internet");
            expect(metadata.annotations).to.include({
                "alb.ingress.kubernetes.io/subnets": "subnet-0a,subnet-0b",
                "alb.ingress.kubernetes.io/security-groups": "sg-01,sg-02",
                "alb.ingress.kubernetes.io/certificate-arn":
                    "arn:aws:acm:us-east-1:123456789012:certificate/one,arn:aws:acm:us-east-1:123456789012:certificate/two",
                "alb.ingress.kubernetes.io/tags": "team=platform,env=prod",
                "alb.ingress.kubernetes.io/load-balancer-attributes":
                    "access_logs.s3.enabled=true,access_logs.s3.bucket=alb-logs,access_logs.s3.prefix=public,idle_timeout.timeout_seconds=120",
                "alb.ingress.kubernetes.io/wafv2-acl-arn":
                    "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/edge/abc",
                "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
                "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS":443}]',
            });
            expect(metadata.annotations).not.to.have.property("alb.ingress.kubernetes.io/ssl-redirect");
            // Every member shares them: the second anchor differs only in the member's names.
            const second = mocks.named("shared-anchor-alb-pub-2").inputs.metadata.annotations;
            for (const key of Object.keys(metadata.annotations).filter(
                k => !/group\.name|load-balancer-name/.test(k),
            )) {
                expect(second[key], key).to.equal(metadata.annotations[key]);
            }
        });

        it("publishes the settings in the coordination namespace, in the ConfigMap and key growth reads", async () => {
            await deploy("published", { draining: ["alb-pub-2"], subnets: ["subnet-0a", "subnet-0b"] });
            const { inputs } = mocks.named("published-settings");
            expect(inputs.metadata).to.deep.include({ name: "scope-ingress-pool-public", namespace: NAMESPACE });
            const settings = settingsOf(mocks, "published");
            expect(settings).to.deep.include({
                name: "public",
                visibility: "internet-facing",
                region: "us-east-1",
                namePrefix: "alb-pub",
                maxMembers: 5,
                members: ["alb-pub-1", "alb-pub-2"],
                draining: ["alb-pub-2"],
                anchorNamespace: NAMESPACE,
                ingressClassName: "alb",
            });
            // Growth builds a member from exactly these: its anchor equals the platform's but for the names.
            expect(anchorIngress(settings, "alb-pub-1", false).metadata.annotations).to.deep.equal(
                mocks.named("published-anchor-alb-pub-1").inputs.metadata.annotations,
            );
        });

        it("exports the PoolReference a scope stack passes as balancers", async () => {
            const pool = await deploy("exported", { draining: ["alb-pub-1"], maxRules: 60 });
            const reference: PoolReference = await unwrap(pool.reference);
            expect(reference).to.deep.equal({
                base: "alb-pub-1",
                additional: ["alb-pub-2"],
                maxRules: 60,
                // The other thresholds' defaults, exported so that every scope of the pool uses the pool's.
                maxTargetGroups: "75%",
                maxCertificates: "75%",
                maxListeners: "75%",
                listenPorts: [{ HTTP: 80 }, { HTTPS: 443 }],
                sslRedirect: 443,
                coordinationNamespace: NAMESPACE,
                pool: {
                    name: "public",
                    visibility: "internet-facing",
                    region: "us-east-1",
                    namePrefix: "alb-pub",
                    maxMembers: 5,
                    draining: ["alb-pub-1"],
                },
            });
            // Plain JSON: what a StackReference hands back and --pool-json reads.
            expect(JSON.parse(JSON.stringify(reference))).to.deep.equal(reference);
        });
    });

    describe("grown members", () => {
        it("takes a grown anchor into its state by import, with the very manifest growth created, and publishes it", async () => {
            await deploy("first");
            const settings = settingsOf(mocks, "first");
            const grown = anchorIngress(settings, "alb-pub-3", true);
            kube.seed({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", ...grown });
            const pool = await deploy("grown");
            expect(await unwrap(pool.members)).to.deep.equal(["alb-pub-1", "alb-pub-2", "alb-pub-3"]);
            const anchor = mocks.named("grown-anchor-alb-pub-3");
            expect(anchor.id).to.equal(`${NAMESPACE}/${anchorIngressName("alb-pub-3")}`);
            expect(anchor.inputs.metadata).to.deep.equal(grown.metadata);
            expect(anchor.inputs.metadata.labels[GROWN_LABEL]).to.equal("true");
            expect(anchor.inputs.spec).to.deep.equal(grown.spec);
            expect(mocks.named("grown-anchor-alb-pub-1").id).to.equal("");
            expect(settingsOf(mocks, "grown").members).to.deep.equal(["alb-pub-1", "alb-pub-2", "alb-pub-3"]);
            expect((await unwrap(pool.reference)).additional).to.deep.equal(["alb-pub-2", "alb-pub-3"]);
        });

        it("ignores another pool's anchors and other Ingresses", async () => {
            await deploy("base");
            const other = anchorIngress({ ...settingsOf(mocks, "base"), name: "internal" }, "alb-pub-4", true);
            kube.seed({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", ...other });
            kube.seed(scopeIngress("apps", "checkout", "alb-pub-1", ["checkout.apps.example.com"]) as never);
            const pool = await deploy("others");
            expect(await unwrap(pool.members)).to.deep.equal(["alb-pub-1", "alb-pub-2"]);
        });
    });

    describe("shrinking", () => {
        let rejections: CapturedRejections;
        beforeEach(() => {
            rejections = captureRejections();
        });
        afterEach(() => rejections.restore());

        /** Seeds the anchors of `members` (grown ones labelled so) as the cluster would hold them. */
        async function seedAnchors(grown: string[]): Promise<void> {
            await deploy(`seed-${grown.length}`);
            const settings = settingsOf(mocks, `seed-${grown.length}`);
            for (const member of ["alb-pub-1", "alb-pub-2"]) {
                kube.seed({
                    apiVersion: "networking.k8s.io/v1",
                    kind: "Ingress",
                    ...anchorIngress(settings, member, false),
                });
            }
            for (const member of grown) {
                kube.seed({
                    apiVersion: "networking.k8s.io/v1",
                    kind: "Ingress",
                    ...anchorIngress(settings, member, true),
                });
            }
        }

        it("refuses to lower maxMembers below members in use, listing the scopes on each, and registers no member", async () => {
            await seedAnchors(["alb-pub-3", "alb-pub-4"]);
            kube.seed(scopeIngress("apps", "checkout", "alb-pub-3", ["checkout.apps.example.com"]) as never);
            kube.seed(scopeIngress("apps", "pay", "alb-pub-3", ["pay.apps.example.com"]) as never);
            kube.seed(scopeIngress("shop", "cart", "alb-pub-4", ["cart.apps.example.com"]) as never);
            const pool = new BalancerPool("shrink", { ...ARGS, maxMembers: 2 });
            const error = await settled(pool.reference).then(
                () => expect.fail("lowering maxMembers below members in use must fail"),
                (err: unknown) => err,
            );
            expect(error).to.be.instanceOf(InvalidInputError);
            const message = (error as Error).message;
            expect(message).to.contain('BalancerPool "shrink" cannot shrink');
            expect(message).to.contain(
                "member alb-pub-3: would be removed from the pool, but still has 2 scope(s): apps/checkout, apps/pay",
            );
            expect(message).to.contain(
                "member alb-pub-4: would be removed from the pool, but still has 1 scope(s): shop/cart",
            );
            expect((error as InvalidInputError).problems).to.have.length(2);
            await registrationsSettled();
            expect(mocks.registered.filter(r => r.name.startsWith("shrink-anchor-"))).to.deep.equal([]);
        });

        it("lets a member without scopes go: lowering maxMembers drops an empty grown member", async () => {
            await seedAnchors(["alb-pub-3"]);
            kube.seed(scopeIngress("apps", "checkout", "alb-pub-2", ["checkout.apps.example.com"]) as never);
            const pool = await deploy("shrink-empty", { maxMembers: 2 });
            expect(await unwrap(pool.members)).to.deep.equal(["alb-pub-1", "alb-pub-2"]);
            expect(mocks.registered.filter(r => r.name === "shrink-empty-anchor-alb-pub-3")).to.deep.equal([]);
        });

        it("refuses to remove an explicit member or lower minMembers below members in use", async () => {
            await seedAnchors([]);
            kube.seed(scopeIngress("apps", "checkout", "alb-pub-2", ["checkout.apps.example.com"]) as never);
            const pool = new BalancerPool("shrink-min", { ...ARGS, minMembers: 1, maxMembers: 1 });
            const message = await settled(pool.reference).then(
                () => expect.fail("must fail"),
                (err: Error) => err.message,
            );
            expect(message).to.contain(
                "member alb-pub-2: would be removed from the pool, but still has 1 scope(s): apps/checkout",
            );

            // An explicit pool's anchors, one member taken out of the list.
            kube.reset();
            const explicit = { ...ARGS, namePrefix: undefined, minMembers: undefined, maxMembers: undefined };
            await deploy("explicit-seed", { ...explicit, members: ["alb-a", "alb-b"] });
            const settings = settingsOf(mocks, "explicit-seed");
            for (const member of ["alb-a", "alb-b"]) {
                kube.seed({
                    apiVersion: "networking.k8s.io/v1",
                    kind: "Ingress",
                    ...anchorIngress(settings, member, false),
                });
            }
            kube.seed(scopeIngress("shop", "cart", "alb-b", ["cart.apps.example.com"]) as never);
            const removed = new BalancerPool("explicit-removed", { ...explicit, members: ["alb-a"] });
            expect(
                await settled(removed.reference).then(
                    () => expect.fail("must fail"),
                    (err: Error) => err.message,
                ),
            ).to.contain("member alb-b: would be removed from the pool, but still has 1 scope(s): shop/cart");
        });

        it("fails the deployment naming the kubeconfig's context when the cluster cannot be read", async () => {
            kube.forbid("list", "ingresses");
            const pool = new BalancerPool("unreadable", ARGS);
            const message = await settled(pool.reference).then(
                () => expect.fail("must fail"),
                (err: Error) => err.message,
            );
            expect(message).to.contain('BalancerPool "unreadable": reading the pool\'s members in the cluster');
            expect(message).to.contain("HTTP 403");
            expect(message).to.contain("ClusterRole");
        });
    });

    describe("the member guard's delete (the backstop of pulumi destroy and of a member removed from state)", () => {
        it("refuses while a scope's Ingress is on the member, listing it, and ignores the member's anchor", async () => {
            await deploy("guarded");
            const settings = settingsOf(mocks, "guarded");
            kube.seed({
                apiVersion: "networking.k8s.io/v1",
                kind: "Ingress",
                ...anchorIngress(settings, "alb-pub-1", false),
            });
            await poolMemberGuardProvider.delete!("public/alb-pub-1", { pool: "public", member: "alb-pub-1" });
            kube.seed(scopeIngress("apps", "checkout", "alb-pub-1", ["checkout.apps.example.com"]) as never);
            const message = await poolMemberGuardProvider.delete!("public/alb-pub-1", {
                pool: "public",
                member: "alb-pub-1",
            }).then(
                () => expect.fail("must refuse"),
                (err: Error) => err.message,
            );
            expect(message).to.contain('BalancerPool "public" member alb-pub-1 still has 1 scope(s): apps/checkout');
            expect(message).to.contain("The member and its ALB are kept");
        });
    });

    describe("the member guard through Pulumi's dynamic-provider host, as the engine runs it", () => {
        it("creates without touching the cluster, then refuses the member's delete while a scope is on it, from its serialized provider", async function () {
            this.timeout(60_000);
            await deploy("engine", { minMembers: 1, maxMembers: 1 });
            const { inputs } = mocks.named("engine-guard-alb-pub-1");
            expect(inputs.__provider, "the serialized provider").to.be.a("string");
            const host = await DynamicProviderHost.start({ KUBECONFIG: kube.kubeconfigPath });
            try {
                const urn =
                    "urn:pulumi:test::scope-ingress::pulumi-nodejs:dynamic/scope-ingress:PoolMemberGuard::engine-guard-alb-pub-1";
                const requests = kube.requests.length;
                const created = await host.create(urn, inputs);
                expect(created.id).to.equal("public/alb-pub-1");
                expect(kube.requests.length, "create reads nothing").to.equal(requests);
                kube.seed(scopeIngress("apps", "checkout", "alb-pub-1", ["checkout.apps.example.com"]) as never);
                const refused = await host.delete(created.id, urn, created.properties).then(
                    () => expect.fail("the delete must be refused"),
                    (err: Error) => err.message,
                );
                expect(refused).to.contain(
                    'BalancerPool "public" member alb-pub-1 still has 1 scope(s): apps/checkout',
                );
                kube.reset();
                await host.delete(created.id, urn, created.properties);
            } finally {
                await host.stop();
            }
        });
    });

    describe("validation", () => {
        it("refuses, before registering anything, with one error listing every bad field", async () => {
            let error: unknown;
            try {
                new BalancerPool("invalid", {
                    ...ARGS,
                    name: "Public_Pool",
                    region: "us-east",
                    coordinationNamespace: "",
                    namePrefix: "alb-this-prefix-is-far-too-long-for-alb",
                    minMembers: 3,
                    maxMembers: 2,
                    draining: ["alb-other-1"],
                    subnets: ["subnet-0a"],
                    tags: { "aws:owner": "me" },
                    idleTimeoutSeconds: 0,
                    wafv2AclArn: "not-an-arn",
                    accessLogs: { bucket: "Logs_Bucket" },
                    annotations: {
                        "alb.ingress.kubernetes.io/group.name": "mine",
                        "alb.ingress.kubernetes.io/scheme": "internal",
                        "alb.ingress.kubernetes.io/load-balancer-name": "x",
                    },
                    members: undefined,
                    extra: true,
                } as BalancerPoolArgs);
            } catch (err) {
                error = err;
            }
            expect(error).to.be.instanceOf(InvalidInputError);
            const fields = (error as InvalidInputError).problems.map(p => p.field);
            expect(fields).to.include.members([
                "extra",
                "name",
                "region",
                "coordinationNamespace",
                "maxMembers",
                "namePrefix",
                "draining[0]",
                "subnets",
                "tags",
                "idleTimeoutSeconds",
                "wafv2AclArn",
                "accessLogs.bucket",
                'annotations["alb.ingress.kubernetes.io/group.name"]',
                'annotations["alb.ingress.kubernetes.io/scheme"]',
                'annotations["alb.ingress.kubernetes.io/load-balancer-name"]',
            ]);
            expect((error as Error).message).to.match(/^BalancerPool "invalid" has invalid arguments:\n/);
            await registrationsSettled();
            expect(mocks.registered.filter(r => r.name.startsWith("invalid"))).to.deep.equal([]);
        });

        it("refuses bad thresholds with ScopeIngress's rules and messages, in one error naming each field", async () => {
            let error: unknown;
            try {
                new BalancerPool("bad-thresholds", {
                    ...ARGS,
                    maxRules: "150%" as never,
                    maxTargetGroups: -1,
                    maxCertificates: "lots" as never,
                    maxListeners: true as never,
                });
            } catch (err) {
                error = err;
            }
            expect(error).to.be.instanceOf(InvalidInputError);
            const problems = (error as InvalidInputError).problems;
            expect(problems.map(p => p.field)).to.deep.equal([
                "maxRules",
                "maxTargetGroups",
                "maxCertificates",
                "maxListeners",
            ]);
            const message = (error as Error).message;
            expect(message).to.match(/^BalancerPool "bad-thresholds" has invalid arguments:\n/);
            expect(message)
                .to.contain('maxRules: "150%" is not a whole percentage from "1%" to "100%"')
                .and.contain("maxTargetGroups: -1 is not a whole number of 0 or more")
                .and.contain('maxCertificates: "lots" is not a whole percentage')
                .and.contain('maxListeners: true is neither a whole number nor a percentage such as "75%"')
                .and.contain("give the most target groups one ALB may carry");
            await registrationsSettled();
            expect(mocks.registered.filter(r => r.name.startsWith("bad-thresholds"))).to.deep.equal([]);
        });

        it("takes only whole-ALB controller annotations through annotations, not another prefix, actions, or a key a field sets", () => {
            let error: unknown;
            try {
                new BalancerPool("escape", {
                    ...ARGS,
                    annotations: {
                        "example.com/team": "platform",
                        "alb.ingress.kubernetes.io/actions.redirect": "{}",
                        "alb.ingress.kubernetes.io/tags": "a=b",
                        "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
                    },
                });
            } catch (err) {
                error = err;
            }
            const problems = (error as InvalidInputError).problems.map(p => `${p.field} ${p.fix}`);
            expect(problems).to.have.length(3);
            expect(problems[0]).to.match(/^annotations use an alb\.ingress\.kubernetes\.io\/<name> key/);
            expect(problems[1]).to.match(/actions\.redirect"\] an anchor has no rules/);
            expect(problems[2]).to.equal('annotations["alb.ingress.kubernetes.io/tags"] set tags instead');
        });

        it("refuses members together with namePrefix, and neither", () => {
            expect(() => new BalancerPool("both", { ...ARGS, members: ["alb-a"] })).to.throw(
                'namePrefix: "alb-pub" cannot be given with members',
            );
            expect(
                () =>
                    new BalancerPool("neither", {
                        ...ARGS,
                        namePrefix: undefined,
                        minMembers: undefined,
                        maxMembers: undefined,
                    }),
            ).to.throw("members: is missing, and so is namePrefix");
            expect(
                () =>
                    new BalancerPool("upper", {
                        ...ARGS,
                        namePrefix: undefined,
                        minMembers: undefined,
                        maxMembers: undefined,
                        members: ["ALB-A", "alb-b", "alb-b"],
                    }),
            ).to.throw(/members\[0\]: "ALB-A" has upper-case letters[\s\S]*members\[2\]: "alb-b" is listed twice/);
        });
    });

    describe("a ScopeIngress consuming the reference", () => {
        async function reference(args: Partial<BalancerPoolArgs> = {}): Promise<PoolReference> {
            const pool = await deploy(`ref-${Object.keys(args).join("-") || "plain"}`, args);
            return unwrap(pool.reference);
        }

        it("places on the members that are not draining, passes the pool to the assignment, and takes the pool's region", async () => {
            const balancers = await reference({ minMembers: 3, draining: ["alb-pub-1"], region: "eu-west-1" });
            const scope = new ScopeIngress("consumer", { ...CHECKOUT_SCOPE, balancers });
            await unwrap(scope.assignment.urn);
            const { inputs } = mocks.named("consumer-assignment");
            expect(inputs.baseBalancer).to.equal("alb-pub-2");
            expect(inputs.additionalBalancers).to.deep.equal(["alb-pub-3"]);
            expect(inputs.pool).to.deep.equal(balancers.pool);
            expect(inputs.region).to.equal("eu-west-1");
            expect(inputs.coordinationNamespace).to.equal(NAMESPACE);
            expect(inputs.maxRules).to.equal(75);
        });

        it("passes the pool's every threshold, as given, to the scope's assignment and capacity check", async () => {
            const thresholds = {
                maxRules: "80%",
                maxTargetGroups: 50,
                maxCertificates: "40%",
                maxListeners: 20,
            } as const;
            const balancers = await reference(thresholds);
            expect(balancers).to.deep.include(thresholds);
            // The reference as a StackReference hands it back: plain JSON, accepted by ScopeIngress as it is.
            const scope = new ScopeIngress("thresholds", {
                ...CHECKOUT_SCOPE,
                balancers: JSON.parse(JSON.stringify(balancers)),
            });
            await unwrap(scope.capacityCheck.urn);
            await registrationsSettled();
            expect(mocks.named("thresholds-assignment").inputs).to.deep.include(thresholds);
            expect(mocks.named("thresholds-capacity").inputs).to.deep.include(thresholds);
        });

        it("refuses a pool of the other visibility, a region other than the pool's, and a pool with every member draining", async () => {
            const balancers = await reference({ draining: ["alb-pub-1", "alb-pub-2"] });
            expect(
                () =>
                    new ScopeIngress("mismatch", {
                        ...CHECKOUT_SCOPE,
                        visibility: "internal",
                        region: "us-west-2",
                        balancers,
                    }),
            )
                .to.throw(InvalidInputError)
                .with.property("message")
                .that.contains(
                    'balancers.pool.visibility: "internet-facing" is not this scope\'s visibility "internal"',
                )
                .and.contains('region: "us-west-2" is not the region of pool "public" (us-east-1)')
                .and.contains('balancers.pool.draining: ["alb-pub-1","alb-pub-2"] leaves no member of the pool');
            await registrationsSettled();
            expect(mocks.registered.filter(r => r.name.startsWith("mismatch"))).to.deep.equal([]);
        });

        it("refuses a reference whose pool is not an object or whose members are not ALB names", () => {
            expect(
                () =>
                    new ScopeIngress("broken", {
                        ...CHECKOUT_SCOPE,
                        region: "us-east-1",
                        balancers: { base: "alb pub 1", pool: "public" as never },
                    }),
            ).to.throw(/balancers\.base: "alb pub 1" is not a valid ALB name[\s\S]*balancers\.pool: "public"/);
        });
    });
});
