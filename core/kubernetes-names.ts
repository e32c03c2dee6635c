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

const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const QUALIFIED_NAME_RULE = "1-63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit";

/**
 * Why `key` is not a Kubernetes qualified name (a label or annotation key), or `undefined`: an optional prefix that
 * is a DNS-1123 subdomain followed by "/", then a name of 1-63 letters, digits, '-', '_' or '.', beginning and ending with a
 * letter or digit (apimachinery IsQualifiedName).
 * The API server checks annotation keys lowercased, so pass those through `toLowerCase()` first.
 */
export function qualifiedNameProblem(key: unknown): string | undefined {
    if (typeof key !== "string") {
        return `it must be a string, got ${typeof key}`;
    }
    const parts = key.split("/");
    if (parts.length > 2) {
        return 'it has more than one "/": a key is an optional DNS subdomain prefix and "/", then a name, e.g. "example.com/team"';
    }
    const name = parts[parts.length - 1];
    if (parts.length === 2) {
        const prefix = parts[0];
        const problem = prefix.length === 0 ? "must not be empty" : dnsSubdomainProblem(prefix);
        if (problem !== undefined) {
            return `its prefix ${JSON.stringify(prefix)} ${problem}`;
        }
    }
    if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
        return (
            `its name ${JSON.stringify(name)} must be ${QUALIFIED_NAME_RULE}` +
            (name.length > 63 ? `, got ${name.length} characters` : "")
        );
    }
    return undefined;
}

/** Why `value` is not a Kubernetes label value (apimachinery IsValidLabelValue), or `undefined`: empty is allowed. */
export function labelValueProblem(value: unknown): string | undefined {
    if (typeof value !== "string") {
        return `must be a string, got ${value === null ? "null" : typeof value}`;
    }
    if (value.length > 63) {
        return `must be at most 63 characters (Kubernetes label value), got ${value.length}`;
    }
    return value === "" || QUALIFIED_NAME.test(value)
        ? undefined
        : "must be empty or letters, digits, '-', '_' and '.', beginning and ending with a letter or digit (Kubernetes label value)";
}
