/** The `ScopeCapacityCheck` dynamic resource: a live scope's growth checked against its ALB before its Ingress changes. */
import * as pulumi from "@pulumi/pulumi";
import type { IngressRef } from "../core/assignment-contract";
import type { Usage } from "../core/quota-dimensions";
import type { Threshold } from "../core/quota-thresholds";

/** Inputs of a {@link ScopeCapacityCheck}. */
export interface ScopeCapacityCheckArgs {
    /** AWS region of the scope's ALB. */
    region: pulumi.Input<string>;
    /** The ALB the scope lives on: its `BalancerAssignment`'s `balancerName`. */
    balancerName: pulumi.Input<string>;
    /** What the scope's Ingress uses of its ALB in every dimension (core/scope-usage-estimate.ts). */
    usage: pulumi.Input<Usage>;
    /** The scope's hostnames, for the certificate estimate. Default `[]`. */
    hosts?: pulumi.Input<pulumi.Input<string>[]>;
    /** The pool's listener-rule threshold: a number, or a share of the account's limit (`"75%"`). Default 75. */
    maxRules?: pulumi.Input<Threshold>;
    /** The pool's target-group threshold. Default `"75%"`. */
    maxTargetGroups?: pulumi.Input<Threshold>;
    /** The pool's certificate threshold. Default `"75%"`. */
    maxCertificates?: pulumi.Input<Threshold>;
    /** The pool's listener threshold. Default `"75%"`. */
    maxListeners?: pulumi.Input<Threshold>;
    /** Count the cluster's Ingresses and reservations in this namespace as load too. Default none. */
    coordinationNamespace?: pulumi.Input<string>;
    /** The scope's own Ingress. Default none. */
    ownIngress?: pulumi.Input<{ namespace: pulumi.Input<string>; name: pulumi.Input<string> }>;
}

/**
 * The state the dynamic-provider process reads back: a few lines that `require` the installed package's
 * provider (as `BalancerAssignment`'s do), capturing no client, class or credential.
 */
const scopeCapacityCheckProvider: pulumi.dynamic.ResourceProvider = {
    check: (olds, news) => implementation().check!(olds, news),
    diff: (id, olds, news) => implementation().diff!(id, olds, news),
    create: inputs => implementation().create(inputs),
    read: (id, props) => implementation().read!(id, props),
    update: (id, olds, news) => implementation().update!(id, olds, news),
    delete: (id, props) => implementation().delete!(id, props),
};

function implementation(): pulumi.dynamic.ResourceProvider {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved at run time from the program's node_modules, never captured into state
    return require("pulumi-scope-ingress/provider").scopeCapacityCheckProvider;
}

/**
 * The growth check of one live scope. Its update runs when the scope's usage, hostnames or ALB change, and fails
 * when the growth does not fit on the ALB; the scope's Ingress `dependsOn` it, so the Ingress changes only after
 * it passed. Kept apart from the `BalancerAssignment`, whose diff ignores usage, so that the assignment's outputs
 * (and the Route53 aliases built from them) stay known in `pulumi preview` while the usage changes.
 */
export class ScopeCapacityCheck extends pulumi.dynamic.Resource {
    /** The ALB the usage was last checked on. */
    public readonly balancerName!: pulumi.Output<string>;
    /** The usage last let through: the "before" of the next growth. */
    public readonly usage!: pulumi.Output<Usage>;
    /** The hostnames last let through. */
    public readonly hosts!: pulumi.Output<string[]>;
    /** Region of the ALB. */
    public readonly region!: pulumi.Output<string>;
    /** The listener-rule threshold last checked with; 75 when not given. */
    public readonly maxRules!: pulumi.Output<Threshold>;
    /** The coordination namespace last checked with; undefined without coordination. */
    public readonly coordinationNamespace!: pulumi.Output<string | undefined>;
    /** The scope's own Ingress; undefined when not given. */
    public readonly ownIngress!: pulumi.Output<IngressRef | undefined>;

    constructor(name: string, args: ScopeCapacityCheckArgs, opts?: pulumi.CustomResourceOptions) {
        super(scopeCapacityCheckProvider, name, { hosts: [], ...args }, opts);
    }
}
