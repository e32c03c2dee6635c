/** The property names and meaning of a `ScopeCapacityCheck`'s inputs and outputs: what state and previews show. */
import type { IngressRef } from "./assignment-contract";
import type { Usage } from "./quota-dimensions";
import type { Threshold } from "./quota-thresholds";

/**
 * Inputs of a `ScopeCapacityCheck`, after `check` applied the defaults. Its outputs are the same values as last
 * checked: the stored `usage` is the "before" of the next growth. Only ever add to it: it is stored in state.
 */
export interface CapacityCheckInputs {
    /** Region of the scope's ALB. Required. */
    region: string;
    /** The ALB the scope lives on: its assignment's `balancerName`. Required. */
    balancerName: string;
    /** What the scope's Ingress uses of its ALB in every dimension. Required. */
    usage: Usage;
    /** The scope's hostnames, for the certificate estimate (which hosts need a certificate the ALB lacks). Default `[]`. */
    hosts: string[];
    /** The listener-rule threshold of the pool, as the assignment places with: a number, or a share of the account's limit (`"75%"`). Default 75. */
    maxRules: Threshold;
    /** The target-group threshold, as the assignment's `maxTargetGroups`. Default `"75%"`. */
    maxTargetGroups?: Threshold;
    /** The certificate threshold, as the assignment's `maxCertificates`. Default `"75%"`. */
    maxCertificates?: Threshold;
    /** The listener threshold, as the assignment's `maxListeners`. Default `"75%"`. */
    maxListeners?: Threshold;
    /** When set, the cluster's Ingresses and reservations in this namespace count as the ALB's load too. Default none. */
    coordinationNamespace?: string;
    /** The scope's own Ingress. Informational: its current rules are in the load once, which the growth builds on. Default none. */
    ownIngress?: IngressRef;
}
