/** A stand-in for the AWS Load Balancer Controller: turns the stand-in cluster's Ingresses into ALB rules in moto, after a delay. */
import { AlbRuleDeployer } from "./controller-alb-deployer";
import {
    LOAD_BALANCER_NAME_ANNOTATION,
    desiredRules,
    listenPorts,
    groupFinalizer,
    groupKey,
    isAlbIngress,
    orderMembers,
} from "./controller-rule-model";
import { KubernetesApiServer } from "./kubernetes-api-server";
import { KubeObject, RESOURCE_TYPES } from "./kubernetes-object-store";
import type { BalancerStateOverride } from "./fault-proxy";

/** How the stand-in builds the ALB of a group that has none (an anchor Ingress, or any new group). */
export interface BalancerBuilding {
    /**
     * Where the new ALB's state is reported: the fault proxy's `balancerStates` (moto turns every ALB `active`
     * at once). With it, the ALB is `provisioning` for `provisioningMs`, then `active`. Default none (active at once).
     */
    states?: Map<string, BalancerStateOverride>;
    /** How long a new ALB stays `provisioning` (with `states`). Default 1000 ms. */
    provisioningMs?: number;
    /**
     * Never build: after each delay, record a `Warning FailedDeployModel` Event with this cause on every member
     * instead, as the controller does when AWS refuses the ALB (e.g. `AccessDenied: ... elasticloadbalancing:CreateLoadBalancer`).
     */
    failWith?: string;
}

/** Options for {@link ControllerStandIn}. */
export interface ControllerStandInOptions {
    /** moto's own URL (never the fault proxy: the controller's calls are not the code under test's). */
    motoUrl: string;
    /** How long after an Ingress change the controller acts on it: the lag between `kubectl apply` and rules. Default 500 ms. */
    delayMs?: number;
    /** How often the loop started by `start()` looks for due work. Default 25 ms. */
    pollMs?: number;
    /** The `elbv2.k8s.aws/cluster` tag on what it creates. Default `stand-in`. */
    clusterName?: string;
    /** Build the ALB of a group that has none, as the controller does. Default: off (the group stays pending). */
    buildBalancers?: BalancerBuilding;
}

/**
 * Reconciles Ingress groups (`group.name`, or one Ingress alone) as the controller does, on the ALB their
 * `load-balancer-name` names, once `delayMs` has passed since the group's first unreconciled change:
 * - one listener rule per member × host × path on each listener the ALB has and a member listens on, none on
 *   HTTP listeners when the group sets `ssl-redirect`, each forwarding to a target group per backend Service port;
 * - rules of Ingresses deleted or gone to another group removed from whichever ALB holds them, unchanged rules
 *   left in place ({@link AlbRuleDeployer});
 * - the group finalizer on members, removed once a deleted (or departed) member's rules are gone;
 * - `status.loadBalancer` set to the ALB's DNS name; `SuccessfullyReconciled` or `FailedDeployModel` Events on
 *   every member, as core/v1 Events with the Ingress as `involvedObject` (repeats counted, as client-go does);
 * - with `buildBalancers`, the ALB of a group that has none, named by `load-balancer-name`, of the group's
 *   `scheme` (default internal, as the controller's), with a listener per listen port of its members and the
 *   controller's tags (`ingress.k8s.aws/stack` = the group's name), `provisioning` for a while if asked; or,
 *   with `failWith`, never, recording `FailedDeployModel` Events instead.
 *
 * Simplified: without `buildBalancers` it creates no ALBs (a group whose ALB is missing stays pending, retried
 * after each delay), and it never adds listeners to an existing ALB (a port without a listener gets no rules);
 * new rules take the next free priority instead of the controller's renumbering; a failure stays until `heal()`
 * or a change to the group (the real controller retries with backoff). Its own writes go to the cluster
 * stand-in's store directly, so the stand-in's `requests` count only the code under test.
 */
