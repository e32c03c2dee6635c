import type { Visibility } from "./candidate-pool";
import type { PlacementReason } from "./placement";

/**
 * The property names of a `BalancerAssignment`: they show in `pulumi preview` diffs and in state, so
 * they are a contract. Only ever add to it; bump {@link SCHEMA_VERSION} when stored meaning changes.
 */

/** Version of the stored outputs; a newer provider reads every older version. */
export const SCHEMA_VERSION = 1;

/** Names the Ingress whose ALB annotation adopts an existing scope. */
export interface IngressRef {
    namespace: string;
    name: string;
}

/** Inputs of a `BalancerAssignment`, after `check` applied the defaults. */
export interface AssignmentInputs {
    region: string;
    visibility: Visibility;
    baseBalancer: string;
    additionalBalancers: string[];
    maxRules: number;
    expectedRules: number;
    strict: boolean;
    assumeMissingInFlight: boolean;
    domain?: string;
    hostedZoneId?: string;
    ingressRef?: IngressRef;
    pinnedBalancer?: string;
}

/** Where a stored assignment came from. */
export type AssignmentSource = "pinned" | "adopted-ingress" | "adopted-route53" | PlacementReason;

/** Outputs of a `BalancerAssignment`: every input, plus the one stored choice. */
export interface AssignmentOutputs extends AssignmentInputs {
    /** The ALB this scope lives on; chosen at create, kept by every later read and update. */
    balancerName: string;
    /** The ALB's DNS name: the Route53 alias target. */
    dnsName: string;
    /** The ALB's canonical hosted zone id: the Route53 alias zone. */
    canonicalHostedZoneId: string;
    loadBalancerArn: string;
    source: AssignmentSource;
    /** Rules on the ALB when it was assigned, or -1 when unknown. */
    rulesAtAssignment: number;
    /** Messages for the user, logged by the component on every deployment. */
    warnings: string[];
    schemaVersion: number;
}
