/** The `BalancerAssignment` dynamic resource as the user's program declares it, with a serialized provider that only `require`s. */
import * as pulumi from "@pulumi/pulumi";
import type { AssignmentSource, IngressRef } from "../core/assignment-contract";
import type { Visibility } from "../core/candidate-pool";
import type { PoolReference } from "../core/pool-settings";
import type { Threshold } from "../core/quota-thresholds";
import type { ScopeShape } from "../core/scope-usage-estimate";

/** Inputs of a {@link BalancerAssignment}. */
export interface BalancerAssignmentArgs {
    /** AWS region of the ALBs. */
    region: pulumi.Input<string>;
    /** `internet-facing` or `internal`: which pool, and the scheme every candidate must have. */
    visibility: pulumi.Input<Visibility>;
    /** The base ALB: first candidate, and the fallback when no candidate can be measured. */
    baseBalancer: pulumi.Input<string>;
    /** ALBs after the base, in preference order. Default none. */
    additionalBalancers?: pulumi.Input<pulumi.Input<string>[]>;
    /** A scope fits on an ALB when `rules + expectedRules <= maxRules`: a number, or a share of the account's quota such as `"75%"`. Default 75. */
    maxRules?: pulumi.Input<Threshold>;
    /** The most target groups an ALB may carry, this scope's included: a number or a share of the account's limit. Default `"75%"`. */
    maxTargetGroups?: pulumi.Input<Threshold>;
    /** The most certificates (default ones not counted) an ALB may carry: a number or a share of the account's quota. Default `"75%"`. */
    maxCertificates?: pulumi.Input<Threshold>;
    /** The most listeners an ALB may carry: a number or a share of the account's quota. Default `"75%"`. */
    maxListeners?: pulumi.Input<Threshold>;
    /**
     * What the scope's Ingress asks for (hosts, paths, Service ports, listen ports, ssl-redirect, certificate ARNs), from
     * which placement estimates its target groups, certificates and listeners. Default none: the scope counts as its
     * `expectedRules` and one target group.
     */
    scopeShape?: pulumi.Input<ScopeShape>;
    /** Listener rules this scope's Ingress adds. Default 1. */
    expectedRules?: pulumi.Input<number>;
    /** Fail instead of falling back to the base ALB when no candidate can be measured. Default false. */
    strict?: pulumi.Input<boolean>;
    /** Count a pool ALB that does not exist yet as empty, let a `provisioning` one be chosen, and wait for the chosen one to be `active`. Default false. */
    assumeMissingInFlight?: pulumi.Input<boolean>;
    /** The scope's hostname; with `hostedZoneId`, an existing A alias for it adopts its ALB. Default none. */
    domain?: pulumi.Input<string>;
    /** The Route53 zone of `domain`. Default none. */
    hostedZoneId?: pulumi.Input<string>;
    /** An existing Ingress whose `load-balancer-name` annotation adopts its ALB. Default none. */
    ingressRef?: pulumi.Input<{ namespace: pulumi.Input<string>; name: pulumi.Input<string> }>;
    /** Move the scope to this ALB (the only way an assignment ever changes). Default none. */
    pinnedBalancer?: pulumi.Input<string>;
    /** The alias records the scope creates in `hostedZoneId`, as `"A <hostname>"`/`"AAAA <hostname>"`, checked at create when adopted. Default none. */
    aliasRecords?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Coordinate the placement with every other stack through the cluster: reservations are written to ConfigMaps in
     * this namespace (a DNS-1123 label), and the cluster's Ingresses count as load. Default none: coordinated within
     * one deployment only.
     */
    coordinationNamespace?: pulumi.Input<string>;
    /** The scope's own Ingress; once the cluster lists it, its reservation stops counting. Default none (counts until it expires). */
    ownIngress?: pulumi.Input<{ namespace: pulumi.Input<string>; name: pulumi.Input<string> }>;
    /**
     * The `BalancerPool` the candidates belong to (its exported `pool`): with `coordinationNamespace`, its grown members
     * join the candidates, its draining ones leave them, and a full pool with a `namePrefix` grows by one member
     * (`source: grown`). Default none: a full pool fails the create.
     */
    pool?: pulumi.Input<PoolReference["pool"]>;
}

/**
 * The state the dynamic-provider process reads back: a few lines that `require` the installed package's
 * provider, so state written by one version of this package is read and deleted by the next, and no
 * client, class or credential is ever captured. Resolved from the Pulumi program's `node_modules`.
 */
const balancerAssignmentProvider: pulumi.dynamic.ResourceProvider = {
    check: (olds, news) => implementation().check!(olds, news),
    diff: (id, olds, news) => implementation().diff!(id, olds, news),
    create: inputs => implementation().create(inputs),
    read: (id, props) => implementation().read!(id, props),
    update: (id, olds, news) => implementation().update!(id, olds, news),
    delete: (id, props) => implementation().delete!(id, props),
};