export class ControllerStandIn {
    /** Groups reconciled (successfully or not), for tests that count reconciles. */
    reconciles = 0;
    /** The ALBs it built (see `buildBalancers`), in order, for tests that count them. */
    readonly balancersBuilt: string[] = [];
    private readonly aws: AlbRuleDeployer;
    private readonly delayMs: number;
    private readonly pollMs: number;
    private readonly cluster: string;
    private readonly building?: BalancerBuilding;
    private readonly timers = new Set<NodeJS.Timeout>();
    /** Errors of reconciles (moto or the cluster refusing a write); the group is retried after the delay. */
    readonly errors: Error[] = [];
    /** Group → when its oldest unreconciled change happened, and when the controller acts on it. */
    private readonly pending = new Map<string, { since: number; due: number }>();
    /** Ingress `namespace/name` → the group it was last seen in, so leaving a group dirties the old one too. */
    private readonly lastGroup = new Map<string, string>();
    /** Ingress `namespace/name` → the cause its group's deploy fails with. */
    private readonly failures = new Map<string, string>();
    private readonly stopWatching: () => void;
    private ownWrite = false;
    private eventSequence = 0;
    private running: Promise<void> = Promise.resolve();
    private timer?: NodeJS.Timeout;

    constructor(
        private readonly kube: KubernetesApiServer,
        options: ControllerStandInOptions,
    ) {
        this.cluster = options.clusterName ?? "stand-in";
        this.aws = new AlbRuleDeployer(options.motoUrl, this.cluster);
        this.delayMs = options.delayMs ?? 500;
        this.pollMs = options.pollMs ?? 25;
        this.building = options.buildBalancers;
        this.stopWatching = kube.store.watch(change => {
            if (change.resource === "ingresses" && !this.ownWrite) {
                this.noteChange(change.object, change.type === "DELETED");
            }
        });
        for (const ing of kube.objects("ingresses")) {
            this.noteChange(ing, false);
        }
    }

    /** Reconciles on its own every `pollMs` until `stop()`. */
    start(): void {
        // Errors are kept in `errors` and retried; the loop itself must not reject.
        this.timer ??= setInterval(() => void this.reconcileOnce().catch(() => undefined), this.pollMs);
    }

    /** Stops the loop and the watch; waits for a reconcile in progress. */
    async stop(): Promise<void> {
        clearInterval(this.timer);
        this.timer = undefined;
        for (const t of this.timers) {
            clearTimeout(t);
        }
        this.stopWatching();
        await this.running;
    }

    /** From now on the deploy of this Ingress's group fails with `Failed deploy model due to <cause>`, e.g. `TooManyRules: ...`. */
    fail(namespace: string, name: string, cause: string): void {
        this.failures.set(`${namespace}/${name}`, cause);
        this.markPending(this.lastGroup.get(`${namespace}/${name}`));
    }

    /** Undoes {@link fail}; the group is reconciled again after the delay. */
    heal(namespace: string, name: string): void {
        this.failures.delete(`${namespace}/${name}`);
        this.markPending(this.lastGroup.get(`${namespace}/${name}`));
    }

    /**
     * Reconciles every group whose delay has passed (every pending group with `ignoreDelay`). Calls run one at a
     * time; rejects with the first error of this pass (the group stays pending and is retried).
     */
    reconcileOnce(options: { ignoreDelay?: boolean } = {}): Promise<void> {
        const pass = this.running.then(async () => {
            const now = Date.now();
            let first: Error | undefined;
            for (const [group, when] of [...this.pending]) {
                if (options.ignoreDelay || now >= when.due) {
                    this.pending.delete(group);
                    try {
                        await this.reconcileGroup(group, when.since);
                    } catch (err) {
                        this.errors.push(err as Error);
                        first ??= err as Error;
                        this.pending.set(group, { since: when.since, due: Date.now() + this.delayMs });
                    }
                }
            }
            if (first) {
                throw first;
            }
        });
        this.running = pass.catch(() => undefined);
        return pass;
    }

