/**
 * Hostname rules shared by the Ingress (Kubernetes requires lowercase RFC 1123 hosts) and Route53.
 */

/** Returns the rule `host` breaks, or `undefined` for a valid lowercase hostname (a leading `*.` wildcard allowed). */
export function hostnameProblem(host: unknown): string | undefined {
    if (typeof host !== "string") {
        return `must be a string, got ${typeof host}`;
    }
    if (host.length === 0 || host.length > 253) {
        return `must be 1-253 characters long, got ${host.length}`;
    }
    // Kubernetes refuses an Ingress host that parses as an IP address (networking validation, validateIngressRules:
    // "must be a DNS name, not an IP address"); its parser reads IPv4 leniently, leading zeros included.
    if (isIPv4(host)) {
        return "is an IP address, but an Ingress host must be a DNS name (Kubernetes refuses IP addresses in Ingress rules), and a Route53 alias needs a name too";
    }
    const labels = (host.startsWith("*.") ? host.slice(2) : host).split(".");
    if (labels.length < 2) {
        return "must be a fully qualified name such as checkout.apps.example.com";
    }
    const bad = labels.find(l => !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(l));
    if (bad !== undefined) {
        return `has the label ${JSON.stringify(bad)}; each label must be 1-63 lowercase letters, digits or hyphens, not starting or ending with a hyphen (RFC 1123; Ingress hosts must be lowercase), and only a leading "*." wildcard is allowed`;
    }
    return undefined;
}

/** Whether `host` is a dotted IPv4 address as Kubernetes parses one (ParseIPSloppy); IPv6 has ":", which no label allows. */
function isIPv4(host: string): boolean {
    const parts = host.split(".");
    return parts.length === 4 && parts.every(part => /^[0-9]+$/.test(part) && Number(part) <= 255);
}

/**
 * Whether `host` is the zone's apex or a name below it, a leading `*.` label included; the zone's name is compared
 * without letter case or a trailing dot, as Route53 returns it either way.
 */
export function zoneContains(zoneName: string, host: string): boolean {
    const zone = zoneName.toLowerCase().replace(/\.$/, "");
    const name = host.toLowerCase().replace(/\.$/, "");
    return name === zone || name.endsWith(`.${zone}`);
}
