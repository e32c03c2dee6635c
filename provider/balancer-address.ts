/** Looks up one ALB's address, and waits for an ALB chosen before it could serve to turn `active`. */
import { DescribeLoadBalancersCommand, LoadBalancer } from "@aws-sdk/client-elastic-load-balancing-v2";
import { AwsCallOptions, elbv2Client } from "./aws-clients";
import { errorText, isNotFound } from "./aws-errors";
import { BalancerAddress } from "../core/balancer-load";
import { BALANCER_STATES, stateReasonText } from "../core/balancer-state";

/**
 * Looks up one ALB's address with a single DescribeLoadBalancers call; `undefined` when it does not exist.
 * Other errors (access denied, throttling after retries) are thrown as they are.
 */
export async function describeBalancerAddress(
    name: string,
    options: AwsCallOptions = {},
): Promise<BalancerAddress | undefined> {
    const lb = await describeOne(name, options);
    return lb && addressOf(name, lb);
}

/** How long to wait for an ALB to turn active. */
export interface ArrivalOptions extends AwsCallOptions {
    /** Give up after this many seconds. Default 300. */
    timeoutSeconds?: number;
    /** Seconds between DescribeLoadBalancers polls. Default 10. */
    pollSeconds?: number;
}

/**
 * How a wait for an ALB ended: `active` with its address, or not, with the last state seen (`undefined`: it
 * never appeared) and AWS's reason. A `failed` ALB ends the wait at once: it never recovers.
 */
export type Arrival =
    | { active: true; address: BalancerAddress }
    | { active: false; state?: string; reason?: string; timeoutSeconds: number };

/**
 * Polls DescribeLoadBalancers until `name` exists and is `active`, it turns `failed`, or `timeoutSeconds`
 * pass. Lookup errors (access denied, throttling after retries) are thrown as they are.
 */
export async function awaitActive(name: string, options: ArrivalOptions = {}): Promise<Arrival> {
    const timeoutMs = (options.timeoutSeconds ?? 300) * 1000;
    const pollMs = (options.pollSeconds ?? 10) * 1000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const lb = await describeOne(name, options);
        const state = lb?.State?.Code;
        // An absent state is taken as active, as the placement policy takes it (AWS always reports one).
        if (lb && (state === undefined || state === BALANCER_STATES.active)) {
            return { active: true, address: addressOf(name, lb) };
        }
        if (state === BALANCER_STATES.failed || Date.now() + pollMs > deadline) {
            return { active: false, state, reason: lb?.State?.Reason, timeoutSeconds: timeoutMs / 1000 };
        }
        await new Promise(resolve => setTimeout(resolve, pollMs));
    }
}

/**
 * Waits until the ALB `name`, chosen while in flight (missing, or provisioning, in a pool with
 * `assumeMissingInFlight`), is `active`, then returns its address: the Route53 alias is built from its DNS
 * name, and the scope must not be pointed at an ALB that does not serve yet. Bounded by `timeoutSeconds`;
 * a `failed` ALB fails at once.
 */
export async function waitForBalancer(name: string, options: ArrivalOptions = {}): Promise<BalancerAddress> {
    let arrival: Arrival;
    try {
        arrival = await awaitActive(name, options);
    } catch (err) {
        throw new Error(`ALB "${name}" was chosen while in flight, but looking it up failed: ${errorText(err)}`, {
            cause: err,
        });
    }
    if (arrival.active) {
        return arrival.address;
    }
    const because = stateReasonText(arrival.reason);
    if (arrival.state === undefined) {
        throw new Error(
            `ALB "${name}" was chosen while in flight, but it did not appear within ${arrival.timeoutSeconds} s; ` +
                "check that the Load Balancer Controller is creating it, or take it out of the pool until it exists.",
        );
    }
    if (arrival.state === BALANCER_STATES.failed) {
        throw new Error(
            `ALB "${name}" was chosen while in flight, but its state turned failed${because}: AWS could not set it up and it will never serve; ` +
                "replace it or take it out of the pool, and run the deployment again.",
        );
    }
    throw new Error(
        `ALB "${name}" was chosen while in flight, but its state was still ${arrival.state}${because} after ${arrival.timeoutSeconds} s, ` +
            "not active; check the ALB in AWS (aws elbv2 describe-load-balancers --names " +
            name +
            "), or take it out of the pool until it is active.",
    );
}

async function describeOne(name: string, options: AwsCallOptions): Promise<LoadBalancer | undefined> {
    try {
        return (await elbv2Client(options).send(new DescribeLoadBalancersCommand({ Names: [name] })))
            .LoadBalancers?.[0];
    } catch (err) {
        if (isNotFound(err)) {
            return undefined;
        }
        throw err;
    }
}

function addressOf(name: string, lb: LoadBalancer): BalancerAddress {
    return { name, arn: lb.LoadBalancerArn!, dnsName: lb.DNSName!, canonicalHostedZoneId: lb.CanonicalHostedZoneId! };
}