function implementation(): pulumi.dynamic.ResourceProvider {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved at run time from the program's node_modules, never captured into state
    return require("pulumi-scope-ingress/provider").balancerAssignmentProvider;
}

/**
 * Which ALB of a pool one scope lives on: chosen once at create (pinned, adopted from the cluster or
 * Route53, or least-loaded with room) and kept by every later read, refresh and update.
 */
export class BalancerAssignment extends pulumi.dynamic.Resource {
    /** The ALB this scope lives on. */
    public readonly balancerName!: pulumi.Output<string>;
    /** The ALB's DNS name: the Route53 alias target. */
    public readonly dnsName!: pulumi.Output<string>;
    /** The ALB's canonical hosted zone id: the Route53 alias zone. */
    public readonly canonicalHostedZoneId!: pulumi.Output<string>;
    /** The ALB's ARN, refreshed with its address by `pulumi refresh`; names the ALB in AWS calls that take no name. */
    public readonly loadBalancerArn!: pulumi.Output<string>;
    /** Where the assignment came from. */
    public readonly source!: pulumi.Output<AssignmentSource>;
    /** Rules on the ALB when it was assigned, or -1 when unknown. */
    public readonly rulesAtAssignment!: pulumi.Output<number>;
    /** Messages for the user about this assignment: `creationWarnings`, then those of the last refresh or update. */
    public readonly warnings!: pulumi.Output<string[]>;
    /** The warnings of the create (or of the last move), kept by every refresh and update. */
    public readonly creationWarnings!: pulumi.Output<string[]>;
    /** The `aliasRecords` found at create already aliasing the adopted ALB: the only ones that may overwrite an existing record. */
    public readonly overwritableRecords!: pulumi.Output<string[]>;
    /** Version of the stored outputs, so that a newer provider can upgrade state written by an older one. */
    public readonly schemaVersion!: pulumi.Output<number>;

    // The inputs echoed back as stored at the last create or move. An input change that moves nothing is
    // reported as no diff and never reaches update, so these can lag the program: they say what the current
    // ALB was chosen with.

    /** Region of the ALB; a change replaces the assignment, so it always matches the program. */
    public readonly region!: pulumi.Output<string>;
    /** The pool's visibility; a change replaces the assignment, so it always matches the program. */
    public readonly visibility!: pulumi.Output<Visibility>;
    /** The base ALB the choice was made with. */
    public readonly baseBalancer!: pulumi.Output<string>;
    /** The ALBs after the base the choice was made with; `[]` when none. */
    public readonly additionalBalancers!: pulumi.Output<string[]>;
    /** The threshold the choice was made with; 75 when not given. */
    public readonly maxRules!: pulumi.Output<number>;
    /** The rules this scope reserved, which a move or delete frees for later placements of the same deployment; 1 when not given. */
    public readonly expectedRules!: pulumi.Output<number>;
    /** Whether the base-ALB fallback was refused; false when not given. */
    public readonly strict!: pulumi.Output<boolean>;
    /** Whether the pool took ALBs in flight (missing, or `provisioning`); false when not given. */
    public readonly assumeMissingInFlight!: pulumi.Output<boolean>;
    /** The hostname whose Route53 alias could adopt an ALB; undefined when not given. */
    public readonly domain!: pulumi.Output<string | undefined>;
    /** The zone searched for `domain`'s alias; undefined when not given. */
    public readonly hostedZoneId!: pulumi.Output<string | undefined>;
    /** The Ingress whose annotation could adopt an ALB; undefined when not given. */
    public readonly ingressRef!: pulumi.Output<IngressRef | undefined>;
    /** The pin the choice was made with; undefined when none. */
    public readonly pinnedBalancer!: pulumi.Output<string | undefined>;
    /** The alias records checked at create; undefined when not given. */
    public readonly aliasRecords!: pulumi.Output<string[] | undefined>;
    /** The coordination namespace the placement was made with; undefined when it was not coordinated through the cluster. */
    public readonly coordinationNamespace!: pulumi.Output<string | undefined>;
    /** The scope's own Ingress the reservation waited for; undefined when not given. */
    public readonly ownIngress!: pulumi.Output<IngressRef | undefined>;

    constructor(name: string, args: BalancerAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            balancerAssignmentProvider,
            name,
            {
                additionalBalancers: [],
                ...args,
                balancerName: undefined,
                dnsName: undefined,
                canonicalHostedZoneId: undefined,
                loadBalancerArn: undefined,
                source: undefined,
                rulesAtAssignment: undefined,
                warnings: undefined,
                creationWarnings: undefined,
                overwritableRecords: undefined,
                schemaVersion: undefined,
            },
            opts,
        );
    }
}
