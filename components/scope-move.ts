/** The `ScopeMove` and `TransitCleanup` dynamic resources: the two Pulumi steps of a make-before-break move around the scope's Ingress. */
import * as pulumi from "@pulumi/pulumi";
import type { IngressRef } from "../core/assignment-contract";
import type { Usage } from "../core/quota-dimensions";
import type { RoutePath } from "../core/served-routes";
import type { IngressManifest } from "./ingress-manifest";

/** An alias target: the ALB's DNS name as the records write it, and its canonical zone. */
export interface AliasTargetInput {
    dnsName: pulumi.Input<string>;
    zoneId: pulumi.Input<string>;
}

/** Inputs of a {@link ScopeMove}. */
export interface ScopeMoveArgs {
    region: pulumi.Input<string>;
    /** The assignment's ALB: where the scope must be. */
    targetBalancer: pulumi.Input<string>;
    /** The assignment's `loadBalancerArn`. */
    targetArn: pulumi.Input<string>;
    /** The alias the records write for the assignment's ALB. */
    targetAlias: pulumi.Input<AliasTargetInput>;
    /** The scope's Ingress; its balancer annotations are set per ALB by the provider. */
    manifest: IngressManifest;
    hosts: string[];
    paths: RoutePath[];
    rulePorts: number[];
    /** How long the check on the target may wait (`reconciliation.timeoutSeconds`). */
    timeoutSeconds: number;
    /** `move.drainSeconds`. */
    drainSeconds: number;
    /** The zone of the records; undefined without records. */
    hostedZoneId?: pulumi.Input<string>;
    /** The records, `"A <hostname>"`; empty without records. */
    aliasRecords: string[];
    /** Where the target's capacity is reserved; undefined without coordination. */
    coordinationNamespace?: string;
    /** The rules reserved on the target. */
    expectedRules: number;
    /** What the scope adds in every quota dimension, reserved on the target with its rules. Default: its rules only. */
    usage?: Usage;
}

/** Inputs of a {@link TransitCleanup}. */
export interface TransitCleanupArgs {
    region: pulumi.Input<string>;
    /** The `ScopeMove`'s `servingBalancer`. */
    servingBalancer: pulumi.Input<string>;
    /** The `ScopeMove`'s `servingAlias`. */
    servingAlias: pulumi.Input<AliasTargetInput>;
    /** The scope's own Ingress. */
    ingress: IngressRef;
    hostedZoneId?: pulumi.Input<string>;
    aliasRecords: string[];
    drainSeconds: number;
    timeoutSeconds: number;
    coordinationNamespace?: string;
}

function provider(name: "scopeMoveProvider" | "transitCleanupProvider"): pulumi.dynamic.ResourceProvider {
    // The serialized provider captures only this function and the export's name; the code is required at run time.
    const implementation = (): pulumi.dynamic.ResourceProvider =>
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved at run time from the program's node_modules, never captured into state
        require("pulumi-scope-ingress/scope-move")[name];
    return {
        diff: (id, olds, news) => implementation().diff!(id, olds, news),
        create: inputs => implementation().create(inputs),
        read: (id, props) => implementation().read!(id, props),
        update: (id, olds, news) => implementation().update!(id, olds, news),
        delete: (id, props) => implementation().delete!(id, props),
    };
}

/**
 * Where the scope's own Ingress belongs. When the assignment names another ALB, its update puts a transit Ingress
 * on that ALB, waits until it routes the scope, switches the aliases and waits `drainSeconds`; only then does
 * `servingBalancer`, which the scope's Ingress follows, become the new ALB.
 */
export class ScopeMove extends pulumi.dynamic.Resource {
    /** The ALB the scope's own Ingress is to be on. */
    public readonly servingBalancer!: pulumi.Output<string>;
    /** That ALB's alias, as the records write it. */
    public readonly servingAlias!: pulumi.Output<{ dnsName: string; zoneId: string }>;

    constructor(name: string, args: ScopeMoveArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            provider("scopeMoveProvider"),
            name,
            { ...args, servingBalancer: undefined, servingAlias: undefined },
            opts,
        );
    }
}

/**
 * The last step of a move, after the scope's Ingress and its reconciliation check: removes the transit Ingress once the scope's own
 * Ingress is deployed on the serving ALB, and one left on another ALB (a reverted move) after a drain.
 */
export class TransitCleanup extends pulumi.dynamic.Resource {
    constructor(name: string, args: TransitCleanupArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider("transitCleanupProvider"), name, args, opts);
    }
}
