import { ListResourceRecordSetsCommand } from "@aws-sdk/client-route-53";
import { AwsCallOptions, route53Client } from "./aws-clients";
import { errorCode } from "./aws-errors";

/**
 * Finds the ALB an existing scope's DNS already points at: the target of the A alias record for `domain`.
 * Jumps straight to the record with StartRecordName/StartRecordType (one call, whatever the zone's size)
 * instead of scanning the zone. Returns `undefined` when there is no A alias for `domain`.
 */
export async function findAliasTarget(hostedZoneId: string, domain: string, options: AwsCallOptions = {}): Promise<string | undefined> {
    const client = route53Client(options);
    const page = await client.send(new ListResourceRecordSetsCommand({
        HostedZoneId: hostedZoneId.replace(/^\/hostedzone\//, ""),
        StartRecordName: domain,
        StartRecordType: "A",
        MaxItems: 1,
    }));
    const record = page.ResourceRecordSets?.[0];
    if (record?.Type !== "A" || recordName(record.Name ?? "") !== recordName(domain)) {
        return undefined;
    }
    return record.AliasTarget?.DNSName;
}

/** Route53 returns names with a trailing dot and `*` escaped as `\052`, in any letter case. */
function recordName(name: string): string {
    return name.replace(/\\052/g, "*").replace(/\.$/, "").toLowerCase();
}

/**
 * The form in which an alias target and an ALB's DNS name compare equal: lower case, no trailing dot, no
 * `dualstack.` prefix (Route53 adds it for dual-stack aliases; DescribeLoadBalancers never shows it).
 */
export function comparableDnsName(dnsName: string): string {
    return dnsName.toLowerCase().replace(/\.$/, "").replace(/^dualstack\./, "");
}

/**
 * The ALB name inside an ALB DNS name (`[internal-]<name>-<id>.<region>.elb.amazonaws.com`), or `undefined`
 * when the name does not have that shape (the alias points at something other than an ALB).
 */
export function balancerNameFromDnsName(dnsName: string): string | undefined {
    const comparable = comparableDnsName(dnsName);
    if (!/\.elb\.amazonaws\.com(\.cn)?$/.test(comparable)) {
        return undefined;
    }
    const match = /^(?:internal-)?(.+)-[a-z0-9]+$/.exec(comparable.split(".")[0]);
    return match?.[1];
}

/**
 * What to do about a failed `ListResourceRecordSets` of `hostedZoneId`, chosen by the error code: a wrong
 * zone id, a missing permission and throttling each have their own fix.
 */
export function route53LookupAdvice(err: unknown, hostedZoneId: string): string {
    switch (errorCode(err)) {
        case "NoSuchHostedZone":
            return `Check hostedZoneId: no hosted zone "${hostedZoneId}" is visible to these credentials; use the id of the zone that holds the scope's hostnames (aws.route53.Zone zoneId), in this AWS account`;
        case "AccessDenied":
        case "AccessDeniedException":
            return "Grant route53:ListResourceRecordSets on the zone (needed to adopt existing scopes)";
        case "Throttling":
        case "ThrottlingException":
        case "PriorRequestNotComplete":
            return "Route53 throttled the look-up (5 requests per second per account, shared by every deployment); deploy fewer stacks at once";
        case "InvalidInput":
            return "Check hostedZoneId and the hostname: Route53 refused them as input";
        default:
            return "Fix the cause (network, credentials, AWS_ENDPOINT_URL)";
    }
}
