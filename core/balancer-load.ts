/** What a measurement of the pool says about each ALB: its address, load, and whether it could be measured at all. */

/** What an alias record and an Ingress need to know about an ALB. */
export interface BalancerAddress {
    name: string;
    arn: string;
    /** The ALB's DNS name, the Route53 alias target. */
    dnsName: string;
    /** The ALB's canonical hosted zone id, the Route53 alias zone. */
    canonicalHostedZoneId: string;
}

/** Non-default rules on one listener. */
export interface ListenerLoad {
    arn: string;
    port?: number;
    protocol?: string;
    rules: number;
    /** Every certificate on an HTTPS listener (DescribeListenerCertificates), the default one first; absent on others. */
    certificates?: string[];
}

/** An ALB that was found and counted. */
export interface MeasuredBalancer extends BalancerAddress {
    kind: "measured";
    scheme?: string;
    /** `application`, `network` or `gateway`: only an ALB can serve an Ingress. */
    type?: string;
    /** The AWS state code: `active`, `provisioning`, `active_impaired` or `failed` (see core/balancer-state.ts). */
    state?: string;
    /** AWS's description of the state, when it gives one (a failed ALB's cause). */
    stateReason?: string;
    /**
     * True when the ALB is `provisioning` and was measured with `assumeMissingInFlight`: like a missing ALB of
     * such a pool it may be chosen, and the create then waits until it is `active`.
     */
    inFlight?: boolean;
    /**
     * The Load Balancer Controller's `ingress.k8s.aws/stack` tag: the IngressGroup it built the ALB for (the
     * group name, or `namespace/name` of an Ingress without one); absent on an ALB the controller did not tag.
     */
    stackTag?: string;
    /** Non-default rules summed over every listener: what the AWS quota counts. */
    rules: number;
    listeners: ListenerLoad[];
    /** Target groups the ALB routes to (DescribeTargetGroups by LoadBalancerArn). Absent: not measured, counted as 0. */
    targetGroups?: number;
    /** Certificates on its HTTPS listeners, the default certificate of each not counted (as the quota does). Absent: 0. */
    certificates?: number;
}

/** An ALB that does not exist yet but is declared in flight (its controller is still provisioning it): counts as empty. */
export interface InFlightBalancer {
    kind: "in-flight";
    name: string;
    rules: 0;
}

/** An ALB that could not be measured. */
export interface FailedBalancer {
    kind: "failed";
    name: string;
    /** True when AWS says the ALB does not exist (`LoadBalancerNotFound`). */
    notFound: boolean;
    /** Why it could not be measured, with the AWS error code. */
    error: string;
}

/** The outcome of measuring one ALB. */
export type BalancerMeasurement = MeasuredBalancer | InFlightBalancer | FailedBalancer;

/**
 * The tag the Load Balancer Controller puts on every ALB it builds for Ingresses: the IngressGroup's stack id
 * (`defaultProvider.StackTags`, kubernetes-sigs/aws-load-balancer-controller pkg/deploy/tracking/provider.go).
 */
export const CONTROLLER_STACK_TAG = "ingress.k8s.aws/stack";
