/**
 * What one scope's Ingress adds to an ALB in every quota dimension, estimated the way the Load Balancer Controller
 * builds it, given what the ALB already carries and what ACM holds. Pure. Biased to never under-count.
 */
import { CatalogCertificate, discoverCertificates } from "./certificate-matching";
import { Usage } from "./quota-dimensions";
import { ListenPort, estimateListenerRules } from "./rule-estimate";

/** What a scope's Ingress asks for: everything its usage depends on. */
export interface ScopeShape {
    /** Its rule hosts (the TLS hosts too, when they differ). */
    hosts: readonly string[];
    /** Paths per host. */
    pathCount: number;
    /**
     * Distinct backend Service ports across its rules and default backend: the controller builds one target group
     * per Ingress, Service and port (`buildTargetGroupResourceID` in pkg/ingress/model_build_target_group.go keys them
     * by the Ingress's namespace/name, the Service and the port), so no other Ingress shares them. A `ScopeIngress`: 1.
     */
    servicePorts: number;
    /** Its listeners (`listen-ports`). */
    listenPorts: readonly ListenPort[];
    /** Its `ssl-redirect` port, when set. */
    sslRedirectPort?: number;
    /** The certificates named by its `certificate-arn` annotation; when given, nothing is discovered in ACM. */
    certificateArns?: readonly string[];
}

/** One listener an ALB has, with every certificate on it (the default one included): what a scope may reuse. */
export interface CarriedListener {
    port?: number;
    protocol?: string;
    /** Every certificate ARN on it, the default one included; absent when not known. */
    certificates?: readonly string[];
}

/** What the estimate says, and what it could not know. */
export interface ScopeUsageEstimate {
    usage: Usage;
    /** Hosts for which ACM holds no ISSUED certificate: the controller fails to reconcile such an Ingress. */
    unmatchedHosts: string[];
    /** Set when ACM could not be read and no `certificate-arn` was given: each host was counted as one certificate. */
    certificatesAssumed?: true;
}

/**
 * What `scope` adds to an ALB carrying `listeners` (none for an ALB that does not exist yet), with `catalog` the
 * account's ISSUED ACM certificates (undefined when ACM could not be read):
 * - rules: hosts x paths on every rule-carrying listener ({@link estimateListenerRules});
 * - target groups: its distinct Service ports (never shared: see {@link ScopeShape.servicePorts});
 * - listeners: its listen ports the ALB has no listener on yet (the controller keys listeners by port);
 * - certificates: on each of its HTTPS ports, the certificates it brings that the listener on that port does not
 *   carry yet. It brings those named by `certificate-arn` (computeIngressExplicitTLSCertARNs), else every ISSUED
 *   certificate matching one of its hosts (computeIngressInferredTLSCertARNs, acmCertDiscovery.Discover: all matches
 *   per host, wildcards one level deep). A wildcard the listener carries already costs nothing. Without ACM each host
 *   counts as one certificate: an under-count only where ACM holds several certificates for one host (the controller
 *   attaches them all), which the fallback's warning covers by saying ACM could not be read. A new listener's first certificate becomes its default, which the quota does not
 *   count: counting it anyway over-counts by at most one per new HTTPS listener, never under-counts.
 */
export function estimateScopeUsage(
    scope: ScopeShape,
    listeners: readonly CarriedListener[] = [],
    catalog?: readonly CatalogCertificate[],
): ScopeUsageEstimate {
    const rules = estimateListenerRules({
        hostCount: new Set(scope.hosts).size,
        pathCount: scope.pathCount,
        listenPorts: scope.listenPorts,
        sslRedirectPort: scope.sslRedirectPort,
    });
    const ports = new Map(scope.listenPorts.map(l => [l.port, l.protocol]));
    const carried = new Map(listeners.filter(l => l.port !== undefined).map(l => [l.port!, l]));
    const newListeners = [...ports.keys()].filter(p => !carried.has(p)).length;
    const httpsPorts = [...ports].filter(([, protocol]) => protocol === "HTTPS").map(([port]) => port);
    let brought: string[] = [];
    let unmatchedHosts: string[] = [];
    let assumed = false;
    if (httpsPorts.length > 0) {
        if (scope.certificateArns !== undefined && scope.certificateArns.length > 0) {
            brought = [...new Set(scope.certificateArns)];
        } else if (catalog !== undefined) {
            const found = discoverCertificates(scope.hosts, catalog);
            brought = [...found.arns];
            unmatchedHosts = found.unmatchedHosts;
        } else {
            // Unknown certificates cannot be matched against the carried ones: one per host, never fewer.
            brought = [...new Set(scope.hosts)].map(host => `host:${host}`);
            assumed = true;
        }
    }
    const certificates = httpsPorts.reduce((sum, port) => {
        const on = new Set(carried.get(port)?.certificates ?? []);
        return sum + brought.filter(arn => !on.has(arn)).length;
    }, 0);
    return {
        usage: { rules, targetGroups: scope.servicePorts, certificates, listeners: newListeners },
        unmatchedHosts,
        ...(assumed && { certificatesAssumed: true as const }),
    };
}
