/**
 * Listener rules one scope's Ingress adds to its ALB: one rule per host and path, on the HTTPS listener
 * only. The Ingress sets `ssl-redirect`, so the HTTP listener answers every request with its default
 * redirect action and carries no rules of this scope; default actions do not count toward the AWS
 * "rules per ALB" quota.
 */
export function estimateListenerRules(hostCount: number, pathCount: number): number {
    return hostCount * pathCount;
}
