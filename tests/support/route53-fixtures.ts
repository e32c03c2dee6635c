/** Creates hosted zones and records, alias records included, in moto for the adoption tests. */
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, Route53Client } from "@aws-sdk/client-route-53";

/** Creates a hosted zone in moto (directly, not through the fault proxy) and returns its id. */
export async function createZone(motoUrl: string, name: string): Promise<string> {
    const client = new Route53Client({ endpoint: motoUrl, region: "us-east-1" });
    const zone = await client.send(
        new CreateHostedZoneCommand({ Name: name, CallerReference: `${name}-${Date.now()}-${Math.random()}` }),
    );
    return zone.HostedZone!.Id!.replace("/hostedzone/", "");
}

/** Adds `count` plain A records named `filler-<i>.<zone>` so the zone is larger than a page. */
export async function addFillerRecords(motoUrl: string, zoneId: string, zone: string, count: number): Promise<void> {
    const client = new Route53Client({ endpoint: motoUrl, region: "us-east-1" });
    const changes = Array.from({ length: count }, (_, i) => ({
        Action: "CREATE" as const,
        ResourceRecordSet: {
            Name: `filler-${String(i).padStart(4, "0")}.${zone}`,
            Type: "A" as const,
            TTL: 60,
            ResourceRecords: [{ Value: "10.0.0.1" }],
        },
    }));
    await client.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: changes } }));
}

/** How an alias record differs from the scripts' plain A alias: its type, and a routing policy's identifier and weight. */
export interface AliasOptions {
    type?: "A" | "AAAA";
    setIdentifier?: string;
    weight?: number;
}

/** Adds an alias record for `name` pointing at `dnsName`: by default an A alias, as the original scripts wrote it. */
export async function addAlias(
    motoUrl: string,
    zoneId: string,
    name: string,
    dnsName: string,
    aliasZoneId: string,
    options: AliasOptions = {},
): Promise<void> {
    const client = new Route53Client({ endpoint: motoUrl, region: "us-east-1" });
    await client.send(
        new ChangeResourceRecordSetsCommand({
            HostedZoneId: zoneId,
            ChangeBatch: {
                Changes: [
                    {
                        Action: "CREATE",
                        ResourceRecordSet: {
                            Name: name,
                            Type: options.type ?? "A",
                            SetIdentifier: options.setIdentifier,
                            Weight: options.weight,
                            AliasTarget: { DNSName: dnsName, HostedZoneId: aliasZoneId, EvaluateTargetHealth: true },
                        },
                    },
                ],
            },
        }),
    );
}
