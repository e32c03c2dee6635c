/**
 * The deployments of one scope as `pulumi up` carries them out, in the order of the component's resource graph:
 * BalancerAssignment → ScopeMove (real providers, in a dynamic-provider host) → the scope's Ingress (Kubernetes
 * stand-in) → its Route53 record (moto) → TransitCleanup (real provider). The state between deployments is kept as
 * Pulumi keeps it: a step's new outputs only once the step returned, so a host killed midway leaves the step to the
 * next `up`. The reconciliation check between the Ingress and the records is left out (its own tests run it).
 */
import { ChangeResourceRecordSetsCommand, Route53Client } from "@aws-sdk/client-route-53";
import { IngressPath, buildIngressManifest } from "../../components/ingress-manifest";
import { DEFAULT_LISTEN_PORTS, DEFAULT_SSL_REDIRECT_PORT } from "../../core/pool-listeners";
import type { CreatedBalancer } from "./alb-fixtures";
import { DynamicProviderHost, dynamicUrn } from "./dynamic-provider-host";
import type { KubernetesApiServer } from "./kubernetes-api-server";

type Props = Record<string, unknown>;

/** Where an `up` stops as if the engine died: after a step, or when the host's log matches (mid-step). */
export interface Interruption {
    afterStep?: "assignment" | "move" | "ingress" | "records";
    /** Kills the host process as soon as its log matches. */
    killWhen?: RegExp;
}

/** One scope's stack: its state, and `up`. */
export class MoveStack {
    /** Each dynamic resource's id and stored outputs, as in the checkpoint. */
    readonly state: {
        assignment?: { id: string; outs: Props };
        move?: { id: string; outs: Props };
        cleanup?: { id: string; outs: Props };
    } = {};
    /** The steps each `up` carried out, e.g. `move:update`, `cleanup:none`. */
    readonly steps: string[] = [];

    constructor(
        private readonly options: {
            motoUrl: string;
            kube: KubernetesApiServer;
            providers: { assignment: string; move: string; cleanup: string };
            zoneId: string;
            hostname: string;
            paths: IngressPath[];
            drainSeconds: number;
            timeoutSeconds?: number;
            /** Coordinate the move's reservation in this namespace. Default none. */
            coordinationNamespace?: string;
        },
    ) {}

    /** The scope's Ingress as the component builds it, on `balancer`. */
    manifest(balancer: string) {
        return buildIngressManifest(
            {
                name: "checkout",
                namespace: "checkout",
                visibility: "internet-facing",
                hosts: [this.options.hostname],
                paths: this.options.paths,
                service: { name: "checkout", port: 8080 },
                listenPorts: DEFAULT_LISTEN_PORTS,
                sslRedirectPort: DEFAULT_SSL_REDIRECT_PORT,
            },
            balancer,
        );
    }

    /**
     * One `pulumi up`: the first places the scope on a pool of `target` alone, each later one pins `target`
     * (`pinnedBalancer`), a move when it is another ALB. Rejects when interrupted.
     */
    async up(host: DynamicProviderHost, target: CreatedBalancer, interruption: Interruption = {}): Promise<void> {
        const watcher = interruption.killWhen && this.killWhen(host, interruption.killWhen);
        try {
            await this.deploy(host, target, interruption);
        } finally {
            watcher?.cancel();
        }
    }

