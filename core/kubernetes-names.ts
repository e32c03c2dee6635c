/**
 * The DNS-1123 rules Kubernetes applies to names, checked where a name enters so that a typo fails
 * before any resource is registered. Each function returns the rule broken, or `undefined`.
 */

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_RULE = "lowercase letters, digits and '-', beginning and ending with a letter or digit";

/** Why `value` is not a DNS-1123 label (a namespace or Service name), or `undefined`. */
export function dnsLabelProblem(value: unknown): string | undefined {
    if (typeof value !== "string") {
        return `must be a string, got ${typeof value}`;
    }
    if (value.length > 63) {
        return `must be at most 63 characters (DNS-1123 label), got ${value.length}`;
    }
    return LABEL.test(value) ? undefined : `must be ${LABEL_RULE} (DNS-1123 label)`;
}

/** Why `value` is not a DNS-1123 subdomain (the name of an Ingress and most other objects), or `undefined`. */
export function dnsSubdomainProblem(value: unknown): string | undefined {
    if (typeof value !== "string") {
        return `must be a string, got ${typeof value}`;
    }
    if (value.length > 253) {
        return `must be at most 253 characters (DNS-1123 subdomain), got ${value.length}`;
    }
    return value.split(".").every(label => LABEL.test(label))
        ? undefined
        : `must be dot-separated parts of ${LABEL_RULE} (DNS-1123 subdomain)`;
}