    /**
     * Resolves once every change made until now has been reconciled (or its group has failed as told by `fail`),
     * driving the reconciles itself when the loop is not started; later changes do not hold it up. Rejects after
     * `timeoutMs` naming the groups still pending (e.g. an ALB that does not exist) and the last error.
     */
    async settled(timeoutMs = 10_000): Promise<void> {
        const asOf = Date.now();
        const deadline = asOf + timeoutMs;
        const waiting = () => [...this.pending].filter(([, when]) => when.since <= asOf).map(([group]) => group);
        while (waiting().length > 0) {
            if (Date.now() > deadline) {
                const last = this.errors.at(-1);
                throw new Error(
                    `controller stand-in: still pending after ${timeoutMs} ms: ${waiting().join(", ")}${last ? `; last error: ${last.message}` : ""}`,
                );
            }
            await new Promise(r => setTimeout(r, this.pollMs));
            if (!this.timer) {
                await this.reconcileOnce().catch(() => undefined);
            }
        }
        await this.running;
    }

    private noteChange(ing: KubeObject, deleted: boolean): void {
        const id = `${ing.metadata.namespace}/${ing.metadata.name}`;
        this.markPending(this.lastGroup.get(id));
        if (deleted || !isAlbIngress(ing)) {
            this.lastGroup.delete(id);
        } else {
            this.lastGroup.set(id, groupKey(ing));
            this.markPending(groupKey(ing));
        }
    }

    private markPending(group: string | undefined): void {
        if (group !== undefined && !this.pending.has(group)) {
            this.pending.set(group, { since: Date.now(), due: Date.now() + this.delayMs });
        }
    }

    private async reconcileGroup(group: string, since: number): Promise<void> {
        this.reconciles++;
        const finalizer = groupFinalizer(group);
        const ingresses = this.kube.objects("ingresses");
        const members = orderMembers(
            ingresses.filter(i => isAlbIngress(i) && groupKey(i) === group && !i.metadata.deletionTimestamp),
        );
        // Deleted members and members that moved to another group still carry this group's finalizer.
        const leaving = ingresses.filter(i => i.metadata.finalizers?.includes(finalizer) && !members.includes(i));
        // The finalizer goes on first, as the controller adds it before building anything.
        for (const m of members) {
            this.editIngress(m, ing => ({
                ...ing,
                metadata: {
                    ...ing.metadata,
                    finalizers: [...new Set([...(ing.metadata.finalizers ?? []), finalizer])],
                },
            }));
        }
        const cause = members
            .map(m => this.failures.get(`${m.metadata.namespace}/${m.metadata.name}`))
            .find(c => c !== undefined);
        if (cause !== undefined) {
            this.recordEvents(
                [...members, ...leaving],
                "Warning",
                "FailedDeployModel",
                `Failed deploy model due to ${cause}`,
            );
            return;
        }
        const balancerName = members[0]?.metadata.annotations?.[LOAD_BALANCER_NAME_ANNOTATION];
        let balancer = balancerName === undefined ? undefined : await this.aws.balancerNamed(balancerName);
        if (members.length > 0 && !balancer && this.building?.failWith !== undefined) {
            // The controller retries a failed deploy with backoff; each try records (or counts) the Event again.
            this.recordEvents(
                members,
                "Warning",
                "FailedDeployModel",
                `Failed deploy model due to ${this.building.failWith}`,
            );
            this.pending.set(group, { since, due: Date.now() + this.delayMs });
            return;
        }
        if (members.length > 0 && !balancer && balancerName !== undefined && this.building) {
            balancer = await this.buildBalancer(group, balancerName, members);
        }
        if (members.length > 0 && !balancer) {
            // The real controller would create the ALB; this one waits for a test to, and looks again after the delay.
            this.pending.set(group, { since, due: Date.now() + this.delayMs });
            return;
        }
        const listeners = balancer ? await this.aws.listeners(balancer) : [];
        const desired = desiredRules(this.cluster, group, members, new Map(listeners.map(l => [l.port, l.protocol])));
        await this.aws.deploy(group, balancer, listeners, desired);
        for (const l of leaving) {
            this.editIngress(l, ing => ({
                ...ing,
                metadata: { ...ing.metadata, finalizers: ing.metadata.finalizers?.filter(f => f !== finalizer) },
            }));
        }
        for (const m of members) {
            this.editIngress(
                m,
                ing => ({ ...ing, status: { loadBalancer: { ingress: [{ hostname: balancer!.DNSName }] } } }),
                "status",
            );
        }
        this.recordEvents(members, "Normal", "SuccessfullyReconciled", "Successfully reconciled");
    }