    private async deploy(host: DynamicProviderHost, target: CreatedBalancer, interruption: Interruption) {
        const o = this.options;
        const assignmentNews = {
            __provider: o.providers.assignment,
            region: "us-east-1",
            visibility: "internet-facing",
            baseBalancer: this.state.assignment ? (this.state.assignment.outs.baseBalancer as string) : target.name,
            expectedRules: 1,
            ...(this.state.assignment && { pinnedBalancer: target.name }),
        };
        const urn = dynamicUrn("checkout-assignment");
        const checked = await host.check(urn, this.state.assignment?.outs ?? {}, assignmentNews);
        this.state.assignment = await this.step(host, "assignment", this.state.assignment, checked.inputs);
        if (interruption.afterStep === "assignment") {
            throw new Error("interrupted after the assignment step");
        }
        const assigned = this.state.assignment.outs;
        const alias = { dnsName: assigned.dnsName as string, zoneId: assigned.canonicalHostedZoneId as string };
        const shared = {
            region: "us-east-1",
            hostedZoneId: o.zoneId,
            aliasRecords: [`A ${o.hostname}`],
            drainSeconds: o.drainSeconds,
            timeoutSeconds: o.timeoutSeconds ?? 20,
            ...(o.coordinationNamespace !== undefined && { coordinationNamespace: o.coordinationNamespace }),
        };
        const moveNews = {
            __provider: o.providers.move,
            ...shared,
            targetBalancer: assigned.balancerName,
            targetArn: assigned.loadBalancerArn,
            targetAlias: alias,
            manifest: this.manifest(""),
            hosts: [o.hostname],
            paths: o.paths,
            rulePorts: [443],
            expectedRules: 1,
            usage: { rules: 1, targetGroups: 1, certificates: 0, listeners: 1 },
        };
        this.state.move = await this.step(host, "move", this.state.move, moveNews);
        if (interruption.afterStep === "move") {
            throw new Error("interrupted after the move step");
        }
        const serving = this.state.move.outs.servingBalancer as string;
        await this.applyIngress(serving);
        if (interruption.afterStep === "ingress") {
            throw new Error("interrupted after the Ingress step");
        }
        await this.writeRecord(alias);
        if (interruption.afterStep === "records") {
            throw new Error("interrupted after the records step");
        }
        const cleanupNews = {
            __provider: o.providers.cleanup,
            ...shared,
            servingBalancer: serving,
            servingAlias: this.state.move.outs.servingAlias,
            ingress: { namespace: "checkout", name: "checkout" },
        };
        this.state.cleanup = await this.step(host, "cleanup", this.state.cleanup, cleanupNews);
    }

    /** Create, or Diff then Update when it says so, as the engine does; the new outputs only once it returned. */
    private async step(
        host: DynamicProviderHost,
        name: string,
        current: { id: string; outs: Props } | undefined,
        news: Props,
    ): Promise<{ id: string; outs: Props }> {
        const urn = dynamicUrn(`checkout-${name}`);
        if (!current) {
            const created = await host.create(urn, news);
            this.steps.push(`${name}:create`);
            return { id: created.id, outs: { ...created.properties, __provider: news.__provider } };
        }
        const diff = await host.diff(current.id, urn, current.outs, news);
        if (diff.changes !== "some") {
            this.steps.push(`${name}:none`);
            return current;
        }
        const outs = await host.update(current.id, urn, current.outs, news);
        this.steps.push(`${name}:update`);
        return { id: current.id, outs: { ...outs, __provider: news.__provider } };
    }

    /** The Kubernetes provider's create or update of the scope's Ingress (the controller's finalizers and status kept). */
    private async applyIngress(balancer: string): Promise<void> {
        const k8s = await import("@kubernetes/client-node");
        const config = new k8s.KubeConfig();
        config.loadFromFile(this.options.kube.kubeconfigPath);
        const api = config.makeApiClient(k8s.NetworkingV1Api);
        const body = this.manifest(balancer);
        const ref = { namespace: "checkout", name: "checkout" };
        try {
            const existing = await api.readNamespacedIngress(ref);
            await api.replaceNamespacedIngress({
                ...ref,
                body: {
                    ...body,
                    metadata: {
                        ...body.metadata,
                        resourceVersion: existing.metadata?.resourceVersion,
                        finalizers: existing.metadata?.finalizers,
                    },
                    status: existing.status,
                },
            });
            this.steps.push("ingress:update");
        } catch (err) {
            if ((err as { code?: number }).code !== 404) {
                throw err;
            }
            await api.createNamespacedIngress({ namespace: "checkout", body });
            this.steps.push("ingress:create");
        }
    }

    /** The AWS provider's write of the A alias, from the assignment's outputs. */
    private async writeRecord(alias: { dnsName: string; zoneId: string }): Promise<void> {
        const route53 = new Route53Client({ endpoint: this.options.motoUrl, region: "us-east-1" });
        await route53.send(
            new ChangeResourceRecordSetsCommand({
                HostedZoneId: this.options.zoneId,
                ChangeBatch: {
                    Changes: [
                        {
                            Action: "UPSERT",
                            ResourceRecordSet: {
                                Name: this.options.hostname,
                                Type: "A",
                                AliasTarget: {
                                    DNSName: alias.dnsName,
                                    HostedZoneId: alias.zoneId,
                                    EvaluateTargetHealth: true,
                                },
                            },
                        },
                    ],
                },
            }),
        );
        this.steps.push("records:update");
    }

    /** Kills `host` once its log matches `pattern`, as `pulumi up` being killed at that moment would end it. */
    private killWhen(host: DynamicProviderHost, pattern: RegExp): { cancel(): void } {
        const timer = setInterval(() => {
            if (pattern.test(host.stderr)) {
                clearInterval(timer);
                void host.stop();
            }
        }, 10);
        return { cancel: () => clearInterval(timer) };
    }
}
