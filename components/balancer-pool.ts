/** The `BalancerPool` component: the platform stack's pool of ALBs, an anchor Ingress per member, its published settings and its exported reference. */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { anchorsOf, poolMembership, scopesOnMembers, shrinkProblems } from "../core/pool-membership";
import {
    POOL_LABEL,
    POOL_SETTINGS_KEY,
    PoolReference,
    PoolSettings,
    anchorIngress,
    poolSettingsConfigMapName,
} from "../core/pool-settings";
import { InvalidInputError } from "../core/problems";
import { MANAGED_BY_LABEL } from "../core/reservation-records";
import { listPoolIngresses } from "../provider/pool-cluster-reading";
import { BalancerPoolArgs, poolReference, resolveBalancerPoolArgs } from "./balancer-pool-args";
import { PoolMemberGuard } from "./pool-member-guard";

/**
 * A pool of ALBs declared once, in the platform stack. For each member it creates an anchor Ingress (a fixed 404
 * default action, no Service) with the member's `group.name` and `load-balancer-name`, so the Load Balancer
 * Controller builds the ALB and keeps it with no scope on it. It publishes the shared settings in the coordination
 * namespace, for placements that grow the pool, and exports {@link reference} for scope stacks.
 *
 * At every deployment it reads the cluster's Ingresses (through the default kubeconfig): anchors a placement grew
 * are taken into its state with the `import` resource option (their manifest is the one growth created, built by
 * the same `anchorIngress`), and a deployment that would remove a member some scope is still on fails, listing the
 * scopes, before anything changes.
 */
export class BalancerPool extends pulumi.ComponentResource {
    /** What a scope stack passes to `ScopeIngress` as `balancers` (through a `StackReference`), and the CLI reads with `--pool-json`. */
    public readonly reference: pulumi.Output<PoolReference>;
    /** Every member, declared and grown, in order. */
    public readonly members: pulumi.Output<string[]>;
    /** The ConfigMap where the pool publishes its settings. */
    public readonly settingsConfigMap: k8s.core.v1.ConfigMap;

    constructor(name: string, args: BalancerPoolArgs, opts?: pulumi.ComponentResourceOptions) {
        // Everything is checked before super(): a failed check registers nothing, not even the component.
        const resolved = resolveBalancerPoolArgs(name, args);
        super("scope-ingress:index:BalancerPool", name, {}, opts);
        const declared = resolved.settings;
        const subject = `BalancerPool ${JSON.stringify(name)}`;

        const cluster = pulumi.output(listPoolIngresses(subject, "reading the pool's members in the cluster"));
        const settings = cluster.apply(ingresses => {
            const membership = poolMembership(declared, anchorsOf(declared.name, ingresses));
            // Refused before any member is registered: the engine then deletes nothing, since the program failed.
            const refused = shrinkProblems(membership.removed, scopesOnMembers(membership.removed, ingresses));
            if (refused.length > 0) {
                throw new InvalidInputError(refused, `${subject} cannot shrink`);
            }
            const published: PoolSettings = { ...declared, members: membership.members };
            for (const member of membership.members) {
                const grown = membership.grown.includes(member);
                const manifest = anchorIngress(published, member, grown);
                const anchor = new k8s.networking.v1.Ingress(
                    `${name}-anchor-${member}`,
                    { apiVersion: "networking.k8s.io/v1", kind: "Ingress", ...manifest },
                    {
                        parent: this,
                        // A grown anchor exists already: take it into state (ignored once it is there).
                        ...(grown && { import: `${manifest.metadata.namespace}/${manifest.metadata.name}` }),
                    },
                );
                new PoolMemberGuard(
                    `${name}-guard-${member}`,
                    { pool: declared.name, member },
                    { parent: this, dependsOn: [anchor] },
                );
            }
            return published;
        });

        this.settingsConfigMap = new k8s.core.v1.ConfigMap(
            `${name}-settings`,
            {
                metadata: {
                    name: poolSettingsConfigMapName(declared.name),
                    namespace: resolved.coordinationNamespace,
                    labels: { [MANAGED_BY_LABEL.key]: MANAGED_BY_LABEL.value, [POOL_LABEL]: declared.name },
                },
                data: { [POOL_SETTINGS_KEY]: settings.apply(s => JSON.stringify(s)) },
            },
            { parent: this },
        );
        this.members = settings.apply(s => s.members);
        this.reference = settings.apply(s => poolReference(resolved, s));
        this.registerOutputs({ reference: this.reference, members: this.members });
    }
}
