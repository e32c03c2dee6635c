/** The `ReconciliationCheck` dynamic resource: the scope's deployment waits until its ALB routes every host and path. */
import * as pulumi from "@pulumi/pulumi";
import type { IngressRef } from "../core/assignment-contract";
import type { RoutePath } from "../core/served-routes";

/** Inputs of a {@link ReconciliationCheck}. */
export interface ReconciliationCheckArgs {
    /** AWS region of the ALB. */
    region: pulumi.Input<string>;
    /** The ALB that must route the scope (the assignment's `balancerName`). */
    balancerName: pulumi.Input<string>;
    /** That ALB's ARN (the assignment's `loadBalancerArn`), by which its listeners are read. */
    loadBalancerArn: pulumi.Input<string>;
    /** Every host of the scope. */
    hosts: pulumi.Input<pulumi.Input<string>[]>;
    /** Every path of every host. */
    paths: pulumi.Input<RoutePath[]>;
    /** The listener ports that carry the scope's rules (HTTPS ports, and HTTP ports without ssl-redirect). */
    rulePorts: pulumi.Input<pulumi.Input<number>[]>;
    /** The scope's Ingress, whose Events explain a failure. */
    ingress: pulumi.Input<IngressRef>;
    /** How long create and update wait before failing, 1 to 3600. */
    timeoutSeconds: pulumi.Input<number>;
}

/** The state the dynamic-provider process reads back: a `require` of the installed package, nothing captured. */
const reconciliationCheckProvider: pulumi.dynamic.ResourceProvider = {
    check: (olds, news) => implementation().check!(olds, news),
    diff: (id, olds, news) => implementation().diff!(id, olds, news),
    create: inputs => implementation().create(inputs),
    read: (id, props) => implementation().read!(id, props),
    update: (id, olds, news) => implementation().update!(id, olds, news),
    delete: (id, props) => implementation().delete!(id, props),
};

function implementation(): pulumi.dynamic.ResourceProvider {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved at run time from the program's node_modules, never captured into state
    return require("pulumi-scope-ingress/reconciliation-check").reconciliationCheckProvider;
}

/**
 * Proof that the ALB routes the scope: its create and update wait, bounded, until the ALB's listener rules
 * match every host and path as the Load Balancer Controller writes them, and fail with the Ingress's Events
 * otherwise. A change of the timeout alone is no change; a new ALB, host, path or port checks again.
 */
export class ReconciliationCheck extends pulumi.dynamic.Resource {
    /** The ALB checked. */
    public readonly balancerName!: pulumi.Output<string>;
    /** When the ALB was last found routing every host and path (RFC 3339). */
    public readonly servedAt!: pulumi.Output<string>;
    /** How long the last check waited for the controller, in seconds. */
    public readonly waitedSeconds!: pulumi.Output<number>;

    constructor(name: string, args: ReconciliationCheckArgs, opts?: pulumi.CustomResourceOptions) {
        super(reconciliationCheckProvider, name, { ...args, servedAt: undefined, waitedSeconds: undefined }, opts);
    }
}
