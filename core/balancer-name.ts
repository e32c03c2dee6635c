/**
 * AWS naming rules for an Application Load Balancer (`CreateLoadBalancer` `Name`), checked where a
 * name enters so that a typo is reported before any AWS call is made.
 */

const MAX_LENGTH = 32;

/**
 * Returns the AWS naming rule that `name` breaks, or `undefined` when it is a valid ALB name.
 */
export function balancerNameProblem(name: unknown): string | undefined {
    const rule = namingRuleBroken(name);
    return rule === undefined ? undefined : `is not a valid ALB name: it ${rule}`;
}

function namingRuleBroken(name: unknown): string | undefined {
    if (typeof name !== "string") {
        return `must be a string, got ${typeof name}`;
    }
    if (name.length < 1 || name.length > MAX_LENGTH) {
        return `must be 1-${MAX_LENGTH} characters long (AWS ALB name limit), got ${name.length}`;
    }
    if (!/^[A-Za-z0-9-]+$/.test(name)) {
        return "may contain only letters, digits and hyphens (AWS ALB naming rule)";
    }
    if (name.startsWith("-") || name.endsWith("-")) {
        return "must not begin or end with a hyphen (AWS ALB naming rule)";
    }
    if (name.toLowerCase().startsWith("internal-")) {
        return 'must not begin with "internal-" (AWS reserves it for internal ALB DNS names)';
    }
    return undefined;
}

/** What to do about a bad ALB name, wherever it was given. */
export const BALANCER_NAME_FIX = 'use the ALB\'s exact name, as "aws elbv2 describe-load-balancers" shows it';
