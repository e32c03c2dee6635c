/** Builders of pool measurements for the placement tests: an ALB measured with a rule count, and one that could not be measured. */
import type { FailedBalancer, MeasuredBalancer } from "../../core/balancer-load";

/** An active ALB of `scheme` that was measured with `rules` non-default rules, all on its HTTPS:443 listener. */
export function measured(name: string, rules: number, scheme = "internet-facing"): MeasuredBalancer {
    return {
        kind: "measured",
        name,
        arn: `arn:${name}`,
        dnsName: `${name}.elb.example`,
        canonicalHostedZoneId: "Z1",
        scheme,
        state: "active",
        rules,
        listeners: [{ arn: `arn:${name}:443`, port: 443, protocol: "HTTPS", rules }],
    };
}

/** An ALB that could not be measured, for the reason `error`; `notFound` when AWS says it does not exist. */
export function failed(name: string, error = "AccessDenied: not allowed", notFound = false): FailedBalancer {
    return { kind: "failed", name, notFound, error };
}
