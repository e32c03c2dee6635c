/**
 * A first `pulumi up` of one ScopeIngress whose resource operations really happen: the SDK registers the component
 * under mocks (so it orders the registrations by their dependencies, as it does for the engine), and each
 * registration is carried out: the Ingress is created in the Kubernetes stand-in, the reconciliation check runs in
 * the real dynamic-provider host, the Route53 record is written to moto.
 */
import {
    DescribeListenersCommand,
    DescribeRulesCommand,
    ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { ChangeResourceRecordSetsCommand, Route53Client } from "@aws-sdk/client-route-53";
import * as pulumi from "@pulumi/pulumi";
import { ScopeIngress } from "../../components/scope-ingress";
import type { IngressPath } from "../../components/ingress-manifest";
import { expectedRoutes, unservedRoutes } from "../../core/served-routes";
import type { AwsWorld } from "./aws-world";
import type { CreatedBalancer } from "./alb-fixtures";
import { DynamicProviderHost, dynamicUrn } from "./dynamic-provider-host";
import type { KubernetesApiServer } from "./kubernetes-api-server";
import { createZone } from "./route53-fixtures";

/** One resource operation carried out, in the order it happened. */
export interface Write {
    kind: "assignment" | "move" | "ingress" | "check" | "record";
    name: string;
    /** When it completed (ms since the epoch). */
    at: number;
    /** For a record: whether the ALB routed every host and path at the moment the record was written. */
    routedWhenWritten?: boolean;
}

/** What {@link deployScope} needs. */
export interface ScopeDeploymentSpec {
    world: AwsWorld;
    kube: KubernetesApiServer;
    host: DynamicProviderHost;
    /** The ReconciliationCheck's serialized provider. */
    provider: string;
    /** The ALB the assignment answers with. */
    balancer: CreatedBalancer;
    name: string;
    hosts: string[];
    paths: IngressPath[];
}

/** A prepared deployment: its zone, and `run` to deploy once. */
export interface ScopeDeployment {
    zoneId: string;
    run(options: { timeoutSeconds: number }): Promise<{ writes: Write[]; error?: Error }>;
    dispose(): void;
}

const ZONE = "apps.example.com";

/** Creates the hosted zone and returns a deployment of one scope on `spec.balancer`. */
export async function deployScope(spec: ScopeDeploymentSpec): Promise<ScopeDeployment> {
    const zoneId = await createZone(spec.world.moto.url, ZONE);
    const elb = new ElasticLoadBalancingV2Client({ endpoint: spec.world.moto.url, region: "us-east-1" });
    const route53 = new Route53Client({ endpoint: spec.world.moto.url, region: "us-east-1" });
    const k8s = await import("@kubernetes/client-node");
    const config = new k8s.KubeConfig();
    config.loadFromFile(spec.kube.kubeconfigPath);
    const networking = config.makeApiClient(k8s.NetworkingV1Api);

    async function routed(): Promise<boolean> {
        const listeners =
            (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: spec.balancer.arn }))).Listeners ?? [];
        const rules = [];
        for (const l of listeners) {
            for (const r of (await elb.send(new DescribeRulesCommand({ ListenerArn: l.ListenerArn }))).Rules ?? []) {
                const values = (field: string) =>
                    (r.Conditions ?? [])
                        .filter(c => c.Field === field)
                        .flatMap(c => c.HostHeaderConfig?.Values ?? c.PathPatternConfig?.Values ?? c.Values ?? []);
                rules.push({ port: l.Port!, hostValues: values("host-header"), pathValues: values("path-pattern") });
            }
        }
        return unservedRoutes(expectedRoutes(spec.hosts, spec.paths), [443], rules).length === 0;
    }

    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on("unhandledRejection", onRejection);

    return {
        zoneId,
        dispose: () => process.off("unhandledRejection", onRejection),
        async run({ timeoutSeconds }) {
            const writes: Write[] = [];
            let error: Error | undefined;
            await pulumi.runtime.setMocks(
                {
                    newResource: async args => {
                        if (args.type === "kubernetes:networking.k8s.io/v1:Ingress") {
                            const { metadata, spec: ingressSpec } = args.inputs;
                            await networking.createNamespacedIngress({
                                namespace: metadata.namespace,
                                body: {
                                    apiVersion: "networking.k8s.io/v1",
                                    kind: "Ingress",
                                    metadata,
                                    spec: ingressSpec,
                                },
                            });
                            writes.push({ kind: "ingress", name: args.name, at: Date.now() });
                            return { id: `${metadata.namespace}/${metadata.name}`, state: args.inputs };
                        }
                        if (args.type === "aws:route53/record:Record") {
                            const routedNow = await routed();
                            const alias = args.inputs.aliases[0];
                            await route53.send(
                                new ChangeResourceRecordSetsCommand({
                                    HostedZoneId: args.inputs.zoneId,
                                    ChangeBatch: {
                                        Changes: [
                                            {
                                                Action: "UPSERT",
                                                ResourceRecordSet: {
                                                    Name: args.inputs.name,
                                                    Type: args.inputs.type,
                                                    AliasTarget: {
                                                        DNSName: alias.name,
                                                        HostedZoneId: alias.zoneId,
                                                        EvaluateTargetHealth: alias.evaluateTargetHealth,
                                                    },
                                                },
                                            },
                                        ],
                                    },
                                }),
                            );
                            writes.push({
                                kind: "record",
                                name: args.name,
                                at: Date.now(),
                                routedWhenWritten: routedNow,
                            });
                            return { id: args.name, state: args.inputs };
                        }
                        if (args.name.endsWith("-reconciliation")) {
                            const urn = dynamicUrn(args.name);
                            try {
                                const checked = await spec.host.check(urn, {}, args.inputs);
                                const created = await spec.host.create(urn, checked.inputs);
                                writes.push({ kind: "check", name: args.name, at: Date.now() });
                                return { id: created.id, state: created.properties };
                            } catch (err) {
                                error ??= err as Error;
                                throw err;
                            }
                        }
                        if (args.name.endsWith("-move") || args.name.endsWith("-transit-cleanup")) {
                            // A first create: nothing moves, the scope's Ingress belongs where the assignment is.
                            writes.push({ kind: "move", name: args.name, at: Date.now() });
                            const serving = args.name.endsWith("-move")
                                ? { servingBalancer: args.inputs.targetBalancer, servingAlias: args.inputs.targetAlias }
                                : {};
                            return { id: args.name, state: { ...args.inputs, ...serving } };
                        }
                        // The assignment: the placement is not under test here; it answers with the ALB.
                        writes.push({ kind: "assignment", name: args.name, at: Date.now() });
                        return {
                            id: args.name,
                            state: {
                                ...args.inputs,
                                balancerName: spec.balancer.name,
                                dnsName: spec.balancer.dnsName,
                                canonicalHostedZoneId: spec.balancer.canonicalHostedZoneId,
                                loadBalancerArn: spec.balancer.arn,
                                source: "least-loaded",
                                warnings: [],
                                creationWarnings: [],
                                overwritableRecords: [],
                            },
                        };
                    },
                    call: args =>
                        args.token === "aws:route53/getZone:getZone"
                            ? { id: args.inputs.zoneId, zoneId: args.inputs.zoneId, name: ZONE, privateZone: false }
                            : {},
                },
                "scope-ingress",
                "test",
                false,
            );
            new ScopeIngress(spec.name, {
                visibility: "internet-facing",
                domain: spec.hosts[0],
                additionalDomains: spec.hosts.slice(1),
                hostedZoneId: zoneId,
                namespace: "checkout",
                service: { name: "checkout", port: 8080 },
                paths: spec.paths,
                balancers: { base: spec.balancer.name },
                region: "us-east-1",
                reconciliation: { timeoutSeconds },
            });
            // Done when every record is written, or when the check failed (its dependents then never register).
            const deadline = Date.now() + (timeoutSeconds + 20) * 1000;
            while (writes.filter(w => w.kind === "record").length < spec.hosts.length && !error) {
                if (Date.now() > deadline) {
                    throw new Error(`deployment neither finished nor failed: ${JSON.stringify(writes)}`);
                }
                await new Promise(resolve => setTimeout(resolve, 50));
            }
            // A record that would wrongly follow a failed check has time to show up here.
            await new Promise(resolve => setTimeout(resolve, 500));
            return { writes, error };
        },
    };
}
