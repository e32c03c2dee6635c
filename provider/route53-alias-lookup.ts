/** Reads the Route53 record of a hostname in one call, and recognises an ALB in an alias target. */
import { ListResourceRecordSetsCommand } from "@aws-sdk/client-route-53";
import { AwsCallOptions, route53Client } from "./aws-clients";
import { errorCode } from "./aws-errors";

/** The first existing record set of a name and type, as far as adoption needs it. */
export interface ExistingRecord {
    /** The alias target's DNS name; `undefined` for a record with values instead of an alias. */
    aliasTarget?: string;
    /**
     * Set on the members of a weighted, latency, failover, geolocation or multivalue set, which share one
     * name and type; a simple record has none, and Route53 allows no simple record beside such a set.
     */
    setIdentifier?: string;
}

/**
 * The record set of `name` and `type` in the zone, or `undefined` when there is none. Jumps straight to it
 * with StartRecordName/StartRecordType (one call, whatever the zone's size) instead of scanning the zone;
 * of a routing-policy set it returns the first member, whose `setIdentifier` says that it is one.
 */
export async function findRecord(
    hostedZoneId: string,
    name: string,
    type: "A" | "AAAA",
    options: AwsCallOptions = {},
): Promise<ExistingRecord | undefined> {
    const client = route53Client(options);
    const page = await client.send(
        new ListResourceRecordSetsCommand({
            HostedZoneId: hostedZoneId.replace(/^\/hostedzone\//, ""),
            StartRecordName: name,
            StartRecordType: type,
            MaxItems: 1,
        }),
    );
    const record = page.ResourceRecordSets?.[0];
    if (record?.Type !== type || recordName(record.Name ?? "") !== recordName(name)) {
        return undefined;
    }
    return { aliasTarget: record.AliasTarget?.DNSName, setIdentifier: record.SetIdentifier };
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
    return dnsName
        .toLowerCase()
        .replace(/\.$/, "")
        .replace(/^dualstack\./, "");
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
