/** Points a scope's Route53 aliases at an ALB, during a move, before the records' own update writes the same value. */
import { ChangeResourceRecordSetsCommand, RRType } from "@aws-sdk/client-route-53";
import { route53Client } from "./aws-clients";

/** Where the aliases go. */
export interface AliasTarget {
    /** The alias DNS name (`dualstack.` prefixed when the scope is dual-stack). */
    dnsName: string;
    /** The ALB's canonical hosted zone id. */
    zoneId: string;
}

/**
 * UPSERTs every record of `records` (`"A <hostname>"`, `"AAAA <hostname>"`, the scope's `aliasRecords`) in
 * `hostedZoneId` to alias `target`, as the component's records do (`evaluateTargetHealth: true`), in one change
 * batch so that every hostname switches at once. Idempotent: a rerun writes the same values.
 */
export async function switchAliases(
    hostedZoneId: string,
    records: readonly string[],
    target: AliasTarget,
    region?: string,
): Promise<void> {
    if (records.length === 0) {
        return;
    }
    const changes = records.map(record => {
        const [type, name] = record.split(" ");
        return {
            Action: "UPSERT" as const,
            ResourceRecordSet: {
                Name: name,
                Type: type as RRType,
                AliasTarget: { DNSName: target.dnsName, HostedZoneId: target.zoneId, EvaluateTargetHealth: true },
            },
        };
    });
    await route53Client({ region }).send(
        new ChangeResourceRecordSetsCommand({ HostedZoneId: hostedZoneId, ChangeBatch: { Changes: changes } }),
    );
}
