/**
 * Which ACM certificates the Load Balancer Controller attaches for a set of hosts, as its cert discovery does
 * (kubernetes-sigs/aws-load-balancer-controller pkg/certs/cert_discovery.go). Pure.
 */

/** One ISSUED certificate of the account's ACM, with every domain it names (its subject alternative names). */
export interface CatalogCertificate {
    arn: string;
    domains: readonly string[];
}

/**
 * `domainMatchesHost` of the controller: a wildcard domain `*.a.b` matches a host with the same number of labels
 * and the same labels after the first (one level only); any other domain matches only the same host.
 */
export function domainMatchesHost(domain: string, host: string): boolean {
    if (domain.startsWith("*.")) {
        const ds = domain.split(".");
        const hs = host.split(".");
        return ds.length === hs.length && ds.slice(1).every((label, i) => label === hs[i + 1]);
    }
    return domain === host;
}

/**
 * The certificates the controller discovers for `hosts` (`acmCertDiscovery.Discover`): for each host, every
 * certificate one of whose domains matches it (all of them, not the first), unioned over the hosts. Hosts that no
 * certificate matches are returned apart: the controller fails the Ingress's reconcile on them ("no certificate
 * found for host").
 */
export function discoverCertificates(
    hosts: Iterable<string>,
    catalog: readonly CatalogCertificate[],
): { arns: Set<string>; unmatchedHosts: string[] } {
    const arns = new Set<string>();
    const unmatchedHosts: string[] = [];
    for (const host of new Set(hosts)) {
        const matching = catalog.filter(c => c.domains.some(d => domainMatchesHost(d, host)));
        if (matching.length === 0) {
            unmatchedHosts.push(host);
        }
        for (const c of matching) {
            arns.add(c.arn);
        }
    }
    return { arns, unmatchedHosts };
}