    /** Creates the group's ALB with a listener per port its members listen on, `provisioning` for a while when asked. */
    private async buildBalancer(group: string, name: string, members: KubeObject[]) {
        const annotations = members[0].metadata.annotations ?? {};
        const ports = new Map(members.flatMap(m => [...listenPorts(m)]));
        const states = this.building?.states;
        states?.set(name, { code: "provisioning" });
        const lb = await this.aws.createBalancer(
            group,
            name,
            annotations["alb.ingress.kubernetes.io/scheme"] ?? "internal",
            ports,
            annotations["alb.ingress.kubernetes.io/certificate-arn"]?.split(",")[0],
        );
        if (states) {
            const timer = setTimeout(() => {
                this.timers.delete(timer);
                states.delete(name);
            }, this.building?.provisioningMs ?? 1000);
            this.timers.add(timer);
        }
        this.balancersBuilt.push(name);
        return lb;
    }

    /**
     * Rewrites the Ingress as it is stored now (read and written with no await between, so no conflict), if it
     * still exists; the write does not count as a change for the controller itself.
     */
    private editIngress(ing: KubeObject, edit: (current: KubeObject) => KubeObject, subresource?: "status"): void {
        const current = this.kube.object("ingresses", ing.metadata.namespace!, ing.metadata.name!);
        if (!current) {
            return;
        }
        this.ownWrite = true;
        try {
            this.kube.store.update(
                RESOURCE_TYPES.ingresses,
                current.metadata.namespace!,
                current.metadata.name!,
                edit(current),
                subresource,
            );
        } finally {
            this.ownWrite = false;
        }
    }

    /** One core/v1 Event per Ingress; a repeat of the same event bumps its `count`, as client-go's correlator does. */
    private recordEvents(ingresses: KubeObject[], type: "Normal" | "Warning", reason: string, message: string): void {
        const events = RESOURCE_TYPES.events;
        const stamp = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
        for (const ing of ingresses) {
            const ns = ing.metadata.namespace!;
            const same = this.kube
                .objects("events", ns, { fieldSelector: `involvedObject.uid=${ing.metadata.uid},reason=${reason}` })
                .find(e => e.message === message && e.type === type);
            if (same) {
                this.kube.store.update(events, ns, same.metadata.name!, {
                    ...same,
                    count: (same.count as number) + 1,
                    lastTimestamp: stamp,
                });
                continue;
            }
            this.kube.store.create(events, ns, {
                metadata: {
                    name: `${ing.metadata.name}.${(BigInt(Date.now()) * 1_000_000n + BigInt(++this.eventSequence)).toString(16)}`,
                    namespace: ns,
                },
                involvedObject: {
                    kind: "Ingress",
                    namespace: ns,
                    name: ing.metadata.name,
                    uid: ing.metadata.uid,
                    apiVersion: "networking.k8s.io/v1",
                    resourceVersion: ing.metadata.resourceVersion,
                },
                reason,
                message,
                type,
                count: 1,
                firstTimestamp: stamp,
                lastTimestamp: stamp,
                source: { component: "ingress" },
                reportingComponent: "ingress",
                reportingInstance: "",
            });
        }
    }
}
