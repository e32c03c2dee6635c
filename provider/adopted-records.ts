/** Which of an adopted scope's Route53 records it may overwrite: those found already aliasing its ALB. */
import type { AssignmentInputs } from "../core/assignment-contract";
import type { AwsCallOptions } from "./aws-clients";
import { errorText } from "./aws-errors";
import { hostnameProblem } from "../core/hostname";
import { comparableDnsName, findRecord, route53LookupAdvice } from "./route53-alias-lookup";

/** One entry of `aliasRecords`, parsed. */
export interface AliasRecord {
    type: "A" | "AAAA";
    name: string;
}

/** The record `value` ("A checkout.apps.example.com") names, or the rule it breaks. */
export function parseAliasRecord(value: unknown): AliasRecord | string {
    const match = typeof value === "string" ? /^(A|AAAA) (\S+)$/.exec(value) : null;
    if (!match) {
        return 'is not "A <hostname>" or "AAAA <hostname>"';
    }
    return hostnameProblem(match[2]) ?? { type: match[1] as AliasRecord["type"], name: match[2] };
}

/** What the look-ups found: the records that may be overwritten, and a warning per record that will not be. */
export interface AdoptedRecords {
    overwritable: string[];
    warnings: string[];
}

/**
 * Looks up each of `inputs.aliasRecords` (one `ListResourceRecordSets` jump per record) and returns those
 * that already alias the adopted ALB `adopted` (`dnsName`): only there is an overwrite (Route53 UPSERT) a
 * no-op rather than taking over another owner's record. A record that exists but aliases something else,
 * or belongs to a routing-policy set, gets a warning: its create will fail. A failed look-up fails the
 * create, since the list is written once and never looked at again.
 */
export async function checkAdoptedRecords(
    inputs: AssignmentInputs,
    adopted: { balancerName: string; dnsName: string },
    aws: AwsCallOptions,
): Promise<AdoptedRecords> {
    const found: AdoptedRecords = { overwritable: [], warnings: [] };
    const zone = inputs.hostedZoneId;
    if (zone === undefined) {
        return found;
    }
    for (const entry of inputs.aliasRecords ?? []) {
        const record = parseAliasRecord(entry);
        if (typeof record === "string") {
            continue; // Check refused it already; nothing of it is created.
        }
        let existing;
        try {
            existing = await findRecord(zone, record.name, record.type, aws);
        } catch (err) {
            throw new Error(
                `aliasRecords: looking up Route53 record "${entry}" in zone ${zone} failed: ${errorText(err)}. ` +
                    `${route53LookupAdvice(err, zone)} and run the deployment again.`,
                { cause: err },
            );
        }
        if (existing === undefined) {
            continue;
        }
        const where = `Route53 record "${entry}" in zone ${zone}`;
        const fix = `If it is stale, delete it; if it serves something else, remove ${record.name} from this scope or set dnsRecords: false; then run the deployment again.`;
        if (existing.setIdentifier !== undefined) {
            found.warnings.push(
                `${where} is a routing-policy record set (SetIdentifier "${existing.setIdentifier}"); this scope's simple alias record ` +
                    `cannot replace it, so creating it will fail. ${fix}`,
            );
        } else if (
            existing.aliasTarget !== undefined &&
            comparableDnsName(existing.aliasTarget) === comparableDnsName(adopted.dnsName)
        ) {
            found.overwritable.push(entry);
        } else {
            const target = existing.aliasTarget === undefined ? "its own values (not an alias)" : existing.aliasTarget;
            found.warnings.push(
                `${where} already exists and points at ${target}, not at ALB "${adopted.balancerName}" that this scope was adopted onto; ` +
                    `it is not overwritten, so creating it will fail (Route53: it already exists). ${fix}`,
            );
        }
    }
    return found;
}
