/** Looks up one ALB's address, and waits for an in-flight ALB to exist. */
import { DescribeLoadBalancersCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { AwsCallOptions, elbv2Client } from "./aws-clients";
import { errorText, isNotFound } from "./aws-errors";
import { BalancerAddress } from "../core/balancer-load";

/**
 * Looks up one ALB's address with a single DescribeLoadBalancers call; `undefined` when it does not exist.
 * Other errors (access denied, throttling after retries) are thrown as they are.
 */
export async function describeBalancerAddress(name: string, options: AwsCallOptions = {}): Promise<BalancerAddress | undefined> {
    const client = elbv2Client(options);
    try {
        const lb = (await client.send(new DescribeLoadBalancersCommand({ Names: [name] }))).LoadBalancers?.[0];
        return lb && { name, arn: lb.LoadBalancerArn!, dnsName: lb.DNSName!, canonicalHostedZoneId: lb.CanonicalHostedZoneId! };
    } catch (err) {
        if (isNotFound(err)) {
            return undefined;
        }
        throw err;
    }
}

/** How long to wait for an in-flight ALB to appear. */
export interface ArrivalOptions extends AwsCallOptions {
    /** Give up after this many seconds. Default 300. */
    timeoutSeconds?: number;
    /** Seconds between DescribeLoadBalancers polls. Default 10. */
    pollSeconds?: number;
}

/**
 * Waits until DescribeLoadBalancers shows `name`, then returns its address: an in-flight ALB chosen for a
 * scope must exist before the Route53 alias can be built from its DNS name. Bounded by `timeoutSeconds`.
 */
export async function waitForBalancer(name: string, options: ArrivalOptions = {}): Promise<BalancerAddress> {
    const timeoutMs = (options.timeoutSeconds ?? 300) * 1000;
    const pollMs = (options.pollSeconds ?? 10) * 1000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        let address;
        try {
            address = await describeBalancerAddress(name, options);
        } catch (err) {
            throw new Error(`ALB "${name}" was chosen while in flight, but looking it up failed: ${errorText(err)}`);
        }
        if (address) {
            return address;
        }
        if (Date.now() + pollMs > deadline) {
            throw new Error(`ALB "${name}" was chosen while in flight, but it did not appear within ${timeoutMs / 1000} s; ` +
                "check that the Load Balancer Controller is creating it, or take it out of the pool until it exists.");
        }
        await new Promise(resolve => setTimeout(resolve, pollMs));
    }
}
