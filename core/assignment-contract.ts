/** The property names and meaning of a `BalancerAssignment`'s inputs and outputs: what state and previews show. */
import type { Visibility } from "./candidate-pool";
import type { PlacementReason } from "./placement";
import type { PoolReference } from "./pool-settings";
import type { Threshold } from "./quota-thresholds";
import type { ScopeShape } from "./scope-usage-estimate";

/**
 * The property names of a `BalancerAssignment`: they show in `pulumi preview` diffs and in state, so
 * they are a contract. Only ever add to it; bump {@link SCHEMA_VERSION} when stored meaning changes.
 */

/** Version of the stored outputs; a newer provider reads every older version. */
export const SCHEMA_VERSION = 1;

/** Names the Ingress whose ALB annotation adopts an existing scope. */
export interface IngressRef {
    /** The existing Ingress's namespace; required, since Ingress names are unique only within one. */
    namespace: string;
    /** The existing Ingress's name. Required. */
    name: string;
}

/** Inputs of a `BalancerAssignment`, after `check` applied the defaults. */
export interface AssignmentInputs {
    /** Region of the pool's ALBs. Required; a change replaces the assignment, since it is another pool. */
    region: string;
    /** Which pool, and the scheme every candidate must have. Required; a change replaces the assignment. */
    visibility: Visibility;
    /** First candidate, and the ALB a non-strict placement falls back to when none can be measured. Required. */
    baseBalancer: string;
    /** Candidates after the base, in preference order for ties. Default `[]`. */
    additionalBalancers: string[];
    /**
     * A scope fits on an ALB when `rules + expectedRules <= maxRules`; below the AWS quota of 100 to leave headroom. A
     * number is absolute; a percentage such as `"75%"` is that share of the account's quota (DescribeAccountLimits),
     * so a raised quota raises it. Default 75 (absolute).
     */
    maxRules: Threshold;
    /** The most target groups an ALB may carry, this scope's included: a number, or a share of the account's limit (100, not raisable). Default `"75%"`. */
    maxTargetGroups?: Threshold;
    /** The most certificates (default ones not counted) an ALB may carry: a number, or a share of the account's quota (25 by default). Default `"75%"`. */
    maxCertificates?: Threshold;
    /** The most listeners an ALB may carry: a number, or a share of the account's quota (50 by default). Default `"75%"`. */
    maxListeners?: Threshold;
    /**
     * What the scope's Ingress asks for (hosts, paths, Service ports, listen ports, ssl-redirect, certificate ARNs), from
     * which placement estimates its target groups, certificates and listeners on each candidate. Absent: the scope counts
     * as its `expectedRules` and one target group. A change is no change: it only matters at create. Default none.
     */
    scopeShape?: ScopeShape;
    /** Rules this scope's Ingress adds, reserved at placement so that scopes placed together do not overfill one ALB. Default 1. */
    expectedRules: number;
    /** Fail the create instead of falling back to the base ALB when no candidate can be measured. Default false. */
    strict: boolean;
    /** Count a pool ALB that does not exist yet as empty, and let a `provisioning` one be chosen, for pools created in the same deployment. Default false. */
    assumeMissingInFlight: boolean;
    /** The scope's hostname, whose existing Route53 alias adopts its ALB (with `hostedZoneId`). Default none. */
    domain?: string;
    /** The zone searched for `domain`'s alias. Default none. */
    hostedZoneId?: string;
    /** An existing Ingress whose `load-balancer-name` annotation adopts its ALB, checked before Route53. Default none. */
    ingressRef?: IngressRef;
    /** Move the scope to this ALB: the only input that ever changes an existing choice. Default none. */
    pinnedBalancer?: string;
    /**
     * The alias records the scope creates in `hostedZoneId`, as `"A <hostname>"` or `"AAAA <hostname>"`; an
     * adopted scope looks each up at create to learn which it may overwrite. A change is no change. Default none.
     */
    aliasRecords?: string[];
    /**
     * The namespace where placements record reservations in the cluster, so that every stack deploying into the
     * pool sees every other's placements and the cluster's Ingresses count as load. A DNS-1123 label. A change is
     * no change: it only matters at create. Default none: placements are coordinated within one deployment only.
     */
    coordinationNamespace?: string;
    /**
     * The scope's own Ingress: once the cluster lists it, its reservation stops counting (the Ingress counts
     * instead). Without it a reservation counts until it expires. A change is no change. Default none.
     */
    ownIngress?: IngressRef;
    /**
     * The `BalancerPool` the candidates belong to (its exported `pool`). With `coordinationNamespace`, members the
     * pool grew join the candidates and its `draining` members leave them, and when no member has room a pool
     * with a `namePrefix` below `maxMembers` grows by one member, agreed through the cluster, and the scope is
     * placed there (`source: grown`). A change is no change: it only matters at create. Default none: the
     * candidates are the named balancers, and a full pool fails the create.
     */
    pool?: PoolReference["pool"];
}

/**
 * Where a stored assignment came from: a pin, an adoption, a placement (see `PlacementReason`), or `grown`: the
 * pool was full, grew by one member, and the scope was placed on it (reserved in the cluster like a placement).
 */
export type AssignmentSource = "pinned" | "adopted-ingress" | "adopted-route53" | "grown" | PlacementReason;

/** Outputs of a `BalancerAssignment`: every input, plus the one stored choice. */
export interface AssignmentOutputs extends AssignmentInputs {
    /** The ALB this scope lives on; chosen at create, kept by every later read and update. */
    balancerName: string;
    /** The ALB's DNS name: the Route53 alias target. */
    dnsName: string;
    /** The ALB's canonical hosted zone id: the Route53 alias zone. */
    canonicalHostedZoneId: string;
    /** The ALB's ARN, refreshed with its address by `pulumi refresh`. */
    loadBalancerArn: string;
    /** How `balancerName` was chosen, so a preview or audit can tell adoption from placement. */
    source: AssignmentSource;
    /** Rules on the ALB when it was assigned, or -1 when unknown. */
    rulesAtAssignment: number;
    /** Messages for the user, logged by the component on every deployment: `creationWarnings`, then those of the last refresh or update. */
    warnings: string[];
    /**
     * The warnings about the chosen ALB from the create (or the last move), which every refresh and update
     * keeps in `warnings`. An adopted scope's warnings about its records concern their first create only.
     */
    creationWarnings: string[];
    /**
     * The `aliasRecords` an adopted scope found, at create, already aliasing its ALB: the only records the
     * component lets overwrite an existing one. `[]` when not adopted, and in state written before it.
     */
    overwritableRecords: string[];
    /** The {@link SCHEMA_VERSION} that wrote these outputs, so a newer provider knows which upgrades to apply. */
    schemaVersion: number;
}
