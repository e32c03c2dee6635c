/** Refuses, during the deployment, record hostnames outside their Route53 hosted zone, which would be created under another name. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { zoneContains } from "../core/hostname";

/**
 * `hostedZoneId`, once the zone's name is read and every hostname of `hosts` (the `domain`, then the
 * `additionalDomains`) is the zone's apex or below it. The AWS provider appends the zone's name to a record name
 * outside the zone, so `checkout.example.org` in `apps.example.com` would become
 * `checkout.example.org.apps.example.com` while the Ingress serves `checkout.example.org`. Otherwise the output
 * rejects with one `ResourceError` on `component` listing every such hostname, which fails every record that
 * takes it as its zone id and so the deployment (the preview too, whenever the zone id is known then).
 */
export function checkedHostedZoneId(
    component: pulumi.ComponentResource,
    componentName: string,
    hostedZoneId: pulumi.Input<string>,
    hosts: readonly string[],
): pulumi.Output<string> {
    // The component as parent gives the look-up the caller's aws provider, as it gives it the records.
    const zone = aws.route53.getZoneOutput({ zoneId: hostedZoneId }, { parent: component });
    return pulumi.all([hostedZoneId, zone.name]).apply(([zoneId, rawZoneName]) => {
        const zoneName = rawZoneName.replace(/\.$/, "");
        const problems = hosts.flatMap((host, i) =>
            zoneContains(zoneName, host)
                ? []
                : [
                      `${i === 0 ? "domain" : `additionalDomains[${i - 1}]`}: ${JSON.stringify(host)} is not in the hosted zone ${JSON.stringify(zoneName)} (${zoneId}): ` +
                          `the AWS provider would name its record ${JSON.stringify(`${host}.${zoneName}`)} while the Ingress serves ${JSON.stringify(host)}; ` +
                          `use a hostname ending in ${JSON.stringify(`.${zoneName}`)}, or give the hostnames of another zone their own ScopeIngress with that zone's hostedZoneId`,
                  ],
        );
        if (problems.length > 0) {
            throw new pulumi.ResourceError(
                `ScopeIngress ${JSON.stringify(componentName)} has hostnames outside its hosted zone:\n  ${problems.join("\n  ")}`,
                component,
                true,
            );
        }
        return zoneId;
    });
}
